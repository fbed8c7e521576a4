"""Deciding whom a bundle comes from, and how far its audit events can be taken at their word.

The inspection's roster (set by the lead) names each member's key. A bundle signed by a key on it
is from that member; a bundle of an inspection this database does not have yet is trusted if its
signer is the lead on the roster it carries (the receiver checks the lead's fingerprint face to
face, as the import shows it). Anything else is signed by nobody on the roster: refused unless the
lead accepts it once.

Audit events cannot be re-signed one by one, so each is checked against who brought it: an event
naming another author than the key it claims, relayed by someone other than the lead, dated in the
future or before the inspection existed is kept but marked with the doubt, never shown as genuine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from inspector_app.bundles.signing import Signer
from inspector_app.domain.enums import TeamRole
from inspector_app.services import identity

FUTURE_SLACK = timedelta(hours=1)  # laptop clocks disagree a little
PAST_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Member:
    name: str
    role: TeamRole


@dataclass(frozen=True)
class SignerStatus:
    """Who signed a bundle, as this database can tell."""

    public_key: str | None
    claimed_name: str  # what the bundle says; only shown next to the fingerprint when not on the roster
    member: Member | None  # the roster's entry for the key, if any
    relay: bool = False  # brought by a sync from the regional store, over a connection its server authenticated

    @property
    def on_roster(self) -> bool:
        return self.member is not None or self.relay

    @property
    def is_lead(self) -> bool:
        """Whether it may relay others' work and set the roster: the lead, or the regional store (which only
        holds what roster members pushed to it, the roster as the lead last pushed it)."""
        return self.relay or (self.member is not None and self.member.role is TeamRole.LEAD)

    @property
    def fingerprint(self) -> str | None:
        return identity.fingerprint(self.public_key) if self.public_key else None

    def describe(self) -> str:
        if self.relay:
            return "From the regional store."
        if self.public_key is None:
            return "Not signed: the bundle was written by an older version of Inspector App."
        if self.member is not None:
            return f"Signed by {self.member.name} ({self.member.role.label.lower()}), key {self.fingerprint}."
        claimed = (f" The bundle says it is from “{self.claimed_name}” (claimed, not verified: only the "
                   "fingerprint, checked with that person face to face, says who it is)." if self.claimed_name.strip()
                   else "")
        return (f"Signed by a key that is not on this inspection's team roster: {self.fingerprint} "
                f"(check it with the sender face to face).{claimed}")


def roster_of(rows: Sequence[Mapping[str, Any]]) -> dict[str, Member]:
    return {r["public_key"]: Member(r["name"], TeamRole(r["role"])) for r in rows}


def status(signer: Signer | None, local_roster: Mapping[str, Member], carried_roster: Mapping[str, Member],
           new_inspection: bool) -> SignerStatus:
    """Against the local roster; for an inspection new here, against the roster the bundle carries if
    the bundle's signer is the lead on it (trust on first use, with the fingerprint shown)."""
    if signer is None:
        return SignerStatus(None, "", None)
    roster = local_roster
    if new_inspection and not local_roster:
        carried = carried_roster.get(signer.public_key)
        roster = carried_roster if carried is not None and carried.role is TeamRole.LEAD else {}
    return SignerStatus(signer.public_key, signer.name, roster.get(signer.public_key))


def event_doubts(events: Sequence[Mapping[str, Any]], signer: SignerStatus, roster: Mapping[str, Member],
                 not_before: datetime | None, now: datetime | None = None) -> list[str | None]:
    """For each event, why it cannot be taken at its word (``"; "``-joined), or None if it can."""
    now = now or datetime.now(UTC)
    out: list[str | None] = []
    for event in events:
        doubts: list[str] = []
        previous = event.get("doubt")
        if isinstance(previous, str) and previous:
            doubts.append(previous)
        claimed = event.get("signer") or signer.public_key
        if signer.relay:
            pass  # each event keeps the key of whoever first pushed it; the store relays it as it is
        elif signer.public_key is None:
            doubts.append("brought by an unsigned bundle")
        elif claimed != signer.public_key and not signer.is_lead:
            doubts.append("relayed by someone other than the lead")
        member = roster.get(claimed) if claimed else None
        if (signer.public_key is not None or signer.relay) and member is None:
            doubts.append("its signer is not on the team roster")
        elif member is not None and event.get("who") != member.name:
            doubts.append("it names another author than its signer")
        at = parse_time(event.get("at"))
        if at is None:
            doubts.append("its date is not a date")
        elif at > now + FUTURE_SLACK:
            doubts.append("it is dated in the future")
        elif not_before is not None and at < not_before - PAST_SLACK:
            doubts.append("it is dated before the inspection existed")
        out.append("; ".join(dict.fromkeys(doubts))[:200] if doubts else None)
    return out


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
