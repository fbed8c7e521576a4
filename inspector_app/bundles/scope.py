"""A bundle may only touch its own inspection: every row, link, deletion and audit event.

Checked against the database before an import is planned: a row whose UUID is a row of another
inspection, a reference to another inspection's case or evidence, a tombstone for another
inspection's row (or for the inspection itself), or an audit event about another inspection's row
refuses the whole bundle. The refusal names the table, the row number and the field, never what
the field holds.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.domain.refs import ENTITY_LABELS
from inspector_app.services.validation import Problem
from inspector_app.storage import bulk
from inspector_app.storage.rows import ENTITIES, Entity, fk_field


class OutOfScope(Exception):
    """The bundle reaches outside its inspection; ``problem`` says where."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True)
class LocalRows:
    """UUIDs of this database's rows: all of them, and those belonging to the bundle's inspection."""

    everywhere: Mapping[str, frozenset[str]]
    owned: Mapping[str, frozenset[str]]

    def anywhere(self, row_uuid: str) -> bool:
        return any(row_uuid in uuids for uuids in self.everywhere.values())

    def owned_anywhere(self, row_uuid: str) -> bool:
        return any(row_uuid in uuids for uuids in self.owned.values())


def owned_clause(entity: Entity, inspection_id: int) -> Any:
    """A WHERE clause selecting the entity's rows that belong to the inspection."""
    t = entity.table
    tables = {e.name: e.table for e in ENTITIES}
    if entity.name == "inspection":
        return t.c.id == inspection_id
    if "inspection_id" in t.c:
        return t.c.inspection_id == inspection_id
    if "case_id" in t.c:
        cases = tables["case_record"]
        return t.c.case_id.in_(select(cases.c.id).where(cases.c.inspection_id == inspection_id))
    if entity.name == "attachment":
        ev = tables["evidence"]
        return t.c.evidence_id.in_(select(ev.c.id).where(ev.c.inspection_id == inspection_id))
    if entity.name == "finding_evidence":
        fi = tables["finding"]
        return t.c.finding_id.in_(select(fi.c.id).where(fi.c.inspection_id == inspection_id))
    raise AssertionError(entity.name)


def owned_maps(session: Session, inspection_id: int | None) -> dict[str, dict[int, str]]:
    """Each table's rows of the inspection, uuid by id: all a merge of that inspection needs (a bundle may
    only refer to its own inspection's rows), without reading the rest of an archive-sized store."""
    if inspection_id is None:
        return {e.name: {} for e in ENTITIES}
    maps: dict[str, dict[int, str]] = {}
    for e in ENTITIES:
        rows = session.execute(select(e.table.c.id, e.table.c.uuid).where(owned_clause(e, inspection_id))).all()
        maps[e.name] = {int(row[0]): str(row[1]) for row in rows}
    return maps


def mentioned(data: Mapping[str, Sequence[Mapping[str, Any]]]) -> set[str]:
    """Every UUID a bundle's data names: its rows, their references, its deletions, its events' rows."""
    out: set[str] = set()
    for e in ENTITIES:
        fields = [fk_field(c) for c in e.fks]
        for row in data.get(e.name, ()):
            out.add(row["uuid"])
            out.update(v for f in fields if isinstance(v := row.get(f), str))
    out.update(t["row_uuid"] for t in data.get("tombstones", ()))
    out.update(v for ev in data.get("audit", ()) if isinstance(v := ev.get("row_uuid"), str))
    return out


def local_rows(session: Session, inspection_id: int | None, among: set[str] | None = None) -> LocalRows:
    """Every UUID per table, and whether its row belongs to the inspection. With ``among`` (what a bundle
    mentions), rows of other inspections are looked up only for those UUIDs: the answers for anything the
    bundle names are the same, and a store of a million rows is not read whole."""
    if among is not None:
        return _local_rows_among(session, inspection_id, sorted(among))
    everywhere: dict[str, frozenset[str]] = {}
    owned: dict[str, frozenset[str]] = {}
    for e in ENTITIES:
        if inspection_id is None:
            everywhere[e.name], owned[e.name] = frozenset(session.scalars(select(e.table.c.uuid))), frozenset()
            continue
        rows: list[tuple[str, Any]] = [(str(u), mine) for u, mine in session.execute(
            select(e.table.c.uuid, owned_clause(e, inspection_id)))]
        everywhere[e.name] = frozenset(u for u, _mine in rows)
        owned[e.name] = frozenset(u for u, mine in rows if mine)
    return LocalRows(everywhere, owned)


def check_scope(data: Mapping[str, Sequence[Mapping[str, Any]]], inspection_uuid: str, local: LocalRows) -> None:
    """Raise :class:`OutOfScope` at the first thing in ``data`` that reaches outside the inspection."""
    incoming = {e.name: {r["uuid"] for r in data[e.name]} for e in ENTITIES}
    for index, row in enumerate(data["inspection"], 1):
        if row["uuid"] != inspection_uuid:
            raise OutOfScope(Problem("inspection", index, "uuid", "is not the inspection the bundle is for"))
    for entity in ENTITIES[1:]:
        name = entity.name
        seen: set[str] = set()
        for index, row in enumerate(data[name], 1):
            row_uuid = row["uuid"]
            if row_uuid in seen:
                raise OutOfScope(Problem(name, index, "uuid", "appears twice in the bundle"))
            seen.add(row_uuid)
            if row_uuid in local.everywhere[name] and row_uuid not in local.owned[name]:
                raise OutOfScope(Problem(name, index, "uuid", "is a row of another inspection"))
            for column, target in entity.fks.items():
                field = fk_field(column)
                ref = row.get(field)
                if target == "inspection":
                    if ref != inspection_uuid:
                        raise OutOfScope(Problem(name, index, field, "is not the inspection the bundle is for"))
                elif ref is None:
                    if not entity.table.c[column].nullable:
                        raise OutOfScope(Problem(name, index, field, "is missing"))
                elif not isinstance(ref, str):
                    raise OutOfScope(Problem(name, index, field, "is not a reference"))
                elif ref not in local.owned[target] and ref not in incoming[target]:
                    reason = (f"refers to a {ENTITY_LABELS[target]} of another inspection"
                              if ref in local.everywhere[target] else
                              f"refers to a {ENTITY_LABELS[target]} this database does not have: import the "
                              "sender's earlier bundles first, or ask for a full export")
                    raise OutOfScope(Problem(name, index, field, reason))
    for index, tomb in enumerate(data["tombstones"], 1):
        row_uuid = tomb["row_uuid"]
        if tomb["entity"] == "inspection" or row_uuid == inspection_uuid:
            raise OutOfScope(Problem("tombstone", index, "row_uuid", "would delete the inspection itself"))
        if local.anywhere(row_uuid) and row_uuid not in local.owned[tomb["entity"]]:
            raise OutOfScope(Problem("tombstone", index, "row_uuid", "deletes a row of another inspection"))
    for index, event in enumerate(data.get("audit", []), 1):
        row_uuid = event.get("row_uuid")
        if isinstance(row_uuid, str) and local.anywhere(row_uuid) and not local.owned_anywhere(row_uuid):
            raise OutOfScope(Problem("audit event", index, "row_uuid", "is about a row of another inspection"))


def _local_rows_among(session: Session, inspection_id: int | None, among: list[str]) -> LocalRows:
    everywhere: dict[str, frozenset[str]] = {}
    owned: dict[str, frozenset[str]] = {}
    connection = session.connection()
    named = json.dumps(among)  # one parameter for any number of UUIDs: each is looked up in the uuid index
    for e in ENTITIES:
        mine: frozenset[str] = frozenset()
        if inspection_id is not None:
            mine = frozenset(connection.scalars(select(e.table.c.uuid).where(owned_clause(e, inspection_id))))
        found = bulk.driver_rows(connection, f'SELECT uuid FROM "{e.table.name}" WHERE uuid IN '
                                             "(SELECT value FROM json_each(?))", (named,))
        owned[e.name], everywhere[e.name] = mine, mine | {str(row[0]) for row in found}
    return LocalRows(everywhere, owned)
