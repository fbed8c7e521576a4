"""Who someone is on an inspection's team: the signed roster first, then the team list.

The lead keeps the roster (names, roles, signing keys); the team list recorded with the inspection
covers anyone the roster does not name yet. Services use this to decide who may open moderation,
settle grades, comment as a quality assurance reviewer or answer those comments.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.enums import TeamRole
from inspector_app.services import roster
from inspector_app.services.workspace import ValidationError, Workspace
from inspector_app.storage.models import TeamMember


@dataclass(frozen=True)
class Person:
    name: str
    role: TeamRole


def people(session: Session, inspection_id: int) -> list[Person]:
    found = [Person(m.name, m.role) for m in roster.members(session, inspection_id)]
    named = {p.name.strip().casefold() for p in found}
    found += [Person(m.name, m.role) for m in session.scalars(
        select(TeamMember).where(TeamMember.inspection_id == inspection_id).order_by(TeamMember.id))
        if m.name.strip().casefold() not in named]
    return found


def person(session: Session, inspection_id: int, user: str) -> Person | None:
    wanted = user.strip().casefold()
    return next((p for p in people(session, inspection_id) if p.name.strip().casefold() == wanted), None)


def lead(session: Session, inspection_id: int) -> Person | None:
    return next((p for p in people(session, inspection_id) if p.role is TeamRole.LEAD), None)


def same_person(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


class RoleError(ValidationError):
    """A change the person's role on the inspection does not allow (a permission error): one sentence to show.

    A ValidationError, so the window and the command line show it as the one line it is."""


def role_on(ws: Workspace, inspection_id: int, user: str) -> TeamRole | None:
    """The person's role on this inspection (roster first, then the team list), or None if not on it."""
    with ws.db.read_session() as session:
        found = person(session, inspection_id, user)
        return found.role if found is not None else None


def require_not_member_below_lead(session: Session, inspection_id: int, user: str, doing: str) -> None:
    """Refuse a lead's change to a team inspector or reviewer the inspection names.

    Someone the inspection does not name at all (a script, the command line on the lead's own
    laptop) is not refused here; the window treats such a person as a team inspector.
    """
    found = person(session, inspection_id, user)
    if found is None or found.role is TeamRole.LEAD:
        return
    lead_person = lead(session, inspection_id)
    who = f" ({lead_person.name})" if lead_person is not None else ""
    if found.role is TeamRole.QA:
        raise RoleError(f"A quality assurance reviewer reads the inspection but does not change it; only the lead "
                        f"inspector{who} can {doing}.")
    raise RoleError(f"Only the lead inspector{who} can {doing}; you are on this inspection as a team inspector.")
