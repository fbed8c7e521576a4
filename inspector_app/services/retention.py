"""Retention after publication: purge what identifies children, or destroy the whole database.

A purge keeps what the published report rests on (judgements, findings, evidence, record-audit
grades) and removes what points to a child: case references and initials become "Child A",
tracking notes, record-audit notes and case attachments go, evidence, findings and rationales are
scrubbed, and the audit trail keeps who did what and when but not what was written about cases.
Backups taken before the purge still hold the removed data, so once the purged database passes its
check they are shredded and a fresh backup is made.

Destroying (crypto-shredding) overwrites the key material of the database and every copy of it,
then deletes them, and appends a line to a log kept outside the database.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Result, delete, select, text, update

from inspector_app.domain.enums import InspectionStatus
from inspector_app.domain.wording import plural
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404
from inspector_app.storage import audit, cipher
from inspector_app.storage.models import (
    AnnexChild,
    AnnexSample,
    Attachment,
    AuditEvent,
    Case,
    EscalationNotice,
    Evidence,
    Finding,
    Inspection,
    Judgement,
    RecommendationProgress,
    RecordAudit,
    TrackingNote,
)

REDACTED = (  # whole texts about a case
    "case_record", "tracking_note", "record_audit", "evidence", "attachment", "escalation_notice")
SHRED_LOG = "shredding-log.jsonl"
KEY_MATERIAL_BYTES = 64 * 1024  # SQLCipher's salt is in the first page; overwrite well past it


class RetentionError(Exception):
    """A purge or destruction that could not be done; nothing was changed."""


@dataclass(frozen=True)
class PurgeSummary:
    cases: int
    notes_removed: int
    attachments_removed: int
    texts_scrubbed: int
    events_redacted: int
    backups_shredded: int


def purged_at(ws: Workspace, inspection_id: int) -> datetime | None:
    with ws.db.read_session() as session:
        inspection_uuid = get_or_404(session, Inspection, inspection_id).uuid
        return session.scalar(select(AuditEvent.at).where(AuditEvent.inspection_uuid == inspection_uuid,
                                                          AuditEvent.action == "purge").limit(1))


def purge_case_details(ws: Workspace, inspection_id: int, *, confirm: str) -> PurgeSummary:
    """Remove case-identifying data from a published inspection; ``confirm`` is its authority's name."""
    from inspector_app.services import backups, permissions
    from inspector_app.services.cases import list_cases
    from inspector_app.services.pseudonyms import Pseudonymiser

    with ws.db.read_session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        authority, status, inspection_uuid = inspection.authority, inspection.status, inspection.uuid
        # The purge rewrites with Core statements, which the flush-time check never sees: the lead's act.
        permissions.require_may_change(session, inspection_id, ws.user, {"inspection", "case_record", "evidence"})
    if status is not InspectionStatus.PUBLISHED:
        raise ValidationError(f"Only a published inspection can be purged; {authority} is at "
                              f"“{status.label}”. Set its status to Published first.")
    if confirm.strip().casefold() != authority.casefold():
        raise ValidationError(f"Type the authority's name ({authority}) to confirm the purge.")
    if purged_at(ws, inspection_id) is not None:
        raise ValidationError(f"{authority} has already been purged.")
    on_server = not ws.db.has_file  # a store's backups (and their retention) are its operator's
    try:
        if not on_server:
            backups.create(ws, "before-purge")
    except backups.BackupError as exc:
        raise RetentionError(f"The purge did not start: {exc}") from exc
    started = datetime.now(UTC)
    pseudonyms = Pseudonymiser(list_cases(ws, inspection_id))
    with ws.db.session() as session:
        case_ids = list(session.scalars(select(Case.id).where(Case.inspection_id == inspection_id)))
        evidence_rows = session.execute(select(Evidence.id, Evidence.text, Evidence.case_id)
                                        .where(Evidence.inspection_id == inspection_id)).all()
        scrubbed = 0
        for evidence_id, words, case_id in evidence_rows:
            clean = pseudonyms.scrub(words, case_id)
            if clean != words:
                session.execute(update(Evidence).where(Evidence.id == evidence_id).values(text=clean))
                scrubbed += 1
        for model, column in ((Finding, Finding.text), (Judgement, Judgement.rationale),
                              (RecommendationProgress, RecommendationProgress.evidence),
                              (RecommendationProgress, RecommendationProgress.statement)):
            for row_id, words in session.execute(select(model.id, column)
                                                 .where(model.inspection_id == inspection_id)).all():
                clean = pseudonyms.scrub(words)
                if clean != words:
                    session.execute(update(model).where(model.id == row_id).values({column.key: clean}))
                    scrubbed += 1
        summary_text = session.scalar(select(Inspection.summary).where(Inspection.id == inspection_id)) or ""
        if pseudonyms.scrub(summary_text) != summary_text:
            session.execute(update(Inspection).where(Inspection.id == inspection_id)
                            .values(summary=pseudonyms.scrub(summary_text)))
            scrubbed += 1
        for case_id in case_ids:
            session.execute(update(Case).where(Case.id == case_id).values(
                reference=pseudonyms.name(case_id), initials="", summary=""))
        notes = _deleted(session.execute(delete(TrackingNote).where(TrackingNote.case_id.in_(case_ids))))
        # the council's child-level lists and the sample's council IDs go; escalations keep only their dates
        session.execute(delete(AnnexSample).where(AnnexSample.inspection_id == inspection_id))
        session.execute(delete(AnnexChild).where(AnnexChild.inspection_id == inspection_id))
        session.execute(update(EscalationNotice).where(EscalationNotice.case_id.in_(case_ids))
                        .values(raised="", response=""))
        session.execute(update(RecordAudit).where(RecordAudit.case_id.in_(case_ids)).values(note=""))
        case_evidence = select(Evidence.id).where(Evidence.inspection_id == inspection_id,
                                                  Evidence.case_id.is_not(None))
        attachments = _deleted(session.execute(delete(Attachment).where(Attachment.evidence_id.in_(case_evidence))))
        redacted = _redact_trail(session, inspection_uuid, pseudonyms.scrub, ws.user)
        summary = PurgeSummary(len(case_ids), notes or 0, attachments or 0, scrubbed, redacted, 0)
        audit.record(session, [audit.event(ws.user, "purge", "inspection", inspection_uuid, inspection_uuid, {
            "summary": f"Case details purged after publication: {plural(len(case_ids), 'case')} pseudonymised, "
                       f"{plural(summary.notes_removed, 'tracking note')} and "
                       f"{plural(summary.attachments_removed, 'attachment')} "
                       f"removed, {plural(scrubbed, 'text')} scrubbed, "
                       f"{plural(redacted, 'history entry', 'history entries')} redacted",
            **{k: v for k, v in asdict(summary).items() if k != "backups_shredded"}})])
    if on_server:
        return summary  # what the server keeps (dead rows, WAL, base backups) is the operator's: regional-store.md
    _compact(ws)
    shredded = _replace_older_backups(ws, started)
    return PurgeSummary(**{**asdict(summary), "backups_shredded": shredded})


def _deleted(result: Result[Any]) -> int:
    """How many rows a DELETE statement removed."""
    return cast(CursorResult[Any], result).rowcount


def _redact_trail(session: Any, inspection_uuid: str, scrub: Callable[[str], str], who: str) -> int:
    """Keep who did what and when. Events about a case lose what was written; the others (judgements,
    findings, the inspection) keep it with case references and initials replaced. Only here may the
    trail change, and the change is itself an event in the chain naming every event it redacted."""
    from inspector_app.storage.audit_chain import REDACT, redacting

    redacted_uuids: list[str] = []
    with redacting(session.connection()):
        whole = list(session.scalars(select(AuditEvent.uuid).where(
            AuditEvent.inspection_uuid == inspection_uuid, AuditEvent.entity.in_(REDACTED),
            AuditEvent.action != REDACT)))
        if whole:
            session.execute(update(AuditEvent).where(AuditEvent.uuid.in_(whole)).values(changes={"redacted": True}))
        redacted_uuids += whole
        for event_uuid, changes in session.execute(select(AuditEvent.uuid, AuditEvent.changes).where(
                AuditEvent.inspection_uuid == inspection_uuid, AuditEvent.entity.not_in(REDACTED),
                AuditEvent.action != REDACT)).all():
            clean = _scrubbed(changes, scrub)
            if clean != changes:
                session.execute(update(AuditEvent).where(AuditEvent.uuid == event_uuid).values(changes=clean))
                redacted_uuids.append(event_uuid)
    if redacted_uuids:
        audit.record(session, [audit.event(who, REDACT, "audit_event", None, inspection_uuid, {
            "reason": "retention: case details purged after publication; what these events said about cases "
                      "was removed or pseudonymised, who did what and when is kept",
            "count": len(redacted_uuids), "events": redacted_uuids})])
    return len(whole)


def _scrubbed(value: Any, scrub: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, scrub) for k, v in value.items()}
    return value


def _compact(ws: Workspace) -> None:
    """Rewrite the file so that no freed page still holds purged text (also in the WAL)."""
    with ws.db.checkpoints_paused(), ws.db.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        connection.execute(text("VACUUM"))
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _replace_older_backups(ws: Workspace, before: datetime) -> int:
    from inspector_app.services import backups

    problems = [f for f in backups.check(ws) if not f.ok]
    if problems:  # keep the pre-purge backup: it is the way back if the purged file is unsound
        raise RetentionError(f"The purge finished but the database failed its check ({problems[0].detail}); the "
                             "backups from before the purge were kept. Restore one from File ▸ Backups.")
    backups.create(ws, "after-purge")
    old = [b.path for b in backups.backups_of(ws) if b.taken_at <= before or b.reason == "before-purge"]
    path = ws.db.file()  # a store returned before compaction: its dead rows and WAL are the operator's
    old += list(path.parent.glob(f"{path.stem}.before-migration-*"))
    for path in old:
        cipher.shred(path)
    return len(old)


# --- crypto-shredding ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ShredRecord:
    at: str
    who: str
    database: str
    method: str
    files: int
    inspections: list[str]
    reason: str


def database_files(db_path: Path) -> list[Path]:
    """The database, its WAL and every copy the app makes of it."""
    from inspector_app.storage.files import database_copies

    found = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), *database_copies(db_path)]
    return [p for p in found if p.exists()]


def destroy_database(ws: Workspace, *, confirm: str, reason: str = "") -> ShredRecord:
    """Crypto-shred the open database and all its copies, close it, and log that it happened.

    An encrypted file is unreadable without its key, and its key is derived from the passphrase and
    the salt in its first bytes: overwriting those makes every copy noise whatever the disk keeps.
    """
    from inspector_app import paths
    from inspector_app.services.inspections import list_inspections

    if confirm != "DESTROY":
        raise ValidationError("Type DESTROY in capitals to confirm that the database and its backups are destroyed.")
    if ws.db.read_only:
        raise ValidationError("A database opened read-only cannot be destroyed; open it normally first.")
    if ws.db.path is None:
        from inspector_app.storage.engines.postgresql import OPERATOR_DESTROY

        raise ValidationError(OPERATOR_DESTROY)
    db_path, who, encrypted = ws.db.path, ws.user, ws.db.encrypted
    held = [f"{i.authority} ({i.kind.label}, {i.start_date:%d %b %Y})" for i in list_inspections(ws)]
    ws.db.close()
    files = database_files(db_path)
    for path in files:
        whole = not encrypted or path.name.endswith(("-wal", "-shm"))  # a WAL frame may hold page 1
        cipher.shred(path, first_bytes=None if whole else KEY_MATERIAL_BYTES)
    from inspector_app.storage.backups import folder_for

    folder = folder_for(db_path)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    for suffix in (".lock", ".lock-holder", ".backup-lock"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    record = ShredRecord(datetime.now(UTC).isoformat(timespec="seconds"), who, str(db_path),
                         "crypto-shredded (key material overwritten)" if encrypted else "overwritten (not encrypted)",
                         len(files), held, reason)
    log = paths.user_data_dir() / SHRED_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return record


def shredding_log() -> list[ShredRecord]:
    from inspector_app import paths

    log = paths.user_data_dir() / SHRED_LOG
    if not log.exists():
        return []
    return [ShredRecord(**json.loads(line)) for line in log.read_text(encoding="utf-8").splitlines() if line]
