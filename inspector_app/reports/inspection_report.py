"""The draft inspection report, shaped like the graded reports the inspectorate publishes.

Title block and judgement table, an unheaded summary, "What needs to improve?", then one section
per judgement headed "<judgement>: <grade>" with paragraphs numbered across sections.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from inspector_app.domain.enums import FindingKind, Grade
from inspector_app.domain.framework import OVERALL_KEY, JudgementArea
from inspector_app.reports.blocks import (
    citations,
    evidence_appendix,
    grid,
    head_cells,
    heading,
    internal_case_table,
    numbered,
    para,
    rich,
    spacer,
)
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import date_range
from inspector_app.reports.follow_up import followed_up_story
from inspector_app.reports.styles import ACCENT, FONT_BOLD, FONT_ITALIC, WARNING

NOT_JUDGED = "Not yet judged"


def report_title(data: ReportData) -> str:
    return data.framework.report_title.format(authority=data.inspection.authority)


def _grade_text(grade: Grade | None) -> str:
    return grade.label if grade else NOT_JUDGED


def _change(previous: Grade | None, current: Grade | None) -> str:
    if previous is None or current is None:
        return "–"
    if current.better_than(previous):
        return "Improved"
    if previous.better_than(current):
        return "Declined"
    return "Same"


def _judgement_table(data: ReportData, width: float) -> Flowable:
    rows = [head_cells("Judgement", "Grade", "Previous grade", "Change")]
    extra: list[tuple] = []
    entries: list[tuple[str, str, bool]] = [(a.key, a.name, a.parent is not None) for a in data.framework.areas]
    if data.framework.has_overall:
        entries.append((OVERALL_KEY, data.framework.overall_label, False))
    for row_index, (key, name, is_sub) in enumerate(entries, start=1):
        grade = data.grade(key)
        previous = data.inspection.previous.get(key)
        label = para(name, "cell")
        if is_sub:
            label.style = label.style.clone("sub", leftIndent=12)
        rows.append([label, _grade_text(grade), previous.label if previous else "–", _change(previous, grade)])
        if grade is None:
            extra += [("TEXTCOLOR", (1, row_index), (1, row_index), WARNING),
                      ("FONTNAME", (1, row_index), (1, row_index), FONT_ITALIC)]
        if key == OVERALL_KEY:
            extra += [("FONTNAME", (0, row_index), (1, row_index), FONT_BOLD),
                      ("LINEABOVE", (0, row_index), (-1, row_index), 1.2, ACCENT)]
    return grid(rows, [width * 0.46, width * 0.22, width * 0.18, width * 0.14], extra=extra)


def _title_block(data: ReportData, width: float) -> list[Flowable]:
    info = data.inspection
    lead = info.lead
    team = [m.name for m in info.team if m.role.value == "team"]
    story: list[Flowable] = [
        heading(report_title(data), 0, "title"),
        rich(f"<b>Inspection dates:</b> {date_range(info.start_date, info.end_date)}", "meta"),
        rich(f"<b>Lead inspector:</b> {para(lead.name).text if lead else 'not yet named'}"
             f"{', His Majesty’s Inspector' if lead else ''}", "meta"),
    ]
    if team:
        story.append(rich(f"<b>Inspection team:</b> {para(', '.join(team)).text}", "meta"))
    story.append(rich(f"<b>Framework:</b> {para(data.framework.short_name).text} — {info.kind.label}", "meta"))
    if info.delivery_body:
        story.append(rich(f"<b>Services delivered by:</b> {para(info.delivery_body).text}", "meta"))
    story.append(spacer(6 * mm))
    missing = data.missing_judgements
    if missing:
        story.append(para(f"Draft: not yet judged — {', '.join(missing)}.", "notice"))
    story.append(_judgement_table(data, width))
    overall = data.state.overall
    if overall.applies and overall.settled is not None and overall.reason:
        story.append(para(f"Overall effectiveness: {overall.summary()}", "small"))
    story.append(spacer(4 * mm))
    return story


def _summary(data: ReportData) -> list[Flowable]:
    text = data.inspection.summary.strip()
    if not text:
        return [para("[Summary not yet written]", "notice")]
    return [para(data.scrub(p.strip())) for p in text.split("\n\n") if p.strip()]


def _what_needs_to_improve(data: ReportData) -> list[Flowable]:
    story: list[Flowable] = []
    priority = data.of_kind(FindingKind.PRIORITY_ACTION)
    recommendations = data.of_kind(FindingKind.RECOMMENDATION)
    national = bool(data.framework.national_framework)
    if priority:
        story.append(heading("Areas for priority action", 1, "priority-actions"))
        story += [numbered(n, data.scrub(f.text) + citations(data, f.evidence_ids))
                  for n, f in enumerate(priority, start=1)]
    story.append(heading("What needs to improve?", 0, "what-needs-to-improve"))
    if not recommendations:
        story.append(para("[No recommendations recorded yet]", "notice"))
    for n, f in enumerate(recommendations, start=1):
        text = data.scrub(f.text)
        if national:
            text += f" ({f.national_ref}, national framework)" if f.national_ref else " (not yet cross-referenced)"
        story.append(numbered(n, text + citations(data, f.evidence_ids)))
    if national:
        story.append(para(
            "References in brackets are to the outcomes, enablers and principles of the Children’s Social "
            "Care National Framework, which sets out what good practice looks like.", "small"))
    return story


def _area_section(data: ReportData, area: JudgementArea, counter: list[int]) -> list[Flowable]:
    grade = data.grade(area.key)
    title = f"{area.name}: {grade.label.lower() if grade else 'not yet judged'}"
    level = 1 if area.parent else 0
    story: list[Flowable] = [heading(title, level, f"area-{area.key}")]
    paragraphs = data.of_kind(FindingKind.STRENGTH, area.key) + data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT, area.key)
    if not paragraphs:
        story.append(para("[No findings recorded for this judgement yet]", "notice"))
    for finding in paragraphs:
        counter[0] += 1
        story.append(numbered(counter[0], data.scrub(finding.text) + citations(data, finding.evidence_ids)))
    return story


def build_report_story(data: ReportData, width: float, *, appendix: bool, internal_references: bool) -> list[Flowable]:
    story = _title_block(data, width)
    story += _summary(data)
    story += _what_needs_to_improve(data)
    if data.followed_up:
        story.append(heading("Progress since the last inspection", 0, "progress-since-last"))
        story += followed_up_story(data, monitoring=False)
    counter = [0]
    for area in data.framework.areas_in_report_order:
        section = _area_section(data, area, counter)
        story += [KeepTogether(section[:2]), *section[2:]]
    if appendix:
        story += evidence_appendix(data, width, show_grades=True)
    if internal_references:
        story += internal_case_table(data, width)
    return story
