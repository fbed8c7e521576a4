"""The layering rule: the core never imports Qt; the window never touches SQL or storage."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "inspector_app"
GUI = PACKAGE / "gui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if GUI not in p.parents]


def test_core_source_never_imports_qt():
    offenders = {
        str(p.relative_to(PACKAGE)): sorted(n for n in _imports(p) if n.split(".")[0] in {"PySide6", "shiboken6"})
        for p in _core_modules()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_runs_without_loading_qt():
    code = (
        "import sys, importlib, pkgutil, inspector_app\n"
        "skip = ('inspector_app.gui', 'inspector_app.storage.migrations.env',\n"
        "        'inspector_app.storage.migrations.versions')\n"
        "for m in pkgutil.walk_packages(inspector_app.__path__, 'inspector_app.'):\n"
        "    if not m.name.startswith(skip): importlib.import_module(m.name)\n"
        "assert not any(n.startswith('PySide6') for n in sys.modules), 'Qt was imported'\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_gui_never_imports_sqlalchemy_or_storage():
    forbidden = ("sqlalchemy", "sqlite3", "inspector_app.storage", "alembic")
    offenders = {}
    for path in GUI.rglob("*.py"):
        bad = sorted(n for n in _imports(path) if n.startswith(forbidden))
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = bad
    assert offenders == {}


def test_lower_layers_never_import_higher_ones():
    """The table in docs/architecture.md: storage and services sit below reports, bundles and the demo."""
    rules = {
        "domain": ("inspector_app.storage", "inspector_app.services", "sqlalchemy", "inspector_app.reports",
                   "inspector_app.bundles"),
        "storage": ("inspector_app.services", "inspector_app.reports", "inspector_app.bundles",
                    "inspector_app.demo"),
        "services": ("inspector_app.reports", "inspector_app.bundles", "inspector_app.demo", "inspector_app.cli"),
    }
    offenders = {}
    for layer, forbidden in rules.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            bad = sorted(n for n in _imports(path) if n.startswith(forbidden))
            if bad:
                offenders[str(path.relative_to(PACKAGE))] = bad
    assert offenders == {}
