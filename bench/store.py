"""The regional store at archive size: 1,000,000 evidence items across 200 inspections, on PostgreSQL
and on SQLite, each figure beside a baseline measured in the same run.

    python bench/store.py                          # 1M items; a throwaway PostgreSQL kept in bench/.cache/pg
    python bench/store.py --url postgresql://me@/bench?host=/run/postgresql   # an existing server instead
    python bench/store.py --items 20000 --repeat 1 # a quick run
    python bench/store.py --write docs/performance.md

The SQLite archive is bench/data.py's (generated once, cached). The PostgreSQL store is made from
it once, with the same migrations (``open_workspace(url, create=True)``) and then COPY, table by
table, with the evidence table's search indexes built after the load; it is kept (a database named
after the size) for the next run. Figures:

* open an inspection: its details and the first 200 evidence items as the Evidence view asks for
  them, against the bare query for the same rows;
* search as you type (p50, p95): the service over one inspection, against a bare query on the same
  index (FTS5 ``MATCH`` on SQLite, ``ILIKE`` answered by the ``pg_trgm`` GIN index on PostgreSQL);
* sync a 5,000-item inspection both ways (a laptop's push of a new inspection into the store, then a
  second laptop's pull of it), against the same move by a bundle file (export, then import).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import data  # noqa: E402
from measures import SHOWN, TYPED, Row, pct  # noqa: E402
from run import label_for, machine, table  # noqa: E402

from inspector_app.bundles.export import export_bundle  # noqa: E402
from inspector_app.bundles.importer import apply_import, plan_import, read_bundle  # noqa: E402
from inspector_app.bundles.sync import sync  # noqa: E402
from inspector_app.domain.enums import InspectionKind, TeamRole  # noqa: E402
from inspector_app.services import Workspace, evidence, identity, inspections, open_workspace, roster  # noqa: E402
from inspector_app.services.evidence import EvidenceFilter  # noqa: E402
from inspector_app.storage import bulk  # noqa: E402

PG_CACHE = data.CACHE / "pg"
SYNC_ITEMS = 5000
OPENED = 200  # evidence rows the Evidence view shows first
COPIED = ["inspection", "team_member", "previous_judgement", "case_record", "record_audit", "evidence",
          "judgement", "finding", "finding_evidence", "roster_member"]


def say(message: str, started: float) -> None:
    print(f"  [{time.perf_counter() - started:5.0f} s] {message}", file=sys.stderr, flush=True)


# --- a PostgreSQL server of our own, kept between runs ---------------------------------------------

def _pg_bin() -> Path:
    for version in ("17", "16", "15"):
        candidate = Path(f"/usr/lib/postgresql/{version}/bin")
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found is None:
        raise SystemExit("PostgreSQL is not installed (packaging/debian/install-deps.sh installs it), or give --url")
    return Path(found).parent


def _as_owner(args: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user (who owns the folder)."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextlib.contextmanager
def local_server() -> Iterator[str]:
    """A cluster in bench/.cache/pg (made once), started on its own Unix socket for this run and stopped after."""
    binaries, folder = _pg_bin(), PG_CACHE
    if not (folder / "data" / "PG_VERSION").exists():
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        subprocess.run(_as_owner([str(binaries / "initdb"), "-D", str(folder / "data"), "-U", "bench",
                                  "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True)
    options = (f"-c listen_addresses='' -c unix_socket_directories={folder} -c shared_buffers=256MB "
               "-c maintenance_work_mem=256MB -c max_wal_size=4GB -c synchronous_commit=off")
    subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l",
                              str(folder / "server.log"), "-w", "start"]), check=True, capture_output=True)
    try:
        yield f"postgresql://bench@/postgres?host={folder}"
    finally:
        subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w",
                                  "stop"]), check=False, capture_output=True)


def _database_url(server: str, name: str) -> str:
    base, _, query = server.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


def pg_store(server: str, items: int, sqlite_path: Path) -> str:
    """The store for this size on the server, made from the SQLite archive once (COPY), then reused."""
    import psycopg

    name = f"bench_{items}"
    url = _database_url(server, name)
    admin = psycopg.connect(server.replace("postgresql://", "postgresql://", 1), autocommit=True)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:
        with psycopg.connect(url) as check:
            done = check.execute("SELECT to_regclass('bench_done') IS NOT NULL").fetchone()
            if done and done[0] and check.execute("SELECT count(*) FROM evidence").fetchone()[0] == items:
                admin.close()
                open_workspace(url, user="bench", create=True).close()  # a kept store migrated to this app's head
                return url
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    started = time.perf_counter()
    print(f"Loading {items:,} evidence items into PostgreSQL once ({name}, kept afterwards)…", file=sys.stderr)
    open_workspace(url, user="bench", create=True).close()  # the app's own migrations, to head
    say("migrated to head", started)
    source = sqlite3.connect(sqlite_path)
    with psycopg.connect(url) as target:
        indexes = [r[0] for r in target.execute(
            "SELECT indexdef FROM pg_indexes i WHERE tablename = 'evidence' AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)")]
        for definition in indexes:  # build the search indexes once after the load, not row by row
            target.execute(f"DROP INDEX {definition.split(' INDEX ', 1)[1].split(' ON ', 1)[0]}")
        for table_name in COPIED:
            columns = [r[0] for r in target.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
                (table_name,))]
            have = {r[1] for r in source.execute(f'PRAGMA table_info("{table_name}")')}
            columns = [c for c in columns if c in have]
            kinds = dict(target.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s",
                (table_name,)).fetchall())
            listed = ", ".join(f'"{c}"' for c in columns)
            rows = source.execute(f'SELECT {listed} FROM "{table_name}"')
            converters = [_converter(kinds[c]) for c in columns]
            with target.cursor().copy(f'COPY "{table_name}" ({listed}) FROM STDIN') as copy:
                for n, row in enumerate(rows, 1):
                    copy.write_row([f(v) for f, v in zip(converters, row, strict=True)])
                    if n % 200_000 == 0:
                        say(f"{table_name}: {n:,} rows", started)
            target.execute(f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                           f"(SELECT coalesce(max(id), 1) FROM \"{table_name}\"))")
            say(f"{table_name} copied", started)
        for definition in indexes:
            target.execute(definition)
            say(f"index rebuilt: {definition.split(' ON ', 1)[0]}", started)
        target.execute("ANALYZE")
        target.execute("CREATE TABLE bench_done (at timestamptz DEFAULT now())")
    source.close()
    say("done", started)
    return url


def _converter(kind: str) -> Callable[[object], object]:
    if kind == "boolean":
        return lambda v: None if v is None else bool(v)
    return lambda v: v


# --- the figures ------------------------------------------------------------------------------------

def _inspection(ws: Workspace) -> int:
    """A typical archive inspection (about a two-hundredth of the items)."""
    with ws.db.read_session() as session:
        from sqlalchemy import select

        from inspector_app.storage.models import Inspection
        return session.scalars(select(Inspection.id).where(Inspection.authority == "Archive Council 100")).one()


def _driver(ws: Workspace) -> Callable[[str, tuple[object, ...]], list[tuple[object, ...]]]:
    def query(sql: str, params: tuple[object, ...]) -> list[tuple[object, ...]]:
        with ws.db.read_session() as session:
            return list(bulk.driver_rows(session.connection(), sql, params))
    return query


def open_figures(ws: Workspace, engine: str, size: str, repeat: int) -> list[Row]:
    inspection_id = _inspection(ws)
    query = _driver(ws)
    mark = "?" if engine == "SQLite" else "%s"
    bare_sql = (f"SELECT id, text, area_key, seen_on FROM evidence WHERE inspection_id = {mark} "
                f"ORDER BY seen_on DESC, id DESC LIMIT {OPENED}")

    def ours() -> None:
        inspections.get_inspection(ws, inspection_id)
        evidence.find_evidence(ws, inspection_id, limit=OPENED)

    def bare() -> None:
        query(f"SELECT * FROM inspection WHERE id = {mark}", (inspection_id,))
        query(bare_sql, (inspection_id,))

    ours(), bare()
    times = {"ours": [], "bare": []}
    for _ in range(repeat * 5):
        for name, fn in (("ours", ours), ("bare", bare)):
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    o, b = pct(times["ours"], 0.5) * 1000, pct(times["bare"], 0.5) * 1000
    return [Row(f"{engine}: open an inspection (p50)", size, o, b, "ms", "< 100 ms", o < 100,
                f"details and the first {OPENED} of ~{size_of(query, mark, inspection_id):,} items; bare: the "
                "same rows by SQL")]


def size_of(query: Callable[[str, tuple[object, ...]], list[tuple[object, ...]]], mark: str,
            inspection_id: int) -> int:
    return int(query(f"SELECT count(*) FROM evidence WHERE inspection_id = {mark}", (inspection_id,))[0][0])


def search_figures(ws: Workspace, engine: str, size: str, repeat: int, fts: Path | None) -> list[Row]:
    from inspector_app.services import search as text_search

    inspection_id = _inspection(ws)
    if engine == "SQLite":
        assert fts is not None
        con = sqlite3.connect(fts)
        first, last = con.execute("SELECT min(id), max(id) FROM evidence WHERE inspection_id = ?",
                                  (inspection_id,)).fetchone()

        def bare(typed: str) -> list[int]:
            likes = text_search.like_patterns(typed)
            sql = ("SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? AND rowid BETWEEN ? AND ?"
                   + "".join(" AND text LIKE ? ESCAPE '\\'" for _ in likes) + " ORDER BY rowid DESC LIMIT ?")
            return [r[0] for r in con.execute(sql, (text_search.fts_match(typed), first, last, *likes, SHOWN))]
    else:
        query = _driver(ws)

        def bare(typed: str) -> list[int]:  # what the pg_trgm GIN indexes on text and tags answer
            words = text_search.split_terms(typed)
            sql = ("SELECT id FROM evidence WHERE inspection_id = %s"
                   + "".join(" AND (text ILIKE %s OR tags::text ILIKE %s)" if len(w) >= 3 else " AND text ILIKE %s"
                             for w in words) + " ORDER BY id DESC LIMIT %s")
            values = [v for w in words for v in ([f"%{w}%"] * (2 if len(w) >= 3 else 1))]
            return [int(r[0]) for r in query(sql, (inspection_id, *values, SHOWN))]  # type: ignore[arg-type]

    def ours(typed: str) -> list[int]:
        return evidence.evidence_ids(ws, inspection_id, EvidenceFilter(query=typed), limit=SHOWN)

    same = all(sorted(ours(q)) == sorted(bare(q)) for q in TYPED)
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(repeat * 3):
        for typed in TYPED:
            for name, fn in (("ours", ours), ("bare", bare)):
                start = time.perf_counter()
                fn(typed)
                times[name].append(time.perf_counter() - start)
    rows = []
    for label, q in (("p50", 0.5), ("p95", 0.95)):
        o, b = pct(times["ours"], q) * 1000, pct(times["bare"], q) * 1000
        rows.append(Row(f"{engine}: search as you type ({label})", size, o, b, "ms", "≤ 1.5× bare" +
                        (", p95 < 50 ms" if label == "p95" else ""), o <= 1.5 * b and (label == "p50" or o < 50),
                        f"{len(TYPED)} queries × {repeat * 3}; "
                        + ("same rows as the bare query" if same else "ROWS DIFFER from the bare query")))
    return rows


def _laptop(folder: Path, person: str) -> Workspace:
    return open_workspace(folder / f"{person.split()[0].lower()}.sqlite", user=person, create=True, plaintext=True)


def _fill(ws: Workspace, source: Path, n: int) -> int:
    """A new inspection on the laptop holding ``n`` evidence items (texts from the archive), written with
    the driver in one executemany."""
    started = date(2026, 3, 2)
    info = inspections.create_inspection(
        ws, authority=f"Sync Council {time.time_ns() % 10**6}", framework_uid="ilacs@2023",
        kind=InspectionKind.ILACS_STANDARD, start_date=started, end_date=date(2026, 3, 13),
        team=[("Lena Lead", "LL", TeamRole.LEAD), ("Amir A", "AA", TeamRole.TEAM)])
    con = sqlite3.connect(source)
    rows = con.execute("SELECT text, source, seen_on, area_key, descriptors, polarity, grade, tags FROM evidence "
                       "WHERE inspection_id IN (SELECT id FROM inspection WHERE authority LIKE 'Archive Council %') "
                       "LIMIT ?", (n,)).fetchall()
    con.close()
    import uuid as uuids

    now = "2026-03-05 10:00:00.000000"
    values = [{"inspection_id": info.id, "uuid": str(uuids.uuid4()), "text": r[0], "source": r[1],
               "seen_on": r[2], "area_key": r[3], "descriptors": r[4], "polarity": r[5], "grade": r[6],
               "tags": r[7], "created_at": now, "updated_at": now, "created_by": "Lena Lead",
               "updated_by": "Lena Lead", "ref": f"LL-{k + 1}"} for k, r in enumerate(rows)]
    with ws.db.session() as session:
        columns = list(values[0])
        session.connection().exec_driver_sql(
            f"INSERT INTO evidence ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [tuple(v[c] for c in columns) for v in values])
    return info.id


def sync_figures(store_at: str, engine: str, size: str, repeat: int, source: Path) -> list[Row]:
    """A laptop pushes a new 5,000-item inspection into the store; a second laptop pulls it. Baseline:
    the same inspection moved by a bundle file (export, then import into a fresh laptop)."""
    times: dict[str, list[float]] = {"push": [], "pull": [], "export": [], "import": []}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder_name:
            folder = Path(folder_name)
            lena, amir, cal = (_laptop(folder, p) for p in ("Lena Lead", "Amir A", "Cal C"))
            inspection_id = _fill(lena, source, SYNC_ITEMS)
            for member in (amir, cal):
                roster.add_member(lena, inspection_id, member.user, TeamRole.TEAM,
                                  identity.ensure_signing_key(member).public_key)
            store = open_workspace(store_at, user="Lena Lead")
            start = time.perf_counter()
            sync(lena, store, inspection_id)
            times["push"].append(time.perf_counter() - start)
            store.close()
            store = open_workspace(store_at, user="Amir A")
            start = time.perf_counter()
            [pulled] = sync(amir, store).inspections
            times["pull"].append(time.perf_counter() - start)
            assert len(evidence.evidence_ids(amir, pulled.laptop_id)) == SYNC_ITEMS
            store.close()
            store = open_workspace(store_at, user="Lena Lead")  # only the lead may delete the inspection
            _forget(store, lena, inspection_id)
            store.close()
            start = time.perf_counter()
            export_bundle(lena, inspection_id, folder / "all.inspbundle", recipient="Cal C")
            times["export"].append(time.perf_counter() - start)
            start = time.perf_counter()
            apply_import(cal, plan_import(cal, read_bundle(folder / "all.inspbundle")))
            times["import"].append(time.perf_counter() - start)
            for ws in (lena, amir, cal):
                ws.close()
    push, pull = pct(times["push"], 0.5), pct(times["pull"], 0.5)
    export, imported = pct(times["export"], 0.5), pct(times["import"], 0.5)
    note = f"{SYNC_ITEMS:,} items; {repeat} run(s), median; baseline: the same inspection by a bundle file"
    return [Row(f"{engine}: sync 5,000 items, laptop → store", size, push, export + imported, "s",
                "≤ 3× a bundle's export + import", push <= 3 * (export + imported), note),
            Row(f"{engine}: sync 5,000 items, store → laptop", size, pull, export + imported, "s",
                "≤ 3× a bundle's export + import", pull <= 3 * (export + imported), note)]


def _forget(store: Workspace, laptop: Workspace, inspection_id: int) -> None:
    """Take the measured inspection out of the store again, so every run measures the same store."""
    from sqlalchemy import select

    from inspector_app.storage.models import Inspection

    uuid = inspections.get_inspection(laptop, inspection_id).uuid
    with store.db.read_session() as session:
        store_id = session.scalars(select(Inspection.id).where(Inspection.uuid == uuid)).one()
    inspections.delete_inspection(store, store_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--url", help="an existing PostgreSQL server (its postgres database); default: our own")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", default="postgresql,sqlite", help="which to measure (default: both)")
    parser.add_argument("--write", type=Path, help="replace this section of a Markdown file with the results")
    args = parser.parse_args(argv)
    size = label_for(args.items)
    sqlite_path = data.dataset(args.items)
    rows: list[Row] = []
    with contextlib.ExitStack() as stack:
        targets = []
        if "postgresql" in args.engines:
            server = args.url or stack.enter_context(local_server())
            targets.append(("PostgreSQL", pg_store(server, args.items, sqlite_path)))
        if "sqlite" in args.engines:
            targets.append(("SQLite", str(sqlite_path)))
        for engine, at in targets:
            ws = open_workspace(at, user="bench")
            try:
                rows += open_figures(ws, engine, size, args.repeat)
                rows += search_figures(ws, engine, size, args.repeat, sqlite_path if engine == "SQLite" else None)
            finally:
                ws.close()
            rows += sync_figures(at, engine, size, max(1, args.repeat // 3 or 1), sqlite_path)
            print(table(rows), file=sys.stderr)
    result = table(rows)
    print(result)
    if args.write:
        _write(args.write, result, size)
    return 0


SECTION = "## The regional store at archive size"


def _write(path: Path, result: str, size: str) -> None:
    text = path.read_text(encoding="utf-8")
    body = (f"{SECTION}\n\n`python bench/store.py` on {machine()}, {time.strftime('%Y-%m-%d')}: {size} evidence "
            f"items across {data.ARCHIVE_INSPECTIONS} inspections, the same data on PostgreSQL (loaded by COPY) and "
            f"SQLite; each figure beside a baseline from the same run.\n\n{result}\n")
    if SECTION in text:
        before, _, after = text.partition(SECTION)
        rest = after.split("\n## ", 1)
        text = before + body + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + body
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
