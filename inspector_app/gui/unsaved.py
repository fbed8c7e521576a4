"""Text typed but not yet saved is never thrown away without asking.

Most of the window saves as you type. Some places hold typing until the person says "save": the
dialogs that add or change something (quick capture, a finding, a case, a record audit, an
inspection's details, a member of the team roster), the tracking-note box (a note is added with
Enter), progress on a recommendation (also on choosing another) and a notice to the council (Plan),
the case-study draft (Good practice), and a blind grade proposal's rationale (Moderation, also on
choosing another area). Closing one of them with something typed, or the window, or opening another
inspection, asks, as a desktop editor does on closing an unsaved document: Save, Discard, or Keep
editing (Escape and the question's close button keep editing). Closing with nothing typed, or with the
text as it was loaded, does not ask.

A dialog takes part by listing :class:`AsksBeforeDiscarding` before ``QDialog`` among its bases and
calling :meth:`AsksBeforeDiscarding.watch_typing` once it is filled in; a view by answering
``Page.unsaved_typing`` and ``Page.save_typing`` (the window asks before it closes), usually from a
:class:`LoadedText` of its boxes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QPlainTextEdit, QTextEdit, QWidget

Choice = Literal["save", "discard", "keep"]
TextBox = QLineEdit | QPlainTextEdit | QTextEdit


def ask_unsaved(parent: QWidget | None, what: str) -> Choice:
    """Ask what to do with ``what`` (e.g. "The evidence you typed"), which is not saved yet."""
    box = QMessageBox(QMessageBox.Icon.Question, "Not saved yet", f"{what} is not saved yet.", parent=parent)
    box.setInformativeText("Save it now, discard it, or keep editing?")
    save = box.addButton("&Save", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Discard", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep editing", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setEscapeButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "keep"


def _text(box: TextBox) -> str:
    return box.text() if isinstance(box, QLineEdit) else box.toPlainText()


class LoadedText:
    """What some text boxes held when last filled in (from the database, or empty for a new item): a box
    holding other text now is typing that only an explicit save keeps."""

    def __init__(self, *boxes: TextBox) -> None:
        self.boxes = boxes
        self._loaded = [""] * len(boxes)
        self.take()

    def take(self) -> None:
        """Call after filling the boxes in: what they hold now is not typing."""
        self._loaded = [_text(box).strip() for box in self.boxes]

    def restore(self) -> None:
        """Put back what the boxes held when last filled in: the typing is discarded."""
        for box, before in zip(self.boxes, self._loaded, strict=True):
            if _text(box).strip() != before:
                box.setText(before) if isinstance(box, QLineEdit) else box.setPlainText(before)

    def typed(self) -> list[TextBox]:
        """The boxes whose text changed since ``take``, in the order they were given."""
        return [box for box, before in zip(self.boxes, self._loaded, strict=True) if _text(box).strip() != before]


class AsksBeforeDiscarding:
    """For a ``QDialog`` whose typing only its Save keeps: Escape, Cancel or the close button ask first
    when a watched box differs from what it held when the dialog was filled in.

    Listed before ``QDialog`` among the bases, so that its ``reject`` is the one Qt calls for Escape
    and for the window's close button (``QDialog.closeEvent`` calls ``reject``)."""

    _watched = LoadedText()
    _what = ""
    _typing_save: Callable[[], object] | None = None

    def watch_typing(self, what: str, save: Callable[[], object], *boxes: TextBox) -> None:
        """From now on, ``boxes`` holding other text than they hold now is typing that closing would
        lose; ``what`` names it in the question ("The finding you typed"); ``save`` is what the dialog's
        own Save does (it closes the dialog once saved, or keeps it open and says why not)."""
        self._what, self._typing_save, self._watched = what, save, LoadedText(*boxes)

    def reject(self) -> None:
        assert isinstance(self, QDialog)
        typed = self._watched.typed() if self.isVisible() else []
        if typed and self._typing_save is not None:
            choice = ask_unsaved(self, self._what)
            if choice == "keep":
                typed[0].setFocus()
                return
            if choice == "save":
                self._typing_save()  # closes once saved; a refusal keeps the dialog open and says why
                return
        QDialog.reject(self)
