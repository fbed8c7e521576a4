"""The layering of docs/architecture.md, held by import-linter's contracts in pyproject.toml, and the
runtime side of it: the core imports and runs without Qt."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "inspector_app"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
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


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, env=env, capture_output=True, text=True,
                          timeout=120)


def test_import_contracts_hold():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "broken" not in result.stdout.lower().split("contracts:")[-1].split(",")[0]


def _copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(PACKAGE, tmp_path / "inspector_app", ignore=shutil.ignore_patterns("__pycache__", "resources"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_a_qt_import_in_services_breaks_the_contracts(tmp_path):
    root = _copy_of_the_package(tmp_path)
    (root / "inspector_app" / "services" / "sneaky.py").write_text("from PySide6.QtCore import QObject\n")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "inspector_app.services.sneaky -> PySide6" in result.stdout


def test_a_storage_import_in_reports_breaks_the_contracts(tmp_path):
    root = _copy_of_the_package(tmp_path)
    (root / "inspector_app" / "reports" / "sneaky.py").write_text("from inspector_app.storage import models\n")
    result = _lint_imports(root)
    assert result.returncode != 0
    assert "inspector_app.reports.sneaky -> inspector_app.storage" in result.stdout


def test_gui_never_reads_the_workspace_database():
    """The window holds an opaque workspace: no `.db`, no engine, no session reaches gui/."""
    offenders = {}
    for path in GUI.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hits = sorted({node.attr for node in ast.walk(tree)
                       if isinstance(node, ast.Attribute) and node.attr in {"db", "engine", "session", "read_session"}})
        if hits:
            offenders[str(path.relative_to(PACKAGE))] = hits
    assert offenders == {}


def test_no_code_branches_on_exception_message_text():
    """Errors are told apart by their class or reason, never by matching words in their message."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                offenders += [f"{path.relative_to(PACKAGE)}:{line}" for line in _message_matches(func)]
    assert offenders == []


def _message_matches(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[int]:
    """Lines of `... in str(exc)` (or in a name holding str(exc)) inside one function."""
    errors = {h.name for h in ast.walk(func) if isinstance(h, ast.ExceptHandler) and h.name}
    errors |= {a.arg for a in func.args.args + func.args.kwonlyargs
               if a.annotation is not None and any(word in ast.unparse(a.annotation)
                                                   for word in ("Exception", "Error"))}

    def text_of_error(node: ast.AST) -> bool:
        return any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "str" and c.args
                   and any(isinstance(n, ast.Name) and n.id in errors for n in ast.walk(c.args[0]))
                   for c in ast.walk(node))

    holders = {t.id for node in ast.walk(func) if isinstance(node, ast.Assign) and text_of_error(node.value)
               for t in node.targets if isinstance(t, ast.Name)}
    return [node.lineno for node in ast.walk(func)
            if isinstance(node, ast.Compare) and any(isinstance(op, ast.In | ast.NotIn) for op in node.ops)
            and any(text_of_error(c) or (isinstance(c, ast.Name) and c.id in holders) for c in node.comparators)]
