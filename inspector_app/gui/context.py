"""The state every screen shares: the workspace, who is using it, the open inspection, undo.

Screens never call services in a way that can leave a traceback on screen: ``attempt`` (see
``gui/guard.py``) turns a refused input into its message and any other error into a plain
sentence, and every successful change updates the status bar's "Saved at" and tells the other
screens to refresh.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from inspector_app.domain.enums import TeamRole
from inspector_app.frameworks import Framework
from inspector_app.gui.guard import USER_ERRORS, guarded
from inspector_app.gui.settings import AppSettings, Identity
from inspector_app.services import Workspace

T = TypeVar("T")
__all__ = ["USER_ERRORS", "AppContext"]


class AppContext(QObject):
    data_changed = Signal()
    inspection_changed = Signal(object)  # int | None
    saved = Signal(str)
    identity_changed = Signal()
    file_lost = Signal(str)  # the database file went away: one plain line; the work since is kept

    def __init__(self, ws: Workspace, identity: Identity, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.ws = ws
        self.person = identity  # who the person said they are; their role comes from the inspection
        self.identity = identity
        self.ws.user = identity.name
        self.settings = settings or AppSettings()
        self.undo_stack = QUndoStack(self)
        self.inspection_id: int | None = None
        self._framework: Framework | None = None
        self.identity = self.effective_identity()
        self.db_key = hashlib.sha1(ws.status().location.encode()).hexdigest()[:12]
        self.data_changed.connect(self._follow_roster)  # first, so every screen sees the role it is about

    @property
    def framework(self) -> Framework | None:
        return self._framework

    def set_identity(self, identity: Identity) -> None:
        self.person = identity
        self.ws.user = identity.name
        self.settings.set_identity(identity)
        self._follow_roster()
        self.identity_changed.emit()

    def effective_identity(self) -> Identity:
        """The person with the role the open inspection gives them: its roster (or team list) says who
        leads; someone it does not name is a team inspector, or a reviewer if they said so."""
        from inspector_app.services import roles

        person = self.person
        if self.inspection_id is None:
            return replace(person, role=TeamRole.QA if person.role is TeamRole.QA else TeamRole.TEAM)
        role = roles.role_on(self.ws, self.inspection_id, person.name)
        if role is None:
            role = TeamRole.QA if person.role is TeamRole.QA else TeamRole.TEAM
        return replace(person, role=role)

    def _follow_roster(self) -> None:
        from inspector_app.services.workspace import StorageError

        if not self.ws.status().closed:
            before = self.identity
            try:
                self.identity = self.effective_identity()
            except StorageError:  # the file went away; the window says so elsewhere, the role stays as it was
                return
            if before != self.identity:
                self.identity_changed.emit()

    def open_inspection(self, inspection_id: int | None) -> None:
        self.inspection_id = inspection_id
        self._framework = self.ws.framework(inspection_id) if inspection_id is not None else None
        self.identity = self.effective_identity()
        self.undo_stack.clear()
        if self.settings.last_inspection(self.db_key) != inspection_id:  # writing syncs the file: ≈20 ms
            self.settings.set_last_inspection(self.db_key, inspection_id)
        self.inspection_changed.emit(inspection_id)

    def changed(self) -> None:
        """Something was written: say when, and let every screen refresh."""
        self.saved.emit(f"Saved at {datetime.now():%H:%M:%S}")
        self.data_changed.emit()

    def attempt_edit(self, parent: QWidget | None, still_there: Callable[[], object], change: Callable[[], T]) -> None:
        """An edit of a saved row: read it first, as before, so a row that is gone is not a save to
        explain; if the file itself went away, the edit is kept for the new database."""
        from inspector_app.services import rescue
        from inspector_app.services.workspace import StorageError

        try:
            still_there()
        except StorageError as exc:
            if not rescue.file_lost(exc):
                raise
        self.attempt(parent, change)

    def attempt(self, parent: QWidget | None, action: Callable[[], T], title: str = "Cannot save",
                show_error: Callable[[str], None] | None = None, doing: str | None = None) -> T | None:
        """Every save goes through here: a refusal is explained, a fault never shows its insides.
        ``doing`` (e.g. "exporting the case study") is for work that writes no change to the database.

        A save refused because the database file went away is not an error to dismiss: it is kept
        (services/rescue.py), to be made again on the new database the person chooses, and the window
        is told once, in one line, with the offer to do that.
        """
        from inspector_app.services import rescue
        from inspector_app.services.workspace import StorageError

        lost: list[bool] = []

        def run() -> T | None:
            try:
                return action()
            except StorageError as exc:
                if not rescue.file_lost(exc):
                    raise
                rescue.keep(self.ws, title if title != "Cannot save" else "A change", action)
                lost.append(True)
                return None

        # ``doing`` names work that saves nothing (an export): a fault then is not called "not saved"
        result = guarded(parent, run, doing=doing or (title if title != "Cannot save" else "saving"), title=title,
                         show_error=show_error, saving=doing is None)
        if lost:
            line = rescue.lost_line(self.ws)
            if show_error is not None:
                show_error(line)
            self.file_lost.emit(line)
        return result

    def file_went_away(self) -> None:
        """The window noticed (not by a save) that the file went away: say so as a refused save would."""
        from inspector_app.services import rescue

        self.file_lost.emit(rescue.lost_line(self.ws))
