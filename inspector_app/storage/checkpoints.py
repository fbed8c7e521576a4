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

The same thread keeps the full-text index's merging off the save path. FTS5 writes each transaction's
words as a new segment and merges segments a little at every later write (``automerge``); a bulk write
(a bundle merged, a list imported: thousands of rows in one transaction) leaves many segments, and the
saves after it then paid for merging them: at a million items 20-30 ms at the 99th percentile, ≈1 s
of merging in all. So a commit that wrote in bulk (``storage.bulk`` marks it, :data:`BULK_WRITE`)
has the thread run FTS5's ``merge`` command once writes pause, a few pages at a time, stopping as
soon as anyone writes and going on at the next pause, until the index has nothing left to merge.
Merging writes to the log, which the window watches for other programs' changes (``services.changes``);
:meth:`Checkpointer.before_own_merges` lets it see through this thread's own merging, and only that.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import OperationalError

from inspector_app.storage import cipher

AUTOCHECKPOINT_PAGES = 10_000  # ≈40 MB of 4 KB pages: a backstop, the worker checkpoints long before
LOG_LIMIT_BYTES = 16 * 2**20  # a log grown by a bulk write is cut back to this when it starts over
QUIET_SECONDS = 0.1  # checkpoint once no write has come for this long (a burst of saves has ended)
# Or after this many writes without a pause (a long burst). A person's saves have pauses, so this only
# bounds the log in a burst: 300 saves of ≈23 pages leave ≈28 MB, under the AUTOCHECKPOINT_PAGES backstop.
# It was 50 until 2026-12-03: a checkpoint's copying and fsync beside a burst of saves slowed the saves
# made meanwhile threefold (1.1–3.5 ms against ≈0.4), and 120 saves in a row met two of them.
WRITES_BEFORE_CHECKPOINT = 300
BULK_WRITE = "inspector_app.bulk_write"  # set in a session's or connection's info by a write of many rows
MERGE_PAGES = 64  # pages of the full-text index merged in one step (a few ms: a save arriving waits at most that)
_MERGE = "INSERT INTO evidence_fts(evidence_fts, rank) VALUES('merge', ?)"


LogStamp = tuple[int, int]  # the log file's (modification time in ns, size): what the window compares


class _Step(NamedTuple):
    merged: bool  # the step merged something (else the index had nothing left to merge)
    before: LogStamp | None  # the log as the step found it, with the write lock held
    after: LogStamp | None  # the log as the step left it, None if another connection may have written since


class Checkpointer:
    """The database's checkpointing thread: :meth:`wrote` after each commit, :meth:`paused` around work
    that wants the log to itself (a VACUUM), :meth:`close` before the engine goes."""

    def __init__(self, engine: Engine, ours: Callable[[Any], bool],
                 log_stamp: Callable[[], LogStamp | None] = lambda: None) -> None:
        # Connections of its own (a copy of the engine's pool: the same creator, pragmas and events): taken
        # from the engine's pool, a checkpoint during a burst of saves held the connection the saves were
        # using, the next save got another one whose remembered reads (``storage.save_memo``) were stale, and
        # the one after came back to the first, stale in turn: two saves of fifty read everything again.
        self._pool = engine.pool.recreate()
        self._ours = ours  # whether a pooled DB-API connection is on the file we opened
        self._log_stamp = log_stamp  # the log file's stamp now (None: no file)
        self._own: tuple[LogStamp, LogStamp] | None = None  # the log before and after our own merging
        self._wake = threading.Event()
        self._busy = threading.Lock()  # held while a checkpoint runs, and while paused
        self._stop = False
        self._hurry = threading.Event()  # cuts the wait for quiet short: many writes, or the database closes
        self._thread: threading.Thread | None = None
        self._started = threading.Lock()
        self._writes = 0  # commits since the last checkpoint began (counted by the writers, read by the thread)
        self.runs = 0  # background checkpoints run so far
        self.merge_pending = False  # a bulk write left the full-text index to merge
        self.merges = 0  # merge steps that merged something, so far
        self.last: tuple[int, int, int] | None = None  # the last one's (busy, log pages, pages copied)

    def wrote(self, bulk: bool = False) -> None:
        """A write was committed: checkpoint soon, off this thread. Costs a flag when the thread runs.
        ``bulk``: it wrote many rows, so the full-text index is merged too once writes pause."""
        if bulk:
            self.merge_pending = True
        if self._thread is None:
            self._start()
        self._writes += 1  # an approximate count is enough: it only decides when, never whether
        if not self._wake.is_set():  # setting it takes a lock and notifies: skipped while already set
            self._wake.set()
        if self._writes >= WRITES_BEFORE_CHECKPOINT and not self._hurry.is_set():
            self._hurry.set()

    def start(self) -> None:
        """Start the thread now (the database calls it when it opens): started by the first write instead, it
        cost that save 2-3.5 ms of its ≈6 (a thread's start waits for the new thread to run)."""
        self._start()

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
            # Wait for quiet (a checkpoint beside a burst of saves slows each of them down), but not past
            # WRITES_BEFORE_CHECKPOINT writes: the log stays short. The wake flag stays set meanwhile, so the
            # burst's saves skip setting it (a lock and a notify each); it is cleared just before the
            # checkpoint, which covers every commit made before it.
            quiet = False
            while True:
                seen = self._writes
                if self._hurry.wait(QUIET_SECONDS):
                    break
                if self._writes == seen:
                    quiet = True
                    break
            self._wake.clear()
            self._hurry.clear()
            self._writes = 0
            with self._busy:
                if self._stop:
                    return
                self.last = self.checkpoint("PASSIVE")
                self.runs += 1
            if quiet and self.merge_pending:
                self._merge_while_quiet()

    def _merge_while_quiet(self) -> None:
        """Merge the full-text index step by step until nothing is left, a write comes (it wakes this thread
        again, and merging goes on at the next pause) or the database closes; then checkpoint what it wrote."""
        merged = False
        while not self._stop and self._writes == 0:
            with self._busy:  # released between steps: a VACUUM or the lost-file check waits one step at most
                if self._stop:
                    return
                step = self.merge_step()
            if step is None or not step.merged:  # nothing left (or it cannot run): done until the next bulk write
                self.merge_pending = False
                break
            self.merges += 1
            merged = True
            self._note_own(step)
        if merged:
            with self._busy:
                if not self._stop:
                    self.last = self.checkpoint("PASSIVE")

    def _note_own(self, step: _Step) -> None:
        """Remember the log's stamp before and after our merging, as one span as long as nobody else wrote
        between our steps (a step that found the log as the last one left it continues the span)."""
        own = self._own
        if step.before is None or step.after is None:
            self._own = None  # someone else may have written around this step: the window must look
        elif own is not None and own[1] == step.before:
            self._own = (own[0], step.after)
        else:
            self._own = (step.before, step.after)

    def before_own_merges(self, stamp: LogStamp) -> LogStamp:
        """``stamp`` (the log's, now) as it was before this thread's merging, if nothing but that merging
        changed the log since; otherwise ``stamp`` itself. The window compares stamps to notice other
        programs' writes: index upkeep is not one."""
        own = self._own
        return own[0] if own is not None and stamp == own[1] else stamp

    def merge_step(self) -> _Step | None:
        """One step of FTS5's ``merge`` (:data:`MERGE_PAGES` pages) on its own connection on our file, in a
        write transaction of its own, with the log's stamp before and after it; None if it could not run.

        ``after`` is kept only if no other connection committed between this commit and the stamp taken
        after it (SQLite's ``data_version`` of this connection moves only for other connections' commits)."""
        try:
            raw = self._pool.connect()
        except (SADatabaseError, OperationalError, cipher.dbapi().Error):
            return None
        try:
            if not self._ours(raw):  # as for a checkpoint: never write through a connection on another file
                return None
            driver: Any = raw.dbapi_connection
            changes = driver.total_changes
            try:
                driver.execute("BEGIN IMMEDIATE")  # the write lock: nobody else commits until ours is done
                before = self._log_stamp()
                driver.execute(_MERGE, (MERGE_PAGES,))
                version = driver.execute("PRAGMA data_version").fetchone()[0]
                driver.commit()
                after = self._log_stamp()
                if driver.execute("PRAGMA data_version").fetchone()[0] != version:
                    after = None
            except cipher.dbapi().Error:  # busy beyond the timeout, or no full-text index: try no further
                driver.rollback()
                return None
            # FTS5's own sign that the step merged something: two changes or more
            return _Step(driver.total_changes - changes >= 2, before, after)
        finally:
            raw.close()

    def checkpoint(self, mode: str) -> tuple[int, int, int] | None:
        """Run one checkpoint on its own connection on our file: (busy, log pages, pages copied), or
        None when it could not run (the file is gone or not ours, or SQLite refused)."""
        try:
            raw = self._pool.connect()
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
        self._pool.dispose()
