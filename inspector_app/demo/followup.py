"""A synthetic authority followed from an inadequate inspection through monitoring visits.

For screenshots and trying the Plan view: Westvale's published ILACS inspection (inadequate,
with recommendations and an area for priority action), two monitoring visits with progress,
an escalation answered and one overdue, and synthetic Annex A lists with a drawn sample.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from inspector_app.demo.annex_a import synthetic_rows, write_csv
from inspector_app.domain.enums import FindingKind, Grade, InspectionKind, InspectionStatus, LegalStatus, TeamRole
from inspector_app.services import (
    annex_import,
    cases,
    deadlines,
    escalations,
    findings,
    inspections,
    judgements,
    recommendations,
    sampling,
)
from inspector_app.services.workspace import Workspace

TEAM = [("Priya Shah", "PS", TeamRole.LEAD), ("Tom Okafor", "TO", TeamRole.TEAM)]
RECOMMENDATIONS = (
    (FindingKind.PRIORITY_ACTION, "The timeliness and quality of strategy discussions for children at risk of "
                                  "significant harm."),
    (FindingKind.RECOMMENDATION, "Management oversight and supervision of social work practice in the front door."),
    (FindingKind.RECOMMENDATION, "The quality of pathway plans for care leavers, so that they reflect their needs."),
)


def generate_followup_demo(ws: Workspace) -> int:
    """Add Westvale's story; returns the id of the current (second) monitoring visit."""
    from pathlib import Path
    from tempfile import TemporaryDirectory

    ilacs = inspections.create_inspection(
        ws, authority="Westvale", framework_uid="ilacs@2023", kind=InspectionKind.ILACS_STANDARD,
        start_date=date(2025, 2, 3), end_date=date(2025, 2, 14), team=TEAM, status=InspectionStatus.PUBLISHED,
        dcs_name="Alex Morgan")
    for area in ("leaders", "help_protection", "children_in_care", "care_leavers"):
        judgements.set_judgement(ws, ilacs.id, area, Grade.INADEQUATE if area != "care_leavers"
                                 else Grade.REQUIRES_IMPROVEMENT)
    judgements.set_overall(ws, ilacs.id, Grade.INADEQUATE)
    for kind, text in RECOMMENDATIONS:
        findings.add_finding(ws, ilacs.id, kind=kind, text=text)
    deadlines.set_publication(ws, ilacs.id, date(2025, 3, 27))
    first = inspections.create_inspection(
        ws, authority="Westvale", framework_uid="monitoring_visit@2018", kind=InspectionKind.MONITORING_VISIT,
        start_date=date(2025, 7, 22), end_date=date(2025, 7, 23), team=TEAM, visit_number=1,
        previous_inspection_date=date(2025, 2, 14), status=InspectionStatus.PUBLISHED, dcs_name="Alex Morgan")
    second = inspections.create_inspection(
        ws, authority="Westvale", framework_uid="monitoring_visit@2018", kind=InspectionKind.MONITORING_VISIT,
        start_date=date(2025, 11, 4), end_date=date(2025, 11, 5), team=TEAM, visit_number=2,
        previous_inspection_date=date(2025, 2, 14), dcs_name="Alex Morgan", focus_area="cin_cp")
    deadlines.set_publication(ws, first.id, date(2025, 8, 28))
    recs = recommendations.follow_up(ws, second.id)
    statements = (
        ("Strategy discussions are now held within a day in most of the children's records seen.", False,
         "Strategy discussions are timely and police and health attend; decisions are recorded clearly.", True),
        ("Managers now record their oversight, but supervision rarely challenges drift.", False,
         "Supervision is regular; its quality varies between teams.", False),
    )
    for rec, (first_text, first_ok, second_text, second_ok) in zip(recs, statements, strict=False):
        recommendations.record_progress(ws, rec.id, first.id, evidence="Records of 12 children sampled",
                                        statement=first_text, sufficient=first_ok)
        recommendations.record_progress(ws, rec.id, second.id, evidence="Records of 15 children; two team visits",
                                        statement=second_text, sufficient=second_ok)
    case = cases.add_case(ws, second.id, reference="S-001", legal_status=LegalStatus.CHILD_PROTECTION)
    other = cases.add_case(ws, second.id, reference="S-002", legal_status=LegalStatus.CHILD_IN_NEED)
    answered = escalations.record_notice(
        ws, case.id, raised="No strategy discussion after a second injury was reported.",
        notified_to="Head of Service, Front Door", notified_at=datetime(2025, 11, 4, 15, 20, tzinfo=UTC))
    escalations.record_response(ws, answered.id, response_on=date(2025, 11, 5),
                                response="Strategy discussion held the same evening; child protection medical done.")
    escalations.record_notice(ws, other.id, raised="A child of seven left alone overnight; no visit since.",
                              notified_to="Service Manager, Children in Need",
                              notified_at=datetime(2025, 11, 5, 11, 0, tzinfo=UTC), response_working_days=2)
    with TemporaryDirectory() as tmp:
        for number, count, offset in ((6, 900, 0), (7, 260, 700), (8, 420, 2000), (9, 180, 3000)):
            headings, rows = synthetic_rows(number, count, seed=19, today=date(2025, 10, 27), id_offset=offset)
            path = write_csv(Path(tmp) / f"list{number}.csv", headings, rows)
            annex_import.accept(ws, annex_import.preview(ws, second.id, path, number, today=date(2025, 10, 27)))
    sampling.draw_sample(ws, second.id, sampling.SampleSpec(size=24, seed=2025, statuses=(
        LegalStatus.CHILD_IN_NEED, LegalStatus.CHILD_PROTECTION, LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER)))
    return second.id
