"""Page furniture shared by every document: protective marking, running header, "Page X of Y",
PDF outline and metadata, and hooks for progress and cancelling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from inspector_app.reports.styles import ACCENT, FONT, FONT_BOLD, MUTED, RULE, WARNING, stylesheet

MARGIN_X = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 22 * mm


@dataclass(frozen=True)
class Furniture:
    """What is printed around every page."""

    marking: str
    running_title: str
    running_dates: str
    header_on_first_page: bool = False


class Heading(Paragraph):
    """A heading that becomes a PDF bookmark at the given outline level."""

    def __init__(self, text: str, style_name: str, level: int, key: str) -> None:
        super().__init__(text, stylesheet()[style_name])
        self.outline_level = level
        self.outline_key = key
        self.outline_text = self.getPlainText()


def _fit(text: str, room: float) -> str:
    """The running title, shortened with an ellipsis so it never runs into the dates."""
    if stringWidth(text, FONT, 8.5) <= room:
        return text
    while text and stringWidth(text + "…", FONT, 8.5) > room:
        text = text[:-1]
    return text.rstrip(" ,:") + "…"


def _numbered_canvas(furniture: Furniture) -> type[rl_canvas.Canvas]:
    """A canvas that holds pages back until the end, so each can say "Page X of Y"."""

    class NumberedCanvas(rl_canvas.Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT  # no unembedded Helvetica
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab internals

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_furniture(total)
                super().showPage()
            super().save()

        def _draw_furniture(self, total: int) -> None:
            page = self._pageNumber  # type: ignore[attr-defined]
            width, height = A4
            self.saveState()
            self.setFont(FONT_BOLD, 8.5)
            self.setFillColor(WARNING)
            self.drawCentredString(width / 2, height - 12 * mm, furniture.marking)
            self.drawCentredString(width / 2, 9 * mm, furniture.marking)
            if page > 1 or furniture.header_on_first_page:
                self.setFont(FONT, 8.5)
                self.setFillColor(MUTED)
                dates_width = stringWidth(furniture.running_dates, FONT, 8.5)
                self.drawString(MARGIN_X, height - 18 * mm,
                                _fit(furniture.running_title, width - 2 * MARGIN_X - dates_width - 6 * mm))
                self.drawRightString(width - MARGIN_X, height - 18 * mm, furniture.running_dates)
                self.setStrokeColor(RULE)
                self.setLineWidth(0.5)
                self.line(MARGIN_X, height - 20 * mm, width - MARGIN_X, height - 20 * mm)
            self.setFont(FONT, 8.5)
            self.setFillColor(ACCENT)
            self.drawRightString(width - MARGIN_X, 15 * mm, f"Page {page} of {total}")
            self.restoreState()

    return NumberedCanvas


class DocumentTemplate(BaseDocTemplate):
    """A4 portrait, one frame; headings become bookmarks; progress is reported as it lays out."""

    def __init__(self, target: Any, *, furniture: Furniture, title: str, author: str, subject: str,
                 on_flowable: Callable[[], None] | None = None) -> None:
        super().__init__(
            target, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=title, author=author, subject=subject,
            creator="Inspector App", producer="Inspector App (ReportLab)",
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self.furniture = furniture
        self._on_flowable = on_flowable
        self._last_level = -1

    def afterFlowable(self, flowable: Any) -> None:
        if getattr(flowable, "outline_level", None) is not None:
            # A PDF outline may only go one level deeper than the entry before it.
            level = min(flowable.outline_level, self._last_level + 1)
            self.canv.bookmarkPage(flowable.outline_key)
            self.canv.addOutlineEntry(flowable.outline_text, flowable.outline_key, level=level, closed=False)
            self._last_level = level
        if self._on_flowable is not None:
            self._on_flowable()

    def build_story(self, story: list[Any]) -> None:
        self.build(story, canvasmaker=_numbered_canvas(self.furniture))

    def multi_build_story(self, story: list[Any]) -> None:
        """Two passes or more, for a table of contents that needs the page numbers of the first."""
        self.multiBuild(story, canvasmaker=_numbered_canvas(self.furniture))
