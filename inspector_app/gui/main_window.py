"""The main window: navigation, the screens, menus with shortcuts, undo, and the status bar."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from inspector_app import APP_NAME
from inspector_app.domain.wording import plural
from inspector_app.gui.a11y import FocusInView, announce, fit_to_screen, opened_at_top, say, scrolling
from inspector_app.gui.behaviour import WindowBehaviour
from inspector_app.gui.context import AppContext
from inspector_app.gui.icons import icon
from inspector_app.gui.importing import BundleImporter, is_bundle
from inspector_app.gui.lock import (
    DialogCover,
    IdleWatcher,
    LockScreen,
    SessionLockWatcher,
    ShortcutBlock,
    is_modal,
)
from inspector_app.gui.pages.base import Page
from inspector_app.gui.rescue import LostFileBar
from inspector_app.gui.shell import NAV, sidebar_model
from inspector_app.gui.timers import timer
from inspector_app.services import inspections, roles
from inspector_app.services.changes import UNKNOWN, change_stamp

BACKUP_MINUTES = 5  # at most this much work (plus one backup's time) is lost by a restore
WATCH_MS = 3000  # how often the window looks for changes made by another process
ON_OPEN_BACKUP_DELAY_MS = 5000
PAGE_CLASSES = {  # module, class: imported when the page is first shown, to keep start-up short
    "home": ("home", "HomePage"), "overview": ("overview", "OverviewPage"), "cases": ("cases", "CasesPage"),
    "case": ("case_page", "CasePage"), "audits": ("audits", "AuditsPage"), "evidence": ("evidence", "EvidencePage"),
    "judgements": ("judgements", "JudgementsPage"), "findings": ("findings", "FindingsPage"),
    "export": ("export", "ExportPage"), "team": ("team", "TeamPage"), "history": ("history", "HistoryPage"),
    "plan": ("plan", "PlanPage"),
    "moderation": ("moderation", "ModerationPage"), "qa": ("qa_review", "QaReviewPage"),
    "good_practice": ("good_practice", "GoodPracticePage"), "joint": ("joint", "JointPage"),
}


# The Go menu's entries, each with its own access letter: Ctrl+1…9 reach the first nine views, and
# Alt+G then the letter reaches every one (Moderation took Alt+G and ten Down arrows).
GO_MENU_TEXT = {
    "home": "&Inspections", "overview": "&Overview", "cases": "&Cases", "audits": "Record &audits",
    "evidence": "&Evidence", "judgements": "&Judgements", "findings": "&Findings", "export": "E&xport",
    "team": "&Team", "history": "&History", "plan": "&Plan", "moderation": "&Moderation", "qa": "&QA review",
    "good_practice": "&Good practice", "joint": "Joint i&nspection",
}


class LazyPages(dict):
    """Screens built on first use; ``pages["evidence"]`` works whether or not it was shown yet."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window

    def __missing__(self, key: str) -> Page:
        import importlib

        module, name = PAGE_CLASSES[key]
        page_class = getattr(importlib.import_module(f"inspector_app.gui.pages.{module}"), name)
        page = page_class(self._window.ctx)
        self[key] = page
        frame = scrolling(page, page.title or key)  # at 150% zoom a screen scrolls rather than overflowing
        self._window.frames[key] = frame
        self._window.stack.addWidget(frame)
        self._window.wire_page(key, page)
        return page


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        # The context lives as long as its window: the screens' lambdas connected to its signals hold the
        # window, and a connection is invisible to Python's garbage collector, so an unparented context
        # kept every closed window, its pages and its database handle alive.
        ctx.setParent(self)
        # The last inspection's overview, read with the database off the GUI thread (``gui.app.Opened``):
        # restore_state shows it without reading it again.
        self.first_look: tuple[Any, ...] | None = None
        self.setWindowTitle(APP_NAME)
        self.setWindowIcon(icon("app"))
        fit_to_screen(self, QSize(1280, 800))
        self.stack = QStackedWidget()
        self.frames: dict[str, QWidget] = {}
        self.pages: dict[str, Page] = LazyPages(self)
        self.nav_model = sidebar_model(self)  # the start-up shell shows the same list before this window exists
        self.nav = QListView()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Navigation")
        self.nav.setModel(self.nav_model)
        self.nav.setFixedWidth(200)
        self._following = False
        self.nav.setAccessibleDescription("The views of the open inspection; Ctrl+1 to Ctrl+9 go straight to one")
        self.nav.selectionModel().currentChanged.connect(self._nav_changed)
        self.badge = QLabel()
        self.badge.setObjectName("inspectionBadge")
        self.badge.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.badge)
        side_layout.addWidget(self.nav, 1)
        side.setFixedWidth(200)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.rescued: Any = None  # the last rescue's result (services.rescue.RescueResult)
        self.lost_bar = LostFileBar()
        self.lost_bar.rescue_requested.connect(self.save_recent_work)
        ctx.file_lost.connect(self._file_lost)
        framed = QWidget()
        framed_layout = QVBoxLayout(framed)
        framed_layout.setContentsMargins(0, 0, 0, 0)
        framed_layout.setSpacing(0)
        framed_layout.addWidget(self.lost_bar)
        framed_layout.addWidget(central, 1)
        self.lock_screen = LockScreen(ctx.ws.status().encrypted)
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.shell = QStackedWidget()
        self.shell.addWidget(framed)
        self.shell.addWidget(self.lock_screen)
        self.setCentralWidget(self.shell)
        self.locked = False
        self._hidden_while_locked: list[QWidget] = []
        self._shortcut_block: ShortcutBlock | None = None
        self._covers: list[DialogCover] = []
        self.idle = IdleWatcher(ctx.settings.lock_minutes(), self)
        self.idle.idle.connect(self.lock)
        self.session_watch = SessionLockWatcher(self)  # the desktop locks or the laptop suspends: lock too
        self.session_watch.lock_now.connect(self.lock)
        self._changed_since_backup = False
        self._backup_task: Any = None
        self.backup_running = False
        self.closed = False
        ctx.data_changed.connect(lambda: setattr(self, "_changed_since_backup", True))
        self.backup_timer = timer(self, BACKUP_MINUTES * 60_000, self.backup_if_changed)
        self.backup_timer.start()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # moving focus saves what was typed at once, not after the delay
            app.focusChanged.connect(self._save_on_focus_change)
        self.user_label = QLabel()
        if ctx.ws.status().read_only:
            read_only = QLabel("Read-only: nothing can be changed")
            read_only.setObjectName("readOnlyBadge")
            read_only.setToolTip("This database was opened read-only. Restore a backup (File ▸ Backups) or open "
                                 "it normally to work on it.")
            self.statusBar().addPermanentWidget(read_only)
        self.statusBar().addPermanentWidget(self.user_label)
        self.importer = BundleImporter(ctx, self)
        self.importer.status.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.importer.merged.connect(self.open_inspection)
        self.setAcceptDrops(True)  # a bundle file dropped anywhere on the window is imported
        self._build_menus()
        self._stamp = change_stamp(ctx.ws)
        ctx.data_changed.connect(self._remember_stamp)
        self.watch_timer = timer(self, WATCH_MS, self.check_outside_changes)
        self.watch_timer.start()
        app_instance = QApplication.instance()
        assert isinstance(app_instance, QApplication)
        app_instance.applicationStateChanged.connect(self._application_state)
        self.behaviour = WindowBehaviour(self)
        self.behaviour.install()
        self.behaviour.set_global_shortcuts([a.shortcut() for a in self.global_actions])
        self.behaviour.set_lock(self.lock_action.shortcut(), self.lock)

        ctx.saved.connect(lambda message: self.statusBar().showMessage(message))
        self.statusBar().setAccessibleName("Status")
        self.statusBar().messageChanged.connect(self._announce_status)
        self._focus_in_view = FocusInView(self)
        ctx.inspection_changed.connect(lambda _i: self._update_chrome())
        ctx.data_changed.connect(self._update_chrome)
        ctx.identity_changed.connect(self._update_chrome)
        self._update_chrome()

    def wire_page(self, key: str, page: Page) -> None:
        if key == "home":
            page.open_requested.connect(self.open_inspection)  # type: ignore[attr-defined]
            page.import_requested.connect(lambda: self.importer.choose(page))  # type: ignore[attr-defined]
        elif key == "team":
            page.import_requested.connect(lambda: self.importer.choose(page))  # type: ignore[attr-defined]
            self.importer.status.connect(page.show_status)  # type: ignore[attr-defined]
            self.importer.busy.connect(page.show_busy)  # type: ignore[attr-defined]
        elif key == "cases":
            page.open_case.connect(self.show_case)  # type: ignore[attr-defined]
        elif key == "case":
            page.back_requested.connect(lambda: self.go("cases"))  # type: ignore[attr-defined]
            page.escalate_requested.connect(self.escalate_case)  # type: ignore[attr-defined]
            page.capture_requested.connect(self.capture)  # type: ignore[attr-defined]

    # --- menus -------------------------------------------------------------------------------
    def _action(self, text: str, slot, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                icon_name: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action("&New inspection…", lambda: self.pages["home"].new_inspection(),  # type: ignore[attr-defined]
                                       "Ctrl+Shift+N")
        self.export_action = self._action("&Export PDF…", lambda: self.go("export"), "Ctrl+Shift+E", "export")
        self.user_action = self._action("&Who am I…", self.change_identity)
        self.passphrase_action = self._action("Set or change &passphrase…", self.change_passphrase)
        self.backups_action = self._action("&Backups…", self.show_backups)
        self.check_action = self._action("Check &database", self.check_database)
        self.destroy_action = self._action("Destroy database…", self.destroy_database)
        self.lock_action = self._action("&Lock", self.lock, "Ctrl+L")
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action = self._action("&Quit", self.close)
        quit_keys = [QKeySequence("Ctrl+Q")]  # as the start-up shell: some platforms bind none to StandardKey.Quit
        quit_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit) if k not in quit_keys]
        quit_action.setShortcuts(quit_keys)
        quit_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.import_action = self._action("&Import a bundle…", lambda: self.importer.choose(), "Ctrl+Shift+I")
        self.rescue_action = self._action("Save my recent work to a &new database…", self.save_recent_work)
        self.rescue_action.setEnabled(False)  # only once the database file went away
        for action in (self.new_action, self.import_action, self.export_action, self.user_action,
                       self.passphrase_action, self.backups_action, self.check_action, self.lock_action,
                       self.rescue_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.destroy_action)
        file_menu.setToolTipsVisible(True)  # a disabled action says why
        if not self.ctx.ws.status().has_file:
            self._file_only_actions_off()
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu("&Edit")
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIcon(icon("undo"))
        self.undo_action.setProperty("shortcutName", "Undo the last change")  # help.SHORTCUT_NAME
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:  # a key bound twice would be ambiguous and never fire
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.setIcon(icon("redo"))
        self.redo_action.setProperty("shortcutName", "Redo what was undone")
        for action in (self.undo_action, self.redo_action):
            self.addAction(action)
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        self.capture_action = self._action("&Capture evidence…", self.capture, "Ctrl+E", "capture")
        self.capture_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.add_case_action = self._action("Add &case…", lambda: self.pages["cases"].add_case(),  # type: ignore[attr-defined]
                                            "Ctrl+Shift+K")
        self.note_action = self._action("Add &tracking note", self.focus_note, "Ctrl+T")
        self.find_action = self._action("&Find evidence", self.find_evidence, QKeySequence.StandardKey.Find)
        for action in (self.capture_action, self.add_case_action, self.note_action, self.find_action):
            edit_menu.addAction(action)

        go_menu = bar.addMenu("&Go")
        self.go_actions: dict[str, QAction] = {}
        for number, (key, label, icon_name) in enumerate(NAV, start=1):
            shortcut = f"Ctrl+{number}" if number <= 9 else None  # Ctrl+1 to Ctrl+9; later views by menu
            action = self._action(GO_MENU_TEXT.get(key, label), lambda _c=False, k=key: self.go_to_view(k),
                                  shortcut, icon_name)
            go_menu.addAction(action)
            self.go_actions[key] = action

        help_menu = bar.addMenu("&Help")
        self.shortcuts_action = self._action("&Keyboard shortcuts", self.show_shortcuts, "F1")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self._action("&About Inspector App", self.show_about))

        # Shortcuts that work from anywhere in the window, even from a text box that knows the key.
        self.global_actions = [self.new_action, self.export_action, self.lock_action, self.capture_action,
                               self.add_case_action, self.note_action, self.find_action, self.shortcuts_action,
                               *self.go_actions.values()]
        for action in self.global_actions:
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for action in (self.capture_action, self.undo_action, self.redo_action, self.export_action):
            toolbar.addAction(action)

    def _file_only_actions_off(self) -> None:
        """On a PostgreSQL store: what only a laptop's file has is shown disabled, each saying why."""
        from inspector_app.services.workspace import file_only_reasons

        why_not = file_only_reasons()
        for action, why in ((self.passphrase_action, why_not["passphrase"]),
                            (self.backups_action, why_not["backups"]),
                            (self.destroy_action, why_not["destroy"]),
                            (self.rescue_action, why_not["rescue"])):
            action.setEnabled(False)
            action.setToolTip(why)
            action.setStatusTip(why)
        self.lock_action.setToolTip("Hide the window until you come back (a store has no passphrase here: "
                                    "unlocking asks for none)")

    # --- outside changes and dropped bundles ------------------------------------------------
    def _remember_stamp(self) -> None:
        if not self.ctx.ws.status().closed:
            self._stamp = change_stamp(self.ctx.ws)

    def check_outside_changes(self) -> None:
        """Another process wrote to the database (the CLI imported a bundle): show what it wrote."""
        if self.closed or self.locked or self.ctx.ws.status().closed:
            return
        stamp = change_stamp(self.ctx.ws)
        if stamp == UNKNOWN:  # a store that is not answering just now: looked at again at the next tick
            return
        if stamp != self._stamp:
            self._stamp = stamp
            from inspector_app.services.workspace import StorageError

            try:
                inspections.list_inspections(self.ctx.ws)  # still the database we opened, and readable
            except StorageError as exc:
                self.watch_timer.stop()  # the file was moved or replaced: say so once, do not refresh from it
                from inspector_app.services import rescue

                if rescue.file_lost(exc):
                    self.ctx.file_went_away()
                else:
                    self.statusBar().showMessage(str(exc), 30000)
                return
            self.ctx.data_changed.emit()

    # --- the database file went away -----------------------------------------------------------
    def _file_lost(self, line: str) -> None:
        self.watch_timer.stop()
        self.lost_bar.show_line(line)
        self.rescue_action.setEnabled(True)

    def save_recent_work(self) -> None:
        """Write what was saved and what was kept since to a new database the person chooses, then work there."""
        from datetime import datetime

        from inspector_app.gui.rescue import RescueDialog
        from inspector_app.services import rescue

        self.flush()  # text still in an editor is kept too
        if not rescue.is_lost(self.ctx.ws):
            return
        old = self.ctx.ws.status().path
        if old is None:  # a store has no file to lose: its server keeps what was saved
            return
        suggested = old.with_name(f"{old.stem}-recovered-{datetime.now():%Y%m%d-%H%M}{old.suffix or '.sqlite'}")
        dialog = RescueDialog(suggested, self)
        while dialog.exec():
            self.wait_for_backup()  # a backup started before must not run while the workspace changes file
            try:
                result = rescue.save_to_new_database(self.ctx.ws, dialog.target(), dialog.passphrase())
            except rescue.RescueError as exc:
                dialog.show_error(str(exc))
                continue
            self.rescued = result
            self.lost_bar.setVisible(False)
            self.rescue_action.setEnabled(False)
            refused = (f"; {len(result.refused)} could not be made again ({', '.join(result.refused)})"
                       if result.refused else "")
            self.statusBar().showMessage(
                f"Your work is saved in {result.path} ({result.replayed} kept changes saved{refused}); the window "
                f"saves there from now on. Next time, open it with: inspector-app --db {result.path}", 60000)
            self._stamp = change_stamp(self.ctx.ws)
            self.watch_timer.start()
            self.ctx.data_changed.emit()
            return

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.check_outside_changes()

    def _dropped_bundles(self, event) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [path for path in paths if is_bundle(path)]

    def dragEnterEvent(self, event) -> None:
        if not self.locked and self._dropped_bundles(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        bundles = self._dropped_bundles(event)
        if self.locked or not bundles:
            event.ignore()
            return
        event.acceptProposedAction()
        if len(bundles) > 1:
            self.statusBar().showMessage("Drop one bundle at a time; importing the first.", 8000)
        QTimer.singleShot(0, self, lambda: self.importer.import_from(bundles[0]))

    # --- navigation --------------------------------------------------------------------------
    def go(self, key: str) -> None:
        if key != "home" and self.ctx.inspection_id is None:
            key = "home"
            self.statusBar().showMessage("Open or create an inspection first.", 5000)
        page = self.pages[key]
        frame = self.frames[key]
        if frame is not self.stack.currentWidget() or key == "case":
            opened_at_top(frame)  # a view opens at its heading, never where it was last scrolled to
        self.stack.setCurrentWidget(frame)
        page.ensure_fresh()
        nav_key = "cases" if key == "case" else key
        for row in range(self.nav_model.rowCount()):
            if self.nav_model.item(row).data(Qt.ItemDataRole.UserRole) == nav_key:
                # A flag, not blockSignals: the list repaints its highlight from those very signals.
                self._following = True
                try:
                    self.nav.setCurrentIndex(self.nav_model.index(row, 0))
                finally:
                    self._following = False

    def go_to_view(self, key: str) -> None:
        """A view's shortcut: show it and put focus on its main control, never left on the sidebar."""
        self.go(key)
        # Lay a view shown for the first time out before focusing it, so that scrolling the focus into
        # view measures where the control really is (it was measured unlaid, and the page left scrolled).
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        opened_at_top(self.stack.currentWidget())
        self.pages[self.current_key()].focus_main_control()

    def current_key(self) -> str:
        current = self.stack.currentWidget()
        return next((k for k, frame in self.frames.items() if frame is current), "home")

    def _announce_status(self, message: str) -> None:
        """The status bar's messages ("Saved at …") are read out, not only drawn."""
        if message:
            self.statusBar().setAccessibleDescription(message)
            announce(self.statusBar(), message)

    def _nav_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._following:
            self.go(current.data(Qt.ItemDataRole.UserRole))

    def open_inspection(self, inspection_id: int) -> None:
        """Open another inspection; typing in this one that only an explicit step saves (a tracking note
        before Enter) is asked about first, as on closing, since the views reload for the new one."""
        if inspection_id != self.ctx.inspection_id and not self._settle_unsaved_typing():
            return
        self.ctx.open_inspection(inspection_id)
        self.go("overview")

    def escalate_case(self, case_id: int) -> None:
        self.go("plan")
        self.pages["plan"].start_escalation(case_id)  # type: ignore[attr-defined]

    def show_case(self, case_id: int) -> None:
        self.pages["case"].show_case(case_id)  # type: ignore[attr-defined]
        self.go("case")

    # --- actions -----------------------------------------------------------------------------
    def capture(self):
        from inspector_app.gui.dialogs.capture import CaptureDialog

        if self.ctx.inspection_id is None:
            self.statusBar().showMessage("Open an inspection before capturing evidence.", 5000)
            return None
        if self.ctx.identity.read_only:
            self.statusBar().showMessage("Quality assurance reviewers read evidence but do not add it.", 5000)
            return None
        case_id = self.pages["case"].case_id if self.current_key() == "case" else None  # type: ignore[attr-defined]
        dialog = CaptureDialog(self.ctx, self, case_id=case_id)
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def replay_shortcut(self, sequence: QKeySequence) -> bool:
        """Run the action a shortcut pressed while the window was still loading asked for (the start-up
        shell kept it), now that the data is there; False when no enabled action has that shortcut."""
        for action in self.actions():
            if action.isEnabled() and sequence in action.shortcuts():
                action.trigger()
                return True
        return False

    def focus_note(self) -> None:
        if self.current_key() == "case":
            self.pages["case"].focus_note()  # type: ignore[attr-defined]
        else:
            self.statusBar().showMessage("Open a case to add a tracking note.", 5000)

    def find_evidence(self) -> None:
        self.go("evidence")
        if self.current_key() == "evidence":
            self.pages["evidence"].focus_search()  # type: ignore[attr-defined]

    def change_identity(self) -> None:
        from inspector_app.gui.dialogs.identity import IdentityDialog
        from inspector_app.services import identity
        from inspector_app.services.workspace import StorageError

        ws = self.ctx.ws
        key = None
        if not ws.status().closed and self.ctx.person.name:
            try:  # the key is made when the person first sets up their identity; shown so it can be checked
                key = identity.signing_key(ws) or (None if ws.status().read_only else self.ctx.attempt(
                    self, lambda: identity.ensure_signing_key(ws)))
            except StorageError:  # the file went away: the bar says so; the dialog still works without the key
                key = None
        on_roster = None
        if self.ctx.inspection_id is not None:
            info = inspections.get_inspection(ws, self.ctx.inspection_id)
            named = roles.role_on(ws, self.ctx.inspection_id, self.ctx.person.name)  # None: not on it at all
            on_roster = (info.authority, named)
        dialog = IdentityDialog(self.ctx.person, self, key=key, on_roster=on_roster)
        if dialog.exec():
            self.ctx.set_identity(dialog.identity())
            self.ctx.data_changed.emit()

    def show_about(self) -> None:
        from inspector_app.gui.dialogs.help import show_about

        show_about(self)

    def _save_on_focus_change(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if not self.closed and not self.ctx.ws.status().closed:
            self.flush()

    def flush(self) -> None:
        for page in list(self.pages.values()):
            page.flush()

    def backup(self, reason: str) -> None:
        """A verified backup, taken in a worker thread so typing never waits for it; a failure is
        reported, never allowed to stop the work. One at a time: a request during one is dropped."""
        from inspector_app.gui.workers import Task
        from inspector_app.services import backups

        status = self.ctx.ws.status()
        if self.closed or status.read_only or not status.has_file or self.backup_running:
            return  # a store's backups are its operator's, on the server
        self._changed_since_backup = False  # what changes while it runs counts towards the next one
        ws = self.ctx.ws
        task = Task(lambda _progress, _cancelled: backups.create(ws, reason))
        task.failed.connect(self._backup_failed)
        task.finished.connect(lambda: setattr(self, "backup_running", False))
        self._backup_task = task  # kept until the next one: its thread must not be destroyed while it runs
        self.backup_running = True
        task.start()

    def _backup_failed(self, exc: Exception) -> None:
        from inspector_app.services import backups

        self._changed_since_backup = True  # try again at the next tick
        if isinstance(exc, backups.BackupError) and exc.database_damaged:  # the database itself could not be read
            QMessageBox.warning(self, APP_NAME, f"{exc}\n\nYour database looks damaged. Use File ▸ Backups to "
                                "restore the newest good backup, or File ▸ Check database for details. "
                                "Keep working only after that: new work may not be readable later.")
        self.statusBar().showMessage(str(exc), 15000)

    def wait_for_backup(self, ms: int = 60000) -> None:
        task = self._backup_task
        if task is not None:
            task.wait(ms)

    def backup_if_changed(self) -> None:
        if self._changed_since_backup and not self.locked:
            self.backup("automatic")

    def check_database(self) -> None:
        from inspector_app.services.backups import check

        findings = check(self.ctx.ws)
        failed = [f for f in findings if not f.ok]
        box = QMessageBox(QMessageBox.Icon.Warning if failed else QMessageBox.Icon.Information, "Check database",
                          f"{plural(len(failed), 'problem')} "
                          f"found." if failed else "The database is sound.", parent=self)
        box.setInformativeText("\n".join(f"{'–' if not f.applies else '✔' if f.ok else '✘'} {f.check}: {f.detail}"
                                         for f in findings)
                               + ("\n\nRestore the newest good backup from File ▸ Backups." if failed else ""))
        box.exec()

    def destroy_database(self) -> None:
        from inspector_app.gui.dialogs.retention import DestroyDialog
        from inspector_app.services.retention import ShredRecord

        if self.ctx.identity.read_only:
            self.statusBar().showMessage("A read-only session cannot destroy the database.", 5000)
            return
        self.flush()
        dialog = DestroyDialog(self.ctx, self)
        if not dialog.exec() or dialog.result_value is None:
            return
        record = dialog.result_value
        assert isinstance(record, ShredRecord)
        self.backup_timer.stop()
        self.closed = True
        QMessageBox.information(self, APP_NAME, f"{record.database} and its backups were destroyed "
                                f"({record.method}, {plural(record.files, 'file')}). Inspector App will now close.")
        self.close()

    def show_backups(self) -> None:
        from inspector_app.gui.dialogs.backups import BackupsDialog

        BackupsDialog(self.ctx, self).exec()

    def lock(self) -> None:
        """Hide every piece of data until the passphrase is given again; keep what was typed."""
        if self.locked:
            return
        self.flush()
        shown = [w for w in QApplication.topLevelWidgets() if w is not self and w.isVisible()]
        self._hidden_while_locked = [w for w in shown if not is_modal(w)]
        for widget in self._hidden_while_locked:
            widget.hide()
        encrypted = self.ctx.ws.status().encrypted
        self._covers = [DialogCover(w, encrypted, APP_NAME) for w in shown if is_modal(w)]
        for cover in self._covers:
            cover.screen.unlock_requested.connect(lambda text, cover=cover: self.unlock(text, cover.screen))
        self.locked = True
        self.setWindowTitle(APP_NAME)  # the council's name is data too
        self.lock_screen.set_encrypted(self.ctx.ws.status().encrypted)
        self.lock_screen.passphrase.clear()
        self.lock_screen.error.clear()
        self.shell.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)
        self._shortcut_block = ShortcutBlock(self)
        for toolbar in self.findChildren(QToolBar):
            toolbar.setVisible(False)
        self.lock_screen.passphrase.setFocus()
        if self._covers:  # a modal dialog blocks the window: the passphrase is typed in the dialog on top
            self._covers[-1].screen.passphrase.setFocus()

    def unlock(self, passphrase: str, where: LockScreen | None = None) -> None:
        """``where``: the lock screen it was typed in (the window's, or a modal dialog's cover)."""
        where = where or self.lock_screen
        if not self.ctx.ws.passphrase_matches(passphrase):
            say(where.error, "That is not the passphrase of this database.", assertive=True)
            where.passphrase.selectAll()
            return
        self.locked = False
        self.lock_screen.passphrase.clear()
        self.shell.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        if self._shortcut_block is not None:
            self._shortcut_block.remove()
            self._shortcut_block = None
        for toolbar in self.findChildren(QToolBar):
            toolbar.setVisible(True)
        for widget in self._hidden_while_locked:
            widget.show()
        self._hidden_while_locked = []
        self.idle.last_activity = time.time()
        self._update_chrome()
        for cover in self._covers:  # last: the dialog on top gets its focus back, where the person was typing
            cover.remove()
        self._covers = []

    def change_passphrase(self) -> None:
        from inspector_app.gui.dialogs.passphrase import PassphraseDialog
        from inspector_app.services.workspace import reopen_with_passphrase

        encrypted = self.ctx.ws.status().encrypted
        dialog = PassphraseDialog(
            "Set or change passphrase",
            "The database, its backups and temporary files are encrypted with this passphrase. Without it "
            "nobody, including you, can read them: keep it safe." if not encrypted else
            "Type the current passphrase and the new one.", new=True, current=encrypted, parent=self)
        while dialog.exec():
            problem = reopen_with_passphrase(self.ctx.ws, dialog.passphrase(), dialog.current_passphrase())
            if problem is None:
                self.statusBar().showMessage("The database is encrypted with the new passphrase.", 8000)
                self.lock_screen.set_encrypted(True)
                self._update_chrome()
                return
            dialog.show_error(problem)

    def show_shortcuts(self) -> None:
        from inspector_app.gui.dialogs.help import ShortcutsDialog

        ShortcutsDialog([*self.actions()], self).exec()

    def _update_chrome(self) -> None:
        identity = self.ctx.identity
        self.user_label.setText(f"{identity.name} ({identity.role.label.lower()})")
        self.user_label.setToolTip("Your role on the open inspection, as its team roster says; the lead sets it"
                                   if self.ctx.inspection_id is not None else
                                   "Open an inspection to work in the role its team roster gives you")
        if self.locked:  # nothing about the inspection shows while locked, not even in the title
            self.setWindowTitle(APP_NAME)
            return
        if self.ctx.inspection_id is None:
            self.badge.setText("No inspection open")
            self.setWindowTitle(APP_NAME)  # ends with the display name, so the platform does not add it again
        else:
            info = inspections.get_inspection(self.ctx.ws, self.ctx.inspection_id)
            framework = self.ctx.framework
            self.badge.setText(f"{info.authority}\n{framework.short_name if framework else ''} · "
                               f"{info.status.label}")
            read_only = " (read-only)" if self.ctx.ws.status().read_only else ""
            self.setWindowTitle(f"{info.authority}{read_only} — {APP_NAME}")  # the version is in Help ▸ About
        has_inspection = self.ctx.inspection_id is not None
        for key, action in self.go_actions.items():
            action.setEnabled(has_inspection or key == "home")
        for action in (self.capture_action, self.export_action, self.add_case_action, self.find_action):
            action.setEnabled(has_inspection)
        self.capture_action.setEnabled(has_inspection and not identity.read_only)

    def restore_state(self) -> None:
        QTimer.singleShot(ON_OPEN_BACKUP_DELAY_MS, self, lambda: self.backup("on-open"))  # after the window is up
        geometry = self.ctx.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            fit_to_screen(self, self.size())  # saved on a bigger screen, or before the zoom went up
        last = self.ctx.settings.last_inspection(self.ctx.db_key)
        first_look, self.first_look = self.first_look, None
        if first_look is not None and first_look[0] == last:  # read while the database was opened
            self.ctx.open_inspection(last)
            self.pages["overview"].prefill(first_look)  # type: ignore[attr-defined]
            self.go("overview")
        elif last is not None and inspections.inspection_exists(self.ctx.ws, last):
            self.open_inspection(last)
        else:
            self.go("home")

    def _settle_unsaved_typing(self) -> bool:
        """Before closing or opening another inspection: ask about typing that only an explicit step saves
        (a tracking note before Enter); False when the person keeps editing, or what they chose to save
        could not be saved."""
        from inspector_app.gui import unsaved

        if self.closed or self.locked or self.ctx.ws.status().closed:
            return True
        for key, page in list(self.pages.items()):
            what = page.unsaved_typing()
            if what is None:
                continue
            choice = unsaved.ask_unsaved(self, what)
            if choice == "discard":
                page.discard_typing()  # or it is asked about again, and Enter would still save it
                continue
            self.go(key)  # where the typing is, to keep editing it or see why it was not saved
            if choice == "keep" or not page.save_typing():
                return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._settle_unsaved_typing():
            event.ignore()
            return
        for page in self.pages.values() if not self.ctx.ws.status().closed else ():
            page.setFocus()  # flushes pending rationale and text edits via focus changes
        for page in self.pages.values():
            page.wait_for_work()
        self.wait_for_backup()  # the database is closed after this: let the copy finish first
        export = self.pages.get("export")
        task = getattr(export, "task", None)  # a document still being written in the background
        if task is not None:
            task.cancel()
            task.wait()
        self.ctx.settings.set_geometry(self.saveGeometry())
        self.behaviour.remove()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected by an earlier close
                app.focusChanged.disconnect(self._save_on_focus_change)
        super().closeEvent(event)
