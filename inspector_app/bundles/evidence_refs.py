"""Evidence references (``AA-5``) arriving in a bundle: filled in for a bundle from before they existed,
and refused when one would name two different items of the inspection.

A reference is given once, on the laptop where its item is created, and never changes: an update from a
bundle keeps the reference held here. A bundle from a version without references (its rows have no
``ref``) gets them here the way a migration numbers existing items: the author's initials and the next
numbers of theirs, in creation order. A new item whose reference another item here already has (two
people numbering with the same initials) is refused, not renumbered: renumbering would give the item a
different reference here than on its author's laptop, the very confusion the references end
(docs/bundle-format.md, "Evidence references").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.refs import format_ref, ref_number, ref_prefix
from inspector_app.services.validation import repeated_references
from inspector_app.storage import evidence_refs
from inspector_app.storage.models import Evidence, EvidenceRefCounter


class RefClash(Exception):
    """A new item's reference is already another item's here; ``ref`` is that reference."""

    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.ref = ref


def _local(session: Session, inspection_id: int | None) -> dict[str, str]:
    if inspection_id is None:
        return {}
    return dict(session.execute(select(Evidence.uuid, Evidence.ref).where(Evidence.inspection_id == inspection_id))
                .all())


def _team(session: Session, inspection_id: int | None, bundle_team: Iterable[dict[str, Any]]) -> dict[str, str]:
    team: dict[str, str] = {}
    for row in bundle_team:
        if isinstance(row.get("name"), str):
            team[row["name"].strip().casefold()] = row.get("initials") or ""
    if inspection_id is not None:
        team.update(evidence_refs.team_initials(session.connection(), inspection_id))  # the team held here wins
    return team


def fill_and_check(session: Session, data: dict[str, Any], inspection_id: int | None) -> None:
    """Give every incoming evidence row its reference as it will be held here, then raise :class:`RefClash`
    if a new item's reference is another item's. Read-only: the counters move when the rows are written."""
    rows = data.get("evidence", [])
    local = _local(session, inspection_id)
    missing = [r for r in rows if not isinstance(r.get("ref"), str) or not r["ref"]]
    for row in missing:
        if row.get("uuid") in local:
            row["ref"] = local[row["uuid"]]
    missing = [r for r in missing if "ref" not in r or not r["ref"]]
    if missing:
        team = _team(session, inspection_id, data.get("team_member", []))
        counters: dict[str, int] = {}
        if inspection_id is not None:
            counters.update(session.execute(select(EvidenceRefCounter.prefix, EvidenceRefCounter.last).where(
                EvidenceRefCounter.inspection_id == inspection_id)).all())
        taken = [*local.values(), *(r["ref"] for r in rows if isinstance(r.get("ref"), str) and r["ref"])]
        highest: dict[str, int] = {}
        for row in sorted(missing, key=lambda r: (str(r.get("created_at")), str(r.get("uuid")))):
            author = row.get("created_by") if isinstance(row.get("created_by"), str) else ""
            prefix = ref_prefix(team.get(author.strip().casefold()), author)
            if prefix not in highest:
                highest[prefix] = max([counters.get(prefix, 0), *(ref_number(t, prefix) for t in taken)])
            highest[prefix] += 1
            row["ref"] = format_ref(prefix, highest[prefix])
    final = dict(local)  # each item's reference as it will be held here: the local one where there is one
    final.update((row["uuid"], row["ref"]) for row in rows if row.get("uuid") not in local
                 and isinstance(row.get("uuid"), str) and isinstance(row.get("ref"), str))
    repeated = repeated_references(final.values())  # the shared rule: unique within the inspection
    clash = next((row["ref"] for row in rows if row.get("uuid") not in local and row.get("ref") in repeated), None)
    if clash is not None:
        raise RefClash(clash)
