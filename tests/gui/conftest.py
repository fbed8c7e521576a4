"""GUI fixtures: a real main window, offscreen, on a temporary database."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.settings import AppSettings, Identity
from tests.templates import database_copy

LEAD = Identity("Lena Lead", "LL", TeamRole.LEAD)


@pytest.fixture(autouse=True)
def no_window_outlives_its_test(qapp: QApplication) -> Iterator[None]:
    """Each test starts with no window of an earlier one shown: a shown window keeps its
    application-wide shortcuts (Ctrl+E, Ctrl+L) active, and a dialog left open becomes the next
    test's "active modal widget"."""
    yield
    from unittest import mock

    # what a test typed and left is discarded without the question closing would ask (gui/unsaved.py)
    with mock.patch("inspector_app.gui.unsaved.ask_unsaved", return_value="discard"):
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():  # a hidden window's shortcuts are inactive; deleting it here could crash
                if isinstance(widget, QDialog):
                    widget.reject()
                widget.close()


@pytest.fixture(autouse=True)
def no_question_waits_for_ever(qapp: QApplication) -> Iterator[None]:
    """A "Not saved yet" question (gui/unsaved.py) that no step of a test answers would keep its
    ``exec()`` waiting, and the whole run with it: after 10 s it is answered Discard and the test errors,
    naming it. Answering takes a test milliseconds, so this never decides for a test that answers."""
    import time

    first_seen: dict[int, float] = {}
    unanswered: list[str] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.windowTitle() != "Not saved yet":
            return
        if time.monotonic() - first_seen.setdefault(id(box), time.monotonic()) > 10:
            unanswered.append(box.text())
            next(b for b in box.buttons() if b.text() == "&Discard").click()

    watchdog = QTimer()
    watchdog.setInterval(500)
    watchdog.timeout.connect(look)
    watchdog.start()
    yield
    watchdog.stop()
    assert not unanswered, f"a question nobody answered (answer it, e.g. conftest.close_discarding): {unanswered}"


@pytest.fixture
def make_window(qtbot, tmp_path: Path, empty_db_file: Path) -> Iterator[Callable[..., object]]:
    from inspector_app.gui.app import application, build_main_window

    application()
    made = []

    def make(db: Path | None = None, identity: Identity = LEAD):  # type: ignore[no-untyped-def]
        if db is None:  # the test's own database, new and empty (copied: running the migrations takes longer)
            db = tmp_path / "gui.sqlite"
            if not db.exists():
                database_copy(empty_db_file, db)
        window = build_main_window(db, identity, AppSettings(tmp_path / "settings.ini"),
                                   create=True, plaintext=True)  # test databases may be unencrypted
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.restore_state()
        window.activateWindow()
        try:
            qtbot.waitUntil(window.isActiveWindow, timeout=10000)  # window shortcuts need an active window
        except Exception as exc:
            raise AssertionError(f"the window did not become active: {_what_is_in_the_way()}") from exc
        made.append(window)
        return window

    yield make
    for window in made:
        window.ctx.ws.close()


def _what_is_in_the_way() -> str:
    def name(widget: QWidget | None) -> str:
        return "none" if widget is None else f"{type(widget).__name__} {widget.windowTitle()!r}"

    shown = [name(w) for w in QApplication.topLevelWidgets() if w.isVisible()]
    return (f"modal={name(QApplication.activeModalWidget())} popup={name(QApplication.activePopupWidget())} "
            f"active={name(QApplication.activeWindow())} shown={shown}")


def on_dialog(qtbot, action: Callable[[QWidget], None], trigger: Callable[[], None]) -> None:
    """Run ``action`` on the modal dialog that ``trigger`` opens, as a person would fill it in."""
    done: list[bool] = []
    polls: list[bool] = []
    left_open: list[str] = []

    def still_open(dialog: QWidget) -> None:
        if dialog.isVisible():  # the action did not close it: nothing else will, and the test would wait for ever
            left_open.append(dialog.windowTitle())
            dialog.reject()  # type: ignore[attr-defined]

    def poll() -> None:
        polls.append(True)
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poll)
            return
        try:
            action(dialog)
        except BaseException:
            dialog.reject()  # the test fails with what went wrong, not by waiting on the open dialog for ever
            raise
        finally:
            done.append(True)
        QTimer.singleShot(10000, dialog, lambda: still_open(dialog))

    QTimer.singleShot(0, poll)
    trigger()
    assert not left_open, f"the dialog {left_open[0]!r} was still open after it was filled in: {_what_is_in_the_way()}"
    try:
        qtbot.waitUntil(lambda: bool(done), timeout=10000)
    except Exception as exc:
        raise AssertionError(f"no dialog was handled ({len(polls)} looks): {_what_is_in_the_way()}") from exc


def answer_dialogs(qtbot, actions, trigger) -> list[str]:  # type: ignore[no-untyped-def]
    """Handle each modal dialog that ``trigger`` leads to with the next action, in order."""
    titles: list[str] = []
    handled: set[int] = set()

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and id(dialog) not in handled and len(titles) < len(actions):
            handled.add(id(dialog))
            titles.append(dialog.windowTitle() + " | " + (f"{dialog.text()}\n{dialog.informativeText()}"
                                                          if isinstance(dialog, QMessageBox) else ""))
            actions[len(titles) - 1](dialog)
        if len(titles) < len(actions):
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    trigger()
    qtbot.waitUntil(lambda: len(titles) == len(actions), timeout=15000)
    return titles


def close_discarding(qtbot, dialog) -> str:  # type: ignore[no-untyped-def]
    """Escape on ``dialog`` with text typed in it, then Discard (D) on the "Not saved yet" question it
    asks (gui/unsaved.py), as a person throwing a draft away does; the question's title and text."""
    from PySide6.QtCore import Qt

    focus = QApplication.focusWidget()
    target = focus if focus is not None and dialog.isAncestorOf(focus) else dialog
    [title] = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_D)],
                             lambda: qtbot.keyClick(target, Qt.Key.Key_Escape))
    assert title.startswith("Not saved yet"), title
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    return title


def choose(qtbot, combo, text: str) -> None:
    """Pick a combo entry with the keyboard (Up to the first, then Down) as a person would (Home
    scrolls the page from a grade list, see ``widgets.PageKeysScroll``)."""
    from PySide6.QtCore import Qt

    combo.setFocus()
    for _ in range(combo.currentIndex()):
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text):
            if not isinstance(combo.window(), QDialog):  # on a page, Enter commits the choice (a grade is
                qtbot.keyClick(combo, Qt.Key.Key_Return)  # saved when chosen, not at each arrow step)
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{text!r} is not a choice in {combo.accessibleName() or combo.objectName()}")
