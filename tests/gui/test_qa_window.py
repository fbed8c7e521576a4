"""QA review in a real window: the reviewer comments on a paragraph of the draft; the lead resolves it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_app.domain.enums import FindingKind, TeamRole
from inspector_app.domain.qa import AnchorKind, CommentStatus
from inspector_app.gui.settings import Identity
from inspector_app.services import findings, inspections, open_workspace, qa
from tests.factories import make_inspection

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Quinn QA", "QQ", TeamRole.QA)]


def test_reviewer_comments_on_a_paragraph_and_the_lead_resolves_it(qtbot, make_window, tmp_path, registry):
    db = tmp_path / "qa.sqlite"
    ws = open_workspace(db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws, "ilacs@2023", team=TEAM)
    inspections.update_inspection(ws, info.id, summary="Leaders know their services well.")
    findings.add_finding(ws, info.id, kind=FindingKind.STRENGTH, text="Front door decisions are prompt.",
                         area_key="help_protection")
    ws.close()

    window = make_window(db, Identity("Quinn QA", "QQ", TeamRole.QA))
    window.open_inspection(info.id)
    window.go("qa")
    page = window.pages["qa"]
    assert page.review_box.isVisible() and not page.answer_box.isVisible()
    row = next(i for i in range(page.draft.count()) if "Front door decisions" in page.draft.item(i).text())
    rect = page.draft.visualItemRect(page.draft.item(row))
    page.draft.scrollToItem(page.draft.item(row))
    rect = page.draft.visualItemRect(page.draft.item(row))
    qtbot.mouseClick(page.draft.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert "Front door decisions" in page.anchor_item.currentText()
    page.comment_text.setFocus()
    qtbot.keyClicks(page.comment_text, "How many children showed this?")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    stored = qa.list_comments(window.ctx.ws, info.id)
    assert [(c.anchor_kind, c.text) for c in stored] == [(AnchorKind.PARAGRAPH, "How many children showed this?")]
    assert page.draft.item(row).text().startswith("● ")
    window.close()
    window.ctx.ws.close()

    lead = make_window(db, Identity("Lena Lead", "LL", TeamRole.LEAD))
    lead.open_inspection(info.id)
    lead.go("qa")
    page = lead.pages["qa"]
    assert page.answer_box.isVisible() and not page.review_box.isVisible()
    page.comment_view.selectRow(0)
    page.answer_text.setFocus()
    qtbot.keyClicks(page.answer_text, "Seven of the twelve children sampled.")
    resolve = next(b for b in page.answer_box.findChildren(type(page.add_button)) if "Resolve" in b.text())
    qtbot.mouseClick(resolve, Qt.MouseButton.LeftButton)
    done = qa.list_comments(lead.ctx.ws, info.id)[0]
    assert done.status is CommentStatus.RESOLVED and done.answer == "Seven of the twelve children sampled."
