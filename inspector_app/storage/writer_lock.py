"""One writer at a time: a second copy of the app on the same database is refused, saying who has it.

SQLite would serialise the writes safely, but two windows editing the same inspection would
undo each other's work on screen; the lock file names the process and machine holding it.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import IO


class DatabaseInUse(Exception):
    pass


class WriterLock:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        handle = self.path.open("a+", encoding="utf-8")
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise DatabaseInUse(
                f"{self.path.name.removesuffix('.lock')} is already open in Inspector App ({holder}). Close it "
                "there first, or open a copy of the file."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} on {platform.node()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            try:
                self._handle.seek(0)
                self._handle.truncate()
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None


if os.name == "nt":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


SYNCED_FOLDER_MARKERS = ("dropbox", "onedrive", "google drive", "googledrive", "icloud", "box sync", "nextcloud",
                         "owncloud", "mobile documents")
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p", "afpfs", "davfs"}


def storage_warning(db_path: Path) -> str | None:
    """A warning when the database sits in a cloud-synced or network folder, which can corrupt it."""
    lowered = str(db_path).lower()
    if any(marker in lowered for marker in SYNCED_FOLDER_MARKERS):
        return (f"{db_path.parent} looks like a cloud-synced folder. Syncing a database that is in use can damage "
                "it and copies children's data to the cloud: keep it in a local folder and exchange bundles instead.")
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best = ("", "")
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and str(db_path).startswith(parts[1]) and len(parts[1]) > len(best[0]):
            best = (parts[1], parts[2])
    if best[1] in NETWORK_FILESYSTEMS:
        return (f"{db_path.parent} is on a network drive ({best[1]}). SQLite databases can be damaged there: "
                "keep it on this computer.")
    return None
