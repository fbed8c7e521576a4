"""All mapped classes, imported together so Alembic and the session see every table."""

from inspector_app.storage.models.audit import AuditEvent
from inspector_app.storage.models.case import Case, RecordAudit, TrackingNote
from inspector_app.storage.models.evidence import Attachment, Evidence
from inspector_app.storage.models.inspection import Inspection, PreviousJudgement, TeamMember
from inspector_app.storage.models.judgement import Finding, FindingEvidence, Judgement
from inspector_app.storage.models.moderation import GradeProposal, ModerationDecision, ModerationSession
from inspector_app.storage.models.sync import AppMeta, BundleLog, KnownVersion, RowOrigin, Tombstone

__all__ = [
    "AppMeta",
    "Attachment",
    "AuditEvent",
    "BundleLog",
    "Case",
    "Evidence",
    "Finding",
    "FindingEvidence",
    "GradeProposal",
    "Inspection",
    "Judgement",
    "KnownVersion",
    "ModerationDecision",
    "ModerationSession",
    "PreviousJudgement",
    "RecordAudit",
    "RowOrigin",
    "TeamMember",
    "Tombstone",
    "TrackingNote",
]
