"""Joint targeted area inspections: which inspectorate each inspector comes from, and evidence by inspectorate.

Evidence takes its inspectorate from whoever gathered it (their team entry), so once each team
member's inspectorate is set the evidence can be filtered by inspectorate (``EvidenceFilter``) and
the letter can say who inspected what.
"""

from __future__ import annotations

from sqlalchemy import select

from inspector_app.domain.enums import InspectionKind
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.services import roles
from inspector_app.services.evidence import EvidenceFilter, count_evidence
from inspector_app.services.workspace import NotFoundError, ValidationError, Workspace, get_or_404
from inspector_app.storage.models import Evidence, Inspection, TeamMember


def _joint(inspection: Inspection) -> None:
    if inspection.kind is not InspectionKind.JOINT_TARGETED:
        raise ValidationError(f"Inspectorates are recorded for joint targeted area inspections; this is a "
                              f"{inspection.kind.label.lower()}.")


def set_member_inspectorate(ws: Workspace, inspection_id: int, member: str, inspectorate: Inspectorate | None) -> None:
    """The lead records which inspectorate a team member comes from; their evidence without one follows."""
    with ws.db.session() as session:
        inspection = get_or_404(session, Inspection, inspection_id)
        _joint(inspection)
        lead = roles.lead(session, inspection_id)
        if lead is not None and not roles.same_person(lead.name, ws.user):
            raise ValidationError(f"Only the lead inspector ({lead.name}) records the team's inspectorates.")
        row = next((m for m in inspection.team if roles.same_person(m.name, member)), None)
        if row is None:
            raise NotFoundError(f"{member} is not on this inspection's team: add them first (inspection details).")
        row.inspectorate = Inspectorate(inspectorate) if inspectorate is not None else None
        if row.inspectorate is not None:
            for item in session.scalars(select(Evidence).where(Evidence.inspection_id == inspection_id,
                                                               Evidence.inspectorate.is_(None))):
                if roles.same_person(item.created_by, row.name):
                    item.inspectorate = row.inspectorate


def team_inspectorates(ws: Workspace, inspection_id: int) -> dict[str, Inspectorate | None]:
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        return {m.name: m.inspectorate for m in session.scalars(
            select(TeamMember).where(TeamMember.inspection_id == inspection_id).order_by(TeamMember.id))}


def evidence_by_inspectorate(ws: Workspace, inspection_id: int) -> dict[Inspectorate, int]:
    return {i: count_evidence(ws, inspection_id, EvidenceFilter(inspectorate=i)) for i in Inspectorate}
