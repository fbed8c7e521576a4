"""Test databases and bundles built once, then copied for each test that needs them.

Building a lead's database with an inspection, a colleague's laptop and the bundles between them takes
seconds (migrations, exports, an import); copying the files takes milliseconds. :func:`template` builds a
folder once per test process, under pytest's own temporary folders.

Under mutation testing (mutmut sets ``MUTANT_UNDER_TEST``) every mutant runs its tests in a new process, so
a folder built while no mutant is active is also kept in the run's working folder (mutmut's ``mutants/``)
and copied by every later process: the inputs are always made by the unmutated code, so each mutant is
tried against exactly what the original was tried against, and a run takes minutes instead of hours.
The kept copy is named after the hash of the test module that builds it and of this file, so a changed
builder is never served an old folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

_BUILT: dict[str, Path] = {}


def _mutmut_cache(name: str, builder_file: str) -> Path | None:
    if "MUTANT_UNDER_TEST" not in os.environ:
        return None
    digest = hashlib.sha256(Path(builder_file).read_bytes() + Path(__file__).read_bytes()).hexdigest()[:16]
    return Path.cwd() / ".test-templates" / f"{name}-{digest}"


def template(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None], builder_file: str) -> Path:
    """The folder ``build`` fills, made once; read from it or copy it, never change it."""
    if name in _BUILT and _BUILT[name].is_dir():
        return _BUILT[name]
    kept = _mutmut_cache(name, builder_file)
    if kept is not None and kept.is_dir():
        _BUILT[name] = kept
        return kept
    folder = factory.mktemp(f"template-{name}")
    build(folder)
    _BUILT[name] = folder
    if kept is not None and "__mutmut_" not in os.environ["MUTANT_UNDER_TEST"]:  # built by the original code
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        shutil.copytree(folder, partial)
        try:
            partial.rename(kept)
        except OSError:  # another process kept one first: the same inputs
            shutil.rmtree(partial, ignore_errors=True)
    return folder


def database_copy(template: Path, target: Path) -> Path:
    """``template`` (a database file) copied to ``target`` with its owner-only mode, as a new database has."""
    shutil.copy(template, target)
    return target


def copy_of(factory: pytest.TempPathFactory, source: Path, name: str | None = None) -> Path:
    """A private copy of one file of a template, in a new temporary folder."""
    target = factory.mktemp("copy") / (name or source.name)
    shutil.copyfile(source, target)
    return target
