"""Synthetic Annex A lists for tests, benchmarks and the demo: never real children.

Identifiers look like ``SYN000123``; teams and workers are invented; ethnicity codes follow the
DfE codes with a plausible spread. Two heading styles imitate two councils' extract tools.
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from inspector_app.domain.annex_a import annex_list

STYLES: dict[str, dict[str, str]] = {
    "standard": {"council_id": "Child Unique ID", "gender": "Gender", "ethnicity": "Ethnicity",
                 "date_of_birth": "Date of Birth", "age": "Age", "disability": "Disability", "uasc": "UASC",
                 "team": "Allocated Team", "worker": "Allocated Worker", "legal_status": "Legal Status"},
    "northshire": {"council_id": "LA_CHILD_REF", "gender": "Sex", "ethnicity": "Ethnic Origin",
                   "date_of_birth": "DOB", "age": "Age (years)", "disability": "Disabled", "uasc": "UASC Flag",
                   "team": "Team Name", "worker": "Social Worker", "legal_status": "Latest Legal Status"},
}
ETHNICITY = (("WBRI", 62), ("WOTH", 6), ("MWBC", 6), ("MOTH", 4), ("AIND", 4), ("APKN", 5), ("BAFR", 5),
             ("BCRB", 3), ("CHNE", 1), ("OOTH", 2), ("REFU", 1), ("NOBT", 1))
TEAMS = ("North Area", "South Area", "East Area", "West Area", "Children in Care 1", "Children in Care 2",
         "Leaving Care", "Disabled Children")
LEGAL = {8: ("C2", "C1", "V2", "E1", "J2"), 7: ("Neglect", "Emotional", "Physical", "Multiple")}


def synthetic_rows(list_number: int, count: int, *, seed: int = 1, today: date = date(2026, 11, 2),
                   id_offset: int = 0, style: str = "standard") -> tuple[list[str], list[list[Any]]]:
    """Headings and rows of one list; lists 1 and 5 repeat some children (one row per event)."""
    info = annex_list(list_number)
    rng = random.Random(seed * 100 + list_number)
    names = STYLES[style]
    headings = [names[k] for k in ("council_id", "gender", "ethnicity", "date_of_birth", "age", "disability",
                                   "uasc", "team", "worker", "legal_status")] + [info.event.title()]
    workers = [f"Worker {n:03d}" for n in range(1, max(8, count // 18) + 1)]
    codes = [c for c, _w in ETHNICITY]
    weights = [w for _c, w in ETHNICITY]
    rows: list[list[Any]] = []
    repeats = list_number in (1, 5)
    low, high = {9: (17, 24), 8: (0, 17), 10: (0, 8)}.get(list_number, (-1, 17))
    for n in range(count):
        child = id_offset + (rng.randrange(max(1, int(count * 0.8))) if repeats else n)
        crng = random.Random(f"{seed}-{child}")
        age = crng.randint(low, high)
        born = today - timedelta(days=int((age + crng.random()) * 365.25)) if age >= 0 else \
            today + timedelta(days=crng.randint(10, 150))
        event = today - timedelta(days=rng.randint(1, 180))
        if age >= 0 and event < born:
            event = born + timedelta(days=1)
        team = TEAMS[crng.randrange(len(TEAMS))]
        legal = rng.choice(LEGAL.get(list_number, ("",)))
        rows.append([f"SYN{child:06d}", crng.choice(("M", "F")), crng.choices(codes, weights)[0],
                     born, age, crng.choice(("Y", "N", "N", "N", "N")), "Y" if crng.random() < 0.04 else "N",
                     team, workers[crng.randrange(len(workers))], legal, event])
    return headings, rows


def _text(value: Any, british: bool) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y") if british else value.isoformat()
    return str(value)


def write_csv(path: Path, headings: list[str], rows: list[list[Any]], *, british_dates: bool = False) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        writer.writerows([_text(v, british_dates) for v in row] for row in rows)
    return path


def write_xlsx(path: Path, headings: list[str], rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("List")
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path
