"""Writing many rows at the driver's speed, inside the session's own transaction.

A bundle merge inserts tens of thousands of rows. Through SQLAlchemy each row's parameters pass
through its per-row machinery (parameter dictionaries, RETURNING and sorting by parameter order),
which cost many times the insert itself. Here the statement is written once per table and column
set, each value goes through the column type's own bind processor (so what is stored is exactly
what SQLAlchemy would store: JSON text, UTC timestamps, enum values), and the rows go to the
DB-API ``executemany`` on the session's connection: same transaction, same rollback, same
triggers (the full-text index follows). New rows get explicit ids: on SQLite following the table's
largest, since this transaction is the file's only writer (SQLite refuses a write whose snapshot is
stale rather than let ids collide); on PostgreSQL from the table's sequence, as other people write
at the same time (``storage.engines``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Connection, Date, Table
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import Session

from inspector_app.storage import checkpoints, engines
from inspector_app.storage.base import UTCDateTime

_BUILT = "_inspector_app_statements"  # the dialect's attribute holding its statements
BULK_ROWS = 100  # a write of this many rows or more has the full-text index merged after it (storage.checkpoints)


@dataclass(frozen=True)
class _Statement:
    sql: str
    columns: tuple[Column[Any], ...]
    processors: tuple[Callable[[Any], Any] | None, ...]
    converted: tuple[tuple[int, Callable[[Any], Any]], ...] = ()  # (position, processor) of the columns that have one


def _statement(table: Table, names: tuple[str, ...], dialect: Dialect, tail: str) -> _Statement:
    """Built once per statement and engine, and kept on the engine's dialect, so it goes with the engine.

    Not in a module-level cache: the statement's converters hold the dialect, and the dialect remembers
    every type it has met, the tables a new database's migrations built among them, so a cache outliving
    its engine kept every database ever opened in the process alive."""
    built: dict[tuple[Any, ...], _Statement] = dialect.__dict__.setdefault(_BUILT, {})
    key = (table, names, tail)
    found = built.get(key)
    if found is None:
        found = built[key] = _build(table, names, dialect, tail)
    return found


def _build(table: Table, names: tuple[str, ...], dialect: Dialect, tail: str) -> _Statement:
    columns = tuple(table.c[name] for name in names)
    quoted = ", ".join(dialect.identifier_preparer.quote(name) for name in names)
    marker = engines.ops(dialect).placeholder
    sql = (f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({quoted}) "
           f"VALUES ({', '.join(marker for _ in names)}){tail}")
    processors = tuple(_processor(c, dialect) for c in columns)
    return _Statement(sql, columns, processors,
                      tuple((i, process) for i, process in enumerate(processors) if process is not None))


_PROBE_TIME = datetime(2026, 3, 2, 9, 5, 7, 123456, tzinfo=UTC)
_PROBE_DAY = date(2026, 3, 2)


def _processor(column: Column[Any], dialect: Dialect) -> Callable[[Any], Any] | None:
    """The column type's own bind processor, or a shortcut that gives exactly what it gives for the values a
    save binds most (an aware UTC timestamp, a date, an enum member, a list or an event's description), the
    processor itself for any other value. Each shortcut is taken only if the processor, asked on a probe value
    when the statement is built, answers what the shortcut would: on a dialect that stores these differently
    (PostgreSQL's driver takes datetime objects) the processor is kept as it is. A save binds about twenty
    values; through the types' own processors (a TypeDecorator's over a DateTime's, ≈2.8 µs a timestamp) they
    cost more than the insert's Python around them."""
    found = column.type.dialect_impl(dialect).bind_processor(dialect)
    if found is None:
        return None
    process: Callable[[Any], Any] = found
    kind = column.type
    if isinstance(kind, UTCDateTime) and process(_PROBE_TIME) == _PROBE_TIME.isoformat(" ", "microseconds")[:26]:
        def timestamp(value: Any) -> Any:
            if type(value) is datetime and value.tzinfo is UTC and value.year >= 1000:
                return value.isoformat(" ", "microseconds")[:26]  # without its "+00:00"
            return process(value)
        return timestamp
    if isinstance(kind, Date) and process(_PROBE_DAY) == _PROBE_DAY.isoformat():
        def day(value: Any) -> Any:
            return value.isoformat() if type(value) is date and value.year >= 1000 else process(value)
        return day
    enum_class = getattr(kind, "enum_class", None)
    if isinstance(kind, SAEnum) and enum_class is not None:
        members = {member: process(member) for member in enum_class}

        def member(value: Any) -> Any:
            return members[value] if type(value) is enum_class else process(value)
        return member
    serializer = getattr(dialect, "_json_serializer", None)
    if isinstance(kind, JSON) and serializer is not None and process(["a"]) == serializer(["a"]):
        empty = process([])

        def listed(value: Any) -> Any:
            if type(value) is list:
                return serializer(value) if value else empty
            if type(value) is dict:  # an audit event's description
                return serializer(value)
            return process(value)
        return listed
    return process


def _default(column: Column[Any]) -> Any:
    default: Any = column.default
    if default is not None and getattr(default, "is_callable", False):
        return default.arg(None)  # SQLAlchemy wraps a Python default to take an execution context
    if default is not None and getattr(default, "is_scalar", False):
        return default.arg
    return None


def _params(statement: _Statement, names: tuple[str, ...], rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
    lacking = {name for row in rows if len(row) < len(names) for name in names if name not in row}
    if not lacking:  # every row has every column (a single save's row always does): no defaults to make
        return [_converted(statement, [row[name] for name in names]) for row in rows]
    defaults = {c.name: _default(c) for c in statement.columns if c.name in lacking}  # a default may be a
    # fresh uuid: made only for a row that lacks the column
    pairs = tuple(zip(names, statement.processors, strict=True))
    return [tuple((process(row[name] if name in row else defaults[name]) if process is not None
                   else (row[name] if name in row else defaults[name])) for name, process in pairs)
            for row in rows]


def _converted(statement: _Statement, values: list[Any]) -> tuple[Any, ...]:
    """A row's values (in the statement's column order) as bound: only the columns with a processor pass
    through one (most of a row's columns are text or numbers the driver takes as they are)."""
    for i, process in statement.converted:
        values[i] = process(values[i])
    return tuple(values)


def execute_many(target: Session | Connection, table: Table, rows: Sequence[dict[str, Any]], tail: str = "") -> None:
    """INSERT ``rows`` (dicts of Python values, keyed by column name) with ``executemany``.

    Columns missing from a row take the column's Python default, as an ORM or Core insert would.
    ``tail`` is appended to the statement (an ``ON CONFLICT`` clause, written by the caller).
    """
    if not rows:
        return
    if len(rows) >= BULK_ROWS:  # the full-text index is merged after the commit, once writes pause
        target.info[checkpoints.BULK_WRITE] = True
    connection = target.connection() if isinstance(target, Session) else target
    names = tuple(dict.fromkeys(name for row in rows for name in row))
    statement = _statement(table, names, connection.dialect, tail)
    connection.exec_driver_sql(statement.sql, _params(statement, names, rows))  # errors arrive as SQLAlchemy's


def insert_one(target: Session | Connection, table: Table, row: dict[str, Any]) -> int:
    """INSERT one row through the driver (a save: SQLAlchemy's per-statement machinery costs more than
    SQLite's insert); its new rowid. Values are bound as :func:`execute_many` binds them."""
    connection = target.connection() if isinstance(target, Session) else target
    names = tuple(row)
    returning = engines.ops(connection).returning_id  # PostgreSQL has no lastrowid: the id comes back
    statement = _statement(table, names, connection.dialect, returning)
    params = _converted(statement, list(row.values()))  # the row's own order is the statement's
    driver = connection.connection.driver_connection
    assert driver is not None
    try:
        cursor = driver.execute(statement.sql, params)
        return int(cursor.fetchone()[0]) if returning else int(cursor.lastrowid)
    except connection.dialect.loaded_dbapi.Error as exc:
        raise driver_error(exc, statement.sql, params, connection.dialect) from exc


def driver_rows(connection: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """Rows of a read as the driver's plain tuples (no result objects per row: a page of search results
    or every uuid of a table), with the driver's errors raised as SQLAlchemy's, as any other query's.

    ``sql`` is written with ``?`` markers; on PostgreSQL they become psycopg's ``%s`` (so such a statement
    holds no other ``?`` or ``%``; the search's compiled statements come with each driver's own markers).
    """
    return _on_driver(connection, sql, params, fetch=True)


def driver_write(connection: Connection, sql: str, params: Sequence[Any] = ()) -> None:
    """A write through the driver, written and refused as ``driver_rows``'s reads are, fetching nothing
    (psycopg refuses to fetch from a statement that returns no rows)."""
    _on_driver(connection, sql, params, fetch=False)


def _on_driver(connection: Connection, sql: str, params: Sequence[Any], *, fetch: bool) -> list[Any]:
    driver = connection.connection.driver_connection
    assert driver is not None
    marker = engines.ops(connection).placeholder  # the driver's parameter marker: ? or %s
    if marker != "?" and params and "?" in sql:
        sql = sql.replace("?", marker)
    try:
        cursor = driver.execute(sql, tuple(params))
        return cursor.fetchall() if fetch else []
    except connection.dialect.loaded_dbapi.Error as exc:
        raise driver_error(exc, sql, params, connection.dialect) from exc


def driver_error(exc: Exception, sql: str, params: Sequence[Any], dialect: Dialect) -> StatementError:
    """The driver's error as SQLAlchemy raises it for its own statements, so a statement sent to the driver
    directly is refused in the same words (``storage.errors`` reads the reason from it)."""
    return DBAPIError.instance(sql, tuple(params), exc, dialect.loaded_dbapi.Error, dialect=dialect)


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """INSERT new rows of a table with an integer ``id`` primary key; their ids, in order."""
    if not rows:
        return []
    connection = session.connection()
    ids = engines.ops(connection).new_ids(connection, table, len(rows))
    execute_many(session, table, [dict(row, id=new_id) for row, new_id in zip(rows, ids, strict=True)])
    return ids
