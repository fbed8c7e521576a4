"""The window's first run: the new database is encrypted with a passphrase typed twice that meets the
strength rule; an empty, weak or mistyped one is refused in words, and nothing is created until then."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit

from inspector_app.gui.app import _open_with_passphrase, application
from inspector_app.storage import cipher
from tests.gui.conftest import LEAD, on_dialog

STRONG = "heron lantern quietly marmalade"


def _fill(qtbot, attempts: list[tuple[str, str]], errors: list[str]):  # type: ignore[no-untyped-def]
    def act(dialog: QDialog) -> None:
        first, second = dialog.findChildren(QLineEdit)
        error = next(label for label in dialog.findChildren(QLabel) if label.objectName() == "error")
        for typed, repeated in attempts:
            for edit, text in ((first, typed), (second, repeated)):
                edit.clear()
                qtbot.keyClicks(edit, text)
            qtbot.keyClick(second, Qt.Key.Key_Return)
            if dialog.isVisible():
                errors.append(error.text())
    return act


def test_first_run_refuses_empty_weak_and_mismatched_then_encrypts(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    db = tmp_path / "first.sqlite"
    application()
    errors: list[str] = []
    windows: list = []
    attempts = [("", ""), ("password123", "password123"), (STRONG, STRONG + "!"), (STRONG, STRONG)]
    on_dialog(qtbot, _fill(qtbot, attempts, errors), lambda: windows.append(_open_with_passphrase(db, LEAD)))
    assert len(errors) == 3
    assert "Too short" in errors[0]
    assert "Too easy to guess" in errors[1] and "common password" in errors[1]
    assert "differ" in errors[2]
    window = windows[0]
    assert window is not None and window.ctx.ws.db.encrypted
    assert not cipher.is_plain_sqlite(db)
    window.close()
    window.ctx.ws.close()
    QApplication.processEvents()


def test_cancelling_the_first_run_creates_nothing(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    db = tmp_path / "folder" / "first.sqlite"
    application()
    result: list = []
    on_dialog(qtbot, lambda dialog: dialog.reject(), lambda: result.append(_open_with_passphrase(db, LEAD)))
    assert result == [None] and not db.parent.exists()
