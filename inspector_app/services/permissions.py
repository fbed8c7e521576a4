"""Who may change what on an inspection, checked for every write whatever asked for it.

The window disables what a person's role does not allow, but the rule lives here: the storage layer
runs :func:`check_flush` before every flush (``Database.write_guard``), so the command line, a
script or a window that forgot a check is refused the same way, with one sentence (a
:class:`~inspector_app.services.roles.RoleError`) and nothing saved.

- Once an inspection has a roster, someone it does not name (on the roster or the team list)
  changes nothing of it.
- A team inspector does not edit the inspection's details (dates, status, team, previous grades)
  or set judgements.
- A quality assurance reviewer writes only their QA comments and reviews.

Merging a bundle is checked by the importer instead (each sender's rows against the sender's
role), so an import's session is marked :func:`trusted`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.enums import TeamRole
from inspector_app.services import roles, roster
from inspector_app.services.qa import QA_ENTITIES
from inspector_app.services.roles import RoleError
from inspector_app.services.workspace import set_write_guard
from inspector_app.storage import audit
from inspector_app.storage.models import Inspection

TRUSTED = "roles_checked_by_caller"  # session.info key: the caller (a bundle merge) checks each row itself
DETAILS = frozenset({"inspection", "team_member", "previous_judgement"})
JUDGEMENTS = frozenset({"judgement"})
LEAD_ONLY = DETAILS | JUDGEMENTS
# The roster has its own rule (only its lead, by key: services/roster); tracked recommendations are copies of
# published findings that any reader's laptop derives (services/recommendations), nobody's change.
UNCHECKED = frozenset({"roster_member", "recommendation"})


def trusted(session: Session) -> None:
    """Mark a session whose writes the caller has checked row by row (a bundle merge)."""
    session.info[TRUSTED] = True


def check_flush(session: Session, also: Mapping[str, set[str]] | None = None) -> None:
    """Refuse the flush if the session's user may not make one of its changes (or of ``also``: rows written
    outside the unit of work, {inspection uuid: {table}}, see ``audit.insert_tracked``)."""
    if session.info.get(TRUSTED):
        return
    user = str(session.info.get("user", ""))
    touched = audit.inspections_touched(session) if also is None else {}
    for inspection_uuid, tables in (also or {}).items():
        touched.setdefault(inspection_uuid, set()).update(tables)
    for inspection_uuid, tables in touched.items():
        inspection_id = session.scalar(select(Inspection.id).where(Inspection.uuid == inspection_uuid))
        if inspection_id is not None:
            require_may_change(session, inspection_id, user, tables)


def require_may_change(session: Session, inspection_id: int, user: str, tables: Iterable[str]) -> None:
    """Raise RoleError if ``user`` may not add, change or delete rows of ``tables`` in this inspection."""
    wanted = set(tables) - UNCHECKED
    if not wanted:
        return
    everyone = roles.people(session, inspection_id)  # one look-up per flush: saving stays quick
    found = next((p for p in everyone if roles.same_person(p.name, user)), None)
    lead = next((p for p in everyone if p.role is TeamRole.LEAD), None)
    who = f" ({lead.name})" if lead is not None else ""
    if found is None:
        if roster.members(session, inspection_id):
            raise RoleError(f"{user.strip() or 'Someone with no name'} is not on this inspection's team roster, so "
                            f"nothing was changed: ask the lead inspector{who} to add you.")
        return  # no roster yet: a single inspector's own work (or a script) is not checked here
    if found.role is TeamRole.QA and wanted - QA_ENTITIES:
        raise RoleError(f"A quality assurance reviewer writes only QA comments and reviews, so nothing was changed; "
                        f"the lead inspector{who} makes other changes.")
    if found.role is TeamRole.TEAM and wanted & LEAD_ONLY:
        doing = "set judgements" if wanted & JUDGEMENTS else "edit the inspection's details"
        raise RoleError(f"Only the lead inspector{who} can {doing}; you are on this inspection as a team inspector.")


set_write_guard(check_flush)
