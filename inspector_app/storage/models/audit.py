"""The audit trail: an append-only record of who created, changed or deleted what, and when.

Rows are written by the session's flush hook (``storage.audit``) and by the few bulk paths that
bypass the ORM; database triggers refuse any later UPDATE or DELETE, so the app cannot edit
history. Events travel in bundles, keyed by ``uuid``, so the lead's copy holds the whole team's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.storage.base import Base, UTCDateTime, new_uuid, utcnow


class AuditEvent(Base):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)  # when it reached this database
    who: Mapped[str] = mapped_column(String(120), default="")
    inspection_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    row_uuid: Mapped[str | None] = mapped_column(String(36), index=True)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # who brought the event here: the public key of the bundle's signer (None: made on this laptop)
    brought_by: Mapped[str | None] = mapped_column(String(64))
    # why an imported event cannot be taken at its word (another author, a future date...); None: genuine
    doubt: Mapped[str | None] = mapped_column(String(200))
    # the digest of what ``changes`` first said, and the hash chaining this event to the one before
    # (see storage.audit_chain): written once by storage.audit.record, checked by ``check``
    changes_hash: Mapped[str] = mapped_column(String(64))
    chain_hash: Mapped[str] = mapped_column(String(64))
