"""Dates as British reports write them: "2 March 2026", "2 to 13 March 2026".

Month names come from a fixed English list, never from ``strftime("%B")``: the window's
``QApplication`` switches the process to the system locale, which would print "März" on a German
desktop.
"""

from __future__ import annotations

from datetime import date

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def month(day: date) -> str:
    return MONTHS[day.month - 1]


def month_year(day: date) -> str:
    """ "January 2025" """
    return f"{month(day)} {day.year}"


def long_date(day: date) -> str:
    return f"{day.day} {month_year(day)}"


def short_date(day: date) -> str:
    """ "2 Mar 2026", for dense tables. """
    return f"{day.day} {month(day)[:3]} {day.year}"


def date_range(start: date, end: date) -> str:
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {month(start)} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"
