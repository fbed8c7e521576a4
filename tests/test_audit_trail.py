"""The audit trail: every create, change and delete says who, when and what; it travels; it cannot be edited."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_case, make_inspection
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from inspector_app.bundles.export import export_bundle
from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.reports.export import export_pdf
from inspector_app.services import cases, evidence, open_workspace, trash
from inspector_app.services.audit_trail import HistoryFilter, count_history, inspection_history, item_history
from inspector_app.storage.database import StorageError
from inspector_app.storage.errors import Reason


def _evidence(ws, inspection_id, words, case_id=None):
    return evidence.add_evidence(ws, inspection_id, text=words, area_key="help_protection",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case_id,
                                 seen_on=date(2026, 3, 3))


def test_create_change_delete_and_undo_are_each_recorded_with_who_and_what(ws):
    info = make_inspection(ws)
    case = make_case(ws, info.id, reference="AT-1", initials="AB")
    item = _evidence(ws, info.id, "Plans were reviewed on time.", case_id=case.id)
    evidence.update_evidence(ws, item.id, text="Plans were reviewed on time and shared with the family.")
    ws.db.user = "Tariq Team"
    removed = trash.delete(ws, "case", case.id)  # takes its evidence link with it (set to none)
    trash.restore(ws, removed)

    history = item_history(ws, "evidence", item.id)
    assert [(e.action, e.who) for e in history] == [("create", "Tess Tester"), ("update", "Tess Tester")]
    assert history[0].changes["text"] == "Plans were reviewed on time."
    assert history[0].changes["case_uuid"]  # references are stored by UUID, meaningful on every laptop
    assert history[1].changes == {"text": ["Plans were reviewed on time.",
                                           "Plans were reviewed on time and shared with the family."]}
    assert "→" in history[1].summary
    case_history = [e for e in item_history(ws, "case", case.id) if e.entity == "case_record"]
    assert [(e.action, e.who) for e in case_history] == [
        ("create", "Tess Tester"), ("delete", "Tariq Team"), ("restore", "Tariq Team")]
    assert case_history[1].changes["reference"] == "AT-1"  # what was deleted, not just that something was
    assert all(e.at.tzinfo is not None for e in history)


def test_a_cases_history_includes_its_notes_and_audits_even_deleted_ones(ws):
    info = make_inspection(ws)
    case = make_case(ws, info.id, reference="AT-3")
    other = make_case(ws, info.id, reference="AT-4")
    kept = cases.add_note(ws, case.id, "Seen at school.")
    gone = cases.add_note(ws, case.id, "Written on the wrong case.")
    cases.add_note(ws, other.id, "Belongs to the other case.")
    cases.update_note(ws, kept.id, "Seen at school, alone.")
    cases.delete_note(ws, gone.id)
    history = item_history(ws, "case", case.id)
    assert [(e.entity, e.action) for e in history] == [
        ("case_record", "create"), ("tracking_note", "create"), ("tracking_note", "create"),
        ("tracking_note", "update"), ("tracking_note", "delete")]
    assert "Belongs to the other case." not in str([e.changes for e in history])


def test_inspection_history_is_newest_first_and_filters_by_person_action_and_words(ws):
    info = make_inspection(ws)
    case = make_case(ws, info.id, reference="AT-2")
    note = cases.add_note(ws, case.id, "Spoke to the team manager about the strategy meeting.")
    ws.db.user = "Lena Lead"
    cases.update_note(ws, note.id, "Spoke to the team manager about the delayed strategy meeting.")

    everything = inspection_history(ws, info.id)
    assert everything[0].action == "update" and everything[0].who == "Lena Lead"
    assert everything[-1].entity == "inspection" and everything[-1].action == "create"
    assert count_history(ws, info.id) == len(everything)
    assert [e.who for e in inspection_history(ws, info.id, HistoryFilter(who="Lena Lead"))] == ["Lena Lead"]
    assert {e.entity for e in inspection_history(ws, info.id, HistoryFilter(action="create"))} >= {
        "inspection", "team_member", "case_record", "tracking_note"}
    found = inspection_history(ws, info.id, HistoryFilter(text="delayed strategy"))
    assert [(e.entity, e.action) for e in found] == [("tracking_note", "update")]
    assert inspection_history(ws, info.id, offset=1, limit=1)[0] == everything[1]
    cases.add_note(ws, case.id, "The child’s wishes were recorded in the café.")
    accented = inspection_history(ws, info.id, HistoryFilter(text="child’s wishes were recorded in the café"))
    assert [e.entity for e in accented] == ["tracking_note"]  # stored as text, not \u escapes


def test_the_trail_cannot_be_changed_or_deleted(ws):
    info = make_inspection(ws)
    make_case(ws, info.id)
    for statement in ("UPDATE audit_event SET who = 'Someone else'", "DELETE FROM audit_event"):
        if ws.db.on_server:  # the guard trigger refuses it as a lack of rights, said in one line
            with pytest.raises(StorageError) as refused, ws.db.session() as session:
                session.execute(text(statement))
            assert refused.value.reason is Reason.NO_RIGHTS and "audit_event" not in str(refused.value)
            continue
        with pytest.raises(DatabaseError, match="audit trail cannot be changed"), ws.db.session() as session:
            session.execute(text(statement))
    assert {e.who for e in inspection_history(ws, info.id)} == {"Tess Tester"}


def test_exporting_a_document_is_recorded(ws, tmp_path):
    info = make_inspection(ws)
    export_pdf(ws, info.id, tmp_path / "draft.pdf")
    latest = inspection_history(ws, info.id)[0]
    assert (latest.action, latest.entity, latest.changes["file"]) == ("export", "report", "draft.pdf")


def test_the_trail_travels_in_bundles_once_with_the_merge_recorded(tmp_path, registry):
    alice = open_workspace(tmp_path / "alice.sqlite", user="Alice Inspector", registry=registry, create=True,
                           plaintext=True)
    info = make_inspection(alice)
    item = _evidence(alice, info.id, "Visits were purposeful.")
    evidence.update_evidence(alice, item.id, text="Visits were purposeful and regular.")
    bundle = tmp_path / "alice.inspbundle"
    export_bundle(alice, info.id, bundle, recipient="lead")

    lead = open_workspace(tmp_path / "lead.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True)
    for _ in range(2):  # importing the same bundle twice must not duplicate events
        plan = plan_import(lead, read_bundle(bundle))
        result = apply_import(lead, plan)
    local_id = evidence.find_evidence(lead, result.inspection_id)[0].id
    history = item_history(lead, "evidence", local_id)
    assert [(e.action, e.who) for e in history] == [("create", "Alice Inspector"), ("update", "Alice Inspector")]
    imports = inspection_history(lead, result.inspection_id, HistoryFilter(action="import"))
    assert len(imports) == 1 and imports[0].who == "Lena Lead" and "Alice Inspector" in imports[0].summary

    # The same evidence changed on both laptops: the lead's decision is recorded too.
    evidence.update_evidence(alice, item.id, text="Alice's later wording.")
    evidence.update_evidence(lead, local_id, text="The lead's wording.")
    export_bundle(alice, info.id, bundle, recipient="lead", since_last=True)
    plan = plan_import(lead, read_bundle(bundle))
    apply_import(lead, plan, default="mine")
    decisions = inspection_history(lead, result.inspection_id, HistoryFilter(action="merge"))
    assert [d.summary for d in decisions] == ["Conflict with Alice Inspector's bundle: kept mine"]
    assert [e.who for e in item_history(lead, "evidence", local_id)].count("Alice Inspector") == 3
    alice.close()
    lead.close()


def test_cli_prints_the_history_and_filters_it(tmp_path, capsys):
    import json

    from inspector_app.cli import run

    db = str(tmp_path / "cli.sqlite")
    assert run(["demo", "--no-encryption", "--db", db]) == 0
    capsys.readouterr()
    assert run(["history", "--db", db, "--inspection", "1", "--action", "import", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert events and {e["action"] for e in events} == {"import"}
    assert run(["history", "--db", db, "--inspection", "1", "--limit", "5"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 5 and all(line[:4].isdigit() for line in lines)
    # a search that matches nothing says so in one line (it printed nothing at all), without repeating it
    assert run(["history", "--db", db, "--inspection", "1", "--search", "zzqx-no-such-words"]) == 0
    out = capsys.readouterr().out
    assert out == "Nothing in this inspection's history matches the search and filters given.\n"


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path, capsys, monkeypatch):
    """``inspector-app history | head``: the closed pipe ended with "error: [Errno 32] Broken pipe"; now
    no message and 141, the status a shell reports for cat or grep stopped the same way."""
    import sys

    from inspector_app.cli import EXIT_PIPE, run

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            raise ValueError("no file behind it")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert run(["frameworks"]) == EXIT_PIPE == 141
    assert capsys.readouterr().err == ""


def test_history_names_areas_and_descriptors_as_the_framework_does(ws):
    from inspector_app.domain.enums import Grade
    from inspector_app.services import judgements

    info = make_inspection(ws)
    framework = ws.registry.by_uid("ilacs@2023")
    area = framework.area("help_protection")
    descriptor = area.descriptors[0]
    judgements.set_judgement(ws, info.id, "leaders", grade=Grade.GOOD)
    item = evidence.add_evidence(ws, info.id, text="Strategy meetings are timely.", area_key="help_protection",
                                 descriptors=[descriptor.key], polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))
    evidence.update_evidence(ws, item.id, descriptors=[], area_key="leaders")
    shown = [e.summary for e in inspection_history(ws, info.id)]
    every = " | ".join(shown)
    assert "“leaders”" not in every and "“help_protection”" not in every and descriptor.key not in every
    leaders = framework.area("leaders").short_name
    assert f"“{leaders}”" in every  # the judgement's creation names its area
    [change] = [s for s in shown if s.startswith("area")]
    assert change.startswith(f"area: “{area.short_name}” → “{leaders}”"), change
    assert "descriptors: “" + area.short_name in change and "→ (empty)" in change, change
    history = item_history(ws, "evidence", item.id)
    assert history[1].label_of("help_protection", "area_key") == area.short_name
