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
