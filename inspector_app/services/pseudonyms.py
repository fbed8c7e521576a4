"""Children appear in exports as "Child A", "Child B" ..., never by case reference or initials.

Pseudonyms follow the order in which cases were added, so they are stable between exports of
the same database. Free text is scrubbed too: an inspector may have typed a case reference (or,
in a note on that case, the child's initials) into evidence.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from inspector_app.services.dto import CaseInfo


def letter_code(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, like spreadsheet columns."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rem] + letters
    return letters


class Pseudonymiser:
    def __init__(self, cases: Iterable[CaseInfo]) -> None:
        ordered = sorted(cases, key=lambda c: (c.id,))
        self._names = {c.id: f"Child {letter_code(i)}" for i, c in enumerate(ordered)}
        self._cases = {c.id: c for c in ordered}
        references = sorted((c.reference for c in ordered if c.reference), key=len, reverse=True)
        self._by_reference = {c.reference: self._names[c.id] for c in ordered}
        self._reference_pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(re.escape(r) for r in references) + r")(?![\w-])")
            if references else None
        )

    def name(self, case_id: int | None) -> str | None:
        return self._names.get(case_id) if case_id is not None else None

    def case(self, case_id: int) -> CaseInfo:
        return self._cases[case_id]

    def scrub(self, text: str, case_id: int | None = None) -> str:
        """Replace any case reference, and the linked child's initials, by pseudonyms."""
        if self._reference_pattern is not None:
            text = self._reference_pattern.sub(lambda m: self._by_reference[m.group(1)], text)
        if case_id is not None and case_id in self._cases:
            initials = self._cases[case_id].initials
            if initials:
                text = re.sub(rf"(?<!\w){re.escape(initials)}(?!\w)", self._names[case_id], text)
        return text

    def mapping(self) -> list[tuple[str, CaseInfo]]:
        return [(self._names[cid], case) for cid, case in self._cases.items()]
