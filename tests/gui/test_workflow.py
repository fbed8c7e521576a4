"""An inspection from the first click to reopening the database, driven as a person would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from inspector_app.domain.enums import Grade, Polarity
from inspector_app.gui.widgets import current
from inspector_app.services import cases, evidence, inspections, judgements
from inspector_app.services.evidence import EvidenceFilter
from tests.gui.conftest import choose, on_dialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _press(qtbot, widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    window = widget.window()
    if not window.isActiveWindow():  # a window manager hands focus back after a dialog; offscreen does not
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    qtbot.keyClick(widget, key, modifiers)


def _focused():
    return QApplication.focusWidget()


def test_full_workflow_under_the_sif_hard_rule(qtbot, make_window, tmp_path):
    window = make_window()
    db = tmp_path / "gui.sqlite"
    assert "No inspections yet" in window.pages["home"].hint.text()

    def fill_inspection(dialog):
        qtbot.keyClicks(dialog.ui.authorityEdit, "Testshire")
        qtbot.keyClicks(dialog.ui.kindCombo, "SIF")
        assert dialog.ui.frameworkCombo.currentText() == "SIF 2013"
        qtbot.keyClicks(dialog.ui.teamEdit, "Tariq Team (TT)")
        qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    on_dialog(qtbot, fill_inspection, lambda: _press(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT))
    [info] = inspections.list_inspections(window.ctx.ws)
    assert (info.authority, info.framework_uid) == ("Testshire", "sif@2013")
    assert [m.name for m in info.team] == ["Lena Lead", "Tariq Team"]
    assert window.current_key() == "overview"

    def fill_case(dialog):
        qtbot.keyClicks(dialog.ui.referenceEdit, "TS-0001")
        qtbot.keyClicks(dialog.ui.initialsEdit, "ab")
        choose(qtbot, dialog.ui.statusCombo, "Child protection")
        qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    on_dialog(qtbot, fill_case, lambda: _press(qtbot, window, Qt.Key.Key_K, CTRL | SHIFT))
    [case] = cases.list_cases(window.ctx.ws, info.id)
    assert (case.reference, case.initials, case.legal_status.value) == ("TS-0001", "AB", "child_protection")
    assert window.current_key() == "case"

    _press(qtbot, window, Qt.Key.Key_T, CTRL)
    qtbot.keyClicks(_focused(), "Read the assessment; it is thorough.")
    _press(qtbot, _focused(), Qt.Key.Key_Return)
    assert [n.text for n in cases.list_notes(window.ctx.ws, case.id)] == ["Read the assessment; it is thorough."]
    assert "Saved at" in window.statusBar().currentMessage()

    def fill_audit(dialog):
        qtbot.keyClicks(dialog.ui.typeCombo, "Assessment")
        qtbot.keyClicks(dialog.ui.qualityCombo, "Good")
        qtbot.keyClicks(dialog.ui.noteEdit, "Clear analysis of risk.")
        qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)

    case_page = window.pages["case"]
    add_audit = next(b for b in case_page.findChildren(QPushButton) if "Record audit" in b.text())
    on_dialog(qtbot, fill_audit, lambda: qtbot.mouseClick(add_audit, Qt.MouseButton.LeftButton))
    [audit] = cases.list_audits(window.ctx.ws, info.id)
    assert (audit.record_type.value, audit.quality, audit.note) == ("assessment", Grade.GOOD, "Clear analysis of risk.")

    # Keyboard-only capture, linked to the case in view.
    _press(qtbot, window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    capture = QApplication.activeModalWidget()
    qtbot.waitUntil(capture.isActiveWindow, timeout=10000)
    assert _focused() is capture.ui.textEdit
    qtbot.keyClicks(_focused(), "Strategy discussions were held promptly and involved the police.")
    _press(qtbot, _focused(), Qt.Key.Key_Tab)
    assert _focused() is capture.ui.descriptorSearch
    qtbot.keyClicks(_focused(), "strategy")
    _press(qtbot, _focused(), Qt.Key.Key_Down)
    _press(qtbot, _focused(), Qt.Key.Key_Return)
    _press(qtbot, _focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    [item] = evidence.find_evidence(window.ctx.ws, info.id)
    assert item.text == "Strategy discussions were held promptly and involved the police."
    assert item.area_key == "help_protection" and item.descriptors == ("hp.go2",)
    assert item.polarity is Polarity.STRENGTH and item.case_id == case.id and item.author == "Lena Lead"

    # Find it through search and filters.
    _press(qtbot, window, Qt.Key.Key_F, CTRL)
    page = window.pages["evidence"]
    assert window.current_key() == "evidence" and _focused() is page.search
    qtbot.keyClicks(page.search, "police")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and "1 of 1" in page.count.text())
    choose(qtbot, page.polarity, "Area")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    choose(qtbot, page.polarity, "Strength")
    choose(qtbot, page.area, "Children who")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.search.clear()
    qtbot.keyClicks(page.search, "nothing like this")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)

    # Grades under the SIF hard rule.
    _press(qtbot, window, Qt.Key.Key_6, CTRL)
    board = window.pages["judgements"]
    assert window.current_key() == "judgements"
    for key in ("help_protection", "looked_after", "leadership"):
        choose(qtbot, board.card(key).grade, "Good")
    choose(qtbot, board.overall.grade, "Good")
    qtbot.waitUntil(lambda: judgements.judgement_state(window.ctx.ws, info.id).overall.settled is Grade.GOOD)
    choose(qtbot, board.card("leadership").grade, "Inadequate")
    state = judgements.judgement_state(window.ctx.ws, info.id)
    assert state.overall.settled is Grade.INADEQUATE
    qtbot.waitUntil(lambda: "Inadequate because Leadership, management and governance is inadequate"
                    in board.overall.derived.text())
    assert current(board.overall.grade) is Grade.INADEQUATE and not board.overall.grade.isEnabled()

    # Undo a delete.
    _press(qtbot, window, Qt.Key.Key_5, CTRL)
    page.view.setFocus()
    page.view.selectRow(0)
    _press(qtbot, page.view, Qt.Key.Key_Delete)
    assert evidence.count_evidence(window.ctx.ws, info.id) == 0
    _press(qtbot, window, Qt.Key.Key_Z, CTRL)
    [restored] = evidence.find_evidence(window.ctx.ws, info.id)
    assert restored.uuid == item.uuid and restored.descriptors == ("hp.go2",)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)

    # Reopen the database: everything is there.
    window.close()
    window.ctx.ws.close()
    again = make_window(db)
    assert again.current_key() == "overview" and again.ctx.inspection_id == info.id
    ws = again.ctx.ws
    assert [c.reference for c in cases.list_cases(ws, info.id)] == ["TS-0001"]
    assert len(cases.list_notes(ws, case.id)) == 1 and len(cases.list_audits(ws, info.id)) == 1
    assert [e.uuid for e in evidence.find_evidence(ws, info.id, EvidenceFilter(query="police"))] == [item.uuid]
    assert judgements.judgement_state(ws, info.id).overall.settled is Grade.INADEQUATE
