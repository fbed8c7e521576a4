"""The plan as an iCalendar file the lead inspector can open in Outlook or any calendar.

Each dated item becomes an all-day event (a window spans its days); its UID is derived from the
authority and the item so that importing a newer file updates events instead of doubling them.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from inspector_app import __version__
from inspector_app.services.deadlines import AuthorityPlan


def _uid(authority: str, title: str) -> str:
    digest = hashlib.sha256(f"{authority.casefold()}|{title}".encode()).hexdigest()[:24]
    return f"{digest}@inspector-app"


def to_icalendar(plans: list[AuthorityPlan], now: datetime | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//Inspector App {__version__}//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Inspection deadlines and next activities")
    stamp = now or datetime.now(UTC)
    for p in plans:
        for item in p.items:
            if item.start is None or item.end is None:
                continue
            event = Event()
            event.add("uid", _uid(p.authority, item.title))
            event.add("dtstamp", stamp)
            prefix = "About: " if item.approximate else ""
            event.add("summary", f"{p.authority}: {prefix}{item.title}")
            event.add("dtstart", item.start)
            event.add("dtend", item.end + timedelta(days=1))
            event.add("description", item.basis)
            event.add("categories", [item.kind.value.replace("_", " ")])
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    blob: bytes = cal.to_ical()
    return blob


def export_icalendar(plans: list[AuthorityPlan], out: Path | str) -> Path:
    path = Path(out)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(to_icalendar(plans))
    tmp.replace(path)
    return path
