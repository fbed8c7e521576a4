"""Independent grading before the team's grading meeting, and the lead's moderated decisions.

Each inspector's proposal is kept blind (services and bundles hide it from the others) until the
lead opens moderation; the lead's settled grade remembers which proposals it departed from, so
the team can later show how secure each judgement was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.domain.enums import Grade
from inspector_app.storage.base import Base, Tracked, UTCDateTime, enum_column


class GradeProposal(Tracked, Base):
    """One inspector's proposed grade for one area, with the evidence (by UUID) they rely on."""

    __tablename__ = "grade_proposal"
    __table_args__ = (UniqueConstraint("inspection_id", "area_key", "inspector"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    area_key: Mapped[str] = mapped_column(String(60))
    inspector: Mapped[str] = mapped_column(String(120))
    grade: Mapped[Grade] = mapped_column(enum_column(Grade))
    rationale: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)  # evidence UUIDs (stable across laptops)


class ModerationSession(Tracked, Base):
    """The lead has opened moderation: from then on every proposal is visible to the whole team."""

    __tablename__ = "moderation_session"
    __table_args__ = (UniqueConstraint("inspection_id"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    opened_by: Mapped[str] = mapped_column(String(120))


class ModerationDecision(Tracked, Base):
    """The lead's settled grade for an area after moderation, and the proposals it departed from."""

    __tablename__ = "moderation_decision"
    __table_args__ = (UniqueConstraint("inspection_id", "area_key"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    area_key: Mapped[str] = mapped_column(String(60))
    grade: Mapped[Grade] = mapped_column(enum_column(Grade))
    rationale: Mapped[str] = mapped_column(Text)
    departed_from: Mapped[list[str]] = mapped_column(JSON, default=list)  # proposal UUIDs
