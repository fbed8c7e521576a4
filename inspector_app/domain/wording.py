"""Words for counts, so no screen says "1 areas"."""

from __future__ import annotations

_IRREGULAR = {"child's case": "children's cases", "child": "children", "summary": "summaries", "is": "are",
              "copy": "copies", "history entry": "history entries", "person": "people"}


def plural(count: int, word: str, many: str | None = None, *, thousands: bool = False) -> str:
    """``plural(1, "finding")`` is "1 finding", ``plural(3, "finding")`` "3 findings"; ``thousands`` writes
    "12,400 rows". Every count the app writes goes through here (tests/test_wording.py looks for others)."""
    shown = f"{count:,}" if thousands else str(count)
    if count == 1:
        return f"{shown} {word}"
    return f"{shown} {many or _IRREGULAR.get(word) or word + 's'}"
