"""Demo data for independent grading: the team's blind proposals, moderation opened, grades settled.

Uses its own random generator so the rest of the demo stays exactly as it was.
"""

from __future__ import annotations

import random

from inspector_app.domain.enums import Grade, TeamRole
from inspector_app.frameworks import Framework
from inspector_app.services import Workspace, evidence, moderation
from inspector_app.services.evidence import EvidenceFilter

RATIONALES = {
    Grade.OUTSTANDING: "Practice is consistently strong and leaders act quickly on what they learn.",
    Grade.GOOD: "Most children get timely, effective help; weaknesses are known and being tackled.",
    Grade.REQUIRES_IMPROVEMENT: "Practice is too variable: some children wait too long for the right help.",
    Grade.INADEQUATE: "Too many children are left at risk and leaders have not grasped why.",
}
OFFSETS = [[0, 1, 0, -1], [0, 0, -1, 0], [0, 1, 0, 0], [0, 0, 0, 0]]  # per area, per grader: steps from settled
SETTLED = "Moderated at the team's grading meeting: the balance of evidence across the sample supports this grade."


def moderate_demo(ws: Workspace, framework: Framework, inspection_id: int, team: list[tuple[str, str, TeamRole]],
                  grades: dict[str, Grade], seed: int = 20) -> None:
    rng = random.Random(seed)
    user = ws.user
    graders = [name for name, _initials, role in team if role is not TeamRole.QA]
    lead = next(name for name, _initials, role in team if role is TeamRole.LEAD)
    try:
        for area_key, settled in grades.items():
            pool = evidence.evidence_ids(ws, inspection_id, EvidenceFilter(area_key=area_key))
            offsets = OFFSETS[list(grades).index(area_key) % len(OFFSETS)]
            for index, name in enumerate(graders):
                rank = min(max(settled.rank + offsets[index % len(offsets)], 1), 4)
                grade = list(Grade)[rank - 1]
                ws.user = name
                moderation.propose(ws, inspection_id, area_key, grade, RATIONALES[grade],
                                   rng.sample(pool, min(3, len(pool))))
        ws.user = lead
        moderation.open_moderation(ws, inspection_id)
        for area_key, settled in grades.items():
            moderation.settle(ws, inspection_id, area_key, settled, SETTLED)
    finally:
        ws.user = user
