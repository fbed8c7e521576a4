"""All mapped classes, imported together so Alembic and the session see every table."""

from inspector_app.storage.models.annex import AnnexChild, AnnexHeading, AnnexImport, AnnexSample
from inspector_app.storage.models.audit import AuditEvent
from inspector_app.storage.models.case import Case, RecordAudit, TrackingNote
from inspector_app.storage.models.evidence import Attachment, Evidence, EvidenceRefCounter
from inspector_app.storage.models.followup import (
    EscalationNotice,
    Publication,
    Recommendation,
    RecommendationProgress,
)
from inspector_app.storage.models.good_practice import CaseStudy, GoodPractice
from inspector_app.storage.models.inspection import Inspection, PreviousJudgement, TeamMember
from inspector_app.storage.models.judgement import Finding, FindingEvidence, Judgement
from inspector_app.storage.models.moderation import GradeProposal, ModerationDecision, ModerationSession
from inspector_app.storage.models.qa import QaComment, QaReview
from inspector_app.storage.models.sync import AppMeta, BundleLog, KnownVersion, RowOrigin, Tombstone
from inspector_app.storage.models.team import RosterMember, SigningKey

__all__ = [
    "AnnexChild",
    "AnnexHeading",
    "AnnexImport",
    "AnnexSample",
    "AppMeta",
    "Attachment",
    "AuditEvent",
    "BundleLog",
    "Case",
    "CaseStudy",
    "EscalationNotice",
    "Evidence",
    "EvidenceRefCounter",
    "Finding",
    "FindingEvidence",
    "GoodPractice",
    "GradeProposal",
    "Inspection",
    "Judgement",
    "KnownVersion",
    "ModerationDecision",
    "ModerationSession",
    "PreviousJudgement",
    "Publication",
    "QaComment",
    "QaReview",
    "Recommendation",
    "RecommendationProgress",
    "RecordAudit",
    "RosterMember",
    "RowOrigin",
    "SigningKey",
    "TeamMember",
    "Tombstone",
    "TrackingNote",
]
