"""Where the time goes, for every figure that misses its target: a pyinstrument profile, trimmed.

``bench/run.py --write`` calls :func:`profile_for` for each missed figure and puts the profile in
docs/performance.md beside the explanation of what limits the figure and what would close it.
Profiles run after the timings, so they never slow a measurement down.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import scratch

BENCH = Path(__file__).resolve().parent
LINES = int(__import__("os").environ.get("PROFILE_LINES", "45"))  # enough to see the three or four things that matter


def _trim(text: str) -> str:
    kept = [line.rstrip() for line in text.splitlines() if line.strip() and "frames hidden" not in line]
    body = [line for line in kept if not line.startswith(("  _ ", " /_", "/   _", "Recorded:", "Program:"))]
    return "\n".join(body[:LINES]) + ("\n…" if len(body) > LINES else "")


def in_process(work: Callable[[], object], interval: float = 0.0005) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=interval)
    profiler.start()
    work()
    profiler.stop()
    return _trim(profiler.output_text(unicode=False, color=False))


def _probe_env(db: Path, inspection_id: int, folder: Path) -> dict[str, str]:
    """The probe's environment: offscreen, with the person's settings in ``folder`` (as for the timings)."""
    import measures

    measures.write_settings(folder, db, inspection_id)
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", INSPECTOR_APP_DATA_DIR=str(folder))


def window_probe(db: Path, inspection_id: int) -> str:
    """The whole start-up, from the interpreter's first line to the evidence table scrolled."""
    out = scratch.folder() / "profile.txt"
    env = _probe_env(db, inspection_id, out.parent)
    subprocess.run([sys.executable, "-m", "pyinstrument", "-r", "text", "--hide-regex", ".*frozen importlib.*",
                    "-o", str(out), str(BENCH / "window_probe.py"), "app", str(db), str(inspection_id), "--scroll"],
                   env=env, capture_output=True, timeout=300, check=False)
    return _trim(out.read_text(encoding="utf-8")) if out.exists() else "(the profiler did not run)"


def loading_thread(db: Path, inspection_id: int) -> str:
    """The start-up's loading thread, from the shell's first paint to the overview's numbers read: the
    work that "overview populated" waits for (a profile of the GUI thread shows it only as waiting)."""
    out = scratch.folder() / "loading.txt"
    env = _probe_env(db, inspection_id, out.parent)
    subprocess.run([sys.executable, str(BENCH / "window_probe.py"), "app", str(db), str(inspection_id),
                    "--profile-loading", str(out)], env=env, capture_output=True, timeout=300, check=False)
    return _trim(out.read_text(encoding="utf-8")) if out.exists() else "(the profiler did not run)"


def profile_for(figure: str, db: Path | None, inspection_id: int | None) -> str | None:
    """A profile for a missed figure, or None when this kind of figure has no profiler."""
    import measures

    if figure.startswith("overview populated") and db is not None:
        assert inspection_id is not None
        return loading_thread(db, inspection_id)
    if figure.startswith(("first paint", "evidence table")) and db is not None:
        assert inspection_id is not None
        return window_probe(db, inspection_id)
    if figure.startswith("save one") and db is not None:
        return measures.profile_save(db, inspection_id or 1, in_process)
    if figure.startswith("search") and db is not None:
        return measures.profile_search(db, inspection_id or 1, in_process)
    if figure.startswith("draft report export with appendix (PDF)"):
        return measures.profile_export("pdf", in_process)
    if figure.startswith("draft report export with appendix (.docx)"):
        return measures.profile_export("docx", in_process)
    if figure.startswith("merge"):
        return measures.profile_merge(in_process)
    return None
