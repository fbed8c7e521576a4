"""Demo data for good practice: a few strengths flagged, and the lead's case-study draft."""

from __future__ import annotations

from inspector_app.domain.enums import Polarity, TeamRole
from inspector_app.services import Workspace, evidence, good_practice
from inspector_app.services.evidence import EvidenceFilter

TITLES = ["Seeing children alone, and hearing them", "Swift, well-attended strategy discussions",
          "Personal advisers who stay in touch", "Stable homes for children in care"]


def good_practice_demo(ws: Workspace, inspection_id: int, team: list[tuple[str, str, TeamRole]]) -> None:
    lead = next(name for name, _i, role in team if role is TeamRole.LEAD)
    user = ws.user
    try:
        ws.user = lead
        areas = ["help_protection", "help_protection", "care_leavers", "children_in_care"]
        for title, area in zip(TITLES, areas, strict=True):
            ids = evidence.evidence_ids(ws, inspection_id, EvidenceFilter(area_key=area, polarity=Polarity.STRENGTH),
                                        limit=TITLES.index(title) + 1)
            if ids:
                good_practice.flag(ws, ids[-1], title)
        good_practice.save_case_study(ws, inspection_id, "Keeping children at the centre of practice",
                                      "Practitioners in this authority see children alone and record their views in "
                                      "their own words; partners meet quickly when risks rise.")
    finally:
        ws.user = user
