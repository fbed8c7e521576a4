"""What a frequent save reads that only a write can change, remembered per SQLite connection between saves.

Every evidence save reads the same things before it writes: its inspection's framework and team, who the
inspection names (the role check), the author's last reference number and the audit chain's last link. Each
read is a quick point lookup, but five of them and the Python around them cost about as much as the save's
own two inserts (issue 17). Here they are kept per DB-API connection (in the pool's ``info`` for it, which
lives as long as that connection) together with the state of the database they were read in:

* SQLite's ``PRAGMA data_version``, which moves whenever any *other* connection commits (in this process or
  another: a second window, the command line, a bundle merge, the checkpoint thread's index merging);
* the connection's own ``total_changes``, which moves with every row *it* writes (a session's flush or a
  driver statement alike, committed or not).

A save's transaction begins with ``BEGIN IMMEDIATE`` (``Database.write_connection``): nobody else can commit
until it ends, so what it compares is final. :func:`opened` compares both numbers with what was remembered
after the last save's commit on this connection; any difference, and everything is read again. Inside the
transaction a save's own writes (the reference counter, the evidence row, its audit event) go through
:func:`wrote`, which moves the remembered ``total_changes`` with them and updates what they changed (the new
number, the new last link); any other write on the connection is seen at the next :func:`current` (one is
asked just before the commit) and turns the memo off for the rest of the transaction. Only a successful
commit makes what was remembered count for the next save (:func:`committed`); a rollback or any error
forgets everything (:func:`forget`).

On PostgreSQL nothing is remembered: many people write to a store at once and its reads are per statement.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection

_KEY = "inspector_app.save_memo"
T = TypeVar("T")

LAST_LINK = "audit chain last link"  # the key of the chain's last link among a memo's values


@dataclass
class Memo:
    """One connection's remembered reads (see the module's docstring)."""

    driver: Any  # the DB-API connection it belongs to (a replaced connection starts afresh)
    values: dict[Hashable, Any] = field(default_factory=dict)
    stamp: tuple[int, int] | None = None  # (data_version, total_changes) after the last commit it vouches for
    version: int = 0  # data_version in the open transaction
    seen: int | None = None  # total_changes after the last write it knows of; None: off for this transaction

    def get(self, key: Hashable, read: Callable[..., T], *args: Any) -> T:
        """The remembered value, or ``read(*args)`` remembered."""
        try:
            return self.values[key]
        except KeyError:
            value = self.values[key] = read(*args)
            return value


def opened(connection: Connection) -> Memo:
    """At the start of a write transaction that holds SQLite's write lock: keep what is remembered only if the
    database is exactly as the last commit on this connection left it. The memo, for :func:`committed` and
    :func:`forget` at the transaction's end."""
    driver: Any = connection.connection.driver_connection
    memo: Memo | None = connection.info.get(_KEY)
    if memo is None or memo.driver is not driver:
        memo = connection.info[_KEY] = Memo(driver)
    version = driver.execute("PRAGMA data_version").fetchone()[0]
    changes = driver.total_changes
    if memo.stamp != (version, changes):
        memo.values.clear()
    memo.version, memo.seen, memo.stamp = version, changes, None  # vouches for nothing until the commit
    return memo


def current(connection: Connection) -> Memo | None:
    """The connection's memo, if its transaction was :func:`opened` and nothing it does not know of has written
    on the connection since (else it is emptied and off until the next transaction)."""
    memo: Memo | None = connection.info.get(_KEY)
    if memo is None or memo.seen is None:
        return None
    if memo.driver.total_changes != memo.seen:  # (the DB-API connection was checked when it was opened)
        memo.values.clear()
        memo.seen = None
        return None
    return memo


def wrote(memo: Memo | None) -> None:
    """After a write the caller made knowing ``memo`` (:func:`current`'s answer just before it): the write is
    the memo's own."""
    if memo is not None and memo.seen is not None:
        memo.seen = memo.driver.total_changes


def remember(memo: Memo | None, key: Hashable, value: Any) -> None:
    """What the caller has just written, as the database now holds it (the next number, the new last link)."""
    if memo is not None and memo.seen is not None:
        memo.values[key] = value


def committed(memo: Memo, before: Memo | None) -> None:
    """After the transaction's commit; ``before`` is :func:`current`'s answer just before it (None when
    something the memo does not know of wrote): what is remembered now describes the database, or nothing is
    remembered."""
    if before is None:
        forget(memo)
        return
    # the commit itself may write the full-text index's pending rows: the state is taken after it
    memo.stamp = (memo.version, memo.driver.total_changes)
    memo.seen = None


def forget(memo: Memo) -> None:
    """After a rollback or an error: nothing remembered is trusted."""
    memo.values.clear()
    memo.stamp = memo.seen = None
