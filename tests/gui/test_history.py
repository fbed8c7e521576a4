"""The audit trail in the window: one item's history from its screen, and the inspection's History view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from inspector_app.domain.enums import EvidenceSource, Polarity, TeamRole
from inspector_app.gui.settings import Identity
from inspector_app.services import evidence
from tests.factories import make_inspection
from tests.gui.conftest import on_dialog

CTRL = Qt.KeyboardModifier.ControlModifier


def test_an_edit_shows_in_the_items_history_and_in_the_inspection_history(qtbot, make_window):
    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    evidence.add_evidence(window.ctx.ws, info.id, text="Supervision is regular.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    window.go("evidence")
    page = window.pages["evidence"]
    page.view.selectRow(0)
    detail = page.detail
    detail.text.setFocus()
    qtbot.keyClick(detail.text, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(detail.text, " It is not reflective.")
    qtbot.waitUntil(lambda: "reflective" in evidence.find_evidence(window.ctx.ws, info.id)[0].text, timeout=10000)

    seen: dict[str, object] = {}

    def read(dialog) -> None:  # type: ignore[no-untyped-def]
        model = dialog.panel.model
        seen["rows"] = [(model.entry(r).action, model.entry(r).who) for r in range(model.rowCount())]
        seen["detail"] = dialog.panel.detail.toPlainText()
        dialog.reject()

    on_dialog(qtbot, read, lambda: qtbot.mouseClick(detail.history_button, Qt.MouseButton.LeftButton))
    assert seen["rows"] == [("create", "Lena Lead"), ("update", "Lena Lead")]
    assert "Supervision is regular. It is not reflective." in str(seen["detail"])  # the newest change, before/after
    assert "Before" in str(seen["detail"])

    window.go("history")
    history = window.pages["history"]
    assert history.panel.model.rowCount() > 3  # the inspection, its team, the evidence and the edit
    history.search.setFocus()
    qtbot.keyClicks(history.search, "not reflective")
    qtbot.waitUntil(lambda: history.panel.model.rowCount() == 1, timeout=10000)
    entry = history.panel.model.entry(0)
    assert (entry.action, entry.entity) == ("update", "evidence")
    assert "1 event matches" in history.summary.text()


def test_a_reviewer_who_cannot_edit_can_still_read_the_history(qtbot, make_window, tmp_path):
    window = make_window(identity=Identity("Quinn Reviewer", "QR", TeamRole.QA))
    window.ctx.ws.user = "Lena Lead"  # the lead set the inspection up (and so leads it on its roster)
    info = make_inspection(window.ctx.ws)
    evidence.add_evidence(window.ctx.ws, info.id, text="Visits are regular.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    window.ctx.ws.user = "Quinn Reviewer"
    window.open_inspection(info.id)
    window.go("evidence")
    window.pages["evidence"].view.selectRow(0)
    detail = window.pages["evidence"].detail
    assert not detail.delete_button.isEnabled() and detail.history_button.isEnabled()
    window.go("history")
    people = window.pages["history"].who
    assert [people.itemText(i) for i in range(people.count())] == ["Everyone", "Lena Lead"]


def test_a_long_history_loads_a_page_at_a_time_as_the_table_scrolls(qtbot, make_window):
    from inspector_app.gui.history_panel import HistoryPanel
    from inspector_app.services import audit_trail

    window = make_window()
    info = make_inspection(window.ctx.ws)
    for n in range(audit_trail.PAGE_SIZE + 40):
        evidence.add_evidence(window.ctx.ws, info.id, text=f"Item {n}", area_key="leaders",
                              polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    total = audit_trail.count_history(window.ctx.ws, info.id)
    panel = HistoryPanel("Audit trail")
    qtbot.addWidget(panel)
    panel.model.load(lambda offset, limit: audit_trail.inspection_history(window.ctx.ws, info.id, None, offset,
                                                                         limit), total)
    assert panel.model.rowCount() == audit_trail.PAGE_SIZE and panel.model.canFetchMore()
    panel.show()
    panel.view.scrollToBottom()  # the view asks for more when it reaches the end
    qtbot.waitUntil(lambda: panel.model.rowCount() == total, timeout=10000)
    assert panel.model.entry(total - 1).entity in {"inspection", "team_member"}  # the oldest events come last


def test_a_judgements_history_shows_each_grade_it_has_had(qtbot, make_window):
    from tests.gui.conftest import choose

    window = make_window()
    info = make_inspection(window.ctx.ws)
    window.open_inspection(info.id)
    window.go("judgements")
    card = window.pages["judgements"].card("leaders")
    choose(qtbot, card.grade, "Good")  # Enter after each: a grade is saved when chosen
    choose(qtbot, card.grade, "Requires improvement")
    seen: dict[str, object] = {}

    def read(dialog) -> None:  # type: ignore[no-untyped-def]
        model = dialog.panel.model
        seen["rows"] = [(model.entry(r).action, model.entry(r).summary) for r in range(model.rowCount())]
        seen["heading"] = dialog.heading.text()
        dialog.reject()

    on_dialog(qtbot, read, lambda: qtbot.mouseClick(card.history_button, Qt.MouseButton.LeftButton))
    rows = seen["rows"]
    assert rows[0][0] == "create" and rows[-1][0] == "update"  # type: ignore[index]
    assert rows[-1][1] == "grade: “Good” → “Requires improvement to be good”"  # type: ignore[index]
    area = window.ctx.framework.area("leaders")
    assert rows[0][1] == f"“{area.short_name}”"  # type: ignore[index]  # not its key, “leaders”
    assert seen["heading"].startswith(f"<b>History of the judgement “{area.name}”</b>: ")  # type: ignore[attr-defined]
