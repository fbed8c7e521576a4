"""The Word renderer: writes a :class:`~inspector_app.reports.document.Document` as .docx with python-docx.

Everything is set through Word's own named styles (Title, Heading 1–3, List Bullet, List Number,
"Table Grid", No Spacing, plus a few of ours that a template may redefine), so the inspectorate's
template restyles the draft without touching its text. Numbered paragraphs are real Word numbering
(List Number, one numbering instance per sequence, starting where the model says); footnotes are
real Word footnotes; the lead's notes in the internal copy are Word comments anchored to the
paragraph they concern; the footer carries PAGE and NUMPAGES fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from inspector_app.reports import document as d

TABLE_STYLE = "Table Grid"
COMMENT_AUTHOR = "Inspector App"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
OUR_STYLES: dict[str, dict[str, Any]] = {
    # name: properties; created only when the template does not define the style already
    "Draft Notice": {"bold": True, "color": RGBColor(0xA4, 0x27, 0x1B)},
    "Small Print": {"size": Pt(8.5), "color": RGBColor(0x55, 0x5B, 0x61)},
    "Title Details": {"size": Pt(11)},
    "Letter Text": {"size": Pt(11)},
    "Grade Box": {"bold": True, "size": Pt(13), "color": RGBColor(0x12, 0x3E, 0x5C)},
}
PARA_STYLES: dict[str, str] = {"body": "Normal", "intro": "Normal", "meta": "Title Details", "small": "Small Print",
                               "notice": "Draft Notice", "letter": "Letter Text"}


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Text as XML can hold it: control characters pasted from other programs are dropped."""
    return _NOT_XML.sub("", text)


class TemplateError(Exception):
    """The .docx template cannot be used; the message says why."""


def _field_begin(paragraph: DocxParagraph, instruction: str) -> None:
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES…) with a value shown until Word updates it."""
    _field_begin(paragraph, instruction)
    paragraph.add_run(shown)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def _short_title(title: str, limit: int = 80) -> str:
    """The running title on one line beside the dates: long titles are cut at a word, with an ellipsis."""
    if len(title) <= limit:
        return title
    return title[:limit].rsplit(" ", 1)[0].rstrip(" ,:") + "…"


class _Footnotes:
    """A footnotes part, which python-docx does not make: separators first, then one note per id."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def reference(self, paragraph: DocxParagraph, text: str) -> None:
        self.notes.append(text)
        number = len(self.notes)
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'))

    def attach(self, document: Any) -> None:
        if not self.notes:
            return
        body = "".join(
            f'<w:footnote w:id="{n}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="17"/></w:rPr><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p>'
            f'</w:footnote>' for n, text in enumerate(self.notes, start=1))
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f'</w:p></w:footnote>{body}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, xml.encode("utf-8"), document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)


class _Renderer:
    def __init__(self, doc: d.Document, template: Path | None) -> None:
        self.doc = doc
        self.word = self._open(template)
        self.footnotes = _Footnotes()
        self.sequences: dict[str, int] = {}
        self.next_number: dict[str, int] = {}
        self._ensure_styles(template is not None)

    @staticmethod
    def _open(template: Path | None) -> Any:
        if template is None:
            return open_docx()
        try:
            word = open_docx(str(template))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
            raise TemplateError(f"{template.name} is not a Word document (.docx) that can be used as a template: "
                                "choose another file or export without a template.") from exc
        body = word.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        return word

    def _ensure_styles(self, own_template: bool) -> None:
        styles = self.word.styles
        names = {s.name for s in styles}
        if not own_template:  # python-docx's default is Calibri/Cambria; the app's house style is Arial-like
            styles["Normal"].font.name = "Arial"
            styles["Normal"].font.size = Pt(10.5)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "List Bullet", "List Number",
                     "No Spacing"):
            if name not in names:
                styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = styles["Normal"]
        for name, props in OUR_STYLES.items():
            if name in names:
                continue
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles["Normal"]
            style.font.bold = props.get("bold")
            if "size" in props:
                style.font.size = props["size"]
            if "color" in props:
                style.font.color.rgb = props["color"]
        if TABLE_STYLE not in names:
            styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)

    # -- text --------------------------------------------------------------------------------------

    def para(self, text: str, style: str, *, label: str | None = None, footnotes: tuple[str, ...] = (),
             notes: tuple[str, ...] = ()) -> DocxParagraph:
        p = self.word.add_paragraph(style=style)
        if label:
            p.add_run(clean(label) + " ").bold = True
        run = p.add_run(clean(text))
        for note in footnotes:
            self.footnotes.reference(p, note)
        if notes:
            first = p.runs[0] if p.runs else run
            self.word.add_comment([first, run], text="\n".join(notes), author=COMMENT_AUTHOR, initials="IA")
        return p

    def numbered(self, block: d.Numbered) -> None:
        p = self.para(block.text, "List Number", footnotes=block.footnotes, notes=block.notes)
        num_id = self._num_id(block.sequence, block.number)
        if num_id is None:  # the template's List Number style has no numbering: number in the text
            p.runs[0].text = f"{block.number}.\t{p.runs[0].text}"
            return
        p_pr = p._p.get_or_add_pPr()
        num_pr = p_pr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id

    def _num_id(self, sequence: str, number: int) -> int | None:
        """The Word numbering instance that gives this paragraph ``number``: the sequence's own while
        its numbers run on, a new one starting at ``number`` where the model restarts or jumps."""
        expected = self.next_number.get(sequence)
        self.next_number[sequence] = number + 1
        if sequence in self.sequences and expected == number:
            return self.sequences[sequence]
        first = number
        style = self.word.styles["List Number"]
        p_pr = style.element.pPr
        base = p_pr.numPr.numId.val if p_pr is not None and p_pr.numPr is not None and p_pr.numPr.numId is not None \
            else None
        if base is None:
            return None
        numbering = self.word.part.numbering_part.element
        abstract = numbering.num_having_numId(base).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(first)
        self.sequences[sequence] = num.numId
        return int(num.numId)

    # -- other blocks ------------------------------------------------------------------------------

    def table(self, block: d.Table) -> None:
        """The table as one piece of WordprocessingML: python-docx's cell-by-cell API is slow for the
        appendix's thousands of cells, and the XML is the same it would write."""
        if block.caption:
            self.para(block.caption, "Title Details")
        width = self._text_width() // 635  # EMU to twentieths of a point
        widths = [int(width * f) for f in block.widths]
        size = '<w:sz w:val="17"/>' if block.small else ""

        def cell(text: str, column: int, *, bold: bool, italic: bool = False, indent: int = 0) -> str:
            props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + size
            r_pr = f"<w:rPr>{props}</w:rPr>" if props else ""
            lines = escape(clean(text)).split("\n")
            texts = "<w:br/>".join(f'<w:t xml:space="preserve">{line}</w:t>' for line in lines)
            run = f"<w:r>{r_pr}{texts}</w:r>"
            p_pr = f'<w:pPr><w:ind w:left="{284 * indent}"/></w:pPr>' if indent else ""
            return (f'<w:tc><w:tcPr><w:tcW w:w="{widths[column]}" w:type="dxa"/></w:tcPr>'
                    f"<w:p>{p_pr}{run}</w:p></w:tc>")

        head = "".join(cell(text, i, bold=True) for i, text in enumerate(block.header))
        rows = [f'<w:tr><w:trPr><w:tblHeader w:val="true"/></w:trPr>{head}</w:tr>']
        for row in block.rows:
            rows.append("<w:tr>" + "".join(
                cell(text, i, bold=row.bold, italic=row.pending and i == 1, indent=row.indent if i == 0 else 0)
                for i, text in enumerate(row.cells)) + "</w:tr>")
        style_id = self.word.styles[TABLE_STYLE].style_id
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        xml = (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="{style_id}"/>'
               f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
               '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
               f"<w:tblGrid>{grid}</w:tblGrid>"
               f'{"".join(rows)}</w:tbl>')
        body = self.word.element.body
        table = parse_xml(xml)
        section = body.find(qn("w:sectPr"))
        if section is not None:
            section.addprevious(table)
        else:
            body.append(table)
        self.word.add_paragraph(style="No Spacing")

    def _text_width(self) -> int:
        section = self.word.sections[-1]
        return int(section.page_width - section.left_margin - section.right_margin)

    def grade_box(self, block: d.GradeBox) -> None:
        table = self.word.add_table(rows=1, cols=1)
        table.style = self.word.styles[TABLE_STYLE]
        cell = table.rows[0].cells[0]
        first = cell.paragraphs[0]
        first.style = self.word.styles["Grade Box"]
        run = first.add_run(clean(block.headline))
        for note in block.footnotes:
            self.footnotes.reference(first, note)
        if block.notes:
            self.word.add_comment(run, text="\n".join(block.notes), author=COMMENT_AUTHOR, initials="IA")
        if block.text:
            cell.add_paragraph(clean(block.text))
        self.word.add_paragraph(style="No Spacing")

    def contents(self, block: d.Contents) -> None:
        """A TOC field whose shown result lists the headings, one "toc N" paragraph each; Word fills in
        the page numbers when it updates fields on opening (the document asks it to)."""
        self.para(block.title, "Heading 1")
        later = self.doc.blocks[self.doc.blocks.index(block) + 1:]
        entries = [(h.level, h.text) for h in later if isinstance(h, d.Heading) and h.level <= block.max_level]
        if not entries:
            return
        names = {s.name for s in self.word.styles}
        for level in {level for level, _ in entries}:
            if f"toc {level}" not in names:
                style = self.word.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
                style.base_style = self.word.styles["Normal"]
                style.paragraph_format.left_indent = Cm(0.5 * (level - 1))
                style.paragraph_format.space_after = Pt(2)
        for index, (level, text) in enumerate(entries):
            p = self.word.add_paragraph(style=f"toc {level}")
            if index == 0:
                _field_begin(p, f'TOC \\o "1-{block.max_level}" \\h \\z \\u')
            p.add_run(clean(text))
            if index == len(entries) - 1:
                p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
        settings = self.word.settings.element
        if settings.find(qn("w:updateFields")) is None:
            settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))

    def furniture(self) -> None:
        for section in self.word.sections:
            section.different_first_page_header_footer = True
            for header, running in ((section.first_page_header, False), (section.header, True)):
                header.is_linked_to_previous = False
                p = header.paragraphs[0]
                p.text = ""
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(self.doc.marking).bold = True
                if running:
                    line = header.add_paragraph(f"{_short_title(self.doc.title)}\t{self.doc.running_dates}",
                                                style="Small Print")
                    line.alignment = WD_ALIGN_PARAGRAPH.LEFT
                    line.paragraph_format.tab_stops.add_tab_stop(self._text_width(), WD_TAB_ALIGNMENT.RIGHT)
            for footer in (section.first_page_footer, section.footer):
                footer.is_linked_to_previous = False
                p = footer.paragraphs[0]
                p.text = ""
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                p.add_run(self.doc.marking).bold = True
                pages = footer.add_paragraph()
                pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                pages.add_run("Page ")
                _field(pages, "PAGE", "1")
                pages.add_run(" of ")
                _field(pages, "NUMPAGES", "1")

    def render(self, on_block: Callable[[], None] | None = None) -> Any:
        for block in self.doc.blocks:
            if on_block is not None:
                on_block()
            if isinstance(block, d.Title):
                self.para(block.text, "Title", notes=block.notes)
            elif isinstance(block, d.Heading):
                self.para(block.text, f"Heading {min(max(block.level, 1), 4)}", footnotes=block.footnotes,
                          notes=block.notes)
            elif isinstance(block, d.Para):
                self.para(block.text, PARA_STYLES[block.style], label=block.label, footnotes=block.footnotes,
                          notes=block.notes)
            elif isinstance(block, d.Numbered):
                self.numbered(block)
            elif isinstance(block, d.Bullets):
                for item in block.items:
                    self.para(item.full_text, "List Bullet", notes=item.notes)
            elif isinstance(block, d.Table):
                self.table(block)
            elif isinstance(block, d.GradeBox):
                self.grade_box(block)
            elif isinstance(block, d.LetterBlock):
                if block.kind == "signature":
                    self.word.add_paragraph(style="No Spacing")
                for line in block.lines:
                    self.word.add_paragraph(clean(line), style="No Spacing")
                self.word.add_paragraph(style="No Spacing")
            elif isinstance(block, d.Contents):
                self.contents(block)
            elif isinstance(block, d.PageBreak):
                self.word.add_page_break()
        self.furniture()
        self.footnotes.attach(self.word)
        props = self.word.core_properties
        props.title, props.subject, props.author = self.doc.title, self.doc.subject, self.doc.author
        props.comments = self.doc.marking
        props.keywords = self.doc.marking
        return self.word


def render_docx(doc: d.Document, target: Any, *, template: Path | None = None,
                on_block: Callable[[], None] | None = None) -> None:
    """Write ``doc`` as .docx to ``target`` (a path or a binary file), optionally on a template's styles.

    With ``template``, the template's body is dropped and its styles, page set-up, headers' layout and
    numbering are kept, so "Heading 1", "List Bullet"… look as the template defines them.
    """
    word = _Renderer(doc, template).render(on_block)
    word.save(target)


__all__ = ["TABLE_STYLE", "TemplateError", "render_docx"]
