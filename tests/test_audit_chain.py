"""A tamper-evident history: every way a test can get round the audit triggers is caught by ``check``,
which names the first event where the chain breaks; a purge's redaction is itself in the chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from factories import make_case, make_inspection
from sqlalchemy import create_engine, text

from inspector_app.cli import run
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace
from inspector_app.storage import audit_chain, migrations
from inspector_app.storage.integrity import check_file


@pytest.fixture
def trail(tmp_path, registry) -> Path:
    db = tmp_path / "work.sqlite"
    ws = open_workspace(db, user="Tess Tester", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws, authority="Chainshire")
    for n in range(6):
        evidence.add_evidence(ws, info.id, text=f"Item {n}", area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE)
    ws.close()
    return db


def _failed(db: Path) -> dict[str, str]:
    report = check_file(db, None)
    return {f.check: f.detail for f in report.findings if not f.ok}


def _raw(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db, isolation_level=None)  # another program with the key (here: no key needed)


def test_an_untouched_history_is_sound(trail):
    assert _failed(trail) == {}


def test_the_old_app_meta_flag_no_longer_opens_the_trail_and_is_reported(trail):
    con = _raw(trail)
    con.execute("INSERT INTO app_meta (key, value) VALUES ('audit_redaction', 'purge')")
    with pytest.raises(sqlite3.OperationalError):  # the trigger asks a function only the app has
        con.execute("UPDATE audit_event SET who = 'Mallory' WHERE id = 3")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("DELETE FROM audit_event WHERE id = 3")
    con.close()
    assert set(_failed(trail)) == {"no redaction flag left set"}


def test_dropping_a_trigger_and_editing_an_event_is_caught_at_that_event(trail):
    con = _raw(trail)
    con.execute("DROP TRIGGER audit_event_no_update")
    con.execute("UPDATE audit_event SET who = 'Mallory' WHERE id = 3")
    con.close()
    failed = _failed(trail)
    assert "audit_event_no_update is missing" in failed["history protection (triggers)"]
    assert failed["history chain"].startswith("broken at event 3 ")


def test_deleting_an_event_and_putting_the_trigger_back_exactly_is_caught(trail):
    con = _raw(trail)
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_event_no_delete'").fetchone()[0]
    con.execute("DROP TRIGGER audit_event_no_delete")
    con.execute("DELETE FROM audit_event WHERE id = 4")
    con.execute(sql)
    con.close()
    failed = _failed(trail)
    assert set(failed) == {"history chain"}
    assert failed["history chain"].startswith("broken at event 5 ")  # the first one whose link is gone


@pytest.mark.parametrize("trigger", [
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN 0 BEGIN SELECT 1; END",
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event WHEN NOT inspector_audit_redaction() "
    "OR 1 = 1 BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END"])
def test_a_redefined_trigger_is_caught(trail, trigger):
    con = _raw(trail)
    con.execute("DROP TRIGGER audit_event_no_update")
    con.execute(trigger)
    con.close()
    assert "audit_event_no_update was redefined" in _failed(trail)["history protection (triggers)"]


def test_an_added_trigger_is_caught(trail):
    con = _raw(trail)
    con.execute("CREATE TRIGGER audit_event_sneak AFTER INSERT ON audit_event BEGIN SELECT 1; END")
    con.close()
    assert "unknown trigger audit_event_sneak" in _failed(trail)["history protection (triggers)"]


def test_a_back_dated_insert_is_caught(trail):
    con = _raw(trail)
    new_id = con.execute("SELECT max(id) + 1 FROM audit_event").fetchone()[0]
    con.execute("INSERT INTO audit_event (uuid, at, received_at, who, entity, action, changes, changes_hash, "
                "chain_hash) VALUES ('back-dated', '2020-01-01 09:00:00.000000', '2020-01-01 09:00:00.000000', "
                "'Mallory', 'evidence', 'create', '{}', 'x', 'y')")
    con.close()
    assert _failed(trail)["history chain"].startswith(f"broken at event {new_id} ")


def test_a_back_dated_insert_with_a_forged_link_is_still_caught(trail):
    """Someone with the key and this code can forge the next link; a date in the past still shows."""
    con = _raw(trail)
    new_id = con.execute("SELECT max(id) + 1 FROM audit_event").fetchone()[0]
    previous = con.execute("SELECT chain_hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()[0]
    row = {"uuid": "forged", "at": "2020-01-01 09:00:00.000000", "received_at": "2020-01-01 09:00:00.000000",
           "who": "Mallory", "entity": "evidence", "action": "create", "changes": "{}",
           "changes_hash": audit_chain.changes_digest("{}")}
    row["chain_hash"] = audit_chain.link(previous, row)
    con.execute(f"INSERT INTO audit_event ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    con.close()
    failed = _failed(trail)
    assert "history chain" not in failed
    assert "back-dated" in failed["history in time order"]
    assert failed["history in time order"].startswith(f"event {new_id} ")


def test_an_update_through_a_look_alike_function_is_caught(trail):
    con = _raw(trail)
    con.create_function("inspector_audit_redaction", 0, lambda: 1)  # pretending to be the app's purge
    con.execute("""UPDATE audit_event SET changes = '{"text": "rewritten"}' WHERE id = 2""")
    con.execute("UPDATE audit_event SET action = 'restore' WHERE id = 6")
    con.close()
    failed = _failed(trail)
    assert failed["history edits"].startswith("event 2 ") and "no redaction recorded" in failed["history edits"]
    assert failed["history chain"].startswith("broken at event 6 ")


def test_a_purge_redacts_through_the_chain_and_check_stays_sound(tmp_path, registry, capsys):
    from inspector_app.domain.enums import InspectionStatus
    from inspector_app.services import cases
    from inspector_app.services.inspections import update_inspection
    from inspector_app.services.retention import purge_case_details

    db = tmp_path / "purge.sqlite"
    ws = open_workspace(db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws, authority="Purgeshire")
    case = make_case(ws, info.id, reference="CR-77120")
    cases.add_note(ws, case.id, "Seen with CR-77120's carer.")
    update_inspection(ws, info.id, status=InspectionStatus.PUBLISHED)
    done = purge_case_details(ws, info.id, confirm="Purgeshire")
    ws.close()
    assert done.events_redacted >= 1
    con = _raw(db)
    redaction = con.execute("SELECT changes FROM audit_event WHERE action = 'redact'").fetchone()
    con.close()
    assert redaction is not None and "retention" in redaction[0] and "CR-77120" not in redaction[0]
    assert _failed(db) == {}
    assert run(["check", "--db", str(db)]) == 0


def test_the_migration_chains_existing_events_and_clears_the_old_flag(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    from alembic.script import ScriptDirectory

    chain_revision = ScriptDirectory.from_config(migrations.alembic_config()).get_revision("dfb3d6bd0120")
    migrations.upgrade_to_head(engine, None, target=str(chain_revision.down_revision))  # the one before
    with engine.begin() as conn:
        for n in range(5):
            conn.execute(text(
                "INSERT INTO audit_event (uuid, at, received_at, who, entity, action, changes) VALUES "
                f"('e{n}', '2026-11-0{n + 1} 10:00:00.000000', '2026-11-0{n + 1} 10:00:00.000000', 'Ann', "
                """'evidence', 'create', '{"text": "item ' || :n || '"}')"""), {"n": n})
        conn.execute(text("INSERT INTO app_meta (key, value) VALUES ('audit_redaction', 'purge')"))
    engine.dispose()
    from inspector_app.storage.database import open_database

    open_database(path).close()
    report = check_file(path, None)
    assert {f.check: f.detail for f in report.findings if not f.ok} == {}
    chain = {f.check: f.detail for f in report.findings}["history chain"]
    assert chain == "all 5 events link up"


def test_events_from_a_bundle_join_the_local_chain_with_their_signer_stamp(tmp_path, registry):
    from inspector_app.bundles.export import export_bundle
    from inspector_app.bundles.importer import apply_import, plan_import, read_bundle

    alice = open_workspace(tmp_path / "alice.sqlite", user="Alice Inspector", registry=registry, create=True,
                           plaintext=True)
    info = make_inspection(alice)
    evidence.add_evidence(alice, info.id, text="Visits were purposeful.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    bundle = tmp_path / "alice.inspbundle"
    export_bundle(alice, info.id, bundle, recipient="lead")
    alice.close()
    lead_path = tmp_path / "lead.sqlite"
    lead = open_workspace(lead_path, user="Lena Lead", registry=registry, create=True, plaintext=True)
    make_inspection(lead, authority="Leadshire")  # the lead's own history comes first
    apply_import(lead, plan_import(lead, read_bundle(bundle)))
    lead.close()
    con = _raw(lead_path)
    carried = con.execute("SELECT count(*), count(brought_by) FROM audit_event "
                          "WHERE who = 'Alice Inspector'").fetchone()
    con.close()
    assert carried[0] >= 2 and carried[1] == carried[0]  # every imported event keeps who brought it
    assert _failed(lead_path) == {}
    con = _raw(lead_path)
    con.execute("DROP TRIGGER audit_event_no_update")
    con.execute("UPDATE audit_event SET brought_by = 'someone else' WHERE who = 'Alice Inspector'")
    con.close()
    assert "history chain" in _failed(lead_path)  # the stamp is covered by the chain
