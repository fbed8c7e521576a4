"""Application-wide behaviour that every widget gets, in one event filter instead of per screen.

* Combo boxes, spin boxes and date fields take focus by click or Tab only, and ignore the mouse
  wheel unless they have focus: scrolling a page with the pointer passing over a grade picker
  scrolls the page and never changes (and saves) the grade.
* Date fields are typed as digits in one go, without Tab between day, month and year.
* The window's global shortcuts (Ctrl+E, Ctrl+T, Ctrl+1…9, …) work from anywhere: a text box
  that would claim the key for itself (Ctrl+E is "end of line" in a line edit on Linux) lets it
  through to the shortcut.
* Enter (Return or the keypad's) presses the focused push button in the main window as Space does,
  as it already does in a dialog (Team ▸ Export bundle…, the lock screen's Unlock).
* Ctrl+L locks from a modal dialog too (Quick capture, Add case …): Qt holds a window's shortcuts back
  while a modal dialog is up, and case details stayed on screen while the person thought it locked.
* Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) in a text box with nothing of its own to undo or redo are the
  window's Undo and Redo: a tracking note just added (its box cleared) is undone by Ctrl+Z, not kept
  while the box quietly gets its text back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

WHEEL_GUARDED = (QComboBox, QAbstractSpinBox)


DATE_FORMAT = "dd/MM/yyyy"


def typeable_date(edit: QDateEdit) -> None:
    """A date typed in one go: digits only, so "03042027" fills day, month and year without Tab
    (a month written as a word cannot be typed that way); the calendar is a click away."""
    if edit.displayFormat() != DATE_FORMAT:
        edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    if not edit.toolTip():
        edit.setToolTip("Type the date as day, month and year in digits (03042027), or open the calendar")


class WindowBehaviour(QObject):
    """Installed once on the application by the main window."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.global_keys: set[int] = set()
        self.lock_key: int | None = None
        self.lock: Callable[[], None] | None = None

    def install(self) -> None:
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def set_global_shortcuts(self, sequences: list[QKeySequence]) -> None:
        """The keys that belong to the window whatever has focus."""
        self.global_keys = {seq[0].toCombined() for seq in sequences if not seq.isEmpty()}  # type: ignore[index]

    def set_lock(self, sequence: QKeySequence, lock: Callable[[], None]) -> None:
        """The key that locks the app whatever window is in front, modal dialogs included."""
        self.lock_key = None if sequence.isEmpty() else sequence[0].toCombined()  # type: ignore[index]
        self.lock = lock

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (kind == QEvent.Type.KeyPress and self.lock is not None and QApplication.activeModalWidget() is not None
                and isinstance(event, QKeyEvent) and event.keyCombination().toCombined() == self.lock_key):
            self.lock()
            return True
        if kind == QEvent.Type.Polish and isinstance(obj, WHEEL_GUARDED):
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel alone never gives them focus
            if isinstance(obj, QDateEdit):
                typeable_date(obj)
        elif kind == QEvent.Type.Wheel and isinstance(obj, WHEEL_GUARDED) and not obj.hasFocus():
            parent = obj.parentWidget()
            if parent is not None:  # scroll whatever holds the box, as if the box were not there
                QCoreApplication.sendEvent(parent, event)
            return True
        elif kind == QEvent.Type.KeyPress and isinstance(obj, QPushButton) and _enter_outside_dialog(obj, event):
            obj.click()
            return True
        elif (kind == QEvent.Type.ShortcutOverride and isinstance(obj, QWidget) and self.global_keys
              and QApplication.activeModalWidget() is None):
            assert isinstance(event, QKeyEvent)
            if event.keyCombination().toCombined() in self.global_keys:
                event.ignore()  # not claimed by the text box: the shortcut fires
                return True
            if _nothing_of_its_own(obj, event):
                event.ignore()  # the window's Undo or Redo fires
                return True
        return False


def _enter_outside_dialog(button: QPushButton, event: QEvent) -> bool:
    """Enter on a focused, enabled push button outside a dialog (a dialog's own default-button rule
    already presses the focused button there, and must keep doing so alone)."""
    assert isinstance(event, QKeyEvent)
    if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    return button.hasFocus() and button.isEnabled() and not isinstance(button.window(), QDialog)


def _nothing_of_its_own(widget: QWidget, event: QKeyEvent) -> bool:
    """Whether ``event`` is Undo or Redo in a text box that has nothing to undo or redo itself."""
    undo = event.matches(QKeySequence.StandardKey.Undo)
    redo = event.matches(QKeySequence.StandardKey.Redo) or (
        event.key() == Qt.Key.Key_Y and event.modifiers() == Qt.KeyboardModifier.ControlModifier)
    if not (undo or redo):
        return False
    if isinstance(widget, QLineEdit):
        available = widget.isUndoAvailable() if undo else widget.isRedoAvailable()
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        document = widget.document()
        available = document.isUndoAvailable() if undo else document.isRedoAvailable()
    else:
        return False
    return not available
