"""What every screen has: the shared context and a refresh that runs only when it is seen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from inspector_app.gui.a11y import first_focusable
from inspector_app.gui.context import AppContext

# Typing reaches the database this long after the last keystroke (or at once when focus moves, see
# MainWindow): a killed window loses at most this much of what was visible (issue 14).
AUTOSAVE_DELAY_MS = 250


class Page(QWidget):
    title = ""
    needs_inspection = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        ctx.data_changed.connect(self._on_data_changed)
        ctx.inspection_changed.connect(lambda _id: self._on_data_changed())

    def _on_data_changed(self) -> None:
        self._stale = True
        if self.isVisible():
            self.ensure_fresh()

    def ensure_fresh(self) -> None:
        if self.ctx.ws.status().closed:  # the window is closing, or the database was destroyed
            return
        if self._stale:
            self._stale = False
            if self.ctx.inspection_id is not None or not self.needs_inspection:
                self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.ensure_fresh()

    def refresh(self) -> None:
        """Reload what the screen shows from the services."""

    def busy(self) -> bool:
        """Whether work started in a background thread has yet to reach the screen."""
        return False

    def wait_for_work(self) -> None:
        """Let background work finish (before the database closes under it)."""

    def main_control(self) -> QWidget | None:
        """The control a view's shortcut (Ctrl+1…9) puts focus on; by default the first in Tab order."""
        return None

    def focus_main_control(self) -> None:
        control = self.main_control()
        if control is None or not (control.isVisible() and control.isEnabled()):
            control = first_focusable(self)
        if control is None:
            return
        if isinstance(control, QAbstractItemView) and not control.currentIndex().isValid():
            model = control.model()
            if model.rowCount() > 0:  # arrow keys and a screen reader start on a row
                control.setCurrentIndex(model.index(0, 0))
        control.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def unsaved_typing(self) -> str | None:
        """What the person typed that only an explicit step saves (a tracking note before Enter), as
        "The tracking note you typed", or None; closing the window asks about it (``gui.unsaved``)."""
        return None

    def save_typing(self) -> bool:
        """Save what ``unsaved_typing`` names; False when it could not be saved (the reason is shown)."""
        return True

    def discard_typing(self) -> None:
        """Throw away what ``unsaved_typing`` names: the person chose Discard."""

    def flush(self) -> None:
        """Save anything typed but not yet saved (edits are saved shortly after typing stops)."""
