"""Encryption at rest, passphrases, and surviving a killed process."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from factories import make_inspection

from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.cli import run
from inspector_app.demo import generate_demo
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import cases, evidence, inspections, open_workspace
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.services.workspace import DatabaseOpenError
from inspector_app.storage import cipher
from inspector_app.storage.database import open_database
from inspector_app.storage.files import backup_copy
from inspector_app.storage.rekey import set_passphrase

SECRET = "a long passphrase for tests"


def _distinctive_strings(ws) -> list[str]:
    """100 strings a thief would look for: authorities, case references, evidence wording."""
    found: list[str] = []
    for info in inspections.list_inspections(ws):
        found.append(info.authority)
        found += [c.reference for c in cases.list_cases(ws, info.id)]
        found += [e.text[10:50] for e in evidence.find_evidence(ws, info.id)]
    unique = list(dict.fromkeys(s for s in found if len(s) >= 8 or s in ("Northmoor", "Eastwold")))
    chosen = unique[:5] + random.Random(7).sample(unique[5:], 95)
    assert len(chosen) == 100
    return chosen


def test_demo_under_a_passphrase_leaks_nothing_and_reads_back(tmp_path, registry, monkeypatch):
    path = tmp_path / "secret.sqlite"
    ws = open_workspace(path, user="Lead", registry=registry, passphrase=SECRET, create=True)
    assert ws.db.encrypted
    generate_demo(ws)
    strings = _distinctive_strings(ws)
    northmoor = next(i for i in inspections.list_inspections(ws) if i.authority == "Northmoor")
    backup = backup_copy(path, "backup", SECRET)
    bundle = tmp_path / "out.inspbundle"
    export_bundle(ws, northmoor.id, bundle, passphrase="bundle passphrase")
    with pytest.raises(BundleError, match="bundles must be too"):
        export_bundle(ws, northmoor.id, tmp_path / "plain.inspbundle")
    files = [path, Path(str(path) + "-wal"), backup, bundle]
    assert Path(str(path) + "-wal").exists()
    blobs = {f.name: f.read_bytes() for f in files}
    for text in strings:
        needle = text.encode()
        for name, blob in blobs.items():
            assert needle not in blob, f"{text!r} readable in {name}"
    ws.close()
    again = open_workspace(path, passphrase=SECRET, registry=registry, create=True)
    every_text = {e.text for i in inspections.list_inspections(again) for e in evidence.find_evidence(again, i.id)}
    references = {c.reference for i in inspections.list_inspections(again) for c in cases.list_cases(again, i.id)}
    authorities = {i.authority for i in inspections.list_inspections(again)}
    for text in strings:
        assert any(text in t for t in every_text) or text in references or text in authorities, text
    assert evidence.find_evidence(again, northmoor.id, EvidenceFilter(query="supervision"))
    again.close()


def test_missing_or_wrong_passphrase_is_a_clear_message_and_changes_nothing(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path, passphrase=SECRET, create=True).close()
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="is encrypted: give its passphrase"):
        open_database(path, create=True, plaintext=True)
    with pytest.raises(DatabaseOpenError, match="passphrase does not open"):
        open_database(path, passphrase="not the one", create=True)
    assert path.read_bytes() == before
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()


def test_corrupted_header_is_refused(tmp_path):
    path = tmp_path / "db.sqlite"
    open_database(path, passphrase=SECRET, create=True).close()
    blob = bytearray(path.read_bytes())
    blob[0:16] = os.urandom(16)
    path.write_bytes(bytes(blob))
    with pytest.raises(DatabaseOpenError):
        open_database(path, passphrase=SECRET, create=True)


def test_plain_database_is_encrypted_in_place_with_a_verified_copy(tmp_path, registry):
    path = tmp_path / "plain.sqlite"
    ws = open_workspace(path, registry=registry, create=True, plaintext=True)
    info = make_inspection(ws)
    evidence.add_evidence(ws, info.id, text="Distinctive plain words before encryption", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    ws.close()
    assert b"Distinctive plain words" in path.read_bytes()  # closing folds the WAL into the file
    set_passphrase(path, SECRET)
    assert b"Distinctive plain words" not in path.read_bytes()
    assert not list(tmp_path.glob(".plain.sqlite*")), "no staging or unencrypted copy is left behind"
    ws = open_workspace(path, passphrase=SECRET, registry=registry, create=True)
    assert [e.text for e in evidence.find_evidence(ws, info.id)] == ["Distinctive plain words before encryption"]
    ws.close()
    set_passphrase(path, "another long passphrase", SECRET)
    with pytest.raises(DatabaseOpenError):
        open_database(path, passphrase=SECRET, create=True)
    open_database(path, passphrase="another long passphrase", create=True).close()


def test_cli_uses_the_environment_passphrase(tmp_path, capsys, monkeypatch):
    db = str(tmp_path / "cli.sqlite")
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, SECRET)
    assert run(["demo", "--db", db]) == 0
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    capsys.readouterr()
    assert run(["inspections", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "is encrypted" in err and cipher.PASSPHRASE_ENV in err and err.count("\n") == 1
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, SECRET)
    monkeypatch.setenv("INSPECTOR_APP_NEW_PASSPHRASE", "the new long passphrase")
    assert run(["passphrase", "--db", db]) == 0
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "the new long passphrase")
    assert run(["inspections", "--db", db]) == 0


@pytest.mark.parametrize(("passphrase", "trials"), [(None, 60), (SECRET, 20)])
def test_killed_writer_never_loses_a_returned_save(tmp_path, registry, passphrase, trials):
    """Power cut: SIGKILL at random moments during bursts of saves."""
    path = tmp_path / "crash.sqlite"
    ws = open_workspace(path, user="Writer", registry=registry, passphrase=passphrase, create=True, plaintext=True)
    inspection_id = make_inspection(ws).id
    ws.close()
    rng = random.Random(2026)
    saved: set[str] = set()
    for _trial in range(trials):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer: save as fast as it can, reporting each save that returned
            os.close(read_end)
            try:
                child = open_workspace(path, user="Writer", registry=registry, passphrase=passphrase, create=True)
                evidence.count_evidence(child, inspection_id)  # key the pooled connection before the clock starts
                os.write(write_end, b"ready\n")
                for i in range(100_000):
                    item = evidence.add_evidence(child, inspection_id, text=f"burst item {i}", area_key="leaders",
                                                 polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
                    os.write(write_end, (item.uuid + "\n").encode())
            finally:
                os._exit(0)
        os.close(write_end)
        reader = os.fdopen(read_end)
        assert reader.readline() == "ready\n"
        saved.add(reader.readline().strip())  # killed only once a save has returned, however busy the machine
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        saved |= {line.strip() for line in reader if len(line.strip()) == 36}
        reader.close()
    ws = open_workspace(path, registry=registry, passphrase=passphrase, create=True)
    with ws.db.read_session() as session:
        from sqlalchemy import text

        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        stored = set(session.execute(text("SELECT uuid FROM evidence")).scalars())
    ws.close()
    assert len(saved) >= trials, "the writer barely got to save anything"
    assert saved <= stored, f"{len(saved - stored)} saves that had returned were lost"
