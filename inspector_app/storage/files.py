"""Files the app creates are the owner's alone, and copies of a database are made the same way.

On POSIX, a database, its WAL and shared-memory files, backups, bundles, exports and logs are
created 0600 and their folders 0700: an inspection's data is never readable by other accounts on
the same computer. (Windows gives new files in the user's profile owner-only access already.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from inspector_app.storage import cipher

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_PRIVATE_UMASK = 0o077


@contextmanager
def owner_only() -> Iterator[None]:
    """Everything created inside the block (SQLite's -wal and -shm too) is owner-only."""
    if os.name != "posix":
        yield
        return
    previous = os.umask(_PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def make_private() -> None:
    """Make owner-only the process default, for a run of the app (window or command)."""
    if os.name == "posix":
        os.umask(_PRIVATE_UMASK)


def private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) owner-only."""
    with owner_only():
        folder.mkdir(parents=True, exist_ok=True)


def private_file(path: Path) -> None:
    """Make an existing file owner-only (for files another library created)."""
    if os.name == "posix" and path.exists():
        path.chmod(FILE_MODE)


def table_counts(connection: Any) -> dict[str, int]:
    """Rows per table, the app's measure of whether two copies hold the same data."""
    names = [r[0] for r in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'evidence_fts%'")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def backup_copy(path: Path, suffix: str, passphrase: str | None = None) -> Path:
    """A consistent copy of a live database beside it (SQLite's backup API), encrypted like it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.{suffix}-{stamp}{path.suffix or '.sqlite'}")
    with owner_only():
        source = cipher.keyed_connect(path, passphrase)
        try:
            dest = cipher.keyed_connect(target, passphrase)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    return target


def backup_folder(db_path: Path) -> Path:
    return db_path.with_name(db_path.stem + "-backups")


def database_copies(path: Path) -> list[Path]:
    """Every copy the app keeps of a database: its backups, pre-migration and damaged copies."""
    folder = backup_folder(path)
    beside = path.parent.glob(f"{path.stem}.*-*{path.suffix or '.sqlite'}")  # before-migration, damaged
    return sorted([*beside, *(folder.glob("*.sqlite") if folder.is_dir() else [])])
