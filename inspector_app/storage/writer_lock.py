"""One writer at a time: a second copy of the app on the same database is refused, saying who has it.

SQLite would serialise the writes safely, but two windows editing the same inspection would
undo each other's work on screen; the lock file names the process and machine holding it.
"""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path

from filelock import FileLock, Timeout

from inspector_app.storage.errors import Reason


class DatabaseInUse(Exception):
    """Another window or command is writing to this database."""

    reason = Reason.IN_USE


class WriterLock:
    """The one lock every writer takes: the window, ``demo``, imports, backups, purges, restores.

    ``filelock`` gives the same exclusive, non-blocking lock on POSIX (flock) and Windows
    (msvcrt), released by the operating system if the process dies. Who holds it is written to a
    small file beside it, because the lock file itself is truncated by every attempt.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self.holder = db_path.with_name(db_path.name + ".lock-holder")
        self._lock = FileLock(self.path, timeout=0, mode=0o600, thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            try:
                holder = self.holder.read_text(encoding="utf-8").strip() or "another process"
            except OSError:
                holder = "another process"
            raise DatabaseInUse(
                f"{self.path.name.removesuffix('.lock')} is already open in Inspector App ({holder}), in a window or "
                "a command that changes it: close it there or let the command finish first, or open a copy of the file."
            ) from None
        try:
            fd = os.open(self.holder, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"process {os.getpid()} on {platform.node()}")
        except OSError:
            pass  # naming the holder is a courtesy; the lock itself is what counts

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def release(self) -> None:
        if self._lock.is_locked:
            with contextlib.suppress(OSError):
                self.holder.write_text("", encoding="utf-8")  # kept, like the lock file: nobody holds it now
            self._lock.release(force=True)


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
