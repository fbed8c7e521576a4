"""Shared fixtures: every test gets its own data folder and database; Qt never needs a display.

``ws`` is parametrised over the two engines: each test that takes it runs once on an SQLite file
and once on a fresh database of a real PostgreSQL server started for the session (tests/pg.py).
A test (or a module, with ``pytestmark``) marked ``sqlite_only`` runs on SQLite alone: file
encryption, file faults, backups and the other things a server store does not have.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pg import Cluster, running_cluster
from templates import database_copy

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


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames:
        engines = ("sqlite",) if metafunc.definition.get_closest_marker("sqlite_only") else ENGINES
        metafunc.parametrize("engine", engines)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL server for the whole session (initdb, start, stop; see tests/pg.py)."""
    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Cluster) -> str:
    """A database migrated to head once; each test's store is a copy of it."""
    from inspector_app.storage.database import open_database

    name = pg_cluster.new_database()
    open_database(pg_cluster.url(name), create=True).close()
    return name


@pytest.fixture
def store_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The URL of a fresh PostgreSQL store at head, dropped after the test."""
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    name = cluster.new_database(template=request.getfixturevalue("pg_template"))
    yield cluster.url(name)
    cluster.drop_database(name)


@pytest.fixture(scope="session")
def empty_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite database migrated to head and holding nothing, made once: each test's own is a copy.
    Running every migration for each test took 0.1–0.4 s, and each run's tables stayed in memory (an
    engine's dialect remembers the types it met, and SQLAlchemy's caches hold a hundred dialects)."""
    from inspector_app.storage.database import open_database

    path = tmp_path_factory.mktemp("empty") / "empty.sqlite"
    open_database(path, create=True, plaintext=True).close()
    return path


@pytest.fixture
def db_location(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where a test's database lives: a fresh SQLite file (a copy of the empty one), or a fresh PostgreSQL
    store's URL (a copy of the template database)."""
    if engine == "postgresql":
        return str(request.getfixturevalue("store_url"))
    return database_copy(request.getfixturevalue("empty_db_file"), tmp_path / "test.sqlite")


@pytest.fixture
def ws(db_location: str | Path, registry: FrameworkRegistry) -> Iterator[Workspace]:
    workspace = open_workspace(db_location, user="Tess Tester", registry=registry, create=True,
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
