"""The progress section drawn from the recommendations followed through (services.recommendations).

Shared by the monitoring-visit letter ("progress against the recommendations") and the graded
report ("progress since the last inspection"): each recommendation, then what this visit found,
and on a monitoring visit whether progress is sufficient. Words only: never a grade.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from inspector_app.reports.blocks import numbered, para
from inspector_app.reports.content import ReportData


def progress_sentence(sufficient: bool | None) -> str | None:
    if sufficient is None:
        return None
    return "Progress is sufficient." if sufficient else "Progress is not yet sufficient."


def followed_up_story(data: ReportData, *, monitoring: bool) -> list[Flowable]:
    visit = data.inspection.id
    story: list[Flowable] = [para("At the last inspection, inspectors asked the local authority to improve:"
                                  if monitoring else "The last inspection asked the local authority to improve:",
                                  "letter")]
    for n, rec in enumerate(data.followed_up, start=1):
        story.append(numbered(n, data.scrub(rec.text)))
        found = rec.progress_on(visit)
        words = []
        if found is not None and found.statement:
            words.append(data.scrub(found.statement))
        if monitoring and found is not None and (sentence := progress_sentence(found.sufficient)):
            words.append(sentence)
        if rec.closed_in_inspection_id == visit and rec.closed_reason:
            words.append(f"This recommendation is now closed: {data.scrub(rec.closed_reason)}")
        story.append(para(" ".join(words) if words else "[No progress recorded for this visit yet]",
                          "letter" if words else "notice"))
    return story
