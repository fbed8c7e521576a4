"""What merging needs to remember: this machine's identity, deletions, exchanges, and every
version of each row that has been shared, to tell a fast-forward from a conflict."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.storage.base import Base, UTCDateTime, new_uuid, utcnow


class AppMeta(Base):
    """Key/value facts about this database, e.g. the machine id stamped on exported bundles."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Tombstone(Base):
    """A deleted row, remembered so that the deletion travels in bundles."""

    __tablename__ = "tombstone"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    entity: Mapped[str] = mapped_column(String(40))
    row_uuid: Mapped[str] = mapped_column(String(36), index=True)
    inspection_uuid: Mapped[str] = mapped_column(String(36), index=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    deleted_by: Mapped[str] = mapped_column(String(120), default="")
    history: Mapped[list[str]] = mapped_column(JSON, default=list)  # versions the deleted row had


class BundleLog(Base):
    """One bundle exported or imported: who, which machine, when, and what it carried."""

    __tablename__ = "bundle_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    bundle_uuid: Mapped[str] = mapped_column(String(36), index=True)
    direction: Mapped[str] = mapped_column(String(10))  # "export" or "import"
    inspection_uuid: Mapped[str] = mapped_column(String(36), index=True)
    peer: Mapped[str] = mapped_column(String(120))  # recipient (export) or exporting inspector (import)
    peer_machine: Mapped[str] = mapped_column(String(36), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    counts: Mapped[dict] = mapped_column(JSON, default=dict)


class RowOrigin(Base):
    """Provenance of a row that arrived in a bundle: from whom, which machine, when."""

    __tablename__ = "row_origin"

    row_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    exporter: Mapped[str] = mapped_column(String(120))
    machine: Mapped[str] = mapped_column(String(36))
    bundle_uuid: Mapped[str] = mapped_column(String(36))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class KnownVersion(Base):
    """A version (content hash) of a row that this database has shared or received.

    If the local version is among an incoming row's known versions, the incoming row descends
    from it (fast-forward); if the incoming version is known here, local is newer; otherwise the
    row changed on two laptops since they last met: a conflict.
    """

    __tablename__ = "known_version"
    __table_args__ = (UniqueConstraint("row_uuid", "content_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    row_uuid: Mapped[str] = mapped_column(String(36), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
