"""Turns what a person types into an FTS5 query over evidence, safely.

The index uses the trigram tokenizer, which needs three characters; shorter words are matched
with LIKE instead, so the search box answers from the first keystroke.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, and_, literal_column, select, text

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


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def evidence_text_filter(query: str) -> ColumnElement[bool] | None:
    """A WHERE clause matching evidence whose text or tags contain every term typed."""
    terms = split_terms(query)
    if not terms:
        return None
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    clauses: list[ColumnElement[bool]] = []
    if long_terms:
        match = " AND ".join(_quote(t) for t in long_terms)
        fts = select(literal_column("rowid")).select_from(text("evidence_fts")).where(
            text("evidence_fts MATCH :fts_query").bindparams(fts_query=match)
        )
        clauses.append(Evidence.id.in_(fts.scalar_subquery()))
    for term in short_terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(Evidence.text.ilike(f"%{escaped}%", escape="\\"))
    return and_(*clauses)
