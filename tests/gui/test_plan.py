"""The Plan view: what's next, recommendations, escalations and Annex A, driven through real widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QPushButton

from inspector_app.demo.annex_a import synthetic_rows, write_csv
from inspector_app.domain.enums import FindingKind, Grade, InspectionKind, InspectionStatus
from inspector_app.services import (
    annex_import,
    cases,
    deadlines,
    escalations,
    findings,
    inspections,
    judgements,
    recommendations,
    sampling,
)


def _westvale(ws):  # type: ignore[no-untyped-def]
    ilacs = inspections.create_inspection(ws, authority="Westvale", framework_uid="ilacs@2023",
                                          kind=InspectionKind.ILACS_STANDARD, start_date=date(2025, 9, 29),
                                          end_date=date(2025, 10, 10), status=InspectionStatus.PUBLISHED)
    for area in ("leaders", "help_protection", "children_in_care", "care_leavers"):
        judgements.set_judgement(ws, ilacs.id, area, Grade.INADEQUATE)
    judgements.set_overall(ws, ilacs.id, Grade.INADEQUATE)
    findings.add_finding(ws, ilacs.id, kind=FindingKind.RECOMMENDATION, text="Timely strategy discussions.")
    visit = inspections.create_inspection(ws, authority="Westvale", framework_uid="monitoring_visit@2018",
                                          kind=InspectionKind.MONITORING_VISIT, start_date=date(2026, 3, 3),
                                          end_date=date(2026, 3, 4), visit_number=1)
    return ilacs, visit


def test_plan_view_records_publication_progress_and_escalation(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ws = window.ctx.ws
    ilacs, visit = _westvale(ws)
    window.open_inspection(ilacs.id)
    window.go("plan")
    page = window.pages["plan"]
    nxt = page.whats_next
    assert "Inadequate" in nxt.basis.text()
    nxt.has_publication.setChecked(True)
    nxt.published.setDate(QDate(2025, 11, 20))
    buttons = {b.text(): b for b in nxt.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["Sa&ve publication date"], Qt.MouseButton.LeftButton)
    assert deadlines.publication_date(ws, ilacs.id) == date(2025, 11, 20)
    titles = [nxt.items.row(i).title for i in range(nxt.items.rowCount())]
    assert "Action plan due from the council" in titles and "Second monitoring visit" in titles

    window.open_inspection(visit.id)
    window.go("plan")
    page.tabs.setCurrentWidget(page.recommendations)
    recs = page.recommendations
    assert recs.rows.rowCount() == 1 and recs.sufficient.isEnabled()
    qtbot.keyClicks(recs.statement, "Strategy discussions are now prompt.")
    recs.sufficient.setCurrentIndex(1)
    buttons = {b.text(): b for b in recs.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["&Save progress"], Qt.MouseButton.LeftButton)
    (rec,) = recommendations.follow_up(ws, visit.id)
    found = rec.progress_on(visit.id)
    assert found is not None and found.sufficient is True and found.statement == "Strategy discussions are now prompt."

    case = cases.add_case(ws, visit.id, reference="S-001", legal_status="child_protection")
    window.ctx.changed()
    page.tabs.setCurrentWidget(page.escalations)
    esc = page.escalations
    qtbot.keyClicks(esc.raised, "Unsafe sleeping arrangements.")
    qtbot.keyClicks(esc.to, "Head of Service")
    esc.days.setValue(2)
    buttons = {b.text(): b for b in esc.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["&Record notice"], Qt.MouseButton.LeftButton)
    (notice,) = escalations.notices(ws, visit.id)
    assert notice.case_id == case.id and notice.notified_to == "Head of Service" and notice.response_working_days == 2
    assert QApplication.activeModalWidget() is None


def test_annex_import_runs_off_the_gui_thread_then_samples(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ws = window.ctx.ws
    info = inspections.create_inspection(ws, authority="Northshire", framework_uid="ilacs@2023",
                                         kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 11, 9),
                                         end_date=date(2026, 11, 20))
    headings, rows = synthetic_rows(8, 3000, seed=2, today=date(2026, 11, 2))
    path = write_csv(tmp_path / "list8.csv", headings, rows)
    window.open_inspection(info.id)
    window.go("plan")
    page = window.pages["plan"]
    page.tabs.setCurrentWidget(page.annex)
    panel = page.annex
    panel.auto_accept = True
    panel.start_import(str(path))
    qtbot.waitUntil(lambda: bool(annex_import.imports(ws, info.id)) and panel.task is None, timeout=20000)
    assert annex_import.imports(ws, info.id)[0].row_count == 3000
    panel.sample_size.setValue(12)
    buttons = {b.text(): b for b in panel.findChildren(QPushButton)}
    qtbot.mouseClick(buttons["&Draw sample"], Qt.MouseButton.LeftButton)
    assert len(sampling.sample(ws, info.id)) == 12 and panel.sample.rowCount() == 12
    qtbot.mouseClick(buttons["Make &cases of the sample"], Qt.MouseButton.LeftButton)
    assert sorted(c.reference for c in cases.list_cases(ws, info.id))[0] == "S-001"


def test_preview_dialog_maps_a_councils_heading_then_imports(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.gui.conftest import answer_dialogs, choose

    window = make_window()
    ws = window.ctx.ws
    info = inspections.create_inspection(ws, authority="Northshire", framework_uid="ilacs@2023",
                                         kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 11, 9),
                                         end_date=date(2026, 11, 20))
    headings, rows = synthetic_rows(9, 200, seed=4, today=date(2026, 11, 2), style="northshire")
    path = write_csv(tmp_path / "care leavers.csv", headings, rows)
    window.open_inspection(info.id)
    window.go("plan")
    page = window.pages["plan"]
    page.tabs.setCurrentWidget(page.annex)
    panel = page.annex
    choose(qtbot, panel.list_combo, "List 9")

    def map_and_read_again(dialog) -> None:  # type: ignore[no-untyped-def]
        assert not dialog.import_button.isEnabled()  # the child ID column is not recognised yet
        choose(qtbot, dialog.combos["LA_CHILD_REF"], "Child's unique ID")
        again = next(b for b in dialog.findChildren(QPushButton) if b.text().startswith("&Read again"))
        qtbot.mouseClick(again, Qt.MouseButton.LeftButton)

    def accept(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.import_button.isEnabled() and annex_import.imports(ws, info.id) == []
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)

    answer_dialogs(qtbot, [map_and_read_again, accept], lambda: panel.start_import(str(path)))
    qtbot.waitUntil(lambda: bool(annex_import.imports(ws, info.id)) and panel.task is None, timeout=20000)
    (imported,) = annex_import.imports(ws, info.id)
    assert imported.list_number == 9 and imported.row_count == 200
    assert annex_import.remembered_headings(ws, "Northshire")["la child ref"] == "council_id"


def test_cancel_in_the_window_imports_nothing(qtbot, make_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = make_window()
    ws = window.ctx.ws
    info = inspections.create_inspection(ws, authority="Northshire", framework_uid="ilacs@2023",
                                         kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 11, 9),
                                         end_date=date(2026, 11, 20))
    headings, rows = synthetic_rows(1, 20000, seed=5, today=date(2026, 11, 2))
    path = write_csv(tmp_path / "contacts.csv", headings, rows)
    window.open_inspection(info.id)
    window.go("plan")
    page = window.pages["plan"]
    page.tabs.setCurrentWidget(page.annex)
    panel = page.annex
    panel.auto_accept = True
    panel.start_import(str(path))
    assert panel.cancel_button.isEnabled()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.task is None, timeout=20000)
    assert panel.status.text() == "Cancelled: nothing was imported." and annex_import.imports(ws, info.id) == []


def test_a_quality_reviewer_reads_the_plan_but_changes_nothing(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.settings import Identity

    window = make_window(identity=Identity("Quinn Reviewer", "QR", TeamRole.QA))
    window.ctx.ws.user = "Lena Lead"  # the lead set the inspections up (and so leads them on their rosters)
    _ilacs, visit = _westvale(window.ctx.ws)
    window.ctx.ws.user = "Quinn Reviewer"
    window.open_inspection(visit.id)
    window.go("plan")
    page = window.pages["plan"]
    assert not page.whats_next.save_button.isEnabled()
    page.tabs.setCurrentWidget(page.recommendations)
    assert page.recommendations.rows.rowCount() == 1
    assert not page.recommendations.save_button.isEnabled() and not page.recommendations.statement.isEnabled()
    page.tabs.setCurrentWidget(page.escalations)
    assert not page.escalations.add_button.isEnabled()
    page.tabs.setCurrentWidget(page.annex)
    assert not page.annex.draw_button.isEnabled() and not page.annex.pick_button.isEnabled()


def test_the_overview_says_when_nothing_comes_next(qtbot, make_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An empty "What comes next" is a sentence that says so (and where to look), never an empty grid."""
    from dataclasses import replace

    from inspector_app.services import outlook
    from tests.factories import make_inspection

    window = make_window()
    info = make_inspection(window.ctx.ws)
    real = outlook.outlook
    monkeypatch.setattr(outlook, "outlook", lambda ws, inspection_id: replace(real(ws, inspection_id), upcoming=[]))
    window.open_inspection(info.id)
    page = window.pages["overview"]
    qtbot.waitUntil(lambda: page.next_stack.currentWidget() is page.nothing_next, timeout=10000)
    assert page.nothing_next.isVisible() and not page.upcoming_view.isVisible()
    assert page.nothing_next.text().startswith("Nothing is coming up") and "Plan view" in page.nothing_next.text()
    monkeypatch.setattr(outlook, "outlook", real)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    window.ctx.changed()  # something was saved: the overview fills in again, now with what comes next
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.next_stack.currentWidget() is page.upcoming_view, timeout=10000)
    assert page.upcoming.rowCount() > 0 and page.upcoming_view.isVisible()


def test_escalating_from_a_case_records_the_notice_on_plan_where_the_overview_counts_it(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    """The trial: the case page's Escalate asked only who, kept that on the case, and Plan ▸ Escalations and
    the overview's count never saw it. Now it opens Plan ▸ Escalations on the case, to say what was raised."""
    from tests.factories import make_case, make_inspection

    window = make_window()
    info = make_inspection(window.ctx.ws)
    case = make_case(window.ctx.ws, info.id)
    window.open_inspection(info.id)
    window.show_case(case.id)
    escalate = next(b for b in window.pages["case"].findChildren(QPushButton)
                    if "Escalate" in b.text().replace("&", ""))
    qtbot.mouseClick(escalate, Qt.MouseButton.LeftButton)
    plan = window.pages["plan"]
    form = plan.escalations
    assert window.current_key() == "plan" and plan.tabs.currentWidget() is form
    assert form.case.currentData() == case.id and form.raised.hasFocus()
    qtbot.keyClicks(form.raised, "Bruising seen, not referred.")
    qtbot.keyClicks(form.to, "Jo Bell, team manager")
    qtbot.mouseClick(form.add_button, Qt.MouseButton.LeftButton)
    [notice] = escalations.notices(window.ctx.ws, info.id)
    assert (notice.case_id, notice.raised, notice.notified_to) == (case.id, "Bruising seen, not referred.",
                                                                   "Jo Bell, team manager")
    assert cases.get_case(window.ctx.ws, case.id).escalated_to == "Jo Bell, team manager"
