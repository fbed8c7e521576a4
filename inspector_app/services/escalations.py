"""Escalation carried through: the notice to the council about a child at risk, and its response.

A case already records that it was escalated (when, to whom). The notice adds what was raised,
when the council must respond (counted in England's working days, like every council deadline)
and what it answered. Escalations are internal: no published document reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from inspector_app.domain.working_days import add_working_days
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404, require_text
from inspector_app.storage.models import Case, EscalationNotice, Inspection

LONDON = ZoneInfo("Europe/London")
DEFAULT_RESPONSE_WORKING_DAYS = 1


@dataclass(frozen=True)
class EscalationInfo:
    id: int
    case_id: int
    case_reference: str
    inspection_id: int
    authority: str
    raised: str
    notified_to: str
    notified_at: datetime
    response_working_days: int
    response_due: date
    response_on: date | None
    response: str

    def overdue(self, today: date) -> bool:
        return self.response_on is None and self.response_due < today


def _info(row: EscalationNotice, case: Case, inspection: Inspection) -> EscalationInfo:
    return EscalationInfo(row.id, case.id, case.reference, inspection.id, inspection.authority, row.raised,
                          row.notified_to, row.notified_at, row.response_working_days, row.response_due,
                          row.response_on, row.response)


def record_notice(ws: Workspace, case_id: int, *, raised: str, notified_to: str, notified_at: datetime | None = None,
                  response_working_days: int = DEFAULT_RESPONSE_WORKING_DAYS) -> EscalationInfo:
    """Record the notice given to the council; the response is due that many working days later."""
    what = require_text(raised, "what was raised with the council")
    whom = require_text(notified_to, "who at the council was told")
    if not 0 <= response_working_days <= 60:
        raise ValidationError("the council's response is due within 0 to 60 working days")
    when = notified_at or datetime.now(UTC)
    if when.tzinfo is None:
        raise ValidationError("the time of the notice needs a time zone")
    if when > datetime.now(UTC):
        raise ValidationError("the notice cannot be dated in the future")
    due = add_working_days(when.astimezone(LONDON).date(), response_working_days)
    with ws.db.session() as session:
        case = get_or_404(session, Case, case_id)
        row = EscalationNotice(case_id=case_id, raised=what, notified_to=whom, notified_at=when,
                               response_working_days=response_working_days, response_due=due)
        session.add(row)
        if case.escalated_at is None:
            case.escalated_at, case.escalated_to = when, whom
        session.flush()
        return _info(row, case, case.inspection)


def record_response(ws: Workspace, notice_id: int, *, response_on: date, response: str) -> EscalationInfo:
    text = require_text(response, "the council's response")
    with ws.db.session() as session:
        row = get_or_404(session, EscalationNotice, notice_id)
        if response_on < row.notified_at.astimezone(LONDON).date():
            raise ValidationError("the response cannot be before the notice")
        if response_on > date.today():
            raise ValidationError("the response cannot be dated in the future")
        row.response_on, row.response = response_on, text
        case = session.get(Case, row.case_id)
        assert case is not None
        return _info(row, case, case.inspection)


def notices(ws: Workspace, inspection_id: int | None = None, *, case_id: int | None = None) -> list[EscalationInfo]:
    """Escalations of an inspection (or of one case, or of every inspection), oldest first."""
    with ws.db.read_session() as session:
        query = (select(EscalationNotice, Case, Inspection).join(Case, EscalationNotice.case_id == Case.id)
                 .join(Inspection, Case.inspection_id == Inspection.id).order_by(EscalationNotice.notified_at))
        if inspection_id is not None:
            query = query.where(Case.inspection_id == inspection_id)
        if case_id is not None:
            query = query.where(EscalationNotice.case_id == case_id)
        return [_info(n, c, i) for n, c, i in session.execute(query).all()]


def overdue(ws: Workspace, inspection_id: int | None = None, today: date | None = None) -> list[EscalationInfo]:
    today = today or date.today()
    return [n for n in notices(ws, inspection_id) if n.overdue(today)]
