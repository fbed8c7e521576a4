"""Write-ahead-log checkpoints off the save path.

SQLite's automatic checkpoint runs inside the commit that takes the log past 1,000 pages, so every
few dozen saves one save also copied the log into the file and synced it: milliseconds, on a save
that otherwise takes a fraction of one (issue 17's p99). Here the app's connections raise the
automatic checkpoint to a backstop (:data:`AUTOCHECKPOINT_PAGES`, reached only by a bulk write
while this worker cannot keep up), and one background thread per open database runs a
``PRAGMA wal_checkpoint(PASSIVE)`` once writes pause for a moment, or after every few dozen
during a long burst (never waiting for anyone, never blocking a save); closing the database
stops the thread and runs a ``TRUNCATE`` checkpoint, so a closed database is one file. A
checkpoint is crash-safe whenever it is interrupted (SQLite replays the log on the next open),
so a killed process loses nothing saved.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from inspector_app.storage import cipher

AUTOCHECKPOINT_PAGES = 10_000  # ≈40 MB of 4 KB pages: a backstop, the worker checkpoints long before
LOG_LIMIT_BYTES = 16 * 2**20  # a log grown by a bulk write is cut back to this when it starts over
QUIET_SECONDS = 0.1  # checkpoint once no write has come for this long (a burst of saves has ended)
WRITES_BEFORE_CHECKPOINT = 50  # or after this many writes, without waiting for quiet (a long burst)


class Checkpointer:
    """The database's checkpointing thread: :meth:`wrote` after each commit, :meth:`paused` around work
    that wants the log to itself (a VACUUM), :meth:`close` before the engine goes."""

    def __init__(self, engine: Engine, ours: Callable[[Any], bool]) -> None:
        self._engine = engine
        self._ours = ours  # whether a pooled DB-API connection is on the file we opened
        self._wake = threading.Event()
        self._busy = threading.Lock()  # held while a checkpoint runs, and while paused
        self._stop = False
        self._hurry = threading.Event()  # cuts the wait for quiet short: many writes, or the database closes
        self._thread: threading.Thread | None = None
        self._started = threading.Lock()
        self._writes = 0  # commits since the last checkpoint began (counted by the writers, read by the thread)
        self.runs = 0  # background checkpoints run so far
        self.last: tuple[int, int, int] | None = None  # the last one's (busy, log pages, pages copied)

    def wrote(self) -> None:
        """A write was committed: checkpoint soon, off this thread. Costs a flag when the thread runs."""
        if self._thread is None:
            self._start()
        self._writes += 1  # an approximate count is enough: it only decides when, never whether
        if not self._wake.is_set():  # setting it takes a lock and notifies: skipped while already set
            self._wake.set()
        if self._writes >= WRITES_BEFORE_CHECKPOINT and not self._hurry.is_set():
            self._hurry.set()

    def _start(self) -> None:
        with self._started:  # two threads' first writes at once start one thread
            if self._thread is None and not self._stop:
                self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._stop:
                return
            self._wake.clear()
            # Wait for quiet (a checkpoint beside a burst of saves slows each of them down), but not past
            # WRITES_BEFORE_CHECKPOINT writes: the log stays short.
            while True:
                seen = self._writes
                if self._hurry.wait(QUIET_SECONDS) or self._writes == seen:
                    break
            self._hurry.clear()
            self._writes = 0
            with self._busy:
                if self._stop:
                    return
                self.last = self.checkpoint("PASSIVE")
                self.runs += 1

    def checkpoint(self, mode: str) -> tuple[int, int, int] | None:
        """Run one checkpoint on a pooled connection on our file: (busy, log pages, pages copied), or
        None when it could not run (the file is gone or not ours, or SQLite refused)."""
        try:
            raw = self._engine.raw_connection()
        except (SADatabaseError, OperationalError, cipher.dbapi().Error):
            return None
        try:
            if not self._ours(raw):  # never checkpoint into a file that is not ours, or no longer at its path;
                return None  # nor close the connection: on a deleted file it is what the rescue copies from
            driver: Any = raw.dbapi_connection
            row = driver.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
            return (int(row[0]), int(row[1]), int(row[2])) if row is not None else None
        except cipher.dbapi().Error:
            return None
        finally:
            raw.close()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """No background checkpoint runs inside this block (one already running is waited for)."""
        with self._busy:
            yield

    def close(self) -> None:
        """Stop the thread (after a checkpoint it is running) and fold the log into the file."""
        with self._started:
            self._stop = True
        self._hurry.set()
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        with self._busy:
            self.checkpoint("TRUNCATE")
