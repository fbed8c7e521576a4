"""Small builders for test data through the services, so tests read like what a person does."""

from __future__ import annotations

from datetime import date

from inspector_app.domain.enums import InspectionKind, LegalStatus, TeamRole
from inspector_app.services import Workspace, inspections
from inspector_app.services.dto import InspectionInfo

KIND_FOR = {
    "sif@2013": InspectionKind.SIF_FULL,
    "ilacs@2018": InspectionKind.ILACS_STANDARD,
    "ilacs@2023": InspectionKind.ILACS_STANDARD,
    "ilacs@2026": InspectionKind.ILACS_SHORT,
    "focused_visit@2018": InspectionKind.FOCUSED_VISIT,
    "monitoring_visit@2018": InspectionKind.MONITORING_VISIT,
}


def make_inspection(ws: Workspace, framework_uid: str = "ilacs@2023", **kw: object) -> InspectionInfo:
    values: dict[str, object] = dict(
        authority="Testshire", framework_uid=framework_uid, kind=KIND_FOR[framework_uid],
        start_date=date(2026, 3, 2), end_date=date(2026, 3, 13),
        team=[("Lena Lead", "LL", TeamRole.LEAD), ("Tariq Team", "TT", TeamRole.TEAM)],
    )
    values.update(kw)
    return inspections.create_inspection(ws, **values)  # type: ignore[arg-type]


def make_case(ws: Workspace, inspection_id: int, reference: str = "TS-0001", **kw: object):  # type: ignore[no-untyped-def]
    from inspector_app.services import cases

    values: dict[str, object] = dict(reference=reference, legal_status=LegalStatus.CHILD_PROTECTION, initials="AB")
    values.update(kw)
    return cases.add_case(ws, inspection_id, **values)  # type: ignore[arg-type]


def enrol(lead: Workspace, inspection_id: int, member: Workspace, role: TeamRole = TeamRole.TEAM) -> None:
    """The lead puts a colleague on the inspection's roster with the key from the colleague's laptop."""
    from inspector_app.services import identity, roster

    key = identity.ensure_signing_key(member)
    roster.add_member(lead, inspection_id, member.user, role, key.public_key)
