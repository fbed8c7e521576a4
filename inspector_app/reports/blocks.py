"""Flowables shared by the report and the letters: escaped text, lists, tables, the appendix."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from inspector_app.domain.refs import evidence_ref
from inspector_app.reports.content import ReportData
from inspector_app.reports.styles import FONT, FONT_BOLD, RULE, TABLE_HEAD, stylesheet
from inspector_app.reports.template import Heading


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text: markup characters in user text are escaped, never interpreted."""
    return Paragraph(escape(text).replace("\n", "<br/>"), stylesheet()[style])


def rich(markup: str, style: str = "body") -> Paragraph:
    """A paragraph whose markup is ours (bold labels etc.); user text inside must be escaped."""
    return Paragraph(markup, stylesheet()[style])


def heading(text: str, level: int, key: str) -> Heading:
    return Heading(escape(text), "h1" if level == 0 else "h2", level, key)


def citations(data: ReportData, evidence_ids: Iterable[int]) -> str:
    refs = [evidence_ref(e) for e in sorted(evidence_ids) if e in data.cited]
    return f" ({', '.join(refs)})" if refs else ""


def numbered(number: int, text: str) -> Paragraph:
    """A paragraph with its number hanging in the margin, as report paragraphs are numbered."""
    return Paragraph(escape(text), stylesheet()["numbered"], bulletText=f"{number}.")


def bullets(items: Sequence[str], style: str = "bullet") -> list[Flowable]:
    return [Paragraph(escape(text), stylesheet()[style], bulletText="•") for text in items]


def grid(rows: list[list[Flowable | str]], widths: list[float], *, header: bool = True,
         extra: list[tuple] | None = None) -> Table:
    """A table whose header row repeats on every page it runs onto."""
    cells = [[c if isinstance(c, Flowable) else para(str(c), "cell") for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # Table's own default would reference Helvetica
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD), ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD)]
    table.setStyle(TableStyle(style + (extra or [])))
    return table


def head_cells(*labels: str) -> list[Flowable | str]:
    return [para(label, "cell_head") for label in labels]


def evidence_appendix(data: ReportData, width: float, *, show_grades: bool) -> list[Flowable]:
    """Every cited evidence item with its reference, source, date and the child's pseudonym."""
    if not data.cited:
        return [PageBreak(), heading("Appendix: evidence cited", 0, "appendix"),
                para("No evidence is linked to the findings in this draft yet.")]
    rows: list[list[Flowable | str]] = [head_cells("Ref", "Area", "Source", "Seen", "Child", "Evidence")]
    for item in sorted(data.cited.values(), key=lambda e: e.id):
        known = data.framework.has_area(item.area_key)
        area = data.framework.area(item.area_key).short_name if known else item.area_key
        text = data.scrub(item.text, item.case_id)
        if show_grades and item.grade is not None:
            text += f" [points to {item.grade.label.lower()}]"
        rows.append([evidence_ref(item.id), area, item.source.label, item.seen_on.strftime("%d %b %Y"),
                     data.pseudonyms.name(item.case_id) or "–", text])
    return [
        PageBreak(),
        heading("Appendix: evidence cited", 0, "appendix"),
        para("Each finding cites the evidence it rests on by reference. Children are referred to by "
             "pseudonym only.", "small"),
        grid(rows, [15 * mm, 28 * mm, 25 * mm, 18 * mm, 15 * mm, width - 101 * mm]),
    ]


def internal_case_table(data: ReportData, width: float) -> list[Flowable]:
    """The pseudonym key: only when the user explicitly asks for internal references."""
    rows: list[list[Flowable | str]] = [head_cells("Pseudonym", "Council reference", "Initials", "Legal status")]
    for name, case in data.pseudonyms.mapping():
        rows.append([name, case.reference, case.initials or "–", case.legal_status.label])
    return [
        heading("Internal appendix: case references", 0, "internal-references"),
        rich("<b>INTERNAL — NOT FOR PUBLICATION.</b> This table links pseudonyms to the council's case "
             "references. Remove it before the draft leaves the inspection team.", "notice"),
        grid(rows, [width * 0.22, width * 0.3, width * 0.18, width * 0.3]),
    ]


def spacer(height: float) -> Spacer:
    return Spacer(1, height)


__all__ = ["bullets", "citations", "evidence_appendix", "grid", "head_cells", "heading",
           "internal_case_table", "numbered", "para", "rich", "spacer"]
