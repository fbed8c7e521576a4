"""SQLite's own ways (the laptop's file): pragmas, the SQLCipher driver, FTS5 trigram search,
``json_each``, bulk ids after the table's largest, and audit triggers that ask an app-only function.

File-level matters (encryption at rest, the writer lock, the "same file" check, WAL companions,
backups by SQLite's online backup) stay with the file code in ``storage.database``,
``storage.cipher``, ``storage.writer_lock`` and ``storage.backups``: none of them exist for a server.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Select,
    Table,
    bindparam,
    column,
    create_engine,
    event,
    func,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.selectable import TableValuedAlias

from inspector_app.storage import checkpoints, cipher

REDACTION_FUNCTION = "inspector_audit_redaction"

# The exact triggers ``check`` expects: any other trigger on the table, or these with other text, is reported.
TRIGGERS = {
    "audit_event_no_update": (
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        f"WHEN NOT {REDACTION_FUNCTION}() "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END"),
    "audit_event_no_delete": (
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END"),
}

_redacting = threading.local()


def _redaction_allowed() -> int:
    return 1 if getattr(_redacting, "on", False) else 0


def register_functions(dbapi_connection: Any) -> None:
    """Give an app connection the function the update trigger asks. Any other program lacks it, so its
    UPDATE of the trail fails outright; the app's says no unless a purge is redacting (in this thread)."""
    dbapi_connection.create_function(REDACTION_FUNCTION, 0, _redaction_allowed)


def set_redacting(on: bool) -> None:
    """What the SQLite update trigger's function answers in this thread (see ``engines.sqlite``)."""
    _redacting.on = on


def squash(sql: str) -> str:
    return " ".join(sql.split())


_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps with options makes one a call


def _json_text(value: Any) -> str:
    """JSON as readable text (not \\u escapes), so that searching the history finds "child’s" or "café"."""
    return _JSON_TEXT(value)


def _apply_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA temp_store=MEMORY")  # sorts and temporary indices never reach disk unencrypted
    # Checkpoints run off the save path (storage.checkpoints): the automatic one is only a backstop.
    cursor.execute(f"PRAGMA wal_autocheckpoint={checkpoints.AUTOCHECKPOINT_PAGES}")
    cursor.execute(f"PRAGMA journal_size_limit={checkpoints.LOG_LIMIT_BYTES}")
    cursor.close()
    register_functions(dbapi_connection)


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")
    dbapi_connection.execute("PRAGMA temp_store=MEMORY")
    register_functions(dbapi_connection)


def make_engine(path: Path, passphrase: str | None, mode: str = "mode=rw") -> Engine:
    """An engine on the file at ``path``, keyed with ``passphrase`` (None: unencrypted).

    Pooled connections: opening one (keying it and setting its pragmas) costs more than a typical
    save. A connection is only ever used by one thread at a time, so it may move between threads
    (an export runs in a worker thread). ``mode`` is an SQLite URI mode: "mode=rw" (never creates a
    file), "mode=ro", or "immutable=1" (no lock, no -shm: for a read-only disk or a damaged file).
    """
    target = f"file:{url_quote(path.as_posix())}?{mode}"
    engine = create_engine(
        "sqlite://", module=cipher.dbapi(),  # the pysqlite dialect, on SQLCipher's driver; we key it ourselves
        creator=lambda: cipher.keyed_connect(target, passphrase, check_same_thread=False, uri=True),
        poolclass=QueuePool, pool_size=2, max_overflow=4,
        pool_use_lifo=True,  # the connection used last comes back first: what a save remembers on it
        # (``storage.save_memo``) is still true at the next save unless someone else wrote in between
        json_serializer=_json_text,
    )
    event.listen(engine, "connect", _apply_pragmas if mode == "mode=rw" else _read_only_pragmas)
    return engine


EVIDENCE_FTS = table("evidence_fts", column("rowid"))
_LAST_LINK = "SELECT chain_hash FROM audit_event ORDER BY id DESC LIMIT 1"
# Whether some other inspection's evidence lies in this one's id range (CROSS JOIN: each other inspection in
# turn, one seek into its part of the index; given the choice SQLite scans the whole index instead).
_FOREIGN_IN_RANGE = (
    "SELECT EXISTS (SELECT 1 FROM inspection AS other CROSS JOIN evidence AS e INDEXED BY ix_evidence_inspection "
    "ON e.inspection_id = other.id AND e.id BETWEEN (SELECT min(id) FROM evidence WHERE inspection_id = ?1) "
    "AND (SELECT max(id) FROM evidence WHERE inspection_id = ?1) WHERE other.id != ?1)")
# An inspection's first and last evidence id (each one seek in ix_evidence_inspection: asked together as
# min() and max() of one SELECT, SQLite would read every entry between them) and whether the range is its own.
ID_RANGE = (
    "SELECT (SELECT min(id) FROM evidence WHERE inspection_id = ?1), (SELECT max(id) FROM evidence WHERE "
    "inspection_id = ?1), NOT EXISTS (SELECT 1 FROM inspection AS other CROSS JOIN evidence AS e INDEXED BY "
    "ix_evidence_inspection ON e.inspection_id = other.id AND e.id BETWEEN (SELECT min(id) FROM evidence WHERE "
    "inspection_id = ?1) AND (SELECT max(id) FROM evidence WHERE inspection_id = ?1) WHERE other.id != ?1)")
# Search as you type on a remembered id range (``storage.kept_reader``): the bare MATCH on the range when it is
# the inspection's alone, else each match checked by one seek in ix_evidence_inspection (see text_search).
# The range comes as two values: as subqueries, SQLite tests them again on every match (≈20 µs a search of
# 350 matches at 1,000 items).
KEPT_SEARCH = ("SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 "
               "ORDER BY rowid DESC LIMIT ?4")
KEPT_SEARCH_CHECKED = (
    "SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 AND EXISTS "
    "(SELECT 1 FROM evidence AS member INDEXED BY ix_evidence_inspection WHERE member.inspection_id = ?5 "
    "AND member.id = evidence_fts.rowid) ORDER BY rowid DESC LIMIT ?4")


class SqliteOps:
    name = "sqlite"
    hidden_row_hint = ""  # a laptop's file hides nothing from whoever opens it
    returning_id = ""  # appended to a single INSERT whose new id is wanted
    json_list_param = "(SELECT value FROM json_each(?))"  # the values of a JSON list bound as one ? parameter
    placeholder = "?"

    def new_ids(self, connection: Connection, table: Table, count: int) -> list[int]:
        # The write transaction is the file's only writer, so the largest id cannot move under us.
        largest = connection.scalar(select(func.max(table.c.id))) or 0
        return list(range(largest + 1, largest + 1 + count))

    def json_list_values(self, column: Column[Any] | Any) -> TableValuedAlias:
        return func.json_each(column).table_valued("value")

    def json_text_field(self, column: Column[Any] | Any, key: str) -> Any:
        return func.json_extract(column, f"$.{key}")

    def range_is_exact(self, driver: Any, inspection_id: int) -> bool:
        # One seek per other inspection in ix_evidence_inspection (inspection_id, rowid), stopping at the first
        # item found: ≈5 µs at 50,000 items, tens at a million.
        return not driver.execute(_FOREIGN_IN_RANGE, (inspection_id,)).fetchone()[0]

    def text_search(self, long_words: int, joined: bool = True, exact_range: bool = False) -> tuple[Select[Any], Any]:
        """An FTS5 MATCH on the trigram index, narrowed to the inspection's rowid range (two lookups in
        ``ix_evidence_inspection``), read in the index's own (rowid) order.

        Each match is checked to be the inspection's (other inspections' items may lie inside its rowid
        range), unless ``exact_range`` says none does (the usual case: an inspection's items are written
        together); the query is then the bare MATCH on the range. When the check is needed and nothing
        else reads the evidence row (``joined`` False: search-as-you-type with no other filter) it is one
        seek in ``ix_evidence_inspection``, whose entries are (inspection_id, rowid), instead of a
        primary-key lookup in the table's wide leaf pages (≈1.9× the bare MATCH became ≈1.4× at 50,000
        items, 2026-12-03). ``INDEXED BY`` holds that plan: given the choice SQLite takes the primary key."""
        from inspector_app.storage.models import Evidence

        scope = select(Evidence.id).where(Evidence.inspection_id == bindparam("inspection_id"))
        first = scope.with_only_columns(func.min(Evidence.id)).scalar_subquery()
        last = scope.with_only_columns(func.max(Evidence.id)).scalar_subquery()
        if not joined and exact_range:  # the range alone is exact: the bare MATCH
            query = (
                select(EVIDENCE_FTS.c.rowid)
                .where(text("evidence_fts MATCH :fts_query"))
                .where(EVIDENCE_FTS.c.rowid.between(first, last))
            )
            return query, EVIDENCE_FTS.c.rowid
        if not joined:
            member = text("EXISTS (SELECT 1 FROM evidence AS member INDEXED BY ix_evidence_inspection "
                          "WHERE member.inspection_id = :inspection_id AND member.id = evidence_fts.rowid)")
            query = (
                select(EVIDENCE_FTS.c.rowid)
                .where(text("evidence_fts MATCH :fts_query"))
                .where(EVIDENCE_FTS.c.rowid.between(first, last))
                .where(member)
            )
            return query, EVIDENCE_FTS.c.rowid
        # "+ 0": the inspection is checked on each match by primary key, so the planner never walks
        # the inspection's rows and runs a MATCH for each one.
        query = (
            select(Evidence.id)
            .select_from(EVIDENCE_FTS)
            .join(Evidence, Evidence.id == EVIDENCE_FTS.c.rowid)
            .where(text("evidence_fts MATCH :fts_query"))
            .where(EVIDENCE_FTS.c.rowid.between(first, last))
            .where((Evidence.inspection_id + 0) == bindparam("inspection_id"))
        )
        return query, EVIDENCE_FTS.c.rowid

    def last_audit_link(self, connection: Connection | Session) -> str | None:
        # The write transaction is the file's only writer: its last link stays the last. Read through the
        # driver (the newest row by its rowid, one B-tree step): a save asks it every time.
        target = connection.connection() if isinstance(connection, Session) else connection
        driver = target.connection.driver_connection
        assert driver is not None
        row = driver.execute(_LAST_LINK).fetchone()
        return row[0] if row is not None else None

    def allow_redaction(self, connection: Connection) -> None:
        set_redacting(True)

    def end_redaction(self, connection: Connection) -> None:
        set_redacting(False)

    def audit_triggers(self, dbapi_connection: Any) -> tuple[bool, str]:
        found = {name: squash(sql or "") for name, sql in dbapi_connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'")}
        expected = TRIGGERS
        missing = sorted(set(expected) - set(found))
        altered = sorted(n for n in expected if n in found and found[n] != squash(expected[n]))
        extra = sorted(set(found) - set(expected))
        problems = ([f"{n} is missing" for n in missing] + [f"{n} was redefined" for n in altered]
                    + [f"an unknown trigger {n} was added" for n in extra])
        return not problems, "; ".join(problems)


OPS = SqliteOps()
