"""Read-only snapshots handed to callers (CLI, window, reports) instead of ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from inspector_app.domain.enums import (
    AgeBand,
    EvidenceSource,
    FindingKind,
    Grade,
    InspectionKind,
    InspectionStatus,
    LegalStatus,
    Polarity,
    RecordType,
    SelectionReason,
    TeamRole,
)
from inspector_app.domain.inspectorates import Inspectorate


@dataclass(frozen=True)
class TeamMemberInfo:
    name: str
    initials: str
    role: TeamRole


@dataclass(frozen=True)
class InspectionInfo:
    id: int
    uuid: str
    authority: str
    framework_id: str
    framework_version: str
    kind: InspectionKind
    status: InspectionStatus
    start_date: date
    end_date: date
    delivery_body: str | None = None
    focus_area: str | None = None
    visit_number: int | None = None
    previous_inspection_date: date | None = None
    dcs_name: str | None = None
    dcs_address: str | None = None
    summary: str = ""
    team: tuple[TeamMemberInfo, ...] = ()
    previous: dict[str, Grade] = field(default_factory=dict)

    @property
    def framework_uid(self) -> str:
        return f"{self.framework_id}@{self.framework_version}"

    @property
    def lead(self) -> TeamMemberInfo | None:
        return next((m for m in self.team if m.role is TeamRole.LEAD), None)

    @property
    def days_on_site(self) -> int:
        return (self.end_date - self.start_date).days + 1


@dataclass(frozen=True)
class CaseInfo:
    id: int
    uuid: str
    inspection_id: int
    reference: str
    initials: str
    age_band: AgeBand | None
    legal_status: LegalStatus
    team: str
    selection_reason: SelectionReason
    summary: str
    created_by: str
    escalated_at: datetime | None = None
    escalated_to: str | None = None
    note_count: int = 0
    audit_count: int = 0
    evidence_count: int = 0


@dataclass(frozen=True)
class NoteInfo:
    id: int
    uuid: str
    case_id: int
    noted_at: datetime
    text: str
    author: str


@dataclass(frozen=True)
class AuditInfo:
    id: int
    uuid: str
    case_id: int
    case_reference: str
    record_type: RecordType
    record_date: date
    quality: Grade | None
    timely: bool | None
    note: str
    author: str


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    uuid: str
    inspection_id: int
    text: str
    source: EvidenceSource
    seen_on: date
    area_key: str
    descriptors: tuple[str, ...]
    polarity: Polarity
    grade: Grade | None
    case_id: int | None
    case_reference: str | None
    record_audit_id: int | None
    tags: tuple[str, ...]
    author: str
    created_at: datetime
    updated_at: datetime
    attachment_count: int = 0
    inspectorate: Inspectorate | None = None  # joint inspections only
    ref: str = ""  # "AA-5": how everyone names the item (domain/refs.py)


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    evidence_id: int
    filename: str
    media_type: str
    size: int
    sha256: str


@dataclass(frozen=True)
class JudgementInfo:
    area_key: str
    grade: Grade | None
    rationale: str
    updated_by: str
    updated_at: datetime | None


@dataclass(frozen=True)
class FindingInfo:
    id: int
    uuid: str
    area_key: str | None
    kind: FindingKind
    text: str
    position: int
    national_ref: str | None
    evidence_ids: tuple[int, ...] = ()
    evidence_refs: tuple[str, ...] = ()  # the cited items' references ("AA-5"), in reading order
