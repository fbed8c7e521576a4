"""Synthetic data sets for benchmarks, built with the app's own demo generator and cached."""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector_app.demo import generate_demo  # noqa: E402
from inspector_app.demo.generator import demo_plans  # noqa: E402
from inspector_app.services import inspections, open_workspace  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
MAIN_PER_SCALE = demo_plans(1)[0].evidence


def scale_for(evidence_items: int) -> int:
    """The demo scale whose main inspection holds about ``evidence_items`` items."""
    return max(1, math.ceil(evidence_items / MAIN_PER_SCALE))


def dataset(evidence_items: int) -> Path:
    """A database whose main inspection has at least ``evidence_items`` evidence items (cached)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{evidence_items}.sqlite"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        ws = open_workspace(partial, user="bench", create=True, plaintext=True)
        generate_demo(ws, scale=scale_for(evidence_items))
        ws.close()
        partial.rename(path)
    return path


def main_inspection(db: Path) -> int:
    ws = open_workspace(db, create=True, plaintext=True)
    try:
        return next(i.id for i in inspections.list_inspections(ws) if i.authority == "Northmoor")
    finally:
        ws.close()
