"""Backups of the open workspace, as the window and the CLI ask for them.

The window never holds the storage object, so every function here takes the workspace; the
storage layer does the copying, verifying and pruning.
"""

from __future__ import annotations

from pathlib import Path

from inspector_app.services.workspace import Workspace
from inspector_app.storage import backups as store
from inspector_app.storage import cipher
from inspector_app.storage.backups import Backup, BackupError
from inspector_app.storage.errors import Reason
from inspector_app.storage.integrity import Finding, check_database

__all__ = ["Backup", "BackupError", "Finding", "backups_of", "check", "create", "folder_of", "list_backups",
           "opens_a_backup", "restore_into_workspace", "restore_newest_good", "test_newest"]

# Used before any workspace is open (start-up recovery, the CLI's restore): they take a path.
list_backups = store.list_backups
restore_newest_good = store.restore_newest_good


def check(ws: Workspace) -> list[Finding]:
    """SQLite's integrity and reference checks plus the app's invariants, each in plain words."""
    from inspector_app.services.validation import stored_rows_check

    return check_database(ws.db, extra=stored_rows_check(ws.registry))


def create(ws: Workspace, reason: str = "manual") -> Backup:
    """A verified backup of the open database; raises BackupError (never loses work) when it cannot."""
    return store.create_backup(ws.db, reason)


def backups_of(ws: Workspace) -> list[Backup]:
    if ws.db.path is None:
        return []  # a store's are the operator's, on the server
    return store.list_backups(ws.db.path)


def folder_of(ws: Workspace) -> Path:
    return store.folder_for(ws.db.file())


def test_newest(ws: Workspace) -> str:
    """Restore the newest backup to a temporary place and compare it with the database, in plain words."""
    return store.test_newest_backup(ws.db)


def opens_a_backup(db_path: Path, passphrase: str) -> bool:
    """Whether this passphrase opens the newest backup: if it does but not the database, the database's
    first page is probably damaged (or the passphrase was changed since)."""
    found = store.list_backups(db_path)
    if not found:
        return False
    try:
        cipher.check_passphrase(found[0].path, passphrase)
    except (cipher.WrongPassphrase, cipher.PassphraseRequired, cipher.NotADatabase):
        return False
    return True


def restore_into_workspace(ws: Workspace, backup: Path) -> Backup | None:
    """Close the database, put the backup back (keeping what it replaces), and reopen."""
    if ws.db.path is None:
        from inspector_app.storage.engines.postgresql import OPERATOR_BACKUPS

        raise BackupError(OPERATOR_BACKUPS, Reason.OPERATOR_TASK)
    path, passphrase = ws.db.path, ws.db.passphrase
    ws.db.close()
    try:
        return store.restore_backup(path, backup, passphrase)
    finally:
        ws.reopen(passphrase=passphrase)
