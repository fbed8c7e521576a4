"""Text typed but not yet saved is never thrown away without asking.

Most of the window saves as you type. Two places hold typing until the person says "save": a capture
dialog (evidence is filed once its area is chosen) and the tracking-note box (a note is added with
Enter). Closing either with something typed asks, as a desktop editor does on closing an unsaved
document: Save, Discard, or Keep editing (Escape and the window's close button keep editing).
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

Choice = Literal["save", "discard", "keep"]


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
