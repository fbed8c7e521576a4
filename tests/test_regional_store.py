"""A regional PostgreSQL store: set-up, who sees what (enforced by the server), and every bad address or
fault said in one line. Real roles on a real server (tests/pg.py); nothing mocked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from factories import make_inspection
from pg import PASSWORD, PASSWORD_ROLE, Cluster
from sqlalchemy import text

from inspector_app.cli import run
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import Workspace, evidence, inspections, open_workspace
from inspector_app.services.regional_store import add_to_roster, grant_group, init_store, remove_from_roster
from inspector_app.services.workspace import NotFoundError, ValidationError
from inspector_app.storage.database import DatabaseOpenError, StorageError
from inspector_app.storage.errors import Reason

PEOPLE = {"amir": "inspector", "bea": "inspector", "quinn": "qa", "ada": "admin"}


def _one_line_without_secrets(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message
    for leak in ("SELECT", "INSERT", "UPDATE ", "DELETE ", PASSWORD, "psycopg"):
        assert leak not in message


@pytest.fixture(scope="module")
def logins(pg_cluster: Cluster) -> list[str]:
    """Login roles for real people (cluster-wide, so made once); trust on the local socket, as peer auth would."""
    with pg_cluster.connect() as conn:
        for login in PEOPLE:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone() is None:
                conn.execute(f'CREATE ROLE "{login}" LOGIN')
    return list(PEOPLE)


@pytest.fixture
def store(store_url: str, pg_cluster: Cluster, logins: list[str]) -> Iterator[str]:
    """A store set up by its owner, each person granted their group by the administrator ada."""
    ready = init_store(store_url)
    assert ready.tables_protected >= 25
    grant_group(store_url, "ada", "admin")
    for login, group in PEOPLE.items():
        if group != "admin":
            grant_group(_as(store_url, "ada"), login, group)  # an administrator manages the roles
    yield store_url


def _as(url: str, login: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{login}@{rest.split('@', 1)[1]}"


def _dbname(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def _open(url: str, login: str, registry) -> Workspace:  # type: ignore[no-untyped-def]
    return open_workspace(_as(url, login), user=login.title(), registry=registry)


def _add(ws: Workspace, inspection_id: int, words: str) -> int:
    return evidence.add_evidence(ws, inspection_id, text=words, area_key="help_protection",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE).id


def test_store_init_is_idempotent_and_makes_groups_and_policies(store, pg_cluster):
    again = init_store(store)  # after an upgrade, running it again covers new tables and changes nothing else
    assert again.groups_created == []
    with pg_cluster.connect(_dbname(store)) as conn:
        groups = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE 'inspector_app_%'")}
        protected = {r[0] for r in conn.execute("SELECT relname FROM pg_class WHERE relrowsecurity")}
    assert groups == {"inspector_app_inspectors", "inspector_app_qa", "inspector_app_admins"}
    assert {"inspection", "evidence", "case_record", "tracking_note", "attachment", "audit_event"} <= protected


def test_an_inspector_sees_and_changes_only_inspections_whose_roster_names_them(store, registry):
    amir = _open(store, "amir", registry)
    mine = make_inspection(amir, authority="Amirshire")  # its creator is put on its store roster
    item = _add(amir, mine.id, "Supervision is regular and reflective.")
    bea = _open(store, "bea", registry)
    try:
        assert [i.authority for i in inspections.list_inspections(bea)] == []
        with pytest.raises(ValidationError, match="does not exist"):  # as if it were not there at all
            evidence.get_evidence(bea, item)
        with bea.db.session() as session:  # the server filters the rows: the UPDATE finds nothing to change
            changed = session.execute(text("UPDATE evidence SET text = 'overwritten' WHERE id = :i"), {"i": item})
            assert changed.rowcount == 0
        with pytest.raises(NotFoundError):  # the service cannot find the inspection…
            _add(bea, mine.id, "Slipped in by someone not on the roster.")
        with pytest.raises(StorageError) as refused, bea.db.session() as session:  # …and the server refuses the row
            session.execute(text(
                "INSERT INTO evidence (uuid, created_at, updated_at, created_by, updated_by, inspection_id, text, "
                "source, seen_on, area_key, descriptors, polarity, tags) VALUES ('x1', now(), now(), 'b', 'b', :i, "
                "'Slipped in.', 'case_file', '2026-03-03', 'leaders', '[]', 'strength', '[]')"), {"i": mine.id})
        assert refused.value.reason is Reason.NO_RIGHTS
        _one_line_without_secrets(str(refused.value))
        assert evidence.get_evidence(amir, item).text == "Supervision is regular and reflective."

        ada = _open(store, "ada", registry)
        try:  # the administrator puts bea on the roster: now she can work on it
            assert add_to_roster(_as(store, "ada"), "bea", mine.id) is True
        finally:
            ada.close()
        assert [i.authority for i in inspections.list_inspections(bea)] == ["Amirshire"]
        with bea.db.session() as session:  # the server now lets her write it (the app's own team roster aside)
            changed = session.execute(text("UPDATE evidence SET text = 'Supervision is recorded.' WHERE id = :i"),
                                      {"i": item})
            assert changed.rowcount == 1
        assert evidence.get_evidence(amir, item).text == "Supervision is recorded."

        ada = _open(store, "ada", registry)
        try:  # and takes her off again: the server hides it from her once more, and says so when repeated
            assert remove_from_roster(_as(store, "ada"), "bea", mine.id) is True
            assert remove_from_roster(_as(store, "ada"), "bea", mine.id) is False
        finally:
            ada.close()
        assert inspections.list_inspections(bea) == []
        assert evidence.get_evidence(amir, item).text == "Supervision is recorded."
    finally:
        bea.close()
        amir.close()


def test_a_qa_reviewer_reads_every_inspection_and_writes_nothing(store, registry, pg_cluster):
    amir = _open(store, "amir", registry)
    mine = make_inspection(amir, authority="Reviewshire")
    item = _add(amir, mine.id, "Plans are specific and reviewed.")
    amir.close()
    quinn = _open(store, "quinn", registry)
    try:
        assert "Reviewshire" in [i.authority for i in inspections.list_inspections(quinn)]
        assert evidence.get_evidence(quinn, item).text == "Plans are specific and reviewed."
        assert quinn.db.read_only  # a role that may not write is opened read-only, and the server holds to it
        with pytest.raises(StorageError) as refused, quinn.db.session() as session:
            session.execute(text("UPDATE evidence SET text = 'Changed by the reviewer.' WHERE id = :i"), {"i": item})
        assert refused.value.reason is Reason.READ_ONLY
        _one_line_without_secrets(str(refused.value))
    finally:
        quinn.close()
    with pg_cluster.connect(_dbname(store), user="quinn") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE evidence SET text = 'Changed by the reviewer.' WHERE id = %s", (item,))  # privileges too


@pytest.mark.parametrize("login", ["amir", "quinn", "ada", None])  # None: the store's owner (a superuser here)
def test_the_audit_table_refuses_update_and_delete_for_every_role(store, registry, login, pg_cluster):
    amir = _open(store, "amir", registry)
    make_inspection(amir, authority="Auditshire")
    amir.close()
    url = store if login is None else _as(store, login)
    ws = open_workspace(url, registry=registry)
    try:
        with ws.db.read_session() as session:
            before = session.execute(text("SELECT count(*), max(chain_hash) FROM audit_event")).one()
        assert before[0] > 0
        for statement in ("UPDATE audit_event SET who = 'Someone else'", "DELETE FROM audit_event",
                          "TRUNCATE audit_event"):
            if ws.db.read_only:  # a reviewer's or administrator's store opens read-only: the server is asked directly
                with pg_cluster.connect(_dbname(store), user=login) as conn, pytest.raises(
                        psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
                continue
            with pytest.raises(StorageError) as refused, ws.db.session() as session:
                session.execute(text(statement))
            assert refused.value.reason is Reason.NO_RIGHTS
        with ws.db.read_session() as session:
            assert session.execute(text("SELECT count(*), max(chain_hash) FROM audit_event")).one() == before
    finally:
        ws.close()


def test_the_chain_links_across_people_who_each_see_only_their_own_events(store, registry):
    from inspector_app.services.backups import check

    amir, bea = _open(store, "amir", registry), _open(store, "bea", registry)
    try:
        for person, shire in ((amir, "Firstshire"), (bea, "Secondshire"), (amir, "Thirdshire")):
            make_inspection(person, authority=shire)
    finally:
        amir.close()
        bea.close()
    owner = open_workspace(store, registry=registry)  # the owner sees every event: the one chain links up
    try:
        assert all(f.ok for f in check(owner)), [f for f in check(owner) if not f.ok]
    finally:
        owner.close()


# --- bad addresses and faults: one clear line each -----------------------------------------------------

@pytest.mark.parametrize(("url", "says"), [
    ("postgresql://amir:hunter2secret@localhost/region", "~/.pgpass"),
    ("postgresql://amir@db.region.example/region", "sslmode=verify-full"),
    ("postgresql://amir@db.region.example/region?sslmode=require", "sslmode=verify-full"),
    ("postgresql://amir@localhost:notaport/region", "not a number"),
    ("postgresql://amir@localhost/region?nosuchoption=1", "cannot be read"),
])
def test_a_bad_or_unsafe_address_is_refused_in_one_line_before_connecting(url, says, registry):
    with pytest.raises(DatabaseOpenError) as refused:
        open_workspace(url, registry=registry)
    assert refused.value.reason is Reason.BAD_ADDRESS and says in str(refused.value)
    _one_line_without_secrets(str(refused.value))
    assert "hunter2secret" not in str(refused.value)


@pytest.fixture
def password_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_cluster: Cluster) -> Path:
    path = tmp_path / "pgpass"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


def _write_password(path: Path, port: int, password: str) -> None:
    path.write_text(f"127.0.0.1:{port}:*:{PASSWORD_ROLE}:{password}\n")
    os.chmod(path, 0o600)


def test_passwords_come_from_the_password_file_and_a_refused_one_is_said_plainly(store, pg_cluster, password_file,
                                                                                registry):
    dbname = _dbname(store)
    url = pg_cluster.tcp_url(dbname)  # over TCP on loopback: the server asks for a password
    with pytest.raises(DatabaseOpenError) as missing:  # no password file yet
        open_workspace(url, registry=registry)
    assert missing.value.reason is Reason.LOGIN_REFUSED and "~/.pgpass" in str(missing.value)
    _write_password(password_file, pg_cluster.port, "not the password")
    with pytest.raises(DatabaseOpenError) as wrong:
        open_workspace(url, registry=registry)
    assert wrong.value.reason is Reason.LOGIN_REFUSED and "refused the password" in str(wrong.value)
    _one_line_without_secrets(str(wrong.value))
    _write_password(password_file, pg_cluster.port, PASSWORD)
    with pg_cluster.connect(dbname) as conn:
        conn.execute(f'GRANT inspector_app_inspectors TO "{PASSWORD_ROLE}"')
    ws = open_workspace(url, registry=registry)
    ws.close()


def test_no_server_no_database_and_no_role_are_each_one_line(pg_cluster, logins, registry):
    cases = [
        (f"postgresql://amir@/region?host=/nonexistent-folder&port={pg_cluster.port}", Reason.UNREACHABLE,
         "No store answers"),
        (pg_cluster.url("no_such_store", user="amir"), Reason.LOGIN_REFUSED, "would not let amir"),
        (pg_cluster.url("postgres", user="nobody_here"), Reason.LOGIN_REFUSED, "would not let nobody_here"),
    ]
    for url, reason, says in cases:
        with pytest.raises(DatabaseOpenError) as refused:
            open_workspace(url, registry=registry)
        assert refused.value.reason is reason and says in str(refused.value), str(refused.value)
        _one_line_without_secrets(str(refused.value))


def test_an_empty_store_is_refused_until_its_owner_sets_it_up(pg_cluster, registry):
    name = pg_cluster.new_database()
    try:
        with pytest.raises(DatabaseOpenError) as refused:
            open_workspace(pg_cluster.url(name), registry=registry)
        assert refused.value.reason is Reason.OLDER_VERSION and "store init" in str(refused.value)
    finally:
        pg_cluster.drop_database(name)


def test_a_role_without_rights_cannot_set_up_a_store(store, registry):
    with pytest.raises(DatabaseOpenError) as refused:
        init_store(_as(store, "amir"))
    assert refused.value.reason is Reason.NO_RIGHTS and "store's owner" in str(refused.value)
    _one_line_without_secrets(str(refused.value))


def test_a_server_that_goes_away_is_one_line_and_nothing_half_saved(store, pg_cluster, registry):
    ws = _open(store, "amir", registry)
    try:
        mine = make_inspection(ws, authority="Goneshire")
        dbname = _dbname(store)
        with pg_cluster.connect() as conn:  # the server drops every connection (a restart, a network cut)
            conn.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = %s "
                         "AND pid <> pg_backend_pid()", (dbname,))  # waits (up to 5 s) until each has gone
        with pytest.raises(StorageError) as lost:
            _add(ws, mine.id, "Written as the server went away.")
        assert lost.value.reason is Reason.UNREACHABLE
        _one_line_without_secrets(str(lost.value))
        assert evidence.evidence_ids(ws, mine.id) == []  # the pool reconnects; nothing was half saved
    finally:
        ws.close()


def test_the_cli_works_on_a_store_and_says_backups_are_the_operators(store, capsys):
    url = _as(store, "amir")
    assert run(["inspections", "--db", url]) == 0
    assert run(["backup", "create", "--db", url]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err and err.count("\n") == 1
    assert run(["store", "init", "postgresql://x:secret@localhost/region"]) == 1
    err = capsys.readouterr().err
    assert "~/.pgpass" in err and "secret" not in err
