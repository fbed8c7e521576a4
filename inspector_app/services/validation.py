"""What a row may hold: one set of rules for what the window saves and what a bundle brings.

The services call :func:`require` on the values they are about to save; the bundle importer calls
:func:`check_rows` on every incoming table before anything is written. Both read the same limits
(text and list lengths, control and bidirectional-override characters, plausible dates, required
fields) and the same framework rules (area keys, descriptors, grades), so an import cannot create
what the window cannot.

The checks work on plain mappings, column by column with compiled regular expressions and set
lookups, never on ORM objects: tens of thousands of imported rows are checked in a fraction of a
second. A :class:`Problem` names the table, the row number and the field, never the value, so a
refusal can be shown and logged without carrying a child's details.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, Table, Text
from sqlalchemy.types import Enum as SAEnum

from inspector_app.domain.framework import OVERALL_KEY, Framework
from inspector_app.domain.refs import ENTITY_LABELS, REF_PATTERN
from inspector_app.domain.wording import plural
from inspector_app.services.workspace import ValidationError
from inspector_app.storage.base import Base, UTCDateTime

LONG_TEXT = 20_000  # characters in a free-text field (a note, an evidence item, a rationale)
MAX_LIST = 100  # descriptors or tags on one item
MAX_LIST_ITEM = 120  # characters in one tag or descriptor key
EARLIEST = date(2000, 1, 1)  # nothing the app records happened before this
YEARS_AHEAD = 5  # nor is planned further ahead than this
# C0 controls but tab and newlines, DEL, and the bidirectional embeddings, overrides and isolates
_MULTI_LINE_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_ONE_LINE_BAD = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
BOOKKEEPING = frozenset({"id", "uuid", "data"})  # who and when are checked too: a bundle carries them

# Fields a person must fill in: empty (or only spaces) is refused.
REQUIRED_TEXT: dict[str, tuple[str, ...]] = {
    "inspection": ("authority", "framework_id", "framework_version"),
    "team_member": ("name",),
    "case_record": ("reference",),
    "tracking_note": ("text",),
    "evidence": ("text", "area_key", "ref"),
    "attachment": ("filename", "sha256"),
    "judgement": ("area_key",),
    "previous_judgement": ("area_key",),
    "finding": ("text",),
}


@dataclass(frozen=True)
class Problem:
    """What is wrong and where: a table, a row number (from 1) and a field; never the value itself."""

    entity: str
    row: int | None
    field: str
    reason: str

    def where(self) -> str:
        label = ENTITY_LABELS.get(self.entity, self.entity)
        at = f" {self.row}" if self.row is not None else ""
        return f"{label}{at}, field {self.field}"

    def __str__(self) -> str:
        return f"{self.where()}: {self.reason}"


@dataclass(frozen=True)
class _Column:
    name: str
    kind: str  # "text", "line", "date", "datetime", "enum", "list", "bool", "int", "fk"
    limit: int | None
    nullable: bool
    choices: frozenset[str] = frozenset()


@cache
def _columns(entity: str) -> tuple[_Column, ...]:
    """The rules for each column a person (or a bundle) can set, read from the table definition."""
    table: Table = Base.metadata.tables[entity]
    out = []
    for c in table.columns:
        if c.name in BOOKKEEPING:
            continue
        t = c.type
        if c.foreign_keys:
            out.append(_Column(c.name, "fk", None, bool(c.nullable)))
        elif isinstance(t, UTCDateTime):
            out.append(_Column(c.name, "datetime", None, bool(c.nullable)))
        elif isinstance(t, Date):
            out.append(_Column(c.name, "date", None, bool(c.nullable)))
        elif isinstance(t, SAEnum):
            out.append(_Column(c.name, "enum", None, bool(c.nullable), frozenset(t.enums)))
        elif isinstance(t, JSON):
            out.append(_Column(c.name, "list", MAX_LIST, bool(c.nullable)))
        elif isinstance(t, Boolean):
            out.append(_Column(c.name, "bool", None, bool(c.nullable)))
        elif isinstance(t, Integer):
            out.append(_Column(c.name, "int", None, bool(c.nullable)))
        elif isinstance(t, Text):  # before String: Text is a kind of String, without a length
            out.append(_Column(c.name, "text", LONG_TEXT, bool(c.nullable)))
        elif isinstance(t, String):
            out.append(_Column(c.name, "line", t.length, bool(c.nullable)))
    return tuple(out)


def text_problem(value: object, limit: int | None, *, multi_line: bool) -> str | None:
    """Why a text value cannot be saved, or None: wrong kind, too long, or hidden characters."""
    if not isinstance(value, str):
        return "is not text"
    if limit is not None and len(value) > limit:
        return f"is longer than {plural(limit, 'character')}"
    if (_MULTI_LINE_BAD if multi_line else _ONE_LINE_BAD).search(value):
        return "holds control or text-direction characters"
    return None


def _latest() -> date:
    today = datetime.now(UTC).date()
    return today.replace(year=today.year + YEARS_AHEAD) if not (today.month == 2 and today.day == 29) \
        else today + timedelta(days=365 * YEARS_AHEAD)


def as_date(value: object) -> date | None:
    """A date from a date or an ISO string, or None if it is neither."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) <= 40:
        try:
            return (datetime.fromisoformat(value).date() if "T" in value or " " in value
                    else date.fromisoformat(value))
        except ValueError:
            return None
    return None


def date_problem(value: object, *, with_time: bool = False) -> str | None:
    """Why a date cannot be right: not a date, before 2000 or years ahead."""
    if with_time:
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value) if len(value) <= 40 else None
            except ValueError:
                parsed = None
            if parsed is None or parsed.tzinfo is None:
                return "is not a date and time with its time zone"
        elif not isinstance(value, datetime):
            return "is not a date and time"
    day = as_date(value)
    if day is None:
        return "is not a date"
    if day < EARLIEST or day > _latest():
        return f"is not a plausible date (before {EARLIEST.year} or more than {YEARS_AHEAD} years ahead)"
    return None


def list_problem(value: object) -> str | None:
    if not isinstance(value, list | tuple):
        return "is not a list"
    if len(value) > MAX_LIST:
        return f"has more than {MAX_LIST} entries"
    for item in value:
        problem = text_problem(item, MAX_LIST_ITEM, multi_line=False)
        if problem:
            return f"has an entry that {problem}"
    return None


def _enum_problem(choices: frozenset[str]) -> Callable[[Any], str | None]:
    def problem(value: Any) -> str | None:
        return None if isinstance(value, str) and value in choices else "is not one of the allowed values"
    return problem


def _bool_problem(value: Any) -> str | None:
    return None if isinstance(value, bool) else "is not yes or no"


def _int_problem(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and -(2**31) <= value < 2**31
    return None if ok else "is not a whole number"


def _no_problem(_value: Any) -> str | None:
    return None


@cache
def _problem_of(column: _Column) -> Callable[[Any], str | None]:
    """The check of a (non-None) value of this column, chosen once per column: a save checks every column of
    its row, an import every column of tens of thousands."""
    kind = column.kind
    if kind in ("text", "line"):
        limit, multi_line = column.limit, kind == "text"
        return lambda value: text_problem(value, limit, multi_line=multi_line)
    if kind == "date":
        return date_problem
    if kind == "datetime":
        return lambda value: date_problem(value, with_time=True)
    if kind == "enum":
        return _enum_problem(column.choices)
    if kind == "list":
        return list_problem
    if kind == "bool":
        return _bool_problem
    if kind == "int":
        return _int_problem
    return _no_problem


@cache
def _checks(entity: str) -> tuple[tuple[str, Callable[[Any], str | None], bool, bool], ...]:
    """Per column a person can set (keys to other rows aside): its name, the check of its value, whether it
    may be None, and whether a complete row must carry it."""
    required = REQUIRED_TEXT.get(entity, ())
    return tuple((c.name, _problem_of(c), c.nullable, not c.nullable and c.name in required)
                 for c in _columns(entity) if c.kind != "fk")


def check_rows(entity: str, rows: Sequence[Mapping[str, Any]], framework: Framework | None = None, *,
               complete: bool = True, first_row: int = 1) -> Problem | None:
    """The first problem in the rows of one table, or None.

    ``complete`` rows must carry every required field (a new row, or a row in a bundle); otherwise
    only the fields present are checked (an edit). Values may be Python values or as a bundle
    writes them (ISO dates, enumeration values).
    """
    for name, problem_of, nullable, required in _checks(entity):
        for index, row in enumerate(rows):
            if name not in row:
                if complete and required:
                    return Problem(entity, index + first_row, name, "is missing")
                continue
            value = row[name]
            if value is None:
                if nullable:
                    continue
                problem: str | None = "is missing"
            else:
                problem = problem_of(value)
            if problem:
                return Problem(entity, index + first_row, name, problem)
    for name in REQUIRED_TEXT.get(entity, ()):
        for index, row in enumerate(rows):
            value = row.get(name)
            if (name in row or complete) and (not isinstance(value, str) or not value.strip()):
                return Problem(entity, index + first_row, name, "is empty")
    checker = _ENTITY_CHECKS.get(entity)
    if checker is not None:
        for index, row in enumerate(rows):
            found = checker(row, framework)
            if found:
                field, reason = found
                return Problem(entity, index + first_row, field, reason)
    return None


def _inspection(row: Mapping[str, Any], framework: Framework | None) -> tuple[str, str] | None:
    start, end = as_date(row.get("start_date")), as_date(row.get("end_date"))
    if start and end and end < start:
        return "end_date", "is before the first day on site"
    previous = as_date(row.get("previous_inspection_date"))
    if previous and start and previous >= start:
        return "previous_inspection_date", "is not before this inspection"
    visit = row.get("visit_number")
    if visit is not None and isinstance(visit, int) and not 1 <= visit <= 100:
        return "visit_number", "is not between 1 and 100"
    if framework is not None:
        if "kind" in row and row["kind"] not in {k.value for k in framework.kinds}:
            return "kind", f"is not a kind of visit {framework.short_name} covers"
        focus = row.get("focus_area")
        if focus and not framework.has_area(focus):
            return "focus_area", f"is not an area of {framework.short_name}"
    return None


def _area(row: Mapping[str, Any], framework: Framework | None, *, overall: bool = False,
          optional: bool = False) -> tuple[str, str] | None:
    if framework is None or "area_key" not in row:
        return None
    key = row["area_key"]
    if key is None and optional:
        return None
    if not (isinstance(key, str) and (framework.has_area(key) or (overall and key == OVERALL_KEY
                                                                  and framework.has_overall))):
        return "area_key", f"is not a judgement area of {framework.short_name}"
    return None


def _graded(row: Mapping[str, Any], framework: Framework | None) -> tuple[str, str] | None:
    if framework is not None and not framework.graded and row.get("grade") is not None:
        return "grade", f"is set, but {framework.short_name} is not graded"
    return None


def _evidence(row: Mapping[str, Any], framework: Framework | None) -> tuple[str, str] | None:
    ref = row.get("ref")
    if isinstance(ref, str) and ref.strip() and not REF_PATTERN.fullmatch(ref):
        return "ref", "is not a reference such as AA-5 (up to four capital letters, a hyphen, a number)"
    found = _area(row, framework) or _graded(row, framework)
    if found or framework is None or "descriptors" not in row:
        return found
    known = framework.area(row["area_key"]).descriptor_keys if "area_key" in row else None
    descriptors = row["descriptors"] or ()
    if known is not None and not set(descriptors) <= known:
        return "descriptors", "names a descriptor that does not belong to the area"
    if len(set(descriptors)) != len(descriptors):
        return "descriptors", "names a descriptor twice"
    return None


def _finding(row: Mapping[str, Any], framework: Framework | None) -> tuple[str, str] | None:
    found = _area(row, framework, optional=True)
    ref = row.get("national_ref")
    if found is None and framework is not None and ref and \
            ref not in {item.ref for item in framework.national_framework}:
        return "national_ref", f"is not an item of {framework.short_name}'s national framework"
    return found


def _attachment(row: Mapping[str, Any], framework: Framework | None) -> tuple[str, str] | None:
    digest = row.get("sha256")
    if isinstance(digest, str) and not re.fullmatch("[0-9a-f]{64}", digest):
        return "sha256", "is not a SHA-256 checksum"
    size = row.get("size")
    if isinstance(size, int) and not 0 <= size <= 50 * 1024 * 1024:
        return "size", "is not a plausible attachment size"
    return None


def _initials(row: Mapping[str, Any], framework: Framework | None) -> tuple[str, str] | None:
    initials = row.get("initials")
    if isinstance(initials, str) and (len(initials) > 4 or " " in initials):
        return "initials", "are more than four letters"
    return None


_ENTITY_CHECKS: dict[str, Any] = {
    "inspection": _inspection,
    "evidence": _evidence,
    "judgement": lambda row, fw: _area(row, fw, overall=True) or _graded(row, fw),
    "previous_judgement": lambda row, fw: _area(row, fw, overall=True),
    "finding": _finding,
    "attachment": _attachment,
    "case_record": _initials,
}


def repeated_references(references: Iterable[str]) -> set[str]:
    """The case (or evidence) references (as saved: without spaces at the ends) used by more than one
    case (item) of an inspection."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for reference in references:
        normal = reference.strip()
        (repeated if normal in seen else seen).add(normal)
    return repeated


def require(entity: str, values: Mapping[str, Any], framework: Framework | None = None, *,
            complete: bool = False) -> None:
    """Refuse values a person is about to save that break a rule; the message names the field."""
    plain = {k: (v.value if isinstance(v, Enum) else v) for k, v in values.items()}
    problem = check_rows(entity, [plain], framework, complete=complete)
    if problem is not None:
        raise ValidationError(f"{problem.field.replace('_', ' ')} {problem.reason}")


def stored_rows_check(registry: Any) -> Any:
    """An extra check for ``storage.integrity``: every stored row passes these rules, keys included.

    It reads each table once on the connection the integrity check holds and reports, per table,
    how many rows break a rule (never what they hold).
    """
    from inspector_app.storage.integrity import Finding
    from inspector_app.storage.rows import ENTITIES

    name = "every row keeps the app's rules (framework keys, lengths, dates, characters)"

    def check(connection: Any) -> list[Finding]:
        from inspector_app.storage import cipher

        try:
            return rows_findings(connection)
        except cipher.dbapi().Error as exc:  # a damaged page: say so, as the other checks do
            return [Finding(False, name, f"could not run: SQLite stopped with {type(exc).__name__}")]

    def rows_findings(connection: Any) -> list[Finding]:
        frameworks = {f"{fid}@{version}": registry.frameworks.get(f"{fid}@{version}") for fid, version, in
                      connection.execute("SELECT DISTINCT framework_id, framework_version FROM inspection")}
        owners = dict(connection.execute("SELECT id, framework_id || '@' || framework_version FROM inspection"))
        bad: dict[str, int] = {}
        for entity in ENTITIES:
            cursor = connection.execute(f"SELECT * FROM {entity.name}")
            names = [d[0] for d in cursor.description]
            for values in cursor:
                row = _stored(entity.name, dict(zip(names, values, strict=True)))
                framework = frameworks.get(owners.get(row.get("inspection_id") if entity.name != "inspection"
                                                      else row.get("id"), ""))
                if check_rows(entity.name, [row], framework) is not None:
                    bad[entity.name] = bad.get(entity.name, 0) + 1
        detail = ", ".join(f"{n} {ENTITY_LABELS.get(k, k)} rows" for k, n in bad.items())
        return [Finding(not bad, name, "yes" if not bad else f"no: {detail}")]

    return check


def _stored(entity: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row as SQLite hands it back, in the shapes the rules expect (JSON lists, booleans, aware times)."""
    import json

    for column in _columns(entity):
        value = row.get(column.name)
        if value is None:
            continue
        if column.kind == "list" and isinstance(value, str):
            try:
                row[column.name] = json.loads(value)
            except ValueError:
                row[column.name] = value
        elif column.kind == "bool" and isinstance(value, int):
            row[column.name] = bool(value)
        elif column.kind == "datetime" and isinstance(value, str):
            row[column.name] = value.replace(" ", "T") + ("" if "+" in value else "+00:00")
    return row
