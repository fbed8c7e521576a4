"""The vocabulary of quality assurance review: where a comment points, where it stands, the review's state."""

from __future__ import annotations

import hashlib

from inspector_app.domain.enums import LabelledEnum


def paragraph_fingerprint(text: str) -> str:
    """How a comment recognises its paragraph: the paragraph's words, whitespace aside."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:32]


class QaState(LabelledEnum):
    NOT_REVIEWED = "not_reviewed", "Not reviewed"
    IN_REVIEW = "in_review", "In review"
    CHANGES_ASKED = "changes_asked", "Changes asked"
    SIGNED_OFF = "signed_off", "Signed off"


class AnchorKind(LabelledEnum):
    """What a reviewer's comment is about."""

    PARAGRAPH = "paragraph", "Report paragraph"
    JUDGEMENT = "judgement", "Judgement"
    FINDING = "finding", "Finding"
    EVIDENCE = "evidence", "Evidence item"


class CommentStatus(LabelledEnum):
    OPEN = "open", "Open"
    ANSWERED = "answered", "Answered"  # the lead replied; still open until resolved or rejected
    RESOLVED = "resolved", "Resolved"
    REJECTED = "rejected", "Rejected"

    @property
    def is_open(self) -> bool:
        return self in (CommentStatus.OPEN, CommentStatus.ANSWERED)
