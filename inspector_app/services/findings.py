"""Strengths, areas for improvement and recommendations, in order, with their evidence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from inspector_app.domain.enums import FindingKind
from inspector_app.domain.refs import ref_sort_key
from inspector_app.services import validation
from inspector_app.services.dto import FindingInfo
from inspector_app.services.workspace import (
    ValidationError,
    Workspace,
    get_or_404,
    reject_unknown,
    require_text,
)
from inspector_app.storage.models import Evidence, Finding, FindingEvidence, Inspection


def _info(row: Finding) -> FindingInfo:
    return FindingInfo(
        id=row.id, uuid=row.uuid, area_key=row.area_key, kind=row.kind, text=row.text,
        position=row.position, national_ref=row.national_ref,
        evidence_ids=tuple(sorted(link.evidence_id for link in row.evidence_links)),
        evidence_refs=tuple(sorted((link.evidence.ref for link in row.evidence_links), key=ref_sort_key)),
    )


def _siblings(session: Session, row: Finding) -> list[Finding]:
    query = select(Finding).where(
        Finding.inspection_id == row.inspection_id,
        Finding.kind == row.kind,
        Finding.area_key.is_(None) if row.area_key is None else Finding.area_key == row.area_key,
    )
    return list(session.scalars(query.order_by(Finding.position, Finding.id)))


def _link(session: Session, row: Finding, evidence_ids: Iterable[int]) -> None:
    wanted = list(dict.fromkeys(evidence_ids))
    if wanted:
        found = session.scalars(select(Evidence).where(Evidence.id.in_(wanted))).all()
        bad = [e.id for e in found if e.inspection_id != row.inspection_id]
        missing = set(wanted) - {e.id for e in found}
        if bad or missing:
            raise ValidationError("a linked piece of evidence is not part of this inspection")
    current = {link.evidence_id: link for link in row.evidence_links}
    for evidence_id, link in current.items():
        if evidence_id not in wanted:
            row.evidence_links.remove(link)
    for evidence_id in wanted:
        if evidence_id not in current:
            row.evidence_links.append(FindingEvidence(evidence_id=evidence_id))


def add_finding(
    ws: Workspace,
    inspection_id: int,
    *,
    kind: FindingKind,
    text: str,
    area_key: str | None = None,
    national_ref: str | None = None,
    evidence_ids: Iterable[int] = (),
) -> FindingInfo:
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        framework = ws.framework_of(inspection)
        if area_key is not None and not framework.has_area(area_key):
            raise ValidationError(f"{framework.short_name} has no judgement area {area_key!r}")
        if national_ref:
            try:
                framework.national_item(national_ref)
            except KeyError as exc:
                raise ValidationError(str(exc.args[0])) from None
        kind = FindingKind(kind)
        last = session.scalar(
            select(func.max(Finding.position)).where(
                Finding.inspection_id == inspection_id, Finding.kind == kind,
                Finding.area_key.is_(None) if area_key is None else Finding.area_key == area_key,
            )
        )
        row = Finding(
            inspection_id=inspection_id, area_key=area_key, kind=kind,
            text=require_text(text, "a finding"), position=(last or 0) + 1,
            national_ref=national_ref or None, evidence_links=[],
        )
        validation.require("finding", {"text": row.text, "national_ref": row.national_ref}, framework)
        session.add(row)
        _link(session, row, evidence_ids)
        session.flush()
        return _info(row)


def update_finding(ws: Workspace, finding_id: int, **changes: Any) -> FindingInfo:
    reject_unknown(changes, {"text", "national_ref", "evidence_ids"})
    with ws.db.session() as session:
        row = get_or_404(session, Finding, finding_id)
        if "text" in changes:
            row.text = require_text(changes["text"], "a finding")
            validation.require("finding", {"text": row.text})
        if "national_ref" in changes:
            ref = changes["national_ref"] or None
            if ref:
                try:
                    ws.framework_of(row.inspection).national_item(ref)
                except KeyError as exc:
                    raise ValidationError(str(exc.args[0])) from None
            row.national_ref = ref
        if "evidence_ids" in changes:
            _link(session, row, changes["evidence_ids"])
        session.flush()
        return _info(row)


def move_finding(ws: Workspace, finding_id: int, new_index: int) -> list[FindingInfo]:
    """Move a finding to ``new_index`` (0-based) among its siblings; returns them in order."""
    with ws.db.session() as session:
        row = get_or_404(session, Finding, finding_id)
        siblings = _siblings(session, row)
        siblings.remove(row)
        siblings.insert(max(0, min(new_index, len(siblings))), row)
        for position, sibling in enumerate(siblings, start=1):
            sibling.position = position
        session.flush()
        return [_info(s) for s in siblings]


def delete_finding(ws: Workspace, finding_id: int) -> None:
    from inspector_app.services import trash

    with ws.db.read_session() as session:
        row = get_or_404(session, Finding, finding_id)
        siblings = [s.id for s in _siblings(session, row) if s.id != row.id]
    trash.delete(ws, "finding", finding_id)
    with ws.db.session() as session:
        for position, sibling_id in enumerate(siblings, start=1):
            session.get_one(Finding, sibling_id).position = position


class AllAreas:
    """Marker for 'findings of every area', since None already means 'overall findings'."""


ALL_AREAS = AllAreas()


def list_findings(
    ws: Workspace,
    inspection_id: int,
    *,
    kind: FindingKind | None = None,
    area_key: str | AllAreas | None = ALL_AREAS,
) -> list[FindingInfo]:
    """Findings in order; ``area_key=None`` asks for overall ones, leaving it out asks for all."""
    query = select(Finding).options(
        selectinload(Finding.evidence_links).selectinload(FindingEvidence.evidence)).where(
        Finding.inspection_id == inspection_id
    )
    if kind is not None:
        query = query.where(Finding.kind == kind)
    if area_key is None:
        query = query.where(Finding.area_key.is_(None))
    elif isinstance(area_key, str):
        query = query.where(Finding.area_key == area_key)
    with ws.db.read_session() as session:
        rows = session.scalars(query.order_by(Finding.kind, Finding.area_key, Finding.position))
        return [_info(r) for r in rows]


def citing(ws: Workspace, evidence_id: int) -> list[FindingInfo]:
    """The findings that cite an evidence item, so deleting it can say what it would take away."""
    query = (select(Finding).options(selectinload(Finding.evidence_links).selectinload(FindingEvidence.evidence))
             .where(Finding.evidence_links.any(FindingEvidence.evidence_id == evidence_id))
             .order_by(Finding.kind, Finding.area_key, Finding.position))
    with ws.db.read_session() as session:
        return [_info(r) for r in session.scalars(query)]
