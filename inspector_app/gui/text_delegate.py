"""Long text in a table cell: wrapped to a fixed number of lines, cut with "…", search hits marked.

Evidence is written in sentences; one elided line hid most of each. This delegate draws the text
wrapped over ``lines`` lines (the last one ends in "…" when there is more; the full text is in the
tooltip and the detail pane) and marks the words the search box matched with a highlighter
background. Every row has the same height, set once on the view's header, so a table of 50,000
items still scrolls without measuring a single row. The model's display text stays plain, so
screen readers and copying are unaffected: only the drawing changes.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from inspector_app.services.search import match_spans

Index = QModelIndex | QPersistentModelIndex
MARK_STYLE = "background-color:#ffe066;color:#1a1a1a"  # a highlighter pen: readable in light and dark themes
PADDING = 3  # pixels above and below the text in a row


def elide_lines(text: str, font: QFont, width: int, lines: int) -> tuple[str, bool]:
    """``text`` cut to what fits in ``lines`` wrapped lines of ``width`` pixels, and whether it was cut."""
    if width <= 0:
        return text, False
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    try:
        count = 0
        while True:
            line = layout.createLine()
            if not line.isValid():
                return text, False
            line.setLineWidth(width)
            count += 1
            if count == lines:
                start = line.textStart()
                if start + line.textLength() >= len(text):
                    return text, False
                rest = QFontMetrics(font).elidedText(text[start:], Qt.TextElideMode.ElideRight, width)
                return text[:start] + rest, True
    finally:
        layout.endLayout()


def marked_html(text: str, query: str, cut: bool) -> str:
    """The text as HTML with each search hit in a highlighter span (hits the "…" cut off are not marked)."""
    kept = len(text) - 1 if cut else len(text)
    parts: list[str] = []
    at = 0
    for start, end in match_spans(text[:kept], query):
        parts.append(escape(text[at:start]))
        parts.append(f'<span style="{MARK_STYLE}">{escape(text[start:end])}</span>')
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts)


def _style(option: QStyleOptionViewItem) -> QStyle:
    widget: QWidget | None = option.widget  # None when painted outside a view (a test, a print)
    return widget.style() if widget is not None else QApplication.style()


class WrappedTextDelegate(QStyledItemDelegate):
    """Draws a column's text over ``lines`` lines with the search box's words marked."""

    def __init__(self, lines: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.query = ""

    def row_height(self, font: QFont) -> int:
        """The one height every row gets (so the view never measures rows)."""
        return self.lines * QFontMetrics(font).lineSpacing() + 2 * PADDING

    def document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        """The document drawn for ``index`` in ``option.rect``: what a test can read back."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = _style(opt)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        return self._document(opt.text, opt.font, rect.width())

    def _document(self, text: str, font: QFont, width: int) -> QTextDocument:
        shown, cut = elide_lines(" ".join(text.split()), font, width, self.lines)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setHtml(marked_html(shown, self.query, cut))
        doc.setTextWidth(max(width, 1))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""  # the style draws the background, selection and focus; the text is drawn below
        style = _style(opt)
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        doc = self._document(text, opt.font, rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        group = QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Active else \
            QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole.HighlightedText if opt.state & QStyle.StateFlag.State_Selected else \
            QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(group, role))
        painter.save()
        painter.translate(rect.left(), rect.top() + PADDING)
        painter.setClipRect(0, 0, rect.width(), rect.height() - PADDING)
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), self.row_height(option.font))
