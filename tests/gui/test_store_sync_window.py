"""The Team view's "Sync with the regional store…": typed address, progress, a conflict decided side by
side, and what the laptop and the store hold afterwards."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from inspector_app.bundles import store_link
from inspector_app.bundles.sync import sync
from inspector_app.domain.enums import EvidenceSource, Polarity, TeamRole
from inspector_app.services import evidence, open_workspace
from inspector_app.services.evidence import EvidenceFilter
from tests.factories import enrol, make_inspection


def _button(widget: QWidget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if text in b.text().replace("&", ""))


def when_modal(kind: str, action: Callable[[QWidget], None]) -> list[bool]:
    """Run ``action`` once on the first modal dialog of class ``kind`` to appear (polled from the event loop,
    which keeps running inside the dialogs' own loops)."""
    done: list[bool] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and type(dialog).__name__ == kind:
            done.append(True)
            try:
                action(dialog)
            except BaseException:
                dialog.reject()  # the test fails with what went wrong, not by waiting on the open dialog for ever
                raise
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return done


def a_store(engine: str, tmp_path, registry, request) -> str:
    """An empty store at head: a fresh PostgreSQL database, or a SQLite file standing in for one."""
    if engine == "postgresql":
        return str(request.getfixturevalue("store_url"))
    path = tmp_path / "store.sqlite"
    open_workspace(path, user="admin", registry=registry, create=True, plaintext=True).close()
    return str(path)


def _texts(ws, inspection_id):
    return sorted(e.text for e in evidence.find_evidence(ws, inspection_id))


def test_the_lead_syncs_from_the_team_view_with_progress_and_settles_a_conflict(qtbot, make_window, tmp_path,
                                                                             registry, engine, request):
    store_path = a_store(engine, tmp_path, registry, request)
    window = make_window()
    lead = window.ctx.ws
    info = make_inspection(lead, "ilacs@2023", team=[("Lena Lead", "LL", TeamRole.LEAD), ("Amir A", "AA",
                                                                                         TeamRole.TEAM)])
    shared = evidence.add_evidence(lead, info.id, text="Original wording.", area_key="leaders",
                                   polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE,
                                   seen_on=date(2026, 3, 3))
    amir = open_workspace(tmp_path / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    enrol(lead, info.id, amir)
    window.open_inspection(info.id)
    window.go("team")
    page = window.pages["team"]
    seen: dict[str, object] = {"progress": []}

    def first_sync(dialog) -> None:
        dialog.task_progress = dialog.progress.valueChanged.connect(lambda v: seen["progress"].append(v))
        qtbot.keyClicks(dialog.address, str(store_path))
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.task is None and "Testshire: sent" in dialog.status.text(), timeout=20000)
        seen["first"] = dialog.status.text()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # "Close" once idle

    opened = when_modal("StoreSyncDialog", first_sync)
    qtbot.mouseClick(_button(page, "Sync with the regional store"), Qt.MouseButton.LeftButton)
    # the inspection, its two team members and the evidence
    assert opened and "Testshire: sent 4 added, 0 updated" in str(seen["first"])
    assert seen["progress"] and max(seen["progress"]) == 100 and len(set(seen["progress"])) > 3
    assert store_link.saved_address() == str(store_path)

    # Amir pulls it, both edit the same evidence, Amir syncs first
    store = open_workspace(store_path, user="Amir A", registry=registry)
    with store.db.read_session() as session:
        from sqlalchemy import text

        assert list(session.execute(text("SELECT text FROM evidence")).scalars()) == ["Original wording."]
    [pulled] = sync(amir, store).inspections
    [theirs] = evidence.find_evidence(amir, pulled.laptop_id, EvidenceFilter(query="Original"))
    evidence.update_evidence(amir, theirs.id, text="Amir's wording.")
    evidence.add_evidence(amir, pulled.laptop_id, text="New from Amir.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER, seen_on=date(2026, 3, 4))
    sync(amir, store, pulled.laptop_id)
    evidence.update_evidence(lead, shared.id, text="The lead's wording.")

    def settle(conflicts) -> None:
        seen["sides"] = (conflicts.model.index(0, 1).data(), conflicts.model.index(0, 2).data())
        seen["enabled_before"] = conflicts.apply_button.isEnabled()
        qtbot.mouseClick(_button(conflicts, "Keep both for all"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(conflicts.apply_button, Qt.MouseButton.LeftButton)

    def second_sync(dialog) -> None:
        assert dialog.address.text() == str(store_path)  # remembered for this data folder
        when_modal("SyncConflictsDialog", settle)
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.task is None and "received" in dialog.status.text(), timeout=20000)
        seen["second"] = dialog.status.text()
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    when_modal("StoreSyncDialog", second_sync)
    qtbot.mouseClick(_button(page, "Sync with the regional store"), Qt.MouseButton.LeftButton)
    assert seen["sides"] == ("text: The lead's wording.", "text: Amir's wording.")
    assert seen["enabled_before"] is False
    expected = ["Amir's wording.", "New from Amir.", "The lead's wording."]
    assert _texts(lead, info.id) == expected
    sync(amir, store, pulled.laptop_id)
    assert _texts(amir, pulled.laptop_id) == expected
    store.close()
    amir.close()


def test_across_inspections_carries_the_previous_grades_and_searches_with_pseudonyms(qtbot, make_window, tmp_path,
                                                                                      registry, engine, request,
                                                                                      monkeypatch):
    from inspector_app.domain.enums import FindingKind, Grade, LegalStatus
    from inspector_app.gui.dialogs.across import AcrossDialog
    from inspector_app.services import cases, findings, inspections, judgements, recommendations

    # Each task's thread is taken as ending only after the dialog's work is done, as on a loaded machine where
    # it winds down after its answer was shown: the next request must not wait for it (a search typed then
    # was dropped).
    ended: list[AcrossDialog] = []
    wind_down = AcrossDialog._finished
    monkeypatch.setattr(AcrossDialog, "_finished", lambda dialog: ended.append(dialog))

    lead_team = [("Lena Lead", "LL", TeamRole.LEAD)]
    store_path = a_store(engine, tmp_path, registry, request)
    old = open_workspace(tmp_path / "old.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True)
    earlier = make_inspection(old, "ilacs@2023", team=lead_team, start_date=date(2023, 5, 8),
                              end_date=date(2023, 5, 19))
    judgements.set_judgement(old, earlier.id, "leaders", Grade.GOOD)
    findings.add_finding(old, earlier.id, kind=FindingKind.RECOMMENDATION, area_key="leaders",
                         text="Supervision that is regular and reflective.")
    case = cases.add_case(old, earlier.id, reference="TS-4471", legal_status=LegalStatus.CHILD_PROTECTION)
    evidence.add_evidence(old, earlier.id, text="Visits to TS-4471 were purposeful.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case.id,
                          seen_on=date(2023, 5, 10))
    store = open_workspace(store_path, user="Lena Lead", registry=registry)
    sync(old, store)
    store.close()
    old.close()
    store_link.save_address(str(store_path))
    window = make_window()
    info = make_inspection(window.ctx.ws, "ilacs@2023", team=lead_team)
    window.open_inspection(info.id)
    window.go("team")
    page = window.pages["team"]
    seen: dict[str, object] = {}

    def use(dialog) -> None:
        qtbot.mouseClick(dialog.find_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.carry_button.isEnabled, timeout=10000)
        seen["previous"] = dialog.previous.toPlainText()
        qtbot.mouseClick(dialog.carry_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "(1 new)" in dialog.status.text(), timeout=10000)
        qtbot.mouseClick(dialog.carry_button, Qt.MouseButton.LeftButton)  # again: nothing more is added
        qtbot.waitUntil(lambda: "(0 new)" in dialog.status.text(), timeout=10000)
        seen["carried"] = dialog.status.text()
        qtbot.keyClicks(dialog.query, "purposeful")
        qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.hits.rowCount() == 1, timeout=10000)
        seen["hit"] = [dialog.hits.index(0, c).data() for c in range(5)]
        for late in ended:
            wind_down(late)
        dialog.reject()

    when_modal("AcrossDialog", use)
    qtbot.mouseClick(_button(page, "Across inspections"), Qt.MouseButton.LeftButton)
    assert "Supervision that is regular and reflective." in str(seen["previous"])
    assert inspections.get_inspection(window.ctx.ws, info.id).previous == {"leaders": Grade.GOOD}
    assert "its 1 recommendation is tracked here" in str(seen["carried"])
    assert seen["hit"][3] == "Child A" and seen["hit"][4] == "Visits to Child A were purposeful."
    assert "TS-4471" not in repr(seen)

    # The carried recommendation is followed up in the Plan view, as one of a local published inspection is.
    window.go("plan")
    plan = window.pages["plan"]
    plan.tabs.setCurrentWidget(plan.recommendations)
    followed = plan.recommendations
    qtbot.waitUntil(lambda: followed.rows.rowCount() == 1)
    assert "carried from the regional store" in followed.rows.index(0, 0).data()
    assert followed.rows.index(0, 2).data() == "Supervision that is regular and reflective."
    followed.statement.setFocus()
    qtbot.keyClicks(followed.statement, "Supervision is now monthly and recorded.")
    qtbot.mouseClick(followed.save_button, Qt.MouseButton.LeftButton)
    [rec] = recommendations.follow_up(window.ctx.ws, info.id)
    assert rec.source_inspection_id is None and rec.carried_into_id == info.id
    assert rec.progress_on(info.id).statement == "Supervision is now monthly and recorded."


@pytest.mark.parametrize("where", ["environment", "address"])
def test_the_sync_dialog_refuses_a_password_from_the_environment_or_in_the_address(qtbot, make_window, store_url,
                                                                                   monkeypatch, registry, where):
    """A real store that would let the sync in (trust on its socket): the dialog refuses before connecting,
    says where the password goes, shows it nowhere and remembers no address."""
    secret = "s3cret-in-the-wrong-place"
    if where == "environment":
        monkeypatch.setenv("PGPASSWORD", secret)
        address = store_url
    else:
        monkeypatch.delenv("PGPASSWORD", raising=False)
        address = store_url.replace("@/", f":{secret}@/", 1)
    window = make_window()
    info = make_inspection(window.ctx.ws, "ilacs@2023", team=[("Lena Lead", "LL", TeamRole.LEAD)])
    window.open_inspection(info.id)
    window.go("team")
    seen: dict[str, object] = {}

    def try_sync(dialog) -> None:
        qtbot.keyClicks(dialog.address, address)
        qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        seen.update(status=dialog.status.text(), task=dialog.task, progress=dialog.progress.value())
        if dialog.task is not None:  # it went ahead (what this test is here to catch): let it end, then close
            qtbot.waitUntil(lambda: dialog.task is None, timeout=30000)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    opened = when_modal("StoreSyncDialog", try_sync)
    qtbot.mouseClick(_button(window.pages["team"], "Sync with the regional store"), Qt.MouseButton.LeftButton)
    assert opened and seen["task"] is None and seen["progress"] == 0  # refused at once, nothing started
    assert "~/.pgpass" in str(seen["status"])
    assert ("PGPASSWORD" in str(seen["status"])) == (where == "environment") and secret not in str(seen["status"])
    assert "\n" not in str(seen["status"])
    assert store_link.saved_address() is None
    monkeypatch.delenv("PGPASSWORD", raising=False)
    store = open_workspace(store_url, user="Lena Lead", registry=registry)
    try:
        with store.db.read_session() as session:
            from sqlalchemy import text

            assert session.execute(text("SELECT count(*) FROM inspection")).scalar() == 0  # nothing was sent
    finally:
        store.close()
