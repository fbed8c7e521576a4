"""The PDF renderer: lays a :class:`~inspector_app.reports.document.Document` out with ReportLab.

Footnotes (published ones and, in the internal copy, the lead's notes) are set at the foot of the
page on which their marker falls: a paragraph that carries notes reserves their height as it is
placed, and the page's footnote area grows upwards by that much (see :class:`NotedParagraph`).
Only the embedded Liberation Sans family is ever named, so no page references a base-14 font.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser
from reportlab.platypus.tableofcontents import TableOfContents

from inspector_app.reports import document as d
from inspector_app.reports.styles import ACCENT, FONT, RULE, TABLE_HEAD, WARNING, stylesheet
from inspector_app.reports.template import DocumentTemplate, Furniture

NOTE_GAP = 2.5 * mm  # between the text and the footnote rule
_MARKUP = re.compile(r"[&<>\n]")  # what a cell's text needs the paragraph parser for (entities, line breaks)


def _markup(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


class NotedParagraph(Paragraph):
    """A paragraph whose footnotes go to the foot of the page it is drawn on.

    ``wrap`` asks for the paragraph's height plus its notes' height, so the page is left with room
    for them; once placed, the document template gives that room back to the text flow and raises the
    page's footnote floor by the same amount, and draws the notes when the page ends.
    """

    footnotes: list[tuple[int, str]]
    notes_height: float = 0.0
    outline_level: int | None = None
    outline_key: str = ""
    outline_text: str = ""
    in_contents: bool = False

    def __init__(self, text: str | None, style: Any = None, bulletText: str | None = None,
                 frags: Any = None, caseSensitive: int = 1, encoding: str = "utf8") -> None:
        super().__init__(text, style, bulletText=bulletText, frags=frags,  # type: ignore[arg-type]
                         caseSensitive=caseSensitive, encoding=encoding)
        self.footnotes = []
        self._note_paras: list[Paragraph] = []

    def note_paragraphs(self) -> list[Paragraph]:
        if not self._note_paras and self.footnotes:
            style = stylesheet()["footnote"]
            self._note_paras = [Paragraph(f"<super>{n}</super> {_markup(text)}", style) for n, text in self.footnotes]
        return self._note_paras

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = super().wrap(availWidth, availHeight)
        self.notes_height = 0.0
        if self.footnotes:
            self.notes_height = NOTE_GAP + sum(p.wrap(availWidth, 10_000)[1] + 1.5 for p in self.note_paragraphs())
        return width, height + self.notes_height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if len(parts) <= 1:
            return []  # the text would fit but its notes would not: the whole paragraph goes to the next page
        for index, part in enumerate(parts):
            if isinstance(part, NotedParagraph):
                part.footnotes = self.footnotes if index == len(parts) - 1 else []
                part._note_paras = []
                if index == 0 and self.outline_level is not None:
                    part.outline_level, part.outline_key = self.outline_level, self.outline_key
                    part.outline_text, part.in_contents = self.outline_text, self.in_contents
        return parts

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        super().drawOn(canvas, x, y + self.notes_height, _sW)  # type: ignore[call-arg]


class CellParagraph(Paragraph):
    """A table cell's paragraph that breaks its lines once for a width, not each time it is measured.

    A long table measures each row while it fills a page, again in the part split off to fit, and again
    as it draws it: three line-breakings of every cell's text, the largest cost of the evidence
    appendix (issue 17). The lines depend only on the width and the text, so the first breaking is
    kept and given back for the same width; another width breaks them again."""

    _broken: tuple[float, tuple[float, float], Any, list[float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        kept = self._broken
        if kept is not None and kept[0] == availWidth:
            self.width, self.height = kept[1]
            self.blPara, self._wrapWidths = kept[2], kept[3]
            return kept[1]
        size = super().wrap(availWidth, availHeight)
        if getattr(self, "blPara", None) is not None:  # no lines for a width too narrow to hold any
            self._broken = (availWidth, size, self.blPara, self._wrapWidths)
        return size


class _Cells:
    """Table cells: whether a text fits on one line, and paragraphs without the markup parser where the
    text has no markup.

    The parser turns a cell's plain text into one fragment: a copy of the style's own, holding the text
    with its white space collapsed. An appendix of 2,000 items has three or four paragraphs a row, and
    parsing each cost as much as laying it out; here the fragment is made as the parser makes it, from
    one parse per style. Text with anything the parser reads differently (``&``, ``<``, ``>``, a line
    break), or in a style that changes the letters' case, is parsed as before."""

    def __init__(self) -> None:
        self._fragments: dict[int, tuple[Any, Any]] = {}  # id(style): (style, its fragment)
        self._fits: dict[tuple[str, str, float, float], bool] = {}

    def fits(self, text: str, style: Any, room: float) -> bool:
        """Whether ``text`` fits on one line of ``room`` points in the style's font: asked of every cell, and
        most cells of an appendix repeat (a source, a date, an area), so each answer is kept. A glyph's
        width does not depend on its neighbours, so a long text whose first 60 characters are already too
        wide is not measured to its end."""
        key = (text, style.fontName, style.fontSize, room)
        found = self._fits.get(key)
        if found is None:
            found = self._fits[key] = stringWidth(text[:60], style.fontName, style.fontSize) <= room and (
                len(text) <= 60 or stringWidth(text, style.fontName, style.fontSize) <= room)
        return found

    def paragraph(self, text: str, style: Any) -> CellParagraph:
        plain = cleanBlockQuotedText(text)
        if _MARKUP.search(text) is not None or not plain or getattr(style, "textTransform", None):
            return CellParagraph(_markup(text), style)
        kept = self._fragments.get(id(style))
        if kept is None or kept[0] is not style:
            kept = self._fragments[id(style)] = (style, ParaParser().parse("x", style)[1][0])
        fragment = copy.copy(kept[1])
        fragment.text = plain
        return CellParagraph(plain, style, frags=[fragment])


@dataclass
class _Layout:
    """State shared while one document is laid out: footnote numbers and the current page's notes."""

    next_note: int = 1

    def number(self, texts: tuple[str, ...]) -> list[tuple[int, str]]:
        numbered = []
        for text in texts:
            numbered.append((self.next_note, text))
            self.next_note += 1
        return numbered


class _Template(DocumentTemplate):
    """Adds the footnote area and the table of contents to the shared page template."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._page_notes: list[Paragraph] = []

    def beforePage(self) -> None:
        self._page_notes = []
        frame: Any = self.pageTemplate.frames[0]  # ReportLab keeps a frame's floor in private fields
        frame._y1p = frame._y1 + frame._bottomPadding

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, NotedParagraph):
            if flowable.in_contents and flowable.outline_level is not None:
                self.notify("TOCEntry", (flowable.outline_level, flowable.outline_text, self.page,
                                         flowable.outline_key))
            if flowable.footnotes:
                frame: Any = self.frame
                frame._y += flowable.notes_height
                frame._y1p += flowable.notes_height
                self._page_notes += flowable.note_paragraphs()
        super().afterFlowable(flowable)

    def afterPage(self) -> None:
        if not self._page_notes:
            return
        frame: Any = self.pageTemplate.frames[0]
        canvas = self.canv
        heights = [p.wrap(self.width, 10_000)[1] + 1.5 for p in self._page_notes]
        top = frame._y1 + frame._bottomPadding + sum(heights)
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.leftMargin, top + 1.5 * mm, self.leftMargin + 45 * mm, top + 1.5 * mm)
        canvas.restoreState()
        y = top
        for paragraph, height in zip(self._page_notes, heights, strict=True):
            y -= height
            paragraph.drawOn(canvas, self.leftMargin, y)
        self._page_notes = []


class _Renderer:
    def __init__(self, doc: d.Document, width: float) -> None:
        self.doc = doc
        self.width = width
        self.styles = stylesheet()
        self.layout = _Layout()
        self.keys: set[str] = set()
        self.has_contents = False
        self.toc_max = 0
        self.cells = _Cells()

    def paragraph(self, markup: str, style: str, footnotes: tuple[str, ...] = (), notes: tuple[str, ...] = (),
                  bullet: str | None = None) -> NotedParagraph:
        numbered = self.layout.number(footnotes + notes)
        marks = f"<super>{','.join(str(n) for n, _ in numbered)}</super>" if numbered else ""
        p = NotedParagraph(markup + marks, self.styles[style], bulletText=bullet)
        p.footnotes = numbered
        return p

    def heading(self, text: str, level: int, key: str, footnotes: tuple[str, ...] = (),
                notes: tuple[str, ...] = (), style: str | None = None) -> NotedParagraph:
        p = self.paragraph(_markup(text), style or f"h{min(max(level, 1), 4)}",
                           footnotes, notes)
        key = key or "h-" + "".join(c if c.isalnum() else "-" for c in text.lower())[:40]
        while key in self.keys:
            key += "+"
        self.keys.add(key)
        p.outline_level, p.outline_key, p.outline_text = max(level - 1, 0), key, text
        if style == "title":
            p.outline_level = 0
        return p

    def table(self, block: d.Table) -> list[Flowable]:
        cell, head = ("cell_small", "cell_head_small") if block.small else ("cell", "cell_head")
        rows: list[list[Any]] = [[self.cells.paragraph(h, self.styles[head]) for h in block.header]]
        extra: list[tuple[Any, ...]] = []
        body_style = self.styles[cell]
        room = [self.width * w - 10 for w in block.widths]  # less the cell's padding
        for index, row in enumerate(block.rows, start=1):
            cells: list[Any] = []
            for column, text in enumerate(row.cells):
                style = self.styles[head if row.bold else cell]
                if column == 0 and row.indent:
                    style = style.clone(f"{style.name}-indent", leftIndent=12 * row.indent)
                elif "\n" not in text and self.cells.fits(text, style, room[column]):
                    # One line that fits: a plain string draws the same and costs no paragraph layout.
                    cells.append(text)
                    if style is not body_style:
                        extra.append(("FONTNAME", (column, index), (column, index), style.fontName))
                    continue
                cells.append(self.cells.paragraph(text, style))
            rows.append(cells)
            if row.pending:
                extra.append(("TEXTCOLOR", (1, index), (1, index), WARNING))
            if row.bold:
                extra.append(("LINEABOVE", (0, index), (-1, index), 1.2, ACCENT))
        table = RLTable(rows, colWidths=[self.width * w for w in block.widths], repeatRows=1, hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),  # Table's own default would reference Helvetica
            ("FONTSIZE", (0, 0), (-1, -1), body_style.fontSize),
            ("LEADING", (0, 0), (-1, -1), body_style.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), body_style.textColor),
            ("GRID", (0, 0), (-1, -1), 0.5, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
            *extra,
        ]))
        story: list[Flowable] = []
        if block.caption:
            story.append(Paragraph(_markup(block.caption), self.styles["meta"]))
        return [*story, table, Spacer(1, 3 * mm)]

    def grade_box(self, block: d.GradeBox) -> list[Flowable]:
        inner: list[Flowable] = [self.paragraph(_markup(block.headline), "box_headline", block.footnotes, block.notes)]
        if block.text:
            inner.append(Paragraph(_markup(block.text), self.styles["body"]))
        box = RLTable([[inner]], colWidths=[self.width], hAlign="LEFT")
        box.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BOX", (0, 0), (-1, -1), 1.2, ACCENT),
            ("LEFTPADDING", (0, 0), (-1, -1), 8), ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]))
        # A footnote inside a table cell would not reach the page's foot: print the box's notes after it.
        notes = [fn for p in inner if isinstance(p, NotedParagraph) for fn in p.footnotes]
        after: list[Flowable] = [Paragraph(f"<super>{n}</super> {_markup(t)}", self.styles["footnote"])
                                 for n, t in notes]
        for p in inner:
            if isinstance(p, NotedParagraph):
                p.footnotes = []
        return [box, *after, Spacer(1, 4 * mm)]

    def contents(self, block: d.Contents) -> list[Flowable]:
        self.has_contents = True
        toc = TableOfContents(dotsMinLevel=0, levelStyles=[self.styles["toc1"], self.styles["toc2"]][: block.max_level])
        toc.tableStyle = TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                     ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        self.toc_max = block.max_level
        return [Paragraph(_markup(block.title), self.styles["h1"]), toc]

    def blocks(self) -> list[Flowable]:
        story: list[Flowable] = []
        pending_heading: list[Flowable] = []
        for block in self.doc.blocks:
            out: list[Flowable] = []
            if isinstance(block, d.Title):
                out = [self.heading(block.text, 1, "title", notes=block.notes, style="title")]
            elif isinstance(block, d.Heading):
                h = self.heading(block.text, block.level, block.key, block.footnotes, block.notes)
                h.in_contents = self.has_contents and block.level <= self.toc_max
                pending_heading.append(h)
                continue
            elif isinstance(block, d.Para):
                label = f"<b>{_markup(block.label)}</b> " if block.label else ""
                out = [self.paragraph(label + _markup(block.text), block.style, block.footnotes, block.notes)]
            elif isinstance(block, d.Numbered):
                out = [self.paragraph(_markup(block.text), "numbered", block.footnotes, block.notes,
                                      bullet=f"{block.number}.")]
            elif isinstance(block, d.Bullets):
                out = [self.paragraph(_markup(item.full_text), "bullet", (), item.notes, bullet="▪")
                       for item in block.items]
            elif isinstance(block, d.Table):
                out = self.table(block)
            elif isinstance(block, d.GradeBox):
                out = self.grade_box(block)
            elif isinstance(block, d.LetterBlock):
                style = "address"
                out = [Spacer(1, 8 * mm)] if block.kind == "signature" else []
                out += [Paragraph(_markup(line), self.styles[style]) for line in block.lines]
                out.append(Spacer(1, 6 * mm if block.kind != "signature" else 2 * mm))
                if block.kind == "signature":
                    out = [KeepTogether(out)]
            elif isinstance(block, d.Contents):
                out = self.contents(block)
            elif isinstance(block, d.PageBreak):
                out = [RLPageBreak()]
            if pending_heading:
                # A heading stays with the first thing under it.
                story += [CondPageBreak(30 * mm), *pending_heading]
                pending_heading = []
            story += out
        story += pending_heading
        return story


def render_pdf(doc: d.Document, target: Any, *, on_flowable: Callable[[], None] | None = None,
               story_size: Callable[[int], None] | None = None) -> int:
    """Write ``doc`` as a PDF to ``target`` (a path or a binary file); returns the number of pages.

    ``on_flowable`` is called after each piece is placed (progress, cancelling); ``story_size`` is
    told how many pieces there are before layout starts.
    """
    furniture = Furniture(doc.marking, doc.title, doc.running_dates)
    template = _Template(target, furniture=furniture, title=doc.title, author=doc.author, subject=doc.subject,
                         on_flowable=on_flowable)
    renderer = _Renderer(doc, template.width)
    story = renderer.blocks()
    if story_size is not None:
        story_size(len(story))
    if renderer.has_contents:
        template.multi_build_story(story)
    else:
        template.build_story(story)
    return int(template.page)


__all__ = ["NotedParagraph", "render_pdf"]
