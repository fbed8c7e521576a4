"""Locking the window: on demand (Ctrl+L) or after a spell of inactivity measured on the wall
clock, so that a laptop put to sleep and opened later is locked. Nothing typed is lost: pending
edits are saved first and open dialogs are hidden, then shown again on unlock."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

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


class IdleWatcher(QObject):
    """Sees any key, click or wheel in the application; reports when idle for too long."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = minutes
        self.last_activity = time.time()  # wall clock: time asleep counts as idle
        self._timer = QTimer(self, interval=15_000, timeout=self.check)
        self._timer.start()
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.last_activity = time.time()
        return False

    def check(self) -> None:
        if self.minutes > 0 and time.time() - self.last_activity >= self.minutes * 60:
            self.idle.emit()


