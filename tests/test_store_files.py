"""A PostgreSQL store has no file: every file-only operation (backups, re-key, restore, destroy, purge's
compaction and shredding, the lost-file rescue) is refused in one line or skipped, and nothing is ever written
beside a path standing in for the store (which would land in the current directory)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import make_case, make_inspection

from inspector_app.cli import run
from inspector_app.domain.enums import EvidenceSource, InspectionStatus, Polarity
from inspector_app.services import backups, cases, evidence, inspections, open_workspace, rescue
from inspector_app.services.changes import change_stamp
from inspector_app.services.retention import destroy_database, purge_case_details
from inspector_app.services.workspace import ValidationError, file_only_reasons, reopen_with_passphrase
from inspector_app.storage.database import NoFile
from inspector_app.storage.errors import Reason


def test_opening_a_store_and_every_risky_operation_write_no_file_in_the_current_folder(
        store_url, registry, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    ws = open_workspace(store_url, user="Lena Lead", registry=registry)
    try:
        status = ws.status()
        assert status.path is None and not status.has_file and status.location == store_url
        assert "the store at" in status.name and "?" not in status.name
        info = make_inspection(ws, authority="Fileless")
        case = make_case(ws, info.id, reference="FL-0001")
        cases.add_note(ws, case.id, "Seen with the family support worker.")
        evidence.add_evidence(ws, info.id, text="In FL-0001 plans were reviewed.", area_key="leaders",
                              polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case.id,
                              seen_on=date(2026, 3, 3))
        stamp = change_stamp(ws)  # the window's "written elsewhere?" stamp reads the server, not a file

        with pytest.raises(backups.BackupError) as refused:
            backups.create(ws, "manual")
        assert refused.value.reason is Reason.OPERATOR_TASK and "pg_dump" in str(refused.value)
        with pytest.raises(backups.BackupError):
            backups.test_newest(ws)
        with pytest.raises(backups.BackupError):
            backups.restore_into_workspace(ws, folder / "any.sqlite")
        assert backups.backups_of(ws) == []
        with pytest.raises(NoFile):
            backups.folder_of(ws)
        assert reopen_with_passphrase(ws, "a long new passphrase for the store", None) == \
            file_only_reasons()["passphrase"]
        with pytest.raises(ValidationError, match="DROP DATABASE"):
            destroy_database(ws, confirm="DESTROY")
        assert not rescue.is_lost(ws)

        inspections.update_inspection(ws, info.id, status=InspectionStatus.PUBLISHED)
        done = purge_case_details(ws, info.id, confirm="Fileless")  # no compaction, no backups to shred
        assert done.cases == 1 and done.backups_shredded == 0
        assert change_stamp(ws) != stamp
        assert all(f.ok for f in backups.check(ws)), [f for f in backups.check(ws) if not f.ok]
    finally:
        ws.close()
    for command in (["backup", "create"], ["backup", "test"], ["passphrase"], ["destroy", "--confirm", "DESTROY"]):
        assert run([*command, "--db", store_url]) == 1
        assert capsys.readouterr().err.count("\n") == 1
    assert run(["check", "--db", store_url]) == 0
    assert list(folder.iterdir()) == []


def test_a_stand_in_path_is_never_made(store_url, registry):
    ws = open_workspace(store_url, user="Lena Lead", registry=registry)
    try:
        with pytest.raises(NoFile, match="PostgreSQL store"):
            ws.db.file()
        assert not isinstance(ws.status().path, Path)
    finally:
        ws.close()
