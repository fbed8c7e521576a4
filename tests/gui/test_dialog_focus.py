"""Typing goes where a person expects when a dialog opens: into its first field, never onto OK.

Found by using the window by keyboard alone: "New inspection" opened with the focus on OK, so the
authority's name typed straight away went nowhere and Return pressed OK on an empty form. Every
dialog of the window (the screenshot gallery's list) is opened here and checked the same way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.settings import Identity
from inspector_app.services import cases, inspections, open_workspace
from tests.gui.conftest import on_dialog


def _editable(widget: QWidget) -> bool:
    if not (widget.isVisibleTo(widget.window()) and widget.isEnabled()):
        return False
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly()
    return isinstance(widget, QComboBox | QAbstractSpinBox)


@pytest.fixture
def demo_window(qtbot, make_window, demo_db_file, tmp_path):  # type: ignore[no-untyped-def]
    from inspector_app.gui.screenshots import _choose_inspection

    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_file, copy)
    ws = open_workspace(copy, read_only=True)
    try:
        inspection_id = _choose_inspection(ws, None)
        lead = inspections.get_inspection(ws, inspection_id).lead
    finally:
        ws.close()
    window = make_window(db=copy, identity=Identity(lead.name, lead.initials, TeamRole.TEAM))
    window.open_inspection(inspection_id)
    return window, inspection_id


def test_every_dialog_opens_with_the_focus_in_its_first_field(qtbot, demo_window):
    from inspector_app.gui.screenshot_dialogs import _dialogs

    window, inspection_id = demo_window
    first_case = cases.list_cases(window.ctx.ws, inspection_id)[0]
    wrong: dict[str, str] = {}
    checked = 0
    for name, make in _dialogs(window, inspection_id, first_case):
        dialog = make()
        try:
            dialog.show()
            dialog.activateWindow()
            qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
            fields = [w for w in dialog.findChildren(QWidget) if _editable(w)]
            if not fields:
                continue  # nothing to type into (a list, a confirmation): a button may well have the focus
            checked += 1
            focused = QApplication.focusWidget()
            if focused is None or not dialog.isAncestorOf(focused) or isinstance(focused, QAbstractButton):
                wrong[name] = type(focused).__name__ + (f" {focused.text()!r}" if isinstance(focused, QAbstractButton)
                                                        else "")
        finally:
            dialog.reject()
            dialog.deleteLater()
    assert checked >= 10, "the gallery's dialogs with fields were checked"
    assert wrong == {}, f"these dialogs open with the focus on a button, not their first field: {wrong}"


def test_new_inspection_takes_the_authority_typed_at_once(qtbot, make_window):
    """By keyboard alone: Ctrl+Shift+N, type the authority's name, Return; the inspection is made."""
    window = make_window()

    typed_into: list[QWidget | None] = []

    def type_at_once(dialog: QWidget) -> None:
        qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)  # as a person: once it is in front of them
        typed_into.append(QApplication.focusWidget())
        qtbot.keyClicks(QApplication.focusWidget(), "Eastbrook")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        if dialog.isVisible():  # Return did not make the inspection: fail below rather than leave it open
            dialog.reject()

    on_dialog(qtbot, type_at_once, lambda: qtbot.keyClick(
        window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
    assert typed_into and typed_into[0] is not None and typed_into[0].objectName() == "authorityEdit"
    qtbot.waitUntil(lambda: window.ctx.inspection_id is not None, timeout=10000)
    assert inspections.get_inspection(window.ctx.ws, window.ctx.inspection_id).authority == "Eastbrook"


def test_a_save_as_dialog_from_a_view_is_used_by_keyboard(tmp_path: Path) -> None:
    """Qt's own Save As dialog, opened from a view: Tab round it, type the name, Enter. In its own process
    with a time limit, because the fault hung the event loop (tests/gui/file_dialog_child.py)."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    done = subprocess.run([sys.executable, "-m", "tests.gui.file_dialog_child", str(tmp_path)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.split() == ["draft.pdf", "0", "True"], done.stdout + done.stderr[-1500:]
