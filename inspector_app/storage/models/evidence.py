"""Evidence mapped to a judgement area and its grade descriptors, with attached files."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.storage.base import Base, Tracked, enum_column

if TYPE_CHECKING:
    from inspector_app.storage.models.case import Case, RecordAudit
    from inspector_app.storage.models.inspection import Inspection


class Evidence(Tracked, Base):
    """A piece of evidence; ``descriptors`` and ``tags`` are JSON lists so a row merges whole."""

    __tablename__ = "evidence"
    __table_args__ = (
        Index("ix_evidence_inspection", "inspection_id"),  # an inspection's first and last rowid, for search
        Index("ix_evidence_inspection_area", "inspection_id", "area_key", "polarity"),  # the overview's counts
        Index("ix_evidence_inspection_author", "inspection_id", "created_by"),
        Index("ix_evidence_inspection_seen", "inspection_id", "seen_on", "id"),  # the review's default order
        # An index, not a table constraint: SQLite adds it without rebuilding the table (and its search triggers).
        Index("uq_evidence_inspection_ref", "inspection_id", "ref", unique=True),
    )

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[EvidenceSource] = mapped_column(enum_column(EvidenceSource))
    seen_on: Mapped[date] = mapped_column(Date)
    area_key: Mapped[str] = mapped_column(String(60))
    descriptors: Mapped[list[str]] = mapped_column(JSON, default=list)
    polarity: Mapped[Polarity] = mapped_column(enum_column(Polarity))
    grade: Mapped[Grade | None] = mapped_column(enum_column(Grade))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_record.id", ondelete="SET NULL"), index=True
    )
    record_audit_id: Mapped[int | None] = mapped_column(
        ForeignKey("record_audit.id", ondelete="SET NULL"), index=True
    )
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    inspectorate: Mapped[Inspectorate | None] = mapped_column(enum_column(Inspectorate))  # joint inspections
    ref: Mapped[str] = mapped_column(String(16))  # "AA-5": the same on every laptop (domain/refs.py)

    inspection: Mapped[Inspection] = relationship(back_populates="evidence")
    case: Mapped[Case | None] = relationship(back_populates="evidence")
    record_audit: Mapped[RecordAudit | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="evidence", cascade="all, delete-orphan"
    )


class Attachment(Tracked, Base):
    """A file kept inside the database (so it is encrypted and merged with it), with its hash."""

    __tablename__ = "attachment"

    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(120), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    evidence: Mapped[Evidence] = relationship(back_populates="attachments")


class EvidenceRefCounter(Base):
    """The last running number this laptop gave an author's evidence in an inspection, so that deleting the
    newest item never frees its reference for another (History and bundles still name it). Local
    bookkeeping: never carried in a bundle; the numbers themselves travel with the items."""

    __tablename__ = "evidence_ref_counter"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
