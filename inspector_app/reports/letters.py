"""Focused-visit and monitoring-visit letters to the director of children's services.

Letters are narrative and ungraded: nothing in this module reads a grade, so none can appear,
whatever judgements the database holds for the visit.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from inspector_app.domain.enums import FindingKind, InspectionKind, TeamRole
from inspector_app.reports.blocks import (
    bullets,
    citations,
    evidence_appendix,
    heading,
    internal_case_table,
    numbered,
    para,
    spacer,
)
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import date_range, long_date
from inspector_app.reports.follow_up import followed_up_story

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def letter_subject(data: ReportData) -> str:
    return data.framework.report_title.format(authority=data.inspection.authority)


def _inspectors(data: ReportData) -> str:
    names = [m.name for m in data.inspection.team if m.role in (TeamRole.LEAD, TeamRole.TEAM)]
    if not names:
        return "His Majesty’s Inspectors for this visit are not yet named."
    if len(names) == 1:
        return f"His Majesty’s Inspector for this visit was {names[0]}."
    return f"His Majesty’s Inspectors for this visit were {', '.join(names[:-1])} and {names[-1]}."


def _address_block(data: ReportData, today: date) -> list[Flowable]:
    info = data.inspection
    lines = [info.dcs_name or "[Name of the director of children’s services]", "Director of Children’s Services"]
    lines += (info.dcs_address or f"{info.authority} Council").splitlines()
    return [
        para(long_date(today), "address"),
        spacer(6 * mm),
        *[para(line, "address") for line in lines],
        spacer(7 * mm),
        para(f"Dear {(info.dcs_name or 'Director').split()[0]},", "letter"),
    ]


def _focus(data: ReportData) -> str:
    key = data.inspection.focus_area
    if key and data.framework.has_area(key):
        return data.framework.area(key).name
    return "the areas agreed for this visit"


def _findings_list(data: ReportData, kind: FindingKind) -> list[Flowable]:
    items = data.of_kind(kind)
    return bullets([data.scrub(f.text) + citations(data, f.evidence_ids) for f in items])


def _areas_covered(data: ReportData) -> list[Flowable]:
    focus = _focus(data)
    return [
        heading("Areas covered by the visit", 1, "areas-covered"),
        para(f"Inspectors evaluated {focus[0].lower() + focus[1:]}. They considered {data.case_count} children’s "
             f"cases, examined {data.audit_count} records and discussed children’s experiences with social "
             "workers, managers and leaders."),
    ]


def _headline(data: ReportData) -> list[Flowable]:
    text = data.inspection.summary.strip()
    story: list[Flowable] = [heading("Headline findings", 1, "headline-findings")]
    if not text:
        return [*story, para("[Headline findings not yet written]", "notice")]
    return story + [para(data.scrub(p.strip()), "letter") for p in text.split("\n\n") if p.strip()]


def _closing(data: ReportData, future: str) -> list[Flowable]:
    lead = data.inspection.lead
    return [
        spacer(2 * mm),
        KeepTogether([
            para(future, "letter"),
            para("Yours sincerely,", "letter"),
            spacer(8 * mm),
            para(lead.name if lead else "[Lead inspector]", "address"),
            para("His Majesty’s Inspector", "address"),
        ]),
    ]


def _focused_visit(data: ReportData) -> list[Flowable]:
    info = data.inspection
    story: list[Flowable] = [
        para(f"This letter summarises the findings of the focused visit to {info.authority} children’s "
             f"services on {date_range(info.start_date, info.end_date)}. {_inspectors(data)}", "letter"),
        *_areas_covered(data),
        *_headline(data),
        heading("What is working well", 1, "working-well"),
        *(_findings_list(data, FindingKind.STRENGTH) or [para("[Nothing recorded yet]", "notice")]),
        heading("Areas for improvement", 1, "areas-for-improvement"),
        *(_findings_list(data, FindingKind.AREA_FOR_IMPROVEMENT) or [para("[Nothing recorded yet]", "notice")]),
    ]
    priority = data.of_kind(FindingKind.PRIORITY_ACTION)
    if priority:
        story += [
            heading("Areas for priority action", 1, "priority-action"),
            *_findings_list(data, FindingKind.PRIORITY_ACTION),
            para("Because this visit identified areas for priority action, the local authority should send a "
                 "draft action plan within 20 working days of receiving this letter and a final plan within "
                 "70 working days.", "letter"),
        ]
    return story + _closing(data, "Ofsted will take the findings from this focused visit into account when "
                                  "planning your next inspection or visit.")


def _monitoring_visit(data: ReportData) -> list[Flowable]:
    info = data.inspection
    nth = info.visit_number
    ordinal = ORDINALS[nth - 1] if nth and 0 < nth <= len(ORDINALS) else (f"number {nth}" if nth else "latest")
    since = (f" since the local authority was judged inadequate in {info.previous_inspection_date:%B %Y}"
             if info.previous_inspection_date else " since the local authority was judged inadequate")
    story: list[Flowable] = [
        para(f"This letter summarises the findings of the monitoring visit to {info.authority} children’s "
             f"services on {date_range(info.start_date, info.end_date)}. This visit was the {ordinal} monitoring "
             f"visit{since}. {_inspectors(data)}", "letter"),
        *_areas_covered(data),
        *_headline(data),
        heading("Progress against the recommendations of the last inspection", 1, "recommendations"),
    ]
    recommendations = data.monitored_recommendations
    if data.followed_up:
        story += followed_up_story(data, monitoring=True)
    elif recommendations:
        story.append(para("At the last inspection, inspectors asked the local authority to improve:", "letter"))
        story += [numbered(n, data.scrub(f.text)) for n, f in enumerate(recommendations, start=1)]
    else:
        story.append(para("[The recommendations of the last inspection are not recorded in this database]", "notice"))
    story += [
        heading("Where progress has been made", 1, "progress"),
        *(_findings_list(data, FindingKind.STRENGTH) or [para("[Nothing recorded yet]", "notice")]),
        heading("What still needs to improve", 1, "still-to-improve"),
        *(_findings_list(data, FindingKind.AREA_FOR_IMPROVEMENT) or [para("[Nothing recorded yet]", "notice")]),
    ]
    return story + _closing(data, "I am copying this letter to the Department for Education. The next monitoring "
                                  "visit will follow up the areas above.")


def build_letter_story(data: ReportData, width: float, *, appendix: bool, internal_references: bool,
                       today: date | None = None) -> list[Flowable]:
    story = _address_block(data, today or date.today())
    story.append(heading(letter_subject(data), 0, "subject"))
    if data.inspection.kind is InspectionKind.MONITORING_VISIT:
        story += _monitoring_visit(data)
    else:
        story += _focused_visit(data)
    if appendix:
        story += evidence_appendix(data, width, show_grades=False)
    if internal_references:
        story += internal_case_table(data, width)
    return story


