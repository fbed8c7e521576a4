"""Laptops syncing through the regional store: the bundle merge engine, both ways, one transaction each.

The store is reached through the same Workspace API on either engine (``store_at`` below);
every test checks what each database holds afterwards, not what the sync said.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from factories import enrol, make_inspection

from inspector_app.bundles.importer import Cancelled
from inspector_app.bundles.sync import SyncConflicts, sync
from inspector_app.domain.enums import EvidenceSource, LegalStatus, Polarity, TeamRole
from inspector_app.services import Workspace, cases, evidence, open_workspace
from inspector_app.services.evidence import EvidenceFilter

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Amir A", "AA", TeamRole.TEAM)]


@pytest.fixture
def store_at(engine: str, tmp_path: Path, registry, request: pytest.FixtureRequest) -> str:
    """A regional store at head, empty: a fresh database on the tests' PostgreSQL server, or a SQLite file
    standing in for one (the same Workspace API either way)."""
    if engine == "postgresql":
        return str(request.getfixturevalue("store_url"))
    path = tmp_path / "store.sqlite"
    open_workspace(path, user="admin", registry=registry, create=True, plaintext=True).close()
    return str(path)


@pytest.fixture
def open_store(store_at: str, registry) -> Iterator[Callable[[str], Workspace]]:
    """The store as one person connects to it (their own name; on PostgreSQL, their own role)."""
    opened: list[Workspace] = []

    def connect(person: str) -> Workspace:
        store = open_workspace(store_at, user=person, registry=registry)
        opened.append(store)
        return store

    yield connect
    for store in opened:
        store.close()


def laptop(tmp_path: Path, person: str, registry) -> Workspace:
    return open_workspace(tmp_path / f"{person.split()[0].lower()}.sqlite", user=person, registry=registry,
                          create=True, plaintext=True)


def add(ws: Workspace, inspection_id: int, text: str, case_id: int | None = None):
    return evidence.add_evidence(ws, inspection_id, text=text, area_key="help_protection",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case_id,
                                 seen_on=date(2026, 3, 3))


def texts(ws: Workspace, inspection_id: int) -> list[str]:
    return sorted(e.text for e in evidence.find_evidence(ws, inspection_id))


def counts(ws: Workspace) -> dict[str, int]:
    """Rows in every table that a sync could touch: equal before and after means nothing changed."""
    from sqlalchemy import text

    tables = ["inspection", "evidence", "case_record", "tracking_note", "audit_event", "bundle_log", "tombstone",
              "known_version", "roster_member", "row_origin"]
    with ws.db.read_session() as session:
        return {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


def duplicates(ws: Workspace) -> list[str]:
    from sqlalchemy import text

    with ws.db.read_session() as session:
        return [t for t in ("evidence", "case_record", "tracking_note", "audit_event") if session.execute(
            text(f"SELECT count(*) - count(DISTINCT uuid) FROM {t}")).scalar_one()]


@pytest.fixture
def team(tmp_path, registry, open_store):
    """The lead creates the inspection, puts Amir on its roster and syncs; Amir's first sync pulls it."""
    lead = laptop(tmp_path, "Lena Lead", registry)
    amir = laptop(tmp_path, "Amir A", registry)
    info = make_inspection(lead, "ilacs@2023", team=TEAM)
    enrol(lead, info.id, amir)
    case = cases.add_case(lead, info.id, reference="NM-1", legal_status=LegalStatus.CHILD_PROTECTION)
    shared = add(lead, info.id, "Original wording of shared evidence.", case.id)
    sync(lead, open_store("Lena Lead"), info.id)
    result = sync(amir, open_store("Amir A"))
    [pulled] = result.inspections
    assert pulled.pulled.added > 0 and texts(amir, pulled.laptop_id) == ["Original wording of shared evidence."]
    yield lead, info.id, amir, pulled.laptop_id, shared
    lead.close()
    amir.close()


def test_two_laptops_sync_through_the_store_a_conflict_is_kept_then_settled(team, open_store):
    lead, lead_id, amir, amir_id, shared = team
    [amir_shared] = evidence.find_evidence(amir, amir_id, EvidenceFilter(query="Original wording"))
    evidence.update_evidence(lead, shared.id, text="Lena's edit of shared evidence.")
    evidence.update_evidence(amir, amir_shared.id, text="Amir's edit of shared evidence.")
    add(amir, amir_id, "Amir: supervision is reflective.")
    add(lead, lead_id, "Lena: leaders know their services.")

    first = sync(lead, open_store("Lena Lead"), lead_id)
    assert first.inspections[0].pushed.updated == 1 and first.inspections[0].pushed.added == 1
    with pytest.raises(SyncConflicts) as raised:
        sync(amir, open_store("Amir A"), amir_id)
    [conflict] = raised.value.conflicts
    assert conflict.uuid == shared.uuid
    assert conflict.local["text"] == "Amir's edit of shared evidence."  # shown from the laptop's side
    assert conflict.incoming["text"] == "Lena's edit of shared evidence."
    store = open_store("Store reader")
    store_id = team_store_id(store, shared.uuid)
    # kept: the store still holds Lena's version and nothing of Amir's push; Amir's laptop keeps his
    assert texts(store, store_id) == ["Lena's edit of shared evidence.", "Lena: leaders know their services."]
    assert "Amir's edit of shared evidence." in texts(amir, amir_id)

    settled = sync(amir, open_store("Amir A"), amir_id, decisions={shared.uuid: "both"})
    assert settled.inspections[0].pushed.kept_both == 1
    sync(lead, open_store("Lena Lead"), lead_id)
    expected = ["Amir's edit of shared evidence.", "Amir: supervision is reflective.",
                "Lena's edit of shared evidence.", "Lena: leaders know their services."]
    assert texts(amir, amir_id) == texts(lead, lead_id) == texts(store, store_id) == expected
    for db in (lead, amir, store):
        assert duplicates(db) == []


def team_store_id(store: Workspace, evidence_uuid: str) -> int:
    from sqlalchemy import select

    from inspector_app.storage.models import Evidence

    with store.db.read_session() as session:
        return session.scalars(select(Evidence.inspection_id).where(Evidence.uuid == evidence_uuid)).one()


def test_a_second_sync_changes_nothing_on_either_side(team, open_store):
    lead, lead_id, amir, amir_id, _shared = team
    add(amir, amir_id, "Amir: a new item.")
    add(lead, lead_id, "Lena: a new item.")

    def snapshot() -> dict[str, dict[str, int]]:
        return {"lead": counts(lead), "amir": counts(amir), "store": counts(open_store("x"))}

    for person, ws, inspection_id in (("Amir A", amir, amir_id), ("Lena Lead", lead, lead_id),
                                      ("Amir A", amir, amir_id)):
        sync(ws, open_store(person), inspection_id)
        before = snapshot()
        again = sync(ws, open_store(person), inspection_id)
        assert snapshot() == before
        assert again.inspections[0].describe().endswith("sent nothing new; received nothing new.")
    assert texts(lead, lead_id) == texts(amir, amir_id)


def test_a_cancelled_sync_leaves_that_step_undone_and_the_next_sync_finishes_it(team, open_store):
    lead, lead_id, amir, amir_id, _shared = team
    add(amir, amir_id, "Amir: sent after a cancel.")
    store_before = counts(open_store("x"))
    asked: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        asked.append(message)

    with pytest.raises(Cancelled):
        sync(amir, open_store("Amir A"), amir_id, progress=progress, cancelled=lambda: any(
            "sending: evidence" in m for m in asked))
    assert counts(open_store("x")) == store_before
    sync(amir, open_store("Amir A"), amir_id)
    sync(lead, open_store("Lena Lead"), lead_id)
    assert "Amir: sent after a cancel." in texts(lead, lead_id)


KILLER = textwrap.dedent("""
    import os, signal, sys
    from inspector_app.bundles.sync import sync
    from inspector_app.services import open_workspace

    laptop, store_at, inspection_id, when = sys.argv[1:]
    ws = open_workspace(laptop, user="Amir A")
    store = open_workspace(store_at, user="Amir A")

    def progress(fraction, message):
        if when in message:  # the process dies here, mid-transaction, as a pulled plug would
            os.kill(os.getpid(), signal.SIGKILL)

    sync(ws, store, int(inspection_id), progress=progress)
""")


@pytest.mark.parametrize("when", ["sending: evidence", "receiving: evidence"])
def test_a_sync_killed_mid_way_resumes_without_duplicating_or_losing_anything(team, open_store, store_at,
                                                                               tmp_path, when):
    lead, lead_id, amir, amir_id, _shared = team
    add(lead, lead_id, "Lena: in the store before Amir syncs.")
    sync(lead, open_store("Lena Lead"), lead_id)
    for n in range(30):
        add(amir, amir_id, f"Amir: item {n} written offline.")
    amir_path = amir.db.path
    amir.close()
    child = subprocess.run([sys.executable, "-c", KILLER, str(amir_path), store_at, str(amir_id), when],
                           capture_output=True, text=True, timeout=120, env={**os.environ})
    assert child.returncode == -9, child.stderr[-2000:]

    amir = open_workspace(amir_path, user="Amir A", registry=lead.registry)
    try:
        resumed = sync(amir, open_store("Amir A"), amir_id)
        sync(lead, open_store("Lena Lead"), lead_id)
        expected = sorted(["Original wording of shared evidence.", "Lena: in the store before Amir syncs.",
                           *(f"Amir: item {n} written offline." for n in range(30))])
        store = open_store("x")
        assert texts(amir, amir_id) == texts(lead, lead_id) == texts(store, team_store_id(store, _shared.uuid)) \
            == expected
        if when.startswith("sending"):
            assert resumed.inspections[0].pushed.added == 30  # the killed push left nothing behind
        else:
            assert resumed.inspections[0].pushed.added == 0  # the push had been committed before the kill
        for db in (lead, amir, store):
            assert duplicates(db) == []
    finally:
        amir.close()


# --- the command line: one clear line for each bad input, nothing changed here --------------------------

def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    from inspector_app.cli import run

    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint_of(path: Path) -> bytes:
    import hashlib

    return hashlib.sha256(path.read_bytes()).digest()


@pytest.fixture
def lone_laptop(tmp_path, registry) -> tuple[Path, int]:
    ws = laptop(tmp_path, "Lena Lead", registry)
    info = make_inspection(ws, "ilacs@2023", team=TEAM)
    add(ws, info.id, "Lena: the only item.")
    path = ws.db.path
    ws.close()
    return path, info.id


@pytest.mark.parametrize(("address", "says"), [
    ("postgresql://lena:s3cret-pw@store.example/inspections", "~/.pgpass"),
    ("postgresql://lena@store.example/inspections?password=s3cret-pw", "~/.pgpass"),
    ("mysql://lena@store.example/inspections", "starts with postgresql://"),
    ("/nowhere/store.sqlite", "There is no regional store at /nowhere/store.sqlite"),
])
def test_a_bad_store_address_is_one_line_and_nothing_changes(capsys, lone_laptop, address, says):
    from inspector_app.bundles import store_link

    path, inspection_id = lone_laptop
    before = fingerprint_of(path)
    code, out, err = run_cli(capsys, "sync", "--db", str(path), "--user", "Lena Lead", "--store", address)
    assert code == 1 and out == ""
    assert says in err and len(err.strip().splitlines()) == 1
    assert "s3cret-pw" not in err
    assert fingerprint_of(path) == before and store_link.saved_address() is None


def test_no_store_given_and_none_saved_is_one_line(capsys, lone_laptop):
    path, _ = lone_laptop
    code, _out, err = run_cli(capsys, "sync", "--db", str(path), "--user", "Lena Lead")
    assert code == 1 and "no regional store is set" in err and len(err.strip().splitlines()) == 1


def set_revision(store: str, revision: str) -> None:
    """Pretend the store was set up by another version of the app (its schema revision, nothing else)."""
    if store.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(store, autocommit=True) as con:
            con.execute("UPDATE alembic_version SET version_num = %s", (revision,))
        return
    from inspector_app.storage import cipher

    con = cipher.keyed_connect(Path(store), None)
    con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    con.commit()
    con.close()


def test_a_store_at_a_newer_schema_is_refused_in_one_line(capsys, lone_laptop, store_at):
    path, _ = lone_laptop
    set_revision(store_at, "ffffffffffff")
    before = fingerprint_of(path)
    code, _out, err = run_cli(capsys, "sync", "--db", str(path), "--user", "Lena Lead", "--store", store_at)
    assert code == 1 and "newer version of Inspector App" in err and len(err.strip().splitlines()) == 1
    assert fingerprint_of(path) == before


def test_a_store_at_an_older_schema_is_refused_not_migrated_by_a_laptop(capsys, lone_laptop, store_url):
    """Only the store's administrator migrates a server store (inspector-app store init); a laptop refuses."""
    import psycopg

    path, _ = lone_laptop
    set_revision(store_url, "3c28a29e2e21")
    before = fingerprint_of(path)
    code, _out, err = run_cli(capsys, "sync", "--db", str(path), "--user", "Lena Lead", "--store", store_url)
    assert code == 1 and "older" in err and len(err.strip().splitlines()) == 1
    assert fingerprint_of(path) == before
    with psycopg.connect(store_url) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("3c28a29e2e21",)
        assert con.execute("SELECT count(*) FROM inspection").fetchone() == (0,)


def test_the_command_syncs_remembers_the_store_and_stops_on_conflicts(capsys, team, open_store, store_at):
    from inspector_app.bundles import store_link

    lead, lead_id, amir, amir_id, shared = team
    [amir_shared] = evidence.find_evidence(amir, amir_id, EvidenceFilter(query="Original wording"))
    evidence.update_evidence(lead, shared.id, text="Lena's edit.")
    evidence.update_evidence(amir, amir_shared.id, text="Amir's edit.")
    lead_path, amir_path = lead.db.path, amir.db.path
    lead.close()
    amir.close()
    code, out, err = run_cli(capsys, "sync", "--db", str(lead_path), "--user", "Lena Lead", "--store", store_at)
    assert code == 0, err
    assert out.strip() == "Testshire: sent 0 added, 1 updated, 0 deleted; received only history."
    assert store_link.saved_address() == store_at
    code, out, err = run_cli(capsys, "sync", "--db", str(amir_path), "--user", "Amir A")  # the saved store
    assert code == 3 and out == ""
    assert "1 row changed both on this laptop and in the regional store" in err
    assert f"changed on both sides: evidence {shared.uuid[:8]}" in err
    code, out, err = run_cli(capsys, "sync", "--db", str(amir_path), "--user", "Amir A", "--on-conflict",
                             "keep-mine")
    assert code == 0, err
    store = open_store("x")
    assert texts(store, team_store_id(store, shared.uuid)) == ["Amir's edit."]


def test_a_server_that_goes_away_mid_sync_is_one_line_and_the_next_sync_finishes(engine, team, open_store, store_at,
                                                                              registry, request):
    """The server ends the connection in the middle of the push's transaction: one line, the store holds
    nothing of that push, the laptop is unchanged, and the next sync sends everything once."""
    from urllib.parse import urlsplit

    from inspector_app.bundles.sync import StoreUnreachable

    if engine != "postgresql":
        pytest.skip("a server going away is PostgreSQL's fault to test; a SQLite file has no server")
    pg_cluster, store_url = request.getfixturevalue("pg_cluster"), store_at

    lead, lead_id, amir, amir_id, shared = team
    for n in range(20):
        add(amir, amir_id, f"Amir: item {n} before the server went away.")
    database = urlsplit(store_url).path.lstrip("/")
    laptop_before, store_before = counts(amir), counts(open_store("x"))

    def progress(_fraction: float, message: str) -> None:
        if "sending: evidence" in message:
            with pg_cluster.connect() as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                              "AND pid <> pg_backend_pid()", (database,))

    with pytest.raises(StoreUnreachable) as raised:
        sync(amir, open_workspace(store_url, user="Amir A", registry=registry), amir_id, progress=progress)
    assert "stopped answering while sending" in str(raised.value) and "\n" not in str(raised.value)
    assert counts(amir) == laptop_before
    fresh = open_workspace(store_url, user="Amir A", registry=registry)
    try:
        assert counts(fresh) == store_before
        resumed = sync(amir, fresh, amir_id)
        assert resumed.inspections[0].pushed.added == 20
        assert sorted(texts(fresh, team_store_id(fresh, shared.uuid))) == texts(amir, amir_id)
        assert duplicates(fresh) == []
    finally:
        fresh.close()


def test_with_real_roles_the_server_decides_which_inspections_a_sync_reaches(store_url, pg_cluster, tmp_path,
                                                                             registry):
    """Each person syncs as their own PostgreSQL role under row-level security: Amir's sync reaches the
    lead's inspection only once the store's administrator has put his login on its store roster."""
    from contextlib import closing

    from inspector_app.services.regional_store import add_to_roster, grant_group, init_store

    with pg_cluster.connect() as admin:
        for login in ("sync_lena", "sync_amir"):
            if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone() is None:
                admin.execute(f'CREATE ROLE "{login}" LOGIN')
    init_store(store_url)
    for login in ("sync_lena", "sync_amir"):
        grant_group(store_url, login, "inspector")

    def as_role(login: str, person: str) -> Workspace:
        scheme, rest = store_url.split("://", 1)
        return open_workspace(f"{scheme}://{login}@{rest.split('@', 1)[1]}", user=person, registry=registry)

    lena, amir = laptop(tmp_path, "Lena Lead", registry), laptop(tmp_path, "Amir A", registry)
    try:
        info = make_inspection(lena, "ilacs@2023", team=TEAM)
        enrol(lena, info.id, amir)
        add(lena, info.id, "Lena: leaders know their services.")
        with closing(as_role("sync_lena", "Lena Lead")) as store:
            sync(lena, store, info.id)
        with closing(as_role("sync_amir", "Amir A")) as store:
            assert sync(amir, store).inspections == ()  # the server shows him nothing of it yet
        with closing(as_role("sync_lena", "Lena Lead")) as store:
            store_id = team_store_id(store, evidence.find_evidence(lena, info.id)[0].uuid)
        assert add_to_roster(store_url, "sync_amir", store_id) is True
        with closing(as_role("sync_amir", "Amir A")) as store:
            [pulled] = sync(amir, store).inspections
        add(amir, pulled.laptop_id, "Amir: supervision is reflective.")
        with closing(as_role("sync_amir", "Amir A")) as store:
            sync(amir, store, pulled.laptop_id)
        with closing(as_role("sync_lena", "Lena Lead")) as store:
            sync(lena, store, info.id)
        assert texts(lena, info.id) == texts(amir, pulled.laptop_id) == [
            "Amir: supervision is reflective.", "Lena: leaders know their services."]
    finally:
        lena.close()
        amir.close()

