"""WCAG 2.2 AA in the window: keyboard-only use, names for screen readers, contrast, zoom.

Every view and dialog is walked as a keyboard user and a screen reader meet it, on the demo data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit

from inspector_app.gui.a11y import first_focusable
from inspector_app.gui.main_window import NAV
from inspector_app.gui.theme import CONTRAST_PAIRS, colours, contrast_failures, contrast_ratio
from tests.gui.a11y_checks import (
    VIEWS,
    choose_demo_inspection,
    demo_lead,
    describe,
    dialogs,
    first_on_entering,
    missed_by_tab,
    reachable_controls,
    show_dialog,
    tab_chain,
    unnamed_objects,
)
from tests.gui.conftest import close_discarding

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def demo_window(make_window, demo_db_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    copy = tmp_path / "demo-a11y.sqlite"
    shutil.copyfile(demo_db_file, copy)
    window = make_window(db=copy, identity=demo_lead(copy))
    inspection_id = choose_demo_inspection(window.ctx.ws)
    from inspector_app.gui.settings import Identity
    from inspector_app.services import inspections

    lead = inspections.get_inspection(window.ctx.ws, inspection_id).lead
    assert lead is not None
    window.ctx.set_identity(Identity(lead.name, lead.initials, window.ctx.person.role))  # the roster's lead
    window.open_inspection(inspection_id)
    return window


def _show(window, key: str) -> None:  # type: ignore[no-untyped-def]
    if key == "case":
        from inspector_app.services import cases

        window.show_case(cases.list_cases(window.ctx.ws, window.ctx.inspection_id)[0].id)
        window.pages["case"].focus_main_control()
    else:
        window.go_to_view(key)
    QApplication.processEvents()


def test_the_wcag_formula_gives_the_known_ratios() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_colour_pair_of_the_theme_meets_its_ratio(dark: bool) -> None:
    assert contrast_failures(dark) == []
    scheme = colours(dark)
    drawn = {key for fg, bg, _, _ in CONTRAST_PAIRS for key in (fg, bg)}
    assert drawn >= {"highlight", "placeholder", "accent", "border", "focus"}
    assert all(key in scheme for key in drawn)


def test_no_item_view_or_text_box_keeps_tab(demo_window) -> None:  # type: ignore[no-untyped-def]
    for key in VIEWS:
        _show(demo_window, key)
    views = demo_window.findChildren(QAbstractItemView)
    assert len(views) > 15
    assert [describe(v) for v in views if v.tabKeyNavigation()] == []
    assert [describe(e) for e in demo_window.findChildren(QPlainTextEdit) if not e.tabChangesFocus()] == []


@pytest.mark.parametrize("key", VIEWS)
def test_tab_goes_round_every_view_and_reaches_every_control(demo_window, key: str) -> None:  # type: ignore[no-untyped-def]
    _show(demo_window, key)
    page = demo_window.pages[key]
    start = QApplication.focusWidget()
    assert start is not None and page.isAncestorOf(start), f"{key}: focus left on {describe(start)}"
    spoken = QAccessible.queryAccessibleInterface(start).text(QAccessible.Text.Name)
    assert spoken.strip(), f"{describe(start)} has no name to announce"
    chain = tab_chain(start)
    assert [describe(w) for w in reachable_controls(start) if w not in chain] == []
    assert missed_by_tab(start, backwards=True) == []
    entered = first_on_entering(page, chain, start)
    assert entered is None, f"Tab into {key} lands on {describe(entered)}, below {describe(start)}, read first"


def test_shortcuts_put_focus_in_the_view_even_when_repeated(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    demo_window.nav.setFocus()
    for number in (6, 9, 5, 5, 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key(Qt.Key.Key_0 + number), CTRL)
        focused = QApplication.focusWidget()
        key = NAV[number - 1][0]
        assert demo_window.pages[key].isAncestorOf(focused), f"Ctrl+{number}: focus on {describe(focused)}"


def test_the_judgements_board_is_walked_area_by_area(qtbot, demo_window) -> None:  # type: ignore[no-untyped-def]
    _show(demo_window, "judgements")
    board = demo_window.pages["judgements"]
    chain = tab_chain(QApplication.focusWidget())
    for card in board.cards.values():  # every area's grade, rationale and History…: grade, why, then its history
        controls = [card.grade, card.rationale, card.history_button, card.table]
        positions = [chain.index(c) for c in controls]
        assert positions == sorted(positions), card.title()
    first = QApplication.focusWidget()
    qtbot.keyClick(first, Qt.Key.Key_PageDown, CTRL)
    second_area = next(iter(board.cards.values()))
    assert QApplication.focusWidget() is second_area.grade
    scroll = board.board_scroll
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, CTRL)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageDown, CTRL)
    focused = QApplication.focusWidget()
    top_left = focused.mapTo(scroll.viewport(), focused.rect().topLeft())
    assert scroll.viewport().rect().contains(top_left), "the board did not scroll to the focused area"
    qtbot.keyClick(focused, Qt.Key.Key_PageUp, CTRL)
    assert list(board.cards.values())[1].isAncestorOf(QApplication.focusWidget())


def test_every_dialog_has_a_closed_tab_cycle(demo_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problems = {}
    for name, make in dialogs(demo_window, tmp_path):
        dialog = show_dialog(make())
        try:
            start = first_focusable(dialog)
            assert start is not None, name
            missed = missed_by_tab(start) + missed_by_tab(start, backwards=True)
            if missed:
                problems[name] = missed
        finally:
            dialog.close()
            dialog.deleteLater()
    assert problems == {}


def test_every_interactive_object_has_a_name_for_screen_readers(demo_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    problems = {}
    for key in VIEWS:
        _show(demo_window, key)
        found = unnamed_objects(demo_window)
        if found:
            problems[key] = found
    for name, make in dialogs(demo_window, tmp_path):
        dialog = show_dialog(make())
        try:
            found = unnamed_objects(dialog)
            if found:
                problems[name] = found
        finally:
            dialog.close()
            dialog.deleteLater()
    assert problems == {}


@pytest.mark.parametrize("scale", [pytest.param("1", marks=pytest.mark.slow), "1.5"], ids=["100%", "150%"])
def test_every_view_and_dialog_fits_a_1366x768_screen(demo_db_file: Path, tmp_path: Path, scale: str) -> None:
    """At 100% and at 150% zoom (QT_SCALE_FACTOR, fixed when Qt starts: hence a fresh process)."""
    import json
    import subprocess
    import sys

    from tests.gui.zoom_probe import environment

    copy = tmp_path / "demo-zoom.sqlite"
    shutil.copyfile(demo_db_file, copy)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-m", "tests.gui.zoom_probe", str(copy), str(tmp_path)], cwd=root,
                          env=environment(tmp_path, scale), capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    width, height = report.pop("screen")
    assert (width, height) == ((911, 512) if scale == "1.5" else (1366, 768))
    window = report.pop("window")
    assert window[0] <= width and window[1] <= height
    assert len(report) > 25
    assert {name: problems for name, problems in report.items() if problems} == {}


def test_the_geometry_check_sees_a_control_cut_off(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QPushButton, QWidget

    from tests.gui.a11y_checks import geometry_problems

    holder = QWidget()
    qtbot.addWidget(holder)
    holder.resize(200, 100)
    button = QPushButton("Save", holder)
    button.setGeometry(170, 10, 80, 30)
    holder.show()
    assert any("'Save' is cut off" in p for p in geometry_problems(holder))
    button.move(10, 10)
    assert geometry_problems(holder) == []


def test_the_lock_screen_is_used_by_keyboard_and_named(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    window.lock()
    QApplication.processEvents()
    start = QApplication.focusWidget()
    assert start is not None and window.lock_screen.isAncestorOf(start)
    assert missed_by_tab(start) == []
    assert unnamed_objects(window) == []
    qtbot.keyClick(start, Qt.Key.Key_Space)  # an unencrypted database: Unlock has the focus
    assert not window.locked


def test_status_changes_are_announced_not_only_drawn(qtbot, demo_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"Saved at …" and a validation error reach a screen reader as accessibility events."""
    from PySide6.QtGui import QAccessibleAnnouncementEvent

    import inspector_app.gui.a11y as a11y

    heard: list[tuple[str, str, bool]] = []
    real = a11y.QAccessible.updateAccessibility

    def record(event) -> None:  # type: ignore[no-untyped-def]
        if isinstance(event, QAccessibleAnnouncementEvent):
            assertive = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
            heard.append((type(event.object()).__name__, event.message(), assertive))
        real(event)

    monkeypatch.setattr(a11y.QAccessible, "updateAccessibility", staticmethod(record))
    demo_window.ctx.changed()
    assert any(who == "QStatusBar" and text.startswith("Saved at") and not loud for who, text, loud in heard)
    dialog = demo_window.capture()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
    qtbot.keyClicks(dialog.ui.textEdit, "Seen alone at every visit.")
    qtbot.keyClick(dialog.ui.textEdit, Qt.Key.Key_Return, CTRL)  # no area chosen: refused, and said aloud
    assert heard[-1][0] == "QLabel" and heard[-1][2] and heard[-1][1] == dialog.ui.errorLabel.text()
    close_discarding(qtbot, dialog)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_checked_colours_are_the_ones_painted(qapp, dark: bool) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette

    from inspector_app.gui.theme import THEMED, apply_theme

    was_dark = qapp.property(THEMED) == "dark"
    try:
        apply_theme(qapp, dark=dark)
        scheme = colours(dark)
        palette = qapp.palette()
        for role, key in ((QPalette.ColorRole.Highlight, "highlight"), (QPalette.ColorRole.Base, "base"),
                          (QPalette.ColorRole.PlaceholderText, "placeholder"), (QPalette.ColorRole.Window, "window")):
            assert palette.color(role).name() == scheme[key], key
        sheet = qapp.styleSheet()
        assert f"border: 2px solid {scheme['focus']}" in sheet and f"border: 1px solid {scheme['border']}" in sheet
        assert "{" + "focus}" not in sheet  # every placeholder filled
    finally:
        apply_theme(qapp, dark=was_dark)
