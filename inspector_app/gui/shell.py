"""Paint first, then fill: the window's shell on screen before the database layer is even imported.

Importing SQLAlchemy's ORM, the services and the screens takes most of a second; a bare Qt window
paints in a fifth of that. So start-up shows this shell at once (the sidebar, the title, a status
bar and an empty page, looking as the real window will), and once it has painted, a background
thread imports the rest, opens the database (its schema checked, the frameworks loaded) and reads
the last inspection's overview, while the shell keeps repainting and answering input. The main
window is then built on the GUI thread in the shell's place, at the same position and size, with the
overview's numbers already in it.

This module imports nothing but Qt's widget classes, the app's name, its icons, theme colours and
resource paths: keep it that way, or the first paint waits again. Even Qt's ``Qt`` namespace is left
out (it costs ≈10 ms to load), and the keyboard and screen-reader style (``gui.a11y``) is applied
just after the first paint.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QMainWindow, QVBoxLayout, QWidget

from inspector_app import APP_NAME
from inspector_app.gui.icons import icon

NAV = [("home", "Inspections", "home"), ("overview", "Overview", "overview"), ("cases", "Cases", "cases"),
       ("audits", "Record audits", "audits"), ("evidence", "Evidence", "evidence"),
       ("judgements", "Judgements", "judgements"), ("findings", "Findings", "findings"),
       ("export", "Export", "export"), ("team", "Team", "team"), ("history", "History", "history"),
       ("plan", "Plan", "plan"),
       ("moderation", "Moderation", "judgements"), ("qa", "QA review", "findings"),
       ("good_practice", "Good practice", "evidence"), ("joint", "Joint inspection", "team")]
SIDEBAR_WIDTH = 200
NAV_KEY_ROLE = 256  # Qt.ItemDataRole.UserRole, written as its value so the shell need not load ``Qt``
# What the main window needs, imported off the GUI thread while the shell is on screen.
HEAVY_MODULES = ("inspector_app.services", "inspector_app.gui.main_window", "inspector_app.gui.pages.overview")


def sidebar_model(parent: QObject) -> QStandardItemModel:
    """The navigation list, shared by the shell and the main window so that both look the same."""
    model = QStandardItemModel(parent)
    for key, label, icon_name in NAV:
        item = QStandardItem(icon(icon_name), label)
        item.setData(key, NAV_KEY_ROLE)
        item.setEditable(False)
        model.appendRow(item)
    return model


def _load(prepare: Callable[[], Any], done: Any) -> None:
    """In a plain Python thread (quitting while it runs must not abort, as a running QThread would):
    import what the window needs, then ``prepare()`` (open the database, read the first numbers).

    What ``prepare`` returns, or the exception it raised, goes to the GUI thread, which shows it in
    plain words or lets it fail there with its traceback."""
    result: Any
    try:
        for name in HEAVY_MODULES:
            importlib.import_module(name)
        result = prepare()
    except Exception as exc:
        result = exc
    with contextlib.suppress(RuntimeError):  # the shell was closed meanwhile
        done.emit(result)


class StartupShell(QMainWindow):
    """The window as it looks while the app is still loading: painted in the time of a bare window."""

    painted = Signal()
    window_ready = Signal(object)  # the main window, or None when opening was cancelled or failed
    _loaded = Signal(object)  # from the loading thread, queued to the GUI thread

    def __init__(self, opening: str = "") -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)  # the version is looked up later, off the first paint's path
        self.setWindowIcon(icon("app"))
        self._fit_to_screen(QSize(1280, 800))  # as the main window sizes itself, so it can take this place
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
        self.page = QWidget()  # the page: empty until the main window takes over
        layout.addWidget(self.page, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Loading…")
        self._prepare: Callable[[], Any] | None = None
        self._open: Callable[[Any], Any] | None = None
        self._discard: Callable[[Any], None] | None = None
        self._quit_early = False
        self._after_paint: list[Callable[[], None]] = []
        self._painted = False
        self.loading = False  # True from the first paint until the main window (or nothing) takes over
        self._loaded.connect(self._ready)

    def _fit_to_screen(self, wanted: QSize) -> None:
        """``gui.a11y.fit_to_screen``, repeated here so that the shell need not import that module."""
        available = self.screen().availableGeometry()
        self.resize(max(1, min(wanted.width(), available.width())),
                    max(1, min(wanted.height(), available.height() - 40)))

    def open_after_paint(self, prepare: Callable[[], Any], open_window: Callable[[Any], Any],
                         after_paint: Callable[[], None] | None = None,
                         discard: Callable[[Any], None] | None = None) -> None:
        """Once the shell has painted: ``after_paint()`` on the GUI thread (the rest of the theme), and
        in a background thread the heavy imports and ``prepare()``; then ``open_window(prepared)`` on
        the GUI thread (it may ask for a passphrase) puts the window it returns where the shell is.
        ``prepared`` is what ``prepare`` returned, or the exception it raised; if the person quit while
        it was being prepared, ``discard(prepared)`` lets go of it instead (closing the database)."""
        self._prepare, self._open, self._discard = prepare, open_window, discard
        if after_paint is not None:
            self._after_paint.append(after_paint)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.painted.emit()
            if self._prepare is not None:
                self._start_loading()
        return handled

    def _start_loading(self) -> None:
        assert self._prepare is not None
        self.loading = True
        quit_action = QAction("&Quit", self)  # the shell answers the keyboard while it loads
        keys = [QKeySequence("Ctrl+Q")]  # the main window's Quit; some platforms bind none to StandardKey.Quit
        keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k not in keys]
        quit_action.setShortcuts(keys)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        threading.Thread(target=_load, args=(self._prepare, self._loaded), name="loading", daemon=True).start()
        for step in self._after_paint:
            QTimer.singleShot(0, self, step)  # after this paint has reached the screen

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed while loading: the person quit; what is being prepared is let go of when it arrives."""
        if self.loading:
            self._quit_early = True
            self.statusBar().showMessage("Quitting…")
        super().closeEvent(event)

    def _ready(self, prepared: Any) -> None:
        assert self._open is not None
        if self._quit_early:
            self.loading = False
            if self._discard is not None and not isinstance(prepared, BaseException):
                self._discard(prepared)
            self.window_ready.emit(None)
            return
        self.statusBar().showMessage("Opening the database…")
        try:
            window = self._open(prepared)  # an import that failed in the thread fails here again, with its traceback
        except BaseException:
            self.loading = False
            self.window_ready.emit(None)  # whoever waits for the window hears that there is none
            self.close()
            raise
        self.loading = False
        if window is not None:
            window.setGeometry(self.geometry())
            window.show()
        self.window_ready.emit(window)
        self.close()
