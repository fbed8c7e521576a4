"""An inspection or visit, its team, and the grades the authority had before."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspector_app.domain.enums import Grade, InspectionKind, InspectionStatus, TeamRole
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.storage.base import Base, Tracked, enum_column

if TYPE_CHECKING:
    from inspector_app.storage.models.case import Case
    from inspector_app.storage.models.evidence import Evidence
    from inspector_app.storage.models.judgement import Finding, Judgement


class Inspection(Tracked, Base):
    __tablename__ = "inspection"

    authority: Mapped[str] = mapped_column(String(200))
    delivery_body: Mapped[str | None] = mapped_column(String(200))
    framework_id: Mapped[str] = mapped_column(String(60))
    framework_version: Mapped[str] = mapped_column(String(30))
    kind: Mapped[InspectionKind] = mapped_column(enum_column(InspectionKind))
    status: Mapped[InspectionStatus] = mapped_column(
        enum_column(InspectionStatus), default=InspectionStatus.PLANNING
    )
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    focus_area: Mapped[str | None] = mapped_column(String(60))
    visit_number: Mapped[int | None] = mapped_column(Integer)
    previous_inspection_date: Mapped[date | None] = mapped_column(Date)
    dcs_name: Mapped[str | None] = mapped_column(String(200))
    dcs_address: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")

    team: Mapped[list[TeamMember]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="TeamMember.id"
    )
    previous_judgements: Mapped[list[PreviousJudgement]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan"
    )
    cases: Mapped[list[Case]] = relationship(back_populates="inspection", cascade="all, delete-orphan")
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan"
    )
    judgements: Mapped[list[Judgement]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan"
    )

    @property
    def framework_uid(self) -> str:
        return f"{self.framework_id}@{self.framework_version}"


class TeamMember(Tracked, Base):
    __tablename__ = "team_member"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    initials: Mapped[str] = mapped_column(String(10))
    role: Mapped[TeamRole] = mapped_column(enum_column(TeamRole))
    inspectorate: Mapped[Inspectorate | None] = mapped_column(enum_column(Inspectorate))  # joint inspections

    inspection: Mapped[Inspection] = relationship(back_populates="team")


class PreviousJudgement(Tracked, Base):
    """The grade an area had at the authority's last graded inspection, for rose/fell/same."""

    __tablename__ = "previous_judgement"
    __table_args__ = (UniqueConstraint("inspection_id", "area_key"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    area_key: Mapped[str] = mapped_column(String(60))
    grade: Mapped[Grade] = mapped_column(enum_column(Grade))

    inspection: Mapped[Inspection] = relationship(back_populates="previous_judgements")
