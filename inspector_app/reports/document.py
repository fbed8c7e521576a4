"""One document model for every draft the app writes, rendered to PDF (ReportLab) and Word (python-docx).

Builders (the ILACS and SIF reports, the visit letters, and any other document kind) describe a
document once as a list of blocks; each renderer lays the same blocks out in its own medium. So the
PDF and the .docx carry the same content, in the same order, with the same numbering, and a new
document kind needs no renderer code of its own.

The whole API, in the order a document is written:

* ``Document(title=…, subject=…, author=…, running_dates=…, blocks=[…])``; ``marking`` defaults to
  "OFFICIAL-SENSITIVE — DRAFT" and ``internal`` says whether this is the lead's working copy.
* ``Title(text)`` the document's title (Word style "Title"); ``Heading(text, level)`` levels 1–3
  (Word "Heading 1–4"), optionally with a ``footnote`` on the heading.
* ``Para(text, style=…, label=…)``: a paragraph of plain text (never markup); ``label`` is a bold
  lead-in such as "Inspection dates:"; ``style`` one of :data:`ParaStyle`.
* ``Numbered(number, text)``: a numbered paragraph. Builders number explicitly (use a
  :class:`Counter` to run the numbering across sections); ``sequence`` names the run, so a list that
  restarts at 1 uses another sequence.
* ``Bullets(items=(Bullet(text, xref=…),…))``: a bulleted list; ``xref`` is printed in brackets at
  the end of the item (e.g. a National Framework cross-reference).
* ``Table(header, rows=(Row(cells, indent=…, bold=…),…), widths=…)``: widths are fractions of the
  text width; the header row repeats on every page.
* ``GradeBox(headline, text)``: the boxed headline of a SIF report.
* ``LetterBlock(lines, kind)``: a letter's date, addressee or signature lines, set close together.
* ``Contents()``: a table of contents of the level-1 and level-2 headings that follow it.
* ``PageBreak()``.

``doc.add(…)`` appends blocks; ``doc.add_back_matter(…)`` adds the closing page, and
``doc.add_annex(…)`` puts an annex after the body but before that closing page.

Every block that carries text takes ``notes``: the lead's working notes (evidence references,
rationale) shown only in the internal copy, as footnotes in the PDF and as Word comments anchored
to the paragraph in the .docx. Builders simply leave notes empty in the publishable draft, so
nothing internal can leak from a renderer. ``footnotes`` are published footnotes (Word footnotes;
in the PDF at the foot of the page).

Render with :func:`inspector_app.reports.pdf.render_pdf` or
:func:`inspector_app.reports.word.render_docx`; :func:`outline` lists the headings and numbered
paragraphs in order, which is what tests compare between the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

DEFAULT_MARKING = "OFFICIAL-SENSITIVE — DRAFT"

ParaStyle = Literal["body", "meta", "small", "notice", "letter", "intro"]
"""body: report prose; meta: title-block lines; small: explanatory small print; notice: a draft
warning in red (something still to do); letter: letter prose; intro: the unheaded opening summary."""

LetterKind = Literal["date", "address", "signature"]


@dataclass(frozen=True)
class Title:
    text: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1..4 (contents list levels 1 and 2)
    key: str = ""  # a stable anchor for the PDF outline; made from the text when empty
    footnotes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Para:
    text: str
    style: ParaStyle = "body"
    label: str | None = None
    footnotes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Numbered:
    number: int
    text: str
    sequence: str = "main"
    footnotes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Bullet:
    text: str
    xref: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        return f"{self.text} ({self.xref})" if self.xref else self.text


@dataclass(frozen=True)
class Bullets:
    items: tuple[Bullet, ...]


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    indent: int = 0  # sub-judgements are indented one step
    bold: bool = False
    pending: bool = False  # a value still missing, shown as a warning
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    widths: tuple[float, ...]  # fractions of the text width, one per column
    caption: str | None = None  # a line above the table, e.g. SIF's "The judgements … are:"
    small: bool = False  # a dense appendix table


@dataclass(frozen=True)
class GradeBox:
    headline: str
    text: str = ""
    footnotes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterBlock:
    lines: tuple[str, ...]
    kind: LetterKind = "address"


@dataclass(frozen=True)
class Contents:
    title: str = "Contents"
    max_level: int = 2


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Title | Heading | Para | Numbered | Bullets | Table | GradeBox | LetterBlock | Contents | PageBreak


@dataclass
class Document:
    title: str
    subject: str
    author: str
    running_dates: str
    blocks: list[Block] = field(default_factory=list)
    marking: str = DEFAULT_MARKING
    internal: bool = False
    kind: str = "report"  # report, letter, or another document kind's name (for metadata and file names)
    back_start: int | None = None  # where the back matter begins: annexes are inserted before it

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def add_back_matter(self, *blocks: Block) -> None:
        """The closing page(s) that stay last whatever annex is added later."""
        self.back_start = len(self.blocks)
        self.blocks.extend(blocks)

    def add_annex(self, *blocks: Block) -> None:
        """An annex or appendix: at the end of the body, before any back matter."""
        at = len(self.blocks) if self.back_start is None else self.back_start
        self.blocks[at:at] = blocks
        if self.back_start is not None:
            self.back_start += len(blocks)

    def headings(self, max_level: int = 3) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]


class Counter:
    """Paragraph numbers that run on across sections: ``counter.next()`` gives 1, 2, 3…"""

    def __init__(self, start: int = 1) -> None:
        self._next = start

    def next(self) -> int:
        number = self._next
        self._next += 1
        return number


def outline(document: Document) -> list[str]:
    """The skeleton both renderers must reproduce: titles, headings, numbers and bullet texts, in order."""
    return list(_outline(document.blocks))


def _outline(blocks: list[Block]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, Title):
            yield f"T {block.text}"
        elif isinstance(block, Heading):
            yield f"H{block.level} {block.text}"
        elif isinstance(block, Numbered):
            yield f"{block.number}. {block.text}"
        elif isinstance(block, Bullets):
            yield from (f"• {item.full_text}" for item in block.items)
        elif isinstance(block, Table):
            yield from (" | ".join(row.cells) for row in block.rows)
        elif isinstance(block, GradeBox):
            yield f"[{block.headline}]"
        elif isinstance(block, Contents):
            yield f"H1 {block.title}"


def plain_text(document: Document) -> str:
    """Every word a reader sees, notes excluded: for checks such as "no grade words in a letter"."""
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, Title | Heading | Para | Numbered):
            parts.append(getattr(block, "label", None) or "")
            parts.append(block.text)
            parts += getattr(block, "footnotes", ())
        elif isinstance(block, Bullets):
            parts += [item.full_text for item in block.items]
        elif isinstance(block, Table):
            parts += [*block.header, *(c for row in block.rows for c in row.cells)]
        elif isinstance(block, GradeBox):
            parts += [block.headline, block.text, *block.footnotes]
        elif isinstance(block, LetterBlock):
            parts += block.lines
    return "\n".join(p for p in parts if p)


__all__ = ["DEFAULT_MARKING", "Block", "Bullet", "Bullets", "Contents", "Counter", "Document", "GradeBox",
           "Heading", "LetterBlock", "Numbered", "PageBreak", "Para", "ParaStyle", "Row", "Table", "Title",
           "outline", "plain_text"]
