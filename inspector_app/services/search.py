"""Finding evidence as a person types: an FTS5 query over evidence, safe, at the index's own speed.

The index uses the trigram tokenizer, which needs three characters; shorter words are matched
with LIKE instead, so the search box answers from the first keystroke.

Matches come most recently recorded first (descending rowid), which is the order the full-text
index already holds them in: SQLite reads them straight off the index and stops after the page the
window asked for, instead of collecting every match and sorting it by date. The index is also
narrowed to the inspection's rowid range (two lookups in ``ix_evidence_inspection``), so a short
prefix such as "sup" costs the same in a database of a million items as in one of a thousand.

Each shape of filter (which boxes are set, how many short words) is compiled to SQL once and then
run on the driver with its values: at a keystroke, building and caching an SQLAlchemy statement
cost more than the index lookup itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Select, bindparam, func, select, tuple_
from sqlalchemy.engine import Dialect

from inspector_app.storage import bulk, engines
from inspector_app.storage.models import Evidence

_WORD = re.compile(r'"([^"]+)"|(\S+)')


def split_terms(query: str) -> list[str]:
    """Words and "quoted phrases" in the order typed, without empty ones."""
    terms = []
    for phrase, word in _WORD.findall(query):
        term = (phrase or word).strip()
        if term:
            terms.append(term)
    return terms


def match_spans(text: str, typed: str) -> list[tuple[int, int]]:
    """Where the typed words occur in ``text`` (start, end), merged and in order: what the window marks.

    The index matches every word anywhere, ignoring case (trigrams, or LIKE for short words), so
    a case-insensitive substring search finds exactly the places that made the item match.
    """
    folded = text.casefold()
    if len(folded) != len(text):  # a character whose case-fold changes length: fall back to lower()
        folded = text.lower()
    spans: list[tuple[int, int]] = []
    for term in {t.casefold() for t in split_terms(typed)}:
        start = folded.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = folded.find(term, start + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def patterns(typed: str) -> tuple[str | None, list[str], list[str]]:
    """:func:`fts_match`, :func:`like_patterns` and :func:`term_patterns` of ``typed``, its words split once
    (a keystroke's query is parsed in a few microseconds, not three times over)."""
    terms = split_terms(typed)
    long_terms = [t for t in terms if len(t) >= 3]
    return (" AND ".join(_quote(t) for t in long_terms) or None, [_like(t) for t in terms if len(t) < 3],
            [_like(t) for t in long_terms])


def fts_match(typed: str) -> str | None:
    """The FTS5 MATCH expression for the words of three letters or more, or None if there are none."""
    long_terms = [t for t in split_terms(typed) if len(t) >= 3]
    return " AND ".join(_quote(t) for t in long_terms) or None


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def term_patterns(typed: str) -> list[str]:
    """ILIKE patterns (escaped with a backslash) for the words of three letters or more: what the
    trigram index answers on PostgreSQL, the same question FTS5's trigram MATCH answers on SQLite."""
    return [_like(t) for t in split_terms(typed) if len(t) >= 3]


def like_patterns(typed: str) -> list[str]:
    """LIKE patterns (escaped with a backslash) for the words too short for the trigram index."""
    return [_like(t) for t in split_terms(typed) if len(t) < 3]


# Filter columns that are compared for equality, in a fixed order (the shape's bits follow it).
EQUAL_FILTERS = ("area_key", "polarity", "source", "created_by", "case_id", "grade", "inspectorate", "ref")


@dataclass(frozen=True)
class Shape:
    """Which parts a query over one inspection's evidence has; its SQL is compiled once per shape."""

    searching: bool  # a word of three letters or more: the full-text index drives the query
    long_words: int  # how many (PostgreSQL binds each as ``term_N``; SQLite's MATCH takes them all at once)
    short_words: int  # words matched with LIKE
    equal: tuple[str, ...]  # EQUAL_FILTERS that are set
    descriptor: bool
    count: bool  # count the matches instead of listing their ids
    limited: bool
    # Without a search, the listing is read a window at a time (the evidence view's pages of ids):
    offset: bool = False  # skip the first :offset rows
    reverse: bool = False  # oldest first: a window near the end is read from that end
    before: bool = False  # only rows listed before (:seen_on, :evidence_id): counting them is a row's position
    exact_range: bool = False  # no other inspection's item lies in this one's id range (see :func:`run`)


def _statement(shape: Shape, dialect: str) -> Select[Any]:
    order: Any = None
    if shape.searching:
        query, order = engines.ops(dialect).text_search(shape.long_words, reads_row(shape), shape.exact_range)
    else:
        query = select(Evidence.id).where(Evidence.inspection_id == bindparam("inspection_id"))
    for n in range(shape.short_words):
        query = query.where(Evidence.text.ilike(bindparam(f"like_{n}"), escape="\\"))
    for name in shape.equal:
        query = query.where(Evidence.__table__.c[name] == bindparam(name))
    if shape.descriptor:
        each = engines.ops(dialect).json_list_values(Evidence.descriptors)
        query = query.where(select(each.c.value).where(each.c.value == bindparam("descriptor")).exists())
    if shape.before:  # newest seen first: listed before a row is later in (seen_on, id); a range of the index
        query = query.where(tuple_(Evidence.seen_on, Evidence.id) > tuple_(bindparam("seen_on"),
                                                                          bindparam("evidence_id")))
    if shape.count:  # the same FROM and WHERE, counted in place (a subquery would hide the covering index)
        return query.with_only_columns(func.count(), maintain_column_froms=True)
    if shape.searching:
        query = query.order_by(order.desc())
    elif shape.short_words:
        query = query.order_by(Evidence.id.desc())
    elif shape.reverse:
        query = query.order_by(Evidence.seen_on.asc(), Evidence.id.asc())
    else:
        query = query.order_by(Evidence.seen_on.desc(), Evidence.id.desc())  # ix_evidence_inspection_seen
    if shape.limited:
        query = query.limit(bindparam("limit", literal_execute=False))
    if shape.offset:
        query = query.offset(bindparam("offset", literal_execute=False))
    return query


_FIXED = object()  # a parameter whose value is part of the statement (the "+ 0", LIMIT's OFFSET)


@lru_cache(maxsize=2)
def _dialect(name: str) -> Dialect:
    """The dialect to compile for, with positional markers as the drivers take them (bulk.driver_rows).

    Made when first asked: importing SQLAlchemy's PostgreSQL dialect costs ≈30 ms, which a laptop's first
    look at its evidence would otherwise wait for."""
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import psycopg

        return psycopg.dialect(paramstyle="format")  # type: ignore[no-untyped-call]
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()


@lru_cache(maxsize=256)
def compiled(shape: Shape, dialect: str = "sqlite") -> tuple[str, tuple[tuple[str, Any], ...]]:
    """The SQL for a shape and, in placeholder order, each parameter's name and its fixed value."""
    statement = _statement(shape, dialect).compile(dialect=_dialect(dialect))
    named = {"inspection_id", "fts_query", "descriptor", "limit", "offset", "seen_on", "evidence_id", *EQUAL_FILTERS,
             *(f"like_{n}" for n in range(shape.short_words)), *(f"term_{n}" for n in range(shape.long_words))}
    binds = [statement.binds[name] for name in statement.positiontup or ()]
    return statement.string, tuple((b.key, _FIXED if b.key in named else b.effective_value) for b in binds)


def reads_row(shape: Shape) -> bool:
    """Whether the query reads the evidence row itself (a filter on its columns), not only the index."""
    return bool(shape.short_words or shape.equal or shape.descriptor or shape.before)


def index_only(shape: Shape) -> bool:
    """Whether a query lists matches of the full-text index with nothing else to check (search as you type
    with no other filter): what ``Database.kept_reader`` answers on SQLite."""
    return shape.searching and not shape.count and not shape.offset and not reads_row(shape)


@lru_cache(maxsize=256)
def _with_range(shape: Shape, exact: bool) -> Shape:
    """The shape with ``exact_range`` set to ``exact``, made once per shape (``dataclasses.replace`` costs a
    few µs a keystroke)."""
    return replace(shape, exact_range=exact)


def run(connection: Connection, shape: Shape, values: dict[str, Any]) -> Sequence[Any]:
    """Rows of a shape's query, executed on the driver with ``values`` (plain SQL values).

    A full-text search that reads only the index first asks whether the inspection's id range holds
    anyone else's items; when it does not (the usual case) the search is the bare MATCH on the range.
    Both statements run in one read transaction, so a save in between cannot make the answer stale."""
    ways = engines.ops(connection)
    driver = connection.connection.driver_connection
    assert driver is not None
    exact = shape.searching and not reads_row(shape) and ways.name == "sqlite" and not driver.in_transaction
    if exact:
        driver.execute("BEGIN")
    try:
        if exact:
            shape = _with_range(shape, ways.range_is_exact(driver, values["inspection_id"]))
        sql, params = compiled(shape, connection.dialect.name)
        bound = tuple(values[name] if fixed is _FIXED else fixed for name, fixed in params)
        return bulk.driver_rows(connection, sql, bound)  # the driver's tuples: no result object per row
    finally:
        if exact:
            driver.execute("COMMIT")  # a read: ends the snapshot
