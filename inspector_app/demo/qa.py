"""Demo data for quality assurance review: the reviewer's comments, the lead's answers, one orphan."""

from __future__ import annotations

from inspector_app.domain.enums import FindingKind, TeamRole
from inspector_app.domain.qa import AnchorKind, QaState, paragraph_fingerprint
from inspector_app.services import Workspace, findings, inspections, qa


def review_demo(ws: Workspace, inspection_id: int, team: list[tuple[str, str, TeamRole]]) -> None:
    reviewer = next((name for name, _i, role in team if role is TeamRole.QA), None)
    lead = next(name for name, _i, role in team if role is TeamRole.LEAD)
    if reviewer is None:
        return
    user = ws.user
    try:
        summary = inspections.get_inspection(ws, inspection_id).summary
        recommendation = next(f for f in findings.list_findings(ws, inspection_id)
                              if f.kind is FindingKind.RECOMMENDATION)
        ws.user = reviewer
        on_grade = qa.add_comment(ws, inspection_id, AnchorKind.JUDGEMENT, "help_protection",
                                  "Two inspectors proposed inadequate here: say in the rationale why requires "
                                  "improvement is secure.")
        on_finding = qa.add_comment(ws, inspection_id, AnchorKind.FINDING, recommendation.uuid,
                                    "Make this measurable, so the council knows when it has been done.")
        qa.add_comment(ws, inspection_id, AnchorKind.PARAGRAPH, paragraph_fingerprint(summary),
                       "'Better help and protection' needs the evidence behind it in the next sentence.", summary)
        qa.set_qa_state(ws, inspection_id, QaState.CHANGES_ASKED)
        ws.user = lead
        qa.answer_comment(ws, on_grade.id, "Added to the rationale: most sampled children were safe, and leaders "
                                           "had found the drift themselves.")
        qa.resolve_comment(ws, on_finding.id, "Reworded with a timescale.")
        inspections.update_inspection(ws, inspection_id, summary=summary.replace(
            "than at the last inspection.", "than at the last inspection, as the council's own audits show."))
    finally:
        ws.user = user
