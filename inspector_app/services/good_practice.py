"""Good practice: evidence flagged as worth sharing, collected by the lead into a case-study draft.

Anyone on the team may flag an evidence item with a short title; the lead chooses which flagged
items go into the case study, writes its title and introduction, and decides whether the authority
is named. The export (``reports.case_study``) anonymises it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.refs import evidence_ref
from inspector_app.services import roles
from inspector_app.services.workspace import NotFoundError, ValidationError, Workspace, get_or_404, require_text
from inspector_app.storage.models import CaseStudy, Evidence, GoodPractice, Inspection

MAX_TITLE = 120


@dataclass(frozen=True)
class GoodPracticeInfo:
    id: int
    evidence_id: int
    ref: str
    title: str
    text: str
    area_key: str
    case_id: int | None
    in_case_study: bool
    flagged_by: str


@dataclass(frozen=True)
class CaseStudyInfo:
    title: str
    introduction: str
    name_authority: bool
    saved: bool  # False: nothing written yet, these are the defaults


def _title(text: str) -> str:
    title = require_text(text, "A good-practice title")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"A good-practice title is a short heading: keep it to {MAX_TITLE} characters "
                              f"(this one has {len(title)}).")
    return title


def flag(ws: Workspace, evidence_id: int, title: str) -> GoodPracticeInfo:
    """Flag an evidence item as good practice (or retitle it)."""
    with ws.db.session() as session:
        item = get_or_404(session, Evidence, evidence_id)
        row = session.scalar(select(GoodPractice).where(GoodPractice.evidence_id == evidence_id))
        if row is None:
            row = GoodPractice(inspection_id=item.inspection_id, evidence_id=evidence_id, in_case_study=True)
            session.add(row)
        row.title = _title(title)
        session.flush()
        return _info(row, item)


def unflag(ws: Workspace, evidence_id: int) -> None:
    with ws.db.session() as session:
        row = session.scalar(select(GoodPractice).where(GoodPractice.evidence_id == evidence_id))
        if row is None:
            raise NotFoundError(f"{_ref_of(session, evidence_id)} is not flagged as good practice.")
        session.delete(row)


def _ref_of(session: Session, evidence_id: int) -> str:
    ref = session.scalar(select(Evidence.ref).where(Evidence.id == evidence_id))
    return evidence_ref(ref) if ref else "That evidence item"


def _info(row: GoodPractice, item: Evidence) -> GoodPracticeInfo:
    return GoodPracticeInfo(row.id, item.id, evidence_ref(item.ref), row.title, item.text, item.area_key, item.case_id,
                            row.in_case_study, row.created_by)


def list_flagged(ws: Workspace, inspection_id: int) -> list[GoodPracticeInfo]:
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        pairs = session.execute(select(GoodPractice, Evidence).join(Evidence, Evidence.id == GoodPractice.evidence_id)
                                .where(GoodPractice.inspection_id == inspection_id).order_by(Evidence.id)).all()
        return [_info(row, item) for row, item in pairs]


def flagged_title(ws: Workspace, evidence_id: int) -> str | None:
    with ws.db.read_session() as session:
        return session.scalar(select(GoodPractice.title).where(GoodPractice.evidence_id == evidence_id))


def _require_lead(ws: Workspace, inspection_id: int) -> None:
    with ws.db.read_session() as session:
        lead = roles.lead(session, inspection_id)
        if lead is None or not roles.same_person(lead.name, ws.user):
            raise ValidationError(f"Only the lead inspector{f' ({lead.name})' if lead else ''} puts the case study "
                                  "together.")


def include(ws: Workspace, evidence_id: int, included: bool) -> None:
    """The lead chooses whether a flagged item goes into the case study."""
    with ws.db.read_session() as session:
        inspection_id = get_or_404(session, Evidence, evidence_id).inspection_id
    _require_lead(ws, inspection_id)
    with ws.db.session() as session:
        row = session.scalar(select(GoodPractice).where(GoodPractice.evidence_id == evidence_id))
        if row is None:
            raise NotFoundError(f"{_ref_of(session, evidence_id)} is not flagged as good practice.")
        row.in_case_study = bool(included)


def case_study(ws: Workspace, inspection_id: int) -> CaseStudyInfo:
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        row = session.scalar(select(CaseStudy).where(CaseStudy.inspection_id == inspection_id))
        if row is None:
            return CaseStudyInfo("Good practice", "", False, False)
        return CaseStudyInfo(row.title, row.introduction, row.name_authority, True)


def save_case_study(ws: Workspace, inspection_id: int, title: str, introduction: str,
                    name_authority: bool = False) -> CaseStudyInfo:
    _require_lead(ws, inspection_id)
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        row = session.scalar(select(CaseStudy).where(CaseStudy.inspection_id == inspection_id))
        if row is None:
            row = CaseStudy(inspection_id=inspection_id)
            session.add(row)
        row.title = _title(title)
        row.introduction = introduction.strip()
        row.name_authority = bool(name_authority)
    return case_study(ws, inspection_id)
