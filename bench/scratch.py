"""Scratch space for one benchmark process, removed when it ends.

Every copy of a data set, export and profile goes in a folder under one temporary root. A save is measured
on a copy of the data set (a gigabyte at a million items), and until 2026-12-03 those copies stayed in
/tmp after the run and filled the disk; now each is removed as soon as its figure is measured
(:func:`release`), and whatever is left when the process ends goes with the root.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

_root: Path | None = None


def folder() -> Path:
    """A new empty folder, removed at the latest when the process ends."""
    global _root
    if _root is None:
        _root = Path(tempfile.mkdtemp(prefix="inspector-bench-"))
        atexit.register(shutil.rmtree, _root, True)
    return Path(tempfile.mkdtemp(dir=_root))


def release(path: Path) -> None:
    """Remove a folder made by :func:`folder` (or the one holding ``path``) now that it is done with."""
    target = path if path.is_dir() else path.parent
    if _root is not None and target.parent == _root:
        shutil.rmtree(target, ignore_errors=True)
