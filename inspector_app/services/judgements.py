"""The lead inspector's grades, and overall effectiveness as the framework's rule allows it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.enums import Grade, InspectionStatus, OverallRule, TeamRole
from inspector_app.domain.framework import OVERALL_KEY
from inspector_app.domain.rules import OverallAssessment, OverallRuleError, assess_overall
from inspector_app.frameworks import Framework
from inspector_app.services import roles, validation
from inspector_app.services.dto import JudgementInfo
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404
from inspector_app.storage.models import Inspection, Judgement, ModerationSession


@dataclass(frozen=True)
class JudgementState:
    """Every area's judgement so far and what the overall rule makes of them."""

    framework: Framework
    areas: dict[str, JudgementInfo]
    overall: OverallAssessment
    overall_rationale: str
    hidden: bool = False  # the lead's working grades, kept from a team inspector until moderation opens

    def grade(self, area_key: str) -> Grade | None:
        info = self.areas.get(area_key)
        return info.grade if info else None

    @property
    def grades(self) -> dict[str, Grade | None]:
        return {a.key: self.grade(a.key) for a in self.framework.areas}

    @property
    def missing(self) -> list[str]:
        return [a.short_name for a in self.framework.areas if self.grade(a.key) is None]


def _rows(session: Session, inspection_id: int) -> dict[str, Judgement]:
    rows = session.scalars(select(Judgement).where(Judgement.inspection_id == inspection_id))
    return {r.area_key: r for r in rows}


def _info(row: Judgement) -> JudgementInfo:
    return JudgementInfo(row.area_key, row.grade, row.rationale, row.updated_by, row.updated_at)


def _state(framework: Framework, rows: dict[str, Judgement]) -> JudgementState:
    areas = {k: _info(r) for k, r in rows.items() if k != OVERALL_KEY}
    overall_row = rows.get(OVERALL_KEY)
    grades = {k: v.grade for k, v in areas.items()}
    proposed = overall_row.grade if overall_row else None
    rationale = overall_row.rationale if overall_row else ""
    return JudgementState(framework, areas, assess_overall(framework, grades, proposed, rationale), rationale)


def judgement_state(ws: Workspace, inspection_id: int) -> JudgementState:
    """The judgements as ``ws.user`` may see them: a team inspector sees none of the lead's working grades
    until moderation opens (:func:`hidden_from`)."""
    with ws.db.read_session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        framework = ws.framework_of(inspection)
        if hidden_from(session, inspection, framework.graded, ws.user):
            return replace(_state(framework, {}), hidden=True)
        return _state(framework, _rows(session, inspection_id))


HIDDEN_GRADES = ("The lead's working grades are hidden from team inspectors until the lead opens moderation, so "
                 "that the grades you propose in Moderation are your own.")


def hidden_from(session: Session, inspection: Inspection, graded: bool, user: str) -> bool:
    """Whether the lead's working grades are kept from ``user``.

    Each inspector proposes grades blind in Moderation, and the agreement between them is measured: a
    team inspector who could read the lead's grades on the board would propose with them in mind. So a
    team inspector the inspection names sees the evidence on the board but no grade, rationale or overall
    until the lead opens moderation; the lead, a QA reviewer, and anyone the inspection does not name (a
    script, the command line on the lead's laptop) see them, as does everyone once the draft goes to
    quality assurance."""
    if not graded or inspection.status in (InspectionStatus.QUALITY_ASSURANCE, InspectionStatus.PUBLISHED):
        return False
    found = roles.person(session, inspection.id, user)
    if found is None or found.role is not TeamRole.TEAM:
        return False
    opened = session.scalar(select(ModerationSession.id).where(ModerationSession.inspection_id == inspection.id))
    return opened is None


def _upsert(session: Session, rows: dict[str, Judgement], inspection_id: int, area_key: str) -> Judgement:
    row = rows.get(area_key)
    if row is None:
        row = Judgement(inspection_id=inspection_id, area_key=area_key, rationale="")
        session.add(row)
        rows[area_key] = row
    return row


def set_judgement(
    ws: Workspace, inspection_id: int, area_key: str, grade: Grade | None, rationale: str | None = None
) -> JudgementState:
    """Set an area's grade; under a hard rule an inadequate key judgement settles the overall."""
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        roles.require_not_member_below_lead(session, inspection_id, ws.user, "set judgements")
        framework = ws.framework_of(inspection)
        if area_key == OVERALL_KEY:
            raise ValidationError("use set_overall for overall effectiveness")
        if not framework.graded:
            raise ValidationError(f"a {framework.short_name} is not graded")
        if not framework.has_area(area_key):
            raise ValidationError(f"{framework.short_name} has no judgement area {area_key!r}")
        rows = _rows(session, inspection_id)
        row = _upsert(session, rows, inspection_id, area_key)
        row.grade = Grade(grade) if grade is not None else None
        if rationale is not None:
            row.rationale = rationale.strip()
            validation.require("judgement", {"rationale": row.rationale})
        state = _state(framework, rows)
        if framework.overall_rule is OverallRule.HARD and state.overall.expected is not None:
            overall = _upsert(session, rows, inspection_id, OVERALL_KEY)
            if overall.grade is not state.overall.expected:
                overall.grade = state.overall.expected
                overall.rationale = f"Set by the framework's limiting rule: {state.overall.reason}."
        session.flush()
        return _state(framework, rows)


def set_overall(
    ws: Workspace, inspection_id: int, grade: Grade | None, rationale: str | None = None
) -> JudgementState:
    """Propose overall effectiveness; refused where the framework's rule does not allow it."""
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        roles.require_not_member_below_lead(session, inspection_id, ws.user, "set judgements")
        framework = ws.framework_of(inspection)
        rows = _rows(session, inspection_id)
        grades = {k: r.grade for k, r in rows.items() if k != OVERALL_KEY}
        current = rows.get(OVERALL_KEY)
        text = (rationale if rationale is not None else (current.rationale if current else "")).strip()
        proposed = Grade(grade) if grade is not None else None
        assessment = assess_overall(framework, grades, proposed, text)
        if not assessment.allowed:
            raise OverallRuleError(assessment.problem or "not allowed")
        row = _upsert(session, rows, inspection_id, OVERALL_KEY)
        row.grade = proposed
        row.rationale = text
        session.flush()
        return _state(framework, rows)
