"""Retention after publication: purge what identifies children but keep the judgements; crypto-shred all."""

from __future__ import annotations

import os
from datetime import date

import pytest
from factories import make_case, make_inspection

from inspector_app.domain.enums import EvidenceSource, FindingKind, Grade, InspectionStatus, Polarity
from inspector_app.services import cases, evidence, findings, inspections, judgements, open_workspace
from inspector_app.services.audit_trail import HistoryFilter, inspection_history, item_history, judgement_history
from inspector_app.services.backups import check
from inspector_app.services.retention import (
    destroy_database,
    purge_case_details,
    purged_at,
    shredding_log,
)
from inspector_app.services.workspace import ValidationError
from inspector_app.storage import cipher
from inspector_app.storage.backups import create_backup, list_backups

REFERENCE, INITIALS = "RT-47113", "QZ"
NOTE = "Grandmother Wilhelmina Quarrington attends every core group"
SECRET = "a long passphrase for retention tests"


def _published_with_a_child(ws, authority="Retainshire", reference=REFERENCE, note=NOTE):
    info = make_inspection(ws, authority=authority)
    case = make_case(ws, info.id, reference=reference, initials=INITIALS)
    cases.add_note(ws, case.id, note)
    cases.update_note(ws, cases.list_notes(ws, case.id)[0].id, note + " and reviews.")
    item = evidence.add_evidence(ws, info.id, text=f"In {reference}, {INITIALS} was seen alone at every visit.",
                                 area_key="help_protection", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, case_id=case.id, seen_on=date(2026, 3, 3))
    evidence.add_attachment_bytes(ws, item.id, "plan-scan.pdf", b"%PDF scanned plan for " + reference.encode())
    judgements.set_judgement(ws, info.id, "help_protection", Grade.GOOD,
                             f"Children are seen and heard, as in {reference}.")
    findings.add_finding(ws, info.id, kind=FindingKind.STRENGTH, text="Children are seen alone.",
                         area_key="help_protection", evidence_ids=[item.id])
    return info, case, item


def _raw_bytes(ws) -> bytes:
    files = [ws.db.path, *ws.db.path.parent.glob(f"{ws.db.path.name}-*"),
             *(b.path for b in list_backups(ws.db.path))]
    return b"".join(p.read_bytes() for p in files if p.is_file())


def test_purge_needs_a_published_inspection_and_the_authority_typed(ws):
    info, _case, _item = _published_with_a_child(ws)
    with pytest.raises(ValidationError, match="Only a published inspection"):
        purge_case_details(ws, info.id, confirm="Retainshire")
    inspections.update_inspection(ws, info.id, status=InspectionStatus.PUBLISHED)
    with pytest.raises(ValidationError, match="Type the authority's name"):
        purge_case_details(ws, info.id, confirm="Somewhere else")
    assert purged_at(ws, info.id) is None
    assert cases.get_case(ws, _case.id).reference == REFERENCE  # nothing changed


def test_purge_removes_what_identifies_the_child_and_keeps_the_judgements(ws):
    info, case, item = _published_with_a_child(ws)
    _other, other_case, _ = _published_with_a_child(ws, authority="Keepshire", reference="KP-2",
                                                    note="Uncle Barnaby Fotheringay visits weekly")
    inspections.update_inspection(ws, info.id, status=InspectionStatus.PUBLISHED)
    on_file = not ws.db.on_server  # a store's backups, and what its disk keeps, are its operator's
    if on_file:
        create_backup(ws.db, "manual")
        assert REFERENCE.encode() in _raw_bytes(ws) and b"Wilhelmina" in _raw_bytes(ws)  # plain database: visible

    summary = purge_case_details(ws, info.id, confirm="retainshire")

    assert (summary.cases, summary.notes_removed, summary.attachments_removed) == (1, 1, 1)
    assert summary.backups_shredded >= 2 if on_file else summary.backups_shredded == 0
    purged = cases.get_case(ws, case.id)
    assert (purged.reference, purged.initials) == ("Child A", "")
    assert cases.list_notes(ws, case.id) == []
    assert evidence.get_evidence(ws, item.id).text == "In Child A, Child A was seen alone at every visit."
    assert evidence.list_attachments(ws, item.id) == []
    state = judgements.judgement_state(ws, info.id)
    assert state.grade("help_protection") is Grade.GOOD
    assert state.areas["help_protection"].rationale == "Children are seen and heard, as in Child A."
    [graded] = judgement_history(ws, info.id, "help_protection")  # kept, with the reference replaced
    assert graded.changes["grade"] == "good" and REFERENCE not in str(graded.changes)
    assert [f.text for f in findings.list_findings(ws, info.id)] == ["Children are seen alone."]
    # the history keeps who did what and when, but not what was written
    case_history = item_history(ws, "case", case.id)
    assert [e.action for e in case_history] == ["create"] and case_history[0].changes == {"redacted": True}
    assert case_history[0].summary == "Details removed by the retention purge"
    [event] = inspection_history(ws, info.id, HistoryFilter(action="purge"))
    assert event.who == "Tess Tester" and "1 case pseudonymised" in event.summary
    assert purged_at(ws, info.id) is not None
    # the other inspection is untouched
    assert cases.get_case(ws, other_case.id).reference == "KP-2"
    assert all(f.ok for f in check(ws)), [f for f in check(ws) if not f.ok]  # the chain still links up
    if not on_file:
        return
    # only the after-purge backup remains; the purged words are gone from the database and from the backups
    assert [b.reason for b in list_backups(ws.db.path)] == ["after-purge"]
    ws.db.close()
    remaining = b"".join(p.read_bytes() for p in [ws.db.path, *(b.path for b in list_backups(ws.db.path))])
    for purged_words in (REFERENCE.encode(), b"Wilhelmina", b"scanned plan for " + REFERENCE.encode()):
        assert purged_words not in remaining
    assert b"Fotheringay" in remaining and b"KP-2" in remaining  # the other inspection is still all there
    with pytest.raises(ValidationError, match="already been purged"):
        ws2 = open_workspace(ws.db.path, user="Tess Tester", create=True, plaintext=True)
        try:
            purge_case_details(ws2, info.id, confirm="Retainshire")
        finally:
            ws2.close()


def test_destroying_the_database_crypto_shreds_every_copy_and_logs_it(tmp_path, registry):
    path = tmp_path / "shred.sqlite"
    ws = open_workspace(path, user="Lena Lead", passphrase=SECRET, registry=registry, create=True)
    _published_with_a_child(ws)
    create_backup(ws.db, "manual")
    kept_copy = tmp_path / "copy-for-the-test.sqlite"
    kept_copy.write_bytes(list_backups(path)[0].path.read_bytes())
    with pytest.raises(ValidationError, match="DESTROY"):
        destroy_database(ws, confirm="destroy")

    record = destroy_database(ws, confirm="DESTROY", reason="retention period ended")

    assert [p.name for p in tmp_path.iterdir()] == [kept_copy.name]  # database, WAL and backups are gone
    assert record.method.startswith("crypto-shredded") and record.files >= 2
    assert record.inspections[0].startswith("Retainshire") and record.who == "Lena Lead"
    assert shredding_log()[-1] == record  # logged outside the database, which no longer exists
    from inspector_app.services.retention import KEY_MATERIAL_BYTES

    cipher.check_passphrase(kept_copy, SECRET)  # the copy opened before its key material was overwritten...
    overwritten = tmp_path / "overwritten.sqlite"
    overwritten.write_bytes(kept_copy.read_bytes())
    os.link(overwritten, kept_copy.with_suffix(".link"))  # a second name keeps the bytes after the unlink
    cipher.shred(overwritten, first_bytes=KEY_MATERIAL_BYTES)
    survivor = kept_copy.with_suffix(".link")
    assert survivor.read_bytes()[KEY_MATERIAL_BYTES:] == kept_copy.read_bytes()[KEY_MATERIAL_BYTES:]
    with pytest.raises((cipher.WrongPassphrase, cipher.NotADatabase)):
        cipher.check_passphrase(survivor, SECRET)  # ...and is noise after, though most of its bytes are intact


def test_cli_purge_and_destroy(tmp_path, capsys, registry):
    from inspector_app.cli import run

    db = tmp_path / "cli.sqlite"
    ws = open_workspace(db, registry=registry, create=True, plaintext=True)
    info, _case, _item = _published_with_a_child(ws)
    ws.close()
    assert run(["purge", "--db", str(db), "--inspection", str(info.id), "--confirm", "Retainshire"]) == 1
    assert "Only a published inspection" in capsys.readouterr().err
    ws = open_workspace(db, registry=registry, create=True, plaintext=True)
    inspections.update_inspection(ws, info.id, status=InspectionStatus.PUBLISHED)
    ws.close()
    assert run(["purge", "--db", str(db), "--inspection", str(info.id), "--confirm", "Retainshire"]) == 0
    assert "1 case pseudonymised" in capsys.readouterr().out
    assert run(["destroy", "--db", str(db)]) == 1
    assert db.exists()
    assert run(["destroy", "--db", str(db), "--confirm", "DESTROY", "--reason", "end of retention"]) == 0
    assert not db.exists() and "overwritten (not encrypted)" in capsys.readouterr().out
    assert shredding_log()[-1].reason == "end of retention"
