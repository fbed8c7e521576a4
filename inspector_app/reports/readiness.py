"""What a lead checks before a draft leaves the team: is anything missing or unsupported?"""

from __future__ import annotations

from dataclasses import dataclass

from inspector_app.domain.enums import FindingKind
from inspector_app.domain.wording import plural
from inspector_app.reports.content import ReportData
from inspector_app.services import Workspace
from inspector_app.services.judgements import HIDDEN_GRADES
from inspector_app.services.pseudonyms import letter_code


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str


def readiness(data: ReportData, ws: Workspace | None = None) -> list[Check]:
    """The checklist; with the workspace it also says where quality assurance stands (and whether the
    draft changed after sign-off)."""
    checks: list[Check] = []
    framework = data.framework
    graded = framework.graded and data.inspection.kind.graded
    if graded:
        missing = data.missing_judgements
        if data.state.hidden:
            checks.append(Check(False, HIDDEN_GRADES))
        else:
            checks.append(Check(not missing, "Every judgement is made" if not missing
                                else f"Not yet judged: {', '.join(missing)}"))
    summary_name = "summary" if graded else "headline findings"
    checks.append(Check(bool(data.inspection.summary.strip()),
                        f"The {summary_name} is written" if data.inspection.summary.strip()
                        else f"The {summary_name} is not written yet (Findings view)"))
    if graded:
        empty = [a.short_name for a in framework.areas if not (
            data.of_kind(FindingKind.STRENGTH, a.key) or data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT, a.key))]
        checks.append(Check(not empty, "Every judgement has findings" if not empty
                            else f"No findings yet for: {', '.join(empty)}"))
        recommendations = data.of_kind(FindingKind.RECOMMENDATION)
        checks.append(Check(bool(recommendations),
                            f"{plural(len(recommendations), 'recommendation')} in 'What needs to improve?'"))
        if framework.national_framework:
            unreferenced = [f for f in recommendations if not f.national_ref]
            checks.append(Check(not unreferenced,
                                "Every recommendation cites the national framework" if not unreferenced
                                else f"{plural(len(unreferenced), 'recommendation')} "
                                     f"{'lacks' if len(unreferenced) == 1 else 'lack'} a national-framework reference"))
    else:
        strengths = data.of_kind(FindingKind.STRENGTH)
        improvements = data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT)
        checks.append(Check(bool(strengths and improvements),
                            f"{plural(len(strengths), 'finding')} on what works well, "
                            f"{plural(len(improvements), 'area for improvement', 'areas for improvement')}"))
    unsupported = [f for f in data.findings if not f.evidence_ids]
    checks.append(Check(not unsupported, "Every finding cites its evidence" if not unsupported
                        else f"{plural(len(unsupported), 'finding')} "
                             f"{'cites' if len(unsupported) == 1 else 'cite'} no evidence"))
    if ws is not None:
        from inspector_app.reports.qa_review import qa_readiness

        checks.append(Check(*qa_readiness(ws, data)))
    if data.case_count:
        last = letter_code(data.case_count - 1)
        children = "Child A" if data.case_count == 1 else f"Child A to Child {last}"
        checks.append(Check(True, f"Children appear as {children} "
                                  f"({plural(data.case_count, 'case')}); no references or initials"))
    return checks
