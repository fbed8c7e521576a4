"""The at-a-glance numbers for an inspection's overview page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from inspector_app.domain.enums import LegalStatus, Polarity
from inspector_app.domain.working_days import working_day_number, working_days_in
from inspector_app.services.inspections import get_inspection
from inspector_app.services.judgements import JudgementState, judgement_state
from inspector_app.services.workspace import Workspace
from inspector_app.storage.models import Case, Evidence, RecordAudit, TrackingNote


@dataclass(frozen=True)
class InspectorCounts:
    name: str
    evidence: int
    notes: int
    audits: int


@dataclass(frozen=True)
class AreaCounts:
    area_key: str
    name: str
    strengths: int
    developments: int


@dataclass(frozen=True)
class Overview:
    days_on_site: int
    day_of_visit: int | None
    cases: int
    audits: int
    evidence: int
    notes: int
    by_inspector: list[InspectorCounts]
    by_area: list[AreaCounts]
    by_legal_status: list[tuple[LegalStatus, int]]
    judgements: JudgementState


def overview(ws: Workspace, inspection_id: int, today: date | None = None) -> Overview:
    info = get_inspection(ws, inspection_id)
    state = judgement_state(ws, inspection_id)
    today = today or date.today()
    day = working_day_number(info.start_date, today) if today <= info.end_date else None
    with ws.db.read_session() as session:
        evidence_by: dict[str, int] = dict(session.execute(
            select(Evidence.created_by, func.count()).where(Evidence.inspection_id == inspection_id)
            .group_by(Evidence.created_by)).all())
        notes_by: dict[str, int] = dict(session.execute(
            select(TrackingNote.created_by, func.count()).join(Case, TrackingNote.case_id == Case.id)
            .where(Case.inspection_id == inspection_id).group_by(TrackingNote.created_by)).all())
        audits_by: dict[str, int] = dict(session.execute(
            select(RecordAudit.created_by, func.count()).join(Case, RecordAudit.case_id == Case.id)
            .where(Case.inspection_id == inspection_id).group_by(RecordAudit.created_by)).all())
        area_rows = session.execute(
            select(Evidence.area_key, Evidence.polarity, func.count()).where(Evidence.inspection_id == inspection_id)
            .group_by(Evidence.area_key, Evidence.polarity)).all()
        statuses = session.execute(
            select(Case.legal_status, func.count()).where(Case.inspection_id == inspection_id)
            .group_by(Case.legal_status)).all()
        case_count = session.scalar(select(func.count()).select_from(Case).where(Case.inspection_id == inspection_id))
    names = sorted(set(evidence_by) | set(notes_by) | set(audits_by), key=lambda n: (-evidence_by.get(n, 0), n))
    per_area: dict[tuple[str, Polarity], int] = {(a, p): n for a, p, n in area_rows}
    by_area = [AreaCounts(a.key, a.short_name, per_area.get((a.key, Polarity.STRENGTH), 0),
                          per_area.get((a.key, Polarity.DEVELOPMENT), 0)) for a in state.framework.areas]
    order = list(LegalStatus)
    return Overview(
        days_on_site=working_days_in(info.start_date, info.end_date), day_of_visit=day, cases=case_count or 0,
        audits=sum(audits_by.values()), evidence=sum(evidence_by.values()), notes=sum(notes_by.values()),
        by_inspector=[InspectorCounts(n, evidence_by.get(n, 0), notes_by.get(n, 0), audits_by.get(n, 0))
                      for n in names],
        by_area=by_area,
        by_legal_status=sorted(((s, n) for s, n in statuses), key=lambda x: order.index(x[0])),
        judgements=state,
    )
