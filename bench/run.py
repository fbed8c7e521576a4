"""Benchmarks: how fast and how big, each beside a baseline measured in the same run.

    python bench/run.py                      # sizes 1k, 10k, 50k evidence items
    python bench/run.py --sizes 1000,50000,1000000
    python bench/run.py --sizes 1000 --repeat 3
    python bench/run.py --write docs/performance.md

Data sets are cached in bench/.cache/: up to 50k items the app's own demo generator, scaled (the
size is the main inspection's); from 200k an archive of about 200 inspections whose main one holds
a tenth of the items, generated once with the SQLite driver in bulk (minutes, with progress).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import sys
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import annex
import data
import measures
import notes
import profiles


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def label_for(size: int) -> str:
    if size >= 1_000_000 and size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    return f"{size // 1000}k" if size >= 1000 else str(size)


def table(rows: list[measures.Row]) -> str:
    lines = ["| figure | size | ours | baseline | ratio | target | met | notes |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        base = f"{r.baseline:.2f} {r.unit}" if r.baseline is not None else "—"
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        met = "yes" if r.met else ("no" if r.met is not None else "—")
        lines.append(f"| {r.figure} | {r.size} | {r.ours:.2f} {r.unit} | {base} | {ratio} | {r.target} | {met} "
                     f"| {r.note} |")
    return "\n".join(lines)


LAST_RUN = data.CACHE / "last-run.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000", help="evidence items per size, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="repetitions for each figure")
    parser.add_argument("--write", metavar="FILE", help="also write the table to this Markdown file")
    parser.add_argument("--from-last", action="store_true",
                        help="write FILE from the last run's figures and profiles (after editing bench/notes.py)")
    args = parser.parse_args(argv)
    if args.from_last:
        last = json.loads(LAST_RUN.read_text(encoding="utf-8"))
        rows = [measures.Row(**r) for r in last["rows"]]
        print(table(rows))
        if args.write:
            write(Path(args.write), document(last["header"], rows, last["profiles"]))
        return 0
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    # An installed app has its modules compiled (pip does it); a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile them again at every start and time that instead.
    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "inspector_app"), quiet=1)
    rows = []
    subjects: dict[str, tuple[Path, int]] = {}  # size label: the database and inspection measured there
    for size in sizes:
        db = data.dataset(size)
        inspection = data.main_inspection(db)
        label = label_for(size)
        subjects[label] = (db, inspection)
        print(f"[{label}] {db.name}", file=sys.stderr)
        rows.append(measures.disk_size(db, label, data.main_items(size)))
        rows += measures.cold_start(db, inspection, label, args.repeat)
        rows += measures.save_one(db, inspection, label, max(args.repeat * 40, 50))
        rows += measures.search(db, inspection, label, args.repeat, size)
    rows += measures.report_export("2k items, 200 cases", max(1, args.repeat // 2))
    rows += measures.word_export("2k items, 200 cases", max(1, args.repeat // 2))
    rows += measures.merge_bundles("6 × 5k items", max(1, args.repeat // 2))
    rows += annex.annex_rows(50_000, max(1, args.repeat // 2))
    print(table(rows))
    total = time.perf_counter() - started
    print(f"\n{len(rows)} figures in {total:.0f} s on {machine()}")
    if args.write:
        header = (f"Measured {datetime.now():%Y-%m-%d} with `python bench/run.py --sizes {args.sizes} "
                  f"--repeat {args.repeat}` on {machine()} ({total:.0f} s of measuring, then the profiles; "
                  "load average "
                  f"{os.getloadavg()[0]:.1f} when it ended).")
        found = profile_misses(rows, subjects)
        LAST_RUN.write_text(json.dumps({"header": header, "rows": [asdict(r) for r in rows], "profiles": found}),
                            encoding="utf-8")
        write(Path(args.write), document(header, rows, found))
    return 0


OWN_SECTIONS = ("## How it is measured", "## What limits the figures that miss their targets")


def write(path: Path, text: str) -> None:
    """Write the document, keeping the sections other benchmarks add to it (``bench/store.py``'s regional
    store): every ``## `` section of the file as it is that this script does not write itself."""
    kept: list[str] = []
    if path.exists():
        sections = path.read_text(encoding="utf-8").split("\n## ")[1:]
        kept = ["## " + section.rstrip("\n") for section in sections
                if not ("## " + section).startswith(OWN_SECTIONS)]
    path.write_text("\n\n".join([text.rstrip("\n"), *kept]) + "\n", encoding="utf-8")


def _kind(row: measures.Row) -> str:
    return row.figure.split(" (p")[0] if row.figure.startswith(("save", "search")) else row.figure


def profile_misses(rows: list[measures.Row], subjects: dict[str, tuple[Path, int]]) -> dict[str, str]:
    """A profile for each kind of figure that misses, taken at the largest size where it misses."""
    found: dict[str, str] = {}
    for row in reversed(rows):  # the largest size comes last
        if row.met is not False or _kind(row) in found:
            continue
        db, inspection = subjects.get(row.size, (None, None))
        print(f"profiling: {row.figure} ({row.size})", file=sys.stderr)
        found[_kind(row)] = profiles.profile_for(row.figure, db, inspection) or ""
    return found


def document(header: str, rows: list[measures.Row], found: dict[str, str]) -> str:
    """docs/performance.md: the table, how it is measured, and for every miss its cause and profile."""
    out = [f"# Performance\n\n{header}\n\n{table(rows)}\n\n{notes.HOW}",
           "## What limits the figures that miss their targets\n",
           "Each profile below was taken by the same run (pyinstrument, after the timings), at the largest size "
           "where the figure misses; a profile of the whole start-up samples the GUI thread (the import thread's "
           "work shows as the GUI thread waiting).\n"]
    done: set[str] = set()
    for row in reversed(rows):
        kind = _kind(row)
        if row.met is not False or kind in done:
            continue
        done.add(kind)
        ratio = f", {row.ratio:.2f}× its baseline" if row.ratio is not None else ""
        out.append(f"### {kind} ({row.size}: {row.ours:.2f} {row.unit}{ratio}; target {row.target})\n")
        out.append((notes.why(row.figure) or "No explanation has been written for this figure yet.") + "\n")
        if found.get(kind):
            out.append("```text\n" + found[kind] + "\n```\n")
    if not done:
        out.append("Every figure meets its target.\n")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
