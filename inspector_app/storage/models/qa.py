"""Quality assurance review: the reviewer's comments anchored in the draft, and the review's state.

A comment keeps a copy of what it was anchored to, so that when the paragraph is rewritten or the
item deleted the comment is still shown (as orphaned), never lost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.domain.qa import AnchorKind, CommentStatus, QaState
from inspector_app.storage.base import Base, Tracked, UTCDateTime, enum_column


class QaComment(Tracked, Base):
    __tablename__ = "qa_comment"

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    anchor_kind: Mapped[AnchorKind] = mapped_column(enum_column(AnchorKind))
    anchor_key: Mapped[str] = mapped_column(String(64))  # paragraph fingerprint, area key, or a row's UUID
    anchor_text: Mapped[str] = mapped_column(Text, default="")  # what it pointed at, when written
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus), default=CommentStatus.OPEN)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str | None] = mapped_column(String(120))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QaReview(Tracked, Base):
    """The inspection's QA state, who set it and when; at sign-off, a fingerprint of the draft."""

    __tablename__ = "qa_review"
    __table_args__ = (UniqueConstraint("inspection_id"),)

    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"))
    state: Mapped[QaState] = mapped_column(enum_column(QaState), default=QaState.NOT_REVIEWED)
    set_by: Mapped[str] = mapped_column(String(120), default="")
    set_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_draft: Mapped[str | None] = mapped_column(String(64))
