"""From the board, a descriptor's evidence is linked, re-graded and unlinked, each undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import cases, evidence
from tests.factories import make_case, make_inspection
from tests.gui.conftest import on_dialog

LEFT = Qt.MouseButton.LeftButton


def test_link_regrade_and_unlink_from_the_board(qtbot, make_window):
    window = make_window()
    window.resize(1366, 768)
    info = make_inspection(window.ctx.ws)
    case = make_case(window.ctx.ws, info.id)
    item = evidence.add_evidence(window.ctx.ws, info.id, text="Leaders visit teams weekly.", area_key="leaders",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case.id)
    window.open_inspection(info.id)
    window.go("judgements")
    card = window.pages["judgements"].card("leaders")
    index = next(card.grid.index(0, c) for c in range(card.grid.columnCount()) if card.grid.index(0, c).data())
    key = card.grid.descriptor_key(index)
    seen = {}

    def work(dialog):
        qtbot.mouseClick(dialog.link_for, LEFT)
        seen["supporting"] = dialog.supporting.item(0).text()
        seen["child"] = "Child A" in seen["supporting"] and case.reference not in seen["supporting"]
        stored = evidence.get_evidence(window.ctx.ws, item.id)
        seen["linked"] = key in stored.descriptors
        dialog.supporting.setCurrentRow(0)
        qtbot.mouseClick(dialog.to_challenging, LEFT)
        seen["challenging"] = dialog.challenge_box.title()
        dialog.challenging.setCurrentRow(0)
        qtbot.mouseClick(dialog.unlink_challenge, LEFT)
        dialog.reject()

    card.table.setCurrentIndex(index)
    on_dialog(qtbot, work, lambda: card._open_descriptor(index))
    assert seen["linked"] and seen["child"] and "Leaders visit teams weekly." in seen["supporting"]
    assert seen["challenging"] == "▼ Challenges it (1)"
    after = evidence.get_evidence(window.ctx.ws, item.id)
    assert key not in after.descriptors
    window.ctx.undo_stack.undo()  # undo the unlink: linked again, as challenging
    again = evidence.get_evidence(window.ctx.ws, item.id)
    assert key in again.descriptors and again.polarity is Polarity.DEVELOPMENT  # a good descriptor, challenged
    assert cases.list_cases(window.ctx.ws, info.id)[0].id == case.id
