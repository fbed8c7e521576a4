"""Working days in England: weekdays that are not bank holidays.

Councils' deadlines after an inspection (the action plan 70 working days after publication, a
draft plan 20 working days after a focused visit with areas for priority action, a response to an
escalated child) are counted in working days. The bank holidays come from the ``holidays``
package's England calendar, which knows substitute days (Boxing Day observed on a Monday) and
one-off holidays (coronations, jubilees), so nobody keeps a hand-written list up to date.

Importing the package takes a tenth of a second (it imports every country's calendar), and the
start-up shell counts an inspection's days on site before anything heavy loads. So the years
2000–2045 are read from a copy of the package's England calendar in the resources
(``packaging/scripts/bank_holidays.py`` writes it; ``tests/test_bank_holidays.py`` fails when it and
the installed package disagree); other years, or a missing file, ask the package.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

CALENDAR = ("calendars", "england-bank-holidays.json")  # under the resources folder


@lru_cache(maxsize=1)
def _stored() -> tuple[int, int, dict[date, str]] | None:
    """(first year, last year, the bank holidays in them) from the resources, or None without the file."""
    import json

    from inspector_app import paths

    try:
        data = json.loads(paths.resource(*CALENDAR).read_text(encoding="utf-8"))
        return (int(data["first_year"]), int(data["last_year"]),
                {date.fromisoformat(day): str(name) for day, name in data["days"].items()})
    except (OSError, ValueError, KeyError, TypeError):  # FileNotFoundError is an OSError
        return None


@lru_cache(maxsize=128)
def _bank_holidays(year: int) -> dict[date, str]:
    stored = _stored()
    if stored is not None and stored[0] <= year <= stored[1]:
        return {day: name for day, name in stored[2].items() if day.year == year}
    # Imported by module, not through holidays' lazy registry, so a frozen build finds it; and only
    # when a year outside the stored ones is first counted.
    from holidays.countries.united_kingdom import UnitedKingdom

    return dict(UnitedKingdom(subdiv="ENG", years=year).items())  # type: ignore[no-untyped-call]


def bank_holiday(day: date) -> str | None:
    """The name of the bank holiday in England on ``day``, or None."""
    return _bank_holidays(day.year).get(day)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and bank_holiday(day) is None


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (the day after ``start`` may be the first).

    ``start`` itself never counts, whether or not it is a working day: a plan due "70 working
    days after publication" is counted from the next working day on.
    """
    if count < 0:
        raise ValueError("count working days forwards only")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (negative if before)."""
    if end < start:
        return -working_days_between(end, start)
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


def working_days_in(first: date, last: date) -> int:
    """How many working days there are from ``first`` to ``last``, both included: an inspection's days
    on site (Monday 7 to Friday 18 December is 10, not 12)."""
    return working_days_between(first - timedelta(days=1), last) if last >= first else 0


def working_day_number(first: date, day: date) -> int | None:
    """Which working day of a visit starting on ``first`` ``day`` is (1 for the first), or None when ``day``
    is before it or not a working day."""
    if day < first or not is_working_day(day):
        return None
    return working_days_in(first, day)
