"""Writing the audit trail from the session, so that no save can skip it.

The flush hook in ``storage.database`` calls :func:`snapshot_deletions` before the flush (parents
still exist, so a deleted row's inspection can be found) and :func:`record_flush` after it (new
rows have their ids and UUIDs). Paths that write with Core statements (undo of a delete, bundle
import, purge) call :func:`record` themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, inspect, select
from sqlalchemy.orm import Mapper, Session

from inspector_app.domain.wording import plural
from inspector_app.storage import bulk, engines, save_memo
from inspector_app.storage.audit_chain import GENESIS, chained
from inspector_app.storage.base import Base, Tracked, new_uuid, utcnow
from inspector_app.storage.engines.sqlite import register_functions
from inspector_app.storage.models.audit import AuditEvent

CREATE, UPDATE, DELETE, RESTORE = "create", "update", "delete", "restore"
BOOKKEEPING = frozenset({"id", "uuid", "created_at", "updated_at", "created_by", "updated_by", "data"})
_DELETIONS = "audit_deletions"
_TABLE = cast(Table, AuditEvent.__table__)
_COLUMNS = tuple(str(c.name) for c in AuditEvent.__table__.columns)  # plain str: dict keys hash and compare fast

__all__ = ["record", "record_carried", "register_functions"]


def json_value(value: Any) -> Any:
    if value is None or type(value) is str:  # most of what a row holds: nothing to convert
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{plural(len(value), 'byte', 'bytes')}>"
    return value


class _Owners:
    """Finds the inspection a row belongs to by following its required foreign keys.

    Rows already in the session's identity map (the inspection a save just loaded, say) are read
    from there; others cost one small query each, once per flush.
    """

    def __init__(self, session: Session | None, connection: Connection | None = None) -> None:
        self.session = session  # None for a write outside the unit of work: nothing is in an identity map
        if connection is None:
            assert session is not None
            connection = session.connection()
        self.connection: Connection = connection
        self.cache: dict[tuple[str, int], Mapping[str, Any] | None] = {}

    def _row(self, parent: Table, ref: Any) -> Mapping[str, Any] | None:
        key = (parent.name, ref)
        if key not in self.cache:
            mapper = _mappers().get(parent.name)
            loaded = (self.session.identity_map.get(mapper.identity_key_from_primary_key((ref,)))
                      if mapper is not None and self.session is not None else None)
            needed = {"uuid", *(fk.parent.name for fk in parent.foreign_keys)}
            if loaded is not None and needed <= inspect(loaded).dict.keys():  # nothing it needs is expired
                self.cache[key] = _loaded(loaded)
            else:
                row = self.connection.execute(_by_id(parent.name), {"ref": ref}).mappings().first()
                self.cache[key] = dict(row) if row is not None else None
        return self.cache[key]

    def of(self, table: Table, values: Mapping[str, Any]) -> str | None:
        if table.name == "inspection":
            return values.get("uuid")
        for fk in sorted(table.foreign_keys, key=lambda f: (f.parent.nullable, f.parent.name)):
            ref = values.get(fk.parent.name)
            row = self._row(fk.column.table, ref) if ref is not None else None
            owner = self.of(fk.column.table, row) if row is not None else None
            if owner is not None:
                return owner
        return None

    def uuid_of(self, table: Table, column: str, ref: Any) -> Any:
        """A foreign key as the UUID of the row it points to: integer ids differ between laptops."""
        if ref is None:
            return None
        row = self._row(next(iter(table.c[column].foreign_keys)).column.table, ref)
        return row["uuid"] if row is not None else None


@cache
def _by_id(table_name: str) -> Any:
    """One statement per table, built once: saving is frequent and each statement costs to build."""
    table = Base.metadata.tables[table_name]
    return select(table).where(table.c.id == bindparam("ref"))


@cache
def _column_names(table: Table) -> tuple[str, ...]:
    """The table's column names in its order, as plain strings (made once: every save lists them)."""
    return tuple(str(c.name) for c in table.columns)


@cache
def _mappers() -> dict[str, Mapper[Any]]:
    return {cast(Table, m.local_table).name: m for m in Base.registry.mappers}


def _field(table: Table, column: str) -> str:
    return column.removesuffix("_id") + "_uuid" if table.c[column].foreign_keys else column


@cache
def _described_columns(table: Table) -> dict[str, tuple[str, bool]]:
    """Per described column: the field it is shown as, and whether it refers to another row (worked out
    once per table: every save describes its row)."""
    return {c.name: (_field(table, c.name), bool(c.foreign_keys)) for c in table.columns
            if c.name not in BOOKKEEPING and c.name != "inspection_id"}


def _described(owners: _Owners, table: Table, values: Mapping[str, Any]) -> dict[str, Any]:
    columns = _described_columns(table)
    out: dict[str, Any] = {}
    for c, v in values.items():
        if c in columns:
            name, refers = columns[c]
            out[name] = owners.uuid_of(table, c, v) if refers else json_value(v)
    return out


def _described_in_order(owners: _Owners, table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`_described` of ``row`` taken in the table's column order (a new row's values come in any order)."""
    out: dict[str, Any] = {}
    for c, (name, refers) in _described_columns(table).items():
        if c in row:
            v = row[c]
            out[name] = owners.uuid_of(table, c, v) if refers else json_value(v)
    return out


def _loaded(obj: Tracked) -> dict[str, Any]:
    state = inspect(obj)
    return {attr.key: state.dict[attr.key] for attr in state.mapper.column_attrs if attr.key in state.dict}


def event(who: str, action: str, entity: str, row_uuid: str | None, inspection_uuid: str | None,
          changes: Mapping[str, Any] | None = None) -> dict[str, Any]:
    now = utcnow()  # entity as a plain str: a table's name is SQLAlchemy's quoted_name, which the driver adapts slowly
    return {"uuid": new_uuid(), "at": now, "received_at": now, "who": who, "action": action, "entity": str(entity),
            "row_uuid": row_uuid, "inspection_uuid": inspection_uuid, "changes": dict(changes or {})}


def record(connection: Connection | Session, events: Iterable[Mapping[str, Any]]) -> None:
    """Append events to the trail, each chained to the one before (the only way events are written).

    Called inside the write transaction, so the last link read here is the last one in the file. The
    link is read and the events written through the driver (``storage.bulk``: the columns' own bind
    processors, the same transaction): a save writes one event, and SQLAlchemy's per-statement work
    cost more than the insert.
    """
    now = utcnow()
    rows = [{"uuid": e["uuid"] if "uuid" in e else new_uuid(), "at": now, "received_at": now, "who": "", "changes": {},
             **e} for e in events]  # a uuid made only for an event that has none
    if rows:
        target = connection.connection() if isinstance(connection, Session) else connection
        memo = save_memo.current(target)  # a save's: the last link as its previous save on this connection left it
        previous = (memo.get(save_memo.LAST_LINK, engines.ops(target).last_audit_link, target)
                    if memo is not None else engines.ops(target).last_audit_link(target)) or GENESIS
        # (under the store's lock on PostgreSQL)
        links = chained(previous, rows, _COLUMNS)
        if len(links) == 1:
            bulk.insert_one(target, _TABLE, links[0])  # a save's one event: straight to the driver
        else:
            bulk.execute_many(target, _TABLE, links)
        save_memo.wrote(memo)
        save_memo.remember(memo, save_memo.LAST_LINK, links[-1]["chain_hash"])


WRITE_GUARD = "write_guard"  # session.info key: guard(session, None) runs before every flush and may refuse it
CoreGuard = Callable[[Connection, str, Mapping[str, set[str]]], None]  # the same check for writes made outside
# the unit of work: guard(connection, who, {inspection uuid: {table}}), see insert_tracked


def insert_tracked(connection: Connection, table: Table, values: Mapping[str, Any], inspection_uuid: str | None,
                   *, who: str, guard: CoreGuard | None) -> dict[str, Any]:
    """Insert one new tracked row with its audit event, as a flush of a new ORM object would write them
    (uuid, times and authors stamped, the role check run, the event describing the row as the flush hook
    does), in two driver statements on a Core connection's transaction (``Database.write_connection``): the
    way a frequent save skips the session and its unit of work without skipping the check or the trail.

    ``inspection_uuid``, when the caller has it, is the row's inspection (else it is looked up as the
    hook looks it up). ``guard`` is the database's ``core_guard``. Returns the row as stored, with its ``id``.
    """
    now = utcnow()
    row = {"uuid": new_uuid(), "created_at": now, "updated_at": now, "created_by": who, "updated_by": who,
           **values}
    owners = _Owners(None, connection)
    names = _column_names(table)
    owner = inspection_uuid if inspection_uuid is not None else owners.of(
        table, {c: row[c] for c in names if c in row})  # the hook's order: the table's
    if guard is not None and owner is not None:  # checked as the flush hook would check it
        guard(connection, who, {owner: {table.name}})
    memo = save_memo.current(connection)
    row["id"] = bulk.insert_one(connection, table, row)
    save_memo.wrote(memo)  # the row is the save's own write: what a memo remembers still holds
    record(connection, [event(who, CREATE, table.name, row["uuid"], owner, _described_in_order(owners, table, row))])
    return row


def record_carried(session: Session, events: Iterable[Mapping[str, Any]]) -> int:
    """Events brought from another laptop (a bundle): each added once, in the order given, to this
    database's chain; returns how many were new."""
    rows = list(events)
    if not rows:
        return 0
    known = set(session.scalars(select(AuditEvent.uuid).where(AuditEvent.uuid.in_([r["uuid"] for r in rows]))))
    fresh = []
    for row in rows:
        if row["uuid"] not in known:
            known.add(row["uuid"])
            fresh.append(row)
    record(session, fresh)
    return len(fresh)


def inspections_touched(session: Session) -> dict[str, set[str]]:
    """Before a flush: for each existing inspection (by uuid) the tables whose rows it adds, changes or deletes.

    Rows of an inspection created in the same flush are left out (whoever creates an inspection
    fills it), and so are untracked rows (keys, the audit trail, bundle bookkeeping).
    """
    owners = _Owners(session)
    created = {obj.uuid for obj in session.new if obj.__class__.__tablename__ == "inspection"}
    touched: dict[str, set[str]] = {}
    changed = [*session.new, *(o for o in session.dirty if session.is_modified(o, include_collections=False)),
               *session.deleted]
    for obj in changed:
        if not isinstance(obj, Tracked):
            continue
        table = obj.__table__  # type: ignore[attr-defined]
        owner = owners.of(table, _loaded(obj))
        if owner is not None and owner not in created:
            touched.setdefault(owner, set()).add(table.name)
    return touched


def snapshot_deletions(session: Session) -> None:
    """Remember what each deleted row held, and whose inspection it was, before it goes."""
    owners = _Owners(session)
    deleted_inspections = {obj.uuid for obj in session.deleted if obj.__class__.__tablename__ == "inspection"}
    pending = []
    for obj in session.deleted:
        if not isinstance(obj, Tracked):
            continue
        table = obj.__table__  # type: ignore[attr-defined]
        values = _loaded(obj)
        owner = owners.of(table, values)
        if owner in deleted_inspections and table.name != "inspection":
            continue  # deleting a whole inspection is one event, not one per row it held
        pending.append(event(session.info.get("user", ""), DELETE, table.name, obj.uuid, owner,
                             _described(owners, table, values)))
    session.info[_DELETIONS] = pending


def record_flush(session: Session) -> None:
    """Write one event per row the flush created, changed or deleted."""
    who = session.info.get("user", "")
    owners = _Owners(session)
    events = session.info.pop(_DELETIONS, [])
    for obj in session.new:
        if isinstance(obj, Tracked):
            table = obj.__table__  # type: ignore[attr-defined]
            values = _loaded(obj)
            events.append(event(who, CREATE, table.name, obj.uuid, owners.of(table, values),
                                _described(owners, table, values)))
    for obj in session.dirty:
        if not isinstance(obj, Tracked) or obj in session.deleted:
            continue
        table = obj.__table__  # type: ignore[attr-defined]
        state = inspect(obj)
        changed: dict[str, Any] = {}
        for attr in state.mapper.column_attrs:
            if attr.key in BOOKKEEPING:
                continue
            history = state.attrs[attr.key].history
            if not history.added:
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0]
            if old == new:
                continue
            if table.c[attr.key].foreign_keys:
                old, new = owners.uuid_of(table, attr.key, old), owners.uuid_of(table, attr.key, new)
            changed[_field(table, attr.key)] = [json_value(old), json_value(new)]
        if changed:
            events.append(event(who, UPDATE, table.name, obj.uuid, owners.of(table, _loaded(obj)), changed))
    record(session.connection(), events)


def deletion_events(who: str, inspection_uuid: str, rows: Iterable[tuple[str, Mapping[str, Any]]],
                    session: Session, action: str = DELETE) -> list[dict[str, Any]]:
    """Events for rows removed or put back with Core statements (undo), described like the hook does."""
    owners = _Owners(session)
    return [event(who, action, name, values["uuid"], inspection_uuid,
                  _described(owners, Base.metadata.tables[name], values)) for name, values in rows]
