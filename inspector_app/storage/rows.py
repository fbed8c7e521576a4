"""Rows as they travel: keyed by UUID (integer ids differ on every laptop), hashed by content.

Each entity lists its foreign keys, which become ``<name>_uuid`` fields in a bundle, and its
natural key where two laptops can create "the same" row independently (one judgement per area).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, Table, Text, select
from sqlalchemy.orm import Session
from sqlalchemy.types import Enum as SAEnum

from inspector_app.domain.refs import ENTITY_LABELS
from inspector_app.storage.base import Base, UTCDateTime
from inspector_app.storage.models import KnownVersion

UNHASHED = {"updated_at", "updated_by", "ref"}
"""Not part of what a row says: who touched it last, when, and an evidence item's reference (given once where
the item is created and never changed, so versions hashed before references existed still match)."""


@dataclass(frozen=True)
class Entity:
    name: str  # table name, used in bundles
    fks: dict[str, str] = field(default_factory=dict)  # column -> referenced entity
    natural_key: tuple[str, ...] = ()
    merge_as_copy: bool = False  # "keep both" makes sense: a second copy is harmless

    @property
    def table(self) -> Table:
        return Base.metadata.tables[self.name]


ENTITIES: list[Entity] = [
    Entity("inspection"),
    Entity("team_member", {"inspection_id": "inspection"}),
    Entity("previous_judgement", {"inspection_id": "inspection"}, ("inspection_id", "area_key")),
    Entity("case_record", {"inspection_id": "inspection"}),
    Entity("tracking_note", {"case_id": "case_record"}, merge_as_copy=True),
    Entity("record_audit", {"case_id": "case_record"}, merge_as_copy=True),
    Entity("evidence", {"inspection_id": "inspection", "case_id": "case_record", "record_audit_id": "record_audit"},
           merge_as_copy=True),
    Entity("attachment", {"evidence_id": "evidence"}),
    Entity("judgement", {"inspection_id": "inspection"}, ("inspection_id", "area_key")),
    Entity("finding", {"inspection_id": "inspection"}, merge_as_copy=True),
    Entity("finding_evidence", {"finding_id": "finding", "evidence_id": "evidence"}, ("finding_id", "evidence_id")),
    Entity("grade_proposal", {"inspection_id": "inspection"}, ("inspection_id", "area_key", "inspector")),
    Entity("moderation_session", {"inspection_id": "inspection"}, ("inspection_id",)),
    Entity("moderation_decision", {"inspection_id": "inspection"}, ("inspection_id", "area_key")),
    Entity("publication", {"inspection_id": "inspection"}, ("inspection_id",)),
    Entity("recommendation_progress", {"inspection_id": "inspection"}, ("recommendation_uuid", "inspection_id")),
    Entity("escalation_notice", {"case_id": "case_record"}),
    Entity("qa_comment", {"inspection_id": "inspection"}),
    Entity("qa_review", {"inspection_id": "inspection"}, ("inspection_id",)),
    Entity("good_practice", {"inspection_id": "inspection", "evidence_id": "evidence"}, ("evidence_id",)),
    Entity("case_study", {"inspection_id": "inspection"}, ("inspection_id",)),
]
OPTIONAL_ENTITIES = frozenset({"grade_proposal", "moderation_session", "moderation_decision", "publication",
                               "recommendation_progress", "escalation_notice", "qa_comment", "qa_review",
                               "good_practice", "case_study"})
"""Tables added after bundle format 1 was first written: a bundle without them still imports."""
BY_NAME = {e.name: e for e in ENTITIES}
LABELS = ENTITY_LABELS  # how each table's rows are named to a person


def fk_field(column: str) -> str:
    return column.removesuffix("_id") + "_uuid"


def to_json_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


INT64 = 2**63


def from_json_value(table: Table, column: str, value: Any) -> Any:
    """Turn a bundle value back into what the column type expects, refusing anything else.

    SQLite would store a number in a text column without complaint, so every value is checked
    here; a ValueError names the column. The check for each column is worked out once (a merge
    converts hundreds of thousands of values).
    """
    if value is None:
        return None
    return _converter(table, column)(value)


def _wrong(table: Table, column: str) -> ValueError:
    return ValueError(f"{table.name}.{column} holds a value of the wrong kind")


@cache
def _converter(table: Table, column: str) -> Callable[[Any], Any]:
    col_type = table.c[column].type

    def parsed(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def convert(value: Any) -> Any:
            try:
                return parse(value)
            except (TypeError, ValueError):
                raise _wrong(table, column) from None
        return convert

    def checked(ok: Callable[[Any], bool]) -> Callable[[Any], Any]:
        def convert(value: Any) -> Any:
            if ok(value):
                return value
            raise _wrong(table, column)
        return convert

    if isinstance(col_type, UTCDateTime):
        return parsed(datetime.fromisoformat)
    if isinstance(col_type, Date):
        return parsed(date.fromisoformat)
    if isinstance(col_type, SAEnum) and col_type.enum_class is not None:
        return parsed(col_type.enum_class)
    if isinstance(col_type, JSON):
        return checked(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v))
    if isinstance(col_type, Boolean):
        return checked(lambda v: isinstance(v, bool))
    if isinstance(col_type, Integer):
        return checked(lambda v: isinstance(v, int) and not isinstance(v, bool) and -INT64 <= v < INT64)
    if isinstance(col_type, String | Text):
        limit = None if col_type.length is None else col_type.length * 4
        return checked(lambda v: isinstance(v, str) and (limit is None or len(v) <= limit))
    return checked(lambda _v: False)


LATE_COLUMNS = frozenset({"inspectorate"})
"""Columns added to existing tables later: left out of a row while empty, so the row's content hash (and so
merging with laptops that have not upgraded yet) is exactly as before."""


def serialise(entity: Entity, values: dict[str, Any], uuid_of: dict[str, dict[int, str]]) -> dict[str, Any]:
    """A row as a bundle stores it: no integer ids, references by UUID, attachment bytes aside."""
    out: dict[str, Any] = {}
    for column, value in values.items():
        if column == "id" or column == "data" or (column in LATE_COLUMNS and value is None):
            continue
        if column in entity.fks:
            out[fk_field(column)] = uuid_of[entity.fks[column]].get(value) if value is not None else None
        else:
            out[column] = to_json_value(value)
    return out


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False).encode  # as json.dumps with these options


def content_hash(row: dict[str, Any]) -> str:
    """The hash of what a row says (not who last touched it or when), for comparing versions."""
    relevant = {k: v for k, v in row.items() if k not in UNHASHED and not k.startswith("_")}
    return hashlib.sha256(_CANONICAL(relevant).encode()).hexdigest()


def known_versions(session: Session, row_uuids: list[str]) -> dict[str, set[str]]:
    known: dict[str, set[str]] = {}
    for start in range(0, len(row_uuids), 500):
        chunk = row_uuids[start:start + 500]
        for row_uuid, digest in session.execute(
            select(KnownVersion.row_uuid, KnownVersion.content_hash).where(KnownVersion.row_uuid.in_(chunk))
        ):
            known.setdefault(row_uuid, set()).add(digest)
    return known


def remember_versions(session: Session, pairs: list[tuple[str, str]]) -> None:
    """Record that these (row uuid, content hash) versions have been shared."""
    from inspector_app.storage import bulk

    bulk.execute_many(session, KnownVersion.__table__,  # type: ignore[arg-type]
                      [{"row_uuid": u, "content_hash": h} for u, h in pairs],
                      " ON CONFLICT (row_uuid, content_hash) DO NOTHING")


def uuid_maps(session: Session, names: list[str] | None = None) -> dict[str, dict[int, str]]:
    """Every row's uuid by id, per table: read on the session's connection with the driver, as plain
    tuples (a merge reads every table's, and SQLAlchemy's result rows cost more than the query)."""
    maps: dict[str, dict[int, str]] = {}
    from inspector_app.storage import bulk

    connection = session.connection()
    for entity in ENTITIES:
        if names is None or entity.name in names:
            maps[entity.name] = dict(bulk.driver_rows(connection, f'SELECT id, uuid FROM "{entity.table.name}"'))
    return maps


def row_history(session: Session, table_name: str, values: dict[str, Any]) -> list[str]:
    """The versions a row is known by: what was shared of it, plus what it says now."""
    entity = BY_NAME.get(table_name)
    if entity is None:
        return []
    needed = sorted(set(entity.fks.values()))
    current = content_hash(serialise(entity, values, uuid_maps(session, needed)))
    return sorted(known_versions(session, [values["uuid"]]).get(values["uuid"], set()) | {current})
