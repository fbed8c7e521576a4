"""All mapped classes, imported together so Alembic and the session see every table."""

from inspector_app.storage.models.case import Case, RecordAudit, TrackingNote
from inspector_app.storage.models.evidence import Attachment, Evidence
from inspector_app.storage.models.inspection import Inspection, PreviousJudgement, TeamMember
from inspector_app.storage.models.judgement import Finding, FindingEvidence, Judgement

__all__ = [
    "Attachment",
    "Case",
    "Evidence",
    "Finding",
    "FindingEvidence",
    "Inspection",
    "Judgement",
    "PreviousJudgement",
    "RecordAudit",
    "TeamMember",
    "TrackingNote",
]
