"""What the Overview shows beyond the visit itself: what comes next, overdue escalations, open recommendations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspector_app.domain.next_activity import PlanItem
from inspector_app.services import deadlines, escalations, recommendations
from inspector_app.services.escalations import EscalationInfo
from inspector_app.services.workspace import Workspace


@dataclass(frozen=True)
class Outlook:
    authority: str
    grade_basis: str
    upcoming: list[PlanItem]
    overdue_escalations: list[EscalationInfo]
    open_escalations: int
    open_recommendations: int


def outlook(ws: Workspace, inspection_id: int, today: date | None = None) -> Outlook:
    today = today or date.today()
    authority = deadlines.authority_of(ws, inspection_id)
    plan = deadlines.authority_plan(ws, authority, today)
    notices = escalations.notices(ws, inspection_id)
    recs = recommendations.follow_up(ws, inspection_id)
    return Outlook(
        authority=plan.authority, grade_basis=plan.grade_basis,
        upcoming=[i for i in plan.items if not i.passed(today)],
        overdue_escalations=[n for n in notices if n.overdue(today)],
        open_escalations=sum(1 for n in notices if n.response_on is None),
        open_recommendations=sum(1 for r in recs if r.is_open),
    )
