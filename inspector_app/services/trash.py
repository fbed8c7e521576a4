"""Deleting rows so they can be put back exactly: the core of undo for every kind of delete.

A delete takes a snapshot of the row, every row its deletion would cascade to, and every
reference it would set to NULL; restoring re-inserts them with the same ids and UUIDs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, insert, inspect, select, update
from sqlalchemy import delete as delete_rows
from sqlalchemy.orm import Mapper, Session

from inspector_app.services.workspace import Workspace, get_or_404
from inspector_app.storage import audit
from inspector_app.storage.base import Base
from inspector_app.storage.models import Case, Evidence, Finding, Inspection, RecordAudit, Tombstone, TrackingNote

DELETABLE: dict[str, type[Base]] = {
    "case": Case, "note": TrackingNote, "audit": RecordAudit, "evidence": Evidence, "finding": Finding,
}


@dataclass(frozen=True)
class Deleted:
    """What a delete removed, parents before children, and the links it cut."""

    kind: str
    row_id: int
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    unlinked: list[tuple[str, int, str, int]] = field(default_factory=list)  # table, id, column, old value
    inspection_uuid: str = ""  # whose rows they were: restoring them is checked like any change



def _table(mapper: Mapper[Any]) -> Table:
    return cast(Table, mapper.local_table)  # every deletable model maps exactly one table


def _collect(session: Session, mapper: Mapper[Any], row_id: int, out: Deleted, seen: set[tuple[str, int]]) -> None:
    table = _table(mapper)
    key = (table.name, row_id)
    if key in seen:
        return
    seen.add(key)
    values = session.execute(select(table).where(table.c.id == row_id)).mappings().one()
    out.rows.append((table.name, dict(values)))
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is not table:
                continue
            column = fk.parent
            ids: list[int] = list(session.scalars(select(other.c.id).where(column == row_id)))
            if fk.ondelete == "SET NULL":
                out.unlinked.extend((other.name, i, column.name, row_id) for i in ids)
            else:  # CASCADE: the child goes too
                child_mapper = next(m for m in Base.registry.mappers if m.local_table is other)
                for child_id in ids:
                    _collect(session, child_mapper, child_id, out, seen)


def _inspection_uuid(row: Base) -> str:
    owner = row
    for hop in ("case", "finding"):
        owner = getattr(owner, hop, None) or owner
    return str(owner.inspection.uuid)  # type: ignore[attr-defined]


def _require_may_change(session: Session, ws: Workspace, inspection_uuid: str, tables: set[str]) -> None:
    """Deleting and restoring write with Core statements, which the flush-time role check never sees."""
    from inspector_app.services import permissions

    inspection_id = session.scalar(select(Inspection.id).where(Inspection.uuid == inspection_uuid))
    if inspection_id is not None:
        permissions.require_may_change(session, inspection_id, ws.user, tables)


def delete(ws: Workspace, kind: str, row_id: int) -> Deleted:
    """Delete a row (and what cascades from it), leaving tombstones so the deletion can travel."""
    from inspector_app.storage.rows import row_history

    model = DELETABLE[kind]
    with ws.db.session() as session:
        row = get_or_404(session, model, row_id)
        inspection_uuid = _inspection_uuid(row)
        deleted = Deleted(kind, row_id, inspection_uuid=inspection_uuid)
        _collect(session, inspect(model), row_id, deleted, set())
        _require_may_change(session, ws, inspection_uuid, {name for name, _values in deleted.rows})
        for table_name, values in deleted.rows:
            session.add(Tombstone(entity=table_name, row_uuid=values["uuid"], inspection_uuid=inspection_uuid,
                                  deleted_by=ws.user, history=row_history(session, table_name, values)))
        audit.record(session, audit.deletion_events(ws.user, inspection_uuid, deleted.rows, session))
        table = _table(inspect(model))
        session.execute(delete_rows(table).where(table.c.id == row_id))  # the database cascades to the rest
    return deleted


def restore(ws: Workspace, deleted: Deleted) -> None:
    tables = {t.name: t for t in Base.metadata.sorted_tables}
    order = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    with ws.db.session() as session:
        if deleted.inspection_uuid:
            _require_may_change(session, ws, deleted.inspection_uuid, {name for name, _values in deleted.rows})
        uuids = [values["uuid"] for _name, values in deleted.rows]
        session.execute(delete_rows(Tombstone).where(Tombstone.row_uuid.in_(uuids)))
        for name, values in sorted(deleted.rows, key=lambda r: order[r[0]]):
            session.execute(insert(tables[name]).values(**values))
        for name, row, column, value in deleted.unlinked:
            table = tables[name]
            session.execute(update(table).where(table.c.id == row).values({column: value}))
        inspection_uuid = _inspection_uuid(get_or_404(session, DELETABLE[deleted.kind], deleted.row_id))
        audit.record(session, audit.deletion_events(ws.user, inspection_uuid, deleted.rows, session, audit.RESTORE))
