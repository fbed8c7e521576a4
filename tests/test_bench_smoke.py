"""The benchmark code runs (tiny sizes), so it does not rot. No timings are asserted here."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_harness_runs_on_a_tiny_data_set(tmp_path):
    code = (
        "import sys; sys.path.insert(0, 'bench')\n"
        "import data, measures\n"
        f"data.CACHE = __import__('pathlib').Path({str(tmp_path)!r})\n"
        "db = data.dataset(200)\n"
        "inspection = data.main_inspection(db)\n"
        "rows = measures.save_one(db, inspection, 'tiny', 3) + measures.search(db, inspection, 'tiny', 1)\n"
        "print(len(rows), all(r.ours > 0 and r.baseline > 0 for r in rows))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "4 True"


def test_the_archive_data_set_is_generated_with_a_reference_for_every_item(tmp_path):
    """The million-item set is written by the driver in bulk, not by the app: on a fresh clone its items had
    no reference once references became unique in an inspection, and generating it stopped. A tiny one is
    generated here, and a save goes into it as into the app's own."""
    code = (
        "import sys, sqlite3; sys.path.insert(0, 'bench')\n"
        "import data, measures\n"
        f"path = __import__('pathlib').Path({str(tmp_path)!r}) / 'archive.sqlite'\n"
        "data._archive(path, 20000)\n"
        "con = sqlite3.connect(path)\n"
        "print(con.execute(\"SELECT count(*), sum(ref = ''), count(DISTINCT inspection_id || ref) FROM evidence\")"
        ".fetchone())\n"
        "con.close()\n"
        "rows = measures.save_one(path, data.main_inspection(path), 'tiny', 3)\n"
        "print(all(r.ours > 0 for r in rows))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    counts, saved = result.stdout.strip().splitlines()[-2:]
    items, unnamed, distinct = ast.literal_eval(counts)  # items, items without a reference, distinct references
    assert items == 20000 and unnamed == 0 and distinct == items and saved == "True"
