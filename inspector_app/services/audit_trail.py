"""Reading the audit trail: one item's history, or a whole inspection's, in plain words.

There is deliberately no function here that changes an event: the trail is append-only (the
database's triggers refuse edits), and only a retention purge may redact what events say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.sql import Select

from inspector_app.domain.framework import Framework
from inspector_app.domain.refs import ENTITY_LABELS, evidence_ref
from inspector_app.domain.wording import plural
from inspector_app.services.judgements import hidden_from
from inspector_app.services.moderation import PROPOSAL_ENTITY, Blind, user_blind
from inspector_app.services.workspace import NotFoundError, ValidationError, Workspace, get_or_404
from inspector_app.storage import engines
from inspector_app.storage.base import Tracked
from inspector_app.storage.models import (
    AuditEvent,
    Case,
    Evidence,
    Finding,
    Inspection,
    Judgement,
    RecordAudit,
    TrackingNote,
)

ITEM_KINDS: dict[str, type[Tracked]] = {
    "inspection": Inspection, "case": Case, "note": TrackingNote, "audit": RecordAudit,
    "evidence": Evidence, "finding": Finding, "judgement": Judgement,
}
ACTION_LABELS = {"create": "Created", "update": "Changed", "delete": "Deleted", "restore": "Put back (undo)",
                 "import": "Imported", "merge": "Merge decision", "export": "Exported", "purge": "Purged"}
LABELS = {**ENTITY_LABELS, "bundle": "bundle", "report": "document", "database": "database"}
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
    refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # uuid -> "case AB-12"
    doubt: str | None = None  # why an imported event cannot be taken at its word; None: genuine

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def entity_label(self) -> str:
        return LABELS.get(self.entity, self.entity.replace("_", " "))

    @cached_property
    def summary(self) -> str:
        """Worked out once: the table asks for it on every repaint. A doubtful event says so first."""
        text = describe(self.action, self.entity, self.changes, self.refs)
        return f"NOT VERIFIED ({self.doubt}): {text}" if self.doubt else text

    def label_of(self, value: Any, key: str = "") -> Any:
        """A referenced item by name (a case reference, an evidence number), not by UUID; an enumeration by
        its label."""
        if not isinstance(value, str):
            return value
        return self.refs.get(value, value_label(self.entity, key, value))


@dataclass(frozen=True)
class HistoryFilter:
    who: str | None = None
    action: str | None = None
    text: str = ""


def _short(value: Any, limit: int = 60) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _named(value: Any, refs: dict[str, str]) -> Any:
    """A stored key or UUID (or a list of them) by its name: refs hold items' names and the framework's
    area and descriptor names, so the trail never shows "help_protection" or "hp.go1"."""
    if isinstance(value, list):
        return [refs.get(v, v) if isinstance(v, str) else v for v in value]
    return refs.get(value, value) if isinstance(value, str) else value


def _name(changes: dict[str, Any], refs: dict[str, str] | None = None) -> str:
    for key in _NAMING_FIELDS:
        if changes.get(key):
            return _short(_named(changes[key], refs or {}))
    return ""


def item_name(row: dict[str, Any], names: dict[str, str] | None = None) -> str:
    """An item as History names it when it is created: its reference, name or words, quoted; areas and
    descriptors by their framework names ("" when nothing names it)."""
    return _name(row, names)


def describe(action: str, entity: str, changes: dict[str, Any], refs: dict[str, str] | None = None) -> str:
    """What an event did, in a sentence an inspector or an auditor can read."""
    refs = refs or {}
    if changes.get("redacted"):
        return "Details removed by the retention purge"
    if action == "update":
        def shown(key: str, value: Any) -> str:
            if isinstance(value, str):
                return _short(refs.get(value, value_label(entity, key, value)), 40)
            return _short(_named(value, refs), 80 if isinstance(value, list) else 40)

        return "; ".join(f"{field_label(key)}: {shown(key, old)} → {shown(key, new)}"
                         for key, (old, new) in changes.items())
    if action == "import":
        counts = changes.get("counts", {})
        return (f"Bundle from {changes.get('from', '?')}: {counts.get('added', 0)} added, "
                f"{counts.get('updated', 0)} updated, {counts.get('deleted', 0)} deleted, "
                f"{plural(counts.get('conflict', 0), 'conflict')}"
                + ("; accepted once although its signer is not on the team roster"
                   if changes.get("accepted_unknown_signer") else ""))
    if action == "merge":
        return f"Conflict with {changes.get('from', '?')}'s bundle: {DECISIONS.get(str(changes.get('decision')), '?')}"
    if action == "export" and entity == "bundle":
        return f"Bundle for {changes.get('recipient', '?')} ({changes.get('file', '')})"
    if action == "export":
        return f"{changes.get('document', 'Document')} saved as {changes.get('file', '?')}"
    if action == "purge":
        return str(changes.get("summary", "Case-identifying details removed"))
    linked = [refs[v] for k, v in changes.items() if k.endswith("_uuid") and v in refs]
    return _name(changes, refs) or " ↔ ".join(linked)


def value_label(entity: str, key: str, value: Any) -> Any:
    """An enumeration's label ("Requires improvement"), not its stored value ("requires_improvement")."""
    from sqlalchemy import Enum as SAEnum

    from inspector_app.storage.base import Base

    table = Base.metadata.tables.get(entity)
    column = table.c.get(key) if table is not None else None
    enum_class = getattr(column.type, "enum_class", None) if column is not None else None
    if isinstance(value, str) and isinstance(getattr(column, "type", None), SAEnum) and enum_class is not None:
        try:
            return getattr(enum_class(value), "label", value)
        except ValueError:
            return value
    return value


_FIELD_LABELS = {"area_key": "area"}


def field_label(key: str) -> str:
    return _FIELD_LABELS.get(key) or key.removesuffix("_uuid").replace("_", " ")


def framework_names(framework: Framework) -> dict[str, str]:
    """The framework's areas and grade descriptors by the names its pages use: an area by its short name,
    a descriptor by its area, grade and words (shortened where it is shown)."""
    names: dict[str, str] = {}
    for area in framework.areas:
        names[area.key] = area.short_name
        for d in area.descriptors:
            grade = f" · {d.grade.short_label}" if d.grade else ""
            names[d.key] = f"{area.short_name}{grade}: {d.text}"
    return names


def _framework_names(ws: Workspace, session: Any, events: list[AuditEvent]) -> dict[str, str]:
    """Names for the area and descriptor keys in events, from the frameworks of their inspections."""
    wanted = {e.inspection_uuid for e in events if e.inspection_uuid}
    names: dict[str, str] = {}
    for framework_id, version in session.execute(select(Inspection.framework_id, Inspection.framework_version)
                                                 .where(Inspection.uuid.in_(wanted)).distinct()):
        try:
            names.update(framework_names(ws.framework_for(framework_id, version)))
        except ValidationError:  # a framework file no longer installed: its keys are shown as stored
            continue
    return names


def _references(session: Any, events: list[AuditEvent]) -> dict[str, str]:
    """Names for the items events point to, looked up in one query per kind of item."""
    wanted: set[str] = set()
    for e in events:
        for key, value in (e.changes or {}).items():
            if key.endswith("_uuid"):
                wanted.update(v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str))
    if not wanted:
        return {}
    named = ((Case, Case.reference, "case {}"), (Evidence, Evidence.ref, "evidence {}"),
             (Finding, Finding.text, "finding {}"), (RecordAudit, RecordAudit.record_type, "audit of {}"),
             (Inspection, Inspection.authority, "{}"))
    refs: dict[str, str] = {}
    chunk = list(wanted)
    for model, column, pattern in named:
        for start in range(0, len(chunk), 500):
            for row_uuid, value in session.execute(select(model.uuid, column).where(
                    model.uuid.in_(chunk[start:start + 500]))):
                shown = evidence_ref(value) if model is Evidence else (
                    value.label.lower() if hasattr(value, "label") else _short(value, 40))
                refs[row_uuid] = pattern.format(shown)
    return refs


def _entries(ws: Workspace, session: Any, events: list[AuditEvent]) -> list[AuditEntry]:
    refs = {**_framework_names(ws, session, events), **_references(session, events)}
    return [AuditEntry(e.id, e.at, e.who, e.action, e.entity, e.row_uuid, dict(e.changes or {}), refs, e.doubt)
            for e in events]


JUDGEMENT_ENTITY = Judgement.__tablename__  # the lead's grades, as the trail names them


def _filtered(inspection_uuid: str, flt: HistoryFilter, blind: Blind | None = None,
              grades_hidden: bool = False) -> Select[Any]:
    query = select(AuditEvent).where(AuditEvent.inspection_uuid == inspection_uuid)
    if blind is not None and blind.active:  # others' grade proposals stay hidden until moderation opens
        query = query.where(or_(AuditEvent.entity != PROPOSAL_ENTITY,
                                func.lower(AuditEvent.who) == blind.viewer.strip().lower()))
    if grades_hidden:  # and so does the lead's working board, from a team inspector (judgements.hidden_from)
        query = query.where(AuditEvent.entity != JUDGEMENT_ENTITY)
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


def _query(ws: Workspace, inspection_id: int, flt: HistoryFilter | None) -> Select[Any]:
    with ws.db.read_session() as session:
        blind = user_blind(session, inspection_id, ws.user)
        hidden = _grades_hidden(ws, session, inspection_id)
    return _filtered(_inspection_uuid(ws, inspection_id), flt or HistoryFilter(), blind, hidden)


def _grades_hidden(ws: Workspace, session: Any, inspection_id: int) -> bool:
    inspection = get_or_404(session, Inspection, inspection_id)
    return hidden_from(session, inspection, ws.framework_of(inspection).graded, ws.user)


def inspection_history(ws: Workspace, inspection_id: int, flt: HistoryFilter | None = None, offset: int = 0,
                       limit: int = PAGE_SIZE) -> list[AuditEntry]:
    """The inspection's events, newest first, a page at a time."""
    query = _query(ws, inspection_id, flt)
    with ws.db.read_session() as session:
        events = session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                 .offset(offset).limit(limit)).all()
        return _entries(ws, session, list(events))


def count_history(ws: Workspace, inspection_id: int, flt: HistoryFilter | None = None) -> int:
    query = _query(ws, inspection_id, flt)
    with ws.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def history_people(ws: Workspace, inspection_id: int) -> list[str]:
    inspection_uuid = _inspection_uuid(ws, inspection_id)
    with ws.db.read_session() as session:
        return sorted(session.scalars(select(AuditEvent.who).distinct()
                                      .where(AuditEvent.inspection_uuid == inspection_uuid)))


def item_history(ws: Workspace, kind: str, row_id: int) -> list[AuditEntry]:
    """Everything that happened to one item, oldest first: who made it, each change, any undo or merge.

    A case's history includes its tracking notes and record audits, as the case page shows them.
    """
    model = ITEM_KINDS.get(kind)
    if model is None:
        raise NotFoundError(f"there is no history for {kind!r}")
    with ws.db.read_session() as session:
        row_uuid = get_or_404(session, model, row_id).uuid
        related = _case_parts(session, row_uuid) if kind == "case" else set()
        events = session.scalars(select(AuditEvent).where(AuditEvent.row_uuid.in_({row_uuid, *related}))
                                 .order_by(AuditEvent.at, AuditEvent.id)).all()
        return _entries(ws, session, list(events))


def judgement_history(ws: Workspace, inspection_id: int, area_key: str) -> list[AuditEntry]:
    """Every grade and rationale an area (or, with the framework's overall key, the overall judgement) has had."""
    with ws.db.read_session() as session:
        if _grades_hidden(ws, session, inspection_id):
            return []
        judgement_id = session.scalar(select(Judgement.id).where(Judgement.inspection_id == inspection_id,
                                                                 Judgement.area_key == area_key))
    return item_history(ws, "judgement", judgement_id) if judgement_id is not None else []


def _case_parts(session: Any, case_uuid: str) -> set[str]:
    """The case's tracking notes and record audits, including deleted ones (their events name the case)."""
    named = session.scalars(select(AuditEvent.row_uuid).where(
        AuditEvent.entity.in_(("tracking_note", "record_audit")),
        engines.ops(session).json_text_field(AuditEvent.changes, "case_uuid") == case_uuid))
    case_id = select(Case.id).where(Case.uuid == case_uuid).scalar_subquery()
    current = [*session.scalars(select(TrackingNote.uuid).where(TrackingNote.case_id == case_id)),
               *session.scalars(select(RecordAudit.uuid).where(RecordAudit.case_id == case_id))]
    return {u for u in named if u} | set(current)


def record_event(ws: Workspace, inspection_id: int, action: str, entity: str, changes: dict[str, Any],
                 row_uuid: str | None = None) -> None:
    """Add an event for something that is not a row change, such as a document leaving the app.

    A database opened read-only (to rescue a damaged one) cannot record anything; the export goes ahead.
    """
    from inspector_app.storage import audit

    if ws.db.read_only:
        return
    with ws.db.session() as session:
        inspection_uuid = get_or_404(session, Inspection, inspection_id).uuid
        audit.record(session, [audit.event(ws.user, action, entity, row_uuid, inspection_uuid, changes)])
