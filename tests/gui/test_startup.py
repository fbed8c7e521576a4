"""Paint first, then fill: the shell shows before the database layer loads; the window takes its place."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.gui.settings import AppSettings
from inspector_app.services import evidence, open_workspace
from tests.factories import make_inspection
from tests.gui.conftest import LEAD

ROOT = Path(__file__).resolve().parents[2]


def test_the_shell_imports_neither_the_orm_nor_the_services_nor_the_screens():
    code = ("import sys; import inspector_app.gui.app, inspector_app.gui.shell\n"
            "heavy = [m for m in ('sqlalchemy', 'sqlalchemy.orm', 'inspector_app.services', "
            "'inspector_app.frameworks', 'inspector_app.gui.main_window', 'inspector_app.gui.pages.overview', "
            "'importlib.metadata') if m in sys.modules]\n"
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_window_replaces_the_shell_and_the_overview_fills_in(qtbot, tmp_path, registry):
    from inspector_app.gui.app import application, start_window

    db = tmp_path / "start.sqlite"
    ws = open_workspace(db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws)
    for text in ("Visits are regular.", "Plans drift.", "The child was seen alone."):
        evidence.add_evidence(ws, info.id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE)
    ws.close()
    application()
    settings = AppSettings(tmp_path / "settings.ini")
    settings.set_last_inspection(hashlib.sha1(str(db.resolve()).encode()).hexdigest()[:12], info.id)
    shell = start_window(db, LEAD, settings)
    assert not shell.nav.isEnabled() and shell.windowTitle() == "Inspector App"
    with qtbot.waitSignal(shell.window_ready, timeout=30000) as ready:
        pass
    window = ready.args[0]
    qtbot.addWidget(window)
    try:
        assert window.isVisible() and not shell.isVisible()
        assert window.current_key() == "overview"
        page = window.pages["overview"]
        qtbot.waitUntil(lambda: page.cards["evidence"].number.text() == "3", timeout=10000)
        assert "Testshire" in page.heading.text()
        window.nav.setFocus()  # the window answers the keyboard: the sidebar moves to the next screen
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert window.current_key() == "cases"
    finally:
        window.close()
        window.ctx.ws.close()
