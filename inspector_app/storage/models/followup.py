"""What happens after a visit: when its report or letter was published, and its recommendations.

Kept apart from ``inspection`` so that the council's working-day deadlines (counted from
publication) have one source, and the row travels in bundles like any other.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.domain.enums import FindingKind
from inspector_app.storage.base import Base, Tracked, UTCDateTime, enum_column


class Publication(Tracked, Base):
    __tablename__ = "publication"

    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), unique=True)
    published_on: Mapped[date] = mapped_column(Date)


class Recommendation(Tracked, Base):
    """A "what needs to improve" item or area for priority action of a published inspection,
    followed through the authority's later visits.

    Derived from the finding (its uuid is a function of the finding's), so every laptop holding
    the published inspection has the same row; what visits record about it lives in
    ``recommendation_progress``, owned by each visit, and travels in that visit's bundles."""

    __tablename__ = "recommendation"

    authority: Mapped[str] = mapped_column(String(200), index=True)
    # The published inspection it came from, when that inspection is in this database; None when it was
    # carried from the regional store (services/across.py) and the inspection itself stayed there.
    source_inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"),
                                                             index=True)
    finding_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    kind: Mapped[FindingKind] = mapped_column(enum_column(FindingKind))
    area_key: Mapped[str | None] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Provenance of a recommendation carried from the store into a new inspection: which inspection (its
    # uuid, as the store knows it), how it is named, when it ended, and the inspection it was carried into.
    carried_into_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    carried_from_uuid: Mapped[str | None] = mapped_column(String(36))
    carried_from: Mapped[str | None] = mapped_column(String(200))
    carried_end: Mapped[date | None] = mapped_column(Date)


class RecommendationProgress(Tracked, Base):
    """What one later visit found about a recommendation: evidence, a statement, (monitoring visits
    only) whether progress is sufficient, and whether this visit closed it and why. Never a grade.

    The recommendation is named by its uuid, not a foreign key: the row belongs to the visit alone."""

    __tablename__ = "recommendation_progress"
    __table_args__ = (UniqueConstraint("recommendation_uuid", "inspection_id"),)

    recommendation_uuid: Mapped[str] = mapped_column(String(36), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    statement: Mapped[str] = mapped_column(Text, default="")
    sufficient: Mapped[bool | None] = mapped_column(Boolean)
    closes: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_reason: Mapped[str | None] = mapped_column(Text)


class EscalationNotice(Tracked, Base):
    """A child found at risk, raised with the council: what, with whom, when, and its response.

    Internal to the inspection: no published document reads this table."""

    __tablename__ = "escalation_notice"

    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id", ondelete="CASCADE"), index=True)
    raised: Mapped[str] = mapped_column(Text)
    notified_to: Mapped[str] = mapped_column(String(200))
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    response_working_days: Mapped[int] = mapped_column(Integer)
    response_due: Mapped[date] = mapped_column(Date)
    response_on: Mapped[date | None] = mapped_column(Date)
    response: Mapped[str] = mapped_column(Text, default="")
