"""The team roster of an inspection: who is on it, in which role, with which public key.

The lead sets it; it travels in the lead's bundles. Importing uses it to name who signed a bundle
and to refuse one signed by nobody on it; the window uses :func:`role_of` to decide what a person
may do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.enums import TeamRole
from inspector_app.services import identity
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404
from inspector_app.storage import audit, evidence_refs
from inspector_app.storage.models import Inspection, RosterMember, TeamMember

MAX_MEMBERS = 50


@dataclass(frozen=True)
class RosterEntry:
    id: int
    name: str
    role: TeamRole
    public_key: str
    fingerprint: str
    added_by: str
    added_at: datetime


def _entry(row: RosterMember) -> RosterEntry:
    return RosterEntry(row.id, row.name, row.role, row.public_key, identity.fingerprint(row.public_key),
                       row.added_by, row.added_at)


def members(session: Session, inspection_id: int) -> list[RosterMember]:
    return list(session.scalars(select(RosterMember).where(RosterMember.inspection_id == inspection_id)
                                .order_by(RosterMember.id)))


def list_roster(ws: Workspace, inspection_id: int) -> list[RosterEntry]:
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        return [_entry(r) for r in members(session, inspection_id)]


def role_of(ws: Workspace, inspection_id: int, person: str) -> TeamRole | None:
    """The person's role on the inspection's roster, or None if they are not on it."""
    with ws.db.read_session() as session:
        role = session.scalar(select(RosterMember.role).where(RosterMember.inspection_id == inspection_id,
                                                              RosterMember.name == person.strip()))
        return role


def member_by_key(ws: Workspace, inspection_id: int, public_key: str) -> RosterEntry | None:
    with ws.db.read_session() as session:
        row = session.scalar(select(RosterMember).where(RosterMember.inspection_id == inspection_id,
                                                        RosterMember.public_key == public_key))
        return _entry(row) if row is not None else None


def _require_lead(session: Session, ws: Workspace, inspection_id: int) -> None:
    """Only a lead on the roster, signing with their own key on this laptop, may change it."""
    rows = members(session, inspection_id)
    if not rows:
        return
    key = identity.key_row(session, ws.user.strip()).public_key
    if not any(r.role is TeamRole.LEAD and r.public_key == key for r in rows):
        raise ValidationError("only the lead inspector can change the team roster")


def claim_lead(session: Session, inspection_id: int, person: str) -> None:
    """Put the person who creates an inspection on its empty roster as its lead, with their key."""
    if person.strip() and not members(session, inspection_id):
        key = identity.key_row(session, person.strip()).public_key
        session.add(RosterMember(inspection_id=inspection_id, name=person.strip(), role=TeamRole.LEAD,
                                 public_key=key, added_by=person.strip()))


def add_member(ws: Workspace, inspection_id: int, name: str, role: TeamRole, public_key: str) -> RosterEntry:
    """Add (or re-role) a member; the lead only, after checking the key's fingerprint face to face."""
    clean_name = " ".join(name.split())
    if not clean_name or len(clean_name) > 120:
        raise ValidationError("a team member needs a name of up to 120 characters")
    key = identity.parse_public_key(public_key)
    role = TeamRole(str(role))  # the value lookup, not a new member
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        claim_lead(session, inspection_id, ws.user)
        session.flush()
        _require_lead(session, ws, inspection_id)
        rows = members(session, inspection_id)
        same = next((r for r in rows if r.public_key == key), None)
        if any(r.name == clean_name and r is not same for r in rows):
            raise ValidationError(f"the roster already has a member called {clean_name}")
        _require_own_initials(session, inspection_id, clean_name, [r.name for r in rows if r is not same])
        if same is None and len(rows) >= MAX_MEMBERS:
            raise ValidationError(f"a roster holds at most {MAX_MEMBERS} people")
        if same is not None and same.role is TeamRole.LEAD and role is not TeamRole.LEAD and \
                sum(r.role is TeamRole.LEAD for r in rows) == 1:
            raise ValidationError("the roster needs a lead: make someone else lead first")
        row = same or RosterMember(inspection_id=inspection_id, public_key=key, added_by=ws.user)
        before = (row.name, row.role.value) if same is not None else None
        row.name, row.role = clean_name, role
        session.add(row)
        session.flush()
        _audit(session, ws, row, "update" if before else "create",
               {"name": [before[0], clean_name], "role": [before[1], role.value]} if before else
               {"name": clean_name, "role": role.value, "public_key": key})
        return _entry(row)


def _require_own_initials(session: Session, inspection_id: int, name: str, others: list[str]) -> None:
    """Each member numbers their evidence with their own letters (AA-1, AA-2…): refuse a member whose letters
    (their team entry's initials, else their name's) another member's already are, so two laptops can never
    give one reference to two items."""
    listed = session.execute(select(TeamMember.name, TeamMember.initials)
                             .where(TeamMember.inspection_id == inspection_id)).all()
    team = {n.strip().casefold(): i or "" for n, i in listed}
    people = {o.strip().casefold(): o for o in [*(n for n, _i in listed), *others]}
    prefix = evidence_refs.prefix_of(team, name)
    for key, shown in people.items():
        if key != name.strip().casefold() and evidence_refs.prefix_of(team, shown) == prefix:
            raise ValidationError(f"{shown} and {name} would both number their evidence {prefix}-1, {prefix}-2…: "
                                  "give them different initials on the inspection's team list first")


def remove_member(ws: Workspace, inspection_id: int, member_id: int) -> None:
    with ws.db.session() as session:
        _require_lead(session, ws, inspection_id)
        row = session.get(RosterMember, member_id)
        if row is None or row.inspection_id != inspection_id:
            raise ValidationError("that person is not on this inspection's roster")
        if row.role is TeamRole.LEAD and sum(r.role is TeamRole.LEAD for r in members(session, inspection_id)) == 1:
            raise ValidationError("the roster needs a lead: make someone else lead first")
        _audit(session, ws, row, "delete", {"name": row.name, "role": row.role.value, "public_key": row.public_key})
        session.delete(row)


def _audit(session: Session, ws: Workspace, row: RosterMember, action: str, changes: dict[str, object]) -> None:
    """Roster rows are not tracked by the flush hook (they are not merged like other rows): record them here."""
    inspection_uuid = session.scalar(select(Inspection.uuid).where(Inspection.id == row.inspection_id))
    audit.record(session, [audit.event(ws.user, action, "roster_member", row.uuid, inspection_uuid, changes)])


def add_bundle_signer(ws: Workspace, inspection_uuid: str, name: str, public_key: str) -> RosterEntry:
    """Put an unknown bundle signer on the roster of the inspection the bundle is for, as a team inspector,
    under the name the bundle claims (the lead has checked the fingerprint face to face): the lead only,
    recorded in the history like any roster change. The import is then planned again."""
    with ws.db.read_session() as session:
        inspection_id = session.scalar(select(Inspection.id).where(Inspection.uuid == inspection_uuid))
    if inspection_id is None:
        raise ValidationError("this bundle is for an inspection this database does not hold yet: import it "
                              "first, then add its sender on the Team view")
    return add_member(ws, inspection_id, name, TeamRole.TEAM, public_key)
