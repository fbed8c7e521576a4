"""Who may send work for an inspection: each person's signing key, and the team roster the lead keeps.

A person's Ed25519 private key lives in their own database (encrypted at rest when the database
is), created the first time they set up their identity. The roster of an inspection lists each
member's name, role and public key; the lead sets it and it travels in the lead's bundles, so
every laptop can tell who signed a bundle.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.domain.enums import TeamRole
from inspector_app.storage.base import Base, UTCDateTime, enum_column, new_uuid, utcnow


class SigningKey(Base):
    """One person's signing key on this laptop; the private half never leaves the database."""

    __tablename__ = "signing_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    person: Mapped[str] = mapped_column(String(120), unique=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)  # raw 32-byte Ed25519 seed
    public_key: Mapped[str] = mapped_column(String(64))  # hex of the raw 32-byte public key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RosterMember(Base):
    """A member of an inspection's team as the lead recorded them: name, role and public key."""

    __tablename__ = "roster_member"
    __table_args__ = (UniqueConstraint("inspection_id", "public_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[TeamRole] = mapped_column(enum_column(TeamRole))
    public_key: Mapped[str] = mapped_column(String(64))
    added_by: Mapped[str] = mapped_column(String(120), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
