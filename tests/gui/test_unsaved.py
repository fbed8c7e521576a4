"""Typed text is never thrown away without asking (gui/unsaved.py): a finding, a case, a record audit and
an inspection's details, closed by Escape, the close button or Ctrl+Q with something typed, ask Save /
Discard / Keep editing; closing with nothing typed, or the text as it was loaded, does not ask. Each test
drives the window at laptop size (1366×768) by keyboard and reads what the database holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from inspector_app.domain.enums import FindingKind, InspectionKind, InspectionStatus
from inspector_app.services import cases, findings, inspections, open_workspace
from tests.factories import make_case, make_inspection
from tests.gui.conftest import answer_dialogs, on_dialog
from tests.templates import copy_of, template

CTRL = Qt.KeyboardModifier.ControlModifier
ESCAPE, SAVE, DISCARD = Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_D  # Enter is the question's default


def _build(folder: Path) -> None:
    ws = open_workspace(folder / "one-case.sqlite", user="Lena Lead", create=True, plaintext=True)
    info = make_inspection(ws)
    make_case(ws, info.id, summary="Referred by the school.")
    findings.add_finding(ws, info.id, kind=FindingKind.RECOMMENDATION, text="Check plans monthly.")
    earlier = make_inspection(ws, authority="Westvale", status=InspectionStatus.PUBLISHED,
                              start_date=date(2025, 9, 29), end_date=date(2025, 10, 10))
    findings.add_finding(ws, earlier.id, kind=FindingKind.RECOMMENDATION, text="Timely strategy discussions.")
    make_inspection(ws, "monitoring_visit@2018", authority="Westvale", visit_number=1)  # follows it up
    ws.close()


@pytest.fixture
def window(qtbot, make_window, tmp_path_factory):  # type: ignore[no-untyped-def]
    """The window on a copy of a database with one inspection, one case and one finding, at 1366×768."""
    folder = template(tmp_path_factory, "unsaved-one-case", _build, __file__)
    window = make_window(db=copy_of(tmp_path_factory, folder / "one-case.sqlite"))
    window.resize(1366, 768)
    window.open_inspection(_inspection(window, "Testshire"))
    return window


def _inspection(window, authority: str, kind: InspectionKind = InspectionKind.ILACS_STANDARD) -> int:  # type: ignore[no-untyped-def]
    return next(i.id for i in inspections.list_inspections(window.ctx.ws)
                if i.authority == authority and i.kind is kind)


@pytest.fixture
def asked(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """Every question asked, answered Discard: where nothing should be asked, a question fails the test
    instead of waiting for an answer."""
    questions: list[str] = []

    def record(_parent, what: str) -> str:  # type: ignore[no-untyped-def]
        questions.append(what)
        return "discard"

    monkeypatch.setattr("inspector_app.gui.unsaved.ask_unsaved", record)
    return questions


def _answer(qtbot, key, trigger) -> str:  # type: ignore[no-untyped-def]
    """Press ``key`` on the "Not saved yet" question that ``trigger`` leads to; the question."""
    [title] = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, key)], trigger)
    assert title.startswith("Not saved yet"), title
    return title


def _in_dialog(qtbot, action, trigger) -> None:  # type: ignore[no-untyped-def]
    """``action`` on the dialog ``trigger`` opens, which must then close: one left open (the fix broken)
    is closed here and fails the test, rather than leaving its ``exec()`` waiting for ever."""

    def then_closed(dialog) -> None:  # type: ignore[no-untyped-def]
        try:
            action(dialog)
        finally:
            try:
                qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
            finally:
                if dialog.isVisible():
                    dialog.done(0)

    on_dialog(qtbot, then_closed, trigger)


def _button(widget, text: str) -> QPushButton:  # type: ignore[no-untyped-def]
    return next(b for b in widget.findChildren(QPushButton) if b.text().replace("&", "").startswith(text))


def _findings(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.text for f in findings.list_findings(window.ctx.ws, window.ctx.inspection_id)]


def test_a_finding_typed_then_escape_keeps_editing_then_saves(qtbot, window):
    window.go("findings")
    page = window.pages["findings"]
    seen: dict[str, object] = {}

    def write(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.edit, "Visits are purposeful.")
        seen["question"] = _answer(qtbot, ESCAPE, lambda: qtbot.keyClick(dialog.edit, ESCAPE))  # Keep editing
        seen["kept"] = (dialog.isVisible(), dialog.edit.toPlainText(), dialog.focusWidget() is dialog.edit,
                        _findings(window))
        _answer(qtbot, SAVE, lambda: qtbot.keyClick(dialog.edit, ESCAPE))

    _in_dialog(qtbot, write, lambda: qtbot.mouseClick(page.buttons["add"], Qt.MouseButton.LeftButton))
    assert "The finding you typed is not saved yet" in str(seen["question"])
    assert seen["kept"] == (True, "Visits are purposeful.", True, ["Check plans monthly."])
    assert _findings(window) == ["Check plans monthly.", "Visits are purposeful."]


def test_editing_a_finding_asks_only_when_its_text_changed_and_discard_keeps_the_saved_text(qtbot, window, asked):
    window.go("findings")
    page = window.pages["findings"]
    page.view.setCurrentIndex(page.model.index(0, 0))
    edit = page.buttons["edit"]
    _in_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog.edit, ESCAPE),
              lambda: qtbot.mouseClick(edit, Qt.MouseButton.LeftButton))
    assert asked == []  # the text as loaded: nothing to lose, no question

    def change(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClick(dialog.edit, Qt.Key.Key_End, CTRL)
        qtbot.keyClicks(dialog.edit, " And act on them.")
        qtbot.keyClick(dialog.edit, ESCAPE)

    _in_dialog(qtbot, change, lambda: qtbot.mouseClick(edit, Qt.MouseButton.LeftButton))
    assert asked == ["Your change to this finding"]  # answered Discard
    assert _findings(window) == ["Check plans monthly."]


def test_a_new_case_closed_by_its_close_button_keeps_editing_then_saves(qtbot, window):
    [before] = cases.list_cases(window.ctx.ws, window.ctx.inspection_id)
    seen: dict[str, object] = {}

    def add(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.ui.referenceEdit, "TS-0002")
        qtbot.keyClick(dialog.ui.referenceEdit, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.ui.initialsEdit, "CD")
        _answer(qtbot, ESCAPE, dialog.close)  # the window's close button; Escape on the question keeps editing
        seen["kept"] = (dialog.isVisible(), dialog.focusWidget() is dialog.ui.referenceEdit)
        seen["cases"] = len(cases.list_cases(window.ctx.ws, window.ctx.inspection_id))
        _answer(qtbot, SAVE, lambda: qtbot.keyClick(dialog.ui.initialsEdit, ESCAPE))

    _in_dialog(qtbot, add, lambda: qtbot.keyClick(window, Qt.Key.Key_K, CTRL | Qt.KeyboardModifier.ShiftModifier))
    assert seen == {"kept": (True, True), "cases": 1}
    assert [(c.reference, c.initials) for c in cases.list_cases(window.ctx.ws, window.ctx.inspection_id)] == [
        (before.reference, before.initials), ("TS-0002", "CD")]


def test_a_cases_details_unchanged_close_without_asking_and_a_changed_summary_can_be_discarded(
        qtbot, window, asked):
    [case] = cases.list_cases(window.ctx.ws, window.ctx.inspection_id)
    window.show_case(case.id)
    edit = _button(window.pages["case"], "Edit details")
    _in_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog.ui.summaryEdit, ESCAPE),
              lambda: qtbot.mouseClick(edit, Qt.MouseButton.LeftButton))
    assert asked == []

    def change(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClick(dialog.ui.summaryEdit, Qt.Key.Key_End, CTRL)
        qtbot.keyClicks(dialog.ui.summaryEdit, " Now on a plan.")
        qtbot.keyClick(dialog.ui.summaryEdit, ESCAPE)

    _in_dialog(qtbot, change, lambda: qtbot.mouseClick(edit, Qt.MouseButton.LeftButton))
    assert asked == ["Your change to this case"]
    assert cases.get_case(window.ctx.ws, case.id).summary == "Referred by the school."


def test_a_record_audits_note_is_asked_about_and_saved(qtbot, window):
    [case] = cases.list_cases(window.ctx.ws, window.ctx.inspection_id)
    window.show_case(case.id)
    seen: dict[str, object] = {}

    def audit(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.ui.noteEdit.setFocus()
        qtbot.keyClicks(dialog.ui.noteEdit, "Plan reviewed on time.")
        seen["question"] = _answer(qtbot, ESCAPE, lambda: qtbot.keyClick(dialog.ui.noteEdit, ESCAPE))
        seen["kept"] = (dialog.isVisible(), cases.list_audits(window.ctx.ws, window.ctx.inspection_id))
        _answer(qtbot, SAVE, lambda: qtbot.keyClick(dialog.ui.noteEdit, ESCAPE))

    _in_dialog(qtbot, audit, lambda: qtbot.mouseClick(_button(window.pages["case"], "Record audit"),
                                                      Qt.MouseButton.LeftButton))
    assert "audit note you typed" in str(seen["question"]) and seen["kept"] == (True, [])
    assert [a.note for a in cases.list_audits(window.ctx.ws, window.ctx.inspection_id)] == ["Plan reviewed on time."]


def test_inspection_details_typed_can_be_discarded_and_unchanged_ones_close_at_once(qtbot, window, asked):
    window.go("overview")
    details = _button(window.pages["overview"], "Edit inspection details")
    info_before = inspections.get_inspection(window.ctx.ws, window.ctx.inspection_id)
    _in_dialog(qtbot, lambda dialog: qtbot.keyClick(dialog.ui.authorityEdit, ESCAPE),
              lambda: qtbot.mouseClick(details, Qt.MouseButton.LeftButton))
    assert asked == []

    def change(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.ui.dcsEdit.setFocus()
        qtbot.keyClicks(dialog.ui.dcsEdit, "Dana Director")
        qtbot.keyClick(dialog.ui.dcsEdit, ESCAPE)

    _in_dialog(qtbot, change, lambda: qtbot.mouseClick(details, Qt.MouseButton.LeftButton))
    assert asked == ["Your change to the inspection details"]
    assert inspections.get_inspection(window.ctx.ws, window.ctx.inspection_id) == info_before


def test_ctrl_q_with_a_tracking_note_typed_asks_and_discard_quits_without_it(qtbot, window):
    [case] = cases.list_cases(window.ctx.ws, window.ctx.inspection_id)
    window.show_case(case.id)
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    note_box = window.pages["case"].note_edit
    qtbot.keyClicks(note_box, "Spoke to the team manager.")
    title = _answer(qtbot, DISCARD, lambda: qtbot.keyClick(note_box, Qt.Key.Key_Q, CTRL))
    assert "tracking note you typed" in title
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert cases.list_notes(window.ctx.ws, case.id) == []
    assert QApplication.activeModalWidget() is None


def test_a_rationale_typed_then_ctrl_q_at_once_is_saved_without_a_question(qtbot, window, asked):
    """The Judgements board saves a rationale as it is typed: quitting before its save is due saves it,
    and asks nothing."""
    from inspector_app.services import judgements

    window.go("judgements")
    rationale = window.pages["judgements"].card("leaders").rationale
    rationale.setFocus()
    qtbot.keyClicks(rationale, "Leaders know their services.")
    qtbot.keyClick(rationale, Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert asked == []
    saved = judgements.judgement_state(window.ctx.ws, window.ctx.inspection_id).areas["leaders"]
    assert saved.rationale == "Leaders know their services."


def test_progress_on_a_recommendation_survives_a_refresh_and_ctrl_q_asks_then_saves_it(qtbot, window):
    """Progress typed on the Plan view is saved by its button only: a change elsewhere no longer wipes
    it, and quitting asks; Enter saves it."""
    from inspector_app.services import recommendations

    visit = _inspection(window, "Westvale", InspectionKind.MONITORING_VISIT)
    window.open_inspection(visit)
    window.go("plan")
    page = window.pages["plan"]
    page.tabs.setCurrentWidget(page.recommendations)
    statement = page.recommendations.statement
    statement.setFocus()
    qtbot.keyClicks(statement, "Strategy discussions are now prompt.")
    cases.add_case(window.ctx.ws, visit, reference="WV-0001", legal_status="child_protection")
    window.ctx.changed()  # a save elsewhere refreshes the view
    assert statement.toPlainText() == "Strategy discussions are now prompt."
    title = _answer(qtbot, SAVE, lambda: qtbot.keyClick(statement, Qt.Key.Key_Q, CTRL))
    assert "The progress on a recommendation you typed" in title
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    [rec] = recommendations.follow_up(window.ctx.ws, visit)
    found = rec.progress_on(visit)
    assert found is not None and found.statement == "Strategy discussions are now prompt."


def test_choosing_another_recommendation_asks_and_saves_the_progress_on_the_one_typed(qtbot, window):
    """Progress typed on one recommendation, then another chosen: the boxes were refilled and the typing
    lost. Now it asks: Keep editing goes back to the first, Save puts the progress on the first."""
    from inspector_app.services import recommendations

    earlier = next(i.id for i in inspections.list_inspections(window.ctx.ws)
                   if i.authority == "Westvale" and i.status is InspectionStatus.PUBLISHED)
    findings.add_finding(window.ctx.ws, earlier, kind=FindingKind.RECOMMENDATION, text="Review plans monthly.")
    visit = _inspection(window, "Westvale", InspectionKind.MONITORING_VISIT)
    window.open_inspection(visit)
    window.go("plan")
    page = window.pages["plan"].recommendations
    window.pages["plan"].tabs.setCurrentWidget(page)
    first = page._selected()
    assert first is not None and page.rows.rowCount() == 2
    page.statement.setFocus()
    qtbot.keyClicks(page.statement, "Strategy discussions are now prompt.")
    page.view.setFocus()
    title = _answer(qtbot, ESCAPE, lambda: qtbot.keyClick(page.view, Qt.Key.Key_Down))  # Keep editing
    assert "The progress you typed on a recommendation" in title
    qtbot.waitUntil(lambda: [i.row() for i in page.view.selectionModel().selectedRows()] == [0])  # highlighted
    assert page._selected().id == first.id and page.statement.toPlainText() == "Strategy discussions are now prompt."
    page.view.setFocus()
    _answer(qtbot, SAVE, lambda: qtbot.keyClick(page.view, Qt.Key.Key_Down))
    qtbot.waitUntil(lambda: page._selected() is not None and page._selected().id != first.id)
    assert page.statement.toPlainText() == ""
    saved = {r.id: r.progress_on(visit) for r in recommendations.follow_up(window.ctx.ws, visit)}
    assert saved[first.id] is not None and saved[first.id].statement == "Strategy discussions are now prompt."
    assert [p for rid, p in saved.items() if rid != first.id] == [None]


def test_a_case_study_draft_typed_then_ctrl_q_keeps_editing_then_saves(qtbot, window):
    from inspector_app.services import good_practice

    inspection_id = window.ctx.inspection_id
    window.go("good_practice")
    summary = window.pages["good_practice"].introduction
    summary.setFocus()
    qtbot.keyClicks(summary, "Children are seen the same day.")
    title = _answer(qtbot, ESCAPE, lambda: qtbot.keyClick(summary, Qt.Key.Key_Q, CTRL))  # Keep editing
    assert "The case study you typed" in title
    assert window.isVisible() and summary.toPlainText() == "Children are seen the same day."
    assert good_practice.case_study(window.ctx.ws, inspection_id).introduction == ""
    window.ctx.changed()
    assert summary.toPlainText() == "Children are seen the same day."  # a refresh keeps the draft
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    _answer(qtbot, SAVE, lambda: qtbot.keyClick(summary, Qt.Key.Key_Q, CTRL))
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert good_practice.case_study(window.ctx.ws, inspection_id).introduction == "Children are seen the same day."


def test_a_notice_typed_but_not_recorded_is_asked_about_and_a_refused_save_keeps_the_window_open(qtbot, window):
    """Save on the question records the notice; refused (who was told is missing), the window stays
    open on the Plan view with the text, the reason is said, and nothing is recorded."""
    from inspector_app.services import escalations

    inspection_id = window.ctx.inspection_id
    window.go("plan")
    page = window.pages["plan"]
    page.tabs.setCurrentWidget(page.escalations)
    esc = page.escalations
    esc.raised.setFocus()
    qtbot.keyClicks(esc.raised, "Unsafe sleeping arrangements.")
    titles = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, SAVE), lambda box: box.accept()],
                            lambda: qtbot.keyClick(esc.raised, Qt.Key.Key_Q, CTRL))
    assert "The escalation notice you typed" in titles[0] and "who at the council was told" in titles[1].lower()
    assert window.isVisible() and window.current_key() == "plan"
    assert esc.raised.text() == "Unsafe sleeping arrangements."
    assert escalations.notices(window.ctx.ws, inspection_id) == []
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    esc.to.setFocus()
    qtbot.keyClicks(esc.to, "Head of Service")
    _answer(qtbot, SAVE, lambda: qtbot.keyClick(esc.to, Qt.Key.Key_Q, CTRL))
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    [notice] = escalations.notices(window.ctx.ws, inspection_id)
    assert (notice.raised, notice.notified_to) == ("Unsafe sleeping arrangements.", "Head of Service")


def test_a_team_member_typed_into_the_roster_asks_before_it_is_thrown_away(qtbot, window):
    """A name and the key someone read out, typed, then Escape: gone without a word before."""
    from inspector_app.services import roster

    window.go("team")
    page = window.pages["team"]
    before = roster.list_roster(window.ctx.ws, window.ctx.inspection_id)
    seen: dict[str, object] = {}

    def type_then_leave(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.name, "Amir Ahmed")
        seen["question"] = _answer(qtbot, ESCAPE, lambda: qtbot.keyClick(dialog.name, ESCAPE))  # Keep editing
        seen["kept"] = (dialog.isVisible(), dialog.name.text())
        _answer(qtbot, DISCARD, lambda: qtbot.keyClick(dialog.name, ESCAPE))

    _in_dialog(qtbot, type_then_leave, lambda: qtbot.mouseClick(page.add_member_button, Qt.MouseButton.LeftButton))
    assert "The team member you typed is not saved yet" in str(seen["question"])
    assert seen["kept"] == (True, "Amir Ahmed")
    assert roster.list_roster(window.ctx.ws, window.ctx.inspection_id) == before


def test_discard_puts_back_what_was_loaded_so_the_question_is_not_asked_again(qtbot, window, asked):
    """Discard is an answer once: progress typed on Plan goes back to what was saved, and nothing is asked
    at the next close or switch."""
    visit = _inspection(window, "Westvale", InspectionKind.MONITORING_VISIT)
    window.open_inspection(visit)
    window.go("plan")
    plan = window.pages["plan"]
    plan.tabs.setCurrentWidget(plan.recommendations)
    plan.recommendations.statement.setFocus()
    qtbot.keyClicks(plan.recommendations.statement, "Not wanted after all.")
    assert window._settle_unsaved_typing() and asked == ["The progress on a recommendation you typed"]
    assert plan.recommendations.statement.toPlainText() == "" and plan.unsaved_typing() is None
    assert window._settle_unsaved_typing() and len(asked) == 1
