"""What a save remembers between saves on one connection (``storage.save_memo``) is never trusted stale.

A save keeps its inspection's team, who may write, the author's last reference number and the audit chain's
last link per SQLite connection, and re-reads them as soon as anything else wrote: another connection
(SQLite's ``data_version``), this connection through a session (its ``total_changes``), or a save of its own
that rolled back. Each test makes one of those happen between two saves and checks what the database holds:
the references follow on without a gap or a repeat, the hash chain verifies, the new team is used.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import make_inspection
from sqlalchemy import event
from templates import copy_of, template

from inspector_app.domain.enums import EvidenceSource, Polarity, TeamRole
from inspector_app.frameworks import FrameworkRegistry
from inspector_app.services import Workspace, evidence, inspections, open_workspace
from inspector_app.services.workspace import ValidationError
from inspector_app.storage import audit_chain, cipher

LEAD = "Lena Lead"
_FACTORY: list[pytest.TempPathFactory] = []


@pytest.fixture(scope="module", autouse=True)
def _factory(tmp_path_factory: pytest.TempPathFactory) -> None:
    _FACTORY[:] = [tmp_path_factory]


def _build(folder: Path) -> None:
    ws = open_workspace(folder / "one.sqlite", user=LEAD, create=True, plaintext=True)
    make_inspection(ws)
    ws.close()


@pytest.fixture
def lead(registry: FrameworkRegistry) -> Iterator[Workspace]:
    """The lead's database, with no background checkpoint taking a pooled connection while a test runs (so
    which connection each save gets is the pool's order alone)."""
    source = template(_FACTORY[0], "save-memo", _build, __file__) / "one.sqlite"
    ws = open_workspace(copy_of(_FACTORY[0], source), user=LEAD, registry=registry, plaintext=True)
    with ws.db.checkpoints_paused():
        yield ws
    ws.close()


def _save(ws: Workspace, text: str = "Supervision is regular.", **kw: Any) -> Any:
    values: dict[str, Any] = dict(text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                                  source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))
    values.update(kw)
    return evidence.add_evidence(ws, 1, **values)


def _stored(ws: Workspace) -> tuple[list[str], list[audit_chain.Verdict]]:
    """Every reference in the order saved, and the audit chain's verdicts, read as another program would."""
    driver = cipher.keyed_connect(ws.db.file(), None)
    try:
        refs = [r[0] for r in driver.execute("SELECT ref FROM evidence ORDER BY id")]
        return refs, audit_chain.verify(driver)
    finally:
        driver.close()


def _checkouts(ws: Workspace) -> list[Any]:
    """The DB-API connections the pool hands out from now on, in order."""
    seen: list[Any] = []
    event.listen(ws.db.engine, "checkout", lambda dbapi_connection, _record, _proxy: seen.append(dbapi_connection))
    return seen


def test_another_connection_writing_between_two_saves_is_seen(lead: Workspace) -> None:
    """The same connection saves twice; in between another connection saves an item (its reference number and
    its audit event): the second save must follow both, not what its connection remembered."""
    seen = _checkouts(lead)
    _save(lead, "First.")
    held = lead.db.engine.connect()  # the connection the first save used, kept busy
    _save(lead, "Saved by another connection.")
    held.close()
    _save(lead, "Third.")
    first, kept, other, third = seen
    assert first is kept is third and other is not first, "the test must save on one connection, another, the first"
    refs, verdicts = _stored(lead)
    assert refs == ["LL-1", "LL-2", "LL-3"]
    assert all(v.ok for v in verdicts), [v.detail for v in verdicts if not v.ok]


def test_a_session_writing_on_the_same_connection_between_two_saves_is_seen(lead: Workspace) -> None:
    """The lead's initials change through a session (on the connection the save just used) between two saves:
    the second save's reference takes the new initials."""
    seen = _checkouts(lead)
    _save(lead, "First.")
    inspections.update_inspection(lead, 1, team=[(LEAD, "LX", TeamRole.LEAD), ("Tariq Team", "TT", TeamRole.TEAM)])
    _save(lead, "Second.")
    assert len(set(map(id, seen))) == 1, "the test must write on one connection throughout"
    refs, verdicts = _stored(lead)
    assert refs == ["LL-1", "LX-1"]
    assert all(v.ok for v in verdicts), [v.detail for v in verdicts if not v.ok]


def test_a_save_rolled_back_leaves_nothing_remembered(lead: Workspace) -> None:
    """A save refused after taking its reference number (the descriptor check comes later) rolls back the
    number: the next save takes it, with no gap."""
    _save(lead, "First.")
    with pytest.raises(ValidationError):
        _save(lead, "Refused.", descriptors=["no such descriptor"])
    _save(lead, "Second.")
    refs, verdicts = _stored(lead)
    assert refs == ["LL-1", "LL-2"]
    assert all(v.ok for v in verdicts), [v.detail for v in verdicts if not v.ok]


def test_a_checkpoint_during_a_burst_of_saves_leaves_them_their_connection(lead: Workspace) -> None:
    """The checkpoint thread runs beside a burst of saves (every fifty writes): it must not hold the connection
    the saves use, or the next save gets another connection, whose remembered reads are stale, and reads
    everything again (and so does the one after, back on the first). A checkpoint is held open while a save
    runs: every save still gets the one connection, and what they wrote follows on."""
    checkpointer = lead.db.checkpointer
    assert checkpointer is not None
    seen = _checkouts(lead)
    _save(lead, "First.")
    holding, release = threading.Event(), threading.Event()
    ours = checkpointer._ours

    def held(raw: Any) -> bool:  # the checkpoint has its connection: keep it until the next save is done
        holding.set()
        release.wait(10)
        return ours(raw)

    checkpointer._ours = held
    running = threading.Thread(target=checkpointer.checkpoint, args=("PASSIVE",))
    running.start()
    try:
        assert holding.wait(10)
        _save(lead, "During a checkpoint.")
    finally:
        release.set()
        running.join()
        checkpointer._ours = ours
    _save(lead, "After it.")
    assert len(seen) == 3 and len(set(map(id, seen))) == 1, "each save must find the connection the last one used"
    refs, verdicts = _stored(lead)
    assert refs == ["LL-1", "LL-2", "LL-3"]
    assert all(v.ok for v in verdicts), [v.detail for v in verdicts if not v.ok]
