"""Reading the audit trail: one item's history, or a whole inspection's, in plain words.

There is deliberately no function here that changes an event: the trail is append-only (the
database's triggers refuse edits), and only a retention purge may redact what events say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.sql import Select

from inspector_app.bundles.rows import LABELS
from inspector_app.services.workspace import NotFoundError, Workspace, get_or_404
from inspector_app.storage.models import AuditEvent, Case, Evidence, Finding, Inspection, RecordAudit, TrackingNote

ITEM_KINDS = {"inspection": Inspection, "case": Case, "note": TrackingNote, "audit": RecordAudit,
              "evidence": Evidence, "finding": Finding}
ACTION_LABELS = {"create": "Created", "update": "Changed", "delete": "Deleted", "restore": "Put back (undo)",
                 "import": "Imported", "merge": "Merge decision", "export": "Exported", "purge": "Purged"}
ENTITY_LABELS = {**LABELS, "bundle": "bundle", "report": "document", "database": "database"}
DECISIONS = {"mine": "kept mine", "theirs": "took theirs", "both": "kept both"}
_NAMING_FIELDS = ("reference", "name", "text", "note", "area_key", "grade", "authority", "filename")
PAGE_SIZE = 500


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    who: str
    action: str
    entity: str
    row_uuid: str | None
    changes: dict[str, Any]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity.replace("_", " "))

    @property
    def summary(self) -> str:
        return describe(self.action, self.entity, self.changes)


@dataclass(frozen=True)
class HistoryFilter:
    who: str | None = None
    action: str | None = None
    text: str = ""


def _short(value: Any, limit: int = 60) -> str:
    if value is None or value == "":
        return "(empty)"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _name(changes: dict[str, Any]) -> str:
    for key in _NAMING_FIELDS:
        if changes.get(key):
            return _short(changes[key])
    return ""


def describe(action: str, entity: str, changes: dict[str, Any]) -> str:
    """What an event did, in a sentence an inspector or an auditor can read."""
    if changes.get("redacted"):
        return "Details removed by the retention purge"
    if action == "update":
        return "; ".join(f"{key.replace('_', ' ')}: {_short(old, 40)} → {_short(new, 40)}"
                         for key, (old, new) in changes.items())
    if action == "import":
        counts = changes.get("counts", {})
        return (f"Bundle from {changes.get('from', '?')}: {counts.get('added', 0)} added, "
                f"{counts.get('updated', 0)} updated, {counts.get('deleted', 0)} deleted, "
                f"{counts.get('conflict', 0)} conflicts")
    if action == "merge":
        return f"Conflict with {changes.get('from', '?')}'s bundle: {DECISIONS.get(changes.get('decision'), '?')}"
    if action == "export" and entity == "bundle":
        return f"Bundle for {changes.get('recipient', '?')} ({changes.get('file', '')})"
    if action == "export":
        return f"{changes.get('document', 'Document')} saved as {changes.get('file', '?')}"
    if action == "purge":
        return str(changes.get("summary", "Case-identifying details removed"))
    return _name(changes)


def _entry(event: AuditEvent) -> AuditEntry:
    return AuditEntry(event.id, event.at, event.who, event.action, event.entity, event.row_uuid,
                      dict(event.changes or {}))


def _filtered(inspection_uuid: str, flt: HistoryFilter) -> Select[Any]:
    query = select(AuditEvent).where(AuditEvent.inspection_uuid == inspection_uuid)
    if flt.who:
        query = query.where(AuditEvent.who == flt.who)
    if flt.action:
        query = query.where(AuditEvent.action == flt.action)
    if flt.text.strip():
        needle = f"%{flt.text.strip()}%"
        query = query.where(or_(cast(AuditEvent.changes, String).ilike(needle), AuditEvent.who.ilike(needle),
                                AuditEvent.entity.ilike(needle)))
    return query


def _inspection_uuid(ws: Workspace, inspection_id: int) -> str:
    with ws.db.read_session() as session:
        return get_or_404(session, Inspection, inspection_id).uuid


def inspection_history(ws: Workspace, inspection_id: int, flt: HistoryFilter | None = None, offset: int = 0,
                       limit: int = PAGE_SIZE) -> list[AuditEntry]:
    """The inspection's events, newest first, a page at a time."""
    query = _filtered(_inspection_uuid(ws, inspection_id), flt or HistoryFilter())
    with ws.db.read_session() as session:
        events = session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                 .offset(offset).limit(limit))
        return [_entry(e) for e in events]


def count_history(ws: Workspace, inspection_id: int, flt: HistoryFilter | None = None) -> int:
    query = _filtered(_inspection_uuid(ws, inspection_id), flt or HistoryFilter())
    with ws.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def history_people(ws: Workspace, inspection_id: int) -> list[str]:
    inspection_uuid = _inspection_uuid(ws, inspection_id)
    with ws.db.read_session() as session:
        return sorted(session.scalars(select(AuditEvent.who).distinct()
                                      .where(AuditEvent.inspection_uuid == inspection_uuid)))


def item_history(ws: Workspace, kind: str, row_id: int) -> list[AuditEntry]:
    """Everything that happened to one item, oldest first: who made it, each change, any undo or merge."""
    model = ITEM_KINDS.get(kind)
    if model is None:
        raise NotFoundError(f"there is no history for {kind!r}")
    with ws.db.read_session() as session:
        row_uuid = get_or_404(session, model, row_id).uuid
        events = session.scalars(select(AuditEvent).where(AuditEvent.row_uuid == row_uuid)
                                 .order_by(AuditEvent.at, AuditEvent.id))
        return [_entry(e) for e in events]


def record_event(ws: Workspace, inspection_id: int, action: str, entity: str, changes: dict[str, Any],
                 row_uuid: str | None = None) -> None:
    """Add an event for something that is not a row change, such as a document leaving the app."""
    from inspector_app.storage import audit

    with ws.db.session() as session:
        inspection_uuid = get_or_404(session, Inspection, inspection_id).uuid
        audit.record(session, [audit.event(ws.user, action, entity, row_uuid, inspection_uuid, changes)])
