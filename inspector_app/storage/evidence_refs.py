"""Giving an evidence item its reference (``AA-5``) where it is created, and keeping the running numbers.

The reference is the author's initials (their team entry's, see ``domain.refs.ref_prefix``) and the next
number of that author's in the inspection. Only the author's own laptop numbers their items, so two laptops
never give the same reference to two items, and the reference travels with the item unchanged. The last
number given per author is kept in ``evidence_ref_counter`` so a deleted item's number is never given again.
Written on a Core connection with portable SQL: a save uses it on SQLite, a sync into the regional store on
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Connection

from inspector_app.domain.refs import format_ref, ref_number, ref_prefix
from inspector_app.storage import bulk, save_memo

_TEAM = "SELECT name, initials FROM team_member WHERE inspection_id = ? ORDER BY id"
_COUNTER = "SELECT last FROM evidence_ref_counter WHERE inspection_id = ? AND prefix = ?"
_TAKEN = "SELECT 1 FROM evidence WHERE inspection_id = ? AND ref = ?"
_HIGHEST = ("SELECT max(CAST(substr(ref, ?) AS INTEGER)) FROM evidence "
            "WHERE inspection_id = ? AND ref >= ? AND ref < ?")  # the prefix's range of the unique index
_SET = "UPDATE evidence_ref_counter SET last = ? WHERE inspection_id = ? AND prefix = ? AND last < ?"
_ADD = "INSERT INTO evidence_ref_counter (inspection_id, prefix, last) VALUES (?, ?, ?)"
# Read and written through the driver (``storage.bulk``), in the caller's transaction: a save asks for a
# reference every time, and SQLAlchemy's per-statement work cost more than these point lookups.


def team_initials(connection: Connection, inspection_id: int) -> dict[str, str]:
    """The inspection's team: each member's name (compared without case) and initials."""
    return {str(name).strip().casefold(): str(initials or "") for name, initials in bulk.driver_rows(
        connection, _TEAM, (inspection_id,))}


def prefix_of(team: Mapping[str, str], author: str) -> str:
    return ref_prefix(team.get(author.strip().casefold()), author)


def _highest(connection: Connection, inspection_id: int, prefix: str) -> int:
    found = bulk.driver_rows(connection, _HIGHEST, (len(prefix) + 2, inspection_id, prefix + "-", prefix + "."))
    return int(found[0][0] or 0)


def next_ref(connection: Connection, inspection_id: int, prefix: str) -> str:
    """The next reference of ``prefix`` in the inspection, recorded as given: a point lookup when the
    counter is right, a walk of the prefix's references otherwise (first use, or numbers brought in)."""
    memo = save_memo.current(connection)
    key = ("evidence ref", inspection_id, prefix)
    given = memo.values.get(key) if memo is not None else None
    if given is not None:  # nothing was written since this connection gave it (``storage.save_memo``)
        last, number = given, given + 1
    else:
        counter = bulk.driver_rows(connection, _COUNTER, (inspection_id, prefix))
        last = counter[0][0] if counter else None
        number = int(last or 0) + 1
        if last is None or bulk.driver_rows(connection, _TAKEN, (inspection_id, format_ref(prefix, number))):
            number = max(number, _highest(connection, inspection_id, prefix) + 1)
    note_used(connection, inspection_id, {prefix: number}, known=last is not None)
    save_memo.wrote(memo)
    save_memo.remember(memo, key, number)
    return format_ref(prefix, number)


def note_used(connection: Connection, inspection_id: int, highest: Mapping[str, int], *,
              known: bool | None = None) -> None:
    """Raise the counters to at least these numbers (per prefix): references that now exist here."""
    for prefix, number in highest.items():
        exists = known if known is not None else bool(bulk.driver_rows(connection, _COUNTER, (inspection_id, prefix)))
        if exists:
            bulk.driver_write(connection, _SET, (number, inspection_id, prefix, number))
        else:
            bulk.driver_write(connection, _ADD, (inspection_id, prefix, number))


def note_refs(connection: Connection, inspection_id: int, refs: Iterable[str]) -> None:
    """Raise the counters past references brought from elsewhere (a bundle, a sync)."""
    highest: dict[str, int] = {}
    for ref in refs:
        prefix = ref.partition("-")[0]
        number = ref_number(ref, prefix)
        if number:
            highest[prefix] = max(highest.get(prefix, 0), number)
    note_used(connection, inspection_id, highest)
