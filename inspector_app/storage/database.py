"""The single door to a database file: engine, pragmas, migrations and sessions.

Everything (CLI, window, tests, benchmarks) opens databases through :func:`open_database`, so
that encryption at rest and backups can be added here without touching any caller.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from inspector_app.storage import audit, cipher
from inspector_app.storage.base import Tracked


class DatabaseOpenError(Exception):
    """The file could not be opened as an Inspector App database; the message says why."""

    def __init__(self, message: str, *, damaged: bool = False, read_only_possible: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged  # the file is ours but broken: restoring a backup may help
        self.read_only_possible = read_only_possible  # opening it read-only may still show the data


class StorageError(Exception):
    """A save failed because of the disk, not the data: full, read-only or failing. Nothing was saved,
    and everything saved before is intact (the transaction rolled back)."""


_STORAGE_PROBLEMS = {
    "database or disk is full": "the disk is full",
    "disk i/o error": "the disk could not be written (it may be full, removed or failing)",
    "readonly database": "the database's folder or disk is read-only",
    "unable to open database file": "the database's folder cannot be written",
    "database disk image is malformed": "the database is damaged",
}


def storage_problem(exc: BaseException) -> str | None:
    """What a low-level SQLite error means for a person, or None if it is not about the disk."""
    text = str(getattr(exc, "orig", exc)).lower()
    return next((meaning for key, meaning in _STORAGE_PROBLEMS.items() if key in text), None)


def storage_error(exc: BaseException, read_only: bool = False) -> StorageError:
    if read_only:
        return StorageError("Not saved: this database is open read-only, so nothing can be changed. Close it and "
                            "open it normally (or restore a backup) to work on it.")
    problem = storage_problem(exc) or str(exc)
    advice = ("Run “Check database” from the File menu, or restore a backup."
              if "damaged" in problem else "Free some space or move the database to a folder you can write to, "
              "then try again.")
    return StorageError(f"Not saved: {problem}. Everything saved before this is safe. {advice}")


class AppSession(Session):
    """A session that stamps every tracked row with the user who wrote it and audits every change."""


@event.listens_for(AppSession, "before_flush")
def _stamp_author(session: Session, _flush_context: Any, _instances: Any) -> None:
    user = session.info.get("user", "")
    for obj in session.new:
        if isinstance(obj, Tracked):
            obj.created_by = obj.created_by or user
            obj.updated_by = obj.updated_by or user
    for obj in session.dirty:
        if isinstance(obj, Tracked) and session.is_modified(obj, include_collections=False):
            obj.updated_by = user
    audit.snapshot_deletions(session)


@event.listens_for(AppSession, "after_flush")
def _audit(session: Session, _flush_context: Any) -> None:
    audit.record_flush(session)


def _apply_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA temp_store=MEMORY")  # sorts and temporary indices never reach disk unencrypted
    cursor.close()


@dataclass
class Database:
    """An open database: hand out sessions, remember the user, close cleanly."""

    path: Path
    engine: Engine
    user: str = ""
    encrypted: bool = False
    read_only: bool = False
    closed: bool = False
    passphrase: str | None = field(default=None, repr=False)
    lock: Any = field(default=None, repr=False)
    _factory: sessionmaker[AppSession] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, class_=AppSession, expire_on_commit=False)

    def _check_open(self) -> None:
        if self.closed:  # a new connection would silently create an empty file where the database was
            raise StorageError(f"{self.path.name} is closed (or was destroyed); open it again to continue.")

    @contextmanager
    def session(self) -> Iterator[AppSession]:
        """A unit of work: commits when the block ends, rolls back if it raises."""
        self._check_open()
        session = self._factory()
        session.info["user"] = self.user
        try:
            yield session
            session.commit()
        except (OperationalError, SADatabaseError) as exc:
            session.rollback()
            if storage_problem(exc) is None and not self.read_only:
                raise
            raise storage_error(exc, self.read_only) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[AppSession]:
        """A session for reading only: never commits."""
        self._check_open()
        session = self._factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A Core connection for reading only (no session, no identity map): for hot read paths such as
        search-as-you-type, where a session's set-up costs as much as the query."""
        self._check_open()
        with self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        self.closed = True
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")
    dbapi_connection.execute("PRAGMA temp_store=MEMORY")


def _json_text(value: Any) -> str:
    """JSON as readable text (not \\u escapes), so that searching the history finds "child’s" or "café"."""
    return json.dumps(value, ensure_ascii=False)


def _make_engine(path: Path, passphrase: str | None, read_only: str | None = None) -> Engine:
    # Pooled connections: opening one (keying it and setting its pragmas) costs more than a typical
    # save. A connection is only ever used by one thread at a time, so it may move between threads
    # (an export runs in a worker thread). ``read_only`` is an SQLite URI mode: "mode=ro", or
    # "immutable=1" (no lock, no -shm: for a read-only disk or a damaged file).
    target = f"file:{url_quote(path.as_posix())}?{read_only}" if read_only else path
    engine = create_engine(
        "sqlite://", module=cipher.dbapi(),  # the pysqlite dialect, on SQLCipher's driver; we key it ourselves
        creator=lambda: cipher.keyed_connect(target, passphrase, check_same_thread=False, uri=bool(read_only)),
        poolclass=QueuePool, pool_size=2, max_overflow=4,
        json_serializer=_json_text,
    )
    event.listen(engine, "connect", _read_only_pragmas if read_only else _apply_pragmas)
    return engine


def _unwritable(path: Path) -> str | None:
    """Why nothing could be saved at this location, before SQLite gives a vaguer error."""
    if not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is read-only for you"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path.name} is read-only"
    return None


def backup_copy(path: Path, suffix: str, passphrase: str | None = None) -> Path:
    """A consistent copy of a live database beside it (SQLite's backup API), encrypted like it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.{suffix}-{stamp}{path.suffix or '.sqlite'}")
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


def open_database(path: Path | str, *, user: str = "", migrate: bool = True,
                  passphrase: str | None = None, exclusive: bool = False, read_only: bool = False) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    A new database is encrypted when a passphrase is given (or ``INSPECTOR_APP_PASSPHRASE`` is
    set, for scripts); an encrypted one needs it. An unencrypted database still opens, with
    ``Database.encrypted`` False, so the window can offer to encrypt it.
    """

    passphrase = passphrase or cipher.passphrase_from_env()
    path = Path(path).expanduser().resolve()
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder; give the path of a database file.")
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create folder {path.parent}: {exc.strerror}") from exc
    if read_only:
        return _open_read_only(path, user, passphrase)
    problem = _unwritable(path) if path.parent.exists() else None
    if problem:
        raise DatabaseOpenError(f"Cannot open {path} for work: {problem}. Copy the database to a folder you can "
                                "write to (such as your Documents folder), or open it read-only to look at it.",
                                read_only_possible=path.exists())
    lock = None
    if exclusive:
        from inspector_app.storage.writer_lock import DatabaseInUse, WriterLock

        lock = WriterLock(path)
        try:
            lock.acquire()
        except DatabaseInUse as exc:
            raise DatabaseOpenError(str(exc), read_only_possible=True) from exc
    try:
        return _open(path, user, migrate, passphrase, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open(path: Path, user: str, migrate: bool, passphrase: str | None, lock: Any) -> Database:
    from inspector_app.storage import migrations

    exists = path.exists() and path.stat().st_size > 0
    plain = exists and cipher.is_plain_sqlite(path)
    try:
        cipher.check_passphrase(path, passphrase)
    except (cipher.NotADatabase, cipher.PassphraseRequired, cipher.WrongPassphrase) as exc:
        raise DatabaseOpenError(str(exc)) from exc
    key = None if plain else passphrase
    engine = _make_engine(path, key)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        if migrate:
            migrations.upgrade_to_head(engine, path, passphrase=key)
    except (SADatabaseError, OperationalError, sqlite3.DatabaseError, cipher.dbapi().DatabaseError) as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc))
        damaged = "malformed" in reason or ("file is not a database" in reason and exists)
        if "file is not a database" in reason:
            reason = "it is not an Inspector App database (or it is damaged). Check the path, or choose another file"
        elif "malformed" in reason:
            reason = "the database is damaged"
        raise DatabaseOpenError(f"Cannot open {path}: {reason}.", damaged=damaged, read_only_possible=damaged) from exc
    except migrations.MigrationError as exc:
        engine.dispose()
        raise DatabaseOpenError(str(exc)) from exc
    return Database(path=path, engine=engine, user=user, encrypted=key is not None, passphrase=key, lock=lock)



def _open_read_only(path: Path, user: str, passphrase: str | None) -> Database:
    if not path.exists() or path.stat().st_size == 0:
        raise DatabaseOpenError(f"{path} does not exist, so it cannot be opened read-only.")
    key = None if cipher.is_plain_sqlite(path) else passphrase
    for mode in ("mode=ro", "immutable=1"):  # sees work another window has not checkpointed; else the file alone
        engine = _make_engine(path, key, read_only=mode)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
            break
        except (SADatabaseError, OperationalError, cipher.dbapi().DatabaseError) as exc:
            engine.dispose()
            problem = exc
    else:
        raise DatabaseOpenError(f"{path.name} cannot be read even read-only ({getattr(problem, 'orig', problem)}). "
                                "Restore a backup instead.", damaged=True) from problem
    return Database(path=path, engine=engine, user=user, encrypted=key is not None, read_only=True,
                    passphrase=key)


class PassphraseChangeError(Exception):
    """Setting or changing the passphrase failed; the database is as it was."""


def _table_counts(connection: Any) -> dict[str, int]:
    names = [r[0] for r in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'evidence_fts%'")]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


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


def database_copies(path: Path) -> list[Path]:
    """Every copy the app keeps of a database: its backups, pre-migration and damaged copies."""
    folder = path.with_name(path.stem + "-backups")
    beside = path.parent.glob(f"{path.stem}.*-*{path.suffix or '.sqlite'}")  # before-migration, damaged
    return sorted([*beside, *(folder.glob("*.sqlite") if folder.is_dir() else [])])


def _backup_before_rekey(path: Path, old: str | None) -> None:
    from inspector_app.storage.backups import BackupError, create_backup

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
        expected = _table_counts(plain)
    finally:
        plain.close()
    staging = path.with_name(f".{path.name}.encrypting")
    staging.unlink(missing_ok=True)
    try:
        cipher.encrypt_copy(path, staging, new)
        check = cipher.keyed_connect(staging, new)
        try:
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            same = _table_counts(check) == expected
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
