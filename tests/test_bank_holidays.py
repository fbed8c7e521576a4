"""England's bank holidays read from the resources' copy of the ``holidays`` package's calendar."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

from inspector_app.domain import working_days

ROOT = Path(__file__).resolve().parents[1]


def test_the_stored_calendar_is_the_packages_own_for_every_year_it_covers() -> None:
    """After an upgrade of ``holidays`` that changes a day: run packaging/scripts/bank_holidays.py."""
    from holidays.countries.united_kingdom import UnitedKingdom

    stored = working_days._stored()
    assert stored is not None
    first, last, days = stored
    assert (first, last) == (2000, 2045)
    package = UnitedKingdom(subdiv="ENG", years=range(first, last + 1))  # type: ignore[no-untyped-call]
    assert days == dict(package.items())
    assert working_days._bank_holidays(2027) == dict(UnitedKingdom(subdiv="ENG", years=2027).items())  # type: ignore[no-untyped-call]


def test_days_on_site_are_counted_without_importing_the_package_and_other_years_ask_it() -> None:
    code = ("import sys; from datetime import date\n"
            "from inspector_app.domain.working_days import working_days_in\n"
            "print(working_days_in(date(2026, 12, 7), date(2027, 1, 8)), 'holidays' in sys.modules)\n"
            "print(working_days_in(date(2050, 12, 19), date(2050, 12, 30)), 'holidays' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # 25, 28 Dec (Boxing Day observed) and 1 Jan 2027; then 26 and 27 Dec 2050, from the package itself
    assert result.stdout.split() == ["22", "False", "8", "True"]
    assert working_days.bank_holiday(date(2050, 12, 26)) == "Boxing Day"
