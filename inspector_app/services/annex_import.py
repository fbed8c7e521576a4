"""Reading a council's Annex A list (CSV or XLSX) into a preview, then importing it whole.

Two steps, so nothing is imported until the lead accepts: ``preview`` reads the file, maps its
headings to the app's fields (remembering each council's headings), reads every row and lists
what it cannot read by row number and reason; ``accept`` writes the rows in one transaction, so an
error or a cancel leaves nothing half-imported. Messages name rows, columns and problems, never a
value from the file: the lists hold children's identifiers and dates of birth.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import delete, insert, select

from inspector_app.domain.annex_a import (
    FIELD_BY_KEY,
    FIELDS,
    DateFormat,
    FieldType,
    annex_list,
    guess_field,
    normalise_heading,
    read_age,
    read_date,
    read_flag,
)
from inspector_app.domain.wording import plural
from inspector_app.services import permissions
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404
from inspector_app.storage.models import AnnexChild, AnnexHeading, AnnexImport, Inspection

MAX_BYTES = 100 * 1024 * 1024
BATCH = 5000
Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class AnnexProblem(StrEnum):
    TOO_BIG = "too_big"
    EMPTY = "empty"
    NO_ROWS = "no_rows"
    UNSUPPORTED = "unsupported"
    UNREADABLE = "unreadable"
    FORMULAS = "formulas"
    MERGED_CELLS = "merged_cells"
    DUPLICATE_HEADINGS = "duplicate_headings"


class AnnexFileError(ValidationError):
    """A file that cannot be read as a list at all; ``reason`` says why without parsing words."""

    def __init__(self, reason: AnnexProblem, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class ImportCancelled(Exception):
    """The person cancelled; nothing was imported."""


@dataclass(frozen=True)
class RowIssue:
    row: int
    reason: str


@dataclass
class AnnexPreview:
    inspection_id: int
    list_number: int
    source_name: str
    headings: list[str]
    mapping: dict[str, str | None]
    rows: list[dict[str, Any]] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    total_rows: int = 0

    @property
    def ready(self) -> bool:
        """Whether it can be accepted: the file-level problems (missing columns) are solved."""
        return not self.problems and bool(self.rows)

    def summary(self) -> str:
        name = annex_list(self.list_number).name
        return (f"List {self.list_number} ({name}): {len(self.rows)} of {plural(self.total_rows, 'row')} can be "
                f"imported, "
                f"{len(self.issues)} cannot be read")


@dataclass(frozen=True)
class RawTable:
    headings: list[str]
    rows: list[tuple[int, list[Any]]]


def _noop_progress(_fraction: float, _text: str) -> None:
    return None


def _never() -> bool:
    return False


def read_table(path: Path, progress: Progress = _noop_progress, cancelled: Cancelled = _never) -> RawTable:
    """The headings and rows of a CSV or of an XLSX workbook's first sheet."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AnnexFileError(AnnexProblem.UNREADABLE, f"{path.name} cannot be opened ({exc.strerror}).") from None
    if size > MAX_BYTES:
        raise AnnexFileError(AnnexProblem.TOO_BIG, f"{path.name} is {size // (1024 * 1024)} MB; a list can be at "
                             f"most {MAX_BYTES // (1024 * 1024)} MB. Export only the list's columns, or split it.")
    if size == 0:
        raise AnnexFileError(AnnexProblem.EMPTY, f"{path.name} is empty: export the list again from the council's "
                             "system.")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        table = _read_csv(path, size, progress, cancelled)
    elif suffix in (".xlsx", ".xlsm"):
        table = _read_xlsx(path, progress, cancelled)
    else:
        raise AnnexFileError(AnnexProblem.UNSUPPORTED, f"{path.name} is not a CSV or XLSX file: save the list as "
                             "CSV or as an Excel workbook (.xlsx).")
    if not any(h.strip() for h in table.headings):
        raise AnnexFileError(AnnexProblem.EMPTY, f"{path.name} has no headings on its first row: the list needs "
                             "one row of column headings.")
    counts = Counter(normalise_heading(h) for h in table.headings if h.strip())
    repeated = [h for h in table.headings if h.strip() and counts[normalise_heading(h)] > 1]
    if repeated:
        raise AnnexFileError(AnnexProblem.DUPLICATE_HEADINGS, "The heading " + repr(repeated[0]) + " appears more "
                             "than once: rename one of the columns.")
    if not table.rows:
        raise AnnexFileError(AnnexProblem.NO_ROWS, f"{path.name} has headings but no rows.")
    return table


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AnnexFileError(AnnexProblem.UNREADABLE, f"{path.name} is not text: save it as CSV (UTF-8).")


def _read_csv(path: Path, size: int, progress: Progress, cancelled: Cancelled) -> RawTable:
    text = _decode(path)
    if not text.strip():
        raise AnnexFileError(AnnexProblem.EMPTY, f"{path.name} is empty: export the list again.")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        headings = next(reader)
    except StopIteration:
        raise AnnexFileError(AnnexProblem.EMPTY, f"{path.name} is empty.") from None
    rows: list[tuple[int, list[Any]]] = []
    try:
        for values in reader:
            if any(v.strip() for v in values):
                rows.append((reader.line_num, values))
            if len(rows) % BATCH == 0:
                if cancelled():
                    raise ImportCancelled
                progress(min(0.5, 0.5 * len(rows) * 60 / max(size, 1)),
                         f"Read {plural(len(rows), 'row', thousands=True)}")
    except csv.Error:
        raise AnnexFileError(AnnexProblem.UNREADABLE, f"{path.name} is not a well-formed CSV near line "
                             f"{reader.line_num}: check for an unclosed quotation mark.") from None
    return RawTable([h.strip() for h in headings], rows)


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")


def _has_merged_cells(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                with archive.open(name) as handle:
                    tail = b""
                    while chunk := handle.read(1 << 20):
                        if _MERGE.search(tail + chunk):
                            return True
                        tail = chunk[-32:]
    return False


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _read_xlsx(path: Path, progress: Progress, cancelled: Cancelled) -> RawTable:
    from openpyxl import load_workbook

    try:
        if _has_merged_cells(path):
            raise AnnexFileError(AnnexProblem.MERGED_CELLS, f"{path.name} has merged cells: unmerge them (Home > "
                                 "Merge & Center > Unmerge Cells), keep one heading row, save and import again.")
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, AnnexFileError):
            raise
        raise AnnexFileError(AnnexProblem.UNREADABLE, f"{path.name} is not a readable Excel workbook: open it "
                             "in Excel and save it again as .xlsx.") from None
    try:
        sheet = book.worksheets[0]
        total = sheet.max_row or 0
        rows_iter: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        first = next(rows_iter, None)
        if first is None:
            raise AnnexFileError(AnnexProblem.EMPTY, f"{path.name} has an empty first sheet.")
        headings = ["" if v is None else str(v).strip() for v in first]
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(rows_iter, start=2):
            cells = list(values)
            for col, value in enumerate(cells):
                if isinstance(value, str) and value.startswith("="):
                    raise AnnexFileError(AnnexProblem.FORMULAS, f"{path.name} has formulas (the first at row "
                                         f"{number}, column {_column(col)}): copy the sheet and paste values only, "
                                         "save and import again.")
            if any(v is not None and str(v).strip() for v in cells):
                rows.append((number, cells))
            if number % BATCH == 0:
                if cancelled():
                    raise ImportCancelled
                progress(0.5 * number / max(total, 1), f"Read {plural(number, 'row', thousands=True)}")
        return RawTable(headings, rows)
    finally:
        book.close()


def remembered_headings(ws: Workspace, authority: str) -> dict[str, str | None]:
    key = authority.strip().casefold()
    with ws.db.read_session() as session:
        return {h: f for h, f in session.execute(
            select(AnnexHeading.heading, AnnexHeading.field).where(AnnexHeading.authority == key)).all()}


def propose_mapping(headings: list[str], remembered: Mapping[str, str | None]) -> dict[str, str | None]:
    """Each heading's field: what this council's heading meant last time, else the usual meaning."""
    mapping: dict[str, str | None] = {}
    taken: set[str] = set()
    for heading in headings:
        if not heading.strip():
            continue
        norm = normalise_heading(heading)
        choice = remembered[norm] if norm in remembered else guess_field(heading)
        if choice in taken:
            choice = None
        if choice:
            taken.add(choice)
        mapping[heading] = choice
    return mapping


def _cell(values: list[Any], index: int) -> Any:
    if index >= len(values):
        return None
    value = values[index]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def preview(ws: Workspace, inspection_id: int, path: Path | str, list_number: int, *,
            mapping: Mapping[str, str | None] | None = None, today: date | None = None,
            progress: Progress = _noop_progress, cancelled: Cancelled = _never) -> AnnexPreview:
    """Read the file and say what would be imported; nothing is written."""
    path = Path(path)
    annex_list(list_number)
    with ws.db.read_session() as session:
        authority = get_or_404(session, Inspection, inspection_id).authority
    today = today or date.today()
    table = read_table(path, progress, cancelled)
    chosen = dict(mapping) if mapping is not None else propose_mapping(table.headings,
                                                                        remembered_headings(ws, authority))
    unknown = [h for h in chosen if h not in table.headings]
    if unknown:
        raise ValidationError(f"The file has no column headed {unknown[0]!r}: choose the columns again.")
    result = AnnexPreview(inspection_id, list_number, path.name, table.headings, chosen, total_rows=len(table.rows))
    used = [k for k in chosen.values() if k]
    for k in used:
        if k not in FIELD_BY_KEY:
            raise ValidationError(f"{k!r} is not an Annex A field")
    for k in sorted({k for k in used if used.count(k) > 1}):
        result.problems.append(f"Two columns are mapped to {FIELD_BY_KEY[k].label}: map only one.")
    missing = [spec for spec in FIELDS if spec.required and spec.key not in used]
    for spec in missing:
        result.problems.append(f"No column holds the {spec.label}: choose which column it is, or export the list "
                               "with that column.")
    unread = [h for h in table.headings if h.strip() and not chosen.get(h)]
    if unread:
        result.warnings.append(f"{len(unread)} column(s) will not be imported: {', '.join(unread)}.")
    absent = [f.label for f in FIELDS if not f.required and f.key not in used]
    if absent:
        result.warnings.append(f"No column for: {', '.join(absent)}. The sample cannot spread across these.")
    unnamed = [i for i, h in enumerate(table.headings) if not h.strip()]
    if unnamed and any(_cell(v, i) is not None for _n, v in table.rows[:200] for i in unnamed):
        result.warnings.append(f"Column(s) {', '.join(_column(i) for i in unnamed)} have values but no heading "
                               "and will not be imported.")
    if missing:
        return result
    _read_rows(result, table, today, progress, cancelled)
    return result


def _read_rows(result: AnnexPreview, table: RawTable, today: date, progress: Progress, cancelled: Cancelled) -> None:
    index = {f: table.headings.index(h) for h, f in result.mapping.items() if f}
    formats: dict[str, Counter[DateFormat]] = {}
    first_row_of: dict[tuple[str, DateFormat], int] = {}
    one_row_per_child = result.list_number in (6, 7, 8, 9, 10)
    seen: dict[tuple[str, date | None] | str, int] = {}
    total = len(table.rows)
    for n, (row_number, values) in enumerate(table.rows):
        if n % BATCH == 0:
            if cancelled():
                raise ImportCancelled
            progress(0.5 + 0.5 * n / max(total, 1), f"Checked {n:,} of {plural(total, 'row', thousands=True)}")
        record: dict[str, Any] = {"row_number": row_number}
        problem = None
        for key, col in index.items():
            spec = FIELD_BY_KEY[key]
            raw = _cell(values, col)
            heading = table.headings[col]
            if raw is None:
                if spec.required:
                    problem = f"the {spec.label} ({heading}) is empty"
                    break
                record[key] = None
                continue
            value: Any
            try:
                if spec.type is FieldType.DATE:
                    value, form = read_date(raw)
                    formats.setdefault(heading, Counter())[form] += 1
                    first_row_of.setdefault((heading, form), row_number)
                elif spec.type is FieldType.AGE:
                    value = read_age(raw)
                elif spec.type is FieldType.FLAG:
                    value = read_flag(raw)
                else:
                    value = str(raw).strip()[:120]
                    if isinstance(raw, float) and raw.is_integer():
                        value = str(int(raw))
            except ValueError as exc:
                problem = f"{heading} {exc}"
                break
            record[key] = value
        if problem is None:
            problem = _check_row(record, today, index, table.headings)
        if problem is None:
            key_: tuple[str, date | None] | str = (record["council_id"] if one_row_per_child
                                                   else (record["council_id"], record.get("event_date")))
            if key_ in seen:
                what = "the same child" if one_row_per_child else "the same child and date"
                problem = f"repeats row {seen[key_]} ({what}); only the first is imported"
            else:
                seen[key_] = row_number
        if problem is not None:
            result.issues.append(RowIssue(row_number, problem))
        else:
            result.rows.append(record)
    for heading, counts in formats.items():
        if len(counts) > 1:
            parts = [f"{f.value} in {counts[f]} row(s) (first at row {first_row_of[(heading, f)]})" for f in counts]
            result.warnings.append(f"Dates in {heading} are written in {plural(len(counts), 'format')}: "
                                   f"{'; '.join(parts)}. "
                                   "Each was read as a date; check the preview's dates look right.")
    progress(1.0, result.summary())


def _check_row(record: dict[str, Any], today: date, index: Mapping[str, int], headings: list[str]) -> str | None:
    born = record.get("date_of_birth")
    unborn = record.get("age") == -1
    if born is not None and born > today and not unborn:
        return f"{headings[index['date_of_birth']]} is in the future (unborn children have age -1)"
    event = record.get("event_date")
    if event is not None and event > today:
        return f"{headings[index['event_date']]} is in the future"
    if born is not None and event is not None and event < born and not unborn:
        return f"{headings[index['event_date']]} is before the date of birth"
    return None


@dataclass(frozen=True)
class AnnexImportInfo:
    id: int
    list_number: int
    source_name: str
    row_count: int
    skipped_count: int


def accept(ws: Workspace, preview_: AnnexPreview, *, progress: Progress = _noop_progress,
           cancelled: Cancelled = _never) -> AnnexImportInfo:
    """Import the previewed rows in one transaction, replacing an earlier import of the same list."""
    if preview_.problems:
        raise ValidationError(preview_.problems[0])
    if not preview_.rows:
        raise ValidationError("There are no readable rows to import.")
    fields = [f.key for f in FIELDS]
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, preview_.inspection_id)
        permissions.require_may_change(session, inspection.id, ws.user, {"annex_import", "annex_child"})  # Core writes
        for old in session.scalars(select(AnnexImport).where(AnnexImport.inspection_id == inspection.id,
                                                             AnnexImport.list_number == preview_.list_number)):
            session.execute(delete(AnnexChild).where(AnnexChild.import_id == old.id))
            session.delete(old)
        row = AnnexImport(inspection_id=inspection.id, list_number=preview_.list_number,
                          source_name=preview_.source_name[:255], row_count=len(preview_.rows),
                          skipped_count=len(preview_.issues))
        session.add(row)
        session.flush()
        total = len(preview_.rows)
        for start in range(0, total, BATCH):
            if cancelled():
                raise ImportCancelled
            batch = [{"import_id": row.id, "inspection_id": inspection.id, "list_number": preview_.list_number,
                      "row_number": r["row_number"], **{f: r.get(f) for f in fields}}
                     for r in preview_.rows[start:start + BATCH]]
            session.execute(insert(AnnexChild), batch)
            progress(min(1.0, (start + len(batch)) / total), f"Imported {start + len(batch):,} of "
                                                             f"{plural(total, 'row', thousands=True)}")
        _remember(session, inspection.authority, preview_.mapping)
        return AnnexImportInfo(row.id, row.list_number, row.source_name, row.row_count, row.skipped_count)


def _remember(session: Any, authority: str, mapping: Mapping[str, str | None]) -> None:
    key = authority.strip().casefold()
    existing = {h.heading: h for h in session.scalars(select(AnnexHeading).where(AnnexHeading.authority == key))}
    for heading, field_key in mapping.items():
        norm = normalise_heading(heading)
        if not norm:
            continue
        if norm in existing:
            existing[norm].field = field_key
        else:
            session.add(AnnexHeading(authority=key, heading=norm, field=field_key))


def imports(ws: Workspace, inspection_id: int) -> list[AnnexImportInfo]:
    with ws.db.read_session() as session:
        return [AnnexImportInfo(r.id, r.list_number, r.source_name, r.row_count, r.skipped_count)
                for r in session.scalars(select(AnnexImport).where(AnnexImport.inspection_id == inspection_id)
                                         .order_by(AnnexImport.list_number))]
