"""Capturing, changing, finding and attaching files to evidence."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Table, func, select

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.domain.refs import REF_PATTERN
from inspector_app.frameworks import Framework
from inspector_app.services import search, validation
from inspector_app.services.dto import AttachmentInfo, EvidenceInfo
from inspector_app.services.workspace import (
    ValidationError,
    Workspace,
    get_or_404,
    not_found,
    reject_unknown,
    require_text,
)
from inspector_app.storage import audit, bulk, evidence_refs, save_memo
from inspector_app.storage.models import Attachment, Case, Evidence

_EVIDENCE = cast(Table, Evidence.__table__)
_SAVE_CONTEXT = ("SELECT i.uuid, i.framework_id, i.framework_version, t.name, t.inspectorate, t.initials "
                 "FROM inspection i "
                 "LEFT JOIN team_member t ON t.inspection_id = i.id WHERE i.id = ? ORDER BY t.id")
_EDITABLE = {"text", "source", "seen_on", "area_key", "descriptors", "polarity", "grade",
             "case_id", "record_audit_id", "tags", "inspectorate"}
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class EvidenceFilter:
    """What the evidence review is narrowed to; every field left as None matches all."""

    query: str = ""
    area_key: str | None = None
    descriptor: str | None = None
    polarity: Polarity | None = None
    source: EvidenceSource | None = None
    author: str | None = None
    case_id: int | None = None
    grade: Grade | None = None
    inspectorate: Inspectorate | None = None  # joint inspections: whose inspectors gathered it


def _info(row: Evidence, reference: str | None, attachments: int = 0) -> EvidenceInfo:
    return EvidenceInfo(
        id=row.id, uuid=row.uuid, inspection_id=row.inspection_id, text=row.text,
        source=row.source, seen_on=row.seen_on, area_key=row.area_key,
        descriptors=tuple(row.descriptors or ()), polarity=row.polarity, grade=row.grade,
        case_id=row.case_id, case_reference=reference, record_audit_id=row.record_audit_id,
        tags=tuple(row.tags or ()), author=row.created_by, created_at=row.created_at,
        updated_at=row.updated_at, attachment_count=attachments, inspectorate=row.inspectorate, ref=row.ref,
    )


def _clean_tags(tags: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = tag.strip().lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


_CASE_OF = "SELECT inspection_id FROM case_record WHERE id = ?"
_RECORD_OF = ("SELECT r.case_id, c.inspection_id FROM record_audit r JOIN case_record c ON c.id = r.case_id "
              "WHERE r.id = ?")
_REFERENCE = "SELECT reference FROM case_record WHERE id = ?"


def _validate(connection: Connection, framework: Framework, inspection_id: int, values: dict[str, Any]) -> None:
    """The item against its framework and inspection (the links read through the driver, on the write's own
    connection: a save is frequent)."""
    area_key = values["area_key"]
    if not framework.has_area(area_key):
        raise ValidationError(f"{framework.short_name} has no judgement area {area_key!r}")
    area = framework.area(area_key)
    known = area.descriptor_keys
    for key in values["descriptors"]:
        if key not in known:
            raise ValidationError(f"descriptor {key!r} does not belong to {area.short_name}")
    if values.get("grade") is not None and not framework.graded:
        raise ValidationError(f"{framework.short_name} is not graded: evidence cannot point to a grade")
    case_id = values.get("case_id")
    if case_id is not None:
        case = bulk.driver_rows(connection, _CASE_OF, (case_id,))
        if not case or case[0][0] != inspection_id:
            raise ValidationError("the linked case is not part of this inspection")
    audit_id = values.get("record_audit_id")
    if audit_id is not None:
        record = bulk.driver_rows(connection, _RECORD_OF, (audit_id,))
        if not record or record[0][1] != inspection_id:
            raise ValidationError("the linked record audit is not part of this inspection")
        if case_id is not None and record[0][0] != case_id:
            raise ValidationError("the linked record belongs to another case")
    validation.require("evidence", values, framework, complete=True)  # the rules an import obeys too


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if "text" in out:
        out["text"] = require_text(out["text"], "the evidence")
    if "source" in out:
        out["source"] = EvidenceSource(out["source"])
    if "polarity" in out:
        out["polarity"] = Polarity(out["polarity"])
    if out.get("grade") is not None:
        out["grade"] = Grade(out["grade"])
    if "descriptors" in out:
        out["descriptors"] = list(dict.fromkeys(out["descriptors"] or ()))
    if "tags" in out:
        out["tags"] = _clean_tags(out["tags"] or ())
    if out.get("inspectorate") is not None:
        out["inspectorate"] = Inspectorate(out["inspectorate"])
    return out


def add_evidence(
    ws: Workspace,
    inspection_id: int,
    *,
    text: str,
    area_key: str,
    polarity: Polarity,
    source: EvidenceSource,
    seen_on: date | None = None,
    descriptors: Sequence[str] = (),
    grade: Grade | None = None,
    case_id: int | None = None,
    record_audit_id: int | None = None,
    tags: Iterable[str] = (),
    inspectorate: Inspectorate | None = None,
) -> EvidenceInfo:
    """Record evidence; in a joint inspection it carries the inspectorate of whoever gathered it
    (their team entry's, unless given)."""
    values = _normalise(dict(
        text=text, area_key=area_key, polarity=polarity, source=source,
        seen_on=seen_on or date.today(), descriptors=descriptors, grade=grade, case_id=case_id,
        record_audit_id=record_audit_id, tags=tags, inspectorate=inspectorate,
    ))
    db = ws.db
    with db.write_connection() as connection:  # Core and the driver, no session: a save is frequent
        memo = save_memo.current(connection)  # the inspection's framework and team, as the last save read them
        team = memo.get(("save context", inspection_id), bulk.driver_rows, connection, _SAVE_CONTEXT,
                        (inspection_id,)) if memo is not None else \
            bulk.driver_rows(connection, _SAVE_CONTEXT, (inspection_id,))
        if not team:
            raise not_found(connection, "inspection", inspection_id)
        inspection_uuid, framework_id, framework_version = team[0][:3]
        if values["inspectorate"] is None:
            me = ws.user.strip().casefold()
            mine = next((inspectorate for *_, name, inspectorate, _initials in team
                         if name is not None and name.strip().casefold() == me), None)
            values["inspectorate"] = Inspectorate(mine) if mine is not None else None
        initials = {name.strip().casefold(): initials or "" for *_, name, _inspectorate, initials in team
                    if name is not None}
        values["ref"] = evidence_refs.next_ref(connection, inspection_id,
                                               evidence_refs.prefix_of(initials, db.user))
        _validate(connection, ws.framework_for(framework_id, framework_version), inspection_id, values)
        row = audit.insert_tracked(connection, _EVIDENCE, {"inspection_id": inspection_id, **values}, inspection_uuid,
                                   who=db.user, guard=db.core_guard)
        reference = bulk.driver_rows(connection, _REFERENCE, (row["case_id"],))[0][0] \
            if row["case_id"] is not None else None
        return EvidenceInfo(
            id=row["id"], uuid=row["uuid"], inspection_id=inspection_id, text=row["text"], source=row["source"],
            seen_on=row["seen_on"], area_key=row["area_key"], descriptors=tuple(row["descriptors"]),
            polarity=row["polarity"], grade=row["grade"], case_id=row["case_id"], case_reference=reference,
            record_audit_id=row["record_audit_id"], tags=tuple(row["tags"]), author=row["created_by"],
            created_at=row["created_at"], updated_at=row["updated_at"], attachment_count=0,
            inspectorate=row["inspectorate"], ref=row["ref"])


def update_evidence(ws: Workspace, evidence_id: int, **changes: Any) -> EvidenceInfo:
    reject_unknown(changes, _EDITABLE)
    values = _normalise(changes)
    with ws.db.session() as session:
        row = get_or_404(session, Evidence, evidence_id)
        merged = {key: getattr(row, key) for key in _EDITABLE} | values | {"ref": row.ref}
        if "area_key" in values and "descriptors" not in values and values["area_key"] != row.area_key:
            merged["descriptors"] = []
            values["descriptors"] = []
        _validate(session.connection(), ws.framework_of(row.inspection), row.inspection_id, merged)
        for key, value in values.items():
            setattr(row, key, value)
        session.flush()
        return _info(row, row.case.reference if row.case else None, len(row.attachments))


def delete_evidence(ws: Workspace, evidence_id: int) -> None:
    from inspector_app.services import trash

    trash.delete(ws, "evidence", evidence_id)


def _query(inspection_id: int, flt: EvidenceFilter, *, count: bool = False,
           limit: int | None = None) -> tuple[search.Shape, dict[str, Any]]:
    """The shape of the query a filter needs, and the plain SQL values it binds. A search that is an evidence
    reference ("AA-5", in any case) finds that item: one lookup on the inspection's unique key."""
    typed = flt.query.strip().upper()
    ref = typed if REF_PATTERN.fullmatch(typed) else None
    match, likes, terms = search.patterns("" if ref else flt.query)
    values: dict[str, Any] = {"inspection_id": inspection_id, "fts_query": match, "limit": limit,
                              "descriptor": flt.descriptor}
    values.update({f"like_{n}": pattern for n, pattern in enumerate(likes)})
    values.update({f"term_{n}": pattern for n, pattern in enumerate(terms)})
    wanted: dict[str, Any] = {"area_key": flt.area_key or None, "polarity": flt.polarity, "source": flt.source,
                              "created_by": flt.author, "case_id": flt.case_id, "grade": flt.grade,
                              "inspectorate": flt.inspectorate, "ref": ref}
    for name, value in wanted.items():
        values[name] = value.value if isinstance(value, Enum) else value
    shape = search.Shape(
        searching=match is not None, long_words=len(terms), short_words=len(likes),
        equal=tuple(n for n in search.EQUAL_FILTERS if wanted[n] is not None),
        descriptor=bool(flt.descriptor), count=count, limited=limit is not None and not count)
    return shape, values


def evidence_ids(
    ws: Workspace, inspection_id: int, flt: EvidenceFilter | None = None, limit: int | None = None
) -> list[int]:
    """The ids of matching evidence: cheap even for hundreds of thousands of rows.

    Without a search they come newest seen first (an index holds that order). With a search they
    come most recently recorded first, straight off the full-text index, and ``limit`` bounds the
    work: search-as-you-type asks for one screenful more than it shows, not for every match.
    """
    shape, values = _query(inspection_id, flt or EvidenceFilter(), limit=limit)
    if search.index_only(shape):  # search as you type: on the connection kept for it, when there is one
        with ws.db.kept_reader() as reader:
            if reader is not None:
                return reader.search(inspection_id, values["fts_query"], limit)
    with ws.db.read_connection() as connection:
        return [row[0] for row in search.run(connection, shape, values)]


def evidence_id_page(ws: Workspace, inspection_id: int, flt: EvidenceFilter, start: int, count: int,
                     total: int) -> list[int]:
    """The ids at positions ``start`` to ``start + count`` of an unsearched listing (newest seen first) of
    ``total`` rows: the evidence view reads the ids of the rows it paints, not all of them. A window
    nearer the end is read from that end of the index, so the last page of 100,000 costs what the
    first does."""
    end = min(start + count, total)
    if start >= end:
        return []
    from_end = total - end < start
    shape, values = _query(inspection_id, replace(flt, query=""), limit=end - start)
    shape = replace(shape, offset=True, reverse=from_end)
    values["offset"] = total - end if from_end else start
    with ws.db.read_connection() as connection:
        ids = [row[0] for row in search.run(connection, shape, values)]
    return ids[::-1] if from_end else ids


def evidence_position(ws: Workspace, inspection_id: int, flt: EvidenceFilter, evidence_id: int) -> int | None:
    """Where an item would be in the unsearched listing of ``flt`` (the rows listed before it), or None if it
    is not the inspection's; whether it matches the other filters is for the caller to see at that place."""
    shape, values = _query(inspection_id, replace(flt, query=""), count=True)
    with ws.db.read_connection() as connection:
        found = bulk.driver_rows(connection, "SELECT seen_on FROM evidence WHERE id = ? AND inspection_id = ?",
                                 (evidence_id, inspection_id))
        if not found:
            return None
        values.update(seen_on=found[0][0], evidence_id=evidence_id)
        return int(search.run(connection, replace(shape, before=True), values)[0][0])


def count_evidence(ws: Workspace, inspection_id: int, flt: EvidenceFilter | None = None) -> int:
    shape, values = _query(inspection_id, flt or EvidenceFilter(), count=True)
    with ws.db.read_connection() as connection:
        return int(search.run(connection, shape, values)[0][0])


_ROW_COLUMNS = ("id", "uuid", "inspection_id", "text", "source", "seen_on", "area_key", "descriptors", "polarity",
                "grade", "case_id", "record_audit_id", "tags", "created_by", "created_at", "updated_at", "inspectorate",
                "ref")


def evidence_rows(ws: Workspace, ids: Sequence[int]) -> list[EvidenceInfo]:
    """Full rows for a page of ids, in the order asked for (used for lazy table fetching).

    Read as plain columns (Core, no ORM objects in an identity map): the table fetches a page of
    200 as the view scrolls, and building mapped objects for them cost more than the query."""
    if not ids:
        return []
    attachments = (
        select(func.count(Attachment.id)).where(Attachment.evidence_id == Evidence.id).scalar_subquery()
    )
    columns = [Evidence.__table__.c[name] for name in _ROW_COLUMNS]
    query = (
        select(*columns, Case.reference, attachments)
        .outerjoin(Case, Evidence.case_id == Case.id)
        .where(Evidence.id.in_(list(ids)))
    )
    found: dict[int, EvidenceInfo] = {}
    with ws.db.read_connection() as connection:
        for row in connection.execute(query):
            values: tuple[Any, ...] = tuple(row)
            (id_, uuid, inspection_id, text, source, seen_on, area_key, descriptors, polarity, grade, case_id,
             record_audit_id, tags, author, created_at, updated_at, inspectorate, ref, reference, attached) = values
            found[id_] = EvidenceInfo(
                id=id_, uuid=uuid, inspection_id=inspection_id, text=text, source=source, seen_on=seen_on,
                area_key=area_key, descriptors=tuple(descriptors or ()), polarity=polarity, grade=grade,
                case_id=case_id, case_reference=reference, record_audit_id=record_audit_id,
                tags=tuple(tags or ()), author=author, created_at=created_at, updated_at=updated_at,
                attachment_count=attached or 0, inspectorate=inspectorate, ref=ref)
    return [found[i] for i in ids if i in found]


def find_evidence(
    ws: Workspace, inspection_id: int, flt: EvidenceFilter | None = None, limit: int | None = None
) -> list[EvidenceInfo]:
    ids = evidence_ids(ws, inspection_id, flt)
    return evidence_rows(ws, ids[:limit] if limit is not None else ids)


def get_evidence(ws: Workspace, evidence_id: int) -> EvidenceInfo:
    rows = evidence_rows(ws, [evidence_id])
    if not rows:
        raise ValidationError(f"evidence {evidence_id} does not exist")
    return rows[0]


def evidence_authors(ws: Workspace, inspection_id: int) -> list[str]:
    with ws.db.read_session() as session:
        return list(session.scalars(
            select(Evidence.created_by).where(Evidence.inspection_id == inspection_id)
            .distinct().order_by(Evidence.created_by)
        ))


def add_attachment(ws: Workspace, evidence_id: int, path: Path) -> AttachmentInfo:
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(f"{path.name} is larger than {MAX_ATTACHMENT_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror or exc}") from exc
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return add_attachment_bytes(ws, evidence_id, path.name, data, media_type)


def add_attachment_bytes(
    ws: Workspace, evidence_id: int, filename: str, data: bytes, media_type: str = "application/octet-stream"
) -> AttachmentInfo:
    row = Attachment(
        evidence_id=evidence_id, filename=require_text(filename, "the file name"),
        media_type=media_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data,
    )
    with ws.db.session() as session:
        get_or_404(session, Evidence, evidence_id)
        session.add(row)
        session.flush()
        return AttachmentInfo(row.id, evidence_id, row.filename, row.media_type, row.size, row.sha256)


def list_attachments(ws: Workspace, evidence_id: int) -> list[AttachmentInfo]:
    with ws.db.read_session() as session:
        rows = session.scalars(select(Attachment).where(Attachment.evidence_id == evidence_id))
        return [AttachmentInfo(r.id, r.evidence_id, r.filename, r.media_type, r.size, r.sha256) for r in rows]


def attachment_data(ws: Workspace, attachment_id: int) -> bytes:
    """The file's bytes, checked against the SHA-256 taken when it was attached."""
    with ws.db.read_session() as session:
        row = get_or_404(session, Attachment, attachment_id)
        data = row.data
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise ValidationError(f"{row.filename} is damaged: its checksum does not match")
        return data
