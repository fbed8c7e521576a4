"""Synthetic data sets for benchmarks, cached in bench/.cache/.

Up to 50k items they come from the app's own demo generator, scaled. A million items is an
archive: the demo's inspections, then the main one grown to a tenth of the total and about 195
more inspections beside it, all written with the SQLite driver in bulk (INSERT … SELECT inside one
transaction, the full-text triggers firing as they do for the app). That takes minutes, once, with
progress on stderr; the ORM would take hours.

Either way the full-text index is then merged (:func:`settle`), as the app merges it once writes pause
after a bulk write of its own (``storage.checkpoints``): a data set written in bulk and measured
straight away would make the first saves measured pay for merging it (until 2026-12-03 they did: at a
million items about a second of merging, 20-30 ms at a save's 99th percentile).
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector_app.demo import generate_demo  # noqa: E402
from inspector_app.demo.generator import TEAM_A, demo_plans  # noqa: E402
from inspector_app.domain.enums import InspectionKind  # noqa: E402
from inspector_app.services import inspections, open_workspace  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
MAIN_PER_SCALE = demo_plans(1)[0].evidence
ARCHIVE_FROM = 200_000  # sizes from here are archives: the main inspection holds a tenth of them
ARCHIVE_INSPECTIONS = 200
ARCHIVE_SEED_SCALE = 8  # the demo's main inspection at this scale is the template the archive copies


def scale_for(evidence_items: int) -> int:
    """The demo scale whose main inspection holds about ``evidence_items`` items."""
    return max(1, math.ceil(evidence_items / MAIN_PER_SCALE))


def main_items(evidence_items: int) -> int:
    """How many items the main inspection of a data set of this size holds."""
    return evidence_items // 10 if evidence_items >= ARCHIVE_FROM else scale_for(evidence_items) * MAIN_PER_SCALE


def dataset(evidence_items: int) -> Path:
    """A database for this size (cached): below ARCHIVE_FROM the main inspection holds ``evidence_items``
    items; from it, the whole database does."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{evidence_items}.sqlite"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        if evidence_items >= ARCHIVE_FROM:
            _archive(partial, evidence_items)
        else:
            ws = open_workspace(partial, user="bench", create=True, plaintext=True)
            generate_demo(ws, scale=scale_for(evidence_items))
            ws.close()
        partial.rename(path)
        settle(path)
        os.sync()  # a fresh set (a gigabyte at 1M) is still being written back: the first run's commits waited
        return path  # on it (a save's p50 at 1M 1.5 ms just after generating, 0.38 ms in the next run)
    settle(path)
    return path


def settle(path: Path) -> int:
    """Merge the full-text index until FTS5 has nothing left to merge, in the app's steps (a kept data set
    from before this step is settled once: later calls find nothing to do). Returns the steps taken."""
    from inspector_app.storage.checkpoints import MERGE_PAGES

    con = sqlite3.connect(path, isolation_level=None)
    steps = 0
    try:
        while True:
            before = con.total_changes
            con.execute("INSERT INTO evidence_fts(evidence_fts, rank) VALUES('merge', ?)", (MERGE_PAGES,))
            if con.total_changes - before < 2:  # FTS5's sign that the step found nothing to merge
                break
            steps += 1
        if steps:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return steps


def main_inspection(db: Path) -> int:
    """The id of the inspection measured (opening the database also brings its schema up to date)."""
    ws = open_workspace(db, create=True, plaintext=True)
    try:
        return next(i.id for i in inspections.list_inspections(ws) if i.authority == "Northmoor")
    finally:
        ws.close()
        for copy in db.parent.glob(f"{db.stem}.before-migration-*"):  # the app keeps these; a cache need not
            copy.unlink()


def _say(message: str, started: float) -> None:
    print(f"  [{time.perf_counter() - started:5.0f} s] {message}", file=sys.stderr, flush=True)


_UUID = ("lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' "
         "|| substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' "
         "|| hex(randomblob(6)))")
_EVIDENCE = ("text, source, seen_on, area_key, descriptors, polarity, grade, tags, created_at, updated_at, "
             "created_by, updated_by")


_PREFIX = "BX"  # the archive's references: BX-1, BX-2, … in each inspection
_COUNTER = f"INSERT INTO evidence_ref_counter (inspection_id, prefix, last) VALUES (?, '{_PREFIX}', ?)"


def _archive(path: Path, total: int) -> None:
    """``total`` evidence items: the demo, its main inspection grown to total/10, the rest in archive
    inspections of equal size, each copying the main inspection's texts (so searches match alike)."""
    started = time.perf_counter()
    print(f"Generating {total:,} evidence items once into {path.name} (cached afterwards)…", file=sys.stderr)
    ws = open_workspace(path, user="bench", create=True, plaintext=True)
    generate_demo(ws, scale=ARCHIVE_SEED_SCALE)
    _say("demo inspections written", started)
    others = ARCHIVE_INSPECTIONS - len(demo_plans(1))
    archive_ids = []
    for n in range(others):
        start = date(2018, 1, 8) + timedelta(weeks=2 * n)
        archive_ids.append(inspections.create_inspection(
            ws, authority=f"Archive Council {n + 1:03d}", framework_uid="ilacs@2023",
            kind=InspectionKind.ILACS_STANDARD, start_date=start, end_date=start + timedelta(days=11),
            team=TEAM_A[:3]).id)
    ws.close()
    _say(f"{others} archive inspections created", started)
    main_id = main_inspection(path)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA cache_size=-65536")
    con.execute("BEGIN")
    template = con.execute("SELECT min(id), max(id), count(*) FROM evidence WHERE inspection_id = ?",
                           (main_id,)).fetchone()
    first, last, count = template
    cases = con.execute("SELECT min(id), count(*) FROM case_record WHERE inspection_id = ?", (main_id,)).fetchone()
    main_target = total // 10
    # each item its own reference, unique in its inspection as the app's are, under a prefix no inspector's
    # initials give (the app's saves number their own), its counter set as the app keeps it
    grow = f"""INSERT INTO evidence (inspection_id, case_id, uuid, ref, {_EVIDENCE})
        SELECT :inspection, CASE WHEN case_id IS NULL THEN NULL ELSE :case_first + abs(random()) % :cases END,
               {_UUID}, '{_PREFIX}-' || (:base + row_number() OVER (ORDER BY id)), {_EVIDENCE}
        FROM evidence WHERE id BETWEEN :first AND :last LIMIT :n"""
    have = count
    while have < main_target:
        n = min(count, main_target - have)
        con.execute(grow, {"inspection": main_id, "case_first": cases[0], "cases": cases[1], "first": first,
                           "last": last, "n": n, "base": have - count})
        have += n
    con.execute(_COUNTER, (main_id, have - count))
    _say(f"main inspection grown to {have:,} items", started)
    rest = total - con.execute("SELECT count(*) FROM evidence").fetchone()[0]
    copy = f"""INSERT INTO evidence (inspection_id, case_id, uuid, ref, {_EVIDENCE})
        SELECT :inspection, NULL, {_UUID}, '{_PREFIX}-' || (:base + row_number() OVER (ORDER BY id)), {_EVIDENCE}
        FROM evidence WHERE id BETWEEN :first AND :last LIMIT :n"""
    for i, inspection_id in enumerate(archive_ids):
        n = rest // len(archive_ids) + (1 if i < rest % len(archive_ids) else 0)
        offset = (i * 97) % max(1, count - n) if n < count else 0
        done = 0
        while done < n:  # an inspection bigger than the template copies it more than once
            chunk = min(n - done, count - offset)
            con.execute(copy, {"inspection": inspection_id, "first": first + offset, "last": last, "n": chunk,
                               "base": done})
            done += chunk
            offset = 0
        con.execute(_COUNTER, (inspection_id, done))
        if (i + 1) % 20 == 0 or i + 1 == len(archive_ids):
            _say(f"{i + 1} of {len(archive_ids)} archive inspections filled", started)
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    held = con.execute("SELECT count(*) FROM evidence").fetchone()[0]
    con.close()
    _say(f"done: {held:,} evidence items, {path.stat().st_size / 2**20:,.0f} MB", started)
