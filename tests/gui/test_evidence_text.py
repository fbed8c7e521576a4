"""Evidence text in the list shows two wrapped lines (cut with "…"), rows stay one height, and the
search box's words are marked in what is drawn, while the accessible text stays plain."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QHeaderView, QStyleOptionViewItem

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.gui.models.evidence_model import TEXT
from inspector_app.gui.text_delegate import MARK_STYLE
from inspector_app.services import evidence
from inspector_app.services.search import match_spans
from tests.factories import make_inspection

CTRL = Qt.KeyboardModifier.ControlModifier
LONG = ("Supervision is regular and reflective; managers record the reasons for decisions, review plans "
        "with social workers each month and check that the child's voice is heard in every assessment and "
        "in the plans that follow from it, which workers said they valued.")


def _option(page, index) -> QStyleOptionViewItem:
    option = QStyleOptionViewItem()
    option.initFrom(page.view.viewport())
    option.rect = page.view.visualRect(index)
    option.font = page.view.font()
    option.widget = page.view
    return option


def _page_with(qtbot, make_window, texts):
    window = make_window()
    window.resize(1366, 768)
    info = make_inspection(window.ctx.ws)
    for text in texts:
        evidence.add_evidence(window.ctx.ws, info.id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE)
    window.open_inspection(info.id)
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    page = window.pages["evidence"]
    qtbot.waitUntil(lambda: page.model.rowCount() == len(texts), timeout=10000)
    return window, page


def test_match_spans_are_the_places_the_search_matched():
    assert match_spans("Reflective supervision; reflection.", "REFLECT sup") == [(0, 7), (11, 14), (24, 31)]
    assert match_spans("abc", '"b c"') == [] and match_spans("abc", "") == []
    assert match_spans("aaaa", "aa a") == [(0, 4)]  # overlaps merge into one mark


def test_evidence_rows_are_two_lines_high_wrapped_and_cut(qtbot, make_window):
    window, page = _page_with(qtbot, make_window, [LONG, "Short."])
    spacing = QFontMetrics(page.view.font()).lineSpacing()
    assert page.view.rowHeight(0) >= 2 * spacing and page.view.rowHeight(0) == page.view.rowHeight(1)
    assert page.view.verticalHeader().sectionResizeMode(0) is QHeaderView.ResizeMode.Fixed  # no row is measured
    row = next(r for r in range(2) if page.model.index(r, TEXT).data() == LONG)
    index = page.model.index(row, TEXT)
    doc = page.text_delegate.document(_option(page, index), index)
    assert doc.documentLayout().documentSize().height() >= 2 * spacing - 1  # wrapped over two lines
    shown = doc.toPlainText()
    assert shown.endswith("…") and LONG.startswith(shown[:-1].rstrip())  # the rest is cut, not lost
    assert page.model.index(row, TEXT).data(Qt.ItemDataRole.ToolTipRole) == LONG  # the whole text on hover


def test_search_hits_are_marked_in_what_is_drawn(qtbot, make_window):
    window, page = _page_with(qtbot, make_window, ["Visits are purposeful.", "Supervision lacks reflection."])
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "reflect")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    index = page.model.index(0, TEXT)
    html = page.text_delegate.document(_option(page, index), index).toHtml()
    assert "#ffe066" in html.lower() and MARK_STYLE.startswith("background-color:#ffe066")
    marked = html.lower().split("#ffe066")[1]
    assert marked.split(">", 1)[1].startswith("reflect<")  # exactly the matched letters are marked
    assert index.data() == "Supervision lacks reflection."  # what a screen reader reads stays plain
    assert _marked_pixels(page) > 20  # and the mark is really painted in the list
    qtbot.keyClick(page.search, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(page.search, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10000)
    index = page.model.index(0, TEXT)
    assert "#ffe066" not in page.text_delegate.document(_option(page, index), index).toHtml().lower()
    assert _marked_pixels(page) == 0


def _marked_pixels(page) -> int:
    image = page.view.viewport().grab().toImage()
    mark = QColor("#ffe066").rgb()
    return sum(image.pixel(x, y) == mark for x in range(0, image.width(), 2)
               for y in range(0, min(image.height(), 120)))


def test_a_cases_evidence_shows_two_lines_too(qtbot, make_window):
    from tests.factories import make_case

    window = make_window()
    window.resize(1366, 768)
    info = make_inspection(window.ctx.ws)
    case = make_case(window.ctx.ws, info.id)
    evidence.add_evidence(window.ctx.ws, info.id, text=LONG, area_key="leaders", polarity=Polarity.STRENGTH,
                          source=EvidenceSource.CASE_FILE, case_id=case.id)
    window.open_inspection(info.id)
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # Cases: focus lands on the list, on its first row
    cases_page = window.pages["cases"]
    qtbot.waitUntil(lambda: cases_page.model.rowCount() == 1, timeout=10000)
    cases_page.view.setCurrentIndex(cases_page.model.index(0, 0))
    qtbot.keyClick(cases_page.view, Qt.Key.Key_Return)
    page = window.pages["case"]
    view = page.evidence_view
    qtbot.waitUntil(lambda: page.evidence.rowCount() == 1, timeout=10000)
    assert view.rowHeight(0) >= 2 * QFontMetrics(view.font()).lineSpacing()
    index = page.evidence.index(0, 2)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect, option.font, option.widget = view.visualRect(index), view.font(), view
    assert page.evidence_text.document(option, index).toPlainText().endswith("…")
