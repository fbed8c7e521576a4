"""Creating, changing and listing inspections and their teams."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from inspector_app.domain.enums import Grade, InspectionKind, InspectionStatus, TeamRole
from inspector_app.domain.refs import ref_prefix
from inspector_app.frameworks import Framework
from inspector_app.services import roles, roster, validation
from inspector_app.services.dto import InspectionInfo, TeamMemberInfo
from inspector_app.services.workspace import (
    ValidationError,
    Workspace,
    get_or_404,
    reject_unknown,
    require_text,
)
from inspector_app.storage.models import Inspection, PreviousJudgement, TeamMember

TeamSpec = tuple[str, str, TeamRole]

_EDITABLE = {
    "authority", "delivery_body", "status", "start_date", "end_date", "focus_area",
    "visit_number", "previous_inspection_date", "dcs_name", "dcs_address", "summary",
}


def to_info(row: Inspection) -> InspectionInfo:
    return InspectionInfo(
        id=row.id,
        uuid=row.uuid,
        authority=row.authority,
        framework_id=row.framework_id,
        framework_version=row.framework_version,
        kind=row.kind,
        status=row.status,
        start_date=row.start_date,
        end_date=row.end_date,
        delivery_body=row.delivery_body,
        focus_area=row.focus_area,
        visit_number=row.visit_number,
        previous_inspection_date=row.previous_inspection_date,
        dcs_name=row.dcs_name,
        dcs_address=row.dcs_address,
        summary=row.summary,
        team=tuple(TeamMemberInfo(m.name, m.initials, m.role) for m in row.team),
        previous={p.area_key: p.grade for p in row.previous_judgements},
    )


def _check_dates(start: date, end: date) -> None:
    if end < start:
        raise ValidationError("the last day on site cannot be before the first")


def _check_team(team: Iterable[TeamSpec]) -> list[TeamSpec]:
    members = []
    for name, initials, role in team:
        members.append((require_text(name, "a team member's name"), initials.strip().upper(), TeamRole(role)))
        validation.require("team_member", {"name": members[-1][0], "initials": members[-1][1]})
    if sum(1 for m in members if m[2] is TeamRole.LEAD) > 1:
        raise ValidationError("an inspection has one lead inspector")
    numbered: dict[str, str] = {}  # the letters each member's evidence references start with (AA-1, AA-2…)
    for name, initials, _role in members:
        prefix = ref_prefix(initials, name)
        other = numbered.setdefault(prefix, name)
        if other.casefold() != name.casefold():
            raise ValidationError(f"{other} and {name} would both number their evidence {prefix}-1, {prefix}-2…: "
                                  "give one of them other initials (up to four letters)")
    return members


def _check_previous(framework: Framework, previous: Mapping[str, Grade]) -> None:
    for area_key in previous:
        if area_key != "overall_effectiveness" and not framework.has_area(area_key):
            raise ValidationError(f"{framework.short_name} has no judgement area {area_key!r}")


def create_inspection(
    ws: Workspace,
    *,
    authority: str,
    framework_uid: str,
    kind: InspectionKind,
    start_date: date,
    end_date: date,
    team: Iterable[TeamSpec] = (),
    previous: Mapping[str, Grade] | None = None,
    status: InspectionStatus = InspectionStatus.PLANNING,
    **details: Any,
) -> InspectionInfo:
    try:
        framework = ws.registry.by_uid(framework_uid)
    except KeyError as exc:
        raise ValidationError(str(exc.args[0])) from None
    kind = InspectionKind(kind)
    if kind not in framework.kinds:
        allowed = ", ".join(k.label.lower() for k in framework.kinds)
        raise ValidationError(f"{framework.short_name} covers {allowed}, not a {kind.label.lower()}")
    _check_dates(start_date, end_date)
    previous = dict(previous or {})
    _check_previous(framework, previous)
    unknown = set(details) - _EDITABLE
    if unknown:
        raise ValidationError(f"unknown inspection detail(s): {', '.join(sorted(unknown))}")
    if details.get("focus_area") and not framework.has_area(details["focus_area"]):
        raise ValidationError(f"{framework.short_name} has no area {details['focus_area']!r}")
    validation.require("inspection", {"authority": require_text(authority, "the local authority"), "kind": kind,
                                      "start_date": start_date, "end_date": end_date, **details}, framework)
    row = Inspection(
        authority=require_text(authority, "the local authority"),
        framework_id=framework.id,
        framework_version=framework.version,
        kind=kind,
        status=InspectionStatus(status),
        start_date=start_date,
        end_date=end_date,
        **details,
    )
    row.team = [TeamMember(name=n, initials=i, role=r) for n, i, r in _check_team(team)]
    row.previous_judgements = [PreviousJudgement(area_key=k, grade=Grade(g)) for k, g in previous.items()]
    with ws.db.session() as session:
        session.add(row)
        session.flush()
        roster.claim_lead(session, row.id, ws.user)  # whoever creates an inspection leads it, with their key
        return to_info(row)


def update_inspection(ws: Workspace, inspection_id: int, **changes: Any) -> InspectionInfo:
    reject_unknown(changes, _EDITABLE | {"team", "previous"})
    with ws.db.session() as session:
        row = get_or_404(session, Inspection, inspection_id)
        roles.require_not_member_below_lead(session, inspection_id, ws.user, "edit the inspection's details")
        framework = ws.framework_of(row)
        team = changes.pop("team", None)
        previous = changes.pop("previous", None)
        for key, value in changes.items():
            if key == "authority":
                value = require_text(value, "the local authority")
            if key == "status":
                value = InspectionStatus(value)
            setattr(row, key, value)
        _check_dates(row.start_date, row.end_date)
        validation.require("inspection", {**changes, "start_date": row.start_date, "end_date": row.end_date},
                           framework)
        if team is not None:
            _merge_team(row, _check_team(team))
        if previous is not None:
            _check_previous(framework, previous)
            _merge_previous(row, previous)
        session.flush()
        return to_info(row)


def _merge_previous(row: Inspection, previous: Mapping[str, Grade]) -> None:
    """Upsert by area: a grade kept is the same row changed, so the unique (inspection, area) key holds.

    Replacing the list would insert the new rows before deleting the old ones and break that key.
    """
    existing = {p.area_key: p for p in row.previous_judgements}
    for key, stale in existing.items():
        if key not in previous:
            row.previous_judgements.remove(stale)
    for key, grade in previous.items():
        if key in existing:
            existing[key].grade = Grade(grade)
        else:
            row.previous_judgements.append(PreviousJudgement(area_key=key, grade=Grade(grade)))


def _merge_team(row: Inspection, team: list[TeamSpec]) -> None:
    """Keep each member who stays (matched by name) as the same row, so their identity survives merges."""
    by_name = {m.name: m for m in row.team}
    kept: list[TeamMember] = []
    for name, initials, role in team:
        member = by_name.pop(name, None)
        if member is None:
            member = TeamMember(name=name, initials=initials, role=role)
        else:
            member.initials, member.role = initials, role
        kept.append(member)
    row.team = kept


def list_inspections(ws: Workspace) -> list[InspectionInfo]:
    with ws.db.read_session() as session:
        rows = session.scalars(
            select(Inspection)
            .options(selectinload(Inspection.team), selectinload(Inspection.previous_judgements))
            .order_by(Inspection.start_date.desc(), Inspection.id.desc())
        )
        return [to_info(r) for r in rows]


def inspection_exists(ws: Workspace, inspection_id: int) -> bool:
    """Whether the database holds this inspection: one index lookup (the window asks at start-up, where
    listing every inspection of an archive with its team would cost a third of a second)."""
    with ws.db.read_session() as session:
        return session.scalar(select(Inspection.id).where(Inspection.id == inspection_id)) is not None


def get_inspection(ws: Workspace, inspection_id: int) -> InspectionInfo:
    with ws.db.read_session() as session:
        return to_info(get_or_404(session, Inspection, inspection_id))
