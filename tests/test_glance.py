"""Start-up's first look: the overview's headline numbers read with the driver alone, and the lazy services."""

from __future__ import annotations

import hashlib
import shutil
import sys

from inspector_app.services import inspections, open_workspace, overview, workspace
from inspector_app.services.glance import glance


def test_the_glance_counts_what_the_overview_counts_and_writes_nothing(demo_db_file, tmp_path, registry):
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_file, db)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    looks = {i: glance(db, i) for i in range(1, 12)}  # every inspection the demo has, and ids it has not
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before  # read-only: not a byte written
    wal = tmp_path / "demo.sqlite-wal"  # SQLite's reader may leave an empty log, as private as the file
    assert not wal.exists() or (wal.stat().st_size == 0 and wal.stat().st_mode == db.stat().st_mode)
    ws = open_workspace(db, user="Priya Raman", registry=registry, read_only=True)
    try:
        known = {i.id: i for i in inspections.list_inspections(ws)}
        assert known and {i for i, look in looks.items() if look is not None} == set(known)
        for inspection_id, info in known.items():
            stats = overview.overview(ws, inspection_id)
            look = looks[inspection_id]
            assert look is not None
            assert (look.authority, look.days_on_site, look.cases, look.audits, look.evidence, look.notes) == (
                info.authority, stats.days_on_site, stats.cases, stats.audits, stats.evidence, stats.notes)
        assert any(look.evidence and look.audits and look.notes for look in looks.values() if look)
    finally:
        ws.close()
    assert glance(db, None) is None and glance("postgresql://store.example/x", 1) is None
    assert glance(tmp_path / "missing.sqlite", 1) is None


def test_a_file_that_is_not_a_database_gives_no_glance(tmp_path):
    junk = tmp_path / "notes.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x07" * 4000)
    assert glance(junk, 1) is None


def test_every_workspace_installs_the_write_check_whatever_imported_the_services(monkeypatch, tmp_path, registry):
    """The package imports lazily, so the check of who may write what is installed by the first workspace."""
    monkeypatch.setattr(workspace, "_WRITE_GUARD", [])  # as in a process that never imported permissions
    monkeypatch.delitem(sys.modules, "inspector_app.services.permissions")
    ws = open_workspace(tmp_path / "w.sqlite", user="Tess", registry=registry, create=True, plaintext=True)
    try:
        assert ws.db.write_guard is not None and ws.db.core_guard is not None
        assert ws.db.write_guard.__module__ == "inspector_app.services.permissions"
    finally:
        ws.close()
