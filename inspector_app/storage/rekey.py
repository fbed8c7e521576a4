"""Encrypting an unencrypted database in place, or changing an encrypted one's passphrase.

Kept apart from :mod:`storage.database` because it needs backups, which need the database: this
module sits above both, so neither has to import the other from inside a function.
"""

from __future__ import annotations

import os
from pathlib import Path

from inspector_app.storage import cipher
from inspector_app.storage.backups import BackupError, create_backup
from inspector_app.storage.database import DatabaseOpenError, open_database
from inspector_app.storage.files import database_copies, table_counts
from inspector_app.storage.passphrase_rule import judge


class PassphraseChangeError(Exception):
    """Setting or changing the passphrase failed; the database is as it was."""


def set_passphrase(path: Path | str, new: str, old: str | None = None) -> int:
    """Encrypt an unencrypted database in place, or change an encrypted one's passphrase.

    The database must be closed. A verified backup is taken first. Encrypting writes an encrypted
    copy, checks it (integrity and the same number of rows in every table) and only then swaps it in
    and overwrites the old file. The backups and other copies are then moved to the new passphrase
    too, so none is left readable with the old one (or unencrypted); returns how many were.
    """
    path = Path(path).resolve()
    if not new:
        raise PassphraseChangeError("the new passphrase cannot be empty")
    verdict = judge(new, (path.stem,))
    if not verdict.ok:
        raise PassphraseChangeError(f"the passphrase was not changed. {verdict.problem}")
    _backup_before_rekey(path, old)
    _change_key(path, new, old)
    changed = 0
    for copy in database_copies(path):
        try:
            _change_key(copy, new, old)
            changed += 1
        except PassphraseChangeError:
            continue  # a copy made under some other passphrase stays as it was
    return changed


def _backup_before_rekey(path: Path, old: str | None) -> None:
    try:
        db = open_database(path, passphrase=old, migrate=False)
    except DatabaseOpenError as exc:
        raise PassphraseChangeError(f"the passphrase was not changed: {exc}") from exc
    try:
        create_backup(db, "before-rekey")
    except BackupError as exc:
        raise PassphraseChangeError(f"the passphrase was not changed: {exc}") from exc
    finally:
        db.close()


def _change_key(path: Path, new: str, old: str | None) -> None:
    if not cipher.is_plain_sqlite(path):
        try:
            cipher.check_passphrase(path, old)
            cipher.rekey(path, old or "", new)
        except (cipher.PassphraseRequired, cipher.WrongPassphrase, cipher.NotADatabase,
                cipher.dbapi().DatabaseError) as exc:
            raise PassphraseChangeError(f"the passphrase was not changed: {exc}") from exc
        return
    plain = cipher.keyed_connect(path, None)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        expected = table_counts(plain)
    finally:
        plain.close()
    staging = path.with_name(f".{path.name}.encrypting")
    staging.unlink(missing_ok=True)
    try:
        cipher.encrypt_copy(path, staging, new)
        if os.name == "posix":
            staging.chmod(0o600)
        check = cipher.keyed_connect(staging, new)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            same = table_counts(check) == expected
        finally:
            check.close()
        if not (ok and same):
            raise PassphraseChangeError("the encrypted copy did not match the original; nothing was changed")
        retired = path.with_name(f".{path.name}.unencrypted")
        os.replace(path, retired)
        os.replace(staging, path)
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        cipher.shred(retired)
    except OSError as exc:
        raise PassphraseChangeError(f"could not encrypt {path.name}: {exc.strerror or exc}; nothing was "
                                    "changed") from exc
    finally:
        staging.unlink(missing_ok=True)
