"""Good practice: evidence flagged as worth sharing, and the lead's case-study draft built from it.

The inspectorate publishes good-practice case studies; what is flagged here feeds one, anonymised
on export (pseudonyms only, the authority named only if the lead chooses).
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.storage.base import Base, Tracked


class GoodPractice(Tracked, Base):
    __tablename__ = "good_practice"
    __table_args__ = (UniqueConstraint("evidence_id"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    in_case_study: Mapped[bool] = mapped_column(Boolean, default=True)


class CaseStudy(Tracked, Base):
    __tablename__ = "case_study"
    __table_args__ = (UniqueConstraint("inspection_id"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    introduction: Mapped[str] = mapped_column(Text, default="")
    name_authority: Mapped[bool] = mapped_column(Boolean, default=False)
