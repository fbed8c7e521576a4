"""What every document builder shares: the audience, the lead's notes, the appendices, the back page.

The audience is decided here once: in the publishable draft :meth:`Audience.evidence` returns no
notes at all, so no builder can put an evidence reference into a published document by mistake.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from inspector_app.domain.enums import Grade
from inspector_app.domain.refs import evidence_ref, ref_sort_key
from inspector_app.reports import document as d
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import short_date

NOT_JUDGED = "Not yet judged"


@dataclass(frozen=True)
class Audience:
    """Who the document is for: the publishable draft, or the lead's internal working copy."""

    internal: bool = False
    appendix: bool = False  # the evidence appendix (always in the internal copy)
    case_references: bool = False  # the pseudonym key: only when asked for explicitly

    @property
    def with_appendix(self) -> bool:
        return self.internal or self.appendix

    def evidence(self, data: ReportData, evidence_ids: Iterable[int]) -> tuple[str, ...]:
        """The lead's note of the evidence behind a paragraph; nothing in the publishable draft."""
        if not self.internal:
            return ()
        refs = sorted((evidence_ref(data.cited[e].ref) for e in set(evidence_ids) if e in data.cited),
                      key=ref_sort_key)
        return (f"Evidence: {', '.join(refs)}",) if refs else ("No evidence linked to this finding yet.",)

    def note(self, *texts: str) -> tuple[str, ...]:
        return tuple(t for t in texts if t) if self.internal else ()


def change(previous: Grade | None, current: Grade | None) -> str:
    if previous is None or current is None:
        return "–"
    if current.better_than(previous):
        return "Improved"
    if previous.better_than(current):
        return "Declined"
    return "Same"


def evidence_appendix(data: ReportData, *, show_grades: bool) -> list[d.Block]:
    """Every cited evidence item with its reference, source, date and the child's pseudonym."""
    blocks: list[d.Block] = [d.PageBreak(), d.Heading("Appendix: evidence cited", 1, "appendix")]
    if not data.cited:
        return [*blocks, d.Para("No evidence is linked to the findings in this draft yet.")]
    rows = []
    for item in sorted(data.cited.values(), key=lambda e: ref_sort_key(e.ref)):
        known = data.framework.has_area(item.area_key)
        area = data.framework.area(item.area_key).short_name if known else item.area_key
        text = data.scrub(item.text, item.case_id)
        if show_grades and item.grade is not None:
            text += f" [points to {item.grade.label.lower()}]"
        rows.append(d.Row((evidence_ref(item.ref), area, item.source.label, short_date(item.seen_on),
                           data.pseudonyms.name(item.case_id) or "–", text)))
    return [
        *blocks,
        d.Para("Each finding cites the evidence it rests on by reference. Children are referred to by "
               "pseudonym only.", "small"),
        d.Table(("Ref", "Area", "Source", "Seen", "Child", "Evidence"), tuple(rows),
                (0.09, 0.16, 0.15, 0.11, 0.09, 0.40), small=True),
    ]


def internal_case_table(data: ReportData) -> list[d.Block]:
    """The pseudonym key: only when the user explicitly asks for internal references."""
    if data.council_ids:  # sampled from Annex A: the council's own child ID beside the case reference
        rows = tuple(d.Row((name, case.reference, data.council_ids.get(case.id, "–"), case.initials or "–",
                            case.legal_status.label)) for name, case in data.pseudonyms.mapping())
        table = d.Table(("Pseudonym", "Case reference", "Council child ID", "Initials", "Legal status"), rows,
                        (0.18, 0.2, 0.22, 0.14, 0.26))
    else:
        rows = tuple(d.Row((name, case.reference, case.initials or "–", case.legal_status.label))
                     for name, case in data.pseudonyms.mapping())
        table = d.Table(("Pseudonym", "Council reference", "Initials", "Legal status"), rows, (0.22, 0.3, 0.18, 0.3))
    return [
        d.Heading("Internal appendix: case references", 1, "internal-references"),
        d.Para("INTERNAL — NOT FOR PUBLICATION. This table links pseudonyms to the council's case references. "
               "Remove it before the draft leaves the inspection team.", "notice"),
        table,
    ]


def appendices(data: ReportData, audience: Audience, *, show_grades: bool) -> list[d.Block]:
    blocks: list[d.Block] = []
    if audience.with_appendix:
        blocks += evidence_appendix(data, show_grades=show_grades)
    if audience.case_references:
        blocks += internal_case_table(data)
    return blocks


def back_page(year: int) -> list[d.Block]:
    """The standard closing page of a published report, in the inspectorate's usual terms."""
    return [
        d.PageBreak(),
        d.Para("The Office for Standards in Education, Children's Services and Skills (Ofsted) regulates and "
               "inspects to achieve excellence in the care of children and young people, and in education and "
               "skills for learners of all ages. It regulates and inspects childcare and children's social care, "
               "and inspects the Children and Family Court Advisory and Support Service (Cafcass), schools, "
               "colleges, initial teacher training, further education and skills, adult and community learning, "
               "and education and training in prisons and other secure establishments.", "small"),
        d.Para("If you would like a copy of this document in a different format, such as large print or Braille, "
               "please telephone 0300 123 1231, or email enquiries@ofsted.gov.uk.", "small"),
        d.Para("You may reuse this information (not including logos) free of charge in any format or medium, "
               "under the terms of the Open Government Licence.", "small"),
        d.Para(f"© Crown copyright {year}", "small"),
    ]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


__all__ = ["NOT_JUDGED", "Audience", "appendices", "back_page", "change", "evidence_appendix",
           "internal_case_table", "paragraphs"]
