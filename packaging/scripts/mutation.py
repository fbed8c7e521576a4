"""Mutation testing of ``inspector_app/bundles/`` and the shared validation, one group of modules at a time.

mutmut 3 reads one ``[tool.mutmut]`` table from ``pyproject.toml`` in the folder it runs in. Each group here
pairs the modules it mutates with the fast tests that must kill their mutants (no fuzz suite, no GUI), so
a group runs in minutes on one core. Each group runs in its own scratch copy under
``build/mutation/<group>/`` (the worktree's files and ``pyproject.toml`` are not touched), with its
``[tool.mutmut]`` table written from :data:`GROUPS`. The scores are recorded in ``docs/bundle-format.md``.

    .venv/bin/python packaging/scripts/mutation.py            # every group, in turn
    .venv/bin/python packaging/scripts/mutation.py trust sync # only these groups
    .venv/bin/python packaging/scripts/mutation.py --list     # the groups and what they mutate

Not part of CI (``.ci/run``): a full run takes about half an hour on one core.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = ROOT / "build" / "mutation"
COPIED = ["inspector_app", "tests", "resources", "alembic.ini"]

GROUPS: dict[str, tuple[list[str], list[str]]] = {
    "validation": (["inspector_app/services/validation.py", "inspector_app/bundles/limits.py",
                    "inspector_app/bundles/crypto.py"],
                   ["tests/test_validation.py", "tests/test_validation_units.py",
                    "tests/test_bundle_limits_units.py"]),
    "scope": (["inspector_app/bundles/scope.py", "inspector_app/bundles/signing.py"],
              ["tests/test_bundle_trust_units.py", "tests/test_bundle_importer_units.py",
               "tests/test_bundle_export_units.py"]),
    "trust": (["inspector_app/bundles/trust.py"], ["tests/test_bundle_trust_decisions_units.py"]),
    # the evidence references a bundle brings are filled in and checked while the importer plans (their own
    # tests build three laptops once; their PostgreSQL half is left out, as every group leaves PostgreSQL out)
    "importer": (["inspector_app/bundles/importer.py", "inspector_app/bundles/evidence_refs.py"],
                 ["tests/test_bundle_importer_units.py", "tests/test_evidence_refs.py", "-k", "not postgresql"]),
    "export": (["inspector_app/bundles/export.py", "inspector_app/bundles/history.py"],
               ["tests/test_bundle_export_units.py"]),
    "sync": (["inspector_app/bundles/sync.py", "inspector_app/bundles/store_link.py"],
             ["tests/test_bundle_sync_units.py"]),
    "wording": (["inspector_app/bundles/wording.py"], ["tests/test_bundle_wording.py"]),
}
PYTEST_ARGS = ["-p", "no:cacheprovider", "-W", "ignore", "-x", "-q"]
PROGRESS = re.compile(r"\d+/\d+ +🎉 \d+ 🫥 \d+ +⏰ \d+ +🤔 \d+ +🙁 \d+ +🔇 \d+ +🧙 \d+")
RESULT = re.compile(r"^\s*(?P<mutant>(?P<name>[\w.]+?)__mutmut_\d+): (?P<status>.+)$")


def _pyproject(only_mutate: list[str], tests: list[str]) -> str:
    """The worktree's pyproject.toml with its ``[tool.mutmut]`` table replaced by this group's."""
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    table = {"source_paths": ["inspector_app"], "only_mutate": only_mutate,
             "pytest_add_cli_args_test_selection": tests, "pytest_add_cli_args": PYTEST_ARGS,
             "also_copy": COPIED[1:]}
    return text + "\n[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in table.items())


def _module(mutant: str) -> str:
    """``inspector_app.bundles.trust.x_status`` or ``….xǁSignerStatusǁdescribe`` → ``bundles/trust.py``."""
    parts = mutant.split(".")
    while parts and (parts[-1].startswith("x_") or parts[-1].startswith("xǁ")):
        parts.pop()
    return "/".join(parts[1:]) + ".py"


def _copy_sources(folder: Path, only_tests: bool = False) -> None:
    for item in (["tests"] if only_tests else COPIED):
        source, target = ROOT / item, folder / item
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target)


def _results(folder: Path, mutmut: Path, env: dict[str, str]) -> list[tuple[str, str]]:
    """(mutant, status) for every mutant of the group's last run."""
    listing = subprocess.run([str(mutmut), "results", "--all", "true"], cwd=folder, env=env, check=True,
                             capture_output=True, text=True).stdout
    return [(m["mutant"], m["status"].strip()) for line in listing.splitlines() if (m := RESULT.match(line))]


def _patterns(only: list[str]) -> list[str]:
    """mutmut's patterns for every mutant of the functions named; a mutant's own name stands for itself."""
    return [p for f in only for p in ([f] if "__mutmut_" in f else [f"*.x_{f}__mutmut_*", f"*.xǁ*ǁ{f}__mutmut_*"])]


def run_group(name: str, mutmut: Path, again: bool = False,
              only: list[str] | None = None) -> dict[str, collections.Counter[str]]:
    """Run one group; ``again``: keep its last run, refresh the sources and tests, retry only the mutants not
    killed; ``only``: instead, every mutant of the functions named (``parse_bundle``, ``describe``...)."""
    only_mutate, tests = GROUPS[name]
    folder = SCRATCH / name
    # pytest's temporary folders go under the group's own folder: in the shared /tmp/pytest-of-<user>, other
    # people's test runs delete the older ones, and with them a template still in use here (an environment
    # variable, not the [tool.mutmut] table, whose change would make mutmut discard every earlier verdict)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTEST_ADDOPTS": f"--basetemp={folder / 'pytest-tmp'}"}
    names: list[str] = []
    if again and (folder / "mutants").is_dir():
        # the sources too: mutmut keeps the verdicts of every function whose source is unchanged and forgets
        # those of a function that changed, so ``--only`` that function measures it as it is now
        _copy_sources(folder)
        # mutmut maps each test to the functions it runs once, by test name: a test changed since would keep
        # its old map (and miss mutants it now kills), so the map is made again from the tests as they are
        (folder / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
        if only:  # every mutant of these functions (a changed function's verdicts are gone), as mutmut patterns
            names = _patterns(only)
        else:
            names = [mutant for mutant, status in _results(folder, mutmut, env) if status != "killed"]
        if not names:
            print(f"== {name}: every mutant was already killed")
    else:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        _copy_sources(folder)
        if again and only:  # no earlier run kept: a fresh one, of these functions only
            names = _patterns(only)
    (folder / "pyproject.toml").write_text(_pyproject(only_mutate, tests), "utf-8")
    if not again or names:
        print(f"== {name}: mutating {', '.join(only_mutate)} against {', '.join(tests)}"
              + (f" ({len(names)} mutants again)" if names else ""), flush=True)
        ran = subprocess.run(["nice", "-n", "10", str(mutmut), "run", "--max-children", "1", *names], cwd=folder,
                             env=env, capture_output=True, text=True)
        progress = PROGRESS.findall(ran.stdout)
        print(progress[-1] if progress else ran.stdout[-2000:], flush=True)
        if ran.returncode != 0:
            print(ran.stderr[-4000:], file=sys.stderr)
            raise SystemExit(f"mutmut failed on group {name} (exit {ran.returncode})")
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    survivors: list[tuple[str, str]] = []
    for mutant, status in _results(folder, mutmut, env):
        counts[_module(mutant)][status] += 1
        if status != "killed":
            survivors.append((mutant, status))
    print(f"\n== {name}: mutants not killed ({len(survivors)}) ==")
    by_function = collections.Counter(f"{m.rsplit('__mutmut_', 1)[0]} ({status})" for m, status in survivors)
    for function, count in sorted(by_function.items()):
        print(f"  {count:4d}  {function}")
    print(f"(list them: cd {folder.relative_to(ROOT)} && {mutmut} results; show one: {mutmut} show <name>)")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("groups", nargs="*", choices=[[], *GROUPS], help="groups to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the groups and stop")
    parser.add_argument("--again", action="store_true",
                        help="keep each group's last run and retry only its mutants not killed (after adding tests)")
    parser.add_argument("--only", action="append", metavar="FUNCTION",
                        help="with --again: run again every mutant of this function (repeatable; after it changed), or "
                             "this one mutant (its full name, as `mutmut results` lists it)")
    args = parser.parse_args()
    if args.list:
        for name, (modules, tests) in GROUPS.items():
            print(f"{name}: {', '.join(modules)}  <-  {', '.join(tests)}")
        return 0
    mutmut = Path(sys.executable).with_name("mutmut")
    totals: dict[str, collections.Counter[str]] = {}
    for name in args.groups or list(GROUPS):
        totals.update(run_group(name, mutmut, args.again, args.only))
    print("\n| Module | Mutants | Killed | Not killed | Score |\n|---|---|---|---|---|")
    for module, counter in sorted(totals.items()):
        total, killed = sum(counter.values()), counter["killed"]
        print(f"| `{module}` | {total} | {killed} | {total - killed} | {100 * killed / total:.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
