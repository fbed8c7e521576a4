"""Words for counts, so no screen says "1 areas"."""

from __future__ import annotations

_IRREGULAR = {"child's case": "children's cases", "child": "children", "summary": "summaries", "is": "are"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "finding")`` is "1 finding", ``plural(3, "finding")`` "3 findings"."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many or _IRREGULAR.get(word) or word + 's'}"
