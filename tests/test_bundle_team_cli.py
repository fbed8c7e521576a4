"""Two laptops and a lead, through the command line: keys, the roster, signed bundles both ways, and a
bundle from a key nobody put on the roster refused, then accepted once by the lead."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from factories import make_inspection

from inspector_app.cli import run
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace
from inspector_app.services.roles import RoleError


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _identity(capsys, db, user) -> str:
    code, out, err = _run(capsys, "identity", "--db", str(db), "--user", user, "--no-encryption")
    assert code == 0, err
    assert re.search(r"Fingerprint: [0-9A-F]{4}( [0-9A-F]{4}){4}", out)
    return re.search(r"Public key:\s+([0-9a-f]{64})", out).group(1)


def _add_evidence(db, user, inspection_id, text, registry, *, modified_app=False):
    ws = open_workspace(db, user=user, registry=registry)
    if modified_app:  # a stranger's changed copy of the app, which skips the services' check of the roster
        ws.db.write_guard = None
        ws.db.core_guard = None  # the same check for saves written outside a session
    try:
        evidence.add_evidence(ws, inspection_id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.MANAGER, seen_on=date(2026, 3, 3))
    finally:
        ws.close()


def _texts(db, inspection_id, registry):
    ws = open_workspace(db, user="reader", registry=registry)
    try:
        return sorted(e.text for e in evidence.find_evidence(ws, inspection_id))
    finally:
        ws.close()


def test_two_laptops_and_a_lead_through_the_cli(capsys, tmp_path, registry):
    lead_db, amir_db, bea_db, eve_db = (tmp_path / f"{n}.sqlite" for n in ("lead", "amir", "bea", "eve"))
    lead = open_workspace(lead_db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    inspection = make_inspection(lead).id
    lead.close()
    lead_args = ["--db", str(lead_db), "--user", "Lena Lead"]
    amir_key = _identity(capsys, amir_db, "Amir A")
    bea_key = _identity(capsys, bea_db, "Bea B")
    for name, key in (("Amir A", amir_key), ("Bea B", bea_key)):
        code, out, err = _run(capsys, "roster", "add", "--inspection", str(inspection), "--name", name, "--key", key,
                              *lead_args)
        assert code == 0 and "Check it with them face to face" in out, err
    code, out, _ = _run(capsys, "roster", "list", "--inspection", str(inspection), *lead_args)
    assert [line.split()[1] for line in out.splitlines()] == ["Lena", "Amir", "Bea"] and "Lead inspector" in out

    start = tmp_path / "start.inspbundle"
    export_start = ("bundle", "export", "--inspection", str(inspection), "--out", str(start), "--to", "everyone",
                    *lead_args)
    assert _run(capsys, *export_start)[0] == 0
    sent = start.read_bytes()  # a second export over it is refused in one line unless --force
    code, _, err = _run(capsys, *export_start)
    assert code == 1 and err.count("\n") == 1 and "start.inspbundle already exists: add --force" in err
    assert start.read_bytes() == sent
    assert _run(capsys, *export_start, "--force")[0] == 0 and start.read_bytes() != sent
    code, out, _ = _run(capsys, "bundle", "export", "--inspection", str(inspection), "--out", str(tmp_path / "plain"),
                        "--to", "everyone", *lead_args)  # named as the window names it
    assert code == 0 and (tmp_path / "plain.inspbundle").exists() and not (tmp_path / "plain").exists()
    ids = {}
    for db, user in ((amir_db, "Amir A"), (bea_db, "Bea B")):
        code, out, err = _run(capsys, "bundle", "import", str(start), "--db", str(db), "--user", user)
        assert code == 0, err
        assert "Signed by Lena Lead (lead inspector)" in out
        ids[user] = int(re.search(r"Imported into inspection (\d+)", out).group(1))
        code, out, _ = _run(capsys, "roster", "list", "--inspection", str(ids[user]), "--db", str(db))
        assert out.count("\n") == 3, "the lead's roster travels with the lead's bundle"

    for db, user in ((amir_db, "Amir A"), (bea_db, "Bea B")):
        _add_evidence(db, user, ids[user], f"{user}: supervision is regular.", registry)
        back = tmp_path / f"{user.split()[0]}.inspbundle"
        assert _run(capsys, "bundle", "export", "--inspection", str(ids[user]), "--out", str(back),
                    "--db", str(db), "--user", user)[0] == 0
        code, out, err = _run(capsys, "bundle", "import", str(back), *lead_args)
        assert code == 0, err
        assert f"Signed by {user} (team inspector)" in out
    assert _texts(lead_db, inspection, registry) == ["Amir A: supervision is regular.",
                                                     "Bea B: supervision is regular."]

    to_amir = tmp_path / "to-amir.inspbundle"  # and back the other way: the lead's merge reaches Amir
    assert _run(capsys, "bundle", "export", "--inspection", str(inspection), "--out", str(to_amir), "--to",
                "Amir A", "--since-last", *lead_args)[0] == 0
    code, out, err = _run(capsys, "bundle", "import", str(to_amir), "--db", str(amir_db), "--user", "Amir A")
    assert code == 0 and "Signed by Lena Lead (lead inspector)" in out, err
    assert "Bea B: supervision is regular." in _texts(amir_db, ids["Amir A"], registry)

    eve_key = _identity(capsys, eve_db, "Eve Stranger")  # has the lead's first bundle, is on nobody's roster
    code, out, err = _run(capsys, "bundle", "import", str(start), "--db", str(eve_db), "--user", "Eve Stranger")
    eve_inspection = int(re.search(r"Imported into inspection (\d+)", out).group(1))
    with pytest.raises(RoleError, match="not on this inspection's team roster"):
        _add_evidence(eve_db, "Eve Stranger", eve_inspection, "Planted by a stranger.", registry)
    _add_evidence(eve_db, "Eve Stranger", eve_inspection, "Planted by a stranger.", registry, modified_app=True)
    from_eve = tmp_path / "eve.inspbundle"
    assert _run(capsys, "bundle", "export", "--inspection", str(eve_inspection), "--out", str(from_eve),
                "--db", str(eve_db), "--user", "Eve Stranger")[0] == 0
    before = lead_db.read_bytes()
    code, out, err = _run(capsys, "bundle", "import", str(from_eve), *lead_args)
    from inspector_app.services.identity import fingerprint

    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "not on this inspection's team roster" in err and fingerprint(eve_key) in err
    assert "Planted" not in _texts(lead_db, inspection, registry)[-1] and lead_db.read_bytes() == before
    code, out, err = _run(capsys, "bundle", "import", str(from_eve), "--accept-unknown-signer", *lead_args)
    assert code == 0, err
    assert "Planted by a stranger." in _texts(lead_db, inspection, registry)
    code, out, _ = _run(capsys, "history", "--inspection", str(inspection), "--action", "import", "--json",
                        *lead_args)
    accepted = [e for e in json.loads(out) if e["changes"].get("accepted_unknown_signer")]
    assert len(accepted) == 1 and accepted[0]["changes"]["signer"] == fingerprint(eve_key)
    _add_evidence(eve_db, "Eve Stranger", eve_inspection, "Planted again.", registry, modified_app=True)
    again = tmp_path / "eve-again.inspbundle"
    _run(capsys, "bundle", "export", "--inspection", str(eve_inspection), "--out", str(again), "--since-last",
         "--db", str(eve_db), "--user", "Eve Stranger")
    code, _, err = _run(capsys, "bundle", "import", str(again), *lead_args)
    assert code == 1 and "not on this inspection's team roster" in err, "accepting once is not trusting for ever"
    code, out, _ = _run(capsys, "check", *lead_args)
    assert code == 0, out
