"""Sampled cases, their tracking-note timelines and the records audited on them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import func, select

from inspector_app.domain.enums import AgeBand, Grade, LegalStatus, RecordType, SelectionReason
from inspector_app.services import validation
from inspector_app.services.dto import AuditInfo, CaseInfo, NoteInfo
from inspector_app.services.workspace import (
    ValidationError,
    Workspace,
    get_or_404,
    reject_unknown,
    require_text,
)
from inspector_app.storage.models import Case, Evidence, Inspection, RecordAudit, TrackingNote

_CASE_FIELDS = {"reference", "initials", "age_band", "legal_status", "team", "selection_reason", "summary"}
_AUDIT_FIELDS = {"record_type", "record_date", "quality", "timely", "note"}


def _case_info(row: Case, notes: int = 0, audits: int = 0, evidence: int = 0) -> CaseInfo:
    return CaseInfo(
        id=row.id, uuid=row.uuid, inspection_id=row.inspection_id, reference=row.reference,
        initials=row.initials, age_band=row.age_band, legal_status=row.legal_status, team=row.team,
        selection_reason=row.selection_reason, summary=row.summary, created_by=row.created_by,
        escalated_at=row.escalated_at, escalated_to=row.escalated_to,
        note_count=notes, audit_count=audits, evidence_count=evidence,
    )


def _note_info(row: TrackingNote) -> NoteInfo:
    return NoteInfo(row.id, row.uuid, row.case_id, row.noted_at, row.text, row.created_by)


def _audit_info(row: RecordAudit, reference: str) -> AuditInfo:
    return AuditInfo(
        id=row.id, uuid=row.uuid, case_id=row.case_id, case_reference=reference,
        record_type=row.record_type, record_date=row.record_date, quality=row.quality,
        timely=row.timely, note=row.note, author=row.created_by,
    )


def _normalise_case(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "reference" in out:
        out["reference"] = require_text(out["reference"], "the case reference")
    if "initials" in out:
        initials = (out["initials"] or "").strip().upper()
        if len(initials) > 4 or " " in initials:
            raise ValidationError("initials are up to four letters, not a name")
        out["initials"] = initials
    for key, enum in (("age_band", AgeBand), ("legal_status", LegalStatus), ("selection_reason", SelectionReason)):
        if out.get(key) is not None:
            out[key] = enum(out[key])
    validation.require("case_record", out)  # the rules an import obeys too
    return out


def _check_unique_reference(session: Any, inspection_id: int, reference: str, except_id: int | None = None) -> None:
    query = select(Case.id).where(Case.inspection_id == inspection_id, Case.reference == reference)
    if except_id is not None:
        query = query.where(Case.id != except_id)
    if session.scalar(query) is not None:
        raise ValidationError(f"this inspection already has a case with reference {reference}")


def add_case(
    ws: Workspace,
    inspection_id: int,
    *,
    reference: str,
    legal_status: LegalStatus,
    selection_reason: SelectionReason = SelectionReason.TRACKED,
    initials: str = "",
    age_band: AgeBand | None = None,
    team: str = "",
    summary: str = "",
) -> CaseInfo:
    values = _normalise_case(dict(
        reference=reference, legal_status=legal_status, selection_reason=selection_reason,
        initials=initials, age_band=age_band, team=team.strip(), summary=summary.strip(),
    ))
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        _check_unique_reference(session, inspection_id, values["reference"])
        row = Case(inspection_id=inspection_id, **values)
        session.add(row)
        session.flush()
        return _case_info(row)


def update_case(ws: Workspace, case_id: int, **changes: Any) -> CaseInfo:
    reject_unknown(changes, _CASE_FIELDS)
    values = _normalise_case(changes)
    with ws.db.session() as session:
        row = get_or_404(session, Case, case_id)
        if "reference" in values:
            _check_unique_reference(session, row.inspection_id, values["reference"], row.id)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return _case_info(row)


def delete_case(ws: Workspace, case_id: int) -> None:
    from inspector_app.services import trash

    trash.delete(ws, "case", case_id)


def list_cases(
    ws: Workspace,
    inspection_id: int,
    *,
    text: str = "",
    legal_status: LegalStatus | None = None,
    selection_reason: SelectionReason | None = None,
) -> list[CaseInfo]:
    notes = select(func.count(TrackingNote.id)).where(TrackingNote.case_id == Case.id).scalar_subquery()
    audits = select(func.count(RecordAudit.id)).where(RecordAudit.case_id == Case.id).scalar_subquery()
    evidence = select(func.count(Evidence.id)).where(Evidence.case_id == Case.id).scalar_subquery()
    query = select(Case, notes, audits, evidence).where(Case.inspection_id == inspection_id)
    if text.strip():
        pattern = f"%{text.strip()}%"
        query = query.where(
            Case.reference.ilike(pattern) | Case.team.ilike(pattern) | Case.initials.ilike(pattern)
            | Case.summary.ilike(pattern)
        )
    if legal_status is not None:
        query = query.where(Case.legal_status == legal_status)
    if selection_reason is not None:
        query = query.where(Case.selection_reason == selection_reason)
    with ws.db.read_session() as session:
        rows = cast("Sequence[tuple[Case, int, int, int]]", session.execute(query.order_by(Case.reference)).all())
        return [_case_info(*row) for row in rows]


class CaseChoice(NamedTuple):
    id: int
    reference: str
    legal_status: LegalStatus

    @property
    def label(self) -> str:
        return f"{self.reference} ({self.legal_status.label.lower()})"


def case_choices(ws: Workspace, inspection_id: int) -> list[CaseChoice]:
    """Every case's id, reference and legal status, for pickers: cheap even for thousands of cases."""
    query = (select(Case.id, Case.reference, Case.legal_status).where(Case.inspection_id == inspection_id)
             .order_by(Case.reference))
    with ws.db.read_session() as session:
        return [CaseChoice(*row) for row in session.execute(query)]


def get_case(ws: Workspace, case_id: int) -> CaseInfo:
    with ws.db.read_session() as session:
        return _case_info(get_or_404(session, Case, case_id))


def add_note(ws: Workspace, case_id: int, text: str, noted_at: datetime | None = None) -> NoteInfo:
    with ws.db.session() as session:
        get_or_404(session, Case, case_id)
        row = TrackingNote(
            case_id=case_id, text=require_text(text, "a tracking note"),
            noted_at=noted_at or datetime.now(UTC),
        )
        validation.require("tracking_note", {"text": row.text, "noted_at": row.noted_at})
        session.add(row)
        session.flush()
        return _note_info(row)


def update_note(ws: Workspace, note_id: int, text: str) -> NoteInfo:
    with ws.db.session() as session:
        row = get_or_404(session, TrackingNote, note_id)
        row.text = require_text(text, "a tracking note")
        validation.require("tracking_note", {"text": row.text})
        session.flush()
        return _note_info(row)


def delete_note(ws: Workspace, note_id: int) -> None:
    from inspector_app.services import trash

    trash.delete(ws, "note", note_id)


def list_notes(ws: Workspace, case_id: int) -> list[NoteInfo]:
    with ws.db.read_session() as session:
        rows = session.scalars(
            select(TrackingNote).where(TrackingNote.case_id == case_id).order_by(TrackingNote.noted_at)
        )
        return [_note_info(r) for r in rows]


def _normalise_audit(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "record_type" in out:
        out["record_type"] = RecordType(out["record_type"])
    if out.get("quality") is not None:
        out["quality"] = Grade(out["quality"])
    if "note" in out:
        out["note"] = (out["note"] or "").strip()
    if "record_date" in out and not isinstance(out["record_date"], date):
        raise ValidationError("the record's date is missing")
    validation.require("record_audit", out)
    return out


def add_audit(
    ws: Workspace,
    case_id: int,
    *,
    record_type: RecordType,
    record_date: date,
    quality: Grade | None = None,
    timely: bool | None = None,
    note: str = "",
) -> AuditInfo:
    values = _normalise_audit(dict(record_type=record_type, record_date=record_date, quality=quality,
                                   timely=timely, note=note))
    with ws.db.session() as session:
        case = get_or_404(session, Case, case_id)
        row = RecordAudit(case_id=case_id, **values)
        session.add(row)
        session.flush()
        return _audit_info(row, case.reference)


def update_audit(ws: Workspace, audit_id: int, **changes: Any) -> AuditInfo:
    reject_unknown(changes, _AUDIT_FIELDS)
    values = _normalise_audit(changes)
    with ws.db.session() as session:
        row = get_or_404(session, RecordAudit, audit_id)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return _audit_info(row, row.case.reference)


def delete_audit(ws: Workspace, audit_id: int) -> None:
    from inspector_app.services import trash

    trash.delete(ws, "audit", audit_id)


def list_audits(
    ws: Workspace, inspection_id: int, *, case_id: int | None = None,
    record_type: RecordType | None = None,
) -> list[AuditInfo]:
    query = (
        select(RecordAudit, Case.reference)
        .join(Case, RecordAudit.case_id == Case.id)
        .where(Case.inspection_id == inspection_id)
    )
    if case_id is not None:
        query = query.where(RecordAudit.case_id == case_id)
    if record_type is not None:
        query = query.where(RecordAudit.record_type == record_type)
    with ws.db.read_session() as session:
        rows = session.execute(query.order_by(Case.reference, RecordAudit.record_date)).all()
        return [_audit_info(a, ref) for a, ref in rows]
