"""The internal report's moderation annex: how secure each judgement is, for the team and QA only.

The publishable draft never mentions proposals or moderation; this annex is added only when the
lead asks for it, and only to an internal copy.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from inspector_app.reports.blocks import grid, head_cells, heading, para, rich
from inspector_app.reports.content import ReportData
from inspector_app.services import Workspace, moderation


def moderation_annex(ws: Workspace, data: ReportData, width: float) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), heading("Internal annex: moderation of judgements", 0, "moderation"),
                             rich("<b>INTERNAL — NOT FOR PUBLICATION.</b> Independent proposals and the lead's "
                                  "moderated grades. Remove before the draft leaves the inspection team.", "notice")]
    if not moderation.is_open(ws, data.inspection.id):
        status = moderation.blind_status(ws, data.inspection.id)
        count = sum(status.proposals_by.values())
        return [*story, para(f"Moderation has not been opened: {count} proposals are still blind.")]
    view = moderation.moderation_view(ws, data.inspection.id)
    story.append(para(f"Moderation opened by {view.opened_by} on {view.opened_at:%d %B %Y}. "
                      f"{len(view.inspectors)} inspectors proposed grades; {view.settled} areas are settled."))
    story.append(para(f"Agreement across inspectors and areas (Krippendorff's alpha, ordinal): {view.alpha}."))
    rows: list[list[Flowable | str]] = [head_cells("Area", "Proposals", "Spread", "Settled", "Departed from")]
    for area in view.areas:
        proposals = "; ".join(f"{p.inspector}: {p.grade.short_label}" for p in area.proposals) or "none"
        spread = f"{area.spread} step{'s' if area.spread != 1 else ''}" if area.comparable else area.note
        decision = area.decision
        rows.append([area.name, proposals, spread, decision.grade.short_label if decision else "not yet",
                     ", ".join(decision.departed_from) if decision and decision.departed_from else "–"])
    story.append(grid(rows, [width * 0.2, width * 0.34, width * 0.16, width * 0.14, width * 0.16]))
    for area in view.areas:
        if area.decision is not None:
            story.append(rich(f"<b>{area.name}</b>", "body"))
            story.append(para(f"Settled rationale: {data.scrub(area.decision.rationale)}"))
            for p in area.proposals:
                cited = ", ".join(b.ref for b in area.cited.get(p.inspector, ())) or "no evidence cited"
                story.append(para(f"{p.inspector} proposed {p.grade.short_label.lower()}: "
                                  f"{data.scrub(p.rationale)} ({cited})", "small"))
            if area.uncited:
                story.append(para(f"Evidence nobody cited: {', '.join(b.ref for b in area.uncited)}", "small"))
    return story
