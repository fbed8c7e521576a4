"""Recommendations followed through: from a published inspection into the authority's later visits.

Each "what needs to improve" item and area for priority action of a published inspection becomes
a tracked recommendation of the authority. A later monitoring visit or inspection lists the open
ones and records, for each, the evidence gathered on that visit, a progress statement and (for a
monitoring visit only) whether progress is sufficient. There is deliberately no grade: the
frameworks grade areas at inspections, never a single recommendation.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inspector_app.domain.enums import FindingKind, InspectionKind, InspectionStatus
from inspector_app.domain.next_activity import long_date
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404, require_text
from inspector_app.storage.models import (
    Finding,
    Inspection,
    Publication,
    Recommendation,
    RecommendationProgress,
)

TRACKED_KINDS = (FindingKind.RECOMMENDATION, FindingKind.PRIORITY_ACTION)
_TAKING_UP = threading.RLock()  # the window reads the overview in a worker while a page reads on the GUI thread
_NAMESPACE = uuid.UUID("6f1c3c0e-8f0a-4c55-9a43-0b7e2f4d9a11")


def recommendation_uuid(finding_uuid: str) -> str:
    """The same on every laptop: each derives the recommendation from the same (merged) finding, so
    progress recorded on one laptop refers to a row the others have too."""
    return str(uuid.uuid5(_NAMESPACE, finding_uuid))


@dataclass(frozen=True)
class ProgressInfo:
    inspection_id: int
    visit: str
    visit_end: date
    evidence: str
    statement: str
    sufficient: bool | None


@dataclass(frozen=True)
class RecommendationInfo:
    id: int
    uuid: str
    authority: str
    source_inspection_id: int | None  # None: carried from the regional store, where its inspection stayed
    source: str
    source_end: date
    kind: FindingKind
    area_key: str | None
    text: str
    closed_on: date | None
    closed_reason: str | None
    closed_in_inspection_id: int | None
    history: tuple[ProgressInfo, ...] = ()
    carried_into_id: int | None = None  # the inspection it was carried into from the store, if it was

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def progress_on(self, inspection_id: int) -> ProgressInfo | None:
        return next((p for p in self.history if p.inspection_id == inspection_id), None)


def _visit_label(row: Inspection) -> str:
    return f"{row.kind.label} ending {long_date(row.end_date)}"


def _info(row: Recommendation, progress: list[RecommendationProgress],
          inspections: dict[int, Inspection]) -> RecommendationInfo:
    source = inspections.get(row.source_inspection_id) if row.source_inspection_id is not None else None
    label = _visit_label(source) if source is not None else f"{row.carried_from or 'an earlier inspection'} " \
        "(carried from the regional store)"
    ended = source.end_date if source is not None else row.carried_end or date.min
    seen = [p for p in progress if p.inspection_id in inspections]
    history = sorted((ProgressInfo(p.inspection_id, _visit_label(inspections[p.inspection_id]),
                                   inspections[p.inspection_id].end_date, p.evidence, p.statement, p.sufficient)
                      for p in seen), key=lambda p: p.visit_end)
    closing = min((p for p in seen if p.closes), key=lambda p: inspections[p.inspection_id].end_date, default=None)
    return RecommendationInfo(
        id=row.id, uuid=row.uuid, authority=row.authority,
        source_inspection_id=row.source_inspection_id if source is not None else None,
        source=label, source_end=ended, kind=row.kind, area_key=row.area_key,
        text=row.text, closed_on=inspections[closing.inspection_id].end_date if closing else None,
        closed_reason=closing.closed_reason if closing else None,
        closed_in_inspection_id=closing.inspection_id if closing else None, history=tuple(history),
        carried_into_id=row.carried_into_id)


def _key(authority: str) -> str:
    return authority.strip().casefold()


def _is_published(session: Session, row: Inspection) -> bool:
    if row.status is InspectionStatus.PUBLISHED:
        return True
    return session.scalar(select(Publication.id).where(Publication.inspection_id == row.id)) is not None


def _track(session: Session, row: Inspection) -> None:
    tracked = list(session.scalars(select(Finding).where(Finding.inspection_id == row.id,
                                                         Finding.kind.in_(TRACKED_KINDS))))
    existing = {r.finding_uuid: r for r in session.scalars(select(Recommendation).where(or_(
        Recommendation.source_inspection_id == row.id,
        Recommendation.finding_uuid.in_([f.uuid for f in tracked]))))}
    for finding in tracked:
        rec = existing.get(finding.uuid)
        if rec is not None and rec.source_inspection_id is None:  # carried from the store, now here itself
            rec.source_inspection_id = row.id
        if rec is None:
            session.add(Recommendation(
                uuid=recommendation_uuid(finding.uuid), authority=row.authority.strip(), source_inspection_id=row.id,
                finding_uuid=finding.uuid, kind=finding.kind, area_key=finding.area_key, text=finding.text,
                position=finding.position))
        elif (rec.text, rec.kind) != (finding.text, finding.kind):
            rec.text, rec.kind, rec.area_key = finding.text, finding.kind, finding.area_key


@dataclass(frozen=True)
class CarriedRecommendation:
    """One "what needs to improve" item or area for priority action of an inspection held elsewhere (the
    regional store), as its finding says it."""

    finding_uuid: str
    kind: FindingKind
    area_key: str | None
    text: str
    position: int = 0


def carry_into(ws: Workspace, inspection_id: int, *, source_uuid: str, source_label: str, source_end: date,
               items: Sequence[CarriedRecommendation]) -> tuple[int, int]:
    """Track another inspection's recommendations in this one, as if that inspection were here and published.

    Each keeps the recommendation uuid every other database derives from the same finding (so progress
    recorded against it means the same row in the store), and says where it came from. Idempotent: a
    finding already tracked here (carried before, or its inspection is here) is not added again.
    Returns (added, already tracked)."""
    with ws.db.session() as session:
        into = get_or_404(session, Inspection, inspection_id)
        here = session.scalar(select(Inspection.id).where(Inspection.uuid == source_uuid))
        existing = {r.finding_uuid: r for r in session.scalars(select(Recommendation).where(
            Recommendation.finding_uuid.in_([i.finding_uuid for i in items])))}
        added = 0
        for item in items:
            if item.kind not in TRACKED_KINDS:
                continue
            rec = existing.get(item.finding_uuid)
            if rec is not None:
                if rec.carried_into_id is None and rec.source_inspection_id is None:
                    rec.carried_into_id = into.id
                continue
            session.add(Recommendation(
                uuid=recommendation_uuid(item.finding_uuid), authority=into.authority.strip(),
                source_inspection_id=here, finding_uuid=item.finding_uuid, kind=item.kind, area_key=item.area_key,
                text=item.text, position=item.position, carried_into_id=into.id, carried_from_uuid=source_uuid,
                carried_from=source_label[:200], carried_end=source_end))
            added += 1
    return added, len(items) - added


def track(ws: Workspace, inspection_id: int) -> list[RecommendationInfo]:
    """Make the recommendations of a published inspection tracked recommendations of its authority."""
    with ws.db.session() as session:
        row = get_or_404(session, Inspection, inspection_id)
        if not _is_published(session, row):
            raise ValidationError("only a published inspection's recommendations are followed through: "
                                  "mark it published or record its publication date first")
        _track(session, row)
    return [r for r in authority_recommendations(ws, row.authority) if r.source_inspection_id == inspection_id]


def _sync(session: Session, authority: str) -> list[Inspection]:
    rows = _authority_rows(session, authority)
    for row in rows:
        if _is_published(session, row):
            _track(session, row)
    session.flush()
    return rows


def _load(session: Session, authority: str, rows: list[Inspection]) -> list[RecommendationInfo]:
    by_id = {r.id: r for r in rows}
    recs = list(session.scalars(select(Recommendation).where(or_(
        Recommendation.source_inspection_id.in_(list(by_id)), Recommendation.carried_into_id.in_(list(by_id))))))
    progress: dict[str, list[RecommendationProgress]] = {}
    for p in session.scalars(select(RecommendationProgress).where(
            RecommendationProgress.recommendation_uuid.in_([r.uuid for r in recs]))):
        progress.setdefault(p.recommendation_uuid, []).append(p)
    return sorted((_info(r, progress.get(r.uuid, []), by_id) for r in recs),
                  key=lambda r: (r.source_end, r.kind != FindingKind.PRIORITY_ACTION, r.id))


def _authority_rows(session: Session, authority: str) -> list[Inspection]:
    return [r for r in session.scalars(select(Inspection).order_by(Inspection.end_date, Inspection.id))
            if _key(r.authority) == _key(authority)]


def authority_recommendations(ws: Workspace, authority: str) -> list[RecommendationInfo]:
    """Every recommendation of the authority, open and closed, oldest inspection first.

    Published inspections' new recommendations are taken up first, unless the database is open
    read-only (then what is already tracked is shown)."""
    if ws.db.read_only:
        with ws.db.read_session() as session:
            return _load(session, authority, _authority_rows(session, authority))
    with _TAKING_UP:
        try:
            with ws.db.session() as session:
                return _load(session, authority, _sync(session, authority))
        except Exception as exc:
            if not _taken_up_elsewhere(exc):
                raise
        with ws.db.session() as session:  # another program took them up first: this time they are found
            return _load(session, authority, _sync(session, authority))


def _taken_up_elsewhere(exc: BaseException) -> bool:
    """Whether a write failed because another writer added the same recommendation (they share a
    UUID derived from the finding) between this one's read and its insert: on SQLite the driver's
    error, on a store the app's server error raised from it."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, IntegrityError):
            return True
        seen = seen.__cause__
    return False


def follow_up(ws: Workspace, inspection_id: int) -> list[RecommendationInfo]:
    """What this visit follows up: recommendations of earlier published inspections of the same
    authority that are open, or that were closed at or after this visit."""
    with ws.db.read_session() as session:
        this = get_or_404(session, Inspection, inspection_id)
        authority, start = this.authority, this.start_date
    recs = authority_recommendations(ws, authority)
    return [r for r in recs if r.source_end < start and (
        r.closed_on is None or r.closed_in_inspection_id == inspection_id or r.closed_on >= start)]


def _progress_row(session: Session, rec: Recommendation, visit: Inspection) -> RecommendationProgress:
    if rec.source_inspection_id is not None:
        ended = get_or_404(session, Inspection, rec.source_inspection_id).end_date
    else:  # carried from the store: its inspection stayed there, and the row says when it ended
        ended = rec.carried_end or date.max
    if _key(visit.authority) != _key(rec.authority):
        raise ValidationError(f"this recommendation is {rec.authority}'s, not {visit.authority}'s")
    if visit.start_date <= ended:
        raise ValidationError("progress is recorded on a later visit than the one that made the recommendation")
    row = session.scalar(select(RecommendationProgress).where(
        RecommendationProgress.recommendation_uuid == rec.uuid, RecommendationProgress.inspection_id == visit.id))
    if row is None:
        row = RecommendationProgress(recommendation_uuid=rec.uuid, inspection_id=visit.id, evidence="", statement="",
                                     closes=False)
        session.add(row)
    return row


def _one(ws: Workspace, authority: str, recommendation_id: int) -> RecommendationInfo:
    return next(r for r in authority_recommendations(ws, authority) if r.id == recommendation_id)


def record_progress(ws: Workspace, recommendation_id: int, inspection_id: int, *, evidence: str = "",
                    statement: str = "", sufficient: bool | None = None) -> RecommendationInfo:
    """What this visit found about one recommendation; ``sufficient`` only on a monitoring visit."""
    with ws.db.session() as session:
        rec = get_or_404(session, Recommendation, recommendation_id)
        visit = get_or_404(session, Inspection, inspection_id)
        if sufficient is not None and visit.kind is not InspectionKind.MONITORING_VISIT:
            raise ValidationError("whether progress is sufficient is judged on a monitoring visit only")
        row = _progress_row(session, rec, visit)
        row.evidence, row.statement, row.sufficient = evidence.strip(), statement.strip(), sufficient
        authority = rec.authority
    return _one(ws, authority, recommendation_id)


def close(ws: Workspace, recommendation_id: int, reason: str, *, inspection_id: int) -> RecommendationInfo:
    """Close a recommendation on a visit with its reason (met, superseded by a new inspection, ...)."""
    text = require_text(reason, "the reason for closing a recommendation")
    with ws.db.session() as session:
        rec = get_or_404(session, Recommendation, recommendation_id)
        row = _progress_row(session, rec, get_or_404(session, Inspection, inspection_id))
        row.closes, row.closed_reason = True, text
        authority = rec.authority
    return _one(ws, authority, recommendation_id)


def reopen(ws: Workspace, recommendation_id: int) -> RecommendationInfo:
    """Undo every closing of the recommendation (the progress recorded stays)."""
    with ws.db.session() as session:
        rec = get_or_404(session, Recommendation, recommendation_id)
        for row in session.scalars(select(RecommendationProgress).where(
                RecommendationProgress.recommendation_uuid == rec.uuid, RecommendationProgress.closes.is_(True))):
            row.closes, row.closed_reason = False, None
        authority = rec.authority
    return _one(ws, authority, recommendation_id)
