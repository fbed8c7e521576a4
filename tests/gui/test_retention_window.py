"""Purging a published inspection and destroying the database, from the window as a lead would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from inspector_app.domain.enums import InspectionStatus
from inspector_app.services import cases, inspections
from inspector_app.services.retention import shredding_log
from tests.factories import make_case, make_inspection
from tests.gui.conftest import answer_dialogs


def _confirm(qtbot, text: str):  # type: ignore[no-untyped-def]
    def act(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.confirm, text)
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)  # the OK button is the default
    return act


def test_the_lead_purges_a_published_inspection_from_the_inspections_list(qtbot, make_window):
    window = make_window()
    info = make_inspection(window.ctx.ws, authority="Purgeshire")
    case = make_case(window.ctx.ws, info.id, reference="PG-1001", initials="JK")
    cases.add_note(window.ctx.ws, case.id, "Met the child's foster carer.")
    home = window.pages["home"]
    window.go("home")
    home.refresh()
    assert not home.purge_button.isEnabled()  # not published yet
    inspections.update_inspection(window.ctx.ws, info.id, status=InspectionStatus.PUBLISHED)
    home.refresh()
    assert home.purge_button.isEnabled()

    def close_box(box: QMessageBox) -> None:
        box.accept()

    titles = answer_dialogs(qtbot, [_confirm(qtbot, "Purgeshire"), close_box],
                            lambda: qtbot.mouseClick(home.purge_button, Qt.MouseButton.LeftButton))
    assert titles[0].startswith("Purge case details — Purgeshire")
    assert titles[1].startswith("Purge complete")
    assert cases.get_case(window.ctx.ws, case.id).reference == "Child A"
    assert cases.list_notes(window.ctx.ws, case.id) == []


def test_destroying_the_database_from_the_file_menu_closes_the_window(qtbot, make_window, tmp_path):
    window = make_window()
    make_inspection(window.ctx.ws, authority="Shredshire")
    path = window.ctx.ws.db.path

    def reason_then_confirm(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.reason, "retention period ended")
        _confirm(qtbot, "DESTROY")(dialog)

    titles = answer_dialogs(qtbot, [reason_then_confirm, lambda box: box.accept()], window.destroy_action.trigger)
    assert titles[0].startswith("Destroy gui.sqlite")
    assert "were destroyed" in titles[1] or "Inspector App" in titles[1]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert not path.exists() and not list(tmp_path.glob("gui.sqlite*"))
    record = shredding_log()[-1]
    assert record.reason == "retention period ended" and record.inspections[0].startswith("Shredshire")
