"""The joint targeted area inspection letter: to the partnership, on the theme, per agency, ungraded.

Addressed to the partners the framework names (the council, the health board, the police and the
probation and youth justice services), signed for each inspectorate that took part; it sets out
the headline findings, then for each agency what inspectors found and what needs to improve.
"""

from __future__ import annotations

from datetime import date

from inspector_app.domain.enums import FindingKind, TeamRole
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.reports import document as d
from inspector_app.reports.common import Audience, appendices, paragraphs
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import date_range, long_date

ORDER = list(Inspectorate)


def letter_subject(data: ReportData) -> str:
    theme = data.framework.theme.title if data.framework.theme else "children"
    return data.framework.report_title.format(authority=data.inspection.authority, theme=theme)


def _inspectorates(data: ReportData) -> list[Inspectorate]:
    found = {i for i in data.team_inspectorates.values() if i is not None}
    return [i for i in ORDER if i in found]


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _addressees(data: ReportData) -> list[str]:
    authority = data.inspection.authority
    lines = []
    for a in data.framework.addressees:
        title = a.title
        if a.area == "local_authority" and data.inspection.dcs_name:
            title = f"{data.inspection.dcs_name}, {a.title}"
        lines.append(f"{title}, {a.organisation.format(authority=authority)}")
    return lines


def _agency(data: ReportData, area_key: str, name: str, audience: Audience) -> list[d.Block]:
    blocks: list[d.Block] = [d.Heading(name, 2, f"agency-{area_key}")]
    found = data.of_kind(FindingKind.STRENGTH, area_key) + data.of_kind(FindingKind.AREA_FOR_IMPROVEMENT, area_key)
    if found:
        blocks += [d.Para(data.scrub(f.text), "letter", notes=audience.evidence(data, f.evidence_ids)) for f in found]
    else:
        blocks.append(d.Para(f"[No findings recorded yet for {name.lower()}]", "notice"))
    improve = data.of_kind(FindingKind.RECOMMENDATION, area_key) + data.of_kind(FindingKind.PRIORITY_ACTION, area_key)
    blocks.append(d.Heading(f"What needs to improve: {name.lower()}", 3, f"improve-{area_key}"))
    if improve:
        blocks.append(d.Bullets(tuple(d.Bullet(data.scrub(f.text), notes=audience.evidence(data, f.evidence_ids))
                                      for f in improve)))
    else:
        blocks.append(d.Para("[Nothing recorded yet]", "notice"))
    return blocks


def _signatures(data: ReportData) -> list[str]:
    lines = []
    by = data.team_inspectorates
    for inspectorate in _inspectorates(data):
        people = [m for m in data.inspection.team if by.get(m.name) is inspectorate and m.role is not TeamRole.QA]
        people.sort(key=lambda m: m.role is not TeamRole.LEAD)
        if people:
            title = "His Majesty’s Inspector" if inspectorate is not Inspectorate.CQC else "Inspector"
            lines.append(f"{people[0].name}, {title}, {inspectorate.label}")
    return lines


def build_joint_letter(data: ReportData, audience: Audience, *, today: date | None = None) -> d.Document:
    info = data.inspection
    subject = letter_subject(data)
    doc = d.Document(title=subject, subject="Draft joint targeted area inspection letter"
                     + (" (internal)" if audience.internal else ""),
                     author=info.lead.name if info.lead else "Inspector App",
                     running_dates=date_range(info.start_date, info.end_date), internal=audience.internal,
                     kind="letter")
    doc.add(d.LetterBlock((long_date(today or date.today()),), "date"),
            d.LetterBlock(tuple(_addressees(data)), "address"),
            d.Para("Dear partners,", "letter"),
            d.Heading(subject, 1, "subject"))
    inspectorates = [f"{i.label} ({i.short})" if i.short != i.label else i.label for i in _inspectorates(data)]
    who = _listing(inspectorates) if inspectorates else "the inspectorates (not yet recorded for the team)"
    doc.add(d.Para(f"This letter summarises the findings of a joint targeted area inspection of the multi-agency "
                   f"response to {data.framework.theme.title if data.framework.theme else 'children'} in "
                   f"{info.authority}, carried out from {date_range(info.start_date, info.end_date)} by {who}.",
                   "letter"))
    if data.framework.theme:
        doc.add(d.Para(f"The inspection looked at {data.framework.theme.focus[0].lower()}"
                       f"{data.framework.theme.focus[1:]}", "letter"))
    doc.add(d.Heading("Headline findings", 2, "headline-findings"))
    summary = paragraphs(info.summary)
    doc.add(*([d.Para(data.scrub(t), "letter") for t in summary] or [d.Para("[Headline findings not yet written]",
                                                                             "notice")]))
    doc.add(d.Heading("Findings and what needs to improve, agency by agency", 2, "agencies"))
    for area in data.framework.areas_in_report_order:
        doc.add(*_agency(data, area.key, area.name, audience))
    shared = data.of_kind(FindingKind.RECOMMENDATION, None)
    if shared:
        doc.add(d.Heading("What the partnership needs to improve together", 2, "partnership-improve"),
                d.Bullets(tuple(d.Bullet(data.scrub(f.text)) for f in shared)))
    doc.add(d.Para("The partners are asked to consider these findings together and to agree how they will "
                   "respond. The inspectorates will use them when planning future inspections.", "letter"),
            d.Para("Yours sincerely,", "letter"),
            d.LetterBlock(tuple(_signatures(data)) or ("[Signatories not yet recorded]",), "signature"))
    doc.add(*appendices(data, audience, show_grades=False))
    return doc


__all__ = ["build_joint_letter", "letter_subject"]
