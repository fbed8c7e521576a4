"""The ILACS draft report (2018, 2023, 2026), shaped like the reports the inspectorate publishes.

Title, inspection dates and lead inspector; the Judgement | Grade table; the unheaded summary;
"What needs to improve?" as bullets, cross-referenced to the Children's Social Care National
Framework where the framework does so, with a footnote on the heading; one section per judgement
headed "<judgement>: <grade>" with paragraphs numbered across sections; the back page. The SIF
report has its own shape (:mod:`inspector_app.reports.sif_report`).
"""

from __future__ import annotations

from inspector_app.domain.enums import FindingKind, Grade
from inspector_app.domain.framework import OVERALL_KEY, Framework, JudgementArea
from inspector_app.reports import document as d
from inspector_app.reports.common import NOT_JUDGED, Audience, appendices, back_page, change, paragraphs
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import date_range
from inspector_app.reports.follow_up import followed_up_blocks
from inspector_app.services.judgements import HIDDEN_GRADES

NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def report_title(data: ReportData) -> str:
    return data.framework.report_title.format(authority=data.inspection.authority)


def _grade_text(grade: Grade | None) -> str:
    return grade.label if grade else NOT_JUDGED


def national_xref(framework: Framework, ref: str) -> str:
    """A "what needs to improve" item's cross-reference, worded as that framework's reports word it.

    Reports of 2025 (ILACS 2023) write "National Framework enabler two"; reports since the 2026
    reform write "enabler 2, national framework".
    """
    if framework.version == "2023":
        kind, _, number = ref.partition(" ")
        if kind == "principle":
            return "National Framework principles"
        word = NUMBER_WORDS[int(number)] if number.isdigit() and int(number) < len(NUMBER_WORDS) else number
        return f"National Framework {kind} {word}".strip()
    return f"{ref}, national framework"


def national_footnote(framework: Framework, refs: list[str]) -> str:
    """The heading's footnote: what the brackets refer to, each cited item named by its own title."""
    cited = []
    for ref in dict.fromkeys(refs):
        try:
            item = framework.national_item(ref)
        except KeyError:
            continue
        cited.append(f"{ref[0].upper() + ref[1:]}: ‘{item.title}’")
    text = ("Each item is cross-referenced in brackets to an outcome, enabler or principle of the Children’s "
            "Social Care National Framework (Department for Education, December 2023), the statutory guidance "
            "that sets out what good practice looks like.")
    return text + (" " + "; ".join(cited) + "." if cited else "")


def _judgement_table(data: ReportData, audience: Audience) -> d.Table:
    entries: list[tuple[str, str, bool]] = [(a.key, a.name, a.parent is not None) for a in data.framework.areas]
    if data.framework.has_overall:
        entries.append((OVERALL_KEY, data.framework.overall_label, False))
    rows = []
    for key, name, is_sub in entries:
        grade = data.grade(key)
        cells: tuple[str, ...] = (name, _grade_text(grade))
        if audience.internal:
            previous = data.inspection.previous.get(key)
            cells += (previous.label if previous else "–", change(previous, grade))
        rows.append(d.Row(cells, indent=1 if is_sub else 0, bold=key == OVERALL_KEY, pending=grade is None))
    if audience.internal:
        return d.Table(("Judgement", "Grade", "Previous grade", "Change"), tuple(rows), (0.46, 0.22, 0.18, 0.14))
    return d.Table(("Judgement", "Grade"), tuple(rows), (0.62, 0.38))


def _title_block(data: ReportData, audience: Audience) -> list[d.Block]:
    info = data.inspection
    lead = info.lead
    blocks: list[d.Block] = [
        d.Title(report_title(data)),
        d.Para(date_range(info.start_date, info.end_date), "meta", label="Inspection dates:"),
        d.Para(f"{lead.name}, His Majesty’s Inspector" if lead else "not yet named", "meta", label="Lead inspector:"),
    ]
    if audience.internal:
        team = [m.name for m in info.team if m.role.value == "team"]
        if team:
            blocks.append(d.Para(", ".join(team), "meta", label="Inspection team:"))
        blocks.append(d.Para(f"{data.framework.short_name} — {info.kind.label}", "meta", label="Framework:"))
        if info.delivery_body:
            blocks.append(d.Para(info.delivery_body, "meta", label="Services delivered by:"))
    missing = data.missing_judgements
    if data.state.hidden:  # a team inspector's copy before moderation: the lead's grades are not theirs to see
        blocks.append(d.Para(f"Draft: {HIDDEN_GRADES}", "notice"))
    elif missing:
        blocks.append(d.Para(f"Draft: not yet judged — {', '.join(missing)}.", "notice"))
    blocks.append(_judgement_table(data, audience))
    return blocks


def _summary(data: ReportData, audience: Audience) -> list[d.Block]:
    texts = paragraphs(data.inspection.summary)
    if not texts:
        return [d.Para("[Summary not yet written]", "notice")]
    return [d.Para(data.scrub(t), "intro") for t in texts]


def _what_needs_to_improve(data: ReportData, audience: Audience) -> list[d.Block]:
    framework = data.framework
    blocks: list[d.Block] = []
    priority = data.of_kind(FindingKind.PRIORITY_ACTION)
    recommendations = data.of_kind(FindingKind.RECOMMENDATION)
    national = bool(framework.national_framework)
    if priority:
        blocks.append(d.Heading("Areas for priority action", 1, "priority-actions"))
        blocks.append(d.Bullets(tuple(d.Bullet(data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
                                      for f in priority)))
    footnotes = ((national_footnote(framework, [f.national_ref for f in recommendations if f.national_ref]),)
                 if national else ())
    blocks.append(d.Heading("What needs to improve?", 1, "what-needs-to-improve", footnotes=footnotes))
    if not recommendations:
        blocks.append(d.Para("[No recommendations recorded yet]", "notice"))
        return blocks
    items = []
    for f in recommendations:
        xref = None
        if national:
            xref = national_xref(framework, f.national_ref) if f.national_ref else "not yet cross-referenced"
        items.append(d.Bullet(data.scrub(f.text), xref, audience.evidence(data, f.evidence_ids)))
    blocks.append(d.Bullets(tuple(items)))
    return blocks


def judgement_notes(data: ReportData, key: str, audience: Audience) -> tuple[str, ...]:
    """The lead's rationale for a judgement, and its previous grade: internal copy only."""
    if not audience.internal:
        return ()
    notes = []
    grade = data.grade(key)
    previous = data.inspection.previous.get(key)
    if previous is not None:
        notes.append(f"Previous grade: {previous.label} ({change(previous, grade).lower()}).")
    if key == OVERALL_KEY:
        rationale = data.state.overall_rationale
        if data.state.overall.applies and (data.state.overall.reason or data.state.overall.departure):
            notes.append(f"Framework rule: {data.state.overall.summary()}")
    else:
        info = data.state.areas.get(key)
        rationale = info.rationale if info else ""
    if rationale:
        notes.append(f"Rationale: {rationale}")
    return tuple(notes) or ("No rationale recorded.",)


def _area_section(data: ReportData, area: JudgementArea, counter: d.Counter, audience: Audience) -> list[d.Block]:
    grade = data.grade(area.key)
    title = f"{area.name}: {grade.label.lower() if grade else 'not yet judged'}"
    blocks: list[d.Block] = [d.Heading(title, 2 if area.parent else 1, f"area-{area.key}",
                                       notes=judgement_notes(data, area.key, audience))]
    found = data.of_kind(FindingKind.STRENGTH, area.key) + data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT, area.key)
    if not found:
        blocks.append(d.Para("[No findings recorded for this judgement yet]", "notice"))
    for finding in found:
        blocks.append(d.Numbered(counter.next(), data.scrub(finding.text),
                                 notes=audience.evidence(data, finding.evidence_ids)))
    return blocks


def internal_judgement_notes(data: ReportData) -> list[d.Block]:
    """The internal copy's record of every judgement: grade, previous grade, change and rationale."""
    blocks: list[d.Block] = [d.PageBreak(), d.Heading("Internal notes: judgements and rationale", 1, "internal-notes"),
                             d.Para("For the inspection team only: the reasoning behind each grade, and any "
                                    "departure from the framework's rule.", "small")]
    keys = [a.key for a in data.framework.areas] + ([OVERALL_KEY] if data.framework.has_overall else [])
    for key in keys:
        name = data.framework.overall_label if key == OVERALL_KEY else data.framework.area(key).name
        blocks.append(d.Heading(f"{name}: {_grade_text(data.grade(key)).lower()}", 3, f"note-{key}"))
        for note in judgement_notes(data, key, Audience(internal=True)):
            blocks.append(d.Para(note, "small"))
    return blocks


def build_report(data: ReportData, audience: Audience, *, today_year: int) -> d.Document:
    info = data.inspection
    doc = d.Document(
        title=report_title(data),
        subject=f"Draft inspection report, {data.framework.short_name}" + (" (internal)" if audience.internal else ""),
        author=info.lead.name if info.lead else "Inspector App",
        running_dates=date_range(info.start_date, info.end_date),
        internal=audience.internal,
        kind="report",
    )
    doc.add(*_title_block(data, audience))
    doc.add(*_summary(data, audience))
    doc.add(*_what_needs_to_improve(data, audience))
    if data.followed_up:
        doc.add(d.Heading("Progress since the last inspection", 1, "progress-since-last"))
        doc.add(*followed_up_blocks(data, monitoring=False, audience=audience))
    counter = d.Counter()
    for area in data.framework.areas_in_report_order:
        doc.add(*_area_section(data, area, counter, audience))
    if audience.internal:
        doc.add(*internal_judgement_notes(data))
    doc.add(*appendices(data, audience, show_grades=True))
    doc.add_back_matter(*back_page(today_year))
    return doc


__all__ = ["build_report", "internal_judgement_notes", "judgement_notes", "national_footnote", "national_xref",
           "report_title"]
