"""The real screen-reader path: the app under Xvfb publishes its tree on AT-SPI, and a reader sees
names and roles there (what Orca would read), not only in Qt's own objects.

The test starts, and always stops, everything it needs: Xvfb, a private D-Bus session bus, the
AT-SPI bus launcher (with its registry and accessibility bus, in their own process group), the app,
and Debian's /usr/bin/python3 with pyatspi to read the tree. It is skipped, saying which, only when
one of those system packages is missing (packaging/debian/install-deps.sh installs them all).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from inspector_app import APP_ID

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")
SYSTEM_PYTHON = Path("/usr/bin/python3")
NEEDED = {"Xvfb": "xvfb", "dbus-daemon": "dbus"}


def _missing() -> str | None:
    for program, package in NEEDED.items():
        if shutil.which(program) is None:
            return f"{program} is not installed (Debian package {package})"
    if not LAUNCHER.exists():
        return f"{LAUNCHER} is not installed (Debian package at-spi2-core)"
    if not SYSTEM_PYTHON.exists() or subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"],
                                                    capture_output=True).returncode != 0:
        return "pyatspi is not importable by /usr/bin/python3 (Debian package python3-pyatspi)"
    return None


def _stop(process: subprocess.Popen, group: bool = False) -> None:  # type: ignore[type-arg]
    """End a process this test started (and, for the launcher, the group it leads), by id."""
    if process.poll() is None:
        if group:
            os.killpg(process.pid, signal.SIGTERM)
        else:
            process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL) if group else process.kill()
            process.wait(timeout=5)
    if group:  # the registry and the accessibility bus the launcher started share its group
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)


@contextmanager
def atspi_desktop(scratch: Path) -> Iterator[dict[str, str]]:
    """An X display, a session bus and the AT-SPI bus; yields the environment to run programs in."""
    started: list[tuple[subprocess.Popen, bool]] = []  # type: ignore[type-arg]
    try:
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1366x768x24", "-nolisten",
                                 "tcp"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append((xvfb, False))
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            display = ":" + pipe.readline().strip()
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, text=True)
        started.append((bus, False))
        address = bus.stdout.readline().strip()  # type: ignore[union-attr]
        env = {k: v for k, v in os.environ.items() if k not in ("NO_AT_BRIDGE", "QT_QPA_PLATFORM", "AT_SPI_BUS")}
        env.update(DISPLAY=display, DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORM="xcb",
                   QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1", GTK_A11Y="atspi",
                   INSPECTOR_APP_DATA_DIR=str(scratch / "data"), XDG_RUNTIME_DIR=str(scratch))
        launcher = subprocess.Popen([LAUNCHER, "--launch-immediately"], env=env, start_new_session=True,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append((launcher, True))
        yield env
    finally:
        for process, group in reversed(started):
            _stop(process, group)


def test_a_screen_reader_reads_names_and_roles_of_the_evidence_view(demo_db_file: Path, tmp_path: Path) -> None:
    reason = _missing()
    if reason:
        pytest.skip(f"AT-SPI screen-reader test needs system packages: {reason}")
    copy = tmp_path / "demo-atspi.sqlite"
    shutil.copyfile(demo_db_file, copy)
    os.chmod(tmp_path, 0o700)  # XDG_RUNTIME_DIR must be private
    with atspi_desktop(tmp_path) as env:
        app = subprocess.Popen([sys.executable, "-m", "tests.gui.atspi_app", str(copy), "evidence", "40"], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            ready = app.stdout.readline().strip()  # type: ignore[union-attr]
            assert ready == "ready", app.stderr.read()[-2000:] if app.poll() is not None else ready  # type: ignore[union-attr]
            read = subprocess.run([SYSTEM_PYTHON, ROOT / "tests" / "gui" / "atspi_reader.py", APP_ID, "20"],
                                  env=env, capture_output=True, text=True, timeout=90)
        finally:
            _stop(app)
    lines = [json.loads(line) for line in read.stdout.splitlines() if line.startswith("{")]
    assert lines and "error" not in lines[0], read.stdout[-500:] + read.stderr[-2000:]
    showing = [n for n in lines if n["showing"]]
    by_role: dict[str, set[str]] = {}
    for node in showing:
        by_role.setdefault(node["role"], set()).add(node["name"])

    assert any(APP_ID in n["name"] or "Inspector App" in n["name"] for n in lines if n["role"] == "frame")
    assert {"Inspections", "Overview", "Evidence", "Judgements", "Team"} <= by_role.get("list item", set())
    assert "Navigation" in by_role.get("list", set())
    assert "Search evidence" in by_role.get("text", set()) | by_role.get("entry", set())
    assert "Evidence" in by_role.get("table", set())
    # Qt on Linux names a combo box by its value and ties its label to it with a labelled-by relation
    combos = [n for n in showing if n["role"] == "combo box"]
    assert {"Every judgement area", "Any source"} <= {n["name"] for n in combos}
    assert {"Area", "Source", "Case"} <= {label for n in combos for label in n["labelled_by"]}
    assert {"Filter by judgement area", "Filter by source"} <= {n["description"] for n in combos}
    assert {"Ref", "Evidence", "Area"} <= by_role.get("column header", set()) | by_role.get("table column header",
                                                                                            set())
    assert {"Delete evidence", "History…"} <= {n.replace("&", "") for n in by_role.get("push button", set())}
    interactive = {"push button", "check box", "radio button", "combo box", "text", "entry", "list", "table",
                   "list item", "table cell", "column header", "table column header", "page tab"}
    unnamed = [n for n in showing if n["role"] in interactive and not n["name"].strip()]
    assert unnamed == []
