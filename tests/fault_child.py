"""Scenarios run in a child process under a fault the test harness cannot undo in-process:
a file-size limit (a full disk) or no permission to write (a read-only location).

    python tests/fault_child.py SCENARIO FOLDER   ->  prints one JSON line with what happened
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from factories import make_case, make_inspection

from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.reports.export import ExportError, export_pdf
from inspector_app.services import cases, inspections, open_workspace
from inspector_app.services.workspace import DatabaseOpenError, StorageError
from inspector_app.storage.backups import BackupError, create_backup


def disk_full(limit: int) -> None:
    """From now on no file may grow beyond ``limit`` bytes: as far as this process can tell, the disk is full."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def saves(folder: Path) -> dict:
    ws = open_workspace(folder / "work.sqlite", user="Tess Tester", create=True, plaintext=True)
    info = make_inspection(ws)
    case = make_case(ws, info.id)
    disk_full(max(p.stat().st_size for p in folder.iterdir() if p.is_file()) + 512 * 1024)
    saved = 0
    try:
        for n in range(10_000):
            cases.add_note(ws, case.id, f"Note {n}: " + "The child was seen alone and their views recorded. " * 20)
            saved += 1
    except StorageError as exc:
        return {"saved": saved, "error": str(exc), "case_id": case.id}
    return {"saved": saved, "error": None}


def _documents(folder: Path, attempt) -> dict:  # type: ignore[no-untyped-def]
    ws = open_workspace(folder / "work.sqlite", user="Tess Tester", create=True, plaintext=True)
    info = make_inspection(ws)
    for n in range(40):
        cases.add_note(ws, make_case(ws, info.id, reference=f"FD-{n}").id, "Seen alone. " * 200)
    disk_full(8 * 1024)  # the database is untouched; the new document needs more than this
    try:
        attempt(ws, info.id)
    except (BundleError, ExportError, BackupError, StorageError) as exc:
        return {"error": str(exc), "kind": type(exc).__name__}
    return {"error": None}


def bundle(folder: Path) -> dict:
    return _documents(folder, lambda ws, i: export_bundle(ws, i, folder / "team.inspbundle", recipient="lead"))


def pdf(folder: Path) -> dict:
    return _documents(folder, lambda ws, i: export_pdf(ws, i, folder / "draft.pdf"))


def backup(folder: Path) -> dict:
    return _documents(folder, lambda ws, _i: create_backup(ws.db, "manual"))


def read_only(folder: Path) -> dict:
    """The database sits where this process may not write (run without the right to override permissions)."""
    out: dict = {"can_write": os.access(folder, os.W_OK)}
    try:
        open_workspace(folder / "work.sqlite", user="Tess Tester", create=True, plaintext=True)
        out["opened_for_work"] = True
    except DatabaseOpenError as exc:
        out.update(open_error=str(exc), read_only_possible=exc.read_only_possible)
    ws = open_workspace(folder / "work.sqlite", user="Tess Tester", read_only=True)
    listed = inspections.list_inspections(ws)
    out["authorities"] = [i.authority for i in listed]
    try:
        cases.add_case(ws, listed[0].id, reference="RO-1", legal_status="child_protection")
    except StorageError as exc:
        out["save_error"] = str(exc)
    for name, attempt in (("bundle_error", lambda: export_bundle(ws, listed[0].id, folder / "x.inspbundle")),
                          ("pdf_error", lambda: export_pdf(ws, listed[0].id, folder / "x.pdf"))):
        try:
            attempt()
        except (BundleError, ExportError, StorageError) as exc:
            out[name] = str(exc)
    ws.close()
    return out


if __name__ == "__main__":
    scenario, target = sys.argv[1], Path(sys.argv[2])
    print(json.dumps(globals()[scenario](target)))
