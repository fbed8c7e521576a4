"""Quality assurance review: a reviewer's comments on the draft, the lead's answers, the review's state.

The reviewer imports the lead's bundle, reads the draft as it will be exported and comments on a
report paragraph, a judgement, a finding or an evidence item; comments travel back by bundle. The
lead answers, resolves or rejects each. A comment keeps a copy of what it pointed at, so it
survives the paragraph being rewritten (shown as orphaned; :mod:`inspector_app.reports.qa_review`
decides which paragraphs still exist). Reviewers only comment: a reviewer's bundle that changes
anything else is refused on import (:func:`reviewer_bundle_problem`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.enums import TeamRole
from inspector_app.domain.qa import AnchorKind, CommentStatus, QaState
from inspector_app.domain.refs import evidence_ref
from inspector_app.services import roles
from inspector_app.services.workspace import NotFoundError, ValidationError, Workspace, get_or_404, require_text
from inspector_app.storage.models import Evidence, Finding, Inspection, QaComment, QaReview

QA_ENTITIES = frozenset({"qa_comment", "qa_review"})
MAX_ANCHOR_TEXT = 2000


class QaError(ValidationError):
    """A QA action this person may not take now (not the reviewer, not the lead, comments still open)."""


@dataclass(frozen=True)
class CommentInfo:
    id: int
    uuid: str
    anchor_kind: AnchorKind
    anchor_key: str
    anchor_text: str
    text: str
    author: str
    status: CommentStatus
    answer: str
    answered_by: str | None
    answered_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class QaStateInfo:
    state: QaState
    set_by: str
    set_at: datetime | None
    signed_draft: str | None


def _info(row: QaComment) -> CommentInfo:
    return CommentInfo(row.id, row.uuid, row.anchor_kind, row.anchor_key, row.anchor_text, row.text, row.author,
                       row.status, row.answer, row.answered_by, row.answered_at, row.created_at)


def _role(session: Session, inspection_id: int, user: str) -> TeamRole | None:
    found = roles.person(session, inspection_id, user)
    return found.role if found else None


def _review_row(session: Session, inspection_id: int) -> QaReview | None:
    return session.scalar(select(QaReview).where(QaReview.inspection_id == inspection_id))


def _set_state(session: Session, inspection_id: int, state: QaState, user: str, signed: str | None = None) -> None:
    row = _review_row(session, inspection_id)
    if row is None:
        row = QaReview(inspection_id=inspection_id)
        session.add(row)
    row.state, row.set_by, row.set_at, row.signed_draft = state, user, datetime.now(UTC), signed


def _anchor_text(session: Session, inspection_id: int, kind: AnchorKind, key: str, text: str, ws: Workspace) -> str:
    """What the comment points at, checked against the inspection (the caller's text only for paragraphs)."""
    if kind is AnchorKind.PARAGRAPH:
        if not key.strip() or len(key) > 64:
            raise ValidationError("Choose a paragraph of the draft to comment on.")
        return require_text(text, "The paragraph commented on")[:MAX_ANCHOR_TEXT]
    if kind is AnchorKind.JUDGEMENT:
        framework = ws.framework_of(get_or_404(session, Inspection, inspection_id))
        if not framework.has_area(key):
            raise ValidationError(f"{framework.short_name} has no judgement area {key!r}: choose one of its areas.")
        return framework.area(key).name
    if kind is AnchorKind.FINDING:
        row = session.execute(select(Finding.uuid, Finding.text).where(
            Finding.uuid == key, Finding.inspection_id == inspection_id)).first()
    else:
        row = session.execute(select(Evidence.ref, Evidence.text).where(
            Evidence.uuid == key, Evidence.inspection_id == inspection_id)).first()
    found: tuple[str, str] | None = (str(row[0]), str(row[1])) if row is not None else None
    if found is None:
        raise ValidationError(f"That {kind.label.lower()} is not part of this inspection (it may have been deleted).")
    label = evidence_ref(found[0]) + " " if kind is AnchorKind.EVIDENCE else ""
    return f"{label}{found[1]}"[:MAX_ANCHOR_TEXT]


def add_comment(ws: Workspace, inspection_id: int, kind: AnchorKind, key: str, text: str,
                anchor_text: str = "") -> CommentInfo:
    """A quality assurance reviewer's comment, anchored to a paragraph, judgement, finding or evidence item."""
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        if _role(session, inspection_id, ws.user) is not TeamRole.QA:
            raise QaError("Only the inspection's quality assurance reviewer leaves QA comments; the lead answers "
                          "them.")
        body = require_text(text, "A comment")
        snapshot = _anchor_text(session, inspection_id, AnchorKind(kind), key, anchor_text, ws)
        row = QaComment(inspection_id=inspection_id, anchor_kind=AnchorKind(kind), anchor_key=key.strip(),
                        anchor_text=snapshot, text=body, author=ws.user, status=CommentStatus.OPEN)
        session.add(row)
        review = _review_row(session, inspection_id)
        if review is None or review.state is QaState.NOT_REVIEWED:
            _set_state(session, inspection_id, QaState.IN_REVIEW, ws.user)
        session.flush()
        return _info(row)


def _lead_action(ws: Workspace, comment_id: int, status: CommentStatus, text: str, required: str | None) -> CommentInfo:
    with ws.db.session() as session:
        row = get_or_404(session, QaComment, comment_id)
        lead = roles.lead(session, row.inspection_id)
        if lead is None or not roles.same_person(lead.name, ws.user):
            raise QaError(f"Only the lead inspector{f' ({lead.name})' if lead else ''} answers QA comments.")
        answer = require_text(text, required) if required else text.strip()
        if answer:
            row.answer = answer
        row.status, row.answered_by, row.answered_at = status, ws.user, datetime.now(UTC)
        session.flush()
        return _info(row)


def answer_comment(ws: Workspace, comment_id: int, text: str) -> CommentInfo:
    """The lead's reply; the comment stays open until resolved or rejected."""
    return _lead_action(ws, comment_id, CommentStatus.ANSWERED, text, "The answer")


def resolve_comment(ws: Workspace, comment_id: int, note: str = "") -> CommentInfo:
    return _lead_action(ws, comment_id, CommentStatus.RESOLVED, note, None)


def reject_comment(ws: Workspace, comment_id: int, reason: str) -> CommentInfo:
    return _lead_action(ws, comment_id, CommentStatus.REJECTED, reason, "The reason for rejecting a comment")


def list_comments(ws: Workspace, inspection_id: int, *, open_only: bool = False) -> list[CommentInfo]:
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        rows = session.scalars(select(QaComment).where(QaComment.inspection_id == inspection_id)
                               .order_by(QaComment.created_at, QaComment.id)).all()
        return [_info(r) for r in rows if not open_only or r.status.is_open]


def qa_state(ws: Workspace, inspection_id: int) -> QaStateInfo:
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        row = _review_row(session, inspection_id)
        if row is None:
            return QaStateInfo(QaState.NOT_REVIEWED, "", None, None)
        return QaStateInfo(row.state, row.set_by, row.set_at, row.signed_draft)


def set_qa_state(ws: Workspace, inspection_id: int, state: QaState,
                 draft_fingerprint: str | None = None) -> QaStateInfo:
    """The reviewer moves the review on; signing off records the draft it signed (its fingerprint)."""
    state = QaState(state)
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        if _role(session, inspection_id, ws.user) is not TeamRole.QA:
            raise QaError("Only the inspection's quality assurance reviewer sets the QA state.")
        signed = None
        if state is QaState.SIGNED_OFF:
            still_open = [r for r in session.scalars(select(QaComment).where(
                QaComment.inspection_id == inspection_id)) if r.status.is_open]
            if still_open:
                raise QaError(f"{len(still_open)} QA comments are still open: the lead resolves or rejects them "
                              "before sign-off.")
            if not draft_fingerprint:
                raise ValidationError("Signing off needs the draft being signed: export or open the draft first.")
            signed = draft_fingerprint
        _set_state(session, inspection_id, state, ws.user, signed)
    return qa_state(ws, inspection_id)


def live_anchors(ws: Workspace, inspection_id: int) -> dict[AnchorKind, set[str]]:
    """Judgement areas, findings and evidence that exist now (paragraphs are the report layer's to tell)."""
    with ws.db.read_session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        framework = ws.framework_of(inspection)
        return {
            AnchorKind.JUDGEMENT: {a.key for a in framework.areas},
            AnchorKind.FINDING: set(session.scalars(select(Finding.uuid)
                                                    .where(Finding.inspection_id == inspection_id))),
            AnchorKind.EVIDENCE: set(session.scalars(select(Evidence.uuid)
                                                     .where(Evidence.inspection_id == inspection_id))),
        }


def reviewer_bundle_problem(session: Session, inspection_uuid: str, exporter: str,
                            changed: list[tuple[str, str]]) -> str | None:
    """Why a bundle must be refused: its sender reviews (comments only) but it changes other content.

    ``changed`` lists (entity, action) for every row the bundle would add, change or delete.
    """
    inspection_id = session.scalar(select(Inspection.id).where(Inspection.uuid == inspection_uuid))
    if inspection_id is None or _role(session, inspection_id, exporter) is not TeamRole.QA:
        return None
    other = [(entity, action) for entity, action in changed if entity not in QA_ENTITIES]
    if not other:
        return None
    entities = sorted({entity.replace("_", " ") for entity, _action in other})
    return (f"This bundle is from {exporter}, the quality assurance reviewer, who only comments, but it would "
            f"change {len(other)} other item{'s' if len(other) != 1 else ''} ({', '.join(entities)}). It was "
            "refused and nothing was changed: ask the reviewer to send their comments from a fresh copy of "
            "your bundle.")


def comment(ws: Workspace, comment_id: int) -> CommentInfo:
    with ws.db.read_session() as session:
        row = session.get(QaComment, comment_id)
        if row is None:
            raise NotFoundError("That QA comment no longer exists.")
        return _info(row)
