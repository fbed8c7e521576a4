"""An inspection's headline numbers read with the database driver alone, before SQLAlchemy is imported.

Starting the window, importing SQLAlchemy, its ORM and the mapping of every model takes most of a
second; the overview's five numbers take a few milliseconds to count. So the start-up reads them first,
through one read-only driver connection (``mode=ro``: it never writes the file, never migrates it and
never takes the writer's lock), and shows them while the rest loads. Anything in the way (an encrypted
file without its passphrase at hand, a schema without these tables, a busy or damaged file) gives None:
the window then reads the overview as it always has, once the database is properly opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from inspector_app.storage import cipher

# The same counts as services/overview.py's ORM queries: every row of the inspection, audits and notes by
# their case. Each is one count on an index (ix_evidence_inspection, the case_id indexes).
_NUMBERS = (
    "SELECT i.authority, i.start_date, i.end_date, "
    "(SELECT count(*) FROM case_record c WHERE c.inspection_id = i.id), "
    "(SELECT count(*) FROM record_audit a JOIN case_record c ON c.id = a.case_id WHERE c.inspection_id = i.id), "
    "(SELECT count(*) FROM evidence e WHERE e.inspection_id = i.id), "
    "(SELECT count(*) FROM tracking_note n JOIN case_record c ON c.id = n.case_id WHERE c.inspection_id = i.id) "
    "FROM inspection i WHERE i.id = ?")


def headline_numbers(path: Path, passphrase: str | None, inspection_id: int) -> tuple[Any, ...] | None:
    """(authority, start date, end date, cases, audits, evidence items, notes) as stored, or None when they
    cannot be read this way (see the module's docstring)."""
    try:
        plain = cipher.is_plain_sqlite(path)
    except OSError:
        return None
    if not plain and not passphrase:
        return None  # encrypted, and the passphrase will be asked for: nothing to show before that
    driver = cipher.dbapi()
    try:
        connection = cipher.keyed_connect(f"file:{url_quote(path.as_posix())}?mode=ro",
                                          None if plain else passphrase, uri=True)
    except (driver.Error, OSError):
        return None
    try:
        connection.execute("PRAGMA query_only=ON")
        row: tuple[Any, ...] | None = connection.execute(_NUMBERS, (inspection_id,)).fetchone()
        return row
    except driver.Error:  # not ours, damaged, a wrong passphrase, an older schema: the full open will say
        return None
    finally:
        connection.close()
