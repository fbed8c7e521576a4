"""The SIF 2013 draft report, in the shape SIF reports were published in (2015).

Front page: the authority, the combined report's long title, dates; a boxed headline "The overall
judgement is that children's services …" with its one-line meaning and the legal footnote; the
table numbered 1, 2, 2.1, 2.2, 3 with short grades. Then a contents page; the local authority's
part (summary of findings under themes, what it needs to improve split into priority and immediate
action and areas for improvement, strengths, progress, summary for children and young people,
information about the area, one section per judgement); the LSCB review as a part of its own; what
the judgements mean; information about the inspection. Paragraphs are numbered from the first
improvement onwards and the numbering runs on to the end.
"""

from __future__ import annotations

from inspector_app.domain.enums import FindingKind, Grade, TeamRole
from inspector_app.domain.framework import OVERALL_KEY, JudgementArea
from inspector_app.domain.wording import plural
from inspector_app.reports import document as d
from inspector_app.reports.common import Audience, appendices, back_page, change, paragraphs
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import date_range, long_date, month_year
from inspector_app.reports.follow_up import followed_up_blocks
from inspector_app.reports.inspection_report import internal_judgement_notes, judgement_notes
from inspector_app.services.judgements import HIDDEN_GRADES

LSCB_KEY = "lscb"
LONG_TITLE = ("Inspection of services for children in need of help and protection, children looked after and "
              "care leavers")
LSCB_TITLE = "Review of the effectiveness of the Local Safeguarding Children Board"
TABLE_NAMES = {  # the front-page table's own wording, numbered as published
    "help_protection": "1. Children who need help and protection",
    "looked_after": "2. Children looked after and achieving permanence",
    "adoption": "2.1 Adoption performance",
    "care_leavers": "2.2 Experiences and progress of care leavers",
    "leadership": "3. Leadership, management and governance",
}
HEADLINE = {
    Grade.OUTSTANDING: "are outstanding",
    Grade.GOOD: "are good",
    Grade.REQUIRES_IMPROVEMENT: "require improvement",
    Grade.INADEQUATE: "are inadequate",
}
MEANING = {  # the one-line meaning under the headline, in our own words
    Grade.OUTSTANDING: "The local authority leads highly effective services that make a real and lasting difference "
                       "to the lives of children, young people and their families.",
    Grade.GOOD: "Children, young people and families who need help and protection, children looked after and care "
                "leavers receive good help, care and protection.",
    Grade.REQUIRES_IMPROVEMENT: "The local authority is not yet delivering good protection, help and care for "
                                "children, young people and families.",
    Grade.INADEQUATE: "There are widespread or serious failures that leave children being harmed or at risk of harm.",
}
MINIMUM = ("It is Ofsted’s expectation that, as a minimum, all children and young people receive good help, care "
           "and protection.")
LEGAL_FOOTNOTE = ("Ofsted produces this report under its power to combine reports in accordance with section 152 of "
                  "the Education and Inspections Act 2006. It includes the report of the inspection of local authority "
                  "functions carried out under section 136 of that Act and the report of the review of the Local "
                  "Safeguarding Children Board carried out under the Local Safeguarding Children Boards (Review) "
                  "Regulations 2013.")
GRADE_MEANS_LA = (
    ("Outstanding", "A local authority that leads highly effective services that contribute to significantly "
                    "improved outcomes for children and young people who need help and protection and care."),
    ("Good", "A local authority where children and young people who need help and protection are safe and are "
             "helped; children looked after and care leavers receive effective services and good help and care."),
    ("Requires improvement", "A local authority where there are no widespread or serious failures that create or "
                             "leave children being harmed or at risk of harm, but where services are not yet good."),
    ("Inadequate", "A local authority where there are widespread or serious failures that create or leave children "
                   "being harmed or at risk of harm, or result in children looked after or care leavers not having "
                   "their welfare safeguarded and promoted."),
)
GRADE_MEANS_LSCB = (
    ("Outstanding", "An LSCB that is highly effective in coordinating and challenging the work of its partners."),
    ("Good", "An LSCB that coordinates and challenges the work of its partners effectively and meets its statutory "
             "duties."),
    ("Requires improvement", "An LSCB that is not yet demonstrating the characteristics of good."),
    ("Inadequate", "An LSCB that does not meet its statutory duties, or whose weaknesses leave children at risk."),
)
PLAIN = {Grade.OUTSTANDING: "is outstanding", Grade.GOOD: "is good",
         Grade.REQUIRES_IMPROVEMENT: "is not yet good enough", Grade.INADEQUATE: "is not good enough"}


def _short(grade: Grade | None) -> str:
    return grade.short_label if grade else "Not yet judged"


def _la_areas(data: ReportData) -> list[JudgementArea]:
    return [a for a in data.framework.areas_in_report_order if a.key != LSCB_KEY]


def _front_page(data: ReportData, audience: Audience) -> list[d.Block]:
    info = data.inspection
    overall = data.grade(OVERALL_KEY)
    blocks: list[d.Block] = [
        d.Title(info.authority),
        d.Para(LONG_TITLE, "meta"),
        d.Para(f"and {LSCB_TITLE}", "meta"),
        d.Para(date_range(info.start_date, info.end_date), "meta", label="Inspection dates:"),
        *([d.Para(long_date(data.published_on), "meta", label="Report published:")] if data.published_on else []),
        d.Para(f"{info.lead.name}, His Majesty’s Inspector" if info.lead else "not yet named", "meta",
               label="Lead inspector:"),
    ]
    missing = data.missing_judgements
    if data.state.hidden:  # a team inspector's copy before moderation: the lead's grades are not theirs to see
        blocks.append(d.Para(f"Draft: {HIDDEN_GRADES}", "notice"))
    elif missing:
        blocks.append(d.Para(f"Draft: not yet judged — {', '.join(missing)}.", "notice"))
    if overall is not None:
        blocks.append(d.GradeBox(f"The overall judgement is that children’s services {HEADLINE[overall]}",
                                 f"{MEANING[overall]} {MINIMUM}", footnotes=(LEGAL_FOOTNOTE,),
                                 notes=judgement_notes(data, OVERALL_KEY, audience)))
    rows = []
    for area in _la_areas(data):
        grade = data.grade(area.key)
        cells: tuple[str, ...] = (TABLE_NAMES.get(area.key, area.name), _short(grade))
        if audience.internal:
            previous = data.inspection.previous.get(area.key)
            cells += (previous.short_label if previous else "–", change(previous, grade))
        rows.append(d.Row(cells, indent=1 if area.parent else 0, pending=grade is None))
    caption = "The judgements on areas of the service that contribute to overall effectiveness are:"
    if audience.internal:
        blocks.append(d.Table(("Judgement", "Grade", "Previous grade", "Change"), tuple(rows),
                              (0.5, 0.2, 0.18, 0.12), caption=caption))
    else:
        blocks.append(d.Table(("Judgement", "Grade"), tuple(rows), (0.68, 0.32), caption=caption))
    return blocks


def _themes(data: ReportData, kind: FindingKind, areas: list[JudgementArea], counter: d.Counter | None,
            audience: Audience, level: int) -> list[d.Block]:
    """Findings of one kind grouped under short themed subheadings (the judgement they concern)."""
    blocks: list[d.Block] = []
    groups: list[tuple[str, list]] = [(a.short_name, data.of_kind(kind, a.key)) for a in areas]
    general = data.of_kind(kind, None)
    if general:
        groups.insert(0, ("Across the service", general))
    for theme, found in groups:
        if not found:
            continue
        blocks.append(d.Heading(theme, level))
        if counter is None:
            blocks.append(d.Bullets(tuple(d.Bullet(data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
                                          for f in found)))
        else:
            blocks += [d.Numbered(counter.next(), data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
                       for f in found]
    return blocks


def _summary_of_findings(data: ReportData, areas: list[JudgementArea], audience: Audience) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading("Summary of findings", 2, "la-summary")]
    texts = paragraphs(data.inspection.summary)
    blocks += [d.Para(data.scrub(t)) for t in texts] or [d.Para("[Summary not yet written]", "notice")]
    key_points: list[d.Block] = []
    for area in areas:
        found = data.of_kind(FindingKind.STRENGTH, area.key)[:1] + data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT,
                                                                                  area.key)[:1]
        if found:
            key_points.append(d.Heading(area.short_name, 3))
            key_points.append(d.Bullets(tuple(d.Bullet(data.scrub(f.text),
                                                       notes=audience.evidence(data, f.evidence_ids)) for f in found)))
    return blocks + key_points


def _improve(data: ReportData, areas: list[JudgementArea], counter: d.Counter, audience: Audience,
             who: str) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading(f"What does the {who} need to improve?", 2)]
    priority = _themes(data, FindingKind.PRIORITY_ACTION, areas, counter, audience, 4)
    if priority:
        blocks += [d.Heading("Priority and immediate action", 3), *priority]
    improvements = _themes(data, FindingKind.RECOMMENDATION, areas, counter, audience, 4)
    blocks.append(d.Heading("Areas for improvement", 3))
    blocks += improvements or [d.Para("[No areas for improvement recorded yet]", "notice")]
    return blocks


def _strengths(data: ReportData, areas: list[JudgementArea], counter: d.Counter, audience: Audience) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading("The local authority’s strengths", 2, "strengths")]
    found = data.of_kind(FindingKind.STRENGTH, None) + [f for a in areas if a.key_judgement
                                                       for f in data.of_kind(FindingKind.STRENGTH, a.key)[:1]]
    blocks += [d.Numbered(counter.next(), data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
               for f in found] or [d.Para("[No strengths recorded yet]", "notice")]
    return blocks


def _progress(data: ReportData, counter: d.Counter) -> list[d.Block]:
    info = data.inspection
    blocks: list[d.Block] = [d.Heading("Progress since the last inspection", 2, "progress")]
    when = f" in {month_year(info.previous_inspection_date)}" if info.previous_inspection_date else ""
    previous = {k: g for k, g in info.previous.items() if k != LSCB_KEY}
    if data.followed_up:
        blocks += followed_up_blocks(data, monitoring=False, counter=counter)
    if not previous and data.followed_up:
        return blocks
    if not previous:
        return [*blocks, d.Numbered(counter.next(), f"This is the first inspection of {info.authority}’s services "
                                                    "for children under this framework.")]
    for key, grade in previous.items():
        name = (data.framework.overall_label if key == OVERALL_KEY
                else data.framework.area(key).name if data.framework.has_area(key) else key)
        now = data.grade(key)
        verbs = {"Improved": "has improved", "Declined": "has declined", "Same": "remains"}
        verb = verbs.get(change(grade, now), "was")
        sentence = (f"{name} was judged {grade.short_label.lower()} at the last inspection{when}; it {verb} "
                    f"{(now.short_label.lower() if now else 'not yet judged')}.") if now else (
                    f"{name} was judged {grade.short_label.lower()} at the last inspection{when}.")
        blocks.append(d.Numbered(counter.next(), sentence))
    return blocks


def _for_children(data: ReportData, areas: list[JudgementArea], counter: d.Counter) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading("Summary for children and young people", 2, "children")]
    for area in areas:
        grade = data.grade(area.key)
        if grade is not None:
            blocks.append(d.Numbered(counter.next(), f"Inspectors found that the help given for "
                                                     f"{area.short_name.lower()} {PLAIN[grade]}."))
    recommendations = data.of_kind(FindingKind.RECOMMENDATION)
    if recommendations:
        blocks.append(d.Numbered(counter.next(), f"Inspectors have asked the local authority to make "
                                                 f"{plural(len(recommendations), 'improvement')}, listed in "
                                                 f"this report."))
    return blocks


def _area_information(data: ReportData, counter: d.Counter) -> list[d.Block]:
    info = data.inspection
    facts = []
    if info.delivery_body:
        facts.append(f"Children’s services in {info.authority} are delivered by {info.delivery_body} on the "
                     "council’s behalf.")
    if info.dcs_name:
        facts.append(f"The director of children’s services is {info.dcs_name}.")
    if info.previous_inspection_date:
        facts.append(f"The last inspection of the local authority’s services for children was in "
                     f"{month_year(info.previous_inspection_date)}.")
    blocks: list[d.Block] = [d.Heading("Information about this local authority area", 2, "area")]
    lines: list[d.Block] = [d.Numbered(counter.next(), f) for f in facts]
    return blocks + (lines or [d.Para("[Information about the area not yet recorded]", "notice")])


def _judgement_sections(data: ReportData, areas: list[JudgementArea], counter: d.Counter,
                        audience: Audience) -> list[d.Block]:
    blocks: list[d.Block] = []
    for area in areas:
        grade = data.grade(area.key)
        name = TABLE_NAMES.get(area.key, area.name).split(" ", 1)[1]
        blocks.append(d.Heading(f"{name}: {_short(grade)}", 3 if area.parent else 2, f"area-{area.key}",
                                notes=judgement_notes(data, area.key, audience)))
        found = data.of_kind(FindingKind.STRENGTH, area.key) + data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT, area.key)
        blocks += [d.Numbered(counter.next(), data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
                   for f in found] or [d.Para("[No findings recorded for this judgement yet]", "notice")]
    return blocks


def _lscb_part(data: ReportData, counter: d.Counter, audience: Audience) -> list[d.Block]:
    if not data.framework.has_area(LSCB_KEY):
        return []
    grade = data.grade(LSCB_KEY)
    blocks: list[d.Block] = [
        d.PageBreak(),
        d.Heading("The Local Safeguarding Children Board", 1, "lscb"),
        d.GradeBox("The effectiveness of the Local Safeguarding Children Board "
                   + (PLAIN_LSCB[grade] if grade else "is not yet judged"),
                   notes=judgement_notes(data, LSCB_KEY, audience)),
        d.Heading("Summary of findings", 2, "lscb-summary"),
    ]
    strengths = data.of_kind(FindingKind.STRENGTH, LSCB_KEY)
    blocks += ([d.Bullets(tuple(d.Bullet(data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
                                for f in strengths))] if strengths
               else [d.Para("[No findings recorded for the LSCB yet]", "notice")])
    blocks.append(d.Heading("What does the LSCB need to improve?", 2, "lscb-improve"))
    improve = data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT, LSCB_KEY) + data.of_kind(FindingKind.RECOMMENDATION,
                                                                                      LSCB_KEY)
    blocks += [d.Numbered(counter.next(), data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
               for f in improve] or [d.Para("[No areas for improvement recorded for the LSCB yet]", "notice")]
    blocks.append(d.Heading(f"Inspection judgement about the LSCB: {_short(grade)}", 2, "lscb-judgement"))
    blocks += [d.Numbered(counter.next(), data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
               for f in strengths]
    return blocks


PLAIN_LSCB = {Grade.OUTSTANDING: "is outstanding", Grade.GOOD: "is good",
              Grade.REQUIRES_IMPROVEMENT: "requires improvement", Grade.INADEQUATE: "is inadequate"}


def _judgements_mean() -> list[d.Block]:
    return [
        d.PageBreak(),
        d.Heading("What the inspection judgements mean", 1, "judgements-mean"),
        d.Heading("The local authority", 2, "mean-la"),
        d.Table(("Judgement", "Description"), tuple(d.Row(r) for r in GRADE_MEANS_LA), (0.25, 0.75)),
        d.Heading("The LSCB", 2, "mean-lscb"),
        d.Table(("Judgement", "Description"), tuple(d.Row(r) for r in GRADE_MEANS_LSCB), (0.25, 0.75)),
    ]


def _about_inspection(data: ReportData) -> list[d.Block]:
    info = data.inspection
    team = [m.name for m in info.team if m.role in (TeamRole.LEAD, TeamRole.TEAM)]
    done = []
    if data.case_count:
        done.append(f"tracked and sampled {plural(data.case_count, 'child’s case', 'children’s cases')}")
    if data.audit_count:
        done.append(f"examined {plural(data.audit_count, 'record')}")
    did = f" Inspectors {' and '.join(done)}." if done else ""
    blocks: list[d.Block] = [
        d.Heading("Information about this inspection", 1, "about"),
        d.Para("Inspectors have looked closely at the experiences of children and young people who have needed or "
               "still need help and/or protection, including children who are looked after and care leavers, and "
               f"at the effectiveness of the local authority’s leadership and of the LSCB.{did}"),
        d.Para("The inspection of the local authority was carried out under section 136 of the Education and "
               "Inspections Act 2006. The review of the LSCB was carried out under section 15A of the Children Act "
               "2004 and the Local Safeguarding Children Boards (Review) Regulations 2013."),
    ]
    if team:
        blocks.append(d.Para(", ".join(team), label="The inspection team:"))
    return blocks


def build_sif_report(data: ReportData, audience: Audience, *, today_year: int) -> d.Document:
    info = data.inspection
    areas = _la_areas(data)
    doc = d.Document(
        title=f"{info.authority}: {LONG_TITLE[0].lower() + LONG_TITLE[1:]}",
        subject=f"Draft inspection report, {data.framework.short_name}" + (" (internal)" if audience.internal else ""),
        author=info.lead.name if info.lead else "Inspector App",
        running_dates=date_range(info.start_date, info.end_date),
        internal=audience.internal,
        kind="report",
    )
    counter = d.Counter()
    doc.add(*_front_page(data, audience))
    doc.add(d.PageBreak(), d.Contents(), d.PageBreak())
    doc.add(d.Heading("The local authority", 1, "la"))
    doc.add(*_summary_of_findings(data, areas, audience))
    doc.add(*_improve(data, areas, counter, audience, "local authority"))
    doc.add(*_strengths(data, areas, counter, audience))
    doc.add(*_progress(data, counter))
    doc.add(*_for_children(data, areas, counter))
    doc.add(*_area_information(data, counter))
    doc.add(*_judgement_sections(data, areas, counter, audience))
    doc.add(*_lscb_part(data, counter, audience))
    doc.add(*_judgements_mean())
    doc.add(*_about_inspection(data))
    if audience.internal:
        doc.add(*internal_judgement_notes(data))
    doc.add(*appendices(data, audience, show_grades=True))
    doc.add_back_matter(*back_page(today_year))
    return doc


__all__ = ["LSCB_KEY", "TABLE_NAMES", "build_sif_report"]
