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
    test_newest_backup,
)
from inspector_app.storage.database import open_database

__all__ = ["Backup", "BackupError", "create_backup", "folder_for", "list_backups", "restore_into_workspace",
           "test_newest_backup"]


def restore_into_workspace(ws: Workspace, backup: Path) -> Backup | None:
    """Close the database, put the backup back (keeping what it replaces), and reopen."""
    path, user, passphrase = ws.db.path, ws.db.user, ws.db.passphrase
    exclusive = ws.db.lock is not None
    ws.db.close()
    try:
        return restore_backup(path, backup, passphrase)
    finally:
        ws.db = open_database(path, user=user, passphrase=passphrase, exclusive=exclusive)
