"""``inspector-app check`` and read-only opening on a PostgreSQL store: the same invariants, validation and
history chain as on a file (SQLite's integrity check has no equivalent, and the output says so), rows broken
behind the app's back by the owner reported, and a read-only store refusing writes in one line."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from factories import make_case, make_inspection
from pg import Cluster

from inspector_app.cli import run
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace
from inspector_app.services.regional_store import grant_group, init_store
from inspector_app.storage.database import StorageError
from inspector_app.storage.errors import Reason

INSPECTOR = "chk_amir"


def _as(url: str, login: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{login}@{rest.split('@', 1)[1]}"


def _dbname(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


@pytest.fixture
def store(store_url: str, pg_cluster: Cluster, registry) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A set-up store holding one inspection with a case and evidence, made by the inspector chk_amir."""
    with pg_cluster.connect() as conn:
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (INSPECTOR,)).fetchone() is None:
            conn.execute(f'CREATE ROLE "{INSPECTOR}" LOGIN')
    init_store(store_url)
    grant_group(store_url, INSPECTOR, "inspector")
    ws = open_workspace(_as(store_url, INSPECTOR), user="Lena Lead", registry=registry)
    try:
        info = make_inspection(ws, authority="Checkshire")
        case = make_case(ws, info.id, reference="CK-0001")
        evidence.add_evidence(ws, info.id, text="Visits are timely.", area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE, case_id=case.id)
    finally:
        ws.close()
    yield store_url


def _check(url: str, capsys, *extra: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code = run(["check", "--db", url, *extra])
    return code, capsys.readouterr().out


def test_check_on_a_sound_store_runs_the_same_checks_and_says_what_has_no_equivalent(store, capsys):
    code, out = _check(store, capsys)  # the owner sees every row and every event
    assert code == 0, out
    assert "n/a  file integrity: not applicable: PostgreSQL has no equivalent of SQLite's PRAGMA integrity_check" \
        in out
    for line in ("ok   case references are filled in and unique within each inspection",
                 "ok   history chain: all", "ok   history protection (triggers)",
                 "ok   every row keeps the app's rules"):
        assert line in out, out
    assert out.rstrip().endswith("The database is sound.")


def test_check_reports_rows_broken_behind_the_apps_back_by_the_owner(store, pg_cluster, capsys):
    with pg_cluster.connect(_dbname(store)) as conn:  # the owner, in psql: no app, no audit event
        conn.execute("UPDATE case_record SET reference = ''")
        conn.execute("SET session_replication_role = replica")  # a superuser can step past the audit guard
        conn.execute("UPDATE audit_event SET who = 'Someone else' WHERE id = (SELECT min(id) FROM audit_event)")
        conn.execute("SET session_replication_role = origin")
        conn.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_delete")
        conn.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
    code, out = _check(store, capsys)
    assert code == 1
    assert "FAIL case references are filled in and unique within each inspection: no: 1 exception" in out
    assert "FAIL history chain: broken at event" in out
    assert "FAIL history protection (triggers): audit_event_no_truncate is missing" in out
    assert "problems found. Tell the store's operator." in out and "pg_dump" in out
    assert "CK-0001" not in out and "SELECT" not in out


def test_an_inspector_checks_what_they_see_and_leaves_the_whole_chain_to_the_owner(store, capsys):
    code, out = _check(_as(store, INSPECTOR), capsys, "--read-only")
    assert code == 0, out
    assert "n/a  what was checked: only the inspections whose store roster names you" in out
    assert "n/a  history chain: not checked with your role" in out
    assert "ok   every evidence item belongs to an existing inspection" in out


def test_a_store_opened_read_only_refuses_writes_in_one_line(store, registry, capsys):
    url = _as(store, INSPECTOR)
    ws = open_workspace(url, user="Lena Lead", registry=registry, read_only=True)
    try:
        [info_id] = [i for i in evidence_inspections(ws)]
        before = evidence.evidence_ids(ws, info_id)
        with pytest.raises(StorageError) as refused:
            evidence.add_evidence(ws, info_id, text="Written while read-only.", area_key="leaders",
                                  polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
        assert refused.value.reason is Reason.READ_ONLY
        assert "read-only" in str(refused.value) and "\n" not in str(refused.value)
        assert evidence.evidence_ids(ws, info_id) == before
    finally:
        ws.close()
    assert run(["inspections", "--db", url, "--read-only"]) == 0
    assert "Checkshire" in capsys.readouterr().out
    assert run(["demo", "--db", url, "--read-only"]) == 1
    err = capsys.readouterr().err
    assert "cannot run with --read-only" in err and err.count("\n") == 1


def evidence_inspections(ws):  # type: ignore[no-untyped-def]
    from inspector_app.services import inspections

    return [i.id for i in inspections.list_inspections(ws)]
