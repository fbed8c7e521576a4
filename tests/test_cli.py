"""The command line, as a script would use it: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app.cli import run


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_inspections_json_follows_the_framework_rules(capsys, tmp_path):
    db = str(tmp_path / "demo.sqlite")
    code, out, _ = _run(capsys, "demo", "--no-encryption", "--db", db)
    assert code == 0 and "evidence items" in out
    code, out, _ = _run(capsys, "inspections", "--db", db, "--json")
    assert code == 0
    rows = {r["authority"]: r for r in json.loads(out)}
    for row in rows.values():
        assert {"id", "authority", "framework", "kind", "start_date", "end_date", "status",
                "judgements", "overall"} <= set(row)
    ilacs = rows["Northmoor"]
    assert ilacs["kind"] == "ilacs_standard" and ilacs["framework"] == "ilacs@2023"
    assert ilacs["judgements"] == {"leaders": "good", "help_protection": "requires_improvement",
                                   "children_in_care": "good", "care_leavers": "good"}
    assert ilacs["overall"] == "good"
    assert rows["Eastwold"]["kind"] == "focused_visit"
    assert rows["Eastwold"]["judgements"] == {} and rows["Eastwold"]["overall"] is None
    sif = rows["Fenbridge"]
    assert sif["judgements"]["help_protection"] == "inadequate" and sif["overall"] == "inadequate"
    assert rows["Harrowdale"]["framework"] == "ilacs@2026" and rows["Harrowdale"]["overall"] is None


def test_demo_is_big_enough(demo_ws):
    from inspector_app.services import cases, evidence, inspections

    northmoor = next(i for i in inspections.list_inspections(demo_ws) if i.authority == "Northmoor")
    assert len([m for m in northmoor.team if m.role.value in ("lead", "team")]) >= 3
    assert len(cases.list_cases(demo_ws, northmoor.id)) >= 30
    assert len(cases.list_audits(demo_ws, northmoor.id)) >= 150
    assert evidence.count_evidence(demo_ws, northmoor.id) >= 400
    assert len(evidence.evidence_authors(demo_ws, northmoor.id)) >= 3


def test_demo_scale_multiplies(capsys, tmp_path):
    code, out, _ = _run(capsys, "demo", "--no-encryption", "--db", str(tmp_path / "big.sqlite"), "--scale", "2")
    assert code == 0 and "1220 evidence items" in out  # 2 x 450 + 320 in the four smaller visits


def test_inspections_text_listing(capsys, tmp_path):
    db = str(tmp_path / "demo.sqlite")
    _run(capsys, "demo", "--no-encryption", "--db", db)
    code, out, _ = _run(capsys, "inspections", "--db", db)
    assert "Northmoor" in out and "overall: good" in out


def test_frameworks_lists_areas(capsys):
    code, out, _ = _run(capsys, "frameworks")
    assert code == 0
    assert "SIF 2013  [sif@2013]" in out and "adoption: Adoption performance (sub-judgement of looked_after)" in out
    code, out, _ = _run(capsys, "frameworks", "--json")
    data = {f["uid"]: f for f in json.loads(out)}
    assert data["ilacs@2026"]["overall_rule"] == "none"


def test_malformed_user_framework_is_reported_and_others_still_listed(capsys, _isolated_data_dir):
    folder = _isolated_data_dir / "frameworks"
    folder.mkdir()
    (folder / "mine.toml").write_text('format = 1\nid = "mine"\n')
    code, out, err = _run(capsys, "frameworks")
    assert code == 0 and "ILACS 2023" in out
    assert "framework file skipped: mine.toml" in err and "required field missing" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["inspections", "--db", "{tmp}"], "is a folder"),
        (["inspections", "--db", "{tmp}/notes.txt"], "is not an Inspector App database"),
        (["demo", "--db", "{tmp}/x.sqlite", "--scale", "0"], "--scale must be 1 or more"),
    ],
)
def test_errors_are_one_line_and_exit_non_zero(capsys, tmp_path, args, message):
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = _run(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == 1
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_database_options_count_before_the_command_as_after_it(capsys, tmp_path, _isolated_data_dir):
    """``inspector-app --db X inspections`` used the default database: the command's own default for --db
    overwrote the value given before it. Given in both places, the command's wins."""
    db = str(tmp_path / "here.sqlite")
    code, _, _ = _run(capsys, "--db", db, "--no-encryption", "--user", "Dee Demo", "demo")
    assert code == 0 and Path(db).exists() and not (_isolated_data_dir / "inspections.sqlite").exists()
    code, out, _ = _run(capsys, "--db", db, "--read-only", "inspections")
    assert code == 0 and "Northmoor" in out
    code, out, _ = _run(capsys, "--db", str(tmp_path / "not-this.sqlite"), "inspections", "--db", db)
    assert code == 0 and "Northmoor" in out


def test_default_database_is_in_the_user_data_dir(capsys, _isolated_data_dir):
    code, _, _ = _run(capsys, "demo", "--no-encryption")
    assert code == 0
    assert (_isolated_data_dir / "inspections.sqlite").exists()
    code, out, _ = _run(capsys, "inspections")
    assert code == 0 and "Northmoor" in out


def test_console_script_runs_as_a_process(tmp_path):
    env = dict(os.environ, INSPECTOR_APP_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "inspector_app", "demo", "--no-encryption", "--db",
                             str(tmp_path / "p.sqlite")], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "inspector_app", "inspections", "--json", "--db",
                             str(tmp_path / "p.sqlite")], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5
    result = subprocess.run([sys.executable, "-m", "inspector_app", "inspections", "--db", "/proc/version"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_version_flag(capsys):
    with pytest.raises(SystemExit) as info:
        run(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("inspector-app ")


def test_unknown_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        run(["frobnicate"])
    assert info.value.code == 2


def test_repo_has_the_layout_the_design_card_asks_for():
    root = Path(__file__).resolve().parents[1]
    for name in ("pyproject.toml", "inspector_app", "ui", "resources", "tests", "packaging", "README.md",
                 "docs", "bench", ".ci/run"):
        assert (root / name).exists(), name


def test_the_window_without_a_display_says_so_in_one_line(capsys, monkeypatch, tmp_path):
    """On Linux with no display, Qt would abort (exit 134) blaming a missing xcb-cursor library."""
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, out, err = _run(capsys, "--db", str(tmp_path / "x.sqlite"))
    assert code == 1 and out == ""
    assert err.strip() == ("No display found: start Inspector App from a desktop session, "
                           "or use the command line: inspector-app --help")
    assert not (tmp_path / "x.sqlite").exists()


@pytest.mark.parametrize("env", [{"DISPLAY": ":0"}, {"WAYLAND_DISPLAY": "wayland-0"},
                                 {"QT_QPA_PLATFORM": "offscreen"}])
def test_a_display_or_a_chosen_platform_lets_the_window_start(monkeypatch, env):
    from inspector_app.display import no_display_message

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert no_display_message() is None
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.delenv(next(iter(env)))
    assert no_display_message() is None
