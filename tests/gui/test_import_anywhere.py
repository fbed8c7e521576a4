"""A fresh laptop's first import: from the inspections list, the File menu or a dropped file; and
the window shows what another process wrote."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from inspector_app.bundles.export import export_bundle
from inspector_app.domain.enums import EvidenceSource, Polarity, TeamRole
from inspector_app.gui.settings import Identity
from inspector_app.services import evidence, inspections, open_workspace
from tests.factories import make_inspection
from tests.gui.conftest import on_dialog

TARIQ = Identity("Tariq Team", "TT", TeamRole.TEAM)


def _lead_bundle(tmp_path, registry):
    lead = open_workspace(tmp_path / "lead.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(lead)
    path = tmp_path / "for-tariq.inspbundle"
    export_bundle(lead, info.id, path, recipient="Tariq Team")
    lead.close()
    return info, path


def _import(qtbot, dialog):
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)


def test_first_import_from_the_inspections_list(qtbot, make_window, tmp_path, registry, monkeypatch):
    info, path = _lead_bundle(tmp_path, registry)
    window = make_window(tmp_path / "tariq.sqlite", identity=TARIQ)
    assert window.ctx.inspection_id is None and window.current_key() == "home"
    home = window.pages["home"]
    assert "import the bundle" in home.hint.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    on_dialog(qtbot, lambda d: _import(qtbot, d),
              lambda: qtbot.mouseClick(home.import_button, Qt.MouseButton.LeftButton))
    qtbot.waitUntil(lambda: window.ctx.inspection_id is not None, timeout=10000)
    [mine] = inspections.list_inspections(window.ctx.ws)
    assert mine.uuid == info.uuid and window.ctx.inspection_id == mine.id
    assert "Merged" in window.statusBar().currentMessage()
    assert window.import_action in window.menuBar().actions()[0].menu().actions()


def test_a_bundle_dropped_on_the_window_is_imported(qtbot, make_window, tmp_path, registry):
    info, path = _lead_bundle(tmp_path, registry)
    window = make_window(tmp_path / "tariq.sqlite", identity=TARIQ)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    # Qt delivers a drop only at the end of a real drag, so the drop itself is handed over as Qt would.
    on_dialog(qtbot, lambda d: _import(qtbot, d), lambda: window.dropEvent(drop))
    qtbot.waitUntil(lambda: window.ctx.inspection_id is not None, timeout=10000)
    assert [i.uuid for i in inspections.list_inspections(window.ctx.ws)] == [info.uuid]


def test_the_window_shows_what_another_process_wrote(qtbot, make_window, tmp_path, registry):
    window = make_window(tmp_path / "lead.sqlite")
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    window.go("evidence")
    page = window.pages["evidence"]
    assert page.model.rowCount() == 0
    other = open_workspace(tmp_path / "lead.sqlite", user="Lena Lead", registry=registry)  # the lead's CLI
    evidence.add_evidence(other, info.id, text="Written by the command line.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    other.close()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=8000)
