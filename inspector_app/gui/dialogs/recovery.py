"""The choice offered when the database cannot be opened for work: restore, read-only, or quit.

Nothing is ever deleted from here: restoring keeps the damaged file beside the database under a
name that says so, and read-only opening writes nothing at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QMessageBox, QWidget

from inspector_app import APP_NAME
from inspector_app.services.backups import Backup

Choice = Literal["restore", "read_only", "retry", "quit"]


def ask_recovery(db_path: Path, problem: str, newest: Backup | None, *, read_only: bool = True,
                 retry: bool = False, parent: QWidget | None = None) -> Choice:
    box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, f"{db_path.name} cannot be opened for work.", parent=parent)
    box.setObjectName("recoveryChoice")
    options = []
    if newest is not None:
        options.append(f"Restore the newest good backup (taken {newest.taken_at.astimezone():%a %d %b %Y at %H:%M}); "
                       "the damaged file is kept beside it.")
    if read_only:
        options.append("Open it read-only to look at and export what it holds; nothing can be changed.")
    box.setInformativeText(f"{problem}\n\n" + "\n".join(f"• {o}" for o in options))
    buttons: dict[object, Choice] = {}
    if newest is not None:
        buttons[box.addButton("&Restore newest backup", QMessageBox.ButtonRole.AcceptRole)] = "restore"
    if read_only:
        buttons[box.addButton("Open &read-only", QMessageBox.ButtonRole.ActionRole)] = "read_only"
    if retry:
        buttons[box.addButton("&Try another passphrase", QMessageBox.ButtonRole.ActionRole)] = "retry"
    buttons[box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)] = "quit"
    box.exec()
    return buttons.get(box.clickedButton(), "quit")
