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

from sqlalchemy import Connection, text

from inspector_app.domain.refs import format_ref, ref_number, ref_prefix

_TEAM = text("SELECT name, initials FROM team_member WHERE inspection_id = :i ORDER BY id")
_COUNTER = text("SELECT last FROM evidence_ref_counter WHERE inspection_id = :i AND prefix = :p")
_TAKEN = text("SELECT 1 FROM evidence WHERE inspection_id = :i AND ref = :r")
_HIGHEST = text("SELECT max(CAST(substr(ref, :n) AS INTEGER)) FROM evidence "
                "WHERE inspection_id = :i AND ref >= :lo AND ref < :hi")  # the prefix's range of the unique index
_SET = text("UPDATE evidence_ref_counter SET last = :last WHERE inspection_id = :i AND prefix = :p AND last < :last")
_ADD = text("INSERT INTO evidence_ref_counter (inspection_id, prefix, last) VALUES (:i, :p, :last)")


def team_initials(connection: Connection, inspection_id: int) -> dict[str, str]:
    """The inspection's team: each member's name (compared without case) and initials."""
    return {str(name).strip().casefold(): str(initials or "") for name, initials in connection.execute(
        _TEAM, {"i": inspection_id})}


def prefix_of(team: Mapping[str, str], author: str) -> str:
    return ref_prefix(team.get(author.strip().casefold()), author)


def _highest(connection: Connection, inspection_id: int, prefix: str) -> int:
    found = connection.execute(_HIGHEST, {"n": len(prefix) + 2, "i": inspection_id, "lo": prefix + "-",
                                          "hi": prefix + "."}).scalar()
    return int(found or 0)


def next_ref(connection: Connection, inspection_id: int, prefix: str) -> str:
    """The next reference of ``prefix`` in the inspection, recorded as given: a point lookup when the
    counter is right, a walk of the prefix's references otherwise (first use, or numbers brought in)."""
    last = connection.execute(_COUNTER, {"i": inspection_id, "p": prefix}).scalar()
    number = int(last or 0) + 1
    if last is None or connection.execute(_TAKEN, {"i": inspection_id, "r": format_ref(prefix, number)}).first():
        number = max(number, _highest(connection, inspection_id, prefix) + 1)
    note_used(connection, inspection_id, {prefix: number}, known=last is not None)
    return format_ref(prefix, number)


def note_used(connection: Connection, inspection_id: int, highest: Mapping[str, int], *,
              known: bool | None = None) -> None:
    """Raise the counters to at least these numbers (per prefix): references that now exist here."""
    for prefix, number in highest.items():
        exists = known if known is not None else connection.execute(
            _COUNTER, {"i": inspection_id, "p": prefix}).scalar() is not None
        connection.execute(_SET if exists else _ADD, {"i": inspection_id, "p": prefix, "last": number})


def note_refs(connection: Connection, inspection_id: int, refs: Iterable[str]) -> None:
    """Raise the counters past references brought from elsewhere (a bundle, a sync)."""
    highest: dict[str, int] = {}
    for ref in refs:
        prefix = ref.partition("-")[0]
        number = ref_number(ref, prefix)
        if number:
            highest[prefix] = max(highest.get(prefix, 0), number)
    note_used(connection, inspection_id, highest)
