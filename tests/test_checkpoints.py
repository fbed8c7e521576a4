"""The write-ahead log is checkpointed off the save path (storage.checkpoints): a save's commit never
copies the log into the file; a background thread does it soon after, and closing folds it in."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from factories import make_inspection
from sqlalchemy import text

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.frameworks import FrameworkRegistry
from inspector_app.services import evidence, open_workspace
from inspector_app.storage import checkpoints, cipher
from inspector_app.storage.checkpoints import Checkpointer

pytestmark = pytest.mark.sqlite_only


def _save(ws, inspection_id: int, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        evidence.add_evidence(ws, inspection_id, text=f"Supervision is regular ({i}).", area_key="leaders",
                              polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)


def _wait_for(condition, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the background checkpoint never ran"
        time.sleep(0.01)


def test_saves_leave_the_checkpoint_to_the_background(tmp_path: Path, registry: FrameworkRegistry) -> None:
    ws = open_workspace(tmp_path / "a.sqlite", user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        with ws.db.engine.connect() as connection:  # the automatic checkpoint is only a backstop
            assert connection.execute(text("PRAGMA wal_autocheckpoint")).scalar() == checkpoints.AUTOCHECKPOINT_PAGES
        inspection = make_inspection(ws)
        checkpointer = ws.db.checkpointer
        assert checkpointer is not None
        before = checkpointer.runs
        _save(ws, inspection.id, 5)
        _wait_for(lambda: checkpointer.runs > before)
        busy, log, copied = checkpointer.last or (1, 0, -1)
        assert busy == 0 and log == copied  # everything in the log was copied into the file
    finally:
        ws.close()


def test_closing_folds_the_log_into_the_file(tmp_path: Path, registry: FrameworkRegistry) -> None:
    path = tmp_path / "b.sqlite"
    ws = open_workspace(path, user="Tess Tester", registry=registry, create=True, plaintext=True)
    inspection = make_inspection(ws)
    _save(ws, inspection.id, 20)
    ws.close()
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    # The file alone (no log read) holds every save.
    alone = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        assert alone.execute("SELECT count(*) FROM evidence").fetchone()[0] == 20
    finally:
        alone.close()


def test_no_checkpoint_through_a_connection_on_another_file(tmp_path: Path, registry: FrameworkRegistry) -> None:
    path = tmp_path / "c.sqlite"
    ws = open_workspace(path, user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        make_inspection(ws)
        checkpointer = ws.db.checkpointer
        assert checkpointer is not None
        assert checkpointer.checkpoint("PASSIVE") is not None
        ws.db.engine.dispose()  # no pooled connection still holds the file we opened
        path.rename(tmp_path / "moved.sqlite")
        sqlite3.connect(path).close()  # another (empty) file now at the path
        assert checkpointer.checkpoint("PASSIVE") is None
    finally:
        ws.db.closed = True  # the file is gone: closing must not reach for it
        ws.db.engine.dispose()


def test_paused_waits_for_a_running_checkpoint_and_holds_the_next(tmp_path: Path, registry: FrameworkRegistry) -> None:
    ws = open_workspace(tmp_path / "d.sqlite", user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        inspection = make_inspection(ws)
        checkpointer = ws.db.checkpointer
        assert isinstance(checkpointer, Checkpointer)
        with ws.db.checkpoints_paused():
            runs = checkpointer.runs
            _save(ws, inspection.id, 3)  # wakes the thread, which must wait for the pause to end
            assert checkpointer.runs == runs
        _wait_for(lambda: checkpointer.runs > runs)
    finally:
        ws.close()


def test_a_long_burst_of_saves_is_checkpointed_without_waiting_for_quiet(
        tmp_path: Path, registry: FrameworkRegistry, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkpoints, "QUIET_SECONDS", 60.0)  # longer than the wait below: only the count can do it
    monkeypatch.setattr(checkpoints, "WRITES_BEFORE_CHECKPOINT", 5)
    ws = open_workspace(tmp_path / "e.sqlite", user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        inspection = make_inspection(ws)
        checkpointer = ws.db.checkpointer
        assert checkpointer is not None
        runs = checkpointer.runs
        _save(ws, inspection.id, 12)
        _wait_for(lambda: checkpointer.runs > runs)
    finally:
        ws.close()


def test_the_windows_change_stamp_ignores_its_own_checkpoints_but_not_another_writer(
        tmp_path: Path, registry: FrameworkRegistry) -> None:
    from inspector_app.services.changes import change_stamp

    path = tmp_path / "f.sqlite"
    ws = open_workspace(path, user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        inspection = make_inspection(ws)
        checkpointer = ws.db.checkpointer
        assert checkpointer is not None
        runs = checkpointer.runs
        _save(ws, inspection.id, 3)
        mine = change_stamp(ws)  # the window remembers this after its own save
        _wait_for(lambda: checkpointer.runs > runs)  # then its checkpoint writes into the main file
        assert change_stamp(ws) == mine
        other = sqlite3.connect(path)  # another process's write
        try:
            other.execute("UPDATE inspection SET authority = 'Elsewhere' WHERE id = ?", (inspection.id,))
            other.commit()
        finally:
            other.close()
        assert change_stamp(ws) != mine
    finally:
        ws.close()


def _nothing_to_merge(path: Path) -> bool:
    """Whether FTS5's ``merge`` finds nothing to do, asked of a copy (asking the file itself would merge it)."""
    copy = path.with_name(f"probe-{time.monotonic_ns()}.sqlite")
    # The app's own SQLite library: a second library in the process would not see the app's locks, and closing
    # its connection would fold and delete the log under the app's feet.
    driver = cipher.dbapi()
    source, con = driver.connect(str(path)), driver.connect(str(copy), isolation_level=None)
    try:
        source.backup(con)
        before = con.total_changes
        con.execute("INSERT INTO evidence_fts(evidence_fts, rank) VALUES('merge', 64)")
        return con.total_changes - before < 2
    finally:
        source.close()
        con.close()


def test_after_a_bulk_write_the_full_text_index_is_merged_once_writes_pause(
        tmp_path: Path, registry: FrameworkRegistry) -> None:
    from inspector_app.services.changes import change_stamp

    path = tmp_path / "g.sqlite"
    ws = open_workspace(path, user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        inspection = make_inspection(ws)
        with ws.db.engine.connect() as connection:  # saves that leave their segments unmerged, as a bulk write does
            connection.exec_driver_sql("INSERT INTO evidence_fts(evidence_fts, rank) VALUES('automerge', 0)")
            connection.commit()
        checkpointer = ws.db.checkpointer
        assert checkpointer is not None
        _save(ws, inspection.id, 6)
        _wait_for(lambda: checkpointer.runs > 0)
        assert checkpointer.merges == 0 and not _nothing_to_merge(path)  # saves alone leave their segments
        seen = change_stamp(ws)  # what the window remembers after its own writes
        log_before = ws.db.log_stamp()
        checkpointer.wrote(bulk=True)
        _wait_for(lambda: checkpointer.merges > 0 and not checkpointer.merge_pending)
        assert _nothing_to_merge(path)  # nothing left to merge
        assert ws.db.log_stamp() != log_before  # merging wrote to the log, yet the window sees no one else's change:
        assert change_stamp(ws) == seen
        other = cipher.dbapi().connect(str(path))  # while another program's write is seen as ever
        try:
            other.execute("UPDATE inspection SET authority = 'Elsewhere' WHERE id = ?", (inspection.id,))
            other.commit()
        finally:
            other.close()
        assert change_stamp(ws) != seen
        found = evidence.evidence_ids(ws, inspection.id, evidence.EvidenceFilter(query="supervision"))
        assert len(found) == 6
        with ws.db.engine.connect() as connection:
            connection.exec_driver_sql("INSERT INTO evidence_fts(evidence_fts, rank) VALUES('integrity-check', 1)")
    finally:
        ws.close()


def test_a_write_of_many_rows_is_marked_bulk_and_the_mark_ends_with_it(
        tmp_path: Path, registry: FrameworkRegistry, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspector_app.storage import bulk
    from inspector_app.storage.models import KnownVersion

    ws = open_workspace(tmp_path / "h.sqlite", user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        checkpointer = ws.db.checkpointer
        assert checkpointer is not None
        told: list[bool] = []
        monkeypatch.setattr(checkpointer, "wrote", lambda bulk=False: told.append(bulk))
        rows = [{"row_uuid": f"u{n}", "content_hash": f"h{n}"} for n in range(bulk.BULK_ROWS)]
        with ws.db.session() as session:
            bulk.execute_many(session, KnownVersion.__table__, rows[:3])
        with ws.db.session() as session:
            more = [{"row_uuid": f"m{n}", "content_hash": "m"} for n in range(3)]
            bulk.execute_many(session, KnownVersion.__table__, [*rows[3:], *more])
        with ws.db.write_connection() as connection:
            bulk.execute_many(connection, KnownVersion.__table__, [{"row_uuid": f"c{n}", "content_hash": "c"}
                                                                   for n in range(bulk.BULK_ROWS)])
        with ws.db.write_connection() as connection:  # the same pooled connection: the mark did not stay on it
            bulk.execute_many(connection, KnownVersion.__table__, [{"row_uuid": "d", "content_hash": "d"}])
        assert told == [False, True, True, False]
    finally:
        ws.close()


def test_the_checkpoint_thread_starts_with_the_database_not_inside_the_first_save(
        tmp_path: Path, registry: FrameworkRegistry) -> None:
    """Started by the first write, the thread cost that save 2-3.5 ms (a thread's start waits for it to run):
    it is running once the database is open, before anything is saved, and closing the database ends it."""
    before = set(threading.enumerate())
    ws = open_workspace(tmp_path / "c.sqlite", user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        started = [t for t in set(threading.enumerate()) - before if t.name == "wal-checkpoint"]
        assert len(started) == 1 and started[0].is_alive()
    finally:
        ws.close()
    assert not started[0].is_alive()
