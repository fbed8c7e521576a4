"""The lead inspector's judgements and the findings the report is written from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspector_app.domain.enums import FindingKind, Grade
from inspector_app.storage.base import Base, Tracked, enum_column

if TYPE_CHECKING:
    from inspector_app.storage.models.evidence import Evidence
    from inspector_app.storage.models.inspection import Inspection


class Judgement(Tracked, Base):
    """A proposed grade for one area (or ``overall_effectiveness``) with its rationale."""

    __tablename__ = "judgement"
    __table_args__ = (UniqueConstraint("inspection_id", "area_key"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    area_key: Mapped[str] = mapped_column(String(60))
    grade: Mapped[Grade | None] = mapped_column(enum_column(Grade))
    rationale: Mapped[str] = mapped_column(Text, default="")

    inspection: Mapped[Inspection] = relationship(back_populates="judgements")


class Finding(Tracked, Base):
    """A strength, area for improvement or recommendation; ``area_key`` None means overall."""

    __tablename__ = "finding"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    area_key: Mapped[str | None] = mapped_column(String(60))
    kind: Mapped[FindingKind] = mapped_column(enum_column(FindingKind))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    national_ref: Mapped[str | None] = mapped_column(String(60))

    inspection: Mapped[Inspection] = relationship(back_populates="findings")
    evidence_links: Mapped[list[FindingEvidence]] = relationship(
        back_populates="finding", cascade="all, delete-orphan"
    )


class FindingEvidence(Tracked, Base):
    __tablename__ = "finding_evidence"
    __table_args__ = (UniqueConstraint("finding_id", "evidence_id"),)

    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"))
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)

    finding: Mapped[Finding] = relationship(back_populates="evidence_links")
    evidence: Mapped[Evidence] = relationship()
