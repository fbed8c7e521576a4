"""Paint first, then fill: the window's shell on screen before the database layer is even imported.

Importing SQLAlchemy's ORM, the services and the screens takes most of a second; a bare Qt window
paints in a fifth of that. So start-up shows this shell at once (the sidebar, the title, a status
bar and an empty page, looking as the real window will), imports the rest in a background thread
while the shell keeps repainting and moving, and only then opens the database and builds the main
window in its place, at the same position and size. This module imports nothing but Qt and the
app's name: keep it that way, or the first paint waits again.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QMainWindow, QVBoxLayout, QWidget

from inspector_app import APP_NAME
from inspector_app.gui.a11y import fit_to_screen
from inspector_app.gui.icons import icon

NAV = [("home", "Inspections", "home"), ("overview", "Overview", "overview"), ("cases", "Cases", "cases"),
       ("audits", "Record audits", "audits"), ("evidence", "Evidence", "evidence"),
       ("judgements", "Judgements", "judgements"), ("findings", "Findings", "findings"),
       ("export", "Export", "export"), ("team", "Team", "team"), ("history", "History", "history"),
       ("plan", "Plan", "plan"),
       ("moderation", "Moderation", "judgements"), ("qa", "QA review", "findings"),
       ("good_practice", "Good practice", "evidence"), ("joint", "Joint inspection", "team")]
SIDEBAR_WIDTH = 200
# What the main window needs, imported off the GUI thread while the shell is on screen.
HEAVY_MODULES = ("inspector_app.services", "inspector_app.gui.main_window", "inspector_app.gui.pages.overview")


def sidebar_model(parent: QObject) -> QStandardItemModel:
    """The navigation list, shared by the shell and the main window so that both look the same."""
    model = QStandardItemModel(parent)
    for key, label, icon_name in NAV:
        item = QStandardItem(icon(icon_name), label)
        item.setData(key, Qt.ItemDataRole.UserRole)
        item.setEditable(False)
        model.appendRow(item)
    return model


def _import_heavy(done: Any) -> None:
    """In a plain Python thread (quitting while it runs must not abort, as a running QThread would)."""
    problem: Exception | None = None
    try:
        for name in HEAVY_MODULES:
            importlib.import_module(name)
    except Exception as exc:  # the GUI thread imports again, so the failure shows with its traceback
        problem = exc
    with contextlib.suppress(RuntimeError):  # the shell was closed meanwhile
        done.emit(problem)


class StartupShell(QMainWindow):
    """The window as it looks while the app is still loading: painted in the time of a bare window."""

    painted = Signal()
    window_ready = Signal(object)  # the main window, or None when opening was cancelled or failed
    _imports_done = Signal(object)  # from the import thread, queued to the GUI thread

    def __init__(self, opening: str = "") -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)  # the version is looked up later, off the first paint's path
        self.setWindowIcon(icon("app"))
        fit_to_screen(self, QSize(1280, 800))  # as the main window sizes itself, so it can take this place
        self.badge = QLabel(f"Opening {opening}…" if opening else "Opening…")
        self.badge.setObjectName("inspectionBadge")
        self.badge.setWordWrap(True)
        self.nav = QListView()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.setModel(sidebar_model(self))
        self.nav.setEnabled(False)  # nothing to go to yet
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.badge)
        side_layout.addWidget(self.nav, 1)
        side.setFixedWidth(SIDEBAR_WIDTH)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(side)
        layout.addWidget(QWidget(), 1)  # the page: empty until the main window takes over
        self.setCentralWidget(central)
        self.statusBar().showMessage("Loading…")
        self._open: Callable[[], Any] | None = None
        self._painted = False
        self._imports_done.connect(self._imported)

    def open_after_paint(self, open_window: Callable[[], Any]) -> None:
        """Once the shell has painted, import the rest in a thread, then call ``open_window`` (on the GUI
        thread: it may ask for a passphrase) and put the window it returns where the shell is."""
        self._open = open_window

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.painted.emit()
            if self._open is not None:
                self._start_imports()
        return handled

    def _start_imports(self) -> None:
        threading.Thread(target=_import_heavy, args=(self._imports_done,), name="imports", daemon=True).start()

    def _imported(self, _problem: Exception | None) -> None:
        assert self._open is not None
        self.statusBar().showMessage("Opening the database…")
        try:
            window = self._open()  # an import that failed in the thread fails here again, with its traceback
        except BaseException:
            self.window_ready.emit(None)  # whoever waits for the window hears that there is none
            self.close()
            raise
        if window is not None:
            window.setGeometry(self.geometry())
            window.show()
        self.window_ready.emit(window)
        self.close()
