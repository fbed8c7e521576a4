"""The internal report's moderation annex: how secure each judgement is, for the team and QA only.

The publishable draft never mentions proposals or moderation; these blocks are added only to the
lead's internal copy, and only when asked for.
"""

from __future__ import annotations

from inspector_app.domain.wording import plural
from inspector_app.reports import document as d
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import long_date
from inspector_app.services import Workspace, moderation


def moderation_annex(ws: Workspace, data: ReportData) -> list[d.Block]:
    blocks: list[d.Block] = [
        d.PageBreak(), d.Heading("Internal annex: moderation of judgements", 1, "moderation"),
        d.Para("INTERNAL — NOT FOR PUBLICATION. Each inspector's independent proposal and the lead's moderated "
               "grade. Remove before the draft leaves the inspection team.", "notice")]
    inspection_id = data.inspection.id
    if not moderation.is_open(ws, inspection_id):
        count = sum(moderation.blind_status(ws, inspection_id).proposals_by.values())
        return [*blocks, d.Para(f"Moderation has not been opened: {plural(count, 'proposal')} "
                                f"{'is' if count == 1 else 'are'} still blind.")]
    view = moderation.moderation_view(ws, inspection_id)
    blocks.append(d.Para(f"Moderation opened by {view.opened_by} on {long_date(view.opened_at)}. "
                         f"{plural(len(view.inspectors), 'inspector')} proposed grades; "
                         f"{plural(view.settled, 'area')} {'is' if view.settled == 1 else 'are'} settled."))
    blocks.append(d.Para(f"{view.alpha}, across inspectors and areas. Measured with Krippendorff's alpha for "
                         "ordinal grades: high from 0.80, moderate from 0.67, low below that."))
    rows = []
    for area in view.areas:
        proposals = "; ".join(f"{p.inspector}: {p.grade.short_label}" for p in area.proposals) or "none"
        spread = f"{area.spread} step{'s' if area.spread != 1 else ''}" if area.comparable else area.note
        decision = area.decision
        rows.append(d.Row((area.name, proposals, spread, decision.grade.short_label if decision else "not yet",
                           ", ".join(decision.departed_from) if decision and decision.departed_from else "–")))
    blocks.append(d.Table(("Area", "Proposals", "Spread", "Settled", "Departed from"), tuple(rows),
                          (0.2, 0.34, 0.16, 0.14, 0.16), small=True))
    for area in view.areas:
        if area.decision is None and not area.proposals:
            continue
        blocks.append(d.Heading(area.name, 2, f"moderation-{area.key}"))
        if area.decision is not None:
            blocks.append(d.Para(data.scrub(area.decision.rationale), label="Settled rationale:"))
        for p in area.proposals:
            cited = ", ".join(b.ref for b in area.cited.get(p.inspector, ())) or "no evidence cited"
            blocks.append(d.Para(f"{p.grade.short_label}. {data.scrub(p.rationale)} ({cited})", "small",
                                 label=f"{p.inspector}:"))
        if area.uncited:
            shown = ", ".join(b.ref for b in area.uncited[:40])
            more = f" and {len(area.uncited) - 40} more" if len(area.uncited) > 40 else ""
            blocks.append(d.Para(f"{shown}{more}", "small", label="Evidence nobody cited:"))
    return blocks
