"""The window in a child process, typing into an evidence item, then waiting to be killed.

    python tests/gui/autosave_child.py DATABASE WAIT_MS

Types a sentence key by key into the evidence text, keeps the event loop running WAIT_MS after the
last keystroke, prints "typed", and keeps running until the test kills it (SIGKILL: no close event).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.app import application, build_main_window
from inspector_app.gui.settings import AppSettings, Identity

TYPED = " Typed just before the power went."


def main(db: Path, wait_ms: int) -> None:
    app = application()
    window = build_main_window(db, Identity("Lena Lead", "LL", TeamRole.LEAD),
                               AppSettings(Path(tempfile.mkdtemp()) / "settings.ini"))
    window.show()
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 5000)
    window.open_inspection(1)
    window.go("evidence")
    page = window.pages["evidence"]
    page.view.selectRow(0)
    editor = page.detail.text
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    QTest.qWait(300)  # focus settled: nothing but the autosave timer saves what is typed next
    QTest.keyClicks(editor, TYPED)
    QTimer.singleShot(wait_ms, lambda: print("typed", flush=True))
    app.exec()


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
