"""Backups that can be trusted: taken online, encrypted like the database, verified, and pruned.

A backup only counts once it passes SQLite's integrity check and holds the same number of rows
as the database had when it was taken. Retention keeps the recent ones, then one a day, then one
a week, within a bounded count.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from filelock import FileLock, Timeout

from inspector_app.storage import cipher
from inspector_app.storage.database import Database, DatabaseOpenError, open_database, storage_problem
from inspector_app.storage.errors import Reason, reason_of
from inspector_app.storage.files import FILE_MODE, backup_folder, owner_only, private_folder, table_counts

KEEP_RECENT = 6
KEEP_DAILY = 7
KEEP_WEEKLY = 8
LOCK_WAIT_SECONDS = 300
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}\d{6}Z)-(?P<reason>[a-z-]+)\.sqlite$")


class BackupError(Exception):
    """A backup could not be made or restored; ``reason`` says whether the database itself is at fault."""

    def __init__(self, message: str, reason: Reason = Reason.OTHER) -> None:
        super().__init__(message)
        self.reason = reason

    @property
    def database_damaged(self) -> bool:
        """The live database itself could not be read: a restore is called for, not a retry."""
        return self.reason in (Reason.DAMAGED, Reason.NOT_A_DATABASE)


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime
    reason: str
    size: int


folder_for = backup_folder


def lock_file(db_path: Path) -> Path:
    """Held while a backup is taken; beside the database like its writer lock, so a failed backup
    leaves nothing in the backups folder. Nothing of the database's data is in it."""
    return db_path.with_name(db_path.name + ".backup-lock")


def list_backups(db_path: Path) -> list[Backup]:
    folder = folder_for(db_path)
    found = []
    for path in folder.glob("*.sqlite") if folder.is_dir() else []:
        match = _NAME.match(path.name)
        if match:
            taken = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
            found.append(Backup(path, taken, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def _verify(path: Path, passphrase: str | None, expected: dict[str, int]) -> None:
    connection = cipher.keyed_connect(path, passphrase)
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError(f"{path.name} failed its integrity check")
        if table_counts(connection) != expected:
            raise BackupError(f"{path.name} does not hold the same rows as the database")
    finally:
        connection.close()


def _refuse_server(db: Database) -> Path:
    """The database's file; a PostgreSQL store (no file) is backed up on its server by its operator: say so,
    in one line."""
    if db.path is None:
        from inspector_app.storage.engines.postgresql import OPERATOR_BACKUPS

        raise BackupError(OPERATOR_BACKUPS, Reason.OPERATOR_TASK)
    return db.path


def create_backup(db: Database, reason: str = "manual") -> Backup:
    """Copy the live database with SQLite's backup API, verify the copy, then prune old ones.

    Backups of one database are taken one at a time, across threads and processes (the window's
    timer, an import, the command line): each clears the partial copies a killed one left, which
    must never be a copy still being written.
    """
    path = _refuse_server(db)
    if db.closed or db.read_only:
        raise BackupError(f"{path.name} is not open for work, so no backup was made.", Reason.READ_ONLY)
    try:
        db.check_same_file()
    except Exception as exc:  # the StorageError saying the file was moved, replaced or deleted
        raise BackupError(str(exc), Reason.FILE_REPLACED) from exc
    folder = folder_for(path)
    try:
        private_folder(folder)
        with FileLock(lock_file(path), timeout=LOCK_WAIT_SECONDS, mode=0o600, thread_local=False):
            return _create_one_at_a_time(db, reason, folder)
    except Timeout as exc:
        raise BackupError("The backup could not be made: another backup of this database has not finished. "
                          "The database itself is unchanged.", Reason.OTHER) from exc
    except OSError as exc:  # the backup folder cannot be made or locked
        raise BackupError(f"The backup could not be made: {exc.strerror or exc}. The database itself is "
                          "unchanged.", reason_of(exc) or Reason.OTHER) from exc


def _create_one_at_a_time(db: Database, reason: str, folder: Path) -> Backup:
    path = db.file()
    now = datetime.now(UTC)
    target = folder / f"{path.stem}-{now:%Y%m%dT%H%M%S%f}Z-{reason}.sqlite"
    partial = target.with_name(target.name + ".partial")  # only a verified copy ever bears a backup's name
    source = cipher.keyed_connect(f"file:{path.as_posix()}?mode=ro", db.passphrase, uri=True)
    try:
        for stale in folder.glob("*.sqlite.partial*"):  # left by a process killed mid-backup
            stale.unlink(missing_ok=True)
        source.execute("BEGIN")  # one snapshot for the counts and the copy, however busy the window is
        expected = table_counts(source)
        with owner_only():
            dest = cipher.keyed_connect(partial, db.passphrase)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no WAL beside it
        finally:
            dest.close()
        source.rollback()
        if os.name == "posix":
            partial.chmod(FILE_MODE)
        _verify(partial, db.passphrase, expected)
        os.replace(partial, target)
    except (BackupError, OSError, cipher.dbapi().Error) as exc:
        partial.unlink(missing_ok=True)
        target.unlink(missing_ok=True)
        cause = reason_of(exc)
        why = storage_problem(exc) or getattr(exc, "strerror", None) or exc
        raise BackupError(f"The backup could not be made: {why}. The database itself is unchanged.",
                          cause or Reason.OTHER) from exc
    finally:
        source.close()
    prune(path, now)
    return Backup(target, now, reason, target.stat().st_size)


def keep(backups: list[Backup], now: datetime) -> set[Path]:
    """Which backups the tiers keep: the newest few, one per day for a week, one per week after."""
    kept: set[Path] = {b.path for b in backups[:KEEP_RECENT]}
    days: set[str] = set()
    weeks: set[str] = set()
    for backup in backups:  # newest first
        age = now - backup.taken_at
        day, week = f"{backup.taken_at:%Y-%m-%d}", f"{backup.taken_at:%G-%V}"
        if age <= timedelta(days=KEEP_DAILY) and day not in days:
            days.add(day)
            kept.add(backup.path)
        elif age <= timedelta(weeks=KEEP_WEEKLY) and week not in weeks:
            weeks.add(week)
            kept.add(backup.path)
    return kept


def prune(db_path: Path, now: datetime | None = None) -> list[Path]:
    backups = list_backups(db_path)
    kept = keep(backups, now or datetime.now(UTC))
    removed = [b.path for b in backups if b.path not in kept]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def restore_backup(db_path: Path, backup: Path, passphrase: str | None) -> Backup | None:
    """Put a backup back in place of the (closed) database, keeping a backup of what is replaced."""
    expected_connection = cipher.keyed_connect(backup, passphrase)
    try:
        expected = table_counts(expected_connection)
    except cipher.dbapi().DatabaseError as exc:
        raise BackupError(f"{backup.name} cannot be read with this passphrase") from exc
    finally:
        expected_connection.close()
    _verify(backup, passphrase, expected)
    safety = None
    if db_path.exists():
        try:
            current = open_database(db_path, passphrase=passphrase, migrate=False)
        except DatabaseOpenError:  # too damaged to back up: keep the file itself, never delete it
            safety = set_aside(db_path)
        else:
            try:
                safety = create_backup(current, "before-restore")
            except BackupError:
                safety = set_aside(db_path)
            finally:
                current.close()
    staging = db_path.with_name(f".{db_path.name}.restoring")
    with owner_only():
        shutil.copyfile(backup, staging)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    staging.replace(db_path)
    return safety


def set_aside(db_path: Path) -> Backup:
    """Move a damaged database (and its WAL) out of the way under a name that says so; nothing is deleted."""
    now = datetime.now(UTC)
    aside = db_path.with_name(f"{db_path.stem}.damaged-{now:%Y%m%dT%H%M%S}{db_path.suffix or '.sqlite'}")
    with owner_only():
        shutil.copyfile(db_path, aside)
    for suffix in ("-wal", "-shm"):
        companion = Path(str(db_path) + suffix)
        if companion.exists():
            shutil.copyfile(companion, Path(str(aside) + suffix))
    return Backup(aside, now, "damaged", aside.stat().st_size)


def restore_newest_good(db_path: Path, passphrase: str | None) -> tuple[Backup, Backup | None]:
    """Restore the newest backup that passes its checks; returns it and what the replaced file was kept as."""
    problems = []
    for candidate in list_backups(db_path):
        try:
            return candidate, restore_backup(db_path, candidate.path, passphrase)
        except BackupError as exc:
            problems.append(str(exc))
    if not problems:
        raise BackupError(f"There are no backups of {db_path.name} in {folder_for(db_path)}.")
    raise BackupError("No backup could be restored: " + "; ".join(problems[:3]))


def test_newest_backup(db: Database) -> str:
    """Restore the newest backup to a temporary place and compare it with the live database."""
    path = _refuse_server(db)
    backups = list_backups(path)
    if not backups:
        raise BackupError("There is no backup yet: make one first.")
    newest = backups[0]
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "trial.sqlite"
        shutil.copyfile(newest.path, trial)
        connection = cipher.keyed_connect(trial, db.passphrase)
        try:
            if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{newest.path.name} is damaged")
            restored = table_counts(connection)
        finally:
            connection.close()
    live_connection = cipher.keyed_connect(path, db.passphrase)
    try:
        live = table_counts(live_connection)
    finally:
        live_connection.close()
    differences = {t: (restored.get(t, 0), n) for t, n in live.items() if restored.get(t, 0) != n}
    when = f"{newest.taken_at.astimezone():%d %b %Y %H:%M}"
    if not differences:
        return f"The backup of {when} restores completely and matches the database exactly."
    changed = ", ".join(f"{t} ({old} then, {new} now)" for t, (old, new) in list(differences.items())[:4])
    return f"The backup of {when} restores completely; work since then differs: {changed}."
