"""Turns what a person types into an FTS5 query over evidence, safely.

The index uses the trigram tokenizer, which needs three characters; shorter words are matched
with LIKE instead, so the search box answers from the first keystroke.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Select, column, table, text

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


EVIDENCE_FTS = table("evidence_fts", column("rowid"))


def apply_text_search(query: Select[Any], typed: str) -> Select[Any]:
    """Narrow an evidence query to items whose text or tags contain every term typed.

    The FTS index drives the query (a join on its rowid), so a search reads only matching rows
    instead of checking every item of the inspection against the index.
    """
    terms = split_terms(typed)
    long_terms = [t for t in terms if len(t) >= 3]
    if long_terms:
        match = " AND ".join(_quote(t) for t in long_terms)
        query = query.join(EVIDENCE_FTS, EVIDENCE_FTS.c.rowid == Evidence.id).where(
            text("evidence_fts MATCH :fts_query").bindparams(fts_query=match))
    for term in (t for t in terms if len(t) < 3):
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Evidence.text.ilike(f"%{escaped}%", escape="\\"))
    return query
