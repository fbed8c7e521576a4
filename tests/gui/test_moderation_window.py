"""The moderation view in a real window: blind proposals for a team inspector, then the lead's view."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity, TeamRole
from inspector_app.gui.settings import Identity
from inspector_app.services import evidence, judgements, moderation, open_workspace
from tests.factories import make_inspection

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Amir A", "AA", TeamRole.TEAM), ("Bea B", "BB", TeamRole.TEAM)]


def _prepare(path, registry):
    ws = open_workspace(path, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws, "ilacs@2023", team=TEAM)
    item = evidence.add_evidence(ws, info.id, text="Leaders know their services well.", area_key="leaders",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    ws.user = "Bea B"
    moderation.propose(ws, info.id, "leaders", Grade.INADEQUATE, "Bea's secret view of leaders.")
    ws.user = "Lena Lead"
    moderation.propose(ws, info.id, "leaders", Grade.GOOD, "Lena's view.", [item.id])
    ws.close()
    return info.id, item.id


def _amir_on_moderation(make_window, tmp_path, registry):  # type: ignore[no-untyped-def]
    """A team inspector's window on Moderation while blind; the inspection and its evidence item."""
    db = tmp_path / "team.sqlite"
    inspection_id, item_id = _prepare(db, registry)
    window = make_window(db, Identity("Amir A", "AA", TeamRole.TEAM))
    window.open_inspection(inspection_id)
    window.go("moderation")
    return window, window.pages["moderation"], inspection_id, item_id


def _amir_on_leaders(make_window, tmp_path, registry):  # type: ignore[no-untyped-def]
    """The same, the form on Impact of leaders."""
    window, page, inspection_id, _ = _amir_on_moderation(make_window, tmp_path, registry)
    page.area.setCurrentIndex(page.area.findData("leaders"))
    return window, page, inspection_id


def _texts(page) -> str:
    shown = [label.text() for label in page.findChildren(QLabel)]
    for model in (page.mine, page.areas):
        shown += [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())]
    return " ".join(shown)


def test_team_inspector_proposes_blind_by_keyboard(qtbot, make_window, tmp_path, registry):
    window, page, inspection_id, item_id = _amir_on_moderation(make_window, tmp_path, registry)
    assert "secret view" not in _texts(page) and "Inadequate" not in _texts(page)
    assert not page.open_button.isVisible()  # only the lead opens moderation
    page.area.setFocus()
    page.area.setCurrentIndex(page.area.findData("leaders"))
    page.grade.setCurrentIndex(page.grade.findData(Grade.REQUIRES_IMPROVEMENT.value))
    qtbot.keyClicks(page.rationale, "Oversight is thin in two teams.")
    page.cited.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    ws = window.ctx.ws
    mine = moderation.visible_proposals(ws, inspection_id)
    assert [(p.inspector, p.grade, p.evidence_ids) for p in mine] == [
        ("Amir A", Grade.REQUIRES_IMPROVEMENT, (item_id,))]
    assert "Amir A 1" in page.status.text() and "Bea B 1" in page.status.text()


def test_lead_opens_moderation_and_settles_a_grade(qtbot, make_window, tmp_path, registry, monkeypatch):
    db = tmp_path / "lead.sqlite"
    inspection_id, _ = _prepare(db, registry)
    window = make_window(db)
    window.open_inspection(inspection_id)
    window.go("moderation")
    page = window.pages["moderation"]
    assert "secret view" not in _texts(page)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.moderation_box.isVisible() and page.areas.rowCount() == 4
    assert page.areas.row(0).key == "leaders"  # the only area with a disagreement comes first
    page.area_view.selectRow(0)
    header = page.area_view.horizontalHeader()  # the area's name has the room, not the tally ("Childr…" twice)
    qtbot.waitUntil(lambda: header.sectionSize(0) > header.sectionSize(1), timeout=5000)
    assert "Bea's secret view of leaders." in page.detail.text()
    assert page.alpha.text().startswith("Agreement between inspectors: cannot be measured yet")
    page.settle_grade.setCurrentIndex(page.settle_grade.findData(Grade.REQUIRES_IMPROVEMENT.value))
    page.settle_rationale.setFocus()
    qtbot.keyClicks(page.settle_rationale, "Strong self-knowledge, but oversight is uneven.")
    qtbot.mouseClick(page.settle_button, Qt.MouseButton.LeftButton)
    ws = window.ctx.ws
    assert judgements.judgement_state(ws, inspection_id).grade("leaders") is Grade.REQUIRES_IMPROVEMENT
    decided = next(a for a in moderation.moderation_view(ws, inspection_id).areas if a.key == "leaders").decision
    assert decided is not None and decided.departed_from == ("Bea B", "Lena Lead")
    assert page.areas.row(0).decision is not None


def test_export_view_adds_the_moderation_annex_to_the_working_copy(qtbot, make_window, tmp_path, registry,
                                                                  monkeypatch):
    from docx import Document

    db = tmp_path / "annex.sqlite"
    inspection_id, _ = _prepare(db, registry)
    window = make_window(db)
    window.open_inspection(inspection_id)
    moderation.open_moderation(window.ctx.ws, inspection_id)
    window.go("export")
    page = window.pages["export"]
    assert not page.moderationCheck.isEnabled()  # never in the publishable draft
    qtbot.mouseClick(page.ui.docxRadio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.ui.workingCopyCheck, Qt.MouseButton.LeftButton)
    assert page.moderationCheck.isEnabled()
    qtbot.mouseClick(page.moderationCheck, Qt.MouseButton.LeftButton)
    target = tmp_path / "working.docx"
    page.ui.pathEdit.setText(str(target))
    qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.ui.openButton.isEnabled(), timeout=10000)
    text = " ".join(p.text for p in Document(str(target)).paragraphs)
    assert "Internal annex: moderation of judgements" in text and "Bea's secret view of leaders." in text


def test_a_new_proposal_starts_on_not_chosen_and_is_not_saved_as_outstanding(qtbot, make_window, tmp_path, registry,
                                                                             monkeypatch):
    """The proposal's grade started on "Outstanding": Save wrote Outstanding nobody chose. Now it starts on
    "Not chosen", saving that is refused in one sentence, and a grade picked by keyboard is saved."""
    window, page, inspection_id = _amir_on_leaders(make_window, tmp_path, registry)
    assert page.grade.currentText() == "Not chosen" and page.settle_grade.currentText() == "Not chosen"
    qtbot.keyClicks(page.rationale, "Oversight is thin in two teams.")
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: refused.append(text))
    page.save_button.setFocus()
    qtbot.keyClick(page.save_button, Qt.Key.Key_Space)
    assert refused == ["Choose the proposed grade first: it is not chosen yet."]
    assert moderation.visible_proposals(window.ctx.ws, inspection_id) == []
    page.grade.setFocus()
    qtbot.keyClick(page.grade, Qt.Key.Key_Down)
    qtbot.keyClick(page.grade, Qt.Key.Key_Down)  # Outstanding, then Good
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_End, Qt.Key.Key_Home):  # scroll the page, not the grade
        qtbot.keyClick(page.grade, key)
    assert page.grade.currentText() == "Good"
    page.save_button.setFocus()
    qtbot.keyClick(page.save_button, Qt.Key.Key_Return)
    assert [(p.inspector, p.grade) for p in moderation.visible_proposals(window.ctx.ws, inspection_id)] == [
        ("Amir A", Grade.GOOD)]


def test_a_rationale_typed_for_one_area_is_not_lost_by_choosing_another(qtbot, make_window, tmp_path, registry):
    """Changing Area replaced the form with the next area's, and a rationale typed but not saved was gone.
    Now it asks: Keep editing stays on the area, Save proposes it, Discard lets it go."""
    from tests.gui.conftest import answer_dialogs

    window, page, inspection_id = _amir_on_leaders(make_window, tmp_path, registry)
    page.grade.setCurrentIndex(page.grade.findData(Grade.GOOD.value))
    qtbot.keyClicks(page.rationale, "Leaders know their front door well.")

    def next_area() -> None:
        page.area.setFocus()
        qtbot.keyClick(page.area, Qt.Key.Key_Down)

    [question] = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape)], next_area)
    assert question.startswith("Not saved yet") and "Impact of leaders" in question, question
    assert page.area.currentData() == "leaders"
    assert page.rationale.toPlainText() == "Leaders know their front door well."
    answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Return)], next_area)  # Save
    assert page.area.currentData() != "leaders" and page.rationale.toPlainText() == ""
    [mine] = moderation.visible_proposals(window.ctx.ws, inspection_id)
    assert (mine.area_key, mine.grade, mine.rationale) == ("leaders", Grade.GOOD, "Leaders know their front door well.")
    qtbot.keyClicks(page.rationale, "A thought to throw away.")
    answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_D)], next_area)  # Discard
    assert page.rationale.toPlainText() == "" and len(moderation.visible_proposals(window.ctx.ws, inspection_id)) == 1
