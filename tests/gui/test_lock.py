"""Locking hides everything until the passphrase is given; nothing typed is lost."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector_app.services import cases, evidence
from inspector_app.storage import cipher
from tests.factories import make_inspection
from tests.gui.conftest import on_dialog

SECRET = "a long passphrase for tests"
CTRL = Qt.KeyboardModifier.ControlModifier


def _encrypted_window(make_window, tmp_path, monkeypatch):
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, SECRET)
    window = make_window(tmp_path / "locked.sqlite")
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    info = make_inspection(window.ctx.ws, "ilacs@2023")
    window.open_inspection(info.id)
    return window, info


def test_ctrl_l_locks_and_only_the_passphrase_unlocks_keeping_typed_text(qtbot, make_window, tmp_path, monkeypatch):
    window, info = _encrypted_window(make_window, tmp_path, monkeypatch)
    assert window.ctx.ws.db.encrypted
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    capture = QApplication.activeModalWidget()
    qtbot.keyClicks(capture.ui.textEdit, "Half-typed evidence")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.lock()
    assert window.locked and window.shell.currentWidget() is window.lock_screen
    assert not capture.ui.textEdit.isVisible() and not window.menuBar().isEnabled()  # covered, not ended
    qtbot.keyClicks(window.lock_screen.passphrase, "wrong guess")
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert window.locked and "not the passphrase" in window.lock_screen.error.text()
    window.lock_screen.passphrase.clear()
    qtbot.keyClicks(window.lock_screen.passphrase, SECRET)
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert not window.locked and window.shell.currentIndex() == 0
    assert capture.isVisible() and capture.ui.textEdit.toPlainText() == "Half-typed evidence"
    monkeypatch.setattr("inspector_app.gui.unsaved.ask_unsaved", lambda *_a: "discard")
    capture.reject()


def test_lock_shortcut_and_idle_lock_on_the_wall_clock(qtbot, make_window, tmp_path, monkeypatch):
    window, _ = _encrypted_window(make_window, tmp_path, monkeypatch)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert window.locked
    window.unlock(SECRET)
    assert not window.locked
    window.idle.minutes = 10
    window.idle.last_activity = time.time() - 11 * 60  # as after a laptop slept for eleven minutes
    window.idle.check()
    assert window.locked


def test_pending_edit_is_saved_before_locking(qtbot, make_window, tmp_path, monkeypatch):
    from inspector_app.domain.enums import EvidenceSource, Polarity

    window, info = _encrypted_window(make_window, tmp_path, monkeypatch)
    item = evidence.add_evidence(window.ctx.ws, info.id, text="Before.", area_key="leaders",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    window.go("evidence")
    page = window.pages["evidence"]
    page.view.selectRow(0)
    page.detail.text.setFocus()
    qtbot.keyClick(page.detail.text, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(page.detail.text, " After.")
    window.lock()  # before the save timer fires
    assert evidence.get_evidence(window.ctx.ws, item.id).text == "Before. After."


def test_encrypting_a_plain_database_from_the_window(qtbot, make_window, tmp_path):
    window = make_window(tmp_path / "plain.sqlite")
    info = make_inspection(window.ctx.ws)
    assert not window.ctx.ws.db.encrypted

    def choose(dialog):
        qtbot.keyClicks(dialog.first, "brand new passphrase")
        qtbot.keyClicks(dialog.second, "brand new passphrase")
        dialog.accept()

    on_dialog(qtbot, choose, window.passphrase_action.trigger)
    assert window.ctx.ws.db.encrypted
    assert b"Testshire" not in (tmp_path / "plain.sqlite").read_bytes()
    assert window.ctx.ws.framework(info.id).uid == "ilacs@2023"
    window.lock()
    window.unlock("brand new passphrase")
    assert not window.locked


def test_locks_when_the_machine_prepares_to_sleep(qtbot, make_window, tmp_path, monkeypatch):
    """logind's PrepareForSleep on the system bus locks the window (a private bus stands in for it)."""
    import shutil
    import subprocess

    if shutil.which("dbus-daemon") is None or shutil.which("dbus-send") is None:
        pytest.skip("needs dbus-daemon and dbus-send (packaging/debian/install-deps.sh installs dbus)")
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    try:
        address = daemon.stdout.readline().strip()
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
        window, _ = _encrypted_window(make_window, tmp_path, monkeypatch)
        assert window.session_watch.available and not window.locked
        subprocess.run(["dbus-send", f"--bus={address}", "--type=signal", "/org/freedesktop/login1",
                        "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:true"], check=True)
        qtbot.waitUntil(lambda: window.locked, timeout=10000)
        assert window.windowTitle() == "Inspector App"
    finally:
        daemon.terminate()
        daemon.wait(5)


@pytest.fixture
def private_bus():
    """A dbus-daemon of our own, standing in for the system or the session bus; stopped afterwards."""
    import shutil
    import subprocess

    if shutil.which("dbus-daemon") is None or shutil.which("dbus-send") is None:
        pytest.skip("needs dbus-daemon and dbus-send (packaging/debian/install-deps.sh installs dbus)")
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    try:
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(5)


def _signal(address: str, path: str, member: str, *args: str) -> None:
    import subprocess

    subprocess.run(["dbus-send", f"--bus={address}", "--type=signal", path, member, *args], check=True)


def test_locks_when_logind_locks_the_session(qtbot, make_window, tmp_path, monkeypatch, private_bus):
    """loginctl lock-session (or the desktop's lock) sends Session.Lock for our session: the window locks."""
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", private_bus)
    monkeypatch.setenv("XDG_SESSION_ID", "c7")
    window, _ = _encrypted_window(make_window, tmp_path, monkeypatch)
    assert window.session_watch.available and not window.locked
    _signal(private_bus, "/org/freedesktop/login1/session/c7", "org.freedesktop.login1.Session.Lock")
    qtbot.waitUntil(lambda: window.locked, timeout=10000)
    assert window.windowTitle() == "Inspector App"


@pytest.mark.parametrize(("path", "interface"), [("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
                                                 ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver")])
def test_locks_when_the_screen_saver_starts(qtbot, make_window, tmp_path, monkeypatch, private_bus, path, interface):
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", str(tmp_path / "no-system-bus"))  # only the session bus here
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", private_bus)
    window, _ = _encrypted_window(make_window, tmp_path, monkeypatch)
    assert window.session_watch.screen_saver and not window.locked
    heard: list[bool] = []
    window.session_watch.lock_now.connect(lambda: heard.append(True))
    window.session_watch.screen_saver_changed(False)  # the screen saver stopping does not lock
    assert heard == [] and not window.locked
    _signal(private_bus, path, f"{interface}.ActiveChanged", "boolean:true")
    qtbot.waitUntil(lambda: window.locked, timeout=10000)


def test_enter_on_the_focused_unlock_button_unlocks(qtbot, make_window):
    """Enter presses a focused button in the main window as Space does (it did nothing: only dialogs
    had that rule); a plain database's lock screen has only the button, reached by Tab."""
    from PySide6.QtWidgets import QPushButton

    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert window.locked
    button = window.lock_screen.findChild(QPushButton)
    for _ in range(10):
        if button.hasFocus():
            break
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Tab)
    assert button.hasFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    assert not window.locked and window.shell.currentIndex() == 0


def test_ctrl_l_in_a_modal_dialog_locks_it_too_and_it_is_unlocked_there(qtbot, make_window, tmp_path, monkeypatch):
    """Ctrl+L did nothing in Add case or Quick capture (Qt holds the window's shortcuts back while a modal
    dialog is up): the case details stayed on screen, and the passphrase typed "to unlock" went into the
    form. Now the dialog shows a lock screen of its own, is unlocked there, and keeps what was typed."""
    window, info = _encrypted_window(make_window, tmp_path, monkeypatch)
    window.go("cases")
    seen: dict[str, object] = {}

    def fill_lock_unlock_save(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
        qtbot.keyClicks(dialog.ui.referenceEdit, "TS-0042")
        qtbot.keyClick(dialog.ui.referenceEdit, Qt.Key.Key_L, CTRL)
        seen["locked"] = window.locked
        seen["fields shown"] = dialog.ui.referenceEdit.isVisible()
        seen["title"] = dialog.windowTitle()
        cover = QApplication.focusWidget()
        seen["typing goes to"] = cover.accessibleName()
        qtbot.keyClicks(cover, "wrong guess")
        qtbot.keyClick(cover, Qt.Key.Key_Return)
        qtbot.keyClick(cover, Qt.Key.Key_Escape)  # neither reaches the hidden form: no Cancel, no OK
        qtbot.keyClick(cover, Qt.Key.Key_Return, CTRL)
        seen["still locked"] = (window.locked and dialog.isVisible() and dialog.ui.referenceEdit.text() == "TS-0042"
                                and not cases.list_cases(window.ctx.ws, info.id))
        cover.clear()
        qtbot.keyClicks(cover, SECRET)
        qtbot.keyClick(cover, Qt.Key.Key_Return)
        seen["after"] = (window.locked, dialog.ui.referenceEdit.isVisible())
        qtbot.waitUntil(lambda: dialog.isActiveWindow() and QApplication.focusWidget() is dialog.ui.referenceEdit,
                        timeout=10000)  # back where the person was typing
        qtbot.keyClicks(dialog.ui.initialsEdit, "AB")
        qtbot.keyClick(dialog.ui.initialsEdit, Qt.Key.Key_Return, CTRL)  # saves, as from any field
        seen["refused"] = dialog.ui.errorLabel.text()

    on_dialog(qtbot, fill_lock_unlock_save, window.pages["cases"].add_case)
    assert seen["locked"] is True and seen["fields shown"] is False
    assert seen["title"] == "Inspector App" and seen["typing goes to"] == "Passphrase to unlock"
    assert seen["still locked"] is True
    assert seen["after"] == (False, True) and seen["refused"] == ""
    assert [c.reference for c in cases.list_cases(window.ctx.ws, info.id)] == ["TS-0042"]


def test_no_shortcut_works_behind_the_lock_screen(qtbot, make_window, tmp_path, monkeypatch):
    """The trial: locked, Ctrl+E opened Quick capture with every case reference in its list and saved
    evidence without the passphrase, and Ctrl+3 changed the view behind the lock screen."""
    window, info = _encrypted_window(make_window, tmp_path, monkeypatch)
    before = window.current_key()
    window.lock()
    for key in (Qt.Key.Key_E, Qt.Key.Key_3, Qt.Key.Key_Z):
        qtbot.keyClick(window.lock_screen.passphrase, key, CTRL)
    qtbot.wait(50)
    assert QApplication.activeModalWidget() is None and window.current_key() == before and window.locked
    qtbot.keyClicks(window.lock_screen.passphrase, SECRET)
    qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
    assert not window.locked
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)  # the shortcuts work again once unlocked
    qtbot.waitUntil(lambda: window.current_key() == "cases")
