"""Write England's bank holidays, as the ``holidays`` package gives them, to resources/calendars/.

    .venv/bin/python packaging/scripts/bank_holidays.py

``domain.working_days`` reads the file for the years it covers, so that counting working days (the
overview's days on site, shown by the start-up shell before anything heavy loads) does not wait for
the package's import (≈0.1 s: it imports every country's calendar). The package stays the source:
``tests/test_bank_holidays.py`` fails when the file and the installed package disagree (a new one-off
holiday after an upgrade), and this script writes the file again.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FIRST, LAST = 2000, 2045  # the years the file covers; any other year is asked of the package


def calendar() -> dict[str, object]:
    import holidays
    from holidays.countries.united_kingdom import UnitedKingdom

    days = UnitedKingdom(subdiv="ENG", years=range(FIRST, LAST + 1))  # type: ignore[no-untyped-call]
    return {"source": f"holidays {holidays.__version__}, UnitedKingdom(subdiv='ENG')", "first_year": FIRST,
            "last_year": LAST, "days": {day.isoformat(): name for day, name in sorted(days.items())}}


def main() -> int:
    from inspector_app.domain.working_days import CALENDAR

    path = ROOT / "resources" / Path(*CALENDAR)
    path.write_text(json.dumps(calendar(), indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
