"""Backups as the window and the CLI use them (the storage layer does the work)."""

from __future__ import annotations

from pathlib import Path

from inspector_app.services.workspace import Workspace
from inspector_app.storage.backups import (
    Backup,
    BackupError,
    create_backup,
    folder_for,
    list_backups,
    restore_backup,
    restore_newest_good,
    test_newest_backup,
)
from inspector_app.storage.database import open_database
from inspector_app.storage.integrity import Finding, check_database

__all__ = ["Backup", "BackupError", "Finding", "check", "create_backup", "folder_for", "list_backups", "opens_a_backup",
           "restore_into_workspace", "restore_newest_good", "test_newest_backup"]


def check(ws: Workspace) -> list[Finding]:
    """SQLite's integrity and reference checks plus the app's invariants, each in plain words."""
    return check_database(ws.db)


def opens_a_backup(db_path: Path, passphrase: str) -> bool:
    """Whether this passphrase opens the newest backup: if it does but not the database, the database's
    first page is probably damaged (or the passphrase was changed since)."""
    from inspector_app.storage import cipher

    found = list_backups(db_path)
    if not found:
        return False
    try:
        cipher.check_passphrase(found[0].path, passphrase)
    except (cipher.WrongPassphrase, cipher.PassphraseRequired, cipher.NotADatabase):
        return False
    return True


def restore_into_workspace(ws: Workspace, backup: Path) -> Backup | None:
    """Close the database, put the backup back (keeping what it replaces), and reopen."""
    path, user, passphrase = ws.db.path, ws.db.user, ws.db.passphrase
    exclusive = ws.db.lock is not None
    ws.db.close()
    try:
        return restore_backup(path, backup, passphrase)
    finally:
        ws.db = open_database(path, user=user, passphrase=passphrase, exclusive=exclusive)
