"""A full disk and a read-only location: a clear message, the last good state intact, no partial files.

Each scenario runs in a child process (tests/fault_child.py): a file-size limit (RLIMIT_FSIZE) makes
every write past it fail as on a full disk, and dropping the right to override file permissions
makes a folder read-only even for root.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from factories import make_inspection

from inspector_app.services import cases, inspections, open_workspace
from inspector_app.storage import integrity

CHILD = Path(__file__).with_name("fault_child.py")


def _run(scenario: str, folder: Path, prefix: list[str] | None = None) -> dict:
    done = subprocess.run([*(prefix or []), sys.executable, str(CHILD), scenario, str(folder)],
                          capture_output=True, text=True, timeout=120, cwd=Path(__file__).parents[1])
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_saving_on_a_full_disk_says_so_and_keeps_every_earlier_save(tmp_path, registry):
    outcome = _run("saves", tmp_path)
    assert outcome["error"] is not None, "the disk never filled up"
    assert outcome["error"].startswith("Not saved:") and "Everything saved before this is safe" in outcome["error"]
    assert outcome["saved"] >= 1
    ws = open_workspace(tmp_path / "work.sqlite", user="Tess Tester", registry=registry, create=True, plaintext=True)
    try:
        assert all(f.ok for f in integrity.check_database(ws.db))
        notes = cases.list_notes(ws, outcome["case_id"])
        assert len(notes) >= outcome["saved"]  # nothing whose save returned is lost
        assert {f"Note {n}" for n in range(outcome["saved"])} <= {n.text.split(":")[0] for n in notes}
        cases.add_note(ws, outcome["case_id"], "Space freed: saving works again.")
    finally:
        ws.close()


@pytest.mark.parametrize(("scenario", "target", "error"), [
    ("bundle", "team.inspbundle", "BundleError"), ("pdf", "draft.pdf", "ExportError"),
    ("backup", None, "BackupError")])
def test_a_document_or_backup_on_a_full_disk_leaves_no_partial_file(tmp_path, scenario, target, error):
    earlier = {name: f"an earlier {name}".encode() for name in ("team.inspbundle", "draft.pdf")}
    for name, content in earlier.items():
        (tmp_path / name).write_bytes(content)
    outcome = _run(scenario, tmp_path)
    assert outcome["kind"] == error and "could not" in outcome["error"].lower()
    for name, content in earlier.items():
        assert (tmp_path / name).read_bytes() == content  # the earlier file at the destination is untouched
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file()
                 and p.name not in earlier and not p.name.startswith("work.sqlite")]
    assert leftovers == []  # no temporary, zero-byte or truncated file anywhere, backups folder included


def _without_permission_override() -> list[str] | None:
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"] if setpriv else None


def test_a_database_in_a_read_only_folder_is_refused_for_work_but_opens_read_only(tmp_path, registry):
    prefix = _without_permission_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    folder = tmp_path / "read-only"
    folder.mkdir()
    ws = open_workspace(folder / "work.sqlite", user="Tess Tester", registry=registry, create=True, plaintext=True)
    make_inspection(ws, authority="Readonlyshire")
    ws.close()
    before = {p.name: _digest(p) for p in folder.iterdir()}
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    try:
        outcome = _run("read_only", folder, prefix)
    finally:
        folder.chmod(0o755)
    assert outcome["can_write"] is False
    assert "read-only for you" in outcome["open_error"] and outcome["read_only_possible"]
    assert outcome["authorities"] == ["Readonlyshire"]  # read-only still shows the work
    assert "read-only" in outcome["save_error"]
    assert "read-only" in outcome["bundle_error"]
    assert "Permission denied" in outcome["pdf_error"]
    assert {p.name: _digest(p) for p in folder.iterdir()} == before  # not a byte changed, nothing added
    ws = open_workspace(folder / "work.sqlite", registry=registry, create=True, plaintext=True)
    assert [i.authority for i in inspections.list_inspections(ws)] == ["Readonlyshire"]
    ws.close()
