"""The Debian set-up script: `--runtime` is what the app needs and nothing the tests alone need, the
default is everything (the README's test command and .ci/run, which must stay that command)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "packaging" / "debian" / "install-deps.sh"
TEST_ONLY = {"postgresql", "at-spi2-core", "python3-pyatspi", "libreoffice-writer-nogui", "xvfb", "poppler-utils"}


def _listed(*options: str) -> set[str]:
    out = subprocess.run(["bash", str(SCRIPT), *options, "--list"], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def test_runtime_packages_leave_out_the_test_only_ones_and_the_default_has_both():
    runtime, full = _listed("--runtime"), _listed()
    assert {"python3-venv", "libxcb-cursor0", "fonts-dejavu-core"} <= runtime
    assert not runtime & TEST_ONLY
    assert runtime | TEST_ONLY <= full
    refused = subprocess.run(["bash", str(SCRIPT), "--everything"], capture_output=True, text=True)
    assert refused.returncode == 2 and "--runtime" in refused.stderr and refused.stdout == ""


def test_the_readme_starts_the_app_with_runtime_packages_and_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```bash\n(bash packaging/debian/install-deps\.sh[^\n]*)\n```", readme)
    app = next(c for c in commands if c.endswith("inspector-app"))
    tests = next(c for c in commands if c.endswith("pytest"))
    assert app.startswith("bash packaging/debian/install-deps.sh --runtime &&")
    assert tests.startswith("bash packaging/debian/install-deps.sh &&")
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
