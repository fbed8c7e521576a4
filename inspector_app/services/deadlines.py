"""What comes next for each authority, and when: the council's deadlines and the next activity.

Gathers the facts the framework's rules need (``domain.next_activity``) from the inspections
held here: the authority's last grade (the overall judgement of its last published graded
inspection, or the previous grade recorded on its latest inspection), the monitoring and focused
visits since, and publication dates (from which working-day deadlines are counted).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from inspector_app.domain.enums import FindingKind, Grade, InspectionKind, InspectionStatus
from inspector_app.domain.next_activity import ActivityFacts, PlanItem, PlanItemKind, long_date, plan
from inspector_app.services.judgements import judgement_state
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404
from inspector_app.storage.models import Finding, Inspection, Publication


@dataclass(frozen=True)
class AuthorityPlan:
    authority: str
    grade: Grade | None
    grade_basis: str
    items: list[PlanItem] = field(default_factory=list)


def set_publication(ws: Workspace, inspection_id: int, published_on: date | None) -> None:
    """Record (or clear, with None) the day the report or letter was published."""
    with ws.db.session() as session:
        row = get_or_404(session, Inspection, inspection_id)
        existing = session.scalar(select(Publication).where(Publication.inspection_id == inspection_id))
        if published_on is None:
            if existing is not None:
                session.delete(existing)
            return
        if published_on < row.end_date:
            raise ValidationError(
                f"the publication date cannot be before the last day on site ({long_date(row.end_date)})")
        if existing is None:
            session.add(Publication(inspection_id=inspection_id, published_on=published_on))
        else:
            existing.published_on = published_on


def publication_date(ws: Workspace, inspection_id: int) -> date | None:
    with ws.db.read_session() as session:
        return session.scalar(select(Publication.published_on).where(Publication.inspection_id == inspection_id))


def authorities(ws: Workspace) -> list[str]:
    """Every authority with an inspection here, by name."""
    with ws.db.read_session() as session:
        names = session.scalars(select(Inspection.authority).distinct())
        return sorted({n.strip() for n in names}, key=str.casefold)


def kind_words(kind: InspectionKind) -> str:
    """ "focused visit", "ILACS standard inspection": lower case except acronyms, for a sentence."""
    first, _, rest = kind.label.partition(" ")
    return f"{first if first.isupper() else first.lower()} {rest}".strip()


def _published(row: Inspection, published: dict[int, date]) -> bool:
    return row.status is InspectionStatus.PUBLISHED or row.id in published


def _grade_of(ws: Workspace, row: Inspection) -> Grade | None:
    state = judgement_state(ws, row.id)
    if state.framework.has_overall:
        return state.overall.settled
    grades = [g for a in state.framework.areas if a.key_judgement and (g := state.grade(a.key)) is not None]
    return max(grades, key=lambda g: g.rank) if grades else None


def _facts(ws: Workspace, session: Session, rows: list[Inspection], today: date) -> tuple[ActivityFacts, str]:
    ids = [r.id for r in rows]
    published: dict[int, date] = dict(session.execute(
        select(Publication.inspection_id, Publication.published_on).where(Publication.inspection_id.in_(ids))).all())
    priority: set[int] = set(session.scalars(
        select(Finding.inspection_id).where(Finding.inspection_id.in_(ids), Finding.kind == FindingKind.PRIORITY_ACTION)
        .group_by(Finding.inspection_id).having(func.count() > 0)))
    graded = [r for r in rows if r.kind.graded and _published(r, published) and r.start_date <= today]
    grade: Grade | None = None
    graded_on: date | None = None
    graded_published: date | None = None
    basis = "No grade recorded for this authority yet"  # a fragment: the page ends the sentence
    if graded:
        last = graded[-1]
        grade = _grade_of(ws, last)
        graded_on, graded_published = last.end_date, published.get(last.id)
        basis = (f"{grade.short_label if grade else 'No overall grade'} at the {kind_words(last.kind)} that "
                 f"ended on {long_date(last.end_date)}")
    if grade is None:
        for row in reversed(rows):
            previous = {p.area_key: p.grade for p in row.previous_judgements}
            if row.previous_inspection_date is None and not previous:
                continue
            if "overall_effectiveness" in previous:
                grade, how = previous["overall_effectiveness"], "the previous grade"
            elif previous:
                grade, how = max(previous.values(), key=lambda g: g.rank), "the lowest previous judgement"
            elif row.kind is InspectionKind.MONITORING_VISIT:
                grade, how = Grade.INADEQUATE, "monitoring visits follow an inadequate judgement"
            else:
                continue
            graded_on, graded_published = row.previous_inspection_date, None
            when = (f"the inspection of {long_date(graded_on)}" if graded_on is not None
                    else "the previous inspection (its date is not recorded)")
            basis = (f"{grade.short_label} at {when} ({how}, recorded on the "
                     f"{kind_words(row.kind)} of {long_date(row.start_date)})")
            break
    after = graded_on or date.min
    monitoring = tuple(r.end_date for r in rows if r.kind is InspectionKind.MONITORING_VISIT
                       and r.end_date > after and r.start_date <= today)
    focused = tuple((r.end_date, published.get(r.id), r.id in priority) for r in rows
                    if r.kind is InspectionKind.FOCUSED_VISIT and r.end_date > after and r.start_date <= today)
    missing = bool(graded) and graded_on == graded[-1].end_date and graded_published is None
    numbers = [r.visit_number for r in rows if r.kind is InspectionKind.MONITORING_VISIT and r.end_date > after
               and r.start_date <= today and r.visit_number]
    under_way = [r for r in rows if r.kind.graded and not _published(r, published) and r.start_date <= today
                 and r.end_date > after]
    in_progress = ((under_way[-1].kind.label, under_way[-1].start_date, under_way[-1].end_date)
                   if under_way else None)
    return ActivityFacts(today=today, grade=grade, graded_on=graded_on, graded_published_on=graded_published,
                         monitoring_visits_since=monitoring, focused_visits_since=focused,
                         graded_publication_missing=missing, last_monitoring_number=max(numbers, default=None),
                         graded_in_progress=in_progress), basis


def authority_plan(ws: Workspace, authority: str, today: date | None = None) -> AuthorityPlan:
    today = today or date.today()
    key = authority.strip().casefold()
    with ws.db.read_session() as session:
        rows = [r for r in session.scalars(
            select(Inspection).options(selectinload(Inspection.previous_judgements))
            .order_by(Inspection.end_date, Inspection.id)) if r.authority.strip().casefold() == key]
        if not rows:
            raise ValidationError(f"no inspection of an authority called {authority.strip()!r} is held here")
        facts, basis = _facts(ws, session, rows, today)
        name = rows[-1].authority.strip()
        ids = [r.id for r in rows]
    items = plan(facts) + _escalation_items(ws, ids)
    items.sort(key=lambda i: (i.start is None, i.start or date.max, i.title))
    return AuthorityPlan(name, facts.grade, basis, items)


def _escalation_items(ws: Workspace, inspection_ids: list[int]) -> list[PlanItem]:
    """The council's responses still awaited on escalated children, by pseudonymous case reference only."""
    from inspector_app.services.escalations import LONDON, notices

    items = []
    for inspection_id in inspection_ids:
        for n in notices(ws, inspection_id):
            if n.response_on is None:
                items.append(PlanItem(PlanItemKind.ESCALATION, f"Council's response due on escalated case "
                                      f"{n.case_reference}", n.response_due, n.response_due,
                                      f"{n.response_working_days} working day(s) after the notice of "
                                      f"{long_date(n.notified_at.astimezone(LONDON).date())}"))
    return items


def authority_of(ws: Workspace, inspection_id: int) -> str:
    with ws.db.read_session() as session:
        return get_or_404(session, Inspection, inspection_id).authority


def all_plans(ws: Workspace, today: date | None = None, authority: str | None = None) -> list[AuthorityPlan]:
    names = [authority] if authority else authorities(ws)
    return [authority_plan(ws, name, today) for name in names]
