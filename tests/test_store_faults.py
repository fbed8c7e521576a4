"""The file under an open database: deleted, moved or replaced while open, a save is refused in plain
words, nothing is reported saved that is not, and no empty database appears where it was."""

from __future__ import annotations

import os
import shutil

import pytest
from factories import make_inspection

from inspector_app.services import inspections, open_workspace
from inspector_app.services.workspace import StorageError
from inspector_app.storage.backups import BackupError, create_backup
from inspector_app.storage.errors import Reason

SECRET = "a long passphrase for tests"
DEBUG: list[str] = []


def _refused(ws, authority: str) -> StorageError:
    with pytest.raises(StorageError) as refused:
        make_inspection(ws, authority=authority)
    assert refused.value.reason is Reason.FILE_REPLACED
    message = str(refused.value)
    assert "moved, replaced or deleted while open; nothing more is saved; your last save was at" in message
    return refused.value


@pytest.mark.parametrize("passphrase", [None, SECRET], ids=["plain", "encrypted"])
def test_a_database_deleted_while_open_refuses_every_save_and_is_never_recreated(tmp_path, registry, passphrase):
    db = tmp_path / "work.sqlite"
    ws = open_workspace(db, registry=registry, passphrase=passphrase, create=True, plaintext=True)
    make_inspection(ws, authority="Savedshire")
    for companion in (db, db.with_name("work.sqlite-wal"), db.with_name("work.sqlite-shm")):
        companion.unlink(missing_ok=True)
    for n in range(10):
        _refused(ws, f"Lostshire {n}")
    with pytest.raises(StorageError):
        inspections.list_inspections(ws)
    with pytest.raises(BackupError) as backup:
        create_backup(ws.db, "automatic")
    assert backup.value.reason is Reason.FILE_REPLACED
    ws.close()
    assert not db.exists()  # no fresh, empty database where the old one was


@pytest.mark.parametrize("passphrase", [None, SECRET], ids=["plain", "encrypted"])
def test_a_database_replaced_while_open_refuses_saves_and_leaves_the_new_file_alone(tmp_path, registry, passphrase):
    db = tmp_path / "work.sqlite"
    other = tmp_path / "other.sqlite"
    ws = open_workspace(db, registry=registry, passphrase=passphrase, create=True, plaintext=True)
    make_inspection(ws, authority="Mineshire")
    theirs = open_workspace(other, registry=registry, passphrase=passphrase, create=True, plaintext=True)
    make_inspection(theirs, authority="Theirshire")
    theirs.close()
    os.replace(other, db)  # a sync tool or a copy from another laptop puts another file in its place
    before = db.read_bytes()
    _refused(ws, "Lostshire")
    ws.close()
    assert db.read_bytes() == before
    again = open_workspace(db, registry=registry, passphrase=passphrase)  # our log is never replayed into it
    assert [i.authority for i in inspections.list_inspections(again)] == ["Theirshire"]
    again.close()


def test_a_database_moved_while_open_keeps_every_save_at_its_new_place(tmp_path, registry):
    db = tmp_path / "work.sqlite"
    ws = open_workspace(db, registry=registry, passphrase=SECRET, create=True)
    saved = [make_inspection(ws, authority=f"Savedshire {n}").id for n in range(5)]
    moved = tmp_path / "elsewhere" / "work.sqlite"
    moved.parent.mkdir()
    os.rename(db, moved)
    _refused(ws, "Lostshire")
    ws.close()
    assert not db.exists()
    again = open_workspace(moved, registry=registry, passphrase=SECRET)
    assert [i.id for i in inspections.list_inspections(again)] == saved[::-1] or sorted(
        i.id for i in inspections.list_inspections(again)) == saved
    again.close()


def test_an_encrypted_database_overwritten_in_place_is_recognised_by_its_salt(tmp_path, registry):
    db = tmp_path / "work.sqlite"
    ws = open_workspace(db, registry=registry, passphrase=SECRET, create=True)
    make_inspection(ws, authority="Mineshire")
    copy = tmp_path / "copy.sqlite"
    other = open_workspace(copy, registry=registry, passphrase=SECRET, create=True)
    other.close()
    inode = db.stat().st_ino
    with db.open("r+b") as handle:  # same file (same inode), another database's bytes
        shutil.copyfileobj(copy.open("rb"), handle)
    assert db.stat().st_ino == inode
    _refused(ws, "Lostshire")
    ws.close()


def _damage_a_page(db, page: int) -> None:
    """Overwrite one whole page in the middle of the file, as a failing disk sector would."""
    size = 4096
    with db.open("r+b") as handle:
        handle.seek(page * size)
        handle.write(bytes(range(256)) * (size // 256))


@pytest.mark.parametrize("passphrase", [None, SECRET], ids=["plain", "encrypted"])
def test_check_on_a_damaged_page_says_so_in_plain_words_and_what_a_restore_loses(tmp_path, registry, capsys,
                                                                                  monkeypatch, passphrase):
    from inspector_app.cli import run
    from inspector_app.domain.enums import EvidenceSource, Polarity
    from inspector_app.services import evidence

    if passphrase:
        monkeypatch.setenv("INSPECTOR_APP_PASSPHRASE", passphrase)
    db = tmp_path / "work.sqlite"
    ws = open_workspace(db, registry=registry, passphrase=passphrase, create=True, plaintext=True)
    info = make_inspection(ws, authority="Damagedshire")
    for n in range(300):
        evidence.add_evidence(ws, info.id, text=f"Item {n}: " + "the child was seen alone. " * 20, area_key="leaders",
                              polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    create_backup(ws.db, "manual")
    for n in range(10):  # saved after the newest backup: a restore would lose these
        evidence.add_evidence(ws, info.id, text=f"Late item {n}", area_key="leaders",
                              polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    ws.close()
    pages = db.stat().st_size // 4096
    for page in (pages // 3, pages // 2, 2 * pages // 3):
        _damage_a_page(db, page)
    capsys.readouterr()
    code = run([*DEBUG, "check", "--db", str(db)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err and "unexpected problem" not in err and "SELECT" not in out + err
    assert "FAIL" in out and "found." in out and "could not run: the database is damaged" in out
    assert "Restore the newest good backup" in out and "backup restore" in out
    assert "10 changes recorded since then" in out or "unknown number of changes" in out
