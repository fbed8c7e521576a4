"""A bundle's export and its import preview count the same things in the same words, and name what a
merge would add, change or delete by kind, with the names History uses."""

from __future__ import annotations

from datetime import date

from factories import make_case, make_inspection

from inspector_app.bundles.export import export_bundle
from inspector_app.bundles.importer import Change, ImportPlan, plan_import, read_bundle
from inspector_app.bundles.wording import (
    bundle_in_words,
    kind_count,
    kinds_in_words,
    preview_groups,
    preview_in_words,
)
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace
from inspector_app.services.workspace import Workspace


def test_export_and_preview_agree_and_the_preview_names_every_item(tmp_path, registry):
    alice = open_workspace(tmp_path / "alice.sqlite", user="Alice Inspector", registry=registry, create=True,
                           plaintext=True)
    info = make_inspection(alice)
    case = make_case(alice, info.id, reference="WB-0042")
    for words in ("Visits were purposeful.", "Plans were reviewed."):
        evidence.add_evidence(alice, info.id, text=words, area_key="help_protection", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE, case_id=case.id, seen_on=date(2026, 3, 3))
    summary = export_bundle(alice, info.id, tmp_path / "a.inspbundle", recipient="Lena Lead")
    said = bundle_in_words(summary.counts)
    items = sum(n for k, n in summary.counts.items() if k not in ("tombstones", "audit", "roster"))
    assert said.startswith(f"{items} items: ") and "2 evidence items" in said and "1 case" in said

    lead = open_workspace(tmp_path / "lead.sqlite", user="Lena Lead", registry=registry, create=True,
                          plaintext=True)
    plan = plan_import(lead, read_bundle(tmp_path / "a.inspbundle"))
    preview = preview_in_words(plan)
    assert preview.startswith(f"{items} items in the bundle: {items} to add")  # the same number, the same word
    groups = {g.heading: g for g in preview_groups(lead, plan)}
    added = groups["To add"]
    kinds = {k.heading: k.names for k in added.kinds}
    assert kinds["2 evidence items"] == ["“Visits were purposeful.”", "“Plans were reviewed.”"]
    assert kinds["1 case"] == ["“WB-0042”"]
    assert added.heading + ": " + added.summary == "To add: " + preview.split(" to add (")[1].split(")")[0]

    from inspector_app.bundles.importer import apply_import

    apply_import(lead, plan)
    again = plan_import(lead, read_bundle(tmp_path / "a.inspbundle"))
    assert preview_in_words(again).startswith(f"{items} items in the bundle: nothing to add or change; "
                                              f"{items} already here")
    alice.close()
    lead.close()


# -- the words alone, no database (fast enough for every mutant of bundles/wording.py) --------------------

def _plan(*changes: tuple[str, str, dict | None, dict | None], unchanged: int = 0,
          inspection: dict | None = None) -> ImportPlan:
    from types import SimpleNamespace

    bundle = SimpleNamespace(data={"inspection": [inspection] if inspection else []})
    return ImportPlan(bundle, "u-1", False,  # type: ignore[arg-type]
                      [Change(entity, f"u{n}", action, incoming, local)  # type: ignore[arg-type]
                       for n, (entity, action, incoming, local) in enumerate(changes)], unchanged)


def test_a_number_of_one_kind_reads_as_a_person_says_it():
    assert [kind_count("evidence", n) for n in (1, 12)] == ["1 evidence item", "12 evidence items"]
    assert [kind_count("case_record", n) for n in (1, 3)] == ["1 case", "3 cases"]
    assert kind_count("case_study", 2) == "2 case studies"
    assert kind_count("inspection", 1) == "1 inspection record"
    assert kind_count("moderation_session", 2) == "2 moderations"
    assert kind_count("recommendation_progress", 2) == "2 progress notes on recommendations"
    assert kind_count("recommendation_progress", 1) == "1 progress note on a recommendation"
    assert kind_count("odd_kind", 2) == "2 odd kinds"  # a kind without a label: its name, readable


def test_kinds_come_in_the_bundles_order_without_zeros_or_what_is_not_an_item():
    counts = {"judgement": 1, "tombstones": 2, "evidence": 12, "attachment": 0, "case_record": 3, "audit": 4}
    assert kinds_in_words(counts) == "3 cases, 12 evidence items, 1 judgement"
    assert kinds_in_words({"judgement": 1, "tracking_note": 2, "inspection": 1}) == (  # not by name: the tables'
        "1 inspection record, 2 tracking notes, 1 judgement")
    assert kinds_in_words({}) == ""


def test_what_an_exported_bundle_carries():
    assert bundle_in_words({"evidence": 12, "case_record": 3, "tombstones": 2, "audit": 20, "roster": 3}) == (
        "15 items: 3 cases, 12 evidence items; also 2 deletions, 20 history events and the team roster (3 people)")
    assert bundle_in_words({"evidence": 1, "tombstones": 1, "audit": 1, "roster": 1}) == (
        "1 item: 1 evidence item; also 1 deletion, 1 history event and the team roster (1 person)")
    assert bundle_in_words({"case_record": 2, "audit": 5}) == "2 items: 2 cases; also 5 history events"
    assert bundle_in_words({"tombstones": 2, "roster": 2}) == (
        "0 items: none changed; also 2 deletions and the team roster (2 people)")
    assert bundle_in_words({"audit": 0, "tombstones": 0, "roster": 0}) == "0 items: none changed"


def test_what_an_import_would_do_in_the_exports_words():
    plan = _plan(("evidence", "add", {}, None), ("case_record", "add", {}, None), ("evidence", "add", {}, None),
                 ("evidence", "conflict_deleted_here", {}, None), ("judgement", "update", {}, {}),
                 ("tracking_note", "conflict", {}, {}), ("evidence", "delete", None, {}),
                 ("case_record", "conflict_deleted_there", None, {}), unchanged=4)
    assert preview_in_words(plan) == (
        "10 items in the bundle: 4 to add (1 case, 3 evidence items), 1 to change (1 judgement), 1 changed on "
        "both laptops (1 tracking note); 4 already here (unchanged since this database last had them); "
        "2 deletions (1 case, 1 evidence item)")
    assert preview_in_words(_plan(("case_record", "add", {}, None), ("evidence", "delete", None, {}))) == (
        "1 item in the bundle: 1 to add (1 case); 1 deletion (1 evidence item)")
    assert preview_in_words(_plan(("judgement", "update", {}, {}), ("judgement", "update", {}, {}))) == (
        "2 items in the bundle: 2 to change (2 judgements)")
    assert preview_in_words(_plan()) == "0 items in the bundle: nothing to add or change"
    assert preview_in_words(_plan(unchanged=3)) == (
        "3 items in the bundle: nothing to add or change; 3 already here (unchanged since this database last had "
        "them)")


class _Ws:
    """Only what the preview's names need of a workspace: the frameworks."""

    framework_for = Workspace.framework_for

    def __init__(self, registry: object) -> None:
        self.registry = registry


def test_the_preview_lists_each_item_by_kind_as_history_names_it(registry):
    plan = _plan(("odd_kind", "add", {"reference": "Z-9"}, None), ("evidence", "add", {"text": "Seen."}, None),
                 ("tracking_note", "add", {"text": "Noted."}, None),
                 ("case_record", "add", {"reference": "WB-1", "_hash": "h"}, None),
                 ("case_record", "conflict_deleted_here", {}, None),
                 ("judgement", "update", {"area_key": "care_leavers"}, {"area_key": "leaders"}),
                 ("tracking_note", "conflict", None, {"text": "Ours."}),
                 ("evidence", "delete", None, {"_hash": "h", "text": "Gone."}),
                 inspection={"framework_id": "ilacs", "framework_version": "2023"})
    groups = preview_groups(_Ws(registry), plan)  # type: ignore[arg-type]
    shown = [(g.heading, g.summary, [(k.heading, k.names) for k in g.kinds]) for g in groups]
    assert shown == [
        ("To add", "2 cases, 1 tracking note, 1 evidence item",
         [("2 cases", ["“WB-1”", "case"]), ("1 tracking note", ["“Noted.”"]), ("1 evidence item", ["“Seen.”"]),
          ("1 odd kind", ["“Z-9”"])]),
        ("To change", "1 judgement", [("1 judgement", ["“Care leavers”"])]),
        ("Changed on both laptops", "1 tracking note", [("1 tracking note", ["“Ours.”"])]),
        ("To delete", "1 evidence item", [("1 evidence item", ["“Gone.”"])]),
    ]
    unknown = _plan(("judgement", "add", {"area_key": "care_leavers"}, None),
                    inspection={"framework_id": "ilacs", "framework_version": "1999"})
    assert preview_groups(_Ws(registry), unknown)[0].kinds[0].names == ["“care_leavers”"]  # no framework: its key
    assert preview_groups(_Ws(registry), _plan()) == []
    only_deleting = preview_groups(_Ws(registry), _plan(("evidence", "delete", None, {"text": "Gone."})))
    assert [(g.heading, g.summary) for g in only_deleting] == [("To delete", "1 evidence item")]  # after empty ones
