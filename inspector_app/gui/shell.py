"""Paint first, then fill: the window's shell on screen before the database layer is even imported.

Importing SQLAlchemy's ORM, the services and the screens takes most of a second; a bare Qt window
paints in a fifth of that. So start-up shows this shell at once (the sidebar, the title, a status
bar and an empty page, looking as the real window will), and once it has painted, a background
thread first reads the last inspection's five headline numbers with the database driver alone
(``services.glance``: a few milliseconds, no SQLAlchemy) and the shell shows them on its page, then it
imports the rest, opens the database (its schema checked, the frameworks loaded) and reads the whole
overview, while the shell keeps repainting and answering input. The main
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
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListView, QMainWindow, QVBoxLayout, QWidget

from inspector_app import APP_NAME
from inspector_app.gui.icons import icon

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

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
HEAVY_MODULES = ("inspector_app.services.workspace", "inspector_app.services.permissions",
                 "inspector_app.gui.main_window", "inspector_app.gui.pages.overview")
# What shows the headline numbers: light (no SQLAlchemy), imported off the GUI thread before they are read.
GLANCE_MODULES = ("inspector_app.gui.glance_page",)
GLANCE_WAIT = 2.0  # seconds the loading thread waits at most for the numbers to be painted


def sidebar_model(parent: QObject) -> QStandardItemModel:
    """The navigation list, shared by the shell and the main window so that both look the same."""
    model = QStandardItemModel(parent)
    for key, label, icon_name in NAV:
        item = QStandardItem(icon(icon_name), label)
        item.setData(key, NAV_KEY_ROLE)
        item.setEditable(False)
        model.appendRow(item)
    return model


def _load(glance: Callable[[], Any] | None, glanced: Any, shown: threading.Event, prepare: Callable[[], Any],
          done: Any) -> None:
    """In a plain Python thread (quitting while it runs must not abort, as a running QThread would):
    ``glance()`` (the headline numbers, read without the ORM) sent to ``glanced``, then import what the
    window needs and ``prepare()`` (open the database, read the whole overview).

    A glance that fails sends None: the window reads the numbers again anyway, and says what stops it.
    The imports wait until the shell has painted the numbers (``shown``): importing holds the GIL, and the
    GUI thread would otherwise paint them only in the gaps it leaves.
    What ``prepare`` returns, or the exception it raised, goes to the GUI thread, which shows it in
    plain words or lets it fail there with its traceback."""
    if glance is not None:
        numbers: Any = None
        try:
            for name in GLANCE_MODULES:
                importlib.import_module(name)
            numbers = glance()
        except Exception:  # only a head start: opening the database below reports any real problem
            numbers = None
        try:
            glanced.emit(numbers)
        except RuntimeError:  # the shell was closed meanwhile
            shown.set()
        shown.wait(GLANCE_WAIT)
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
    glanced = Signal(object)  # the page holding the headline numbers, once it is on the shell
    window_ready = Signal(object)  # the main window, or None when opening was cancelled or failed
    _loaded = Signal(object)  # from the loading thread, queued to the GUI thread
    _glance_read = Signal(object)  # the headline numbers (a services.glance.Glance) or None, likewise

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
        self.page = QWidget()  # the page: empty until the overview's numbers or the main window take over
        layout.addWidget(self.page, 1)
        self._layout = layout
        self.setCentralWidget(central)
        self.glance_page: QWidget | None = None  # the overview's numbers, once read
        self._glance: Callable[[], Any] | None = None
        self._glance_shown = threading.Event()  # set once the numbers are painted (or will not be)
        self._prepare: Callable[[], Any] | None = None
        self._open: Callable[[Any], Any] | None = None
        self._discard: Callable[[Any], None] | None = None
        self._quit_early = False
        self._after_paint: list[Callable[[], None]] = []
        self._when_painted: list[Callable[[], None]] = []
        self._painted = False
        self.loading = False  # True from the first paint until the main window (or nothing) takes over
        # Shortcuts pressed while loading (Ctrl+E, Ctrl+5…): kept, and handed to the main window once it
        # holds the data they need, instead of reaching a screen that is not there yet (``replay_shortcut``)
        self.pending_keys: list[Any] = []
        self._loaded.connect(self._ready)
        self._glance_read.connect(self._show_glance)

    def _fit_to_screen(self, wanted: QSize) -> None:
        """``gui.a11y.fit_to_screen``, repeated here so that the shell need not import that module."""
        available = self.screen().availableGeometry()
        self.resize(max(1, min(wanted.width(), available.width())),
                    max(1, min(wanted.height(), available.height() - 40)))

    def open_after_paint(self, prepare: Callable[[], Any], open_window: Callable[[Any], Any],
                         after_paint: Callable[[], None] | None = None,
                         discard: Callable[[Any], None] | None = None,
                         glance: Callable[[], Any] | None = None) -> None:
        """Once the shell has painted: ``after_paint()`` on the GUI thread (the rest of the theme), and
        in a background thread the heavy imports and ``prepare()``; then ``open_window(prepared)`` on
        the GUI thread (it may ask for a passphrase) puts the window it returns where the shell is.
        ``prepared`` is what ``prepare`` returned, or the exception it raised; if the person quit while
        it was being prepared, ``discard(prepared)`` lets go of it instead (closing the database).
        ``glance()``, first in that thread, reads the headline numbers that the shell shows meanwhile."""
        self._prepare, self._open, self._discard, self._glance = prepare, open_window, discard, glance
        if after_paint is not None:
            self._after_paint.append(after_paint)

    def when_painted(self, step: Callable[[], None]) -> None:
        """``step()`` once the first frame is on screen, before the loading starts: what the frame did not
        need (``gui.launch`` reads the person's settings here and calls ``open_after_paint``)."""
        self._when_painted.append(step)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.painted.emit()
            # The rest once this frame is on screen: this is the window's own paint event, and its children
            # (the sidebar) are painted and the frame flushed only when it returns
            QTimer.singleShot(0, self, self._go_on)
        return handled

    def _go_on(self) -> None:
        if self._quit_early:  # closed already, between its first frame and this
            self.window_ready.emit(None)
            return
        # The status bar after the first frame: Qt's first QStatusBar costs ≈10 ms to make and polish
        self.statusBar().showMessage("Loading…")
        steps, self._when_painted = self._when_painted, []
        for step in steps:
            step()
        if self._prepare is not None:
            self._start_loading()

    def _start_loading(self) -> None:
        from PySide6.QtGui import QAction, QKeySequence  # ≈3 ms of Qt's types, which the first paint need not wait for

        assert self._prepare is not None
        self.loading = True
        quit_action = QAction("&Quit", self)  # the shell answers the keyboard while it loads
        keys = [QKeySequence("Ctrl+Q")]  # the main window's Quit; some platforms bind none to StandardKey.Quit
        keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k not in keys]
        quit_action.setShortcuts(keys)
        quit_action.triggered.connect(self.close)
        self.addAction(quit_action)
        self._quit_keys = [k.toString() for k in keys]
        self.installEventFilter(self)  # the other shortcuts wait for the window (``_hold_shortcut``)
        threading.Thread(target=_load, args=(self._glance, self._glance_read, self._glance_shown, self._prepare,
                                             self._loaded),
                         name="loading", daemon=True).start()
        if self._glance is None:
            self._finish_after_paint()
        # else once the glance is on screen: the theme's restyling holds the GIL, and would hold up the
        # reading of the numbers for as long (≈0.1 s)

    def _finish_after_paint(self) -> None:
        steps, self._after_paint = self._after_paint, []
        for step in steps:
            QTimer.singleShot(0, self, step)  # after this paint has reached the screen

    def _show_glance(self, numbers: Any) -> None:
        """The overview's heading and numbers in the empty page, until the main window takes over."""
        if numbers is None or self._quit_early or not self.loading:
            self._glance_shown.set()
            self._finish_after_paint()
            return
        from inspector_app.gui.glance_page import GlancePage  # imported by the loading thread already

        page = GlancePage(numbers)
        self._layout.replaceWidget(self.page, page)
        self.page.deleteLater()
        self.page = self.glance_page = page
        page.installEventFilter(self)  # its first paint lets the loading thread go on (``eventFilter``)
        self.glanced.emit(page)

    def _hold_shortcut(self, event: Any) -> bool:
        """A shortcut pressed while loading (Ctrl+ or Alt+ a key, or F1…F12): kept for the main window,
        which runs it once the data it needs is there; the status bar says so. Ctrl+Q still quits."""
        from PySide6.QtCore import Qt  # after the first paint: the namespace costs ≈10 ms to load
        from PySide6.QtGui import QKeySequence

        key = event.key()
        if key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Meta, Qt.Key.Key_Alt):  # a modifier alone
            return False
        held = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if held == Qt.KeyboardModifier.NoModifier and not Qt.Key.Key_F1 <= key <= Qt.Key.Key_F12:
            return False
        sequence = QKeySequence(event.keyCombination())
        if sequence.toString() in self._quit_keys:
            return False
        self.pending_keys.append(sequence)
        self.statusBar().showMessage(f"Still loading: {sequence.toString(QKeySequence.SequenceFormat.NativeText)} "
                                     "will work as soon as the inspection is open…")
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self and self.loading and event.type() == QEvent.Type.KeyPress
                and self._hold_shortcut(event)):
            return True
        if watched is self.glance_page and event.type() == QEvent.Type.Paint and not self._glance_shown.is_set():
            self._glance_shown.set()
            QTimer.singleShot(0, self, self._finish_after_paint)  # after this paint, as after the first
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closed while loading: the person quit; what is being prepared is let go of when it arrives."""
        if self.loading:
            self._glance_shown.set()
            self.statusBar().showMessage("Quitting…")
        self._quit_early = True  # whatever is being prepared (or not yet started: ``_go_on``) is let go of
        super().closeEvent(event)

    def _ready(self, prepared: Any) -> None:
        assert self._open is not None
        if self._quit_early:
            self.loading = False
            if self._discard is not None and not isinstance(prepared, BaseException):
                self._discard(prepared)
            self.window_ready.emit(None)
            return
        for step in self._after_paint:  # still waiting (the numbers never painted: a minimised shell): now
            step()
        self._after_paint = []
        self.statusBar().showMessage("Opening the database…")
        try:
            window = self._open(prepared)  # an import that failed in the thread fails here again, with its traceback
        except BaseException:
            self.loading = False
            self.window_ready.emit(None)  # whoever waits for the window hears that there is none
            self.close()
            raise
        self.loading = False
        pending, self.pending_keys = self.pending_keys, []
        if window is not None:
            window.setGeometry(self.geometry())
            window.show()
        self.window_ready.emit(window)
        self.close()
        if window is not None:
            for sequence in pending:  # now that the data is there, what the person asked for meanwhile
                window.replay_shortcut(sequence)
