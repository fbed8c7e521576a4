"""Locking the window: on demand (Ctrl+L), when the desktop session locks or the machine goes to
sleep (logind over D-Bus), when the desktop's screen saver starts, or after a spell of inactivity
measured on the wall clock, so that a laptop put to sleep and opened later is locked. Nothing
typed is lost: pending edits are saved first; a window that is not modal is hidden and shown again on
unlock, and a modal dialog is covered by a lock screen of its own (hiding it would end it as if cancelled,
and it blocks the window's own lock screen), its controls hidden until the passphrase is given there."""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from inspector_app.gui.timers import timer

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection

DEFAULT_MINUTES = 10
ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class LockScreen(QWidget):
    unlock_requested = Signal(str)

    def __init__(self, encrypted: bool) -> None:
        super().__init__()
        self.title = QLabel("Inspector App is locked")
        self.title.setObjectName("pageTitle")
        self.message = QLabel()
        self.message.setWordWrap(True)
        # The full width of the column, its lines centred: a label placed with an alignment gets only its
        # one-line width, and its wrapped second line was cut off at 150% zoom.
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase to unlock")
        self.passphrase.setMaximumWidth(360)
        self.error = QLabel()
        self.error.setObjectName("error")
        button = QPushButton("&Unlock")
        button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)
        layout = QVBoxLayout(self)
        layout.addStretch()
        for widget in (self.title, self.message, self.passphrase, button, self.error):
            if widget is self.message:
                layout.addWidget(widget)
            else:
                layout.addWidget(widget, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()
        self.set_encrypted(encrypted)

    def set_encrypted(self, encrypted: bool) -> None:
        self.passphrase.setVisible(encrypted)
        self.message.setText("Type the database passphrase to carry on. Your work was saved before locking."
                             if encrypted else
                             "Press Unlock to carry on. This database is not encrypted: set a passphrase "
                             "(File menu) so that locking protects it.")

    def _submit(self) -> None:
        self.unlock_requested.emit(self.passphrase.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter and Escape end here: over a dialog they would go on to press its OK or Cancel, unseen."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            event.accept()
            return
        super().keyPressEvent(event)


class DialogCover(QObject):
    """A modal dialog's lock screen: its controls hidden and its title plain while the app is locked."""

    def __init__(self, dialog: QWidget, encrypted: bool, title: str) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.focused = dialog.focusWidget()
        self.title = dialog.windowTitle()
        self.hidden = [w for w in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                       if w.isVisible()]
        for widget in self.hidden:
            widget.hide()
        self.shortcuts = [k for k in dialog.findChildren(QShortcut) if k.isEnabled()]  # Ctrl+Enter saves, unseen
        for shortcut in self.shortcuts:
            shortcut.setEnabled(False)
        dialog.setWindowTitle(title)  # "Case TS-0004" is data too
        self.screen = LockScreen(encrypted)
        self.screen.setParent(dialog)
        self.screen.setGeometry(dialog.rect())
        self.screen.show()
        self.screen.passphrase.setFocus()
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.dialog and event.type() == QEvent.Type.Resize:
            self.screen.setGeometry(self.dialog.rect())
        return False

    def remove(self) -> None:
        self.dialog.removeEventFilter(self)
        self.screen.hide()
        self.screen.deleteLater()
        for widget in self.hidden:
            widget.show()
        for shortcut in self.shortcuts:
            shortcut.setEnabled(True)
        self.dialog.setWindowTitle(self.title)
        self.dialog.activateWindow()
        if self.focused is not None:
            self.focused.setFocus()
        self.deleteLater()


class ShortcutBlock(QObject):
    """While the app is locked, no shortcut fires but a lock screen's own (its button's access key).

    The window's menu bar is disabled when it locks, but a menu's actions keep their shortcuts: Ctrl+E
    opened Quick capture, with every case reference in its list, over the lock screen, and Ctrl+3
    changed the view behind it. Watching the application's shortcut events catches every action and
    shortcut, including those enabled again while locked (an undo action when the stack changes)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Shortcut:
            return False
        owner = watched if isinstance(watched, QWidget) else watched.parent()
        while isinstance(owner, QWidget) and not isinstance(owner, LockScreen):
            owner = owner.parentWidget()
        return not isinstance(owner, LockScreen)  # True: the shortcut is swallowed

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.deleteLater()


def is_modal(widget: QWidget) -> bool:
    """Whether ``widget`` is a window that blocks others (a dialog opened with exec() or open())."""
    return widget.isModal() or widget.windowModality() != Qt.WindowModality.NonModal


class IdleWatcher(QObject):
    """Sees any key, click or wheel in the application; reports when idle for too long."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.last_activity = time.time()  # wall clock: time asleep counts as idle
        self._timer = timer(self, 15_000, self.check)
        self._timer.start()
        app = QApplication.instance()
        assert app is not None, "the idle watcher needs a running application"
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = time.time()
        return False

    def check(self) -> None:
        if self.minutes > 0 and time.time() - self.last_activity >= self.minutes * 60:
            self.idle.emit()




LOGIN1 = "org.freedesktop.login1"


class SessionLockWatcher(QObject):
    """Lock with the desktop, as a password manager does: when the session is locked and when the
    machine is about to sleep, as systemd-logind announces on the system bus (Linux), and when the
    desktop's screen saver starts (org.freedesktop.ScreenSaver, or GNOME's, on the session bus).

    Where there is neither bus (another platform, a container, a test machine without D-Bus)
    nothing is connected and ``available`` is False; the idle lock, measured on the wall clock, still
    locks a laptop that slept.
    """

    lock_now = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = False
        self.screen_saver = False
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a Qt build without D-Bus
            return
        import os

        system = self._bus("DBUS_SYSTEM_BUS_ADDRESS", QDBusConnection.BusType.SystemBus, "logind")
        if system is not None:
            session = os.environ.get("XDG_SESSION_ID")
            path = f"/org/freedesktop/login1/session/{session}" if session else "/org/freedesktop/login1/session/auto"
            # Any sender is heard (service ""): a false signal can only lock the window, never unlock it.
            ok_lock = system.connect("", path, f"{LOGIN1}.Session", "Lock", self, SLOT_LOCK)  # type: ignore[call-overload]
            ok_sleep = system.connect("", "/org/freedesktop/login1", f"{LOGIN1}.Manager", "PrepareForSleep",  # type: ignore[call-overload]
                                      self, SLOT_SLEEP)
            self.available = bool(ok_lock or ok_sleep)
        desktop = self._bus("DBUS_SESSION_BUS_ADDRESS", QDBusConnection.BusType.SessionBus, "screensaver")
        if desktop is not None:
            heard = [desktop.connect("", path, interface, "ActiveChanged", self, SLOT_SAVER)  # type: ignore[call-overload]
                     for path, interface in SCREEN_SAVERS]
            self.screen_saver = any(heard)
            self.available = self.available or self.screen_saver

    def _bus(self, variable: str, kind: QDBusConnection.BusType, what: str) -> QDBusConnection | None:
        """A connection of our own (not the shared systemBus()/sessionBus()), so one failure is not remembered
        for good; it is closed when the watcher goes."""
        import os

        from PySide6.QtDBus import QDBusConnection

        # A name never used before: an id() can be reused once a watcher is gone, and connectToBus with a name
        # still registered hands back that old connection (to whatever bus it was on), not a new one.
        name = f"inspector-app-{what}-{next(_CONNECTIONS)}"
        address = os.environ.get(variable)
        if address is None and kind == QDBusConnection.BusType.SessionBus:
            return None  # no desktop session bus: never start one (autolaunch would leave a daemon behind)
        bus = QDBusConnection.connectToBus(address, name) if address else QDBusConnection.connectToBus(kind, name)
        self.destroyed.connect(lambda *_a, n=name: QDBusConnection.disconnectFromBus(n))
        return bus if bus.isConnected() else None

    @Slot()
    def session_locked(self) -> None:
        self.lock_now.emit()

    @Slot(bool)
    def preparing_for_sleep(self, starting: bool) -> None:
        if starting:  # True before sleeping, False on waking
            self.lock_now.emit()

    @Slot(bool)
    def screen_saver_changed(self, active: bool) -> None:
        if active:  # True when the screen saver (and, on most desktops, the screen lock) starts
            self.lock_now.emit()


_CONNECTIONS = itertools.count(1)
SCREEN_SAVERS = (("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
                 ("/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE Plasma announces it here too
                 ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"))
SLOT_SAVER = "1screen_saver_changed(bool)"
SLOT_LOCK = "1session_locked()"
SLOT_SLEEP = "1preparing_for_sleep(bool)"
