"""What went wrong with the database file, as a reason the callers can branch on.

SQLite reports faults as error codes; :func:`reason_of` turns them (and the OS errors around
them) into a :class:`Reason`, so no caller ever has to read an error message to decide what to
do. Every storage exception carries one.
"""

from __future__ import annotations

import errno
from enum import Enum


class ServerProblem(Exception):
    """A PostgreSQL store could not be reached or used (``engines.postgresql.ServerError``), named here so that
    the storage layer can turn it into a ``StorageError`` without importing the server's driver."""


class Reason(Enum):
    DAMAGED = "damaged"  # the file is ours but broken: restoring a backup may help
    NOT_A_DATABASE = "not a database"  # the file is something else entirely
    PASSPHRASE_REQUIRED = "passphrase required"
    WRONG_PASSPHRASE = "wrong passphrase"
    DISK_FULL = "disk full"
    DISK_ERROR = "disk error"  # the disk failed to read or write (removed, failing)
    READ_ONLY = "read-only"  # the file, its folder or the disk cannot be written
    FILE_REPLACED = "file replaced"  # the file was moved, replaced or deleted while open
    MISSING = "missing"  # no database at that path
    IN_USE = "in use"  # another window or command is writing to it
    NEWER_VERSION = "newer version"  # written by a newer Inspector App
    UNENCRYPTED_REFUSED = "unencrypted refused"  # creating without a passphrase was not asked for
    WEAK_PASSPHRASE = "weak passphrase"
    # a PostgreSQL store (storage.engines.postgresql)
    BAD_ADDRESS = "bad address"  # the URL cannot be read, or would leak a password or travel unencrypted
    UNREACHABLE = "unreachable"  # no server answers at that address, or it went away
    LOGIN_REFUSED = "login refused"  # the server would not let this role into that database
    TLS_REFUSED = "TLS refused"  # the server's certificate could not be checked (CA, host name), or no TLS at all
    NO_RIGHTS = "no rights"  # the role may connect but not read or write what it asked for
    OLDER_VERSION = "older version"  # the store's schema is behind this app's: its administrator migrates it
    OPERATOR_TASK = "operator task"  # a file-only task (backup, re-key, shred) asked of a store: the operator's
    OTHER = "other"


MEANING = {
    Reason.DAMAGED: "the database is damaged",
    Reason.NOT_A_DATABASE: "it is not an Inspector App database (or it is damaged)",
    Reason.DISK_FULL: "the disk is full",
    Reason.DISK_ERROR: "the disk could not be written (it may be full, removed or failing)",
    Reason.READ_ONLY: "the database's file, folder or disk is read-only",
    Reason.FILE_REPLACED: "the database file was moved, replaced or deleted while open",
}

# Primary SQLite result codes (https://www.sqlite.org/rescode.html).
_SQLITE = {
    8: Reason.READ_ONLY,  # SQLITE_READONLY
    10: Reason.DISK_ERROR,  # SQLITE_IOERR
    11: Reason.DAMAGED,  # SQLITE_CORRUPT
    13: Reason.DISK_FULL,  # SQLITE_FULL
    14: Reason.READ_ONLY,  # SQLITE_CANTOPEN: the folder cannot be written (or the file is gone)
    26: Reason.NOT_A_DATABASE,  # SQLITE_NOTADB
}
_ERRNO = {errno.ENOSPC: Reason.DISK_FULL, errno.EFBIG: Reason.DISK_FULL, errno.EDQUOT: Reason.DISK_FULL,
          errno.EROFS: Reason.READ_ONLY, errno.EACCES: Reason.READ_ONLY, errno.EPERM: Reason.READ_ONLY,
          errno.EIO: Reason.DISK_ERROR}


def sqlite_code(exc: BaseException) -> int | None:
    """The SQLite result code behind a driver or SQLAlchemy error, if there is one."""
    inner = getattr(exc, "orig", None) or exc
    code = getattr(inner, "sqlite_errorcode", None)
    return code if isinstance(code, int) else None


def reason_of(exc: BaseException) -> Reason | None:
    """Why a low-level error happened, or None when it is not about the file or the disk."""
    carried = getattr(exc, "reason", None)
    if isinstance(carried, Reason):
        return carried
    code = sqlite_code(exc)
    if code is not None:
        return _SQLITE.get(code & 0xFF)
    if isinstance(exc, OSError) and exc.errno is not None:
        return _ERRNO.get(exc.errno)
    cause = exc.__cause__
    return reason_of(cause) if cause is not None and cause is not exc else None


def meaning(reason: Reason | None) -> str | None:
    return MEANING.get(reason) if reason is not None else None
