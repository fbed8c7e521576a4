"""Asking before an export replaces a file that is already there.

One question for every export in the window (draft report or letter, case study, and a bundle whose name had
its suffix added after the save dialog asked about the name typed): what is there, and Replace or Cancel, both
reachable by keyboard (R or Alt+R, C or Alt+C; Escape cancels, Enter takes the safe default, Cancel). The
command line's counterpart is ``--force`` (cli.py).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

TITLE = "Replace the file?"


def ask_replace(parent: QWidget | None, path: Path) -> bool:
    """Whether the person chose to replace ``path``; Cancel, Escape or closing the box keeps it."""
    box = QMessageBox(QMessageBox.Icon.Warning, TITLE, f"{path.name} already exists in {path.parent}.",
                      parent=parent)
    box.setInformativeText("Replace it with this export, or cancel and choose another name?")
    replace = box.addButton("&Replace", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("&Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is replace
