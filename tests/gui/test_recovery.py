"""A database that will not open for work: the start-up offers to restore the newest good backup or
to open it read-only, and never deletes anything."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.app import _open_with_passphrase, application
from inspector_app.gui.settings import Identity
from inspector_app.services import inspections, open_workspace
from inspector_app.storage import cipher
from inspector_app.storage.backups import create_backup, list_backups
from tests.factories import make_inspection
from tests.gui.conftest import on_dialog

LEAD = Identity("Lena Lead", "LL", TeamRole.LEAD)
SECRET = "a passphrase for the recovery tests"


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(("-wal", "-shm")))


def _press(label: str, seen: dict):  # type: ignore[no-untyped-def]
    def act(box: QMessageBox) -> None:
        seen["text"] = f"{box.text()}\n{box.informativeText()}"
        seen["buttons"] = [b.text() for b in box.buttons()]
        next(b for b in box.buttons() if b.text().replace("&", "") == label).click()
    return act


def test_a_damaged_encrypted_database_is_restored_from_the_newest_good_backup(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, SECRET)
    db = tmp_path / "work.sqlite"
    ws = open_workspace(db, user="Lena Lead", passphrase=SECRET, create=True)
    make_inspection(ws, authority="Backupshire")
    create_backup(ws.db, "manual")
    ws.close()
    damaged = bytearray(db.read_bytes())
    damaged[:32] = bytes(32)  # the salt and first bytes of page 1: the key no longer opens the file
    db.write_bytes(bytes(damaged))

    application()
    seen: dict = {}
    windows: list = []
    on_dialog(qtbot, _press("Restore newest backup", seen),
              lambda: windows.append(_open_with_passphrase(db, LEAD)))
    window = windows[0]
    assert "opens your backups but not work.sqlite" in seen["text"]
    assert window is not None and not window.ctx.identity.read_only
    assert [i.authority for i in inspections.list_inspections(window.ctx.ws)] == ["Backupshire"]
    kept = list(tmp_path.glob("work.damaged-*.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(damaged)  # the damaged file is kept, not deleted
    assert "damaged file is kept" in window.statusBar().currentMessage()
    window.ctx.ws.close()


def test_a_database_held_by_another_window_can_be_opened_read_only(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    db = tmp_path / "shared.sqlite"
    holder = open_workspace(db, user="Other Window", exclusive=True, create=True, plaintext=True)
    make_inspection(holder, authority="Sharedshire")
    before = _files(tmp_path)

    application()
    seen: dict = {}
    windows: list = []
    on_dialog(qtbot, _press("Open read-only", seen), lambda: windows.append(_open_with_passphrase(db, LEAD)))
    window = windows[0]
    assert "in use" in seen["text"].lower() or "open in" in seen["text"].lower()
    assert "Restore newest backup" not in seen["buttons"]  # nothing is damaged, so nothing to restore
    window.show()
    assert window.ctx.identity.read_only and not window.capture_action.isEnabled()
    assert any(w.text().startswith("Read-only") for w in window.statusBar().findChildren(type(window.user_label)))
    assert [i.authority for i in inspections.list_inspections(window.ctx.ws)] == ["Sharedshire"]
    window.backup("on-open")  # read-only: no backup is attempted
    assert list_backups(db) == []
    window.close()
    window.ctx.ws.close()
    make_inspection(holder, authority="Stillworkingshire")  # the other window kept working meanwhile
    holder.close()
    assert _files(tmp_path) == before  # no lock, backup or copy was made
    QApplication.processEvents()


def test_quitting_the_choice_changes_nothing(qtbot, tmp_path, monkeypatch):
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    db = tmp_path / "held.sqlite"
    holder = open_workspace(db, user="Other Window", exclusive=True, create=True, plaintext=True)
    application()
    seen: dict = {}
    result: list = []
    on_dialog(qtbot, _press("Quit", seen), lambda: result.append(_open_with_passphrase(db, LEAD)))
    assert result == [None]
    holder.close()
    assert Path(db).exists()


def test_when_read_only_cannot_help_the_choice_narrows_to_restoring(qtbot, tmp_path, monkeypatch, registry):
    from tests.gui.conftest import answer_dialogs

    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    db = tmp_path / "broken.sqlite"
    ws = open_workspace(db, registry=registry, create=True, plaintext=True)
    make_inspection(ws, authority="Brokenshire")
    create_backup(ws.db, "manual")
    ws.close()
    damaged = bytearray(db.read_bytes())
    damaged[100:4096] = b"\xff" * (4096 - 100)  # the schema's page
    db.write_bytes(bytes(damaged))

    application()
    seen: list[dict] = [{}, {}]
    windows: list = []
    answer_dialogs(qtbot, [_press("Open read-only", seen[0]), _press("Restore newest backup", seen[1])],
                   lambda: windows.append(_open_with_passphrase(db, LEAD)))
    assert "Open read-only" in [b.replace("&", "") for b in seen[0]["buttons"]]
    assert "cannot be read even read-only" in seen[1]["text"]
    assert "Open read-only" not in [b.replace("&", "") for b in seen[1]["buttons"]]  # not offered again
    window = windows[0]
    assert [i.authority for i in inspections.list_inspections(window.ctx.ws)] == ["Brokenshire"]
    window.ctx.ws.close()
