"""What a low-level SQLite error means, told by SQLite's own result code rather than its message text.

Messages differ between SQLite builds and languages; the primary result code does not.
"""

from __future__ import annotations

import enum


class StorageFault(enum.Enum):
    """The kinds of storage fault a person can act on, each with the words they read."""

    DAMAGED = "the database is damaged"
    NOT_A_DATABASE = "the file is not a database this passphrase opens (or it is damaged)"
    DISK_FULL = "the disk is full"
    DISK_IO = "the disk could not be written (it may be full, removed or failing)"
    READ_ONLY = "the database's folder or disk is read-only"
    CANNOT_OPEN = "the database's folder cannot be written"
    BUSY = "another program is writing to the database"


# SQLite's primary result codes (https://sqlite.org/rescode.html): the low byte of an extended code.
_BY_CODE = {
    11: StorageFault.DAMAGED,  # SQLITE_CORRUPT
    26: StorageFault.NOT_A_DATABASE,  # SQLITE_NOTADB
    13: StorageFault.DISK_FULL,  # SQLITE_FULL
    10: StorageFault.DISK_IO,  # SQLITE_IOERR
    8: StorageFault.READ_ONLY,  # SQLITE_READONLY
    14: StorageFault.CANNOT_OPEN,  # SQLITE_CANTOPEN
    5: StorageFault.BUSY,  # SQLITE_BUSY
}


def fault_of(exc: BaseException) -> StorageFault | None:
    """The fault behind an exception from SQLite (bare, or wrapped by SQLAlchemy), or None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int):
            return _BY_CODE.get(code & 0xFF)
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else current.__cause__
    return None
