"""Verified backups, tiered retention, restore and 'test my backup'; integrity check; one writer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from factories import make_inspection

from inspector_app.cli import run
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace
from inspector_app.services.workspace import DatabaseOpenError
from inspector_app.storage import backups
from inspector_app.storage.integrity import check_database
from inspector_app.storage.writer_lock import storage_warning

SECRET = "a long passphrase for tests"


def _add(ws, inspection_id, text):
    return evidence.add_evidence(ws, inspection_id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE)


def test_backup_is_verified_encrypted_and_restores(tmp_path, registry):
    path = tmp_path / "live.sqlite"
    ws = open_workspace(path, registry=registry, passphrase=SECRET, create=True)
    info = make_inspection(ws)
    _add(ws, info.id, "Before the backup, distinctive words")
    made = backups.create_backup(ws.db, "manual")
    assert made.path.parent == backups.folder_for(path)
    assert b"distinctive words" not in made.path.read_bytes()
    assert "matches the database exactly" in backups.test_newest_backup(ws.db)
    _add(ws, info.id, "After the backup")
    assert "work since then differs: evidence (1 then, 2 now)" in backups.test_newest_backup(ws.db)
    ws.close()
    safety = backups.restore_backup(path, made.path, SECRET)
    ws = open_workspace(path, registry=registry, passphrase=SECRET, create=True)
    assert [e.text for e in evidence.find_evidence(ws, info.id)] == ["Before the backup, distinctive words"]
    ws.close()
    assert safety is not None and safety.reason == "before-restore"
    with pytest.raises(backups.BackupError, match="cannot be read with this passphrase"):
        backups.restore_backup(path, made.path, "wrong passphrase")


def test_tiered_retention_keeps_recent_daily_and_weekly(tmp_path):
    now = datetime(2026, 11, 22, 12, tzinfo=UTC)
    taken = [now - timedelta(hours=h) for h in range(0, 24 * 90, 5)]
    fake = [backups.Backup(tmp_path / f"b{i}.sqlite", t, "automatic", 1) for i, t in enumerate(taken)]
    kept = backups.keep(fake, now)
    kept_times = sorted((b.taken_at for b in fake if b.path in kept), reverse=True)
    assert kept_times[:backups.KEEP_RECENT] == taken[:backups.KEEP_RECENT]
    days = {t.date() for t in kept_times if now - t <= timedelta(days=7)}
    assert len(days) == 8  # today and each of the last seven days
    assert all(now - t <= timedelta(weeks=backups.KEEP_WEEKLY) for t in kept_times)
    assert len(kept) <= backups.KEEP_RECENT + backups.KEEP_DAILY + 1 + backups.KEEP_WEEKLY
    assert len(kept) < len(fake) / 10


def test_cli_backup_and_check(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "cli.sqlite")
    assert run(["demo", "--no-encryption", "--db", db]) == 0
    assert run(["backup", "create", "--db", db]) == 0
    assert run(["backup", "test", "--db", db]) == 0
    assert "matches the database exactly" in capsys.readouterr().out
    assert run(["backup", "list", "--db", db]) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if "manual" in x]
    assert run(["backup", "restore", "--db", db, "--from", line.split()[-1]]) == 0
    assert run(["check", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "The database is sound." in out and "FAIL" not in out


def test_check_reports_a_broken_invariant(tmp_path, registry):
    ws = open_workspace(tmp_path / "x.sqlite", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws)
    _add(ws, info.id, "text")
    from inspector_app.storage import cipher

    raw = cipher.keyed_connect(ws.db.path, None)  # outside the app, as damage would be
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("UPDATE evidence SET inspection_id = 999")
    raw.commit()
    raw.close()
    failed = [f for f in check_database(ws.db) if not f.ok]
    assert {f.check for f in failed} >= {"every evidence item belongs to an existing inspection",
                                         "references between rows"}
    ws.close()


def test_a_second_writer_is_refused_naming_the_holder(tmp_path, registry):
    path = tmp_path / "shared.sqlite"
    first = open_workspace(path, registry=registry, exclusive=True, create=True, plaintext=True)
    with pytest.raises(DatabaseOpenError, match=r"already open in Inspector App \(process \d+ on "):
        open_workspace(path, registry=registry, exclusive=True, create=True, plaintext=True)
    first.close()
    open_workspace(path, registry=registry, exclusive=True, create=True, plaintext=True).close()


def test_synced_folders_are_warned_about(tmp_path):
    assert "cloud-synced" in storage_warning(Path("/home/ann/Dropbox/inspections.sqlite"))
    assert "cloud-synced" in storage_warning(Path("C:/Users/ann/OneDrive/inspections.sqlite"))
    assert storage_warning(tmp_path / "inspections.sqlite") is None


def test_cli_restores_the_newest_good_backup_over_a_damaged_database_and_keeps_it(tmp_path, capsys, registry):
    db = tmp_path / "damaged.sqlite"
    ws = open_workspace(db, registry=registry, create=True, plaintext=True)
    make_inspection(ws, authority="Restoreshire")
    backups.create_backup(ws.db, "manual")
    ws.close()
    damaged = bytearray(db.read_bytes())
    damaged[100:4096] = b"\xff" * (4096 - 100)  # the schema's page: SQLite can no longer read the file
    db.write_bytes(bytes(damaged))
    with pytest.raises(DatabaseOpenError) as refused:
        open_workspace(db, registry=registry, create=True, plaintext=True)
    assert refused.value.damaged
    assert run(["backup", "restore", "--db", str(db)]) == 0
    assert "is damaged; it will be kept" in capsys.readouterr().err
    [kept] = tmp_path.glob("damaged.damaged-*.sqlite")
    assert kept.read_bytes() == bytes(damaged)
    ws = open_workspace(db, registry=registry, create=True, plaintext=True)
    from inspector_app.services import inspections

    assert [i.authority for i in inspections.list_inspections(ws)] == ["Restoreshire"]
    ws.close()


def test_changing_the_passphrase_backs_up_first_and_moves_every_copy_to_the_new_one(tmp_path, registry):
    from inspector_app.storage import cipher
    from inspector_app.storage.rekey import set_passphrase

    path = tmp_path / "keys.sqlite"
    ws = open_workspace(path, registry=registry, create=True, plaintext=True)
    make_inspection(ws, authority="Rekeyshire")
    backups.create_backup(ws.db, "manual")
    ws.close()
    assert cipher.is_plain_sqlite(backups.list_backups(path)[0].path)

    assert set_passphrase(path, SECRET) == 2  # the manual backup and the one taken before encrypting
    copies = backups.list_backups(path)
    assert sorted(b.reason for b in copies) == ["before-rekey", "manual"]
    for copy in copies:  # no plain copy of the data is left beside an encrypted database
        assert not cipher.is_plain_sqlite(copy.path)
        cipher.check_passphrase(copy.path, SECRET)

    set_passphrase(path, "a newer passphrase entirely", SECRET)
    for copy in backups.list_backups(path):
        with pytest.raises(cipher.WrongPassphrase):
            cipher.check_passphrase(copy.path, SECRET)  # a leaked old passphrase opens no copy
        cipher.check_passphrase(copy.path, "a newer passphrase entirely")
    ws = open_workspace(path, passphrase="a newer passphrase entirely", registry=registry, create=True)
    assert backups.test_newest_backup(ws.db).startswith("The backup of")
    ws.close()


def test_backups_taken_at_once_all_succeed(tmp_path, registry):
    """The window's timer, an import and the command line may each start a backup at the same moment;
    none may delete another's copy while it is being written (the cause of an import that failed
    now and then)."""
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "live.sqlite"
    ws = open_workspace(path, registry=registry, passphrase=SECRET, create=True)
    info = make_inspection(ws)
    for n in range(200):
        _add(ws, info.id, f"Item {n} with enough words to make the copy take a moment")
    with ThreadPoolExecutor(4) as pool:
        made = list(pool.map(lambda reason: backups.create_backup(ws.db, reason),
                             ["automatic", "before-import", "manual", "automatic"] * 3))
    assert len({b.path for b in made}) == len(made)
    kept = backups.list_backups(path)
    assert len(kept) == backups.KEEP_RECENT and {b.path for b in kept} <= {b.path for b in made}
    assert "matches the database exactly" in backups.test_newest_backup(ws.db)
    ws.close()
