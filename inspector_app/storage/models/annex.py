"""Annex A lists imported from the council, and the headings each council uses.

The council's own child identifiers live only here, in the (encrypted) database: the rows are
written in bulk, are not part of bundles' entity list, and no export reads them. A sampled child
is linked to the case made for it, which carries only a pseudonymous reference.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.storage.base import Base, Tracked, UTCDateTime, utcnow


class AnnexImport(Tracked, Base):
    """One accepted list: which list, from which file, how many rows."""

    __tablename__ = "annex_import"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    list_number: Mapped[int] = mapped_column(Integer)
    source_name: Mapped[str] = mapped_column(String(255))
    row_count: Mapped[int] = mapped_column(Integer)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)


class AnnexChild(Base):
    """One row of a list; plain (no uuid, no audit per row) because 50,000 arrive at once."""

    __tablename__ = "annex_child"
    __table_args__ = (Index("ix_annex_child_inspection_council", "inspection_id", "council_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("annex_import.id", ondelete="CASCADE"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    list_number: Mapped[int] = mapped_column(Integer)
    row_number: Mapped[int] = mapped_column(Integer)
    council_id: Mapped[str] = mapped_column(String(60))
    gender: Mapped[str | None] = mapped_column(String(30))
    ethnicity: Mapped[str | None] = mapped_column(String(30))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    age: Mapped[int | None] = mapped_column(Integer)
    disability: Mapped[bool | None] = mapped_column(Boolean)
    uasc: Mapped[bool | None] = mapped_column(Boolean)
    team: Mapped[str | None] = mapped_column(String(120))
    worker: Mapped[str | None] = mapped_column(String(120))
    legal_status: Mapped[str | None] = mapped_column(String(60))
    event_date: Mapped[date | None] = mapped_column(Date)


class AnnexSample(Base):
    """A child (by council ID) in the inspection's sample, and the case made for it once accepted."""

    __tablename__ = "annex_sample"
    __table_args__ = (UniqueConstraint("inspection_id", "council_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    council_id: Mapped[str] = mapped_column(String(60))
    stratum: Mapped[str] = mapped_column(String(60))
    added_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_record.id", ondelete="SET NULL"))
    seed: Mapped[int | None] = mapped_column(Integer)
    drawn_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AnnexHeading(Base):
    """A council's heading for a field, remembered from the last import it accepted."""

    __tablename__ = "annex_heading"
    __table_args__ = (UniqueConstraint("authority", "heading"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    authority: Mapped[str] = mapped_column(String(200))
    heading: Mapped[str] = mapped_column(String(200))
    field: Mapped[str | None] = mapped_column(String(40))
