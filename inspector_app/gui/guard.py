"""One guarded path for everything the window saves.

A refusal the services explain (bad input, a rule, a full disk) is shown as it is, in the
dialog's own error line or a message box. Anything else is a fault in the app: the person gets a
plain sentence and a "Copy details" button. The details name the app, the platform, what was
being done and where in the code it failed (file, line, function), and nothing else: no
exception message, no class name, no SQL, no values, so nothing about a child can leak into a
support e-mail or a log.
"""

from __future__ import annotations

import platform
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app import APP_NAME, __version__
from inspector_app.domain.rules import OverallRuleError
from inspector_app.services import ValidationError
from inspector_app.services.workspace import NotFoundError, StorageError

T = TypeVar("T")
USER_ERRORS: tuple[type[Exception], ...] = (ValidationError, NotFoundError, OverallRuleError, ValueError,
                                            StorageError)
SAVING = "saving"
HELP = ("If it happens again, press Copy details and send them to your support contact: "
        "they hold no case data.")
UNEXPECTED = f"Something went wrong and this change was not saved. What you saved before is safe. {HELP}"


def unexpected_message(doing: str, saving: bool = True) -> str:
    """The sentence for a fault, worded for what was happening: "not saved" only when a change was being
    saved (a fault while exporting or just moving about the window saved nothing and lost nothing)."""
    if saving:
        return UNEXPECTED
    return f"Something went wrong while {doing}. Nothing you saved is affected. {HELP}"


def _frames_of(tb: TracebackType | None, exc: BaseException | None) -> list[traceback.FrameSummary]:
    """The frames of ``tb``; failing that, of the exception that caused or preceded ``exc``."""
    frames = traceback.extract_tb(tb) if tb is not None else []
    seen: set[int] = set()
    while not frames and exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        frames = traceback.extract_tb(exc.__traceback__) if exc.__traceback__ is not None else []
        exc = exc.__cause__ or exc.__context__
    return frames


def _qt_context() -> list[str]:
    """What Qt was doing when it called in: the kinds of widget in focus, of the active window and of
    the modal dialog (class and object names are the app's own words, never what a person typed)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return []

    def named(widget: QWidget | None) -> str:
        if widget is None:
            return "none"
        name = widget.objectName()
        return type(widget).__name__ + (f" ({name})" if name and not name.startswith("qt_") else "")

    return [f"  focus: {named(app.focusWidget())}", f"  window: {named(app.activeWindow())}",
            f"  modal: {named(app.activeModalWidget())}"]


WAITING_SHOWN = 12  # the innermost calls are the ones that tell where
REPORTING = ("report_unexpected", "safe_details", "_report_unexpected", "guarded")


def safe_details(doing: str, tb: TracebackType | None, exc: BaseException | None = None) -> str:
    """Where the fault happened, as file:line function, without any value or message.

    A fault raised where no Python code of the app was running (Qt calling a function or method that
    refused its arguments, or an object Qt had already deleted: ``sys.excepthook`` then gets no
    traceback) still gets details: they say so, list the Python calls that were waiting when it
    happened (a dialog's or a loading step's event loop) and which widgets had the focus, so they are
    never empty."""
    frames = _frames_of(tb, exc)
    lines = [f"{APP_NAME} {__version__}", f"Python {platform.python_version()} on {platform.system()}",
             f"While: {doing}", "Where (innermost last):"]
    if frames:
        lines += [_where(frame) for frame in frames]
        return "\n".join(lines)
    lines.append("  outside the app's Python code: Qt called something that failed before any of it ran")
    waiting = [frame for frame in traceback.extract_stack() if frame.name not in REPORTING][-WAITING_SHOWN:]
    lines.append("Waiting in (innermost last):")
    lines += [_where(frame) for frame in waiting] or ["  the window's event loop"]
    lines += _qt_context()
    return "\n".join(lines)


def _where(frame: traceback.FrameSummary) -> str:
    package = Path(__file__).resolve().parents[1]
    path = Path(frame.filename)
    try:
        shown = str(path.resolve().relative_to(package.parent))
    except ValueError:
        shown = path.name
    return f"  {shown}:{frame.lineno} in {frame.name}"


class UnexpectedErrorDialog(QDialog):
    """A plain sentence and a way to hand the safe details to someone who can help."""

    def __init__(self, details: str, parent: QWidget | None = None, *, doing: str = SAVING,
                 saving: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle("Not saved" if saving else "Something went wrong")
        self.details = details
        message = QLabel(unexpected_message(doing, saving))
        message.setWordWrap(True)
        message.setObjectName("unexpectedMessage")
        self.message = message
        self.details_view = QPlainTextEdit(details)
        self.details_view.setReadOnly(True)
        self.details_view.setAccessibleName("Details for support")
        self.details_view.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy details")
        self.copy_button.setToolTip("Copy where the problem happened, without any case data, to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.details)
        self.details_view.setVisible(True)
        self.copy_button.setText("Copied")


def report_unexpected(parent: QWidget | None, doing: str, tb: TracebackType | None,
                      exc: BaseException | None = None, *, saving: bool = True) -> None:
    """Log the safe details and show them; never the exception itself. ``saving``: a change was being
    saved (the dialog then says it was not saved; otherwise it says what was being done)."""
    details = safe_details(doing, tb, exc)
    print(details, file=sys.stderr)
    if _showing:  # a fault raised again while its box is up (by the box taking focus, say): logged, not a new box
        return
    _showing.append(details)
    try:
        UnexpectedErrorDialog(details, parent, doing=doing, saving=saving).exec()
    finally:
        _showing.clear()


_showing: list[str] = []  # the details of the error box on screen, if one is


def guarded(parent: QWidget | None, action: Callable[[], T], *, doing: str = SAVING,
            show_error: Callable[[str], None] | None = None, title: str = "Cannot save",
            saving: bool = True) -> T | None:
    """Run a save (or, with ``saving=False``, something that saves nothing, such as an export); on a
    refusal show its message (``show_error`` or a box), on a fault the safe dialog.

    Returns what ``action`` returned, or None when nothing was saved.
    """
    from PySide6.QtWidgets import QMessageBox

    from inspector_app.services.workspace import storage_problem

    try:
        return action()
    except USER_ERRORS as exc:
        message = _sentence(str(exc))
        if show_error is not None:
            show_error(message)
        else:
            QMessageBox.warning(parent, title, message)
        return None
    except Exception as exc:  # a fault: the person needs a sentence, support needs where it happened
        problem = storage_problem(exc)
        if problem:
            QMessageBox.warning(parent, title, f"The database could not be written: {problem}. Nothing was lost "
                                "that had been saved before; use File ▸ Check database.")
            return None
        report_unexpected(parent, doing, exc.__traceback__, exc, saving=saving)
        return None


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return "That could not be saved."
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
