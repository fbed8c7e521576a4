"""Compile the Qt Designer forms in ui/ into inspector_app/gui/forms/ with pyside6-uic.

The generated modules are committed, so neither users nor packagers need Qt's tools;
tests/test_forms_current.py fails when a form was edited without running this script.

    python packaging/scripts/build_forms.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "inspector_app" / "gui" / "forms"


def uic_command() -> list[str]:
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    return [sys.executable, "-m", "PySide6.scripts.pyside_tool", "uic"]


def compile_form(source: Path, target: Path) -> None:
    subprocess.run([*uic_command(), "--from-imports", str(source), "-o", str(target)], check=True)


def build(target_dir: Path = FORMS_DIR) -> list[Path]:
    target_dir.mkdir(parents=True, exist_ok=True)
    init = target_dir / "__init__.py"
    if not init.exists():
        init.write_text('"""Generated from ui/*.ui by packaging/scripts/build_forms.py: do not edit."""\n')
    written = []
    for source in sorted(UI_DIR.glob("*.ui")):
        target = target_dir / f"ui_{source.stem}.py"
        compile_form(source, target)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build():
        print(path.relative_to(ROOT))
