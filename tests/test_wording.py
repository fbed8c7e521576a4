"""No count is written as "1 strengths" or "1 records shown": every f-string that puts a number before a
plural noun goes through ``domain.wording.plural`` (this test reads the source for any that does not)."""

from __future__ import annotations

import re
from pathlib import Path

from inspector_app.domain.wording import plural

SOURCE = Path(__file__).resolve().parents[1] / "inspector_app"
_COUNT_THEN_PLURAL = re.compile(r"\{([^{}]+?)\}\s([A-Za-z]+s)\b")
_NOT_NOUNS = {"is", "was", "has", "its", "this", "as", "us", "yes", "plus", "less", "across", "does", "goes",
              "always", "perhaps", "covers", "appears", "looks", "restores", "calls", "ms", "scripts", "needs",
              "follows", "makes", "asks", "holds"}  # verbs and units after a name, not counted nouns
_NOT_COUNTS = ("ENTITY_LABELS.get(",)  # a label before a noun, not a number


def _unplural_counts(text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        if 'f"' not in line and "f'" not in line:
            continue
        for match in _COUNT_THEN_PLURAL.finditer(line):
            expr, word = match.group(1).strip(), match.group(2)
            name = re.split(r"[:!]", expr)[0].split(".")[-1].strip()
            if (word.lower() in _NOT_NOUNS or "plural(" in expr or re.fullmatch(r"[A-Z_][A-Z0-9_]*", name)
                    or expr.startswith(_NOT_COUNTS)):
                continue
            found.append(f"{number}: {{{expr}}} {word}")
    return found


def test_every_count_before_a_plural_goes_through_the_helper():
    offenders = {str(p.relative_to(SOURCE)): hits for p in sorted(SOURCE.rglob("*.py"))
                 if "migrations" not in p.parts and "forms" not in p.parts
                 and (hits := _unplural_counts(p.read_text(encoding="utf-8")))}
    assert offenders == {}, "use domain.wording.plural for these counts"


def test_the_scan_finds_what_it_is_for_and_the_helper_agrees():
    assert _unplural_counts('x = f"{len(rows)} records shown"') == ["1: {len(rows)} records"]
    assert _unplural_counts('x = f"{plural(n, \'record\')} shown; more than {MAX_ROWS} rows"') == []
    assert plural(1, "record") == "1 record" and plural(2, "history entry") == "2 history entries"
    assert plural(12400, "row", thousands=True) == "12,400 rows" and plural(1, "person") == "1 person"
