"""Annex A: import a 50,000-row list (preview, then accept) and draw a sample from it.

    python bench/annex.py                 # 50,000 rows, 3 repetitions
    python bench/annex.py --rows 10000 --repeat 1

The baseline reads the same CSV with the csv module and inserts it with sqlite3's executemany,
doing none of the checks (mapping, dates, duplicates, future dates) the app does.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import measures

from inspector_app.demo.annex_a import synthetic_rows, write_csv
from inspector_app.domain.enums import InspectionKind
from inspector_app.services import annex_import, inspections, open_workspace, sampling

TODAY = date(2026, 11, 2)


def _plain(path: Path, db: Path) -> None:
    con = sqlite3.connect(db)
    con.execute("create table if not exists rows (a, b, c, d, e, f, g, h, i, j, k)")
    con.execute("delete from rows")
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        con.executemany("insert into rows values (?,?,?,?,?,?,?,?,?,?,?)", reader)
    con.commit()
    con.close()


def annex_rows(rows: int = 50_000, repeat: int = 3) -> list[measures.Row]:
    label = f"{rows // 1000}k rows" if rows >= 1000 else f"{rows} rows"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        headings, data = synthetic_rows(8, rows, seed=2026, today=TODAY)
        path = write_csv(folder / "list8.csv", headings, data)
        ws = open_workspace(folder / "bench.sqlite", user="bench", create=True, plaintext=True)
        try:
            inspection = inspections.create_inspection(
                ws, authority="Benchshire", framework_uid="ilacs@2023", kind=InspectionKind.ILACS_STANDARD,
                start_date=date(2026, 11, 9), end_date=date(2026, 11, 20)).id

            def ours() -> None:
                annex_import.accept(ws, annex_import.preview(ws, inspection, path, 8, today=TODAY))

            def draw() -> None:
                sampling.draw_sample(ws, inspection, sampling.SampleSpec(size=60, seed=7))

            o = statistics.median(measures.timed(ours, repeat))
            s = statistics.median(measures.timed(draw, repeat))
            b = statistics.median(measures.timed(lambda: _plain(path, folder / "plain.sqlite"), repeat))
        finally:
            ws.close()
    return [
        measures.Row("Annex A import: preview + accept (CSV)", label, o, b, "s", "< 10 s", o < 10,
                     "baseline: csv + sqlite3 executemany, no checks"),
        measures.Row("Annex A sample of 60, stratified and spread", label, s, None, "s", "< 3 s", s < 3),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    for r in annex_rows(args.rows, args.repeat):
        base = f"{r.baseline:.2f} {r.unit}" if r.baseline is not None else "—"
        print(f"{r.figure} ({r.size}): {r.ours:.2f} {r.unit}; baseline {base}; target {r.target}; "
              f"met: {'yes' if r.met else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
