"""A child's case in the sample, held by reference and initials only, with its notes and audits."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspector_app.domain.enums import AgeBand, Grade, LegalStatus, RecordType, SelectionReason
from inspector_app.storage.base import Base, Tracked, UTCDateTime, enum_column

if TYPE_CHECKING:
    from inspector_app.storage.models.evidence import Evidence
    from inspector_app.storage.models.inspection import Inspection


class Case(Tracked, Base):
    __tablename__ = "case_record"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(60))
    initials: Mapped[str] = mapped_column(String(10), default="")
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand))
    legal_status: Mapped[LegalStatus] = mapped_column(enum_column(LegalStatus))
    team: Mapped[str] = mapped_column(String(120), default="")
    selection_reason: Mapped[SelectionReason] = mapped_column(enum_column(SelectionReason))
    summary: Mapped[str] = mapped_column(Text, default="")
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    escalated_to: Mapped[str | None] = mapped_column(String(200))

    inspection: Mapped[Inspection] = relationship(back_populates="cases")
    notes: Mapped[list[TrackingNote]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="TrackingNote.noted_at"
    )
    audits: Mapped[list[RecordAudit]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="RecordAudit.record_date"
    )
    evidence: Mapped[list[Evidence]] = relationship(back_populates="case")


class TrackingNote(Tracked, Base):
    __tablename__ = "tracking_note"

    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id", ondelete="CASCADE"), index=True)
    noted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    text: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="notes")


class RecordAudit(Tracked, Base):
    """One social work record examined on a case, graded on the framework's scale."""

    __tablename__ = "record_audit"

    case_id: Mapped[int] = mapped_column(ForeignKey("case_record.id", ondelete="CASCADE"), index=True)
    record_type: Mapped[RecordType] = mapped_column(enum_column(RecordType))
    record_date: Mapped[date] = mapped_column(Date)
    quality: Mapped[Grade | None] = mapped_column(enum_column(Grade))
    timely: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="audits")
