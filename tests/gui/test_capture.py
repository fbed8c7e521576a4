"""Quick capture never files evidence under an area the person did not choose."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from inspector_app.gui.dialogs.capture import AREA_ROLE, DESCRIPTOR_ROLE, choices, rank
from inspector_app.services import evidence
from tests.factories import make_inspection

CTRL = Qt.KeyboardModifier.ControlModifier


def _capture(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=10000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
    return dialog


def test_capture_without_an_area_is_refused_and_keeps_the_text(qtbot, make_window):
    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    dialog = _capture(qtbot, window)
    assert not dialog.ui.descriptorList.currentIndex().isValid()
    qtbot.keyClicks(dialog.ui.textEdit, "Visits are regular and purposeful.")
    qtbot.keyClick(dialog.ui.textEdit, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and "Choose the judgement area" in dialog.ui.errorLabel.text()
    assert evidence.find_evidence(window.ctx.ws, info.id) == []
    assert dialog.ui.textEdit.toPlainText() == "Visits are regular and purposeful."
    qtbot.keyClicks(dialog.ui.descriptorSearch, "in care")
    first = dialog.ui.descriptorList.currentIndex()
    assert first.data(AREA_ROLE) == "children_in_care" and first.data(DESCRIPTOR_ROLE) is None
    qtbot.keyClick(dialog.ui.descriptorSearch, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    [item] = evidence.find_evidence(window.ctx.ws, info.id)
    assert item.area_key == "children_in_care"


def test_descriptors_rank_within_the_area_named(qtbot, make_window):
    window = make_window()
    framework = window.ctx.ws.registry.by_uid("ilacs@2023")
    rows = choices(framework)
    ranked = rank(rows, "in care")
    named = [r.area_key for r in ranked[:8]]
    assert named == ["children_in_care"] * 8, named
    assert all(r.area_key == "children_in_care" for r in ranked if r.area_key == ranked[0].area_key)
    stable = rank(rows, "in care stable")
    assert stable[0].area_key == "children_in_care" and "stable" in stable[0].own_text


def test_a_search_with_no_match_says_so_and_saving_shows_why_not(qtbot, make_window):
    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    dialog = _capture(qtbot, window)
    qtbot.keyClicks(dialog.ui.textEdit, "Assessments are late.")
    qtbot.keyClicks(dialog.ui.descriptorSearch, "zzqx")
    assert dialog.ui.descriptorList.model().rowCount() == 0
    assert dialog.no_match.isVisible() and "Nothing matches “zzqx”" in dialog.no_match.text()
    qtbot.keyClick(dialog.ui.descriptorSearch, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and evidence.find_evidence(window.ctx.ws, info.id) == []
    shown = dialog.ui.errorLabel
    assert "Nothing matches" in shown.text()
    area = dialog.findChild(QScrollArea)
    top = shown.mapTo(area.widget(), shown.rect().topLeft()).y() - area.verticalScrollBar().value()
    assert 0 <= top < area.viewport().height(), "the reason is scrolled out of sight"
    for _ in range(4):
        qtbot.keyClick(dialog.ui.descriptorSearch, Qt.Key.Key_Backspace)
    assert not dialog.no_match.isVisible()


def _answer(qtbot, key, trigger):  # type: ignore[no-untyped-def]
    """Press ``key`` on the "Not saved yet" question that ``trigger`` leads to; its title."""
    from tests.gui.conftest import answer_dialogs

    return answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, key)], trigger)[0]


def test_escape_with_typed_evidence_asks_and_keeps_or_saves_it(qtbot, make_window):
    """Ctrl+E, type, pick a descriptor, Escape: it closed and the text was gone. Now it asks: Escape
    again keeps editing, Enter saves (the default), and Discard is a deliberate choice."""
    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    dialog = _capture(qtbot, window)
    qtbot.keyClicks(dialog.ui.textEdit, "Plans lack outcomes.")
    qtbot.keyClicks(dialog.ui.descriptorSearch, "in care")
    title = _answer(qtbot, Qt.Key.Key_Escape, lambda: qtbot.keyClick(dialog.ui.descriptorSearch, Qt.Key.Key_Escape))
    assert title.startswith("Not saved yet")
    assert dialog.isVisible() and dialog.ui.textEdit.toPlainText() == "Plans lack outcomes."  # kept editing
    assert evidence.find_evidence(window.ctx.ws, info.id) == []
    _answer(qtbot, Qt.Key.Key_Return, lambda: qtbot.keyClick(dialog.ui.textEdit, Qt.Key.Key_Escape))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    [item] = evidence.find_evidence(window.ctx.ws, info.id)
    assert item.text == "Plans lack outcomes." and item.area_key == "children_in_care"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    again = _capture(qtbot, window)
    qtbot.keyClicks(again.ui.textEdit, "Not this one.")
    _answer(qtbot, Qt.Key.Key_D, lambda: qtbot.keyClick(again.ui.textEdit, Qt.Key.Key_Escape))  # &Discard
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=10000)
    assert len(evidence.find_evidence(window.ctx.ws, info.id)) == 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    empty = _capture(qtbot, window)  # nothing typed: Escape closes without a question
    qtbot.keyClick(empty.ui.textEdit, Qt.Key.Key_Escape)
    assert not empty.isVisible()
