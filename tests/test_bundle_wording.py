"""A bundle's export and its import preview count the same things in the same words, and name what a
merge would add, change or delete by kind, with the names History uses."""

from __future__ import annotations

from datetime import date

from factories import make_case, make_inspection

from inspector_app.bundles.export import export_bundle
from inspector_app.bundles.importer import plan_import, read_bundle
from inspector_app.bundles.wording import bundle_in_words, preview_groups, preview_in_words
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace


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
