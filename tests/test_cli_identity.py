"""The command line is the same person as the window: without --user it records and signs as the
identity set up in the window (same name, same key, so `inspector-app identity` prints the fingerprint
the Team view shows); with none set up, the login name."""

from __future__ import annotations

import getpass
import shutil
from pathlib import Path

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.settings import AppSettings, Identity
from inspector_app.services import identity, open_workspace
from inspector_app.services.identity import saved_name

NAME = 'Siân O\'Neill, "Lead" \\ North'  # a comma, quotes and a backslash: QSettings quotes and escapes it


def _fingerprint_printed(capsys) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    lines = capsys.readouterr().out.splitlines()
    return lines[0], lines[1].removeprefix("Fingerprint: ")


def test_the_command_line_signs_as_the_identity_set_up_in_the_window(empty_db_file, tmp_path, registry, capsys):
    from inspector_app.cli import run

    db = tmp_path / "laptop.sqlite"
    shutil.copyfile(empty_db_file, db)
    assert saved_name() is None
    assert run(["identity", "--db", str(db)]) == 0
    assert _fingerprint_printed(capsys)[0] == getpass.getuser()  # nobody set up in the window: the login name

    AppSettings().set_identity(Identity(NAME, "SO", TeamRole.LEAD))  # the window's identity dialog
    assert saved_name() == NAME
    assert run(["identity", "--db", str(db)]) == 0  # --user not given
    person, printed = _fingerprint_printed(capsys)
    ws = open_workspace(db, user=NAME, registry=registry)  # what the window opens as
    try:
        shown = identity.signing_key(ws)  # what the Team view shows
    finally:
        ws.close()
    assert person == NAME and shown is not None and printed == shown.fingerprint
    assert run(["identity", "--db", str(db), "--user", "Amir Ahmed"]) == 0  # --user still wins
    assert _fingerprint_printed(capsys)[0] == "Amir Ahmed"


def test_an_unreadable_settings_file_is_no_identity(tmp_path: Path):
    broken = tmp_path / "settings.ini"
    broken.write_bytes(b"\xff\xfe not an ini [")
    assert saved_name(broken) is None
