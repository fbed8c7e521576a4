"""The database file deleted or replaced while the window is open: one plain line, nothing reported saved
that is not, and the offered "Save my recent work to a new database…" writes everything (what was saved,
what was typed since, text still in an editor) to a new encrypted file the person chooses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, inspections, open_workspace
from tests.factories import make_inspection
from tests.gui.conftest import answer_dialogs, close_discarding

CTRL = Qt.KeyboardModifier.ControlModifier
NEW = "a fresh passphrase for the rescued work"


def _lose(db: Path, how: str, tmp_path: Path) -> None:
    if how == "deleted":
        for companion in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            companion.unlink(missing_ok=True)
    else:  # a sync tool puts another database in its place
        other = tmp_path / "other.sqlite"
        theirs = open_workspace(other, create=True, plaintext=True)
        make_inspection(theirs, authority="Theirshire")
        theirs.close()
        os.replace(other, db)


@pytest.mark.parametrize("how", ["deleted", "replaced"])
def test_work_typed_after_the_file_went_away_is_saved_to_a_new_database(qtbot, make_window, tmp_path, how):
    window = make_window()
    window.resize(1366, 768)
    ws = window.ctx.ws
    db = ws.status().path
    info = make_inspection(ws, authority="Savedshire")
    evidence.add_evidence(ws, info.id, text="Seen before.", area_key="leaders", polarity=Polarity.STRENGTH,
                          source=EvidenceSource.CASE_FILE)
    window.open_inspection(info.id)
    window.go("evidence")
    page = window.pages["evidence"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
    page.view.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.text.toPlainText() == "Seen before.", timeout=10000)
    # a capture dialog is open when the file goes away; its save is refused, said in its own error line, kept
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=10000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
    _lose(db, how, tmp_path)
    qtbot.keyClicks(dialog.ui.textEdit, "Captured after the file went away.")
    qtbot.keyClicks(dialog.ui.descriptorSearch, "in care")
    qtbot.keyClick(dialog.ui.descriptorSearch, Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible() and "moved, replaced or deleted while open" in dialog.ui.errorLabel.text()
    line = window.lost_bar.line.text()
    assert window.lost_bar.isVisible() and "\n" not in line and "1 unsaved change" in line
    assert window.rescue_action.isEnabled()
    close_discarding(qtbot, dialog)  # Escape asks about the evidence typed; Discard (the refused save is kept)

    # typing continues in the evidence editor; its autosave is refused and kept
    editor = page.detail.text
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(editor, " Typed after.")
    qtbot.waitUntil(lambda: "2 unsaved changes" in window.lost_bar.line.text(), timeout=10000)

    # text still in the editor (its autosave not yet run) is kept too
    qtbot.keyClicks(editor, " Still in the editor.")

    target = tmp_path / "rescued" / "work.sqlite"

    def fill(rescue_dialog) -> None:
        rescue_dialog.path_edit.setFocus()
        rescue_dialog.path_edit.selectAll()
        qtbot.keyClicks(rescue_dialog.path_edit, str(target))
        qtbot.keyClicks(rescue_dialog.first, NEW)
        qtbot.keyClicks(rescue_dialog.second, NEW + "x")
        qtbot.keyClick(rescue_dialog.second, Qt.Key.Key_Return)
        assert "differ" in rescue_dialog.error.text()
        qtbot.keyClick(rescue_dialog.second, Qt.Key.Key_Backspace)
        qtbot.keyClick(rescue_dialog.second, Qt.Key.Key_Return)

    titles = answer_dialogs(qtbot, [fill], lambda: qtbot.mouseClick(window.lost_bar.button,
                                                                     Qt.MouseButton.LeftButton))
    assert titles[0].startswith("Save my recent work to a new database")
    qtbot.waitUntil(lambda: window.rescued is not None, timeout=10000)
    assert (window.rescued.path, window.rescued.replayed, window.rescued.refused) == (target, 3, ())
    assert not window.lost_bar.isVisible() and not window.rescue_action.isEnabled()
    assert window.ctx.ws.status().path == target  # the window saves there from now on
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600

    rescued = open_workspace(target, passphrase=NEW, read_only=True)
    try:
        assert [i.authority for i in inspections.list_inspections(rescued)] == ["Savedshire"]
        texts = sorted(e.text for e in evidence.find_evidence(rescued, info.id))
        assert texts == ["Captured after the file went away.", "Seen before. Typed after. Still in the editor."]
    finally:
        rescued.close()
    if how == "replaced":  # the database put in its place is left alone
        theirs = open_workspace(db, read_only=True)
        assert [i.authority for i in inspections.list_inspections(theirs)] == ["Theirshire"]
        theirs.close()
    else:
        assert not db.exists()  # no empty database appeared where the old one was
