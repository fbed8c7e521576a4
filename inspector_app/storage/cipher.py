"""Encryption at rest with SQLCipher: every connection to an encrypted database is keyed first.

The database file, its WAL and every copy made through :func:`keyed_connect` (backups,
pre-migration copies) are encrypted with the same passphrase; without it they are noise.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from inspector_app.storage.errors import Reason

PASSPHRASE_ENV = "INSPECTOR_APP_PASSPHRASE"
SQLITE_HEADER = b"SQLite format 3\x00"


class PassphraseRequired(Exception):
    """The database is encrypted and no passphrase was given."""

    reason = Reason.PASSPHRASE_REQUIRED


class WrongPassphrase(Exception):
    """The passphrase does not open the database (or the file is not a database at all)."""

    reason = Reason.WRONG_PASSPHRASE


def dbapi() -> Any:
    """SQLCipher's DB-API module; it behaves exactly like sqlite3 for an unencrypted file."""
    import sqlcipher3.dbapi2 as module

    return module


def header_salt(path: Path) -> bytes:
    """The first 16 bytes: an encrypted file's key salt (unique to it), or the plain SQLite header."""
    with path.open("rb") as handle:
        return handle.read(16)


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None


def is_plain_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def quote(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def keyed_connect(path: Path | str, passphrase: str | None, **kwargs: Any) -> Any:
    connection = dbapi().connect(str(path), **kwargs)
    if passphrase:
        connection.execute(f"PRAGMA key = {quote(passphrase)}")
        connection.execute("PRAGMA cipher_log_level = NONE")
    return connection


class NotADatabase(Exception):
    """The file is neither an SQLite database nor an encrypted one."""

    reason = Reason.NOT_A_DATABASE


def could_be_encrypted(path: Path) -> bool:
    """An SQLCipher file is whole pages of random-looking bytes; a text or PDF file is not."""
    size = path.stat().st_size
    if size < 1024 or size % 512:
        return False
    with path.open("rb") as handle:
        head = handle.read(512)
    printable = sum(32 <= b < 127 or b in (9, 10, 13) for b in head)
    return printable < 400


def check_passphrase(path: Path, passphrase: str | None) -> None:
    """Raise NotADatabase, PassphraseRequired or WrongPassphrase unless the file opens with this passphrase."""
    if not path.exists() or path.stat().st_size == 0 or is_plain_sqlite(path):
        return
    if not could_be_encrypted(path):
        raise NotADatabase(f"{path} is not an Inspector App database (it is neither an SQLite file nor an "
                           "encrypted one). Check the path, or choose another file.")
    if not passphrase:
        raise PassphraseRequired(f"{path.name} is encrypted: give its passphrase to open it.")
    from urllib.parse import quote as url_quote

    for mode in ("mode=ro", "immutable=1"):  # read-only, and on a read-only disk without a -shm file
        connection = keyed_connect(f"file:{url_quote(path.as_posix())}?{mode}", passphrase, uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return
        except dbapi().DatabaseError as exc:
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_NOTADB:
                raise WrongPassphrase(
                    f"The passphrase does not open {path.name}. Check it and try again (passphrases are "
                    "case-sensitive).") from exc
            continue  # not about the key (a read-only folder, say): opening the database will say what
        finally:
            connection.close()


SQLITE_NOTADB = 26


def encrypt_copy(plain: Path, target: Path, passphrase: str) -> None:
    """Write an encrypted copy of a plain database with SQLCipher's export."""
    connection = keyed_connect(plain, None)
    try:
        connection.execute(f"ATTACH DATABASE {quote(str(target))} AS encrypted KEY {quote(passphrase)}")
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def rekey(path: Path, old: str, new: str) -> None:
    connection = keyed_connect(path, old)
    try:
        connection.execute(f"PRAGMA rekey = {quote(new)}")
    finally:
        connection.close()


def shred(path: Path, first_bytes: int | None = None) -> None:
    """Overwrite a file with random bytes, then remove it.

    ``first_bytes`` limits the overwrite to the start of the file: enough for an encrypted database,
    whose key cannot be derived once the salt in its first page is gone (crypto-shredding). A plain
    file is overwritten whole, which is best effort: SSDs may keep old blocks.
    """
    if not path.exists():
        return
    size = path.stat().st_size
    span = size if first_bytes is None else min(size, first_bytes)
    with path.open("r+b") as handle:
        for start in range(0, span, 1 << 20):
            handle.write(os.urandom(min(1 << 20, span - start)))
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
