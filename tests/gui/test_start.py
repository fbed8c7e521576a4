"""The real start-up path (run_gui), in its own process as `inspector-app` runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from inspector_app.storage import cipher

SECRET = "a long passphrase for tests"
SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from inspector_app.domain.enums import TeamRole
from inspector_app.gui.app import application
from inspector_app.gui.launch import run_gui
from inspector_app.gui.settings import AppSettings, Identity

application()
AppSettings().set_identity(Identity("Lena Lead", "LL", TeamRole.LEAD))
seen = {}

def look_then_quit(waited=0):
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    seen["titles"] = [w.windowTitle() for w in shown]
    seen["windows"] = [type(w).__name__ for w in shown]
    if "MainWindow" in seen["windows"] or waited > 30000:  # the shell and the main window share a title now
        QApplication.quit()
    else:  # the start-up shell is up; the main window takes its place once loaded
        QTimer.singleShot(100, lambda: look_then_quit(waited + 100))

QTimer.singleShot(100, look_then_quit)
code = run_gui(Path(sys.argv[1]))
print(json.dumps({"code": code, **seen}))
"""


def test_run_gui_opens_the_window_on_a_new_encrypted_database(tmp_path):
    db = tmp_path / "fresh.sqlite"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INSPECTOR_APP_DATA_DIR=str(tmp_path / "data"))
    env[cipher.PASSPHRASE_ENV] = SECRET
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(db)], capture_output=True, text=True, env=env,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert "MainWindow" in report["windows"] and "Inspector App" in report["titles"]  # the main window is up
    assert not cipher.is_plain_sqlite(db), "a database the window creates is encrypted"
