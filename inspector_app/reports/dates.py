"""Dates as British reports write them: "2 March 2026", "2 to 13 March 2026"."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_range(start: date, end: date) -> str:
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"
