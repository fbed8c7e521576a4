"""Focused-visit and monitoring-visit letters to the director of children's services.

Letters are narrative and ungraded: nothing in this module reads a grade, so none can appear,
whatever judgements the database holds for the visit. They say only what was done: a visit with no
children's records examined does not say "0 cases".
"""

from __future__ import annotations

from datetime import date

from inspector_app.domain.enums import FindingKind, InspectionKind, TeamRole
from inspector_app.reports import document as d
from inspector_app.reports.common import Audience, appendices, paragraphs
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import date_range, long_date, month_year
from inspector_app.reports.follow_up import followed_up_blocks

ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def letter_subject(data: ReportData) -> str:
    return data.framework.report_title.format(authority=data.inspection.authority)


def inspectors_sentence(data: ReportData) -> str:
    names = [m.name for m in data.inspection.team if m.role in (TeamRole.LEAD, TeamRole.TEAM)]
    if not names:
        return "His Majesty’s Inspectors for this visit are not yet named."
    if len(names) == 1:
        return f"His Majesty’s Inspector for this visit was {names[0]}."
    return f"His Majesty’s Inspectors for this visit were {', '.join(names[:-1])} and {names[-1]}."


def letter_head(data: ReportData, today: date) -> list[d.Block]:
    """Date, addressee block and salutation, as the inspectorate's letters open."""
    info = data.inspection
    lines = [info.dcs_name or "[Name of the director of children’s services]", "Director of Children’s Services"]
    lines += (info.dcs_address or f"{info.authority} Council").splitlines()
    return [
        d.LetterBlock((long_date(today),), "date"),
        d.LetterBlock(tuple(lines), "address"),
        d.Para(f"Dear {(info.dcs_name or 'Director').split()[0]},", "letter"),
    ]


def _focus(data: ReportData) -> str:
    key = data.inspection.focus_area
    if key and data.framework.has_area(key):
        return data.framework.area(key).name
    return "the areas agreed for this visit"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def methods_sentence(data: ReportData) -> str:
    """What the inspectors did, naming only what was done (never "0 cases")."""
    done = []
    if data.case_count:
        done.append(f"considered {_plural(data.case_count, 'child’s case', 'children’s cases')}")
    if data.audit_count:
        done.append(f"examined {_plural(data.audit_count, 'record', 'records')}")
    done.append("discussed children’s experiences with social workers, managers and leaders")
    return "They " + (", ".join(done[:-1]) + " and " + done[-1] if len(done) > 1 else done[0]) + "."


def _areas_covered(data: ReportData, extra: str = "") -> list[d.Block]:
    focus = _focus(data)
    return [
        d.Heading("Areas covered by the visit", 2, "areas-covered"),
        d.Para(f"Inspectors evaluated {focus[0].lower() + focus[1:]}.{extra} {methods_sentence(data)}", "letter"),
    ]


def _headline(data: ReportData) -> list[d.Block]:
    texts = paragraphs(data.inspection.summary)
    blocks: list[d.Block] = [d.Heading("Headline findings", 2, "headline-findings")]
    if not texts:
        return [*blocks, d.Para("[Headline findings not yet written]", "notice")]
    return blocks + [d.Para(data.scrub(t), "letter") for t in texts]


def _findings(data: ReportData, kind: FindingKind, audience: Audience) -> list[d.Block]:
    return [d.Para(data.scrub(f.text), "letter", notes=audience.evidence(data, f.evidence_ids))
            for f in data.of_kind(kind)]


def _bullets(data: ReportData, kind: FindingKind, audience: Audience) -> list[d.Block]:
    items = data.of_kind(kind)
    if not items:
        return []
    return [d.Bullets(tuple(d.Bullet(data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
                            for f in items))]


def letter_close(data: ReportData, future: str) -> list[d.Block]:
    lead = data.inspection.lead
    return [
        d.Para(future, "letter"),
        d.Para("Yours sincerely,", "letter"),
        d.LetterBlock((lead.name if lead else "[Lead inspector]", "His Majesty’s Inspector"), "signature"),
    ]


def _focused_visit(data: ReportData, audience: Audience) -> list[d.Block]:
    info = data.inspection
    blocks: list[d.Block] = [
        d.Para(f"This letter summarises the findings of the focused visit to {info.authority} children’s "
               f"services on {date_range(info.start_date, info.end_date)}. {inspectors_sentence(data)}", "letter"),
        *_areas_covered(data),
        *_headline(data),
    ]
    priority = _bullets(data, FindingKind.PRIORITY_ACTION, audience)
    if priority:
        blocks += [
            d.Heading("Areas for priority action", 2, "priority-action"),
            *priority,
            d.Para("Because this visit identified areas for priority action, the local authority should send a "
                   "draft action plan within 20 working days of receiving this letter and a final plan within "
                   "70 working days.", "letter"),
        ]
    # Without separate recommendations, the areas for improvement are what needs to improve, and are
    # not repeated word for word under the main findings.
    recommended = _bullets(data, FindingKind.RECOMMENDATION, audience)
    improve = recommended or _bullets(data, FindingKind.AREA_FOR_IMPROVEMENT, audience)
    blocks.append(d.Heading("What needs to improve in this area of social work practice?", 2, "what-needs-to-improve"))
    blocks += improve or [d.Para("[Nothing recorded yet]", "notice")]
    main = _findings(data, FindingKind.STRENGTH, audience)
    if recommended:
        main += _findings(data, FindingKind.AREA_FOR_IMPROVEMENT, audience)
    blocks.append(d.Heading("Main findings", 2, "main-findings"))
    blocks += main or [d.Para("[Nothing recorded yet]", "notice")]
    return blocks + letter_close(data, "Ofsted will take the findings from this focused visit into account when "
                                       "planning your next inspection or visit.")


def _monitoring_visit(data: ReportData, audience: Audience) -> list[d.Block]:
    info = data.inspection
    nth = info.visit_number
    ordinal = ORDINALS[nth - 1] if nth and 0 < nth <= len(ORDINALS) else (f"number {nth}" if nth else "latest")
    since = (f" since the local authority was judged inadequate in {month_year(info.previous_inspection_date)}"
             if info.previous_inspection_date else " since the local authority was judged inadequate")
    recommendations = data.monitored_recommendations
    rechecked = (" They checked the progress made against the recommendations of the last inspection in this area."
                 if recommendations or data.followed_up else "")
    blocks: list[d.Block] = [
        d.Para(f"This letter summarises the findings of the monitoring visit to {info.authority} children’s "
               f"services on {date_range(info.start_date, info.end_date)}. This visit was the {ordinal} monitoring "
               f"visit{since}. {inspectors_sentence(data)}", "letter"),
        *_areas_covered(data, rechecked),
        *_headline(data),
        d.Heading("Progress against the recommendations of the last inspection", 2, "recommendations"),
    ]
    if data.followed_up:
        blocks += followed_up_blocks(data, monitoring=True, audience=audience)
    elif recommendations:
        blocks.append(d.Para("At the last inspection, inspectors asked the local authority to improve:", "letter"))
        blocks += [d.Numbered(n, data.scrub(rec.text), sequence="recommendations",
                              notes=audience.evidence(data, rec.evidence_ids))
                   for n, rec in enumerate(recommendations, start=1)]
        blocks.append(d.Para("[Progress against these recommendations is not recorded yet]", "notice"))
    else:
        blocks.append(d.Para("[The recommendations of the last inspection are not recorded in this database]",
                             "notice"))
    blocks.append(d.Heading("Where progress has been made", 2, "progress"))
    blocks += _findings(data, FindingKind.STRENGTH, audience) or [d.Para("[Nothing recorded yet]", "notice")]
    blocks.append(d.Heading("What still needs to improve", 2, "still-to-improve"))
    still = _findings(data, FindingKind.AREA_FOR_IMPROVEMENT, audience)
    blocks += still or [d.Para("[Nothing recorded yet]", "notice")]
    return blocks + letter_close(data, "I am copying this letter to the Department for Education. The next "
                                       "monitoring visit will follow up the areas above.")


def build_letter(data: ReportData, audience: Audience, *, today: date | None = None) -> d.Document:
    info = data.inspection
    doc = d.Document(
        title=letter_subject(data),
        subject=f"Draft {info.kind.label.lower()} letter" + (" (internal)" if audience.internal else ""),
        author=info.lead.name if info.lead else "Inspector App",
        running_dates=date_range(info.start_date, info.end_date),
        internal=audience.internal,
        kind="letter",
    )
    doc.add(*letter_head(data, today or date.today()))
    doc.add(d.Heading(letter_subject(data), 1, "subject"))
    if info.kind is InspectionKind.MONITORING_VISIT:
        doc.add(*_monitoring_visit(data, audience))
    else:
        doc.add(*_focused_visit(data, audience))
    doc.add(*appendices(data, audience, show_grades=False))
    return doc


__all__ = ["build_letter", "inspectors_sentence", "letter_close", "letter_head", "letter_subject", "methods_sentence"]
