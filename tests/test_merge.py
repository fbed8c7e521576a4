"""Three inspectors' work merged into the lead's database: the union, conflicts, no duplicates."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from factories import enrol, make_inspection
from sqlalchemy import select, text

from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
from inspector_app.domain.enums import EvidenceSource, Grade, LegalStatus, Polarity, RecordType, TeamRole
from inspector_app.services import Workspace, cases, evidence, judgements, open_workspace
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.storage.base import Base

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Amir A", "AA", TeamRole.TEAM), ("Bea B", "BB", TeamRole.TEAM),
        ("Cal C", "CC", TeamRole.TEAM)]
CONTENT_TABLES = ["inspection", "team_member", "previous_judgement", "case_record", "tracking_note", "record_audit",
                  "evidence", "attachment", "judgement", "finding", "finding_evidence"]


def _ws(tmp_path: Path, name: str, registry) -> Workspace:
    return open_workspace(tmp_path / f"{name}.sqlite", user=name, registry=registry, create=True, plaintext=True)


def _import(ws: Workspace, path: Path, default=None, passphrase=None):
    plan = plan_import(ws, read_bundle(path, passphrase))
    return plan, apply_import(ws, plan, default=default)


def content(ws: Workspace) -> dict[str, set]:
    """Every content row by uuid (ids differ between databases), without local bookkeeping.

    Read through the workspace's own engine, like the app (two SQLite libraries on one file in one
    process confuse each other's POSIX locks).
    """
    out = {}
    with ws.db.read_connection() as con:  # typed values, so an SQLite file and a PostgreSQL store compare alike
        for name in CONTENT_TABLES:
            table = Base.metadata.tables[name]
            keep = [c for c in table.c if c.name != "id" and not c.name.endswith("_id")]
            rows = con.execute(select(*keep)).all()
            out[name] = {tuple(json.dumps(v, sort_keys=True, default=str) for v in r) for r in rows}
    return out


def _add(ws, inspection_id, text, area="help_protection", case_id=None):
    return evidence.add_evidence(ws, inspection_id, text=text, area_key=area, polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, case_id=case_id, seen_on=date(2026, 3, 3))


@pytest.fixture
def team(tmp_path, registry, db_location):
    """The lead creates the inspection and sends it to three inspectors, who import it. The lead works on
    an SQLite file or on a PostgreSQL store (``db_location``): merging into a store is the same merge."""
    lead = open_workspace(db_location, user="lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(lead, "ilacs@2023", team=TEAM)
    shared_case = cases.add_case(lead, info.id, reference="NM-1", legal_status=LegalStatus.CHILD_PROTECTION)
    shared = _add(lead, info.id, "Original wording of shared evidence.", case_id=shared_case.id)
    laptops = {name: _ws(tmp_path, name, registry) for name in ("amir", "bea", "cal")}
    for ws in laptops.values():
        enrol(lead, info.id, ws)
    start = tmp_path / "start.inspbundle"
    export_bundle(lead, info.id, start, recipient="everyone")
    members = {}
    for name, ws in laptops.items():
        _, result = _import(ws, start)
        members[name] = (ws, result.inspection_id)
    yield lead, info, members, shared, shared_case
    for ws, _ in members.values():
        ws.close()
    lead.close()


def test_three_inspectors_merge_into_exactly_the_union_with_conflicts_reported(team, tmp_path):
    lead, info, members, shared, shared_case = team
    amir, amir_id = members["amir"]
    bea, bea_id = members["bea"]
    cal, cal_id = members["cal"]
    amir_case = cases.get_case(amir, amir_id and cases.list_cases(amir, amir_id)[0].id)
    _add(amir, amir_id, "Amir: supervision is reflective.", "leaders")
    cases.add_note(amir, amir_case.id, "Amir read the plan.")
    amir_shared = evidence.find_evidence(amir, amir_id, EvidenceFilter(query="Original wording"))[0]
    evidence.update_evidence(amir, amir_shared.id, text="Amir's edit of shared evidence.")
    new_case = cases.add_case(bea, bea_id, reference="NM-2", legal_status=LegalStatus.LOOKED_AFTER)
    cases.add_audit(bea, new_case.id, record_type=RecordType.CARE_PLAN, record_date=date(2026, 1, 4))
    _add(bea, bea_id, "Bea: placement is stable.", "children_in_care", case_id=new_case.id)
    cal_shared = evidence.find_evidence(cal, cal_id, EvidenceFilter(query="Original wording"))[0]
    evidence.update_evidence(cal, cal_shared.id, text="Cal's different edit of shared evidence.")
    _add(cal, cal_id, "Cal: care leavers are in touch.", "care_leavers")

    bundles = {}
    for name, (ws, inspection_id) in members.items():
        bundles[name] = tmp_path / f"{name}.inspbundle"
        export_bundle(ws, inspection_id, bundles[name], recipient="lead")

    plan_a, result_a = _import(lead, bundles["amir"])
    assert plan_a.summary()["conflict"] == 0 and result_a.updated == 1 and result_a.added == 2
    plan_b, result_b = _import(lead, bundles["bea"])
    assert plan_b.summary()["conflict"] == 0 and result_b.added == 3 and result_b.updated == 0
    plan_c = plan_import(lead, read_bundle(bundles["cal"]))
    [conflict] = plan_c.conflicts
    assert conflict.entity == "evidence" and conflict.uuid == shared.uuid
    assert conflict.local["text"] == "Amir's edit of shared evidence."
    assert conflict.incoming["text"] == "Cal's different edit of shared evidence."
    with pytest.raises(BundleError, match="1 conflict needs a decision"):
        apply_import(lead, plan_c)
    result_c = apply_import(lead, plan_c, {shared.uuid: "both"})
    assert result_c.kept_both == 1 and result_c.added == 1

    texts = sorted(e.text for e in evidence.find_evidence(lead, info.id))
    assert texts == sorted(["Amir's edit of shared evidence.", "Cal's different edit of shared evidence.",
                            "Amir: supervision is reflective.", "Bea: placement is stable.",
                            "Cal: care leavers are in touch."])
    assert sorted(c.reference for c in cases.list_cases(lead, info.id)) == ["NM-1", "NM-2"]
    assert [n.text for n in cases.list_notes(lead, shared_case.id)] == ["Amir read the plan."]
    assert len(cases.list_audits(lead, info.id)) == 1
    assert {e.author for e in evidence.find_evidence(lead, info.id)} >= {"amir", "bea", "cal"}

    before = content(lead)
    for name in ("amir", "bea", "cal"):
        plan, result = _import(lead, bundles[name], default="mine")
        assert plan.summary()["add"] == plan.summary()["update"] == plan.summary()["delete"] == 0
        assert (result.added, result.updated, result.deleted) == (0, 0, 0)
    assert content(lead) == before, "re-importing changes nothing"


def test_incremental_bundles_carry_only_changes_and_deletions(team, tmp_path):
    lead, info, members, shared, _ = team
    amir, amir_id = members["amir"]
    first = tmp_path / "first.inspbundle"
    export_bundle(amir, amir_id, first, recipient="lead")
    _import(lead, first)
    item = _add(amir, amir_id, "Only this is new.", "leaders")
    doomed = evidence.find_evidence(amir, amir_id, EvidenceFilter(query="Original wording"))[0]
    evidence.delete_evidence(amir, doomed.id)
    second = tmp_path / "second.inspbundle"
    summary = export_bundle(amir, amir_id, second, recipient="lead", since_last=True)
    data = json.loads(zipfile.ZipFile(second).read("data.json"))
    assert [r["uuid"] for r in data["evidence"]] == [item.uuid]
    assert [t["row_uuid"] for t in data["tombstones"]] == [doomed.uuid]
    assert summary.counts["case_record"] == 0 and summary.counts["inspection"] == 1
    plan, result = _import(lead, second)
    assert (result.added, result.deleted) == (1, 1)
    assert [e.text for e in evidence.find_evidence(lead, info.id)] == ["Only this is new."]


def test_deletion_of_a_row_changed_elsewhere_is_a_conflict(team, tmp_path):
    lead, info, members, shared, _ = team
    amir, amir_id = members["amir"]
    doomed = evidence.find_evidence(amir, amir_id, EvidenceFilter(query="Original wording"))[0]
    evidence.delete_evidence(amir, doomed.id)
    evidence.update_evidence(lead, shared.id, text="The lead rewrote it meanwhile.")
    bundle = tmp_path / "amir.inspbundle"
    export_bundle(amir, amir_id, bundle, recipient="lead")
    plan = plan_import(lead, read_bundle(bundle))
    [conflict] = plan.conflicts
    assert conflict.action == "conflict_deleted_there" and conflict.uuid == shared.uuid
    apply_import(lead, plan, {shared.uuid: "mine"})
    assert evidence.get_evidence(lead, shared.id).text == "The lead rewrote it meanwhile."


def test_judgements_and_findings_travel_and_round_trip(team, tmp_path, registry):
    lead, info, members, shared, _ = team
    judgements.set_judgement(lead, info.id, "leaders", Grade.GOOD, "Strong oversight.")
    from inspector_app.domain.enums import FindingKind
    from inspector_app.services import findings

    findings.add_finding(lead, info.id, kind=FindingKind.STRENGTH, area_key="help_protection",
                         text="Strategy discussions are timely.", evidence_ids=[shared.id])
    evidence.add_attachment_bytes(lead, shared.id, "chronology.txt", b"synthetic chronology", "text/plain")
    full = tmp_path / "full.inspbundle"
    export_bundle(lead, info.id, full, recipient="archive")
    empty = _ws(tmp_path, "empty", registry)
    _, result = _import(empty, full)
    assert content(empty) == content(lead), "a merged inspection round-trips exactly"
    attachment = evidence.list_attachments(empty, evidence.find_evidence(empty, result.inspection_id,
                                                                         EvidenceFilter(query="Original"))[0].id)[0]
    assert evidence.attachment_data(empty, attachment.id) == b"synthetic chronology"
    assert judgements.judgement_state(empty, result.inspection_id).grade("leaders") is Grade.GOOD
    empty.close()


def test_provenance_and_log_are_kept(team, tmp_path):
    lead, info, members, _, _ = team
    amir, amir_id = members["amir"]
    item = _add(amir, amir_id, "From Amir's laptop.")
    bundle = tmp_path / "amir.inspbundle"
    export_bundle(amir, amir_id, bundle, recipient="lead")
    _import(lead, bundle)
    with lead.db.read_connection() as con:
        exporter, machine, imported = con.execute(text(
            "SELECT exporter, machine, imported_at FROM row_origin WHERE row_uuid = :u"), {"u": item.uuid}).one()
        assert exporter == "amir" and len(machine) == 36 and imported
        logged = con.execute(text("SELECT peer, direction FROM bundle_log WHERE direction='import'")).all()
    assert [tuple(r) for r in logged] == [("amir", "import")]
    from inspector_app.storage.backups import list_backups

    if not lead.db.on_server:  # a store's way back is its operator's backups
        assert "before-import" in {b.reason for b in list_backups(lead.db.path)}  # a way back from any import


def test_encrypted_bundle_needs_the_right_passphrase(team, tmp_path):
    lead, info, members, _, _ = team
    amir, amir_id = members["amir"]
    bundle = tmp_path / "secret.inspbundle"
    export_bundle(amir, amir_id, bundle, recipient="lead", passphrase="correct horse")
    assert b"Original wording" not in bundle.read_bytes()
    with pytest.raises(BundleError, match="protected by a passphrase"):
        read_bundle(bundle)
    with pytest.raises(BundleError, match="wrong passphrase"):
        read_bundle(bundle, "wrong")
    assert read_bundle(bundle, "correct horse").exporter == "amir"


def test_bundle_for_another_inspection_is_refused(team, tmp_path):
    lead, info, members, _, _ = team
    other = make_inspection(lead, "ilacs@2023", authority="Elsewhere")
    amir, amir_id = members["amir"]
    bundle = tmp_path / "amir.inspbundle"
    export_bundle(amir, amir_id, bundle, recipient="lead")
    with pytest.raises(BundleError, match="belongs to another inspection"):
        plan_import(lead, read_bundle(bundle), expect_inspection_id=other.id)


def test_own_bundle_and_newer_format_are_refused(team, tmp_path):
    lead, info, *_ = team
    own = tmp_path / "own.inspbundle"
    export_bundle(lead, info.id, own)
    with pytest.raises(BundleError, match="exported from this database"):
        _import(lead, own)
    newer = tmp_path / "newer.inspbundle"
    with zipfile.ZipFile(own) as src, zipfile.ZipFile(newer, "w") as dst:
        for name in src.namelist():
            blob = src.read(name)
            if name == "manifest.json":
                manifest = json.loads(blob)
                manifest["version"] = 99
                blob = json.dumps(manifest).encode()
            dst.writestr(name, blob)
    with pytest.raises(BundleError, match="newer version of Inspector App"):
        read_bundle(newer)


def test_cli_bundle_round_trip_and_conflict_stop(team, tmp_path, capsys, monkeypatch):
    from inspector_app.cli import run

    lead, info, members, shared, _ = team
    amir, amir_id = members["amir"]
    doomed = evidence.find_evidence(amir, amir_id, EvidenceFilter(query="Original wording"))[0]
    evidence.update_evidence(amir, doomed.id, text="Amir's version.")
    evidence.update_evidence(lead, shared.id, text="Lead's version.")
    out = tmp_path / "cli.inspbundle"
    monkeypatch.setenv("INSPECTOR_APP_BUNDLE_PASSPHRASE", "pass phrase")
    assert run(["bundle", "export", "--db", amir.db.location, "--inspection", str(amir_id), "--out", str(out),
                "--encrypt", "--user", "amir"]) == 0
    before = content(lead)
    assert run(["bundle", "import", "--db", lead.db.location, str(out), "--dry-run"]) == 0
    assert "1 changed on both laptops" in capsys.readouterr().out
    assert run(["bundle", "import", "--db", lead.db.location, str(out)]) == 3
    assert content(lead) == before
    assert run(["bundle", "import", "--db", lead.db.location, str(out), "--on-conflict", "take-theirs"]) == 0
    assert evidence.get_evidence(lead, shared.id).text == "Amir's version."
    capsys.readouterr()
    monkeypatch.setenv("INSPECTOR_APP_BUNDLE_PASSPHRASE", "wrong")
    assert run(["bundle", "import", "--db", lead.db.location, str(out)]) == 1
    err = capsys.readouterr().err
    assert "wrong passphrase" in err and err.count("\n") == 1
