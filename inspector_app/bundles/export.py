"""Writing a bundle: the whole inspection, or what changed since the last export to a recipient."""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from inspector_app import __version__
from inspector_app.bundles import crypto, signing
from inspector_app.bundles.scope import owned_clause
from inspector_app.services import identity, roster
from inspector_app.services.moderation import PROPOSAL_ENTITY, Blind, bundle_blind
from inspector_app.services.workspace import Workspace, get_or_404
from inspector_app.storage import audit
from inspector_app.storage.base import new_uuid
from inspector_app.storage.models import AppMeta, AuditEvent, BundleLog, Inspection, RowOrigin, Tombstone
from inspector_app.storage.rows import ENTITIES, content_hash, known_versions, remember_versions, serialise

FORMAT = "inspector-app-bundle"
FORMAT_VERSION = 2  # 2: signed manifest, team roster, audit events name who brought them
SUFFIX = ".inspbundle"


class BundleError(Exception):
    """A bundle that cannot be written or read; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    bundle_uuid: str
    counts: dict[str, int]
    since: datetime | None
    encrypted: bool


def machine_id(session: Session) -> str:
    """This database's stable identity in bundles, created the first time it is needed."""
    row = session.get(AppMeta, "machine_id")
    if row is None:
        row = AppMeta(key="machine_id", value=new_uuid())
        session.add(row)
        session.flush()
    return row.value


def last_export(session: Session, inspection_uuid: str, recipient: str) -> datetime | None:
    return session.scalar(
        select(BundleLog.at).where(BundleLog.direction == "export", BundleLog.inspection_uuid == inspection_uuid,
                                   BundleLog.peer == recipient).order_by(BundleLog.at.desc()).limit(1))


def _collect(session: Session, inspection_id: int, since: datetime | None, blind: Blind,
             shared_out: list[tuple[str, str]] | None = None,
             level: frozenset[tuple[str, str]] = frozenset()) -> tuple[dict[str, list[dict[str, Any]]],
                                                                        dict[str, bytes]]:
    uuid_of: dict[str, dict[int, str]] = {}
    data: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, bytes] = {}
    imported_since = (select(RowOrigin.row_uuid).where(RowOrigin.imported_at > since) if since else None)
    for entity in ENTITIES:
        t = entity.table
        where = owned_clause(entity, inspection_id)
        all_rows = session.execute(select(t).where(where)).mappings().all()
        uuid_of[entity.name] = {r["id"]: r["uuid"] for r in all_rows}
        if since is not None and entity.name not in ("inspection", PROPOSAL_ENTITY):
            # proposals always travel whole: one withheld before moderation opened is due once it opens
            changed = (or_(t.c.updated_at > since, t.c.uuid.in_(imported_since))
                       if "updated_at" in t.c and imported_since is not None else None)
            query = select(t).where(where, changed) if changed is not None else select(t).where(where)
            rows = session.execute(query).mappings().all()
        else:
            rows = all_rows
        out = []
        known = known_versions(session, [r["uuid"] for r in rows])
        shared: list[tuple[str, str]] = []
        for r in rows:
            if entity.name == PROPOSAL_ENTITY and blind.hides(r["inspector"]):
                continue  # blind until the lead opens moderation
            item = serialise(entity, dict(r), uuid_of)
            digest = content_hash(item)
            item["_history"] = sorted(known.get(r["uuid"], set()) | {digest})
            shared.append((r["uuid"], digest))
            if (r["uuid"], digest) in level:
                continue  # the other side has just sent this very version: it has nothing to learn from it
            out.append(item)
            if entity.name == "attachment":
                files[f"attachments/{r['sha256']}"] = r["data"]
        if shared_out is None:
            remember_versions(session, shared)
        else:
            shared_out.extend(shared)
        data[entity.name] = out
    return data, files


def _audit_events(session: Session, inspection_uuid: str, since: datetime | None,
                  my_key: str, blind: Blind) -> list[dict[str, Any]]:
    """The inspection's audit trail, or the part of it this database received since the last export
    (proposals' events always, as their rows); none of a proposal the recipient may not see yet.

    Each event names the key of whoever first brought it in a bundle (ours, for events made here)
    and keeps any doubt an import raised about it, so a doubtful event stays marked as it travels.
    """
    query = select(AuditEvent).where(AuditEvent.inspection_uuid == inspection_uuid).order_by(AuditEvent.id)
    if since is not None:
        query = query.where(or_(AuditEvent.received_at > since, AuditEvent.entity == PROPOSAL_ENTITY))
    return [{"uuid": e.uuid, "at": e.at.isoformat(), "who": e.who, "entity": e.entity, "row_uuid": e.row_uuid,
             "action": e.action, "changes": e.changes, "signer": e.brought_by or my_key, "doubt": e.doubt}
            for e in session.scalars(query) if not blind.hides_event(e.entity, e.who)]


def collect(session: Session, inspection: Inspection, since: datetime | None, blind: Blind, my_key: str,
            shared_out: list[tuple[str, str]] | None = None,
            level: frozenset[tuple[str, str]] = frozenset()) -> tuple[dict[str, list[dict[str, Any]]],
                                                                       dict[str, bytes]]:
    """Everything a bundle carries of the inspection (rows, deletions, history, roster) and the attachments'
    bytes: what a bundle file holds, and what a sync with the regional store moves without a file.

    Each row's version sent is remembered as shared (so a later change of it is told from a conflict);
    with ``shared_out`` the (uuid, hash) pairs are handed back instead, for the caller to remember once
    the other side has committed them (a sync). Rows whose (uuid, hash) is in ``level`` are left out: a
    sync's pull leaves out what the laptop has just pushed, which it would only find unchanged."""
    data, files = _collect(session, inspection.id, since, blind, shared_out, level)
    data.update(history(session, inspection, since, blind, my_key))
    return data, files


def history(session: Session, inspection: Inspection, since: datetime | None, blind: Blind,
            my_key: str) -> dict[str, list[dict[str, Any]]]:
    """What a bundle carries besides rows: deletions (tombstones), the audit trail and the roster."""
    data: dict[str, list[dict[str, Any]]] = {}
    tombstones = session.scalars(select(Tombstone).where(
        Tombstone.inspection_uuid == inspection.uuid,
        *([Tombstone.deleted_at > since] if since else []))).all()
    data["tombstones"] = [{"uuid": t.uuid, "entity": t.entity, "row_uuid": t.row_uuid,
                           "deleted_at": t.deleted_at.isoformat(), "deleted_by": t.deleted_by,
                           "history": list(t.history or [])} for t in tombstones]
    data["audit"] = _audit_events(session, inspection.uuid, since, my_key, blind)
    data["roster"] = [{"name": m.name, "role": m.role.value, "public_key": m.public_key}
                      for m in roster.members(session, inspection.id)]
    return data


def bundle_path(out: Path | str) -> Path:
    """Where a bundle named ``out`` is written: its suffix always ``.inspbundle`` (an import looks for it)."""
    path = Path(out).expanduser()
    return path if path.suffix == SUFFIX else path.with_suffix(SUFFIX)


def export_bundle(ws: Workspace, inspection_id: int, out: Path | str, *, recipient: str = "lead",
                  since_last: bool = False, passphrase: str | None = None) -> ExportSummary:
    out = Path(out).expanduser()
    if not out.parent.is_dir():
        raise BundleError(f"The folder {out.parent} does not exist: choose another place for the bundle.")
    recipient = recipient.strip() or "lead"
    if ws.db.read_only:  # exporting signs and records what was sent: it writes
        raise BundleError("This database is open read-only, so no bundle can be exported from it (exporting "
                          "records what was sent). Open it for work to export.")
    if ws.db.encrypted and not passphrase:
        raise BundleError("This database is encrypted, so its bundles must be too: give the bundle a passphrase "
                          "(--encrypt).")
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        since = last_export(session, inspection.uuid, recipient) if since_last else None
        blind = bundle_blind(session, inspection_id, recipient)
        my_key = identity.key_row(session, ws.user).public_key
        data, files = collect(session, inspection, since, blind, my_key)
        counts = {name: len(rows) for name, rows in data.items()}
        bundle_uuid = new_uuid()
        now = datetime.now(UTC)
        payload = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        checksums = {"data.json": hashlib.sha256(payload).hexdigest()}
        checksums.update({name: hashlib.sha256(blob).hexdigest() for name, blob in files.items()})
        manifest = {
            "format": FORMAT, "version": FORMAT_VERSION, "app_version": __version__, "bundle_uuid": bundle_uuid,
            "created_at": now.isoformat(), "recipient": recipient,
            "exporter": {"name": ws.user, "machine": machine_id(session), "machine_name": platform.node()},
            "inspection_uuid": inspection.uuid, "since": since.isoformat() if since else None,
            "checksums": checksums, "counts": counts, "signer": {"name": ws.user, "public_key": my_key},
        }
        raw_manifest = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", raw_manifest)
            archive.writestr("signature.json", signing.signature_member(session, ws.user, raw_manifest))
            archive.writestr("data.json", payload)
            for name, blob in files.items():
                archive.writestr(name, blob)
        blob = buffer.getvalue()
        if passphrase:
            blob = crypto.encrypt(blob, passphrase)
        _write_atomically(out, blob)
        session.add(BundleLog(bundle_uuid=bundle_uuid, direction="export", inspection_uuid=inspection.uuid,
                              peer=recipient, peer_machine="", at=now, since=since, counts=counts))
        audit.record(session, [audit.event(ws.user, "export", "bundle", bundle_uuid, inspection.uuid, {
            "recipient": recipient, "since": since.isoformat() if since else None, "encrypted": bool(passphrase),
            "file": out.name, "counts": counts})])
    return ExportSummary(out, bundle_uuid, counts, since, bool(passphrase))


def _write_atomically(out: Path, blob: bytes) -> None:
    fd, temp_name = tempfile.mkstemp(prefix=".bundle-", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, out)
    except OSError as exc:
        raise BundleError(f"Could not write {out}: {exc.strerror or exc}. Free some space or choose another "
                          "folder; nothing was changed.") from exc
    finally:
        Path(temp_name).unlink(missing_ok=True)
