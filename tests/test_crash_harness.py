"""Crash harness: a writing process killed (SIGKILL) at random moments, during saves, backups and
migrations, over an encrypted database; no save that returned may be lost, and the file stays sound.

Fast by default (a few trials). INSPECTOR_APP_CRASH_TRIALS=200 runs the long setting, whose figure
is recorded in docs/security.md.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from factories import make_inspection
from sqlalchemy import text

from inspector_app.services import open_workspace
from inspector_app.storage import cipher, migrations
from inspector_app.storage.backups import list_backups
from inspector_app.storage.integrity import check_file

PASSPHRASE = "crash harness passphrase, long enough"
CHILD = Path(__file__).with_name("crash_child.py")
TRIALS = int(os.environ.get("INSPECTOR_APP_CRASH_TRIALS", "3"))
MODES = ("saves", "backups", "migration")


def _old_schema_copy(folder: Path) -> Path:
    """An encrypted database at the revision before the newest, holding one inspection (migrated on open)."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    path = folder / "old-template.sqlite"
    previous = ScriptDirectory.from_config(migrations.alembic_config()).get_revision(
        migrations.HEAD_REVISION).down_revision
    engine = create_engine("sqlite://", module=cipher.dbapi(), creator=lambda: cipher.keyed_connect(path, PASSPHRASE))
    migrations.upgrade_to_head(engine, None, target=str(previous))
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO inspection (uuid, created_at, updated_at, created_by, updated_by, authority, "
            "framework_id, framework_version, kind, status, start_date, end_date, summary) VALUES "
            "('u1', '2026-01-01', '2026-01-01', 'a', 'a', 'Oldshire', 'ilacs', '2023', 'ilacs_standard', "
            "'planning', '2026-01-05', '2026-01-09', '')"))
    engine.dispose()
    return path


def _stored(path: Path) -> set[str]:
    ws = open_workspace(path, passphrase=PASSPHRASE)
    try:
        with ws.db.read_session() as session:
            assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            return set(session.execute(text("SELECT uuid FROM evidence")).scalars())
    finally:
        ws.close()


def _kill_during(mode: str, path: Path, rng: random.Random) -> set[str]:
    env = {**os.environ, cipher.PASSPHRASE_ENV: PASSPHRASE,
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen([sys.executable, str(CHILD), mode, str(path)], stdout=subprocess.PIPE, text=True,
                             env=env)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    # a migration is killed anywhere from opening to saving; the others once saving has begun
    if mode != "migration":
        assert child.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 3.0 if mode == "migration" else 0.6))
    child.send_signal(signal.SIGKILL)
    out, _ = child.communicate(timeout=60)
    return {line.strip() for line in out.splitlines() if len(line.strip()) == 36}


def test_killed_writers_never_lose_a_confirmed_save(tmp_path, registry, monkeypatch):
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASSPHRASE)
    rng = random.Random(int(os.environ.get("INSPECTOR_APP_CRASH_SEED", "2026")))
    current = tmp_path / "work.sqlite"
    ws = open_workspace(current, user="Setup", registry=registry, passphrase=PASSPHRASE, create=True)
    make_inspection(ws, authority="Crashshire")
    ws.close()
    template = _old_schema_copy(tmp_path)
    confirmed: dict[str, set[str]] = {mode: set() for mode in MODES}
    lost: dict[str, int] = {mode: 0 for mode in MODES}
    migrated_paths = []
    for trial in range(TRIALS):
        mode = MODES[trial % len(MODES)]
        if mode == "migration":
            path = tmp_path / f"migrating-{trial}.sqlite"
            shutil.copyfile(template, path)
            migrated_paths.append(path)
        else:
            path = current
        saved = _kill_during(mode, path, rng)
        stored = _stored(path)  # opens (finishing a killed migration), checks integrity
        lost[mode] += len(saved - stored)
        confirmed[mode] |= saved
    total = sum(len(v) for v in confirmed.values())
    print(f"\ncrash harness: {TRIALS} trials, {total} confirmed saves "
          f"({', '.join(f'{m}: {len(confirmed[m])}' for m in MODES)}), lost: {sum(lost.values())}")
    assert lost == {mode: 0 for mode in MODES}, lost
    assert total > TRIALS, "the writers barely got to save anything"
    report = check_file(current, PASSPHRASE)
    assert [f for f in report.findings if not f.ok] == []  # history chain included
    for path in migrated_paths:
        assert [f for f in check_file(path, PASSPHRASE).findings if not f.ok] == []
    assert all(b.path.suffix == ".sqlite" for b in list_backups(current))  # no half-written backup named as one
