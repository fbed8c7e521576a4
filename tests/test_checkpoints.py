"""The write-ahead log is checkpointed off the save path (storage.checkpoints): a save's commit never
copies the log into the file; a background thread does it soon after, and closing folds it in."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from factories import make_inspection
from sqlalchemy import text

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.frameworks import FrameworkRegistry
from inspector_app.services import evidence, open_workspace
from inspector_app.storage import checkpoints
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
