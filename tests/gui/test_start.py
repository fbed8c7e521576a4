"""The real start-up path (run_gui), as `inspector-app` runs it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.settings import AppSettings, Identity
from inspector_app.storage import cipher

SECRET = "a long passphrase for tests"


def test_run_gui_opens_the_window_on_a_new_encrypted_database(qapp, tmp_path, monkeypatch):
    from inspector_app.gui.app import run_gui

    monkeypatch.setenv(cipher.PASSPHRASE_ENV, SECRET)
    AppSettings().set_identity(Identity("Lena Lead", "LL", TeamRole.LEAD))
    seen = {}

    def look_then_quit():
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        seen["titles"] = [w.windowTitle() for w in windows]
        QApplication.quit()

    QTimer.singleShot(800, look_then_quit)
    db = tmp_path / "fresh.sqlite"
    assert run_gui(db) == 0
    assert any(t.startswith("Inspector App") for t in seen["titles"])
    assert not cipher.is_plain_sqlite(db), "a database the window creates is encrypted"
