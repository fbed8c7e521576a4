"""A read connection kept open for search as you type, and what it has read that only a write can change.

A keystroke's search reads a few hundred ids off the full-text index in about a tenth of a millisecond at
1,000 items. Around it, checking a pooled connection out through SQLAlchemy and back, and asking again
where the inspection's ids begin and end (and whether any other inspection's item lies between them),
cost half as much again (issue 17). Here one SQLite connection is kept out of the pool for the search box
(:meth:`Database.kept_reader`): it is used through the driver, never writes, and remembers each
inspection's id range (its first and last evidence id, and whether the range is the inspection's alone)
together with SQLite's ``PRAGMA data_version`` when it was read. Every search is one read transaction:
``BEGIN``, the pragma, the search, ``COMMIT``. The pragma moves whenever any *other* connection has
committed (a save, a bundle merge, a second window, another program, the checkpoint thread's index
merging), and then everything remembered is read again inside the same transaction: a search never
answers from a range older than the snapshot it reads.

Only one thread at a time may use the kept connection: a second thread that searches meanwhile is told
to take a pooled connection instead (no waiting, no connection per thread). Driver errors are raised as
SQLAlchemy's, as every other read's are, and the connection is then dropped (the next search opens a new
one). On PostgreSQL nothing is kept: reads are per statement and the pool is a server's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy.engine import Dialect

from inspector_app.storage import bulk
from inspector_app.storage.engines.sqlite import ID_RANGE, KEPT_SEARCH, KEPT_SEARCH_CHECKED

# An inspection's evidence id range: (first id, last id, no other inspection's item lies between them).
# (None, None, True) for an inspection without evidence.
IdRange = tuple[int | None, int | None, bool]


class KeptReader:
    """One SQLite connection kept for reading, with what it remembers (see the module's docstring)."""

    def __init__(self, opener: Callable[[], Any], dialect: Dialect) -> None:
        self._opener = opener  # a new DB-API connection with the app's pragmas (the pool's creator)
        self._dialect = dialect
        self._driver: Any = None
        self._cursor: Any = None
        self._version: int | None = None  # data_version of the snapshot the ranges were read in
        self._ranges: dict[int, IdRange] = {}
        self.lock = threading.Lock()  # held by the thread using the connection

    @contextmanager
    def reading(self) -> Iterator[KeptReader]:
        """One read transaction: whatever runs inside sees one snapshot of the database, and what is
        remembered is forgotten first if another connection committed since it was read."""
        if self._driver is None:
            self._connect()
        self.rows("BEGIN")
        try:
            version = self.rows("PRAGMA data_version")[0][0]
            if version != self._version:
                self._ranges.clear()
                self._version = version
            yield self
        finally:
            if self._driver is not None:
                self.rows("COMMIT")  # a read: ends the snapshot

    def search(self, inspection_id: int, match: str, limit: int | None) -> list[int]:
        """Ids of the inspection's evidence matching the FTS5 expression ``match``, most recently recorded
        first, at most ``limit``: the rows ``services.search`` finds for the same words with no other filter."""
        first, last, exact = self.id_range(inspection_id)
        if first is None:
            return []
        limit = -1 if limit is None else limit  # SQLite: no limit
        if exact:
            found = self.rows(KEPT_SEARCH, (match, first, last, limit))
        else:
            found = self.rows(KEPT_SEARCH_CHECKED, (match, first, last, limit, inspection_id))
        return [row[0] for row in found]

    def id_range(self, inspection_id: int) -> IdRange:
        """The inspection's id range: remembered, if read at the data version of this transaction's snapshot,
        else read now (and remembered)."""
        found = self._ranges.get(inspection_id)
        if found is None:
            first, last, exact = self.rows(ID_RANGE, (inspection_id,))[0]
            found = self._ranges[inspection_id] = (first, last, bool(exact))
        return found

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        """The rows of one statement as the driver's tuples, its errors raised as SQLAlchemy's."""
        try:
            return self._cursor.execute(sql, params).fetchall()
        except self._dialect.loaded_dbapi.Error as exc:
            raise self._failed(exc, sql, params) from exc

    def _connect(self) -> None:
        try:
            self._driver = self._opener()
            self._cursor = self._driver.cursor()
        except self._dialect.loaded_dbapi.Error as exc:
            raise self._failed(exc, "", ()) from exc

    def _failed(self, exc: Exception, sql: str, params: Sequence[Any]) -> Exception:
        """SQLAlchemy's error for the driver's; whatever went wrong, the next search starts on a new connection."""
        self.close()
        return bulk.driver_error(exc, sql, params, self._dialect)

    def close(self) -> None:
        """Close the connection (a later :meth:`reading` opens a new one) and forget what it read."""
        driver, self._driver, self._cursor = self._driver, None, None
        self._version = None
        self._ranges.clear()
        if driver is not None:
            with suppress(self._dialect.loaded_dbapi.Error):  # a broken connection: nothing of ours is left on it
                driver.close()
