"""Backups from the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from inspector_app.services import backups
from tests.factories import make_inspection


def test_back_up_now_and_test_from_the_window(qtbot, make_window, monkeypatch):
    from inspector_app.gui.dialogs.backups import BackupsDialog

    window = make_window()
    make_inspection(window.ctx.ws)
    dialog = BackupsDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    button = {b.text().replace("&", ""): b for b in dialog.findChildren(QPushButton)}
    qtbot.mouseClick(button["Back up now"], Qt.MouseButton.LeftButton)
    assert "verified and saved" in dialog.status.text() and dialog.model.rowCount() == 1
    qtbot.mouseClick(button["Test my backup"], Qt.MouseButton.LeftButton)
    assert "matches the database exactly" in dialog.status.text()
    dialog.view.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(button["Restore selected…"], Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Restored.")
    assert len(backups.list_backups(window.ctx.ws.db.path)) == 2  # the replaced state was kept
