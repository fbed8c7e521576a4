"""The lead imports a bundle through the window, sees the conflict side by side and settles it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from inspector_app.bundles.export import export_bundle
from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
from inspector_app.domain.enums import EvidenceSource, Polarity, TeamRole
from inspector_app.services import evidence, open_workspace
from inspector_app.services.evidence import EvidenceFilter
from tests.factories import enrol, make_inspection
from tests.gui.conftest import on_dialog


def _button(widget, text):
    return next(b for b in widget.findChildren(QPushButton) if text in b.text().replace("&", ""))


def test_import_bundle_through_the_window_and_resolve_a_conflict(qtbot, make_window, tmp_path, registry, monkeypatch):
    window = make_window()
    lead = window.ctx.ws
    info = make_inspection(lead, "ilacs@2023")
    shared = evidence.add_evidence(lead, info.id, text="Original wording.", area_key="leaders",
                                   polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    amir = open_workspace(tmp_path / "amir.sqlite", user="Amir", registry=registry, create=True, plaintext=True)
    enrol(lead, info.id, amir)
    start = tmp_path / "start.inspbundle"
    export_bundle(lead, info.id, start, recipient="amir")
    plan = plan_import(amir, read_bundle(start))
    amir_inspection = apply_import(amir, plan).inspection_id
    theirs = evidence.find_evidence(amir, amir_inspection, EvidenceFilter(query="Original"))[0]
    evidence.update_evidence(amir, theirs.id, text="Amir's wording.")
    evidence.add_evidence(amir, amir_inspection, text="New from Amir.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    back = tmp_path / "back.inspbundle"
    export_bundle(amir, amir_inspection, back, recipient="lead", passphrase="long passphrase")
    amir.close()
    evidence.update_evidence(lead, shared.id, text="The lead's wording.")

    window.open_inspection(info.id)
    window.go("team")
    page = window.pages["team"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(back), ""))
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("long passphrase", True))
    seen = {}

    def settle(dialog):
        seen["conflicts"] = dialog.model.rowCount()
        seen["sides"] = (dialog.model.index(0, 1).data(), dialog.model.index(0, 2).data())
        seen["enabled_before"] = dialog.apply_button.isEnabled()
        tree = dialog.contents
        seen["listed"] = {tree.topLevelItem(i).text(0): [tree.topLevelItem(i).child(k).text(0) + ": " + ", ".join(
            tree.topLevelItem(i).child(k).child(n).text(0) for n in range(tree.topLevelItem(i).child(k).childCount()))
            for k in range(tree.topLevelItem(i).childCount())] for i in range(tree.topLevelItemCount())}
        qtbot.mouseClick(_button(dialog, "Keep both for all"), Qt.MouseButton.LeftButton)
        seen["enabled_after"] = dialog.apply_button.isEnabled()
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    on_dialog(qtbot, settle, lambda: qtbot.mouseClick(_button(page, "Import bundle"), Qt.MouseButton.LeftButton))
    assert seen["conflicts"] == 1
    assert seen["sides"] == ("text: The lead's wording.", "text: Amir's wording.")
    assert seen["enabled_before"] is False and seen["enabled_after"] is True
    assert seen["listed"]["To add: 1 evidence item"] == ["1 evidence item: “New from Amir.”"]
    assert seen["listed"]["Changed on both laptops: 1 evidence item"] == ["1 evidence item: “Amir's wording.”"]
    qtbot.waitUntil(lambda: "Merged" in page.status.text(), timeout=10000)
    texts = sorted(e.text for e in evidence.find_evidence(lead, info.id))
    assert texts == ["Amir's wording.", "New from Amir.", "The lead's wording."]
    qtbot.waitUntil(lambda: page.senders.rowCount() == 1)
    assert page.senders.row(0).exporter == "Amir" and page.log.rowCount() == 2


def test_a_bundle_from_an_unknown_key_is_refused_then_accepted_once_in_the_window(qtbot, make_window, tmp_path,
                                                                                   registry, monkeypatch):
    """The lead sees the fingerprint, says No (nothing changes), then Yes once: imported, signer shown, audited."""
    from PySide6.QtWidgets import QMessageBox

    from inspector_app.services import audit_trail, identity
    from tests.gui.conftest import answer_dialogs

    window = make_window()
    lead = window.ctx.ws
    info = make_inspection(lead, "ilacs@2023")
    stranger = open_workspace(tmp_path / "stranger.sqlite", user="Stranger", registry=registry, create=True,
                              plaintext=True)
    start = tmp_path / "start.inspbundle"
    export_bundle(lead, info.id, start, recipient="stranger")
    stranger_id = apply_import(stranger, plan_import(stranger, read_bundle(start))).inspection_id
    stranger.db.write_guard = None  # a changed copy of the app: the services would refuse someone off the roster
    stranger.db.core_guard = None  # (the fast saves check through this one)
    evidence.add_evidence(stranger, stranger_id, text="From someone not on the roster.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    back = tmp_path / "back.inspbundle"
    export_bundle(stranger, stranger_id, back, recipient="lead")
    fingerprint = identity.ensure_signing_key(stranger).fingerprint
    stranger.close()
    window.open_inspection(info.id)
    window.go("team")
    page = window.pages["team"]
    mine = identity.signing_key(lead)
    assert mine is not None and mine.fingerprint in page.my_key.text()  # made when the window opened
    assert [(page.roster.row(i).name, page.roster.row(i).fingerprint) for i in range(page.roster.rowCount())] == [
        (lead.user, mine.fingerprint)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(back), ""))

    def press(text):
        return lambda box: qtbot.mouseClick(next(b for b in box.findChildren(QPushButton)
                                                 if text in b.text().replace("&", "")), Qt.MouseButton.LeftButton)

    titles = answer_dialogs(qtbot, [press("No")],
                            lambda: qtbot.mouseClick(_button(page, "Import bundle"), Qt.MouseButton.LeftButton))
    assert fingerprint in titles[0] and "not on this inspection's team roster" in titles[0]
    assert "not imported" in page.status.text()
    assert not evidence.find_evidence(lead, info.id, EvidenceFilter(query="roster"))
    seen = {}

    def preview(dialog):
        seen["signer"] = fingerprint in " ".join(label.text() for label in dialog.findChildren(QLabel))
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from inspector_app.gui.dialogs.import_preview import ImportPreviewDialog

    def yes_then_preview(box):
        def poll():
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, ImportPreviewDialog):
                preview(dialog)
            else:
                QTimer.singleShot(20, poll)

        QTimer.singleShot(0, poll)
        press("Yes")(box)

    answer_dialogs(qtbot, [yes_then_preview],
                   lambda: qtbot.mouseClick(_button(page, "Import bundle"), Qt.MouseButton.LeftButton))
    qtbot.waitUntil(lambda: "Merged" in page.status.text(), timeout=10000)
    assert seen["signer"] and QMessageBox is not None
    assert [e.text for e in evidence.find_evidence(lead, info.id, EvidenceFilter(query="roster"))] == [
        "From someone not on the roster."]
    imports = [e for e in audit_trail.inspection_history(lead, info.id) if e.action == "import"]
    assert imports and imports[0].changes.get("accepted_unknown_signer") is True
    assert "from “Stranger” (claimed, not verified" in titles[0]  # the name the bundle claims, marked as such

    # Again, and this time the lead adds the sender to the roster from the question (recorded), then imports
    from inspector_app.services import roster

    titles = answer_dialogs(qtbot, [press("Add"), press("Yes"), lambda dialog: dialog.reject()],
                            lambda: qtbot.mouseClick(_button(page, "Import bundle"), Qt.MouseButton.LeftButton))
    assert fingerprint in titles[1] and titles[2].startswith("Import bundle from Stranger")
    assert [(m.name, m.role) for m in roster.list_roster(lead, info.id)][-1] == ("Stranger", TeamRole.TEAM)
    assert [e for e in audit_trail.inspection_history(lead, info.id) if e.action == "create" and "Stranger" in
            e.summary]


def test_the_bundle_passphrase_shows_only_when_protecting_and_says_why_it_must(qtbot):
    from inspector_app.gui.dialogs.bundle_export import BundleExportDialog

    dialog = BundleExportDialog("team")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.passphrase.isVisible() and not dialog.repeat.isVisible() and not dialog.reason.isVisible()
    dialog.encrypt.setFocus()
    qtbot.keyClick(dialog.encrypt, Qt.Key.Key_Space)
    assert dialog.encrypt.isChecked() and dialog.passphrase.isVisible() and dialog.passphrase.isEnabled()
    qtbot.keyClick(dialog.encrypt, Qt.Key.Key_Space)
    assert not dialog.passphrase.isVisible()

    forced = BundleExportDialog("team", must_encrypt=True)
    qtbot.addWidget(forced)
    forced.show()
    assert forced.encrypt.isChecked() and not forced.encrypt.isEnabled() and forced.passphrase.isVisible()
    assert forced.reason.isVisible() and "database is encrypted" in forced.reason.text()


def test_a_bundle_named_without_its_suffix_asks_before_replacing_the_one_there(qtbot, make_window, tmp_path,
                                                                              monkeypatch):
    """The save dialog asks about the name typed; the suffix added after it named a file it never asked about."""
    from tests.gui.conftest import answer_dialogs

    window = make_window()
    info = make_inspection(window.ctx.ws, "ilacs@2023")
    window.open_inspection(info.id)
    window.go("team")
    page = window.pages["team"]
    there = tmp_path / "to-lead.inspbundle"
    there.write_bytes(b"sent yesterday")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "to-lead"), ""))
    export = _button(page, "Export bundle")
    asked = answer_dialogs(qtbot, [lambda d: d.accept(), lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape)],
                           lambda: qtbot.mouseClick(export, Qt.MouseButton.LeftButton))
    assert asked[1].startswith("Replace the file? | to-lead.inspbundle already exists")
    assert there.read_bytes() == b"sent yesterday" and "Not exported: to-lead.inspbundle is kept" in page.status.text()
    answer_dialogs(qtbot, [lambda d: d.accept(), lambda box: qtbot.keyClick(box, Qt.Key.Key_R)],
                   lambda: qtbot.mouseClick(export, Qt.MouseButton.LeftButton))
    assert there.read_bytes() != b"sent yesterday" and "Saved to-lead.inspbundle" in page.status.text()
