"""The single door to a database file: engine, pragmas, migrations and sessions.

Everything (CLI, window, tests, benchmarks) opens databases through :func:`open_database`, so
encryption at rest, the writer lock and the "same file" check apply to every caller. Only a caller
that says ``create=True`` may bring a new database into being, and only encrypted unless it also
says ``plaintext=True``; connections open existing files with SQLite's ``mode=rw``, so nothing ever
creates an empty database where one was moved away.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from inspector_app.storage import audit, cipher, migrations
from inspector_app.storage.base import Tracked
from inspector_app.storage.errors import Reason, meaning, reason_of
from inspector_app.storage.files import FILE_MODE, owner_only, private_folder
from inspector_app.storage.passphrase_rule import judge
from inspector_app.storage.writer_lock import DatabaseInUse, WriterLock

_DAMAGED = frozenset({Reason.DAMAGED})


class DatabaseOpenError(Exception):
    """The file could not be opened as an Inspector App database; the message says why, ``reason`` what kind."""

    def __init__(self, message: str, *, reason: Reason = Reason.OTHER, read_only_possible: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.read_only_possible = read_only_possible  # opening it read-only may still show the data

    @property
    def damaged(self) -> bool:
        """The file is ours but broken: restoring a backup may help."""
        return self.reason in _DAMAGED


class StorageError(Exception):
    """A save failed because of the file or the disk, not the data. Nothing was saved, and everything
    saved before is intact (the transaction rolled back)."""

    def __init__(self, message: str, reason: Reason = Reason.OTHER) -> None:
        super().__init__(message)
        self.reason = reason


def storage_problem(exc: BaseException) -> str | None:
    """What a low-level error means for a person, or None if it is not about the file or the disk."""
    return meaning(reason_of(exc))


def storage_error(exc: BaseException, read_only: bool = False) -> StorageError:
    if read_only:
        return StorageError("Not saved: this database is open read-only, so nothing can be changed. Close it and "
                            "open it normally (or restore a backup) to work on it.", Reason.READ_ONLY)
    reason = reason_of(exc) or Reason.OTHER
    problem = meaning(reason) or f"the database refused the change ({type(getattr(exc, 'orig', exc)).__name__})"
    advice = ("Run “Check database” from the File menu (or inspector-app check), or restore a backup."
              if reason is Reason.DAMAGED else "Free some space or move the database to a folder you can write "
              "to, then try again.")
    return StorageError(f"Not saved: {problem}. Everything saved before this is safe. {advice}", reason)


WRITE_GUARD = audit.WRITE_GUARD  # session.info key: a callable run before every flush, which may refuse it


class AppSession(Session):
    """A session that stamps every tracked row with the user who wrote it and audits every change."""


@event.listens_for(AppSession, "before_flush")
def _stamp_author(session: Session, _flush_context: Any, _instances: Any) -> None:
    user = session.info.get("user", "")
    guard = session.info.get(WRITE_GUARD)
    if guard is not None:  # the services' check of who may change what (storage knows no roles)
        guard(session, None)
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
    audit.register_functions(dbapi_connection)


@dataclass(frozen=True)
class FileIdentity:
    """What makes this file this file: where it lives on disk, and (encrypted) its unique key salt."""

    device: int
    inode: int
    salt: bytes

    @classmethod
    def of(cls, path: Path, encrypted: bool) -> FileIdentity:
        st = os.stat(path)
        return cls(st.st_dev, st.st_ino, cipher.header_salt(path) if encrypted else b"")


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
    identity: FileIdentity | None = field(default=None, repr=False)
    last_saved_at: datetime | None = None
    lost: bool = False  # the file was moved, replaced or deleted while open: nothing more is saved
    write_guard: Callable[[Session, Any], None] | None = field(default=None, repr=False)  # see WRITE_GUARD
    _factory: sessionmaker[AppSession] = field(init=False, repr=False)
    _companions: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)
    _original: Any = field(default=None, repr=False)  # once lost: a connection still holding the file we opened
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, class_=AppSession, expire_on_commit=False)
        if self.identity is None and not self.read_only:
            self.identity = FileIdentity.of(self.path, self.encrypted)
            for companion in (Path(f"{self.path}-wal"), Path(f"{self.path}-shm")):
                try:
                    st = companion.stat()
                except OSError:
                    continue
                self._companions[companion] = (st.st_dev, st.st_ino)
        if self.last_saved_at is None:
            self.last_saved_at = datetime.fromtimestamp(self.path.stat().st_mtime).astimezone()

    def _check_open(self) -> None:
        if self.closed:  # a new connection would silently create an empty file where the database was
            raise StorageError(f"{self.path.name} is closed (or was destroyed); open it again to continue.")
        if not self.read_only:
            self.check_same_file()

    def check_same_file(self) -> None:
        """Refuse to go on if the file at ``path`` is no longer the one opened (one stat, one 16-byte read)."""
        with self._guard:  # a backup's thread and the window may notice at the same moment
            if self.lost:
                raise self._lost_error()
            try:
                same = FileIdentity.of(self.path, self.encrypted) == self.identity
            except OSError:
                same = False
            if not same:
                self.lost = True
                self._original = self._hold_original()
                self._let_go()
                raise self._lost_error()

    def _hold_original(self) -> Any:
        """A pooled connection opened on the file we opened (it still reads it, wherever the file went,
        even deleted), kept so that what was saved can be copied to a new database. None if there is none:
        a connection opened now would find nothing, or another database, at the path."""
        assert self.identity is not None
        if _file_at(self.path) == (self.identity.device, self.identity.inode):
            return None  # overwritten in place: the bytes we saved are gone, whatever a connection still caches
        try:
            raw = self.engine.raw_connection()
        except (SADatabaseError, OperationalError, cipher.dbapi().Error):
            return None
        held = raw.info.get("file") == (self.identity.device, self.identity.inode)
        if held and self.encrypted:
            try:
                driver: Any = raw.dbapi_connection
                salt = driver.execute("PRAGMA cipher_salt").fetchone()
                held = salt is not None and bytes.fromhex(salt[0]) == self.identity.salt
            except (cipher.dbapi().Error, ValueError, TypeError):
                held = False
        if not held:
            raw.invalidate()
            return None
        return raw

    def copy_saved_to(self, target: Path, passphrase: str) -> None:
        """Write everything the lost file held at its last save into a new encrypted database at ``target``.

        The same rules as creating a database apply (a new path, a strong passphrase, owner-only files).
        Raises :class:`StorageError` (``Reason.FILE_REPLACED``) when the file's content can no longer be
        read (it was overwritten in place), :class:`DatabaseOpenError` for the target or the passphrase.
        """
        target = Path(target).expanduser().resolve()
        if target.exists():
            raise DatabaseOpenError(f"{target} already exists; choose a new file name. Nothing was written.",
                                    reason=Reason.OTHER)
        _refuse_weak(target, passphrase, False)
        if self._original is None:
            raise StorageError("What was saved can no longer be read from the file (it was overwritten, or "
                               "nothing held it open); restore the newest backup instead.", Reason.FILE_REPLACED)
        try:
            private_folder(target.parent)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create folder {target.parent}: {exc.strerror}",
                                    reason=reason_of(exc) or Reason.OTHER) from exc
        connection = self._original.dbapi_connection
        with self._guard, owner_only():
            try:
                connection.execute("ATTACH DATABASE ? AS rescue KEY ?", (str(target), passphrase))
                try:
                    connection.execute("SELECT sqlcipher_export('rescue')")
                finally:
                    connection.execute("DETACH DATABASE rescue")
            except cipher.dbapi().Error as exc:
                for leftover in (target, Path(f"{target}-journal"), Path(f"{target}-wal")):
                    leftover.unlink(missing_ok=True)
                raise storage_error(exc) from exc
        if os.name == "posix":
            target.chmod(FILE_MODE)

    def _let_go(self) -> None:
        """The file we held is gone from its path. Fold our write-ahead log into it (through the open
        handles, wherever it now is), then take our -wal and -shm away from the path, so that they can
        never be replayed into whatever file is there now: that would damage it. Never delete them
        unless their content is safely in our file."""
        folded = False
        try:
            if self._original is not None:  # never a connection opened now: it could be on another file
                busy = self._original.dbapi_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            else:
                with self.engine.connect() as connection:
                    busy = connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)")).first()
            folded = busy is not None and busy[0] == 0
        except (SADatabaseError, OperationalError, cipher.dbapi().Error):
            folded = False
        stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
        for companion, (device, inode) in self._companions.items():
            try:
                st = companion.stat()
                if (st.st_dev, st.st_ino) != (device, inode):
                    continue  # it belongs to the file now at the path
                if folded or companion.name.endswith("-shm"):
                    companion.unlink()
                else:
                    companion.rename(companion.with_name(f"{companion.name}.orphaned-{stamp}"))
            except OSError:
                continue

    def _lost_error(self) -> StorageError:
        when = f"{self.last_saved_at:%H:%M:%S on %d %b %Y}" if self.last_saved_at else "unknown"
        return StorageError(
            "Not saved: the database file was moved, replaced or deleted while open; nothing more is saved; your "
            f"last save was at {when}. Open the database from where it is now, or restore a backup.",
            Reason.FILE_REPLACED)

    @contextmanager
    def session(self) -> Iterator[AppSession]:
        """A unit of work: commits when the block ends, rolls back if it raises."""
        self._check_open()
        session = self._factory()
        session.info["user"] = self.user
        if self.write_guard is not None:
            session.info[WRITE_GUARD] = self.write_guard
        try:
            yield session
            session.commit()
            self.last_saved_at = datetime.now().astimezone()
        except (OperationalError, SADatabaseError, cipher.dbapi().Error) as exc:  # the driver's own, from bulk paths
            session.rollback()
            if reason_of(exc) is None and not self.read_only:
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
        if self._original is not None:
            self._original.invalidate()
            self._original = None
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")
    dbapi_connection.execute("PRAGMA temp_store=MEMORY")
    audit.register_functions(dbapi_connection)


_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps with options makes one a call


def _json_text(value: Any) -> str:
    """JSON as readable text (not \\u escapes), so that searching the history finds "child’s" or "café"."""
    return _JSON_TEXT(value)


def _make_engine(path: Path, passphrase: str | None, mode: str = "mode=rw") -> Engine:
    # Pooled connections: opening one (keying it and setting its pragmas) costs more than a typical
    # save. A connection is only ever used by one thread at a time, so it may move between threads
    # (an export runs in a worker thread). ``mode`` is an SQLite URI mode: "mode=rw" (never creates a
    # file), "mode=ro", or "immutable=1" (no lock, no -shm: for a read-only disk or a damaged file).
    target = f"file:{url_quote(path.as_posix())}?{mode}"
    engine = create_engine(
        "sqlite://", module=cipher.dbapi(),  # the pysqlite dialect, on SQLCipher's driver; we key it ourselves
        creator=lambda: cipher.keyed_connect(target, passphrase, check_same_thread=False, uri=True),
        poolclass=QueuePool, pool_size=2, max_overflow=4,
        json_serializer=_json_text,
    )
    event.listen(engine, "connect", _apply_pragmas if mode == "mode=rw" else _read_only_pragmas)
    if mode == "mode=rw":
        event.listen(engine, "connect", lambda _dbapi, record: record.info.update(file=_file_at(path)))
    return engine


def _file_at(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the file a connection has just opened: which file it holds, whatever comes later."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _unwritable(path: Path) -> str | None:
    """Why nothing could be saved at this location, before SQLite gives a vaguer error."""
    if not os.access(path.parent, os.W_OK):
        return f"the folder {path.parent} is read-only for you"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the file {path.name} is read-only"
    return None


def _is_new(path: Path) -> bool:
    return not path.exists() or path.stat().st_size == 0


def open_database(path: Path | str, *, user: str = "", migrate: bool = True, passphrase: str | None = None,
                  exclusive: bool = False, read_only: bool = False, create: bool = False,
                  plaintext: bool = False) -> Database:
    """Open the database at ``path`` and bring its schema up to date.

    A missing file is refused (nothing, not even its folder, is created) unless ``create`` is set;
    a new database is then encrypted with ``passphrase`` (or ``INSPECTOR_APP_PASSPHRASE``), which
    must meet the strength rule, and is unencrypted only when ``plaintext`` says so. An existing
    unencrypted database still opens, with ``Database.encrypted`` False, so the window can offer to
    encrypt it. ``exclusive`` takes the writer lock every writer shares.
    """
    passphrase = passphrase or cipher.passphrase_from_env()
    path = Path(path).expanduser().resolve()
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder; give the path of a database file.", reason=Reason.MISSING)
    if _is_new(path) and (read_only or not create):
        what = "is empty (it holds no database)" if path.exists() else "does not exist"
        raise DatabaseOpenError(f"{path} {what}. Check the path; nothing was created.", reason=Reason.MISSING)
    if read_only:
        return _open_read_only(path, user, passphrase)
    if _is_new(path):
        _refuse_weak(path, passphrase, plaintext)
        try:
            private_folder(path.parent)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create folder {path.parent}: {exc.strerror}",
                                    reason=reason_of(exc) or Reason.OTHER) from exc
    problem = _unwritable(path)
    if problem:
        raise DatabaseOpenError(f"Cannot open {path} for work: {problem}. Copy the database to a folder you can "
                                "write to (such as your Documents folder), or open it read-only to look at it "
                                "(inspector-app … --read-only, or “Open read-only” in the window).",
                                reason=Reason.READ_ONLY, read_only_possible=path.exists())
    lock = None
    if exclusive:
        lock = WriterLock(path)
        try:
            lock.acquire()
        except DatabaseInUse as exc:
            raise DatabaseOpenError(str(exc), reason=Reason.IN_USE, read_only_possible=True) from exc
    try:
        if _is_new(path):
            _create_file(path, None if plaintext and not passphrase else passphrase)
        return _open(path, user, migrate, passphrase, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _refuse_weak(path: Path, passphrase: str | None, plaintext: bool) -> None:
    if plaintext and not passphrase:
        return
    if not passphrase:
        raise DatabaseOpenError(
            f"{path} would be created unencrypted. Give it a passphrase (or set {cipher.PASSPHRASE_ENV} for "
            "scripts), or say --no-encryption if you really mean to keep children's data readable by anyone "
            "who gets the file. Nothing was created.", reason=Reason.UNENCRYPTED_REFUSED)
    verdict = judge(passphrase, (path.stem,))
    if not verdict.ok:
        raise DatabaseOpenError(f"The passphrase is not strong enough. {verdict.problem} Nothing was created.",
                                reason=Reason.WEAK_PASSPHRASE)


def _create_file(path: Path, passphrase: str | None) -> None:
    """The new, empty database file, owner-only (its -wal and -shm files take the same mode)."""
    with owner_only():
        connection = cipher.keyed_connect(path, passphrase)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        finally:
            connection.close()
    if os.name == "posix":
        path.chmod(FILE_MODE)


def _open(path: Path, user: str, migrate: bool, passphrase: str | None, lock: Any) -> Database:
    plain = cipher.is_plain_sqlite(path)
    try:
        cipher.check_passphrase(path, passphrase)
    except (cipher.NotADatabase, cipher.PassphraseRequired, cipher.WrongPassphrase) as exc:
        raise DatabaseOpenError(str(exc), reason=exc.reason) from exc
    key = None if plain else passphrase
    engine = _make_engine(path, key)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        if migrate:
            migrations.upgrade_to_head(engine, path, passphrase=key)
    except (SADatabaseError, OperationalError, cipher.dbapi().DatabaseError) as exc:
        engine.dispose()
        reason = reason_of(exc)
        if reason is Reason.NOT_A_DATABASE:
            why = "it is not an Inspector App database (or it is damaged). Check the path, or choose another file"
            reason = Reason.DAMAGED
        else:
            why = meaning(reason) or f"SQLite error {type(getattr(exc, 'orig', exc)).__name__}"
        raise DatabaseOpenError(f"Cannot open {path}: {why}.", reason=reason or Reason.OTHER,
                                read_only_possible=reason is Reason.DAMAGED) from exc
    except migrations.MigrationError as exc:
        engine.dispose()
        raise DatabaseOpenError(str(exc), reason=Reason.NEWER_VERSION) from exc
    return Database(path=path, engine=engine, user=user, encrypted=key is not None, passphrase=key, lock=lock)


def _open_read_only(path: Path, user: str, passphrase: str | None) -> Database:
    try:
        cipher.check_passphrase(path, passphrase)
    except (cipher.NotADatabase, cipher.PassphraseRequired, cipher.WrongPassphrase) as exc:
        raise DatabaseOpenError(str(exc), reason=exc.reason) from exc
    key = None if cipher.is_plain_sqlite(path) else passphrase
    problem: BaseException | None = None
    for mode in ("mode=ro", "immutable=1"):  # sees work another window has not checkpointed; else the file alone
        engine = _make_engine(path, key, mode)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
            break
        except (SADatabaseError, OperationalError, cipher.dbapi().DatabaseError) as exc:
            engine.dispose()
            problem = exc
    else:
        why = meaning(reason_of(problem)) if problem is not None else None
        raise DatabaseOpenError(f"{path.name} cannot be read even read-only ({why or 'unreadable'}). "
                                "Restore a backup instead.", reason=Reason.DAMAGED) from problem
    return Database(path=path, engine=engine, user=user, encrypted=key is not None, read_only=True,
                    passphrase=key)
