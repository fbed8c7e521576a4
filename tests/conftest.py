"""Shared fixtures: every test gets its own data folder and database; Qt never needs a display."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from inspector_app.frameworks import FrameworkRegistry, load_registry
from inspector_app.services import Workspace, open_workspace


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("INSPECTOR_APP_DATA_DIR", str(data))
    return data


@pytest.fixture(scope="session")
def registry() -> FrameworkRegistry:
    reg = load_registry(None)
    assert not reg.errors, reg.errors
    return reg


@pytest.fixture
def ws(tmp_path: Path, registry: FrameworkRegistry) -> Iterator[Workspace]:
    workspace = open_workspace(tmp_path / "test.sqlite", user="Tess Tester", registry=registry, create=True,
                               plaintext=True)  # the internal option: test databases may be unencrypted
    yield workspace
    workspace.close()


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory, registry: FrameworkRegistry) -> Path:
    """The demo database, generated once per run; tests get copies of it."""
    from inspector_app.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    workspace = open_workspace(path, user="Demo", registry=registry, create=True, plaintext=True)
    generate_demo(workspace)
    workspace.close()
    return path


@pytest.fixture
def demo_ws(demo_db_file: Path, tmp_path: Path, registry: FrameworkRegistry) -> Iterator[Workspace]:
    copy = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_file, copy)
    workspace = open_workspace(copy, user="Priya Raman", registry=registry)
    yield workspace
    workspace.close()
