"""The single door to a database file: engine, pragmas, migrations and sessions.

Everything (CLI, window, tests, benchmarks) opens databases through :func:`open_database`, so
that encryption at rest and backups can be added here without touching any caller.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from inspector_app.storage.base import Tracked


class DatabaseOpenError(Exception):
    """The file could not be opened as an Inspector App database; the message says why."""


class AppSession(Session):
    """A session that stamps every tracked row with the user who wrote it."""


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


def _apply_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class Database:
    """An open database: hand out sessions, remember the user, close cleanly."""

    path: Path
    engine: Engine
    user: str = ""
    _factory: sessionmaker[AppSession] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._factory = sessionmaker(self.engine, class_=AppSession, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[AppSession]:
        """A unit of work: commits when the block ends, rolls back if it raises."""
        session = self._factory()
        session.info["user"] = self.user
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[AppSession]:
        """A session for reading only: never commits."""
        session = self._factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def _make_engine(path: Path) -> Engine:
    # Pooled connections: opening one (and setting its pragmas) costs more than a typical save.
    # A connection is only ever used by one thread at a time, so it may move between threads
    # (an export runs in a worker thread).
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False},
                           pool_size=2, max_overflow=4)
    event.listen(engine, "connect", _apply_pragmas)
    return engine


def _check_is_sqlite(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise DatabaseOpenError(
            f"{path} is not an Inspector App database (it is not an SQLite file). "
            "Check the path, or choose another file."
        )


def backup_copy(path: Path, suffix: str) -> Path:
    """A consistent copy of a live database beside it, taken with SQLite's backup API."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.{suffix}-{stamp}{path.suffix or '.sqlite'}")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def open_database(path: Path | str, *, user: str = "", migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    from inspector_app.storage import migrations

    path = Path(path).expanduser().resolve()
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder; give the path of a database file.")
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseOpenError(f"cannot create folder {path.parent}: {exc.strerror}") from exc
    _check_is_sqlite(path)
    engine = _make_engine(path)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        if migrate:
            migrations.upgrade_to_head(engine, path)
    except (SADatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc))
        raise DatabaseOpenError(f"cannot open {path}: {reason}") from exc
    except migrations.MigrationError as exc:
        engine.dispose()
        raise DatabaseOpenError(str(exc)) from exc
    return Database(path=path, engine=engine, user=user)


def copy_database_file(source: Path, target: Path) -> None:
    """Copy a closed database file (used by tests and the demo to snapshot a file)."""
    shutil.copyfile(source, target)
