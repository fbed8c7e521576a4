"""The lead's view of team work: which bundles came and went, and what each sender contributed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from inspector_app.domain.wording import plural
from inspector_app.services.workspace import Workspace, get_or_404
from inspector_app.storage.models import BundleLog, Inspection, RowOrigin


@dataclass(frozen=True)
class Exchange:
    direction: str
    peer: str
    at: datetime
    since: datetime | None
    summary: str


def _summary(direction: str, counts: dict[str, int]) -> str:
    if direction == "export":
        rows = sum(v for k, v in counts.items() if k != "tombstones")
        return f"{plural(rows, 'row')}, {plural(counts.get('tombstones', 0), 'deletion')}"
    return (f"{counts.get('added', 0)} added, {counts.get('updated', 0)} updated, {counts.get('deleted', 0)} "
            f"deleted, {plural(counts.get('conflict', 0), 'conflict')} settled")


@dataclass(frozen=True)
class SenderSummary:
    exporter: str
    rows: int
    last_bundle: datetime
    new_since_last_merge: int


def exchanges(ws: Workspace, inspection_id: int) -> list[Exchange]:
    with ws.db.read_session() as session:
        uuid = get_or_404(session, Inspection, inspection_id).uuid
        rows = session.scalars(select(BundleLog).where(BundleLog.inspection_uuid == uuid)
                               .order_by(BundleLog.at.desc())).all()
        return [Exchange(r.direction, r.peer, r.at, r.since, _summary(r.direction, r.counts or {})) for r in rows]


def senders(ws: Workspace, inspection_id: int) -> list[SenderSummary]:
    """Per inspector who has sent bundles: rows received, when, and how many since the last merge."""
    with ws.db.read_session() as session:
        uuid = get_or_404(session, Inspection, inspection_id).uuid
        last_merge = session.scalar(select(func.max(BundleLog.at)).where(
            BundleLog.inspection_uuid == uuid, BundleLog.direction == "import"))
        bundles = select(BundleLog.bundle_uuid).where(BundleLog.inspection_uuid == uuid)
        result = []
        for exporter, rows, last in session.execute(
            select(RowOrigin.exporter, func.count(), func.max(RowOrigin.imported_at))
            .where(RowOrigin.bundle_uuid.in_(bundles)).group_by(RowOrigin.exporter)
        ):
            recent = session.scalar(select(func.count()).select_from(RowOrigin).where(
                RowOrigin.exporter == exporter, RowOrigin.bundle_uuid.in_(bundles),
                RowOrigin.imported_at >= last_merge)) if last_merge else rows
            result.append(SenderSummary(exporter, rows, last, recent or 0))
        return sorted(result, key=lambda s: s.last_bundle, reverse=True)
