"""Warnings a lead inspector wants before settling a grade: is it well founded?

Thresholds are deliberately simple and stated in the messages, so a lead can see why a
warning appears and judge whether it matters.
"""

from __future__ import annotations

from collections.abc import Mapping

from inspector_app.domain.enums import EvidenceSource, Grade
from inspector_app.domain.wording import plural

MIN_EVIDENCE = 8


def grade_warnings(
    grade: Grade | None, strengths: int, developments: int, sources: Mapping[EvidenceSource, int]
) -> list[str]:
    warnings: list[str] = []
    total = strengths + developments
    if grade is None:
        return warnings
    if total < MIN_EVIDENCE:
        warnings.append(f"Rests on little evidence: {total} item{'s' if total != 1 else ''} "
                        f"(fewer than {MIN_EVIDENCE}).")
    used = [s for s, n in sources.items() if n]
    if total and len(used) == 1:
        warnings.append(f"All the evidence comes from a single source ({used[0].label.lower()}).")
    if grade in (Grade.OUTSTANDING, Grade.GOOD) and developments > strengths:
        warnings.append(f"Runs against the balance of evidence: {plural(developments, 'area')} for development "
                        f"against {plural(strengths, 'strength')}.")
    if grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE) and strengths > 2 * developments and total:
        warnings.append(f"Runs against the balance of evidence: {plural(strengths, 'strength')} against "
                        f"{plural(developments, 'area')} for development.")
    return warnings
