"""The benchmark code runs (tiny sizes), so it does not rot. No timings are asserted here."""

from __future__ import annotations

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
