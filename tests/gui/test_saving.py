"""Every dialog saves through one guarded path: unique keys upserted, faults shown without their insides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from inspector_app.domain.enums import Grade, InspectionStatus
from inspector_app.gui.guard import UnexpectedErrorDialog
from inspector_app.services import inspections
from tests.factories import make_case, make_inspection
from tests.gui.conftest import answer_dialogs, choose, close_discarding, on_dialog


def _edit_details(qtbot, window, action) -> None:
    window.go("overview")
    on_dialog(qtbot, action, lambda: qtbot.mouseClick(window.pages["overview"].edit_button, Qt.MouseButton.LeftButton))


def test_details_save_again_when_a_previous_grade_is_set(qtbot, make_window):
    window = make_window()
    info = make_inspection(window.ctx.ws, previous={"leaders": Grade.GOOD, "help_protection": Grade.GOOD})
    window.open_inspection(info.id)

    def change(dialog):
        choose(qtbot, dialog.ui.statusCombo, "On site")
        choose(qtbot, dialog._previous["leaders"], "Outstanding")
        ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        assert not dialog.isVisible(), dialog.ui.errorLabel.text()

    _edit_details(qtbot, window, change)
    saved = inspections.get_inspection(window.ctx.ws, info.id)
    assert saved.status is InspectionStatus.ON_SITE
    assert saved.previous == {"leaders": Grade.OUTSTANDING, "help_protection": Grade.GOOD}


def test_an_unexpected_error_in_a_save_shows_a_sentence_and_safe_details(qtbot, make_window, monkeypatch):
    window = make_window()
    info = make_inspection(window.ctx.ws)
    make_case(window.ctx.ws, info.id, reference="TS-4471", initials="QZ")
    window.open_inspection(info.id)

    def explode(*_a, **_k):
        raise RuntimeError("(sqlite3.IntegrityError) UNIQUE constraint failed: case.reference "
                           "[SQL: INSERT INTO case (reference, initials) VALUES (?, ?)] "
                           "[parameters: ('TS-4471', 'QZ')]")

    monkeypatch.setattr(inspections, "update_inspection", explode)
    shown: dict[str, str] = {}

    def inspect_fault(dialog):
        assert isinstance(dialog, UnexpectedErrorDialog)
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        shown["text"] = "\n".join(label.text() for label in dialog.findChildren(QLabel))
        shown["details"] = dialog.details_view.toPlainText()
        shown["clipboard"] = QApplication.clipboard().text()
        dialog.reject()

    def change(dialog):
        qtbot.keyClicks(dialog.ui.dcsEdit, "Dana Director")
        ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        answer_dialogs(qtbot, [inspect_fault], lambda: qtbot.mouseClick(ok, Qt.MouseButton.LeftButton))
        assert dialog.isVisible()  # nothing typed is lost: the dialog stays open to try again
        close_discarding(qtbot, dialog)

    _edit_details(qtbot, window, change)
    assert "not saved" in shown["text"] and "Copy details" not in shown["details"]
    assert shown["details"] == shown["clipboard"] and "inspection.py" in shown["details"]
    everything = shown["text"] + shown["details"]
    for leak in ("TS-4471", "QZ", "SQL", "INSERT", "RuntimeError", "IntegrityError", "Error", "sqlite"):
        assert leak not in everything, leak


def test_deleting_evidence_a_finding_cites_asks_first(qtbot, make_window):
    from inspector_app.domain.enums import EvidenceSource, FindingKind, Polarity
    from inspector_app.services import evidence, findings

    window = make_window()
    info = make_inspection(window.ctx.ws)
    item = evidence.add_evidence(window.ctx.ws, info.id, text="Plans lack timescales.", area_key="help_protection",
                                 polarity=Polarity.DEVELOPMENT, source=EvidenceSource.CASE_FILE)
    finding = findings.add_finding(window.ctx.ws, info.id, kind=FindingKind.AREA_FOR_IMPROVEMENT,
                                   text="Plans for children need clear timescales.", area_key="help_protection",
                                   evidence_ids=[item.id])
    window.open_inspection(info.id)
    window.go("evidence")
    page = window.pages["evidence"]
    page.view.selectRow(0)
    page.view.setFocus()
    asked: list[str] = []

    def answer(label):
        def act(box):
            asked.append(box.text())
            qtbot.mouseClick(next(b for b in box.buttons() if label in b.text()), Qt.MouseButton.LeftButton)
        return act

    def delete():
        qtbot.mouseClick(page.detail.delete_button, Qt.MouseButton.LeftButton)

    answer_dialogs(qtbot, [answer("Keep")], delete)
    assert "cited by 1 finding:" in asked[0] and "clear timescales" in asked[0]
    assert [e.id for e in evidence.find_evidence(window.ctx.ws, info.id)] == [item.id]
    answer_dialogs(qtbot, [answer("Delete and unlink")], delete)
    assert evidence.find_evidence(window.ctx.ws, info.id) == []
    assert findings.list_findings(window.ctx.ws, info.id)[0].id == finding.id


def test_a_fault_raised_outside_python_code_still_gets_details(qtbot, monkeypatch):
    """Qt calling something that refuses its arguments raises where no Python frame runs, so the hook
    gets no traceback (the trial's "Where (innermost last):" with nothing after it): the details still
    say where the app was waiting and which widget had the focus, and never the exception's words."""
    import sys

    from PySide6.QtWidgets import QLineEdit

    from inspector_app.gui import app as gui_app
    from inspector_app.gui import guard

    shown: list[str] = []
    monkeypatch.setattr(guard.UnexpectedErrorDialog, "exec", lambda dialog: shown.append(dialog.details))
    monkeypatch.setattr(sys, "excepthook", gui_app.report_unexpected)
    search = QLineEdit()
    search.setObjectName("descriptorSearch")
    qtbot.addWidget(search)
    search.show()
    qtbot.waitExposed(search)
    search.activateWindow()
    qtbot.waitUntil(search.isActiveWindow, timeout=5000)
    search.setFocus()
    search.textChanged.connect(divmod)  # refuses the one argument it is given, before any Python code runs
    qtbot.keyClicks(search, "d")
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    where = shown[0].split("Where (innermost last):\n", 1)[1].splitlines()
    assert where and where[0].startswith("  outside the app's Python code")
    assert any("test_saving.py" in line for line in where)  # the Python call that was waiting
    assert "  focus: QLineEdit (descriptorSearch)" in where
    assert "divmod" not in shown[0] and "TypeError" not in shown[0]


def test_a_fault_raised_again_while_its_box_is_up_is_logged_not_boxed_again(qtbot, monkeypatch, capsys):
    """The trial's endless box: a fault in what runs on every focus change raised again when its own box took
    the focus, and closing one box brought the next. One box at a time; the rest go to the log."""
    from inspector_app.gui import guard

    boxes: list[str] = []

    def shown(dialog) -> None:  # type: ignore[no-untyped-def]
        boxes.append(dialog.details)
        if len(boxes) < 5:  # as the box takes the focus, the same fault again
            guard.report_unexpected(None, "moving the focus", None)

    monkeypatch.setattr(guard.UnexpectedErrorDialog, "exec", shown)
    guard.report_unexpected(None, "moving the focus", None)
    assert len(boxes) == 1
    assert capsys.readouterr().err.count("While: moving the focus") == 2
    guard.report_unexpected(None, "saving", None)  # once it is closed, the next fault has its box
    assert len(boxes) == 2
