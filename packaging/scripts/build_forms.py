"""Compile the Qt Designer forms in ui/ into inspector_app/gui/forms/ with pyside6-uic.

The generated modules are committed, so neither users nor packagers need Qt's tools;
tests/test_forms_current.py fails when a form was edited without running this script.

    python packaging/scripts/build_forms.py
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "inspector_app" / "gui" / "forms"


# Run uic through the PySide6 package this interpreter has installed, never through whatever
# `pyside6-uic` is first on PATH: the locked PySide6 decides the generated code.
_RUN_UIC = "import sys; from PySide6.scripts.pyside_tool import uic; sys.exit(uic())"


def uic_command() -> list[str]:
    return [sys.executable, "-c", _RUN_UIC]


def uic_version(form: Path) -> str:
    """The Qt version a generated form names in its header ("" when it names none)."""
    for line in form.read_text().splitlines()[:8]:
        if "Qt User Interface Compiler version" in line:
            return line.rsplit(" ", 1)[-1]
    return ""


def compile_form(source: Path, target: Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([*uic_command(), "--from-imports", str(source), "-o", str(target)], check=True, env=env)


def build(target_dir: Path = FORMS_DIR, env: dict[str, str] | None = None) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    init = target_dir / "__init__.py"
    if not init.exists():
        init.write_text('"""Generated from ui/*.ui by packaging/scripts/build_forms.py: do not edit."""\n')
    written = []
    for source in sorted(UI_DIR.glob("*.ui")):
        target = target_dir / f"ui_{source.stem}.py"
        compile_form(source, target, env)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(ROOT))
