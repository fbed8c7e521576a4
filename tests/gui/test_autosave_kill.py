"""No typing lost: what is typed reaches the database within 300 ms of the last keystroke, or at once
when focus moves; a window killed (SIGKILL, no chance to save) loses nothing visible for longer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace
from tests.factories import make_inspection

CHILD = Path(__file__).with_name("autosave_child.py")
LIMIT_MS = 300


def test_typing_reaches_the_database_within_300_ms_and_at_once_on_focus_change(qtbot, make_window):
    window = make_window()
    info = make_inspection(window.ctx.ws)
    evidence.add_evidence(window.ctx.ws, info.id, text="Supervision is regular.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    window.open_inspection(info.id)
    window.go("evidence")
    page = window.pages["evidence"]
    page.view.selectRow(0)
    detail = page.detail
    detail.text.setFocus()
    qtbot.keyClick(detail.text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    timer = detail._text_timer  # what bounds the delay: measured by its setting, not a busy machine's clock
    assert timer.isSingleShot() and timer.interval() <= LIMIT_MS
    with qtbot.waitSignal(timer.timeout, timeout=10000):  # the typing starts it; nothing else saves meanwhile
        qtbot.keyClicks(detail.text, " Reflective.")
        assert timer.isActive() and "Reflective" not in evidence.find_evidence(window.ctx.ws, info.id)[0].text
    assert "Reflective" in evidence.find_evidence(window.ctx.ws, info.id)[0].text  # saved when it fired
    qtbot.keyClicks(detail.text, " Then focus moved.")
    page.search.setFocus()  # the person tabs or clicks away: saved now, not after the delay
    assert "focus moved" in evidence.find_evidence(window.ctx.ws, info.id)[0].text


def test_a_killed_window_keeps_what_was_visible_for_300_ms(tmp_path):
    db = tmp_path / "work.sqlite"
    ws = open_workspace(db, user="Lena Lead", create=True, plaintext=True)
    info = make_inspection(ws)
    evidence.add_evidence(ws, info.id, text="Supervision is regular.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    ws.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[2]), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, str(CHILD), str(db), str(LIMIT_MS)], stdout=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "typed"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    ws = open_workspace(db)
    try:
        expected = "Supervision is regular. Typed just before the power went."
        assert evidence.find_evidence(ws, info.id)[0].text == expected
    finally:
        ws.close()


def test_the_periodic_backup_runs_off_the_gui_thread_after_changes(qtbot, make_window):
    import threading

    from inspector_app.services import backups
    from inspector_app.services.workspace import Workspace

    window = make_window()
    window.wait_for_backup()
    info = make_inspection(window.ctx.ws)
    window.ctx.data_changed.emit()
    seen: list[str] = []
    real = backups.create

    def spy(ws: Workspace, reason: str):  # type: ignore[no-untyped-def]
        seen.append(threading.current_thread().name)
        return real(ws, reason)

    backups.create = spy  # type: ignore[assignment]
    try:
        before = len(backups.list_backups(window.ctx.ws.status().path))
        window.backup_if_changed()  # what the timer calls every BACKUP_MINUTES
        window.wait_for_backup()
        qtbot.waitUntil(lambda: not window.backup_running, timeout=10000)
    finally:
        backups.create = real  # type: ignore[assignment]
    assert seen and seen[0] != threading.main_thread().name
    assert len(backups.list_backups(window.ctx.ws.status().path)) == before + 1
    window.backup_if_changed()  # nothing changed since: no new backup
    assert not window.backup_running
    assert info.id
