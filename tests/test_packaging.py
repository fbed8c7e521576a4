"""What the app reads at run time is in the wheel, and the installed wheel passes its self-test."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    [built] = out.glob("inspector_app-*.whl")
    return built


def test_wheel_contains_everything_read_at_run_time(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "inspector_app/resources/frameworks/ilacs-2026.toml",
        "inspector_app/resources/fonts/LiberationSans-Regular.ttf",
        "inspector_app/resources/fonts/LICENSE-LiberationSans-OFL.txt",
        "inspector_app/resources/icons/app.svg",
        "inspector_app/resources/styles/app.qss",
        "inspector_app/frameworks/framework.schema.json",
        "inspector_app/bundles/bundle.schema.json",
        "inspector_app/storage/migrations/env.py",
        "inspector_app/storage/migrations/script.py.mako",
        "inspector_app/gui/forms/ui_capture_dialog.py",
    ):
        assert needed in names, needed
    versions = [n for n in names if n.startswith("inspector_app/storage/migrations/versions/") and n.endswith(".py")]
    assert len(versions) == len(list((ROOT / "inspector_app/storage/migrations/versions").glob("*.py")))


@pytest.mark.slow
def test_installed_wheel_passes_its_self_test(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    lock = ROOT / "requirements" / "app.lock"  # what a user installs: the locked versions, by hash
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--require-hashes", "-r", str(lock)],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-2000:]
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                             capture_output=True, text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(QT_QPA_PLATFORM="offscreen", INSPECTOR_APP_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run([str(env_dir / "bin" / "inspector-app"), "--self-test"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed." in result.stdout
    resources = next(line for line in result.stdout.splitlines() if line.startswith("ok   resources"))
    assert str(env_dir) in resources, "resources must come from the installed wheel, not the checkout"


def test_self_test_from_the_checkout(capsys):
    from inspector_app.cli import run

    assert run(["--self-test"]) == 0
    out = capsys.readouterr().out
    assert out.count("\nok   ") == 7 and "Word export" in out and "All checks passed." in out


def test_self_test_reports_a_failure_in_one_line(capsys, tmp_path):
    from inspector_app.cli import run

    bad = tmp_path / "not-a-database.sqlite"
    bad.write_text("plain text")
    assert run(["--self-test", "--db", str(bad)]) == 1
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1].startswith("FAIL database and migrations: DatabaseOpenError:")


def test_desktop_file_and_icons():
    desktop = (ROOT / "packaging/linux/inspector-app.desktop").read_text()
    assert "Exec=inspector-app" in desktop and "Icon=inspector-app" in desktop
    for size in (16, 32, 48, 128, 256):
        assert (ROOT / f"packaging/linux/icons/hicolor/{size}x{size}/apps/inspector-app.png").exists()
