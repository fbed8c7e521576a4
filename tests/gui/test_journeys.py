"""The seven journeys of issue 15, end to end at laptop size (1366×768), driven by keyboard and mouse
as a person would, checking what the database holds afterwards."""

from __future__ import annotations

import shutil
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox, QPushButton

from inspector_app.domain.enums import Grade, InspectionKind, Polarity, TeamRole
from inspector_app.gui.settings import Identity
from inspector_app.services import cases, evidence, findings, inspections, judgements
from tests.gui.conftest import answer_dialogs, choose, close_discarding, on_dialog

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LAPTOP = (1366, 768)
LEFT = Qt.MouseButton.LeftButton


def _laptop(window):
    window.resize(*LAPTOP)
    return window


def _active(qtbot, window) -> None:
    if not window.isActiveWindow():  # a window manager hands focus back after a dialog; offscreen does not
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=10000)


def _keys(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    _active(qtbot, window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def _modal(qtbot):
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=10000)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
    return dialog


def _ok(dialog, which=QDialogButtonBox.StandardButton.Ok):
    return dialog.ui.buttonBox.button(which)


def new_inspection(qtbot, window, authority: str, kind: str, team: str = "", previous: dict | None = None):
    def fill(dialog):
        qtbot.keyClicks(dialog.ui.authorityEdit, authority)
        choose(qtbot, dialog.ui.kindCombo, kind)
        if team:
            qtbot.keyClicks(dialog.ui.teamEdit, team)
        for key, grade in (previous or {}).items():
            choose(qtbot, dialog._previous[key], grade)
        qtbot.mouseClick(_ok(dialog), LEFT)

    on_dialog(qtbot, fill, lambda: _keys(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT))
    return inspections.get_inspection(window.ctx.ws, window.ctx.inspection_id)


def add_case(qtbot, window, reference: str, initials: str):
    def fill(dialog):
        qtbot.keyClicks(dialog.ui.referenceEdit, reference)
        qtbot.keyClicks(dialog.ui.initialsEdit, initials)
        qtbot.mouseClick(_ok(dialog, QDialogButtonBox.StandardButton.Save), LEFT)

    on_dialog(qtbot, fill, lambda: _keys(qtbot, window, Qt.Key.Key_K, CTRL | SHIFT))


def note(qtbot, window, text: str) -> None:
    _keys(qtbot, window, Qt.Key.Key_T, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), text)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def capture(qtbot, window, text: str, area_words: str, development: bool = False) -> None:
    _keys(qtbot, window, Qt.Key.Key_E, CTRL)
    dialog = _modal(qtbot)
    qtbot.keyClicks(dialog.ui.textEdit, text)
    qtbot.keyClick(dialog.ui.textEdit, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), area_words)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    if development:
        qtbot.mouseClick(dialog.ui.developmentRadio, LEFT)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=10000)


def add_finding(qtbot, window, text: str) -> None:
    _keys(qtbot, window, Qt.Key.Key_7, CTRL)  # Findings
    assert window.current_key() == "findings"
    page = window.pages["findings"]
    add = next(b for b in page.findChildren(QPushButton) if b.text().replace("&", "").startswith("Add"))

    def write(dialog):
        qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
        qtbot.keyClicks(dialog.edit, text)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, CTRL)

    on_dialog(qtbot, write, lambda: qtbot.mouseClick(add, LEFT))


def export_pdf(qtbot, window, target) -> None:
    _keys(qtbot, window, Qt.Key.Key_E, CTRL | SHIFT)
    page = window.pages["export"]
    page.ui.pathEdit.selectAll()
    qtbot.keyClicks(page.ui.pathEdit, str(target))
    qtbot.mouseClick(page.ui.exportButton, LEFT)
    qtbot.waitUntil(lambda: page.ui.openButton.isEnabled(), timeout=20000)


def pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


# --- 1. first start --------------------------------------------------------------------------
def test_journey_first_start(qtbot, tmp_path, monkeypatch):
    """A fresh data folder, started as the desktop starts it (run_gui): who am I, a passphrase (a short
    one refused in a line), then the empty inspections list that says what to do next."""
    from PySide6.QtCore import QTimer

    from inspector_app.gui import app as gui_app
    from inspector_app.gui import launch
    from inspector_app.gui.dialogs.identity import IdentityDialog
    from inspector_app.gui.dialogs.passphrase import PassphraseDialog
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.gui.settings import AppSettings
    from inspector_app.paths import default_database_path
    from inspector_app.services import open_workspace

    monkeypatch.setenv("INSPECTOR_APP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(gui_app, "follow_system_theme", lambda _app: None)  # the test's theme stays as it is
    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)  # run_gui sets it; put it back after
    db = default_database_path()
    seen: dict[str, object] = {}
    app = gui_app.application()

    def person(dialog) -> None:
        qtbot.keyClicks(dialog.ui.nameEdit, "Lena Lead")
        seen["initials"] = dialog.ui.initialsEdit.text()
        qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    def passphrase(dialog) -> None:
        qtbot.keyClicks(dialog.first, "short")
        qtbot.keyClicks(dialog.second, "short")
        qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
        seen["error"] = dialog.error.text() if dialog.isVisible() else "(closed)"
        for edit in (dialog.first, dialog.second):
            edit.clear()
            qtbot.keyClicks(edit, "Purple kettles sing over Westvale bridges")
        qtbot.keyClick(dialog.second, Qt.Key.Key_Return)

    def look(window) -> None:
        seen["home"] = window.current_key()
        seen["hint"] = window.pages["home"].hint.text()
        seen["user"] = window.user_label.text()
        seen["encrypted"] = window.ctx.ws.status().encrypted
        window.close()

    handled: set[int] = set()
    started = time.monotonic()

    def poll() -> None:
        if time.monotonic() - started > 30:  # a hung start fails instead of hanging (no timer outlives the test)
            seen["failed"] = "the window did not open within 30 s"
            app.exit(3)
            return
        try:
            dialog = QApplication.activeModalWidget()
            if dialog is not None and id(dialog) not in handled and dialog.isVisible():
                handled.add(id(dialog))
                if isinstance(dialog, IdentityDialog):
                    person(dialog)
                elif isinstance(dialog, PassphraseDialog):
                    passphrase(dialog)
                else:
                    seen["unexpected"] = dialog.windowTitle()
                    dialog.reject()
            windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
            if windows and dialog is None and "home" not in seen:
                look(windows[0])
                QTimer.singleShot(0, lambda: app.exit(0))
                return
        except Exception as exc:  # never leave the event loop running behind a failed check
            seen["failed"] = repr(exc)
            app.exit(2)
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    code = launch.run_gui(db)
    assert "failed" not in seen and "unexpected" not in seen, seen
    assert code == 0
    assert seen["initials"] == "LL"
    assert str(seen["error"]).startswith("Too short")  # said in a line, then the good one was taken
    assert seen["encrypted"] is True and db.exists()
    assert seen["home"] == "home" and "import the bundle" in str(seen["hint"])
    assert seen["user"] == "Lena Lead (team inspector)"  # nobody leads until a roster says
    assert AppSettings().identity().name == "Lena Lead"
    ws = open_workspace(db, passphrase="Purple kettles sing over Westvale bridges")
    try:
        assert ws.status().encrypted and inspections.list_inspections(ws) == []
    finally:
        ws.close()


# --- 2. a lead sets up an ILACS inspection -----------------------------------------------------
def test_journey_lead_sets_up_an_ilacs_inspection(qtbot, make_window, tmp_path):
    window = _laptop(make_window())
    info = new_inspection(qtbot, window, "Westvale", "ILACS standard", "Tariq Team (TT)",
                          previous={"leaders": "Good"})
    assert info.kind is InspectionKind.ILACS_STANDARD and info.previous == {"leaders": Grade.GOOD}
    assert (info.end_date - info.start_date).days == 11
    for n in range(1, 4):
        add_case(qtbot, window, f"WV-{n:04d}", f"C{n}")
        note(qtbot, window, f"Read the file of case {n}.")
        case_page = window.pages["case"]
        add_audit = next(b for b in case_page.findChildren(QPushButton) if "Record audit" in b.text())

        def audit(dialog):
            qtbot.keyClicks(dialog.ui.typeCombo, "Assessment")
            qtbot.keyClicks(dialog.ui.qualityCombo, "Good")
            qtbot.mouseClick(_ok(dialog, QDialogButtonBox.StandardButton.Save), LEFT)

        on_dialog(qtbot, audit, lambda b=add_audit: qtbot.mouseClick(b, LEFT))
    texts = [("Leaders know their services well.", "impact of leaders", False),
             ("Supervision is regular and reflective.", "impact of leaders", False),
             ("Strategy meetings are prompt.", "help protection", False),
             ("Some plans lack timescales.", "help protection", True),
             ("Children in care live in stable homes.", "in care", False),
             ("Care leavers have good pathway plans.", "care leavers", False)]
    for text, words, development in texts:
        capture(qtbot, window, text, words, development)
    _keys(qtbot, window, Qt.Key.Key_6, CTRL)  # Judgements
    board = window.pages["judgements"]
    combo = board.card("leaders").grade
    choose(qtbot, combo, "Good")
    qtbot.waitUntil(lambda: judgements.judgement_state(window.ctx.ws, info.id).areas.get("leaders") is not None)
    add_finding(qtbot, window, "Leaders have a clear and accurate understanding of the quality of practice.")
    export_pdf(qtbot, window, tmp_path / "westvale.pdf")
    ws = window.ctx.ws
    assert [c.reference for c in cases.list_cases(ws, info.id)] == ["WV-0001", "WV-0002", "WV-0003"]
    assert sum(len(cases.list_notes(ws, c.id)) for c in cases.list_cases(ws, info.id)) == 3
    assert len(cases.list_audits(ws, info.id)) == 3
    stored = evidence.find_evidence(ws, info.id)
    assert len(stored) == 6
    by_text = {e.text: e for e in stored}
    assert by_text["Children in care live in stable homes."].area_key == "children_in_care"
    assert by_text["Some plans lack timescales."].polarity is Polarity.DEVELOPMENT
    assert judgements.judgement_state(ws, info.id).areas["leaders"].grade is Grade.GOOD
    assert next(f.text for f in findings.list_findings(ws, info.id)).startswith("Leaders have a clear")
    assert "Westvale" in pdf_text(tmp_path / "westvale.pdf")


# --- 3. a focused visit and its letter ----------------------------------------------------------
def test_journey_focused_visit_and_its_letter(qtbot, make_window, tmp_path):
    window = _laptop(make_window())
    info = new_inspection(qtbot, window, "Eastbrook", "Focused visit")
    assert info.kind is InspectionKind.FOCUSED_VISIT and (info.end_date - info.start_date).days == 1
    capture(qtbot, window, "Thresholds at the front door are well understood.", "front door")
    add_finding(qtbot, window, "Partners understand thresholds.")
    _keys(qtbot, window, Qt.Key.Key_8, CTRL)  # Export
    page = window.pages["export"]
    assert page.ui.letterRadio.isEnabled()
    qtbot.mouseClick(page.ui.letterRadio, LEFT)
    export_pdf(qtbot, window, tmp_path / "eastbrook-letter.pdf")
    text = pdf_text(tmp_path / "eastbrook-letter.pdf")
    assert "Eastbrook" in text and "0 children" not in text and "examined 0" not in text
    [item] = evidence.find_evidence(window.ctx.ws, info.id)
    assert item.text.startswith("Thresholds at the front door") and item.area_key == "front_door"
    assert [f.text for f in findings.list_findings(window.ctx.ws, info.id)] == ["Partners understand thresholds."]


# --- 5. undo, search, lock and help ---------------------------------------------------------------
def test_journey_undo_search_lock_and_help(qtbot, make_window, tmp_path, monkeypatch):
    from inspector_app.storage import cipher

    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "a long enough sentence to remember")
    db = tmp_path / "locked.sqlite"
    from inspector_app.gui.app import build_main_window
    from inspector_app.gui.settings import AppSettings

    window = build_main_window(db, Identity("Lena Lead", "LL", TeamRole.TEAM), AppSettings(tmp_path / "s.ini"),
                               create=True)
    qtbot.addWidget(window)
    _laptop(window).show()
    window.restore_state()
    _active(qtbot, window)
    try:
        info = new_inspection(qtbot, window, "Northfield", "ILACS standard")
        capture(qtbot, window, "Visits are purposeful.", "impact of leaders")
        capture(qtbot, window, "Supervision lacks reflection.", "impact of leaders", development=True)
        assert len(evidence.find_evidence(window.ctx.ws, info.id)) == 2
        assert window.undo_action.text().replace("&", "").startswith("Undo Capture evidence")
        _keys(qtbot, window, Qt.Key.Key_Z, CTRL)
        assert [e.text for e in evidence.find_evidence(window.ctx.ws, info.id)] == ["Visits are purposeful."]
        _keys(qtbot, window, Qt.Key.Key_Y, CTRL)
        assert len(evidence.find_evidence(window.ctx.ws, info.id)) == 2
        _keys(qtbot, window, Qt.Key.Key_F, CTRL)
        search = QApplication.focusWidget()
        qtbot.keyClicks(search, "reflection")
        page = window.pages["evidence"]
        qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10000)
        _keys(qtbot, window, Qt.Key.Key_L, CTRL)
        assert window.locked and window.windowTitle() == "Inspector App"
        qtbot.mouseClick(window.lock_screen.passphrase, LEFT)
        qtbot.keyClicks(window.lock_screen.passphrase, "wrong")
        qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
        assert window.locked and "not the passphrase" in window.lock_screen.error.text()
        window.lock_screen.passphrase.clear()
        qtbot.keyClicks(window.lock_screen.passphrase, "a long enough sentence to remember")
        qtbot.keyClick(window.lock_screen.passphrase, Qt.Key.Key_Return)
        assert not window.locked and window.windowTitle().startswith("Northfield")
        assert window.windowTitle().endswith("— Inspector App") and window.windowTitle().count("Inspector App") == 1
        titles = answer_dialogs(qtbot, [lambda d: d.reject()], lambda: _keys(qtbot, window, Qt.Key.Key_F1))
        assert "shortcut" in titles[0].lower()
    finally:
        window.ctx.ws.close()


# --- 6. every view on the demo data ------------------------------------------------------------
def test_journey_every_view_on_the_demo_data(qtbot, make_window, demo_db_file, tmp_path):
    """The lead opens the demo inspection from the list, visits every view (Ctrl+1…9, then the sidebar)
    and opens a descriptor's evidence from the board; looking changes nothing in the database."""
    from inspector_app.gui.main_window import NAV
    from inspector_app.gui.screenshots import _choose_inspection
    from inspector_app.services import audit_trail, open_workspace

    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_file, copy)
    before = open_workspace(copy, read_only=True)  # who leads the demo, to start the window as them
    try:
        inspection_id = _choose_inspection(before, None)
        lead = inspections.get_inspection(before, inspection_id).lead
        events = audit_trail.count_history(before, inspection_id, audit_trail.HistoryFilter())
        stored = len(evidence.find_evidence(before, inspection_id))
    finally:
        before.close()
    window = _laptop(make_window(db=copy, identity=Identity(lead.name, lead.initials, TeamRole.TEAM)))
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.model.rowCount() > 0, timeout=10000)
    row = next(r for r in range(home.model.rowCount()) if home.model.row(r).id == inspection_id)
    home.view.scrollTo(home.model.index(row, 0))
    qtbot.mouseClick(home.view.viewport(), LEFT, pos=home.view.visualRect(home.model.index(row, 0)).center())
    assert home.view.currentIndex().row() == row
    qtbot.keyClick(home.view, Qt.Key.Key_Return)  # open it (a double-click does the same)
    qtbot.waitUntil(lambda: window.ctx.inspection_id == inspection_id, timeout=10000)
    assert window.user_label.text().endswith("(lead inspector)")
    for number, (key, label, _icon) in enumerate(NAV[:9], start=1):
        _keys(qtbot, window, Qt.Key(Qt.Key.Key_0 + number), CTRL)
        assert window.current_key() == key, label
        assert window.nav.currentIndex().data() == label
    for row_number, (key, label, _icon) in enumerate(NAV[9:], start=9):  # no key of their own: the sidebar
        rect = window.nav.visualRect(window.nav_model.index(row_number, 0))
        qtbot.mouseClick(window.nav.viewport(), LEFT, pos=rect.center())
        assert window.current_key() == key, label
        assert window.nav.currentIndex().data() == label
    _keys(qtbot, window, Qt.Key.Key_6, CTRL)
    card = window.pages["judgements"].card("leaders")
    assert "▲" in card.grid.index(0, 0).data().splitlines()[0]  # the counts lead every cell
    seen = {}

    def look(dialog):
        seen["title"] = dialog.support_box.title()
        dialog.reject()

    index = card.grid.index(0, 1)
    card.table.scrollTo(index)
    window.frames["judgements"].ensureWidgetVisible(card.table)
    qtbot.mouseClick(card.table.viewport(), LEFT, pos=card.table.visualRect(index).center())
    assert card.table.currentIndex() == index
    on_dialog(qtbot, look, lambda: qtbot.keyClick(card.table, Qt.Key.Key_Return))
    assert seen["title"].startswith("▲ Supports it")
    window.flush()
    assert audit_trail.count_history(window.ctx.ws, inspection_id, audit_trail.HistoryFilter()) == events
    assert len(evidence.find_evidence(window.ctx.ws, inspection_id)) == stored


# --- 7. bad input ---------------------------------------------------------------------------------
def test_journey_bad_input(qtbot, make_window, tmp_path, monkeypatch):
    window = _laptop(make_window())
    seen = {}

    def empty_authority(dialog):
        qtbot.mouseClick(_ok(dialog), LEFT)
        seen["authority"] = dialog.ui.errorLabel.text()
        assert dialog.isVisible()
        dialog.reject()

    on_dialog(qtbot, empty_authority, lambda: _keys(qtbot, window, Qt.Key.Key_N, CTRL | SHIFT))
    assert "local authority" in seen["authority"].lower() and inspections.list_inspections(window.ctx.ws) == []
    info = new_inspection(qtbot, window, "Southmoor", "ILACS standard")
    add_case(qtbot, window, "SM-0001", "AB")

    def duplicate(dialog):
        qtbot.keyClicks(dialog.ui.referenceEdit, "SM-0001")
        qtbot.mouseClick(_ok(dialog, QDialogButtonBox.StandardButton.Save), LEFT)
        seen["duplicate"] = dialog.ui.errorLabel.text()
        close_discarding(qtbot, dialog)  # Escape asks about the reference typed; Discard

    on_dialog(qtbot, duplicate, lambda: _keys(qtbot, window, Qt.Key.Key_K, CTRL | SHIFT))
    assert seen["duplicate"] and "Error" not in seen["duplicate"] and "SQL" not in seen["duplicate"]
    assert len(cases.list_cases(window.ctx.ws, info.id)) == 1
    _keys(qtbot, window, Qt.Key.Key_E, CTRL)
    dialog = _modal(qtbot)
    qtbot.keyClicks(dialog.ui.textEdit, "Typed but not filed.")
    qtbot.keyClick(dialog.ui.textEdit, Qt.Key.Key_Return, CTRL)
    assert "Choose the judgement area" in dialog.ui.errorLabel.text()
    assert dialog.ui.textEdit.toPlainText() == "Typed but not filed."
    close_discarding(qtbot, dialog)  # Escape asks about the evidence typed; Discard, deliberately
    assert evidence.find_evidence(window.ctx.ws, info.id) == []
    not_a_bundle = tmp_path / "holiday.inspbundle"
    not_a_bundle.write_bytes(b"PK\x03\x04 not really a zip")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(not_a_bundle), ""))
    titles = answer_dialogs(qtbot, [lambda d: d.accept()], lambda: _keys(qtbot, window, Qt.Key.Key_I, CTRL | SHIFT))
    assert "Nothing was changed" in titles[0] and "BadZipFile" not in titles[0] and "Error" not in titles[0]
    assert isinstance(QMessageBox, type)


# --- 4. a bundle round trip with a conflict -----------------------------------------------------
def _button(widget, text):
    return next(b for b in widget.findChildren(QPushButton) if b.text().replace("&", "").startswith(text))


def _export_from(qtbot, window, path, monkeypatch, recipient: str) -> None:
    _keys(qtbot, window, Qt.Key.Key_9, CTRL)  # Team
    page = window.pages["team"]
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))

    def send(dialog):
        dialog.recipient.selectAll()
        qtbot.keyClicks(dialog.recipient, recipient)
        if dialog.encrypt.isChecked() and dialog.encrypt.isEnabled():
            qtbot.mouseClick(dialog.encrypt, LEFT)
        qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return)

    on_dialog(qtbot, send, lambda: qtbot.mouseClick(_button(page, "Export bundle"), LEFT))
    qtbot.waitUntil(path.exists, timeout=10000)


def _import_into(qtbot, window, path, monkeypatch, handlers) -> list[str]:
    """File ▸ Import a bundle… (Ctrl+Shift+I); the OS file chooser answers with ``path``."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    return answer_dialogs(qtbot, handlers, lambda: _keys(qtbot, window, Qt.Key.Key_I, CTRL | SHIFT))


def _click_row(qtbot, view, row: int) -> None:
    view.scrollTo(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), LEFT, pos=view.visualRect(view.model().index(row, 0)).center())


def _retype_evidence(qtbot, window, old: str, new: str) -> None:
    _keys(qtbot, window, Qt.Key.Key_5, CTRL)  # Evidence
    page = window.pages["evidence"]
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=10000)
    row = next(r for r in range(page.model.rowCount())
               if any(old in str(page.model.index(r, c).data()) for c in range(page.model.columnCount())))
    _click_row(qtbot, page.view, row)
    editor = page.detail.text
    qtbot.waitUntil(lambda: editor.toPlainText() == old, timeout=10000)
    qtbot.mouseClick(editor.viewport(), LEFT)
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, new)
    inspection_id = window.ctx.inspection_id
    qtbot.waitUntil(lambda: new in [e.text for e in evidence.find_evidence(window.ctx.ws, inspection_id)],
                    timeout=10000)  # saved a moment after typing stops


def _laptop_of(qtbot, window, other) -> None:
    """Work on ``window``'s laptop: in one test process the other laptop's window is hidden, or the two
    windows' application-wide shortcuts would be ambiguous (each laptop runs one window)."""
    other.hide()
    window.show()
    qtbot.waitExposed(window)
    _active(qtbot, window)


def _press(qtbot, text):
    return lambda box: qtbot.mouseClick(_button(box, text), LEFT)


def test_journey_bundle_round_trip_with_a_conflict(qtbot, make_window, tmp_path, monkeypatch):
    """Two laptops, two data folders, a window on each: the first import, a stranger's bundle refused
    then accepted once, the roster, both editing one item, and "keep both" keeping each author."""
    from inspector_app.gui.dialogs.import_preview import ImportPreviewDialog
    from inspector_app.services import audit_trail, identity, roster

    lead = _laptop(make_window(tmp_path / "lead" / "inspections.sqlite"))
    info = new_inspection(qtbot, lead, "Riverside", "ILACS standard", "Tariq Team (TT)")
    capture(qtbot, lead, "Original wording.", "impact of leaders")
    to_tariq = tmp_path / "to-tariq.inspbundle"
    _export_from(qtbot, lead, to_tariq, monkeypatch, "Tariq Team")

    # A fresh laptop: the first import, from the inspections list.
    lead.hide()
    tariq = _laptop(make_window(tmp_path / "tariq" / "inspections.sqlite",
                                identity=Identity("Tariq Team", "TT", TeamRole.TEAM)))
    assert tariq.ctx.inspection_id is None and tariq.current_key() == "home"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(to_tariq), ""))
    on_dialog(qtbot, lambda d: qtbot.mouseClick(d.apply_button, LEFT),
              lambda: qtbot.mouseClick(tariq.pages["home"].import_button, LEFT))
    qtbot.waitUntil(lambda: tariq.ctx.inspection_id is not None, timeout=10000)
    assert tariq.user_label.text() == "Tariq Team (team inspector)"
    capture(qtbot, tariq, "Found by Tariq before the roster named him.", "impact of leaders")
    early = tmp_path / "early-from-tariq.inspbundle"
    _export_from(qtbot, tariq, early, monkeypatch, "Lena Lead")

    # The lead: Tariq's key is not on the roster yet. No first (nothing changes), then Yes once.
    _laptop_of(qtbot, lead, tariq)
    titles = _import_into(qtbot, lead, early, monkeypatch, [_press(qtbot, "No")])
    tariq_key = identity.signing_key(tariq.ctx.ws)
    assert tariq_key is not None and tariq_key.fingerprint in titles[0]
    assert "not on this inspection's team roster" in titles[0]
    qtbot.waitUntil(lambda: "not imported" in lead.statusBar().currentMessage(), timeout=10000)
    assert len(evidence.find_evidence(lead.ctx.ws, info.id)) == 1

    def apply(dialog):
        assert isinstance(dialog, ImportPreviewDialog)
        qtbot.mouseClick(dialog.apply_button, LEFT)

    _import_into(qtbot, lead, early, monkeypatch, [_press(qtbot, "Yes"), apply])
    qtbot.waitUntil(lambda: "Merged" in lead.statusBar().currentMessage(), timeout=10000)
    assert "Found by Tariq before the roster named him." in [e.text for e in evidence.find_evidence(lead.ctx.ws,
                                                                                                     info.id)]
    qtbot.mouseClick(lead.nav.viewport(), LEFT, pos=lead.nav.visualRect(lead.nav_model.index(9, 0)).center())
    assert lead.current_key() == "history"
    history = lead.pages["history"]
    shown = history.panel.model
    qtbot.waitUntil(lambda: any("accepted once although its signer is not on the team roster" in
                                str(shown.index(r, c).data()) for r in range(shown.rowCount())
                                for c in range(shown.columnCount())), timeout=10000)

    # Tariq copies his public key from his Team view; the lead puts him on the roster with it.
    _laptop_of(qtbot, tariq, lead)
    _keys(qtbot, tariq, Qt.Key.Key_9, CTRL)
    qtbot.mouseClick(tariq.pages["team"].copy_key_button, LEFT)
    assert QApplication.clipboard().text() == tariq_key.public_key
    _laptop_of(qtbot, lead, tariq)
    _keys(qtbot, lead, Qt.Key.Key_9, CTRL)
    team = lead.pages["team"]
    seen = {}

    def add_tariq(dialog):
        qtbot.keyClicks(dialog.name, "Tariq Team")
        qtbot.mouseClick(dialog.key, LEFT)
        qtbot.keyClick(dialog.key, Qt.Key.Key_V, CTRL)
        seen["fingerprint"] = dialog.fingerprint.text()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), LEFT)

    on_dialog(qtbot, add_tariq, lambda: qtbot.mouseClick(team.add_member_button, LEFT))
    assert tariq_key.fingerprint in seen["fingerprint"]
    assert [(m.name, m.role) for m in roster.list_roster(lead.ctx.ws, info.id)] == [
        ("Lena Lead", TeamRole.LEAD), ("Tariq Team", TeamRole.TEAM)]

    # Both change the same item; Tariq's bundle comes back signed by someone on the roster now.
    _laptop_of(qtbot, tariq, lead)
    _retype_evidence(qtbot, tariq, "Original wording.", "Tariq's wording.")
    to_lead = tmp_path / "to-lead.inspbundle"
    _export_from(qtbot, tariq, to_lead, monkeypatch, "Lena Lead")
    _laptop_of(qtbot, lead, tariq)
    _retype_evidence(qtbot, lead, "Original wording.", "The lead's wording.")

    def keep_both(dialog):
        seen["row"] = dialog.model.index(0, 0).data()
        seen["difference"] = dialog.difference.toPlainText()
        qtbot.mouseClick(_button(dialog, "Keep both for all"), LEFT)
        qtbot.mouseClick(dialog.apply_button, LEFT)

    titles = _import_into(qtbot, lead, to_lead, monkeypatch, [keep_both])
    assert titles[0].startswith("Import")  # straight to the preview: no question about the signer
    qtbot.waitUntil(lambda: "Merged" in lead.statusBar().currentMessage() and
                    len(evidence.find_evidence(lead.ctx.ws, info.id)) == 3, timeout=10000)
    assert seen["row"].startswith("Evidence ")
    assert "Tariq's" in seen["difference"] and "lead's" in seen["difference"]
    items = {e.text: e for e in evidence.find_evidence(lead.ctx.ws, info.id)}
    assert set(items) == {"The lead's wording.", "Tariq's wording.", "Found by Tariq before the roster named him."}
    assert items["Tariq's wording."].author == "Tariq Team"  # keep both keeps the real author
    assert items["The lead's wording."].author == "Lena Lead"
    accepted = [e for e in audit_trail.inspection_history(lead.ctx.ws, info.id) if e.action == "import"]
    assert [bool(e.changes.get("accepted_unknown_signer")) for e in accepted].count(True) == 1
