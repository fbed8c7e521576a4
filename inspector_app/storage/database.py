"""The single door to a database file: engine, pragmas, migrations and sessions.

Everything (CLI, window, tests, benchmarks) opens databases through :func:`open_database`, so
encryption at rest, the writer lock and the "same file" check apply to every caller. Only a caller
that says ``create=True`` may bring a new database into being, and only encrypted unless it also
says ``plaintext=True``; connections open existing files with SQLite's ``mode=rw``, so nothing ever
creates an empty database where one was moved away.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from inspector_app.storage import audit, checkpoints, cipher, engines, migrations, save_memo
from inspector_app.storage.base import Tracked
from inspector_app.storage.checkpoints import Checkpointer
from inspector_app.storage.engines import sqlite as sqlite_engine
from inspector_app.storage.errors import Reason, ServerProblem, meaning, reason_of
from inspector_app.storage.files import FILE_MODE, owner_only, private_folder
from inspector_app.storage.kept_reader import KeptReader
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


class NoFile(ValueError):
    """File work (a backup, a passphrase, shredding) asked of a PostgreSQL store, which has no file."""


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
    """An open database: hand out sessions, remember the user, close cleanly.

    ``path`` is the SQLite file, or None for a PostgreSQL store: a store has no file, so nothing
    (a backup, a lock, a rescue copy, a shredded key) can be written beside one. Callers ask
    :attr:`has_file` (or take :meth:`file`, which refuses a store) rather than testing the engine.
    """

    path: Path | None
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
    url: str | None = None  # a PostgreSQL store's URL (checked to hold no password); ``path`` is then None
    display: str = ""  # a store's address as it may be shown (role@host:port/database, never a password)
    write_guard: Callable[[Session, Any], None] | None = field(default=None, repr=False)  # see WRITE_GUARD
    core_guard: audit.CoreGuard | None = field(default=None, repr=False)  # the same check, for write_connection()
    _factory: sessionmaker[AppSession] = field(init=False, repr=False)
    _companions: dict[Path, tuple[int, int]] = field(default_factory=dict, repr=False)
    _original: Any = field(default=None, repr=False)  # once lost: a connection still holding the file we opened
    _guard: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # The log's checkpoints, off the save path (None on a server or read-only).
    checkpointer: Checkpointer | None = field(default=None, init=False, repr=False)
    # The search box's read connection (SQLite only; see ``storage.kept_reader``).
    _reader: KeptReader | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, class_=AppSession, expire_on_commit=False)
        if self.path is None:  # a server: no file to identify, watch or lock
            self.last_saved_at = self.last_saved_at or datetime.now().astimezone()
            return
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
        if not self.read_only:
            self.checkpointer = Checkpointer(self.engine, self._holds_our_file, self.log_stamp)
            self.checkpointer.start()
        self._reader = KeptReader(self._detached_driver, self.engine.dialect)

    def _detached_driver(self) -> Any:
        """A DB-API connection of the engine's (its pragmas and functions set), taken out of the pool for good."""
        pooled = self.engine.raw_connection()
        pooled.detach()
        return pooled.dbapi_connection

    def log_stamp(self) -> tuple[int, int] | None:
        """The write-ahead log's (modification time in ns, size), which moves with every commit by anyone:
        how the window notices another program's writes (``services.changes``). None: no log (or no file)."""
        if self.path is None:
            return None
        try:
            info = Path(f"{self.path}-wal").stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _holds_our_file(self, raw: Any) -> bool:
        """Whether a pooled connection is on the file this database opened, and that file is still at its
        path (a checkpoint through any other connection could fold our log into another file)."""
        if self.lost or self.closed or self.identity is None or self.path is None:
            return False
        try:
            here = FileIdentity.of(self.path, self.encrypted) == self.identity
        except OSError:
            return False
        return here and raw.info.get("file") == (self.identity.device, self.identity.inode)

    @contextmanager
    def checkpoints_paused(self) -> Iterator[None]:
        """No background checkpoint runs inside this block: for work that checkpoints the log itself and
        needs it to end empty (a purge's VACUUM)."""
        if self.checkpointer is None:
            yield
            return
        with self.checkpointer.paused():
            yield

    def _check_open(self) -> None:
        if self.closed:  # a new connection would silently create an empty file where the database was
            raise StorageError(f"{self.name} is closed (or was destroyed); open it again to continue.")
        if not self.read_only and self.path is not None:
            self.check_same_file()

    def check_same_file(self) -> None:
        """Refuse to go on if the file at ``path`` is no longer the one opened (one stat, one 16-byte read)."""
        with self._guard:  # a backup's thread and the window may notice at the same moment
            if self.lost:
                raise self._lost_error()
            try:
                same = FileIdentity.of(self.file(), self.encrypted) == self.identity
            except OSError:
                same = False
            if not same:
                self.lost = True
                # A background checkpoint may have the pooled connection that still reads our file checked
                # out: wait for it to hand it back, or the copy of what was saved is lost with it.
                with self.checkpoints_paused():
                    self._original = self._hold_original()
                    self._let_go()
                raise self._lost_error()

    def _hold_original(self) -> Any:
        """A pooled connection opened on the file we opened (it still reads it, wherever the file went,
        even deleted), kept so that what was saved can be copied to a new database. None if there is none:
        a connection opened now would find nothing, or another database, at the path."""
        assert self.identity is not None
        if _file_at(self.file()) == (self.identity.device, self.identity.inode):
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
        with self._committed(session):
            yield session

    @contextmanager
    def write_connection(self) -> Iterator[Connection]:
        """One write transaction on a Core connection, no ORM session: for a frequent save that writes with
        driver statements (``audit.insert_tracked``), where a session's set-up and commit cost as much as the
        inserts. Commits when the block ends, rolls back if it raises; the same checks, errors and
        checkpoints as :meth:`session`. Nothing here runs the flush hook: the caller writes the audit trail
        and runs :attr:`core_guard` itself (``insert_tracked`` does both)."""
        self._check_open()
        try:
            connection = self.engine.connect()
        except (OperationalError, SADatabaseError, ServerProblem) as exc:  # a store that does not answer
            if self.url is None:
                raise
            raise _server_storage_error(exc) from exc
        memo = None
        with self._committed(connection, lambda: memo):
            connection.begin()
            if self.path is not None:  # SQLite: the write lock first, so the save's reads (the next reference,
                # the chain's last link) are in the transaction that writes (the driver would begin it only at
                # the first INSERT, leaving each read before it a transaction of its own), and what the last
                # save on this connection read is still true if nobody wrote since (``storage.save_memo``)
                driver = connection.connection.driver_connection
                assert driver is not None
                driver.execute("BEGIN IMMEDIATE")
                memo = save_memo.opened(connection)
            yield connection

    @contextmanager
    def _committed(self, unit: Any, memo: Callable[[], save_memo.Memo | None] = lambda: None) -> Iterator[None]:
        """Commit ``unit`` (a session or a Core connection) when the block ends and note the save; roll
        back if it raises, with the driver's errors told in the app's words; close it either way. ``memo``
        gives the write's ``save_memo`` (if any): kept after a commit of its own writes only, else forgotten."""
        try:
            yield
            bulk = bool(unit.info.pop(checkpoints.BULK_WRITE, False))  # info of a connection outlives this use
            remembered = memo()
            if remembered is not None:
                own = save_memo.current(unit)  # None if a write the memo does not know of came last
                unit.commit()
                save_memo.committed(remembered, own)
            else:
                unit.commit()
            self.last_saved_at = datetime.now().astimezone()
            if self.checkpointer is not None:
                self.checkpointer.wrote(bulk=bulk)
        except (OperationalError, SADatabaseError, ServerProblem, cipher.dbapi().Error) as exc:  # driver's, bulk paths
            if self.url is not None:
                _roll_back_or_drop(unit)
                raise _server_storage_error(exc) from exc
            unit.rollback()
            if reason_of(exc) is None and not self.read_only:
                raise
            raise storage_error(exc, self.read_only) from exc
        except BaseException:
            unit.rollback()
            raise
        finally:  # a bulk mark left by a rolled-back write costs at most one merge pass that finds little to do
            remembered = memo()
            if remembered is not None and remembered.stamp is None:  # not committed: nothing remembered holds
                save_memo.forget(remembered)
            unit.close()

    @contextmanager
    def read_session(self) -> Iterator[AppSession]:
        """A session for reading only: never commits."""
        self._check_open()
        session = self._factory()
        try:
            yield session
        except (OperationalError, SADatabaseError, ServerProblem) as exc:
            if self.url is not None:
                raise _server_storage_error(exc, reading=True) from exc
            raise
        finally:
            if self.url is not None:
                _roll_back_or_drop(session)
            else:
                session.rollback()
            session.close()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A Core connection for reading only (no session, no identity map): for hot read paths such as
        search-as-you-type, where a session's set-up costs as much as the query."""
        self._check_open()
        try:
            with self.engine.connect() as connection:
                yield connection
        except (OperationalError, SADatabaseError, ServerProblem) as exc:
            if self.url is not None:
                raise _server_storage_error(exc, reading=True) from exc
            raise

    @contextmanager
    def kept_reader(self) -> Iterator[KeptReader | None]:
        """One read transaction on the connection kept for search as you type (``storage.kept_reader``), or
        None when there is none to have: on a PostgreSQL store, or while another thread is using it (the
        caller then reads through :meth:`read_connection`, never waiting). The same checks as every read first."""
        self._check_open()
        reader = self._reader
        if reader is None or not reader.lock.acquire(blocking=False):
            yield None
            return
        try:
            with reader.reading():
                yield reader
        finally:
            reader.lock.release()

    @property
    def location(self) -> str:
        """What opens this database again: the file's path, or the store's URL."""
        return self.url if self.url is not None else str(self.path)

    @property
    def on_server(self) -> bool:
        """A PostgreSQL store: no file, no backups of the app's own (the operator's pg_dump), no lock."""
        return self.url is not None

    @property
    def has_file(self) -> bool:
        """Whether this database is a file of this machine (backups, the writer lock, the lost-file watch,
        passphrases and shredding exist only then)."""
        return self.path is not None

    @property
    def name(self) -> str:
        """How messages name it: the file's name, or the store's address without a password."""
        return self.path.name if self.path is not None else f"the store at {self.display}"

    def file(self) -> Path:
        """The database file; a store has none, and file work on one is refused rather than done in the
        current directory (which is where a path standing in for a store would lead)."""
        if self.path is None:
            raise NoFile(f"{self.name} is a PostgreSQL store, not a file of this machine: that only applies "
                         "to a laptop's database file.")
        return self.path

    def close(self) -> None:
        if self._reader is not None:
            with self._reader.lock:  # a search under way in another thread ends first
                self._reader.close()
        if self.checkpointer is not None and not self.closed:
            self.checkpointer.close()  # the thread ends, the log is folded into the file (while still ours)
        self.closed = True
        if self._original is not None:
            self._original.invalidate()
            self._original = None
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _make_engine(path: Path, passphrase: str | None, mode: str = "mode=rw") -> Engine:
    engine = sqlite_engine.make_engine(path, passphrase, mode)
    if mode == "mode=rw":
        event.listen(engine, "connect", lambda _dbapi, record: record.info.update(file=_file_at(path)))
    return engine


def _roll_back_or_drop(session: Session | Connection) -> None:
    """Roll back on a store; a connection the server has dropped cannot, so it is discarded (the pool
    makes a new one next time) and the server has already rolled the transaction back."""
    try:
        session.rollback()
    except (OperationalError, SADatabaseError):
        session.invalidate()


def _server_storage_error(exc: BaseException, reading: bool = False) -> StorageError | BaseException:
    from inspector_app.storage.engines import postgresql

    problem = postgresql.failure(exc)
    if problem is None:
        return exc
    if reading:
        return StorageError(str(problem), problem.reason)
    return StorageError(f"Not saved: {problem}", problem.reason)


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
    if engines.is_server_url(path):
        return open_store(str(path), user=user, create=create, read_only=read_only)
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


def open_store(url: str, *, user: str = "", create: bool = False, read_only: bool = False,
               administer: bool = False) -> Database:
    """Open a PostgreSQL store by its libpq URL (see ``storage.engines.postgresql`` for what is refused).

    With ``create`` an empty store (or one at an older schema) is brought to head, as its owner
    would with ``inspector-app store init``; otherwise a store at another schema version is refused
    with what to do, since a person's role cannot (and should not) change the schema.
    """
    from inspector_app.storage.engines import postgresql

    try:
        address = postgresql.check_address(url)
    except postgresql.ServerError as exc:
        raise DatabaseOpenError(str(exc), reason=exc.reason) from None
    engine = postgresql.make_engine(address, read_only=read_only)
    try:
        current = migrations.current_revision(engine)
        if current != migrations.HEAD_REVISION:
            if create:
                migrations.upgrade_to_head(engine, None)
            else:
                raise DatabaseOpenError(_version_problem(address.display, current), reason=Reason.NEWER_VERSION
                                        if migrations.is_newer(current) else Reason.OLDER_VERSION)
    except postgresql.ServerError as exc:
        engine.dispose()
        raise DatabaseOpenError(str(exc), reason=exc.reason) from None
    except (SADatabaseError, OperationalError) as exc:
        engine.dispose()
        problem = postgresql.failure(exc)
        if problem is None:
            raise
        raise DatabaseOpenError(str(problem), reason=problem.reason) from None
    except migrations.MigrationError as exc:
        engine.dispose()
        raise DatabaseOpenError(str(exc), reason=Reason.NEWER_VERSION) from None
    except DatabaseOpenError:
        engine.dispose()
        raise
    if not read_only and not administer and not postgresql.may_write(engine):
        # a role that reads only (a quality assurance reviewer): opened read-only, so the window shows it as
        # such from the start rather than refusing each save (and the signing key it would add) one by one
        engine.dispose()
        engine, read_only = postgresql.make_engine(address, read_only=True), True
    return Database(path=None, engine=engine, user=user, read_only=read_only, url=url.strip(),
                    display=address.display)


def _version_problem(display: str, current: str | None) -> str:
    if current is None:
        return (f"The store at {display} has no Inspector App tables yet: its administrator creates them with "
                "inspector-app store init URL.")
    if migrations.is_newer(current):
        return (f"The store at {display} was set up by a newer version of Inspector App (schema {current}): "
                "install that version to use it.")
    return (f"The store at {display} is at an older schema ({current}) than this app: its administrator brings "
            "it up to date with inspector-app store init URL.")
