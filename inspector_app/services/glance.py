"""The overview's headline numbers before the database is opened for work: what start-up shows first.

Opening a database for work means importing SQLAlchemy and the models, checking the schema, loading the
frameworks; the five numbers at the top of the overview need none of that. This module imports only
the driver-level read (``storage.glance``), so the window's shell can show the numbers a fraction of a
second after it paints, while the rest is still loading. The overview page then reads them again, with
everything else on it, through :func:`services.overview.overview`, which counts the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from inspector_app.domain.working_days import working_days_in
from inspector_app.storage.cipher import passphrase_from_env
from inspector_app.storage.glance import headline_numbers


@dataclass(frozen=True)
class Glance:
    """The top of an inspection's overview: who it is and its five numbers."""

    inspection_id: int
    authority: str
    days_on_site: int
    cases: int
    audits: int
    evidence: int
    notes: int


def glance(location: Path | str, inspection_id: int | None) -> Glance | None:
    """Inspection ``inspection_id``'s headline numbers in the database file at ``location``, read without
    opening it for work (no migration, no lock, no ORM); None for a store, an unknown inspection, an
    encrypted file whose passphrase is not in the environment, or anything else that stops a plain read."""
    if inspection_id is None or not isinstance(location, Path) or not location.is_file():
        return None
    row = headline_numbers(location, passphrase_from_env(), inspection_id)
    if row is None:
        return None
    authority, start, end, cases, audits, evidence, notes = row
    try:
        days = working_days_in(date.fromisoformat(str(start)), date.fromisoformat(str(end)))  # as the overview
    except ValueError:
        return None
    return Glance(inspection_id, str(authority), days, int(cases), int(audits), int(evidence), int(notes))
