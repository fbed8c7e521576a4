"""Roles are enforced by the services, whatever asks: someone off the roster changes nothing, a team
inspector neither edits the inspection's details nor sets judgements, a reviewer writes only QA
comments and reviews; each refusal is one plain sentence (a RoleError), and the CLI prints it as one line."""

from __future__ import annotations

from datetime import date

import pytest

from inspector_app.domain.enums import EvidenceSource, FindingKind, Grade, Polarity, TeamRole
from inspector_app.services import cases, evidence, findings, inspections, judgements, open_workspace, trash
from inspector_app.services.roles import RoleError
from inspector_app.storage.models import Inspection
from tests.factories import make_case, make_inspection

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Tariq Team", "TT", TeamRole.TEAM),
        ("Quinn Review", "QR", TeamRole.QA)]


def _add(ws, inspection_id, text="Visits are purposeful."):
    return evidence.add_evidence(ws, inspection_id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))


@pytest.fixture
def led(ws):
    """An inspection Tess Tester set up (so leads, on its roster), with a team inspector and a reviewer."""
    info = make_inspection(ws, team=TEAM)
    item = _add(ws, info.id)
    return ws, info, item


def test_someone_not_on_the_roster_changes_nothing(led):
    ws, info, item = led
    ws.user = "Sam Stranger"
    with pytest.raises(RoleError, match=r"^Sam Stranger is not on this inspection's team roster.*Tess Tester"):
        _add(ws, info.id, "Planted.")
    with pytest.raises(RoleError):
        evidence.update_evidence(ws, item.id, text="Rewritten.")
    with pytest.raises(RoleError):
        make_case(ws, info.id, "TS-0009")
    with pytest.raises(RoleError):
        trash.delete(ws, "evidence", item.id)  # a delete is written without the ORM, and checked all the same
    ws.user = "Tess Tester"
    assert [e.text for e in evidence.find_evidence(ws, info.id)] == ["Visits are purposeful."]
    assert cases.list_cases(ws, info.id) == []


def test_a_team_inspector_records_work_but_not_details_or_judgements(led):
    ws, info, item = led
    ws.user = "Tariq Team"
    _add(ws, info.id, "Supervision is regular.")  # their own work is theirs to record
    evidence.update_evidence(ws, item.id, text="Visits are purposeful and planned.")
    with pytest.raises(RoleError, match=r"^Only the lead inspector \(Tess Tester\) can edit the inspection's"):
        inspections.update_inspection(ws, info.id, dcs_name="Someone")
    with pytest.raises(RoleError, match="set judgements"):
        judgements.set_judgement(ws, info.id, "leaders", Grade.GOOD)
    with pytest.raises(RoleError, match="edit the inspection's details"), ws.db.session() as session:
        session.get(Inspection, info.id).authority = "Elsewhere"  # no service's own check: the write guard's
    ws.user = "Tess Tester"
    assert inspections.get_inspection(ws, info.id).authority == "Testshire"
    assert judgements.judgement_state(ws, info.id).areas.get("leaders") is None
    assert len(evidence.find_evidence(ws, info.id)) == 2


def test_a_reviewer_writes_nothing_but_qa_comments(led):
    ws, info, item = led
    ws.user = "Quinn Review"
    with pytest.raises(RoleError, match=r"^A quality assurance reviewer writes only QA comments and reviews"):
        _add(ws, info.id, "A reviewer's own evidence.")
    with pytest.raises(RoleError):
        evidence.update_evidence(ws, item.id, text="Reworded by the reviewer.")
    with pytest.raises(RoleError):
        findings.add_finding(ws, info.id, kind=FindingKind.STRENGTH, text="A reviewer's finding.", area_key="leaders")
    with pytest.raises(RoleError):
        judgements.set_judgement(ws, info.id, "leaders", Grade.GOOD)
    with pytest.raises(RoleError):
        trash.delete(ws, "evidence", item.id)
    ws.user = "Tess Tester"
    assert [e.text for e in evidence.find_evidence(ws, info.id)] == ["Visits are purposeful."]
    assert findings.list_findings(ws, info.id) == []


def test_the_lead_does_everything_and_an_inspection_without_a_roster_is_not_checked(led, tmp_path, registry):
    ws, info, item = led
    inspections.update_inspection(ws, info.id, dcs_name="Dee Director")
    judgements.set_judgement(ws, info.id, "leaders", Grade.GOOD)
    trash.delete(ws, "evidence", item.id)
    nobody = open_workspace(tmp_path / "script.sqlite", registry=registry, create=True, plaintext=True)
    try:
        solo = make_inspection(nobody)  # made by a script with no name: nobody claims it, no roster
        nobody.user = "Anyone"
        _add(nobody, solo.id)
        assert len(evidence.find_evidence(nobody, solo.id)) == 1
    finally:
        nobody.close()


def test_the_cli_prints_a_refusal_as_one_line(led, capsys, tmp_path):
    from inspector_app.cli import run
    from inspector_app.demo.annex_a import synthetic_rows, write_csv
    from tests.test_annex_a import TODAY

    ws, info, _item = led
    headings, rows = synthetic_rows(8, 5, seed=14, today=TODAY, style="northshire")
    path = write_csv(tmp_path / "cla.csv", headings, rows)
    db = ws.db.location
    ws.close()
    code = run(["annex", "import", str(path), "--db", db, "--user", "Sam Stranger", "--inspection", str(info.id),
                "--list", "8", "--map", "LA_CHILD_REF=council_id", "--accept"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        "inspector-app: error: Sam Stranger is not on this inspection's team roster, so nothing was changed: "
        "ask the lead inspector (Tess Tester) to add you."]


def test_the_cli_without_user_says_whom_it_wrote_as(led, capsys, tmp_path):
    import getpass

    from inspector_app.cli import run
    from inspector_app.demo.annex_a import synthetic_rows, write_csv
    from tests.test_annex_a import TODAY

    ws, info, _item = led
    headings, rows = synthetic_rows(8, 5, seed=14, today=TODAY, style="northshire")
    path = write_csv(tmp_path / "cla.csv", headings, rows)
    db = ws.db.location
    ws.close()
    assert run(["annex", "import", str(path), "--db", db, "--inspection", str(info.id), "--list", "8",
                "--map", "LA_CHILD_REF=council_id", "--accept"]) == 1
    [line] = capsys.readouterr().err.splitlines()
    assert f"wrote as {getpass.getuser()}: give --user" in line
