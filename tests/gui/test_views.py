"""Judgements under a soft rule, roles, editing in place, export, and the screenshots command."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector_app.domain.enums import EvidenceSource, FindingKind, Grade, Polarity, TeamRole
from inspector_app.gui.dialogs.identity import IdentityDialog
from inspector_app.gui.settings import Identity
from inspector_app.gui.widgets import current
from inspector_app.services import evidence, findings, judgements
from tests.factories import make_case, make_inspection
from tests.gui.conftest import answer_dialogs, choose, on_dialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _open(qtbot, make_window, framework_uid="ilacs@2023", identity=None):
    window = make_window(identity=identity) if identity else make_window()
    user = window.ctx.ws.user
    window.ctx.ws.user = "Lena Lead"  # the lead sets the inspection up, and so leads it on its roster
    info = make_inspection(window.ctx.ws, framework_uid)
    window.ctx.ws.user = user
    window.open_inspection(info.id)
    return window, info


def test_soft_rule_departure_is_flagged_until_a_rationale_is_given(qtbot, make_window):
    window, info = _open(qtbot, make_window)
    window.go("judgements")
    board = window.pages["judgements"]
    for key, grade in (("leaders", "Inadequate"), ("help_protection", "Requires"), ("children_in_care", "Requires"),
                       ("care_leavers", "Good")):
        choose(qtbot, board.card(key).grade, grade)
    assert "expected to be inadequate because Impact of leaders is inadequate" in board.overall.derived.text()
    choose(qtbot, board.overall.grade, "Requires")
    assert not board.overall.flag.isHidden()
    assert "write a rationale to record it" in board.overall.flag.text()
    assert judgements.judgement_state(window.ctx.ws, info.id).overall.proposed is None
    qtbot.keyClicks(board.overall.rationale, "New leaders have made rapid and verified improvements since the visit.")
    qtbot.waitUntil(lambda: judgements.judgement_state(window.ctx.ws, info.id).overall.settled
                    is Grade.REQUIRES_IMPROVEMENT, timeout=10000)
    state = judgements.judgement_state(window.ctx.ws, info.id)
    assert state.overall.departure and "rapid and verified" in state.overall_rationale
    qtbot.waitUntil(lambda: "recorded with the rationale" in board.overall.flag.text())


def test_ilacs_2026_board_has_no_overall_and_visits_have_no_grade_pickers(qtbot, make_window):
    window, _ = _open(qtbot, make_window, "ilacs@2026")
    window.go("judgements")
    board = window.pages["judgements"]
    assert board.overall is None and not board.card("leaders").grade.isHidden()
    visit = make_inspection(window.ctx.ws, "focused_visit@2018", authority="Visitshire")
    window.open_inspection(visit.id)
    window.go("judgements")
    assert all(card.grade.isHidden() for card in board.cards.values())
    assert "not graded" in board.intro.text()


def test_grade_warnings_show_on_the_board(qtbot, make_window):
    window, info = _open(qtbot, make_window)
    evidence.add_evidence(window.ctx.ws, info.id, text="Plans drift.", area_key="care_leavers",
                          polarity=Polarity.DEVELOPMENT, source=EvidenceSource.CASE_FILE)
    window.go("judgements")
    card = window.pages["judgements"].card("care_leavers")
    choose(qtbot, card.grade, "Good")
    qtbot.waitUntil(lambda: "little evidence" in card.warnings.text())
    assert "single source" in card.warnings.text() and "against the balance" in card.warnings.text()


def test_editing_in_place_is_saved_and_undone(qtbot, make_window):
    window, info = _open(qtbot, make_window)
    item = evidence.add_evidence(window.ctx.ws, info.id, text="Supervision is regular.", area_key="leaders",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    window.go("evidence")
    page = window.pages["evidence"]
    page.view.selectRow(0)
    detail = page.detail
    choose(qtbot, detail.polarity, "Area for development")
    assert evidence.get_evidence(window.ctx.ws, item.id).polarity is Polarity.DEVELOPMENT
    detail.text.setFocus()
    qtbot.keyClick(detail.text, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(detail.text, " It is not reflective.")
    qtbot.waitUntil(lambda: evidence.get_evidence(window.ctx.ws, item.id).text
                    == "Supervision is regular. It is not reflective.", timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert evidence.get_evidence(window.ctx.ws, item.id).text == "Supervision is regular."
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert evidence.get_evidence(window.ctx.ws, item.id).polarity is Polarity.STRENGTH
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)
    assert evidence.get_evidence(window.ctx.ws, item.id).polarity is Polarity.DEVELOPMENT


def test_quality_assurance_reviewer_reads_but_cannot_edit(qtbot, make_window):
    reviewer = Identity("Quinn Reviewer", "QR", TeamRole.QA)
    window, info = _open(qtbot, make_window, identity=reviewer)
    window.ctx.ws.user = "Lena Lead"  # the lead's evidence: a reviewer writes none (the services refuse it)
    evidence.add_evidence(window.ctx.ws, info.id, text="Visits are regular.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    window.ctx.ws.user = "Quinn Reviewer"
    window.go("evidence")
    page = window.pages["evidence"]
    page.view.selectRow(0)
    assert "read-only" in page.count.text()
    assert not page.model.flags(page.model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not page.detail.text.isEnabled() and not page.detail.delete_button.isEnabled()
    assert not window.capture_action.isEnabled() and window.capture() is None
    window.go("judgements")
    assert not window.pages["judgements"].card("leaders").grade.isEnabled()


def test_findings_added_reordered_and_linked(qtbot, make_window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    window, info = _open(qtbot, make_window, "ilacs@2026")
    item = evidence.add_evidence(window.ctx.ws, info.id, text="Plans lack timescales.", area_key="help_protection",
                                 polarity=Polarity.DEVELOPMENT, source=EvidenceSource.CASE_FILE)
    window.go("findings")
    page = window.pages["findings"]
    assert current(page.kind) is FindingKind.RECOMMENDATION
    for text, how in (("First recommendation", "ctrl+enter"), ("Second recommendation", "tab")):
        def write(dialog, text=text, how=how):
            qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
            assert dialog.width() >= 560 and dialog.edit.lineWrapMode() == dialog.edit.LineWrapMode.WidgetWidth
            qtbot.keyClicks(dialog.edit, text)
            if how == "tab":  # Tab leaves the box for OK, Return presses it
                qtbot.keyClick(dialog.edit, Qt.Key.Key_Tab)
                assert QApplication.focusWidget() is dialog.buttons.buttons()[0]
                qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
            else:
                qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)
            assert not dialog.isVisible()

        on_dialog(qtbot, write, page.add)
    assert [f.text for f in page.model.rows()] == ["First recommendation", "Second recommendation"]
    window.activateWindow()  # a window manager hands focus back after a dialog; offscreen does not
    qtbot.waitUntil(window.isActiveWindow, timeout=10000)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Up, CTRL)
    stored = findings.list_findings(window.ctx.ws, info.id, kind=FindingKind.RECOMMENDATION)
    assert [f.text for f in sorted(stored, key=lambda f: f.position)] == ["Second recommendation",
                                                                          "First recommendation"]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("outcome 3: Children and young people are safe "
                                                                   "in and outside of their homes", True))
    page.set_national_ref()
    from inspector_app.gui.dialogs import link_evidence

    monkeypatch.setattr(link_evidence.LinkEvidenceDialog, "exec", lambda self: True)
    monkeypatch.setattr(link_evidence.LinkEvidenceDialog, "evidence_ids", lambda self: (item.id,))
    page.link_evidence()
    chosen = next(f for f in findings.list_findings(window.ctx.ws, info.id) if f.text == "Second recommendation")
    assert chosen.national_ref == "outcome 3" and chosen.evidence_ids == (item.id,)


def test_export_view_writes_the_pdf_in_the_background(qtbot, make_window, tmp_path):
    window, _ = _open(qtbot, make_window)
    window.go("export")
    page = window.pages["export"]
    assert page.ui.reportRadio.isChecked() and not page.ui.letterRadio.isEnabled()
    target = tmp_path / "draft.pdf"
    page.ui.pathEdit.setText(str(target))
    qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.ui.openButton.isEnabled() and page.task is None, timeout=20000)
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    assert "Saved" in page.ui.statusLabel.text() and page.ui.progressBar.value() == 100
    assert "Not yet judged: Impact of leaders" in page.readiness.text()


def test_the_export_checklist_is_where_the_keyboard_arrives(qtbot, make_window):
    """Ctrl+8 lands on the readiness checklist (read before choosing what to export), and Tab goes on to the
    document's choices: a label Tab never stopped at was skipped by a keyboard and a screen reader."""
    window, _ = _open(qtbot, make_window)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.pages["export"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.readiness)
    assert "⚠" in page.readiness.text() and "Not yet judged" in page.readiness.text()
    qtbot.keyClick(page.readiness, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.ui.reportRadio


def test_export_view_writes_the_working_copy_as_word(qtbot, make_window, tmp_path):
    from docx import Document

    from inspector_app.services import audit_trail

    window, info = _open(qtbot, make_window)
    window.go("export")
    page = window.pages["export"]
    qtbot.mouseClick(page.ui.docxRadio, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.ui.workingCopyCheck, Qt.MouseButton.LeftButton)
    assert page.ui.pathEdit.text().endswith("-draft-report-internal.docx"), "the suggested name follows the choice"
    # the trial: a PDF exported earlier under a name the person typed, then Word chosen for the same name
    earlier = tmp_path / "northmoor-draft.pdf"
    earlier.write_bytes(b"%PDF-1.7 the PDF exported earlier")
    qtbot.mouseClick(page.ui.pdfRadio, Qt.MouseButton.LeftButton)
    page.ui.pathEdit.setText(str(earlier))
    qtbot.mouseClick(page.ui.docxRadio, Qt.MouseButton.LeftButton)
    target = tmp_path / "northmoor-draft.docx"
    assert page.ui.pathEdit.text() == str(target), "any name's suffix follows the format"
    page.ui.pathEdit.setText(str(earlier))  # typed back as .pdf: the export still writes .docx
    qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton)
    # the export button comes back only when the task has ended, a moment after Open is offered
    qtbot.waitUntil(lambda: page.ui.openButton.isEnabled() and page.ui.exportButton.isEnabled(), timeout=20000)
    assert earlier.read_bytes() == b"%PDF-1.7 the PDF exported earlier", "the PDF is not overwritten"
    assert page.ui.pathEdit.text() == str(target)
    word = Document(str(target))
    assert any(p.style.name == "Title" for p in word.paragraphs)
    assert "Word document" in page.ui.statusLabel.text()
    # exporting over it asks first: Escape keeps the file, Alt+R replaces it
    written = target.read_bytes()
    [asked] = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape)],
                             lambda: qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton))
    assert asked.startswith("Replace the file? | northmoor-draft.docx already exists")
    assert "Not exported" in page.ui.statusLabel.text() and target.read_bytes() == written and page.task is None
    page.ui.templateEdit.setText(str(tmp_path / "missing.docx"))
    answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_R)],
                   lambda: qtbot.mouseClick(page.ui.exportButton, Qt.MouseButton.LeftButton))
    qtbot.waitUntil(lambda: "missing.docx" in page.ui.statusLabel.text() and page.ui.exportButton.isEnabled(),
                    timeout=20000)
    assert "missing.docx does not exist" in page.ui.statusLabel.text()
    events = [e for e in audit_trail.inspection_history(window.ctx.ws, info.id) if e.action == "export"]
    assert events[0].changes["file"] == "northmoor-draft.docx" and events[0].changes["format"] == "docx"
    assert events[0].changes["internal"] is True


def test_cases_page_filters_and_opens_a_case(qtbot, make_window):
    window, info = _open(qtbot, make_window)
    make_case(window.ctx.ws, info.id, reference="TS-1", team="Leaving care")
    make_case(window.ctx.ws, info.id, reference="TS-2", team="Assessment")
    window.go("cases")
    page = window.pages["cases"]
    qtbot.keyClicks(page.filter_edit, "assess")
    assert [c.reference for c in page.model.rows()] == ["TS-2"]
    page.view.setFocus()
    page.view.selectRow(0)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert window.current_key() == "case" and "TS-2" in window.pages["case"].heading.text()
    window.resize(1366, 768)  # a laptop's screen, as the person who found the placeholder cut off had
    note = window.pages["case"].note_edit
    qtbot.waitUntil(lambda: note.width() > 0)
    room = note.contentsRect().width() - note.textMargins().left() - note.textMargins().right() - 8
    assert note.fontMetrics().horizontalAdvance(note.placeholderText()) <= room, "the placeholder is cut off"


def test_identity_dialog_suggests_initials(qtbot):
    dialog = IdentityDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.nameEdit, "Priya Raman")
    assert dialog.ui.initialsEdit.text() == "PR"
    labels = [dialog.ui.roleCombo.itemText(i) for i in range(dialog.ui.roleCombo.count())]
    assert not any("Lead" in label for label in labels)  # the roster says who leads, nobody claims it here
    choose(qtbot, dialog.ui.roleCombo, "Quality")
    identity = dialog.identity()
    assert identity.role is TeamRole.QA and not identity.is_lead


def test_shortcuts_are_listed_in_help(qtbot, make_window):
    from inspector_app.gui.dialogs.help import ShortcutsDialog
    from inspector_app.gui.undo import push_edit

    window = make_window()
    push_edit(window.ctx, "Edit summary", lambda _v: None, "new", "old")  # the Undo action now says what it undoes
    assert window.undo_action.text().replace("&", "") == "Undo Edit summary"
    dialog = ShortcutsDialog(window.actions(), window)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QTableWidget

    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Capture evidence"] == "Ctrl+E" and rows["Keyboard shortcuts"] == "F1"
    assert rows["Judgements"] == "Ctrl+6"
    assert rows["Undo the last change"] == "Ctrl+Z" and not [name for name in rows if "Edit summary" in name]


def test_every_control_on_the_main_views_has_an_accessible_name(qtbot, make_window):
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTableView

    window, _ = _open(qtbot, make_window)
    missing = []
    for key in ("cases", "evidence", "judgements", "findings", "export", "history"):
        window.go(key)
        widgets = [w for kind in (QComboBox, QLineEdit, QPlainTextEdit, QTableView)
                   for w in window.pages[key].findChildren(kind)]
        for widget in widgets:
            if not widget.isHidden() and not widget.accessibleName() and not isinstance(widget.parent(), QComboBox):
                missing.append(f"{key}: {type(widget).__name__} {widget.objectName()}")
    assert missing == []


def test_screenshots_command_saves_every_main_view(demo_db_file, tmp_path):
    import shutil

    from inspector_app.cli import run

    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_file, db)
    out = tmp_path / "shots"
    assert run(["screenshots", "--db", str(db), "--out", str(out)]) == 0
    names = {p.stem for p in out.glob("*.png")}
    assert {"home", "overview", "cases", "case", "evidence", "judgements", "findings", "export",
            "focus-indicator", "joint-inspection", "dialog-inspection-details", "dialog-identity",
            "dialog-store-sync", "dialog-rescue", "dialog-descriptor-evidence"} <= names
    for path in out.glob("*.png"):
        assert path.stat().st_size > 10_000, path.name
    QApplication.processEvents()


def test_forms_are_compiled_from_the_current_ui_files(tmp_path):
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("build_forms", root / "packaging" / "scripts" / "build_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build(tmp_path, env={"PATH": ""})  # no pyside6-uic to be found by luck

    def body(path: Path) -> list[str]:  # the header names the uic version; the code must match
        return [line for line in path.read_text().splitlines() if not line.startswith("##")]

    for path in fresh:
        committed = root / "inspector_app" / "gui" / "forms" / path.name
        assert committed.exists(), f"{path.name} is not committed: run packaging/scripts/build_forms.py"
        assert body(committed) == body(path), f"{path.name} is stale: run packaging/scripts/build_forms.py"
    assert {p.name for p in fresh} == {p.name for p in (root / "inspector_app/gui/forms").glob("ui_*.py")}


def test_forms_were_generated_by_the_locked_pyside6():
    import importlib.util
    import re

    import PySide6

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("build_forms", root / "packaging" / "scripts" / "build_forms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lock = (root / "requirements" / "test.lock").read_text()
    pinned = re.search(r"^pyside6-essentials==(\S+)", lock, re.M | re.I).group(1)
    assert PySide6.__version__ == pinned, "install from requirements/test.lock (see README)"
    for form in (root / "inspector_app" / "gui" / "forms").glob("ui_*.py"):
        assert module.uic_version(form) == pinned, f"{form.name}: run packaging/scripts/build_forms.py"


def test_search_as_you_type_lists_the_newest_matches_and_says_there_are_more(qtbot, make_window, monkeypatch):
    from inspector_app.gui.pages import evidence as evidence_page

    monkeypatch.setattr(evidence_page, "SEARCH_SHOWN", 3)
    window, info = _open(qtbot, make_window)
    made = [evidence.add_evidence(window.ctx.ws, info.id, text=f"Supervision record {i}.", area_key="leaders",
                                  polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER).id for i in range(5)]
    evidence.add_evidence(window.ctx.ws, info.id, text="Plans drift.", area_key="leaders",
                          polarity=Polarity.DEVELOPMENT, source=EvidenceSource.MANAGER)
    window.go("evidence")
    page = window.pages["evidence"]
    page.search.setFocus()
    qtbot.keyClicks(page.search, "supervis")
    qtbot.waitUntil(lambda: "most recently recorded" in page.count.text())
    assert page.model.ids() == made[::-1][:3]
    assert "of 6 evidence items" in page.count.text()
    qtbot.keyClicks(page.search, "ion record 1")
    qtbot.waitUntil(lambda: page.model.ids() == [made[1]])
    assert page.count.text().startswith("1 of 6")


def _mnemonic(text: str) -> str | None:
    """The letter Alt reaches in a label ("E&xport" is x); "&&" is a literal ampersand."""
    at = text.replace("&&", "").find("&")
    cleaned = text.replace("&&", "")
    return cleaned[at + 1].lower() if 0 <= at < len(cleaned) - 1 else None


def test_no_two_visible_buttons_on_a_view_share_an_alt_key_nor_take_a_menus(qtbot, make_window):
    """Alt+W on the Export view pressed one of two buttons; Alt+E on the Overview took the Edit menu's key.
    Labels count too: Alt+G on "&Grade" (Moderation, Judgements) opened the Go menu, and on Export Alt+A
    was both "Save &as" and "Add an &appendix" (the typed path went nowhere)."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

    from inspector_app.gui.main_window import PAGE_CLASSES
    from inspector_app.services import moderation

    window, info = _open(qtbot, make_window)
    menus = {m: a.text() for a in window.menuBar().actions() if (m := _mnemonic(a.text()))}
    clashes: list[str] = []

    def check(key: str, page: QWidget) -> None:
        seen: dict[str, str] = {}
        shown = [(b.text(), b) for b in page.findChildren(QAbstractButton) if b.isVisible()]
        shown += [(label.text(), label) for label in page.findChildren(QLabel)
                  if label.isVisible() and label.buddy() is not None and label.textFormat() != Qt.TextFormat.RichText]
        shown += [(box.title(), box) for box in page.findChildren(QGroupBox) if box.isVisible() and box.isCheckable()]
        shown += [(tabs.tabText(i), tabs) for tabs in page.findChildren(QTabWidget) if tabs.isVisible()
                  for i in range(tabs.count())]
        for text, _widget in shown:
            letter = _mnemonic(text)
            if letter is None:
                continue
            if letter in menus:
                clashes.append(f"{key}: {text!r} takes Alt+{letter.upper()} from the {menus[letter]!r} menu")
            if letter in seen:
                clashes.append(f"{key}: {text!r} and {seen[letter]!r} share Alt+{letter.upper()}")
            seen[letter] = text

    for key in PAGE_CLASSES:
        window.go(key)
        check(key, window.pages[key])
        for tabs in [t for t in window.pages[key].findChildren(QTabWidget) if t.isVisible()]:
            for i in range(tabs.count()):  # every tab's controls, with the tabs' own letters beside them
                tabs.setCurrentIndex(i)
                check(f"{key} ({tabs.tabText(i).replace('&', '')})", window.pages[key])
            tabs.setCurrentIndex(0)
    window.ctx.ws.user = "Lena Lead"  # the lead opens moderation: the areas and the settling form show
    moderation.open_moderation(window.ctx.ws, info.id)
    window.ctx.changed()
    window.go("moderation")
    page = window.pages["moderation"]
    qtbot.waitUntil(page.settle_box.isVisible)
    check("moderation (open)", page)
    assert clashes == [], "\n".join(clashes)


def test_the_add_case_dialog_saves_on_ctrl_enter_as_the_other_dialogs_do(qtbot, make_window):
    from inspector_app.gui.dialogs.case import CaseDialog
    from inspector_app.services import cases

    window, info = _open(qtbot, make_window)
    dialog = CaseDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)  # its shortcuts need it active, as a person's would be
    qtbot.keyClicks(dialog.ui.referenceEdit, "WB-0101")
    qtbot.keyClicks(dialog.ui.initialsEdit, "JD")
    dialog.ui.summaryEdit.setFocus()
    qtbot.keyClicks(dialog.ui.summaryEdit, "Sampled for the audit.")
    qtbot.keyClick(dialog.ui.summaryEdit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.ui.errorLabel.text()
    assert [c.reference for c in cases.list_cases(window.ctx.ws, info.id)] == ["WB-0101"]


def test_findings_says_enter_edits_and_enter_does(qtbot, make_window):
    """The hint said "Double-click to edit", a mouse's words: Enter on the selected finding edits it too."""
    window, info = _open(qtbot, make_window)
    findings.add_finding(window.ctx.ws, info.id, kind=FindingKind.RECOMMENDATION, text="Tighten supervision.")
    qtbot.keyClick(window, Qt.Key.Key_7, CTRL)
    page = window.pages["findings"]
    qtbot.waitUntil(lambda: page.view.hasFocus() and page.view.currentIndex().isValid())
    assert "Enter or double-click to edit" in page.hint.text()

    def rewrite(dialog) -> None:
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)  # its Ctrl+Enter needs it active, as a person's would be
        qtbot.keyClick(dialog.edit, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(dialog.edit, "Make supervision regular and recorded.")
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)

    on_dialog(qtbot, rewrite, lambda: qtbot.keyClick(page.view, Qt.Key.Key_Return))
    texts = [f.text for f in findings.list_findings(window.ctx.ws, info.id)]
    assert texts == ["Make supervision regular and recorded."]
