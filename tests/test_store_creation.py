"""Creating a database is deliberate: encrypted unless asked otherwise, owner-only, and never by a
command that only reads. One writer at a time, whichever kind it is."""

from __future__ import annotations

import getpass
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from factories import make_inspection

from inspector_app import cli
from inspector_app.services import open_workspace
from inspector_app.storage import cipher
from inspector_app.storage.database import DatabaseOpenError, open_database
from inspector_app.storage.errors import Reason
from inspector_app.storage.writer_lock import WriterLock

STRONG = "heron lantern quietly marmalade"


@pytest.fixture(autouse=True)
def _no_passphrase_in_env(monkeypatch):
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.run(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _at_a_terminal(monkeypatch, answers: list[str]) -> list[str]:
    """Pretend stdin is a terminal and the person types ``answers`` at the passphrase prompts."""
    prompts: list[str] = []

    def typed(prompt: str = "") -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(cli, "_interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", typed)
    return prompts


def test_demo_without_a_terminal_or_passphrase_refuses_and_creates_nothing(capsys, tmp_path):
    db = tmp_path / "new" / "work.sqlite"
    code, out, err = _cli(capsys, "demo", "--db", str(db))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "needs a passphrase" in err and "--no-encryption" in err
    assert not db.parent.exists()


def test_pressing_enter_at_the_prompt_never_gives_plaintext(capsys, tmp_path, monkeypatch):
    db = tmp_path / "work.sqlite"
    prompts = _at_a_terminal(monkeypatch, ["", "", ""])
    code, _, err = _cli(capsys, "demo", "--db", str(db))
    assert code == 1 and len(prompts) == 3
    assert "readable by anyone" in err and "nothing was created" in err.lower()
    assert not db.exists()


def test_the_passphrase_is_asked_twice_and_a_mismatch_creates_nothing(capsys, tmp_path, monkeypatch):
    db = tmp_path / "work.sqlite"
    _at_a_terminal(monkeypatch, [STRONG, STRONG + "x"])
    code, _, err = _cli(capsys, "demo", "--db", str(db))
    assert code == 1 and "do not match" in err and not db.exists()
    prompts = _at_a_terminal(monkeypatch, [STRONG, STRONG])
    assert _cli(capsys, "demo", "--db", str(db))[0] == 0
    assert prompts == ["New passphrase: ", "Repeat the passphrase: "]
    assert not cipher.is_plain_sqlite(db)
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, STRONG)
    assert "Northmoor" in _cli(capsys, "inspections", "--db", str(db))[1]


def test_a_weak_passphrase_is_explained_and_asked_again(capsys, tmp_path, monkeypatch):
    db = tmp_path / "work.sqlite"
    _at_a_terminal(monkeypatch, ["short", "password123", STRONG, STRONG])
    code, _, err = _cli(capsys, "demo", "--db", str(db))
    assert code == 0
    assert "Too short" in err and "at least 10 characters" in err
    assert "Too easy to guess" in err and "very common password" in err  # zxcvbn's own feedback
    assert not cipher.is_plain_sqlite(db)


@pytest.mark.parametrize("weak", ["a", "password1234", "aaaaaaaaaaaa"])
def test_a_weak_passphrase_from_the_environment_is_refused(capsys, tmp_path, monkeypatch, weak):
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, weak)
    db = tmp_path / "work.sqlite"
    code, _, err = _cli(capsys, "demo", "--db", str(db))
    assert code == 1 and "not strong enough" in err and err.count("\n") == 1
    assert not db.exists()


def test_no_encryption_says_what_it_means_and_creates_plaintext(capsys, tmp_path):
    db = tmp_path / "work.sqlite"
    code, _, err = _cli(capsys, "demo", "--no-encryption", "--db", str(db))
    assert code == 0 and "UNENCRYPTED" in err and "can read every child's details" in err
    assert cipher.is_plain_sqlite(db)


def test_every_creating_path_in_the_library_refuses_plaintext_unless_asked(tmp_path):
    db = tmp_path / "work.sqlite"
    with pytest.raises(DatabaseOpenError) as refused:
        open_database(db, create=True)
    assert refused.value.reason is Reason.UNENCRYPTED_REFUSED and not db.exists()
    with pytest.raises(DatabaseOpenError) as weak:
        open_workspace(db, create=True, passphrase="letmein")
    assert weak.value.reason is Reason.WEAK_PASSPHRASE and not db.exists()
    with pytest.raises(DatabaseOpenError) as missing:
        open_database(db, passphrase=STRONG)  # without create=True nothing is created
    assert missing.value.reason is Reason.MISSING and not db.exists()
    open_database(db, create=True, passphrase=STRONG).close()
    assert not cipher.is_plain_sqlite(db)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_files_and_folders_the_app_creates_are_owner_only(capsys, tmp_path, monkeypatch):
    os.umask(0o022)  # a typical default: everything would be world-readable without the app's care
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, STRONG)
    monkeypatch.setenv("INSPECTOR_APP_BUNDLE_PASSPHRASE", STRONG)
    db = tmp_path / "data" / "work.sqlite"
    try:
        assert _cli(capsys, "demo", "--db", str(db))[0] == 0
        assert _cli(capsys, "backup", "create", "--db", str(db))[0] == 0
        assert _cli(capsys, "bundle", "export", "--db", str(db), "--inspection", "1", "--encrypt",
                    "--out", str(tmp_path / "out.inspbundle"))[0] == 0
        assert _cli(capsys, "report", "--db", str(db), "--inspection", "1", "--out", str(tmp_path / "r.pdf"))[0] == 0
        ws = open_workspace(db)  # leaves the WAL and shared-memory files in place while open
        created = [p for p in tmp_path.rglob("*") if p.is_file()]
        assert {p.name for p in created} >= {"work.sqlite", "work.sqlite-wal", "work.sqlite-shm", "out.inspbundle",
                                             "r.pdf", "work.sqlite.lock"}
        assert any(p.parent.name == "work-backups" for p in created)
        assert {p.name: oct(_mode(p)) for p in created if _mode(p) != 0o600} == {}
        folders = [db.parent, db.parent / "work-backups"]
        assert {p.name: oct(_mode(p)) for p in folders if _mode(p) != 0o700} == {}
        ws.close()
    finally:
        os.umask(0o022)


# Every command that only reads, pointed at a mistyped path.
READERS = [["inspections"], ["history", "--inspection", "1"], ["check"], ["backup", "test"],
           ["report", "--inspection", "1", "--out", "{tmp}/r.pdf"], ["inspections", "--read-only"],
           ["bundle", "export", "--inspection", "1", "--out", "{tmp}/b.inspbundle"], ["purge", "--inspection", "1"],
           ["backup", "create"], ["destroy"], ["passphrase"]]


@pytest.mark.parametrize("argv", READERS, ids=lambda a: " ".join(a[:2]))
def test_a_command_on_a_missing_path_creates_nothing_not_even_the_folder(capsys, tmp_path, argv):
    db = tmp_path / "typo" / "x.sqlite"
    command = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, out, err = _cli(capsys, *command, "--db", str(db))
    assert code != 0
    assert str(db) in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "typo").exists()
    assert "No inspections yet" not in out


WRITERS = [["demo"], ["backup", "create"], ["backup", "restore"], ["purge", "--inspection", "1", "--confirm", "X"],
           ["destroy", "--confirm", "DESTROY"], ["passphrase"], ["report", "--inspection", "1", "--out", "{tmp}/r.pdf"],
           ["bundle", "import", "{tmp}/in.inspbundle", "--on-conflict", "keep-mine"],
           ["bundle", "export", "--inspection", "1", "--out", "{tmp}/b.inspbundle"]]


@pytest.fixture(scope="module")
def shared_demo(tmp_path_factory) -> Path:
    from inspector_app.bundles.export import export_bundle
    from inspector_app.demo import generate_demo

    folder = tmp_path_factory.mktemp("shared")
    ws = open_workspace(folder / "work.sqlite", create=True, plaintext=True)
    generate_demo(ws)
    export_bundle(ws, 1, folder / "in.inspbundle")
    ws.close()
    return folder


@pytest.mark.parametrize("argv", WRITERS, ids=lambda a: " ".join(a[:2]))
def test_a_second_writer_of_each_kind_is_refused_in_one_line(capsys, shared_demo, monkeypatch, argv):
    monkeypatch.setenv("INSPECTOR_APP_NEW_PASSPHRASE", STRONG)
    db = shared_demo / "work.sqlite"
    command = [a.replace("{tmp}", str(shared_demo)) for a in argv]
    before = db.read_bytes()
    holder = WriterLock(db)  # what the window holds while it is open
    holder.acquire()
    try:
        code, _, err = _cli(capsys, *command, "--db", str(db))
    finally:
        holder.release()
    assert code == 1 and err.count("\n") == 1 and "already open in Inspector App" in err
    assert db.read_bytes() == before


def test_the_window_is_refused_while_a_command_writes(tmp_path):
    """The lock is held across processes: a command in another process keeps the window out."""
    db = tmp_path / "work.sqlite"
    open_database(db, create=True, plaintext=True).close()
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "from inspector_app.storage.database import open_database\n"
        f"db = open_database({str(db)!r}, exclusive=True)\n"
        "print('holding', flush=True)\n"
        "sys.stdin.readline()\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "holding"
        with pytest.raises(DatabaseOpenError) as refused:
            open_workspace(db, exclusive=True)  # exactly what the window does
        assert refused.value.reason is Reason.IN_USE and f"process {child.pid}" in str(refused.value)
    finally:
        child.communicate("\n", timeout=30)
    open_workspace(db, exclusive=True).close()  # released when the other process ends


def _without_permission_override() -> list[str] | None:
    import shutil

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"] if setpriv else None


def test_a_read_only_location_is_readable_with_read_only(tmp_path):
    prefix = _without_permission_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    folder = tmp_path / "read-only"
    folder.mkdir()
    db = folder / "work.sqlite"
    ws = open_workspace(db, user="Tess Tester", passphrase=STRONG, create=True)
    make_inspection(ws, authority="Readonlyshire")
    ws.close()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out_folder = tmp_path / "out"
    out_folder.mkdir()
    folder.chmod(0o555)
    env = {**os.environ, cipher.PASSPHRASE_ENV: STRONG}

    def cli_run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*prefix, sys.executable, "-m", "inspector_app", *argv, "--db", str(db)],
                              capture_output=True, text=True, env=env, timeout=120)

    try:
        refused = cli_run("inspections")
        assert refused.returncode == 1 and "--read-only" in refused.stderr and refused.stderr.count("\n") == 1
        listed = cli_run("inspections", "--read-only")
        assert listed.returncode == 0 and "Readonlyshire" in listed.stdout, listed.stderr
        checked = cli_run("check", "--read-only")
        assert checked.returncode == 0 and "The database is sound." in checked.stdout, checked.stdout
        history = cli_run("history", "--inspection", "1", "--read-only")
        assert history.returncode == 0 and "create" in history.stdout.lower(), history.stderr
        report = cli_run("report", "--inspection", "1", "--out", str(out_folder / "r.pdf"), "--read-only")
        assert report.returncode == 0 and (out_folder / "r.pdf").exists(), report.stderr
        writer = cli_run("demo", "--read-only")
        assert writer.returncode == 1 and "cannot run with --read-only" in writer.stderr
    finally:
        folder.chmod(0o755)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # not a byte changed, nothing added
