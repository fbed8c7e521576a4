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

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from inspector_app.domain.enums import TeamRole
from inspector_app.services import roles, roster
from inspector_app.services.qa import QA_ENTITIES
from inspector_app.services.roles import RoleError
from inspector_app.services.workspace import set_write_guard
from inspector_app.storage import audit, bulk, save_memo
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


# Everyone an inspection names, by its uuid, in one driver query: the roster first (kind 0), then the team
# list (kind 1), each in its own order. A fast save (``audit.insert_tracked``) asks this once.
_PEOPLE = ("SELECT r.name, r.role, 0, r.id FROM roster_member r JOIN inspection i ON i.id = r.inspection_id "
           "WHERE i.uuid = ? UNION ALL SELECT t.name, t.role, 1, t.id FROM team_member t "
           "JOIN inspection i ON i.id = t.inspection_id WHERE i.uuid = ? ORDER BY 3, 4")


_ROLES = {role.value: role for role in TeamRole}  # a stored role as the enum, without Enum's call


def check_flush(session: Session, also: Mapping[str, set[str]] | None = None) -> None:
    """Refuse the flush if the session's user may not make one of its changes (or of ``also``: rows written
    outside the unit of work, {inspection uuid: {table}})."""
    if session.info.get(TRUSTED):
        return
    user = str(session.info.get("user", ""))
    if also is not None:
        check_writes(session.connection(), user, also)
        return
    touched = audit.inspections_touched(session)
    for inspection_uuid, tables in touched.items():
        inspection_id = session.scalar(select(Inspection.id).where(Inspection.uuid == inspection_uuid))
        if inspection_id is not None:
            require_may_change(session, inspection_id, user, tables)


def check_writes(connection: Connection, user: str, also: Mapping[str, set[str]]) -> None:
    """:func:`check_flush` for rows written outside the unit of work ({inspection uuid: {table}}), on the
    write's own connection (``Database.core_guard``, run by ``audit.insert_tracked``): nothing is pending
    in a session, so the driver reads who the inspection names, once per save."""
    for inspection_uuid, tables in also.items():
        if not set(tables) - UNCHECKED:
            continue
        memo = save_memo.current(connection)  # who it names, as the last save read them if nobody wrote since
        everyone, has_roster = memo.get(("people", inspection_uuid), _people, connection, inspection_uuid) \
            if memo is not None else _people(connection, inspection_uuid)
        _judge(everyone, has_roster, user, tables)


def _people(connection: Connection, inspection_uuid: str) -> tuple[list[roles.Person], bool]:
    """Everyone the inspection names (the roster first, then the rest of the team list), and whether it has
    a roster."""
    rows = bulk.driver_rows(connection, _PEOPLE, (inspection_uuid, inspection_uuid))
    named = {name.strip().casefold() for name, _role, kind, _id in rows if kind == 0}
    everyone = [roles.Person(name, _ROLES[role]) for name, role, kind, _id in rows
                if kind == 0 or name.strip().casefold() not in named]
    return everyone, bool(named)


def require_may_change(session: Session, inspection_id: int, user: str, tables: Iterable[str]) -> None:
    """Raise RoleError if ``user`` may not add, change or delete rows of ``tables`` in this inspection."""
    if not set(tables) - UNCHECKED:
        return
    everyone = roles.people(session, inspection_id)  # one look-up per flush: saving stays quick
    _judge(everyone, bool(roster.members(session, inspection_id)), user, tables)


def _judge(everyone: list[roles.Person], has_roster: bool, user: str, tables: Iterable[str]) -> None:
    """The rule itself, on everyone the inspection names (roster first, then the team list)."""
    wanted = set(tables) - UNCHECKED
    if not wanted:
        return
    found = next((p for p in everyone if roles.same_person(p.name, user)), None)
    lead = next((p for p in everyone if p.role is TeamRole.LEAD), None)
    who = f" ({lead.name})" if lead is not None else ""
    if found is None:
        if has_roster:
            raise RoleError(f"{user.strip() or 'Someone with no name'} is not on this inspection's team roster, so "
                            f"nothing was changed: ask the lead inspector{who} to add you.")
        return  # no roster yet: a single inspector's own work (or a script) is not checked here
    if found.role is TeamRole.QA and wanted - QA_ENTITIES:
        raise RoleError(f"A quality assurance reviewer writes only QA comments and reviews, so nothing was changed; "
                        f"the lead inspector{who} makes other changes.")
    if found.role is TeamRole.TEAM and wanted & LEAD_ONLY:
        doing = "set judgements" if wanted & JUDGEMENTS else "edit the inspection's details"
        raise RoleError(f"Only the lead inspector{who} can {doing}; you are on this inspection as a team inspector.")


set_write_guard(check_flush, check_writes)
