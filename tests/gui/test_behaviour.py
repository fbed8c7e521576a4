"""Window-wide behaviour: the wheel never changes an unfocused box, shortcuts work from a text box,
the sidebar follows Ctrl+number."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from inspector_app.services import cases, judgements
from tests.factories import make_case, make_inspection

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_E = (CTRL | Qt.Key.Key_E).toCombined()


def _wheel(widget, notches: int) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -120 * notches), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_grade_box_scrolls_the_board_and_changes_nothing(qtbot, make_window):
    window = make_window()
    window.resize(1366, 768)
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    window.go("judgements")
    page = window.pages["judgements"]
    combo = page.card("leaders").grade
    window.nav.setFocus()
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    _wheel(combo, 2)
    assert combo.currentText() == "Not yet judged"
    assert judgements.judgement_state(window.ctx.ws, info.id).areas.get("leaders") is None
    combo.setFocus()  # nor when it has focus: a closed grade list is scrolled past, not changed
    _wheel(combo, 1)
    assert combo.currentText() == "Not yet judged"


def test_scrolling_keys_on_a_grade_list_scroll_the_board_and_leave_the_grade(qtbot, make_window):
    """Ctrl+6 lands on Overall effectiveness: PgDown and Ctrl+End, meant to read further down the
    board, turned Good into Inadequate, saved when focus left and logged in History."""
    from inspector_app.domain.enums import Grade
    from inspector_app.services import audit_trail
    from tests.gui.conftest import choose

    window = make_window()
    window.resize(1366, 768)
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    page = window.pages["judgements"]
    combo = page.overall.grade
    qtbot.waitUntil(combo.hasFocus)
    choose(qtbot, combo, "Good")
    qtbot.waitUntil(lambda: judgements.judgement_state(window.ctx.ws, info.id).overall.proposed is Grade.GOOD)
    logged = len(audit_trail.inspection_history(window.ctx.ws, info.id))
    bar = page.board_scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(combo, Qt.Key.Key_PageDown)
    assert bar.value() > 0  # the board scrolled
    for key, modifiers in ((Qt.Key.Key_PageDown, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_End, CTRL),
                           (Qt.Key.Key_End, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_PageUp,
                           Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Home, CTRL),
                           (Qt.Key.Key_Home, Qt.KeyboardModifier.NoModifier)):
        qtbot.keyClick(combo, key, modifiers)
        assert combo.currentText() == "Good", (key, modifiers)
    _wheel(combo, 3)
    assert combo.currentText() == "Good"
    qtbot.keyClick(combo, Qt.Key.Key_Tab)  # focus leaves: nothing new to save
    assert judgements.judgement_state(window.ctx.ws, info.id).overall.proposed is Grade.GOOD
    assert len(audit_trail.inspection_history(window.ctx.ws, info.id)) == logged


class DesktopEmacsKeys(QObject):
    """A line edit on a Linux desktop claims Ctrl+E for "end of line" (offscreen Qt does not)."""

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.ShortcutOverride and event.keyCombination().toCombined() == CTRL_E:
            event.accept()
            return True
        return False



def _on_a_case_with_the_note_box(qtbot, make_window):  # type: ignore[no-untyped-def]
    """A window on a case page, the tracking-note box reached by Ctrl+T."""
    window = make_window()
    info = make_inspection(window.ctx.ws)
    case = make_case(window.ctx.ws, info.id)
    window.open_inspection(info.id)
    window.show_case(case.id)
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    return window, info, case, window.pages["case"].note_edit

def test_capture_opens_from_the_tracking_note_box(qtbot, make_window):
    window, info, case, note_box = _on_a_case_with_the_note_box(qtbot, make_window)
    assert note_box.hasFocus()
    qtbot.keyClicks(note_box, "Met the social worker.")
    qtbot.keyClick(note_box, Qt.Key.Key_Return)
    assert [n.text for n in cases.list_notes(window.ctx.ws, case.id)] == ["Met the social worker."]
    note_box.installEventFilter(claim := DesktopEmacsKeys(note_box))  # as GNOME and KDE bind Ctrl+E: end of line
    qtbot.keyClick(note_box, Qt.Key.Key_E, CTRL)
    assert claim
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=10000)
    dialog = QApplication.activeModalWidget()
    assert type(dialog).__name__ == "CaptureDialog"
    dialog.reject()


def test_sidebar_follows_ctrl_number(qtbot, make_window):
    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    with qtbot.waitSignal(window.nav.selectionModel().selectionChanged, timeout=10000):  # the list repaints on it
        qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    assert window.current_key() == "judgements"
    selected = window.nav.selectionModel().selectedIndexes()
    assert [i.data() for i in selected] == ["Judgements"]
    assert window.nav.currentIndex().data() == "Judgements"


def test_ctrl_z_after_adding_a_tracking_note_deletes_it(qtbot, make_window):
    """Ctrl+T, type, Enter, Ctrl+Z: the note is undone (deleted, in the history), and the box stays
    empty, so a second Enter cannot add it twice; Ctrl+Shift+Z puts it back."""
    from inspector_app.services import audit_trail

    window, info, case, note_box = _on_a_case_with_the_note_box(qtbot, make_window)
    qtbot.keyClicks(note_box, "Met the social worker.")
    qtbot.keyClick(note_box, Qt.Key.Key_Return)
    assert [n.text for n in cases.list_notes(window.ctx.ws, case.id)] == ["Met the social worker."]
    qtbot.keyClick(note_box, Qt.Key.Key_Z, CTRL)
    assert cases.list_notes(window.ctx.ws, case.id) == [] and note_box.text() == ""
    qtbot.keyClick(note_box, Qt.Key.Key_Return)
    assert cases.list_notes(window.ctx.ws, case.id) == []
    kinds = [(e.action, e.entity) for e in audit_trail.inspection_history(window.ctx.ws, info.id)]
    assert [k for k in kinds if k[0] == "delete"] == [("delete", kinds[0][1])], kinds
    qtbot.keyClick(note_box, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert [n.text for n in cases.list_notes(window.ctx.ws, case.id)] == ["Met the social worker."]
    qtbot.keyClicks(note_box, "Typo")  # the box's own undo still comes first while it has some
    qtbot.keyClick(note_box, Qt.Key.Key_Z, CTRL)
    assert note_box.text() == "" and len(cases.list_notes(window.ctx.ws, case.id)) == 1


def _on_the_leaders_card(qtbot, make_window):  # type: ignore[no-untyped-def]
    """A lead's window on Judgements (Ctrl+6), with the Impact of leaders card."""
    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    qtbot.keyClick(window, Qt.Key.Key_6, CTRL)
    return window, info, window.pages["judgements"].card("leaders")


def test_grade_is_saved_when_chosen_not_at_each_arrow_step_and_tab_goes_to_the_rationale(qtbot, make_window):
    """Ctrl+6, Down Down on Proposed grade: nothing saved yet (it wrote Outstanding, then Outstanding →
    Good); Tab commits Good once and goes to the rationale, and the next Tab to History…."""
    from inspector_app.domain.enums import Grade

    window, info, card = _on_the_leaders_card(qtbot, make_window)
    card.grade.setFocus()
    qtbot.waitUntil(card.grade.hasFocus)
    qtbot.keyClick(card.grade, Qt.Key.Key_Down)
    qtbot.keyClick(card.grade, Qt.Key.Key_Down)
    state = judgements.judgement_state(window.ctx.ws, info.id)
    assert "leaders" not in state.grades or state.grades.get("leaders") is None
    qtbot.keyClick(card.grade, Qt.Key.Key_Tab)
    assert card.rationale.hasFocus()
    assert judgements.judgement_state(window.ctx.ws, info.id).grades.get("leaders") is Grade.GOOD
    qtbot.keyClicks(card.rationale, "Leaders know their services.")
    qtbot.keyClick(card.rationale, Qt.Key.Key_Tab)
    assert card.history_button.hasFocus()


def test_quitting_with_a_typed_tracking_note_asks_and_saves_it(qtbot, make_window):
    """Ctrl+T, type a note without Enter, Ctrl+Q: the note was gone on restart. Now closing asks: Escape
    keeps the window open with the note still typed, Enter saves it and the window closes."""
    from tests.gui.conftest import answer_dialogs

    window, info, case, note_box = _on_a_case_with_the_note_box(qtbot, make_window)
    qtbot.keyClicks(note_box, "Spoke to the team manager.")
    titles = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape)],
                            lambda: qtbot.keyClick(note_box, Qt.Key.Key_Q, CTRL))
    assert titles[0].startswith("Not saved yet") and "tracking note" in titles[0]
    assert window.isVisible() and note_box.text() == "Spoke to the team manager."
    assert cases.list_notes(window.ctx.ws, case.id) == []
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Return)],
                   lambda: qtbot.keyClick(note_box, Qt.Key.Key_Q, CTRL))
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert [n.text for n in cases.list_notes(window.ctx.ws, case.id)] == ["Spoke to the team manager."]


def test_opening_another_inspection_with_a_typed_tracking_note_asks_first(qtbot, make_window):
    """The views reload for the inspection opened: a note typed without Enter went with them."""
    from tests.gui.conftest import answer_dialogs

    window, info, case, note_box = _on_a_case_with_the_note_box(qtbot, make_window)
    other = make_inspection(window.ctx.ws, authority="Westshire")
    qtbot.keyClicks(note_box, "Spoke to the team manager.")
    titles = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape)],
                            lambda: window.pages["home"].open_requested.emit(other.id))
    assert titles[0].startswith("Not saved yet") and "tracking note" in titles[0]
    assert window.ctx.inspection_id == info.id and note_box.text() == "Spoke to the team manager."
    answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Return)],
                   lambda: window.pages["home"].open_requested.emit(other.id))
    assert window.ctx.inspection_id == other.id
    assert [n.text for n in cases.list_notes(window.ctx.ws, case.id)] == ["Spoke to the team manager."]


def test_discarding_a_typed_tracking_note_on_opening_another_inspection_throws_it_away(qtbot, make_window):
    """The trial: Discard kept the note, the question came back at every later switch, and the case page
    still showed the first inspection's case, where Enter then saved the note that was discarded."""
    from tests.gui.conftest import answer_dialogs

    window, info, case, note_box = _on_a_case_with_the_note_box(qtbot, make_window)
    other = make_inspection(window.ctx.ws, authority="Westshire")
    qtbot.keyClicks(note_box, "Discard me.")
    [title] = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_D)],
                             lambda: window.pages["home"].open_requested.emit(other.id))
    assert title.startswith("Not saved yet") and window.ctx.inspection_id == other.id
    page = window.pages["case"]
    assert note_box.text() == "" and page.case_id is None and page.unsaved_typing() is None
    window.open_inspection(info.id)  # asks nothing now: a question would fail the test (conftest's watchdog)
    assert window.ctx.inspection_id == info.id and cases.list_notes(window.ctx.ws, case.id) == []


def test_every_go_menu_entry_has_its_own_access_letter_and_moderation_opens_on_its_areas(qtbot, make_window):
    """Moderation, QA review, Good practice and Joint inspection had no letter (ten Down arrows after
    Alt+G), and Moderation opened with the focus on "Open moderation…", which cannot be undone."""
    from PySide6.QtWidgets import QMenu

    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    go_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    letters = [a.text()[a.text().index("&") + 1].lower() for a in go_menu.actions() if "&" in a.text()]
    assert len(letters) == len(go_menu.actions()) == len(window.go_actions)
    assert len(set(letters)) == len(letters), letters
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_M)
    page = window.pages["moderation"]
    qtbot.waitUntil(lambda: window.current_key() == "moderation" and page.area.hasFocus())
    assert page.open_button.isVisible() and not page.open_button.hasFocus()


def test_the_current_cell_of_the_judgements_grid_has_a_ring_that_meets_the_contrast_checks(qtbot, make_window):
    """Tab into an area's grid: the current cell was a faint tint (Fusion's) few could see. It is a
    2-pixel ring in the focus colour, which ``theme.CONTRAST_PAIRS`` checks against a cell's fill."""
    from PySide6.QtGui import QColor

    from inspector_app.gui.theme import THEMED, colours, contrast_failures

    window, info, card = _on_the_leaders_card(qtbot, make_window)
    card.history_button.setFocus()
    qtbot.keyClick(card.history_button, Qt.Key.Key_Tab)
    qtbot.waitUntil(card.table.hasFocus)
    scheme = colours(QApplication.instance().property(THEMED) == "dark")
    assert contrast_failures(False) == [] and contrast_failures(True) == []

    def ring_colour() -> str:
        shot = card.table.viewport().grab().toImage()
        rect = card.table.visualRect(card.table.currentIndex())
        ratio = shot.devicePixelRatio()
        return QColor(shot.pixel(int((rect.left() + 1) * ratio), int(rect.center().y() * ratio))).name()

    assert not card.table.selectionModel().isSelected(card.table.currentIndex())
    assert ring_colour() == scheme["focus"]
    qtbot.keyClick(card.table, Qt.Key.Key_Right)  # now selected too: the ring shows on the selection's fill
    assert card.table.selectionModel().isSelected(card.table.currentIndex())
    assert ring_colour() == scheme["highlighted_text"]
