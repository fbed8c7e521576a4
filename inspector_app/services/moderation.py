"""Independent grading, then moderation: blind proposals, the lead's moderation view, settled grades.

Before the team's grading meeting each inspector proposes a grade per area with a rationale and
the evidence relied on. Until the lead opens moderation a proposal is visible only to its author:
these services return no one else's, the audit trail hides their events and bundles leave them out
(:func:`withheld_in_bundle`). Once open, the moderation view lays the proposals side by side, widest
disagreement first, with Krippendorff's alpha; the lead's settled grade records its rationale and
the proposals it departed from, and becomes the area's judgement.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.enums import Grade, Polarity, TeamRole
from inspector_app.domain.framework import OVERALL_KEY
from inspector_app.domain.refs import evidence_ref
from inspector_app.frameworks import Framework
from inspector_app.services import roles
from inspector_app.services.agreement import Alpha, ordinal_alpha
from inspector_app.services.workspace import NotFoundError, ValidationError, Workspace, get_or_404, require_text
from inspector_app.storage.models import (
    Evidence,
    GradeProposal,
    Inspection,
    ModerationDecision,
    ModerationSession,
)

GRADE_DOMAIN = [g.rank for g in Grade]


class ModerationError(ValidationError):
    """Something moderation does not allow at this point (not the lead, not open yet, already open)."""


@dataclass(frozen=True)
class ProposalInfo:
    id: int
    uuid: str
    area_key: str
    inspector: str
    grade: Grade
    rationale: str
    evidence_ids: tuple[int, ...]
    updated_at: datetime
    evidence_refs: tuple[str, ...] = ()  # the cited items' references ("AA-5"), in the order of the ids


@dataclass(frozen=True)
class EvidenceBrief:
    id: int
    ref: str
    text: str
    polarity: Polarity


@dataclass(frozen=True)
class DecisionInfo:
    area_key: str
    grade: Grade
    rationale: str
    departed_from: tuple[str, ...]  # inspectors whose proposals it differs from
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class BlindStatus:
    """What anyone may know before moderation opens: who has proposed how many areas, never grades."""

    open: bool
    opened_by: str | None
    opened_at: datetime | None
    proposals_by: dict[str, int]
    team: tuple[str, ...]
    lead: str | None


@dataclass(frozen=True)
class AreaModeration:
    key: str
    name: str
    parent: str | None
    proposals: tuple[ProposalInfo, ...]
    cited: dict[str, tuple[EvidenceBrief, ...]]  # inspector -> evidence they cited
    uncited: tuple[EvidenceBrief, ...]  # the area's evidence nobody cited
    decision: DecisionInfo | None
    note: str = ""  # why agreement cannot be judged for this area, if it cannot

    @property
    def grades(self) -> list[Grade]:
        return [p.grade for p in self.proposals]

    @property
    def spread(self) -> int:
        """Steps between the best and the worst grade proposed (0 = everyone agrees)."""
        ranks = [g.rank for g in self.grades]
        return max(ranks) - min(ranks) if len(ranks) >= 2 else 0

    @property
    def comparable(self) -> bool:
        return len(self.proposals) >= 2

    def count(self, grade: Grade) -> int:
        return sum(1 for g in self.grades if g is grade)


@dataclass(frozen=True)
class ModerationView:
    inspectors: tuple[str, ...]
    areas: tuple[AreaModeration, ...]  # widest disagreement first
    alpha: Alpha
    opened_by: str
    opened_at: datetime
    settled: int = 0
    departures: dict[str, int] = field(default_factory=dict)


# --- who may do what --------------------------------------------------------------------------

def _session_row(session: Session, inspection_id: int) -> ModerationSession | None:
    return session.scalar(select(ModerationSession).where(ModerationSession.inspection_id == inspection_id))


def _member(session: Session, inspection_id: int, user: str) -> roles.Person | None:
    return roles.person(session, inspection_id, user)


def _lead(session: Session, inspection_id: int) -> roles.Person | None:
    return roles.lead(session, inspection_id)


def _people(session: Session, inspection_id: int) -> list[roles.Person]:
    return roles.people(session, inspection_id)


def _require_lead(session: Session, inspection_id: int, user: str, doing: str) -> None:
    lead = _lead(session, inspection_id)
    if lead is None:
        raise ModerationError(f"Only the lead inspector can {doing}, and this inspection has none: add the lead "
                              "to the team first.")
    if lead.name.strip().casefold() != user.strip().casefold():
        raise ModerationError(f"Only the lead inspector ({lead.name}) can {doing}.")


def _gradable(framework: Framework, area_key: str) -> None:
    if not framework.graded:
        raise ValidationError(f"A {framework.short_name} is not graded, so there is nothing to propose.")
    if area_key == OVERALL_KEY:
        raise ValidationError(f"{framework.overall_label} follows from the areas under the framework's rule: "
                              "propose grades for the judgement areas instead.")
    if not framework.has_area(area_key):
        raise ValidationError(f"{framework.short_name} does not grade an area called {area_key!r}: choose one of "
                              f"{', '.join(a.short_name for a in framework.areas)}.")


def is_open(ws: Workspace, inspection_id: int) -> bool:
    with ws.db.read_session() as session:
        return _session_row(session, inspection_id) is not None


# --- proposals ----------------------------------------------------------------------------------

def _proposal_info(row: GradeProposal, evidence: dict[str, tuple[int, str]]) -> ProposalInfo:
    cited = [evidence[u] for u in row.evidence or () if u in evidence]
    return ProposalInfo(row.id, row.uuid, row.area_key, row.inspector, row.grade, row.rationale,
                        tuple(i for i, _ref in cited), row.updated_at, tuple(evidence_ref(r) for _i, r in cited))


def _evidence_uuids(session: Session, inspection_id: int) -> dict[str, tuple[int, str]]:
    """Each evidence item of the inspection by uuid: its id here and its reference."""
    return {u: (i, r) for i, u, r in session.execute(select(Evidence.id, Evidence.uuid, Evidence.ref)
                                                     .where(Evidence.inspection_id == inspection_id))}


def _chosen(grade: Grade | None, what: str) -> Grade:
    """The grade a person chose; none chosen (the window's "Not chosen") is one clear sentence."""
    if grade is None:
        raise ValidationError(f"Choose the {what} first: it is not chosen yet.")
    return Grade(grade)


def propose(ws: Workspace, inspection_id: int, area_key: str, grade: Grade | None, rationale: str,
            evidence_ids: Sequence[int] = ()) -> ProposalInfo:
    """Record (or change) your own proposed grade for an area, before moderation opens."""
    grade = _chosen(grade, "proposed grade")
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        framework = ws.framework_of(inspection)
        _gradable(framework, area_key)
        member = _member(session, inspection_id, ws.user)
        if member is None:
            raise ModerationError(f"{ws.user or 'You'} is not on this inspection's team: ask the lead to add you, "
                                  "then propose grades.")
        if member.role is TeamRole.QA:
            raise ModerationError("A quality assurance reviewer comments on the draft and does not propose grades.")
        if _session_row(session, inspection_id) is not None:
            raise ModerationError("Moderation is open, so proposals can no longer change: the lead now settles "
                                  "each grade.")
        text = require_text(rationale, "The rationale for a proposed grade")
        known = _evidence_uuids(session, inspection_id)
        by_id = {i: u for u, (i, _ref) in known.items()}
        unknown = [i for i in evidence_ids if i not in by_id]
        if unknown:
            raise ValidationError("A cited item is not evidence of this inspection: cite evidence "
                                  "from its Evidence view.")
        row = session.scalar(select(GradeProposal).where(
            GradeProposal.inspection_id == inspection_id, GradeProposal.area_key == area_key,
            GradeProposal.inspector == member.name))
        if row is None:
            row = GradeProposal(inspection_id=inspection_id, area_key=area_key, inspector=member.name)
            session.add(row)
        row.grade = Grade(grade)
        row.rationale = text
        row.evidence = list(dict.fromkeys(by_id[i] for i in evidence_ids))
        session.flush()
        return _proposal_info(row, known)


def withdraw(ws: Workspace, inspection_id: int, area_key: str) -> None:
    """Remove your own proposal for an area, before moderation opens."""
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        if _session_row(session, inspection_id) is not None:
            raise ModerationError("Moderation is open, so proposals can no longer be withdrawn.")
        member = _member(session, inspection_id, ws.user)
        row = session.scalar(select(GradeProposal).where(
            GradeProposal.inspection_id == inspection_id, GradeProposal.area_key == area_key,
            GradeProposal.inspector == (member.name if member else ws.user)))
        if row is None:
            raise NotFoundError("You have no proposal for that area.")
        session.delete(row)


def visible_proposals(ws: Workspace, inspection_id: int) -> list[ProposalInfo]:
    """Your own proposals; everyone's once moderation is open."""
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        query = select(GradeProposal).where(GradeProposal.inspection_id == inspection_id)
        if _session_row(session, inspection_id) is None:
            member = _member(session, inspection_id, ws.user)
            query = query.where(GradeProposal.inspector == (member.name if member else ws.user))
        evidence = _evidence_uuids(session, inspection_id)
        rows = session.scalars(query.order_by(GradeProposal.area_key, GradeProposal.inspector)).all()
        return [_proposal_info(r, evidence) for r in rows]


def blind_status(ws: Workspace, inspection_id: int) -> BlindStatus:
    with ws.db.read_session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        opened = _session_row(session, inspection_id)
        counts: dict[str, int] = {}
        for name in session.scalars(select(GradeProposal.inspector)
                                    .where(GradeProposal.inspection_id == inspection_id)):
            counts[name] = counts.get(name, 0) + 1
        lead = _lead(session, inspection_id)
        team = tuple(p.name for p in _people(session, inspection.id) if p.role is not TeamRole.QA)
        return BlindStatus(opened is not None, opened.opened_by if opened else None,
                           opened.opened_at if opened else None, counts, team, lead.name if lead else None)


def open_moderation(ws: Workspace, inspection_id: int) -> BlindStatus:
    """The lead reveals every proposal to the team; it cannot be undone."""
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        framework = ws.framework_of(inspection)
        if not framework.graded:
            raise ValidationError(f"A {framework.short_name} is not graded, so there is nothing to moderate.")
        _require_lead(session, inspection_id, ws.user, "open moderation")
        if _session_row(session, inspection_id) is not None:
            raise ModerationError("Moderation is already open.")
        session.add(ModerationSession(inspection_id=inspection_id, opened_at=datetime.now(UTC),
                                      opened_by=ws.user))
    return blind_status(ws, inspection_id)


# --- the moderation view ------------------------------------------------------------------------

def _briefs(session: Session, inspection_id: int) -> tuple[dict[int, EvidenceBrief], dict[str, list[int]]]:
    briefs: dict[int, EvidenceBrief] = {}
    by_area: dict[str, list[int]] = {}
    rows = session.execute(select(Evidence.id, Evidence.text, Evidence.polarity, Evidence.area_key, Evidence.ref)
                           .where(Evidence.inspection_id == inspection_id).order_by(Evidence.id))
    for row_id, text, polarity, area_key, ref in rows:
        briefs[row_id] = EvidenceBrief(row_id, evidence_ref(ref), text, polarity)
        by_area.setdefault(area_key, []).append(row_id)
    return briefs, by_area


def _decision_info(row: ModerationDecision, inspectors_of: dict[str, str]) -> DecisionInfo:
    departed = tuple(sorted(inspectors_of.get(u, "an earlier proposal") for u in row.departed_from or ()))
    return DecisionInfo(row.area_key, row.grade, row.rationale, departed, row.updated_by, row.updated_at)


def _area_note(proposals: Sequence[ProposalInfo]) -> str:
    if not proposals:
        return "no proposals: agreement not computable"
    if len(proposals) == 1:
        return f"only one proposal (from {proposals[0].inspector}): agreement not computable"
    return ""


def moderation_view(ws: Workspace, inspection_id: int) -> ModerationView:
    """Per area the proposals, their spread and evidence, widest disagreement first; alpha overall."""
    with ws.db.read_session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        framework = ws.framework_of(inspection)
        opened = _session_row(session, inspection_id)
        if opened is None:
            raise ModerationError("Moderation is not open yet: proposals stay hidden until the lead opens it.")
        evidence_ids = _evidence_uuids(session, inspection_id)
        rows = session.scalars(select(GradeProposal).where(GradeProposal.inspection_id == inspection_id)
                               .order_by(GradeProposal.inspector)).all()
        proposals = [_proposal_info(r, evidence_ids) for r in rows]
        inspectors_of = {p.uuid: p.inspector for p in proposals}
        decisions = {d.area_key: _decision_info(d, inspectors_of) for d in session.scalars(
            select(ModerationDecision).where(ModerationDecision.inspection_id == inspection_id))}
        briefs, by_area = _briefs(session, inspection_id)
        inspectors = tuple(sorted({p.inspector for p in proposals}))
        areas: list[AreaModeration] = []
        for area in framework.areas:
            mine = tuple(p for p in proposals if p.area_key == area.key)
            cited_ids = {i for p in mine for i in p.evidence_ids}
            areas.append(AreaModeration(
                area.key, area.short_name, area.parent, mine,
                {p.inspector: tuple(briefs[i] for i in p.evidence_ids if i in briefs) for p in mine},
                tuple(briefs[i] for i in by_area.get(area.key, []) if i not in cited_ids),
                decisions.get(area.key), _area_note(mine)))
        order = [a.key for a in framework.areas]
        areas.sort(key=lambda a: (not a.comparable, -a.spread, -len(set(a.grades)), order.index(a.key)))
        matrix = [[next((p.grade.rank for p in proposals if p.inspector == who and p.area_key == key), None)
                   for key in order] for who in inspectors]
        departures: dict[str, int] = {}
        for decision in decisions.values():
            for who in decision.departed_from:
                departures[who] = departures.get(who, 0) + 1
        return ModerationView(inspectors, tuple(areas), ordinal_alpha(matrix, GRADE_DOMAIN), opened.opened_by,
                              opened.opened_at, len(decisions), departures)


def settle(ws: Workspace, inspection_id: int, area_key: str, grade: Grade | None, rationale: str) -> DecisionInfo:
    """The lead's moderated grade for an area: recorded with the proposals it departs from, and set as
    the area's judgement (under the framework's rules, as any judgement)."""
    from inspector_app.services import judgements

    grade = _chosen(grade, "settled grade")

    with ws.db.read_session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        _gradable(ws.framework_of(inspection), area_key)
        _require_lead(session, inspection_id, ws.user, "settle a moderated grade")
        if _session_row(session, inspection_id) is None:
            raise ModerationError("Open moderation first: a grade is settled once the team's proposals are "
                                  "side by side.")
    text = require_text(rationale, "The rationale for a settled grade")
    judgements.set_judgement(ws, inspection_id, area_key, Grade(grade), text)
    with ws.db.session() as session:
        proposals = session.scalars(select(GradeProposal).where(GradeProposal.inspection_id == inspection_id,
                                                                GradeProposal.area_key == area_key)).all()
        row = session.scalar(select(ModerationDecision).where(ModerationDecision.inspection_id == inspection_id,
                                                              ModerationDecision.area_key == area_key))
        if row is None:
            row = ModerationDecision(inspection_id=inspection_id, area_key=area_key)
            session.add(row)
        row.grade = Grade(grade)
        row.rationale = text
        row.departed_from = sorted(p.uuid for p in proposals if p.grade is not Grade(grade))
        session.flush()
        return _decision_info(row, {p.uuid: p.inspector for p in proposals})


# --- keeping proposals blind outside the window ---------------------------------------------------

PROPOSAL_ENTITY = "grade_proposal"


@dataclass(frozen=True)
class Blind:
    """Whose proposals (and their audit events) someone may see; ``active`` until moderation opens."""

    active: bool
    viewer: str = ""

    def hides(self, author: str) -> bool:
        return self.active and author.strip().casefold() != self.viewer.strip().casefold()

    def hides_event(self, entity: str, who: str) -> bool:
        return entity == PROPOSAL_ENTITY and self.hides(who)


def bundle_blind(session: Session, inspection_id: int, recipient: str) -> Blind:
    """What a bundle to ``recipient`` may carry of the proposals.

    Before moderation opens, a bundle to the lead carries every proposal (the lead gathers them,
    and the lead's window keeps them hidden); a bundle to anyone else carries only their own.
    """
    if _session_row(session, inspection_id) is not None:
        return Blind(False)
    lead = _lead(session, inspection_id)
    wanted = recipient.strip().casefold()
    if wanted == "lead" or (lead is not None and lead.name.strip().casefold() == wanted):
        return Blind(False)
    return Blind(True, recipient)


def user_blind(session: Session, inspection_id: int, user: str) -> Blind:
    """What the person at this window may see of the proposals: their own, until moderation opens."""
    if _session_row(session, inspection_id) is not None:
        return Blind(False)
    member = _member(session, inspection_id, user)
    return Blind(True, member.name if member else user)
