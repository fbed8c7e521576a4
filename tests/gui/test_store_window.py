"""The window on a PostgreSQL store, as real people with their own roles (tests/pg.py's cluster): a rostered
inspector opens an inspection, adds evidence and sets a judgement, and the store holds them; someone not on
the store roster, and a quality assurance reviewer, see the server's refusals as one line; and what only a
laptop's file has (backups, passphrase, destroy, the lost-file rescue) is disabled, saying why."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity, TeamRole
from inspector_app.gui.settings import AppSettings, Identity
from inspector_app.services import evidence, judgements, open_workspace
from inspector_app.services.regional_store import grant_group, init_store
from inspector_app.services.roles import RoleError
from inspector_app.services.workspace import StorageError
from tests.factories import make_inspection
from tests.gui.conftest import choose, close_discarding

LOGINS = {"win_lena": "inspector", "win_nora": "inspector", "win_quinn": "qa"}
LENA = Identity("Lena Lead", "LL", TeamRole.LEAD)


def _as(url: str, login: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{login}@{rest.split('@', 1)[1]}"


@pytest.fixture
def store(store_url: str, pg_cluster) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A store set up by its owner, with an inspector, a second inspector and a QA reviewer."""
    with pg_cluster.connect() as conn:
        for login in LOGINS:
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone() is None:
                conn.execute(f'CREATE ROLE "{login}" LOGIN')
    init_store(store_url)
    for login, group in LOGINS.items():
        grant_group(store_url, login, group)
    yield store_url


@pytest.fixture
def store_window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from inspector_app.gui.app import application, build_main_window

    application()
    made = []

    def make(url: str, identity: Identity = LENA):  # type: ignore[no-untyped-def]
        window = build_main_window(url, identity, AppSettings(tmp_path / "settings.ini"))
        window.resize(1366, 768)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.restore_state()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=10000)
        made.append(window)
        return window

    yield make
    for window in made:
        window.ctx.ws.close()


def _dbname(url: str) -> str:
    return url.split("@/", 1)[1].split("?", 1)[0]


def _focused():  # type: ignore[no-untyped-def]
    return QApplication.focusWidget()


def test_a_rostered_inspector_works_in_the_window_on_the_store(qtbot, store, store_window, registry, tmp_path,
                                                              monkeypatch, pg_cluster):
    monkeypatch.chdir(tmp_path)
    url = _as(store, "win_lena")
    lead = open_workspace(url, user="Lena Lead", registry=registry)
    info = make_inspection(lead, authority="Storeshire")  # Lena made it, so the store roster names her
    lead.close()
    window = store_window(url)
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.model.rowCount() == 1)
    home.view.setFocus()
    qtbot.keyClick(home.view, Qt.Key.Key_Home)
    qtbot.keyClick(home.view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx.inspection_id == info.id)

    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    capture = QApplication.activeModalWidget()
    qtbot.waitUntil(capture.isActiveWindow, timeout=10000)
    qtbot.keyClicks(_focused(), "Managers' oversight is recorded on every file read.")
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is capture.ui.descriptorSearch
    qtbot.keyClicks(_focused(), "leaders")
    qtbot.keyClick(_focused(), Qt.Key.Key_Down)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    window.go("judgements")
    board = window.pages["judgements"]
    choose(qtbot, board.card("leaders").grade, "Good")

    check = open_workspace(url, user="Lena Lead", registry=registry)
    try:
        qtbot.waitUntil(lambda: judgements.judgement_state(check, info.id).grade("leaders") is Grade.GOOD)
        [item] = evidence.find_evidence(check, info.id)
        assert item.text == "Managers' oversight is recorded on every file read." and item.author == "Lena Lead"
        assert item.area_key == "leaders"
    finally:
        check.close()
    with pg_cluster.connect(_dbname(store)) as conn:  # as the owner: what the server holds, and who wrote it
        rows = conn.execute("SELECT who, entity FROM audit_event WHERE inspection_uuid = %s ORDER BY id",
                            (info.uuid,)).fetchall()
    assert ("Lena Lead", "evidence") in rows and ("Lena Lead", "judgement") in rows
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.ini"]  # nothing written beside a stand-in


def test_what_only_a_file_has_is_disabled_on_a_store_saying_why(qtbot, store, store_window, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    window = store_window(_as(store, "win_lena"))
    assert window.ctx.ws.status().path is None and "the store at" in window.ctx.ws.status().name
    for action, says in ((window.passphrase_action, "no passphrase"), (window.backups_action, "pg_dump"),
                         (window.destroy_action, "DROP DATABASE"), (window.rescue_action, "server")):
        assert not action.isEnabled() and says in action.toolTip()
    window.backup("manual")  # the timer's backup is not attempted on a store: nothing runs, nothing is said
    assert not window.backup_running and "pg_dump" not in window.statusBar().currentMessage()
    window.save_recent_work()
    assert [p.name for p in tmp_path.iterdir()] == []  # no backup, lock or rescue file beside a stand-in path


def test_a_quality_assurance_reviewer_reads_the_store_and_every_write_is_one_line(qtbot, store, store_window,
                                                                                  registry):
    lead = open_workspace(_as(store, "win_lena"), user="Lena Lead", registry=registry)
    info = make_inspection(lead, authority="Reviewshire")
    lead.close()
    window = store_window(_as(store, "win_quinn"), Identity("Quinn Reviewer", "QR", TeamRole.TEAM))
    home = window.pages["home"]
    qtbot.waitUntil(lambda: home.model.rowCount() == 1)
    window.open_inspection(info.id)
    assert window.ctx.ws.status().read_only
    assert window.ctx.identity.read_only and not window.capture_action.isEnabled()
    assert "(read-only)" in window.windowTitle()
    window.go("judgements")
    assert not window.pages["judgements"].card("leaders").grade.isEnabled()
    with pytest.raises((StorageError, RoleError)) as refused:  # what the window would save: refused in one line
        evidence.add_evidence(window.ctx.ws, info.id, text="A reviewer's note.", area_key="leaders",
                              polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    assert "nothing was changed" in str(refused.value) and "\n" not in str(refused.value)
    assert evidence.evidence_ids(window.ctx.ws, info.id) == []


def test_the_window_starts_on_the_store_address_the_command_line_gives(qtbot, store, tmp_path, monkeypatch):
    from inspector_app import cli
    from inspector_app.gui import app, launch

    given: list[object] = []
    monkeypatch.setattr(launch, "run_gui", lambda db, plaintext=False: given.append(db) or 0)
    url = _as(store, "win_lena")
    assert cli.run(["--db", url]) == 0
    assert given == [url]  # the address as typed (a Path would fold its "//" and name a file)

    app.application()
    shell = app.start_window(url, LENA, AppSettings(tmp_path / "settings.ini"))
    with qtbot.waitSignal(shell.window_ready, timeout=20000) as ready:
        pass
    window = ready.args[0]
    assert window is not None and window.ctx.ws.status().location == url
    qtbot.addWidget(window)
    window.ctx.ws.close()

    said: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    wrong = url.replace("/t", "/no_such_db_", 1) if "@/t" in url else url + "x"
    shell = app.start_window(wrong, LENA, AppSettings(tmp_path / "settings.ini"))
    with qtbot.waitSignal(shell.window_ready, timeout=20000) as ready:
        pass
    assert ready.args[0] is None
    [line, nothing] = said[0].split("\n\n")
    assert "would not let" in line and "SELECT" not in line and nothing == "Nothing was changed."


def test_someone_taken_off_the_store_roster_sees_the_servers_refusal_as_one_line(qtbot, store, store_window,
                                                                               registry, pg_cluster):
    from inspector_app.services.regional_store import add_to_roster

    lead = open_workspace(_as(store, "win_lena"), user="Lena Lead", registry=registry)
    info = make_inspection(lead, authority="Rostershire", team=[("Lena Lead", "LL", TeamRole.LEAD),
                                                                 ("Nora N", "NN", TeamRole.TEAM)])
    lead.close()
    outsider = store_window(_as(store, "win_nora"), Identity("Nora N", "NN", TeamRole.TEAM))
    assert outsider.pages["home"].model.rowCount() == 0  # not on the store roster: the server shows her nothing
    outsider.ctx.ws.close()
    add_to_roster(store, "win_nora", info.id)  # the store's owner lets her work on it
    window = store_window(_as(store, "win_nora"), Identity("Nora N", "NN", TeamRole.TEAM))
    qtbot.waitUntil(lambda: window.pages["home"].model.rowCount() == 1)
    window.open_inspection(info.id)
    with pg_cluster.connect(_dbname(store)) as conn:  # …and takes her off again while her window is open
        conn.execute("DELETE FROM inspector_access.roster WHERE login = 'win_nora'")
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    capture = QApplication.activeModalWidget()
    qtbot.waitUntil(capture.isActiveWindow, timeout=10000)
    qtbot.keyClicks(_focused(), "Seen after the roster changed.")
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(_focused(), "leaders")
    qtbot.keyClick(_focused(), Qt.Key.Key_Down)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    qtbot.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(capture.ui.errorLabel.text()))
    line = capture.ui.errorLabel.text()
    assert "\n" not in line and "SELECT" not in line and "Traceback" not in line
    assert "row-level security hides it from your role" in line and "store roster" in line, line
    close_discarding(qtbot, capture)
    with pg_cluster.connect(_dbname(store)) as conn:
        assert conn.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_a_store_that_stops_answering_is_looked_at_again_quietly(qtbot, store, store_window, pg_cluster):
    from inspector_app.services.changes import UNKNOWN, change_stamp

    window = store_window(_as(store, "win_lena"))
    name = _dbname(store)
    with pg_cluster.connect() as conn:  # the server stops letting anyone in, and drops who was there
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        conn.execute("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = %s "
                     "AND pid <> pg_backend_pid()", (name,))
    try:
        assert change_stamp(window.ctx.ws) == UNKNOWN
        window.check_outside_changes()  # the watch's tick: no error box, no traceback, tried again later
        assert window.watch_timer.isActive()
    finally:
        with pg_cluster.connect() as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert change_stamp(window.ctx.ws) != UNKNOWN
