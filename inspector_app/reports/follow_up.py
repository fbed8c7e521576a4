"""The progress section drawn from the recommendations followed through (services.recommendations).

Shared by the monitoring-visit letter ("progress against the recommendations") and the graded
reports ("progress since the last inspection"): each recommendation, then what this visit found,
and on a monitoring visit whether progress is sufficient. Words only: never a grade. In the
internal copy, the evidence gathered on this visit for each recommendation is the lead's note.
"""

from __future__ import annotations

from inspector_app.reports import document as d
from inspector_app.reports.common import Audience
from inspector_app.reports.content import ReportData


def progress_sentence(sufficient: bool | None) -> str | None:
    if sufficient is None:
        return None
    return "Progress is sufficient." if sufficient else "Progress is not yet sufficient."


def followed_up_blocks(data: ReportData, *, monitoring: bool, audience: Audience | None = None,
                       counter: d.Counter | None = None) -> list[d.Block]:
    """Each recommendation (numbered in its own list, or on ``counter`` in a report) and its progress."""
    audience = audience or Audience()
    visit = data.inspection.id
    blocks: list[d.Block] = [d.Para("At the last inspection, inspectors asked the local authority to improve:"
                                    if monitoring else "The last inspection asked the local authority to improve:",
                                    "letter" if monitoring else "body")]
    for n, rec in enumerate(data.followed_up, start=1):
        found = rec.progress_on(visit)
        number = counter.next() if counter is not None else n
        gathered = data.scrub(found.evidence) if found is not None and found.evidence else ""
        blocks.append(d.Numbered(number, data.scrub(rec.text), sequence="main" if counter else "recommendations",
                                 notes=audience.note(f"Evidence gathered on this visit: {gathered}" if gathered
                                                     else "No evidence recorded against this recommendation yet.")))
        words = []
        if found is not None and found.statement:
            words.append(data.scrub(found.statement))
        if monitoring and found is not None and (sentence := progress_sentence(found.sufficient)):
            words.append(sentence)
        if rec.closed_in_inspection_id == visit and rec.closed_reason:
            words.append(f"This recommendation is now closed: {data.scrub(rec.closed_reason)}")
        blocks.append(d.Para(" ".join(words), "letter" if monitoring else "body") if words
                      else d.Para("[No progress recorded for this visit yet]", "notice"))
    return blocks


__all__ = ["followed_up_blocks", "progress_sentence"]
