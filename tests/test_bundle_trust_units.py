"""Scope, checksums and signatures as pure functions: fast enough to run against every mutant mutmut makes.

No database: :func:`check_scope` takes the local rows as sets, :func:`unmatched_checksum` and
:func:`verify_bundle` take bytes. Each test pins one decision, on both sides of it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from inspector_app.bundles.scope import LocalRows, OutOfScope, check_scope
from inspector_app.bundles.signing import Refusal, Signer, unmatched_checksum, verify_bundle
from inspector_app.storage.rows import ENTITIES

INSPECTION, OTHER = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
MY_CASE, OTHER_CASE, NEW_CASE = "c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002", \
    "c0000000-0000-4000-8000-000000000003"
MY_EV, OTHER_EV, NEW_EV = "e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000002", \
    "e0000000-0000-4000-8000-000000000003"
MY_FINDING = "f0000000-0000-4000-8000-000000000001"


def _local() -> LocalRows:
    everywhere = {e.name: frozenset() for e in ENTITIES}
    owned = {e.name: frozenset() for e in ENTITIES}
    everywhere |= {"inspection": frozenset({INSPECTION, OTHER}), "case_record": frozenset({MY_CASE, OTHER_CASE}),
                   "evidence": frozenset({MY_EV, OTHER_EV}), "finding": frozenset({MY_FINDING})}
    owned |= {"inspection": frozenset({INSPECTION}), "case_record": frozenset({MY_CASE}),
              "evidence": frozenset({MY_EV}), "finding": frozenset({MY_FINDING})}
    return LocalRows(everywhere, owned)


def _data(**tables: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {e.name: [] for e in ENTITIES}
    data.update(tombstones=[], audit=[])
    data.update(tables)
    return data


def _refused(data: dict[str, Any]) -> str:
    with pytest.raises(OutOfScope) as caught:
        check_scope(data, INSPECTION, _local())
    problem = caught.value.problem
    assert str(caught.value) == f"{problem.where()}: {problem.reason}"
    return str(caught.value)


def _evidence(**kw: Any) -> dict[str, Any]:
    return {"uuid": NEW_EV, "inspection_uuid": INSPECTION, "case_uuid": None, "record_audit_uuid": None, **kw}


def test_rows_of_the_inspection_and_new_rows_pass():
    check_scope(_data(inspection=[{"uuid": INSPECTION}], evidence=[_evidence(case_uuid=MY_CASE),
                                                                    _evidence(uuid=MY_EV, case_uuid=NEW_CASE)],
                      case_record=[{"uuid": NEW_CASE, "inspection_uuid": INSPECTION}],
                      finding_evidence=[{"uuid": "fe000000-0000-4000-8000-000000000001", "finding_uuid": MY_FINDING,
                                         "evidence_uuid": NEW_EV}],
                      tombstones=[{"entity": "evidence", "row_uuid": MY_EV},
                                  {"entity": "evidence", "row_uuid": "99999999-9999-4999-8999-999999999999"}],
                      audit=[{"row_uuid": MY_EV}, {"row_uuid": None}, {"row_uuid": "unknown-here"}]),
                INSPECTION, _local())


def test_another_inspection_row_is_refused():
    assert _refused(_data(inspection=[{"uuid": OTHER}])) == \
        "inspection details 1, field uuid: is not the inspection the bundle is for"


def test_a_row_of_another_inspection_is_refused_with_its_number():
    message = _refused(_data(evidence=[_evidence(), _evidence(uuid=OTHER_EV)]))
    assert message == "evidence 2, field uuid: is a row of another inspection"


def test_team_members_are_scoped_too():
    member = {"uuid": "b0000000-0000-4000-8000-000000000001", "inspection_uuid": OTHER}
    assert _refused(_data(team_member=[member])) == \
        "team member 1, field inspection_uuid: is not the inspection the bundle is for"


def test_a_bundle_without_history_is_checked_like_any_other():
    data = _data(evidence=[_evidence()])
    del data["audit"]
    check_scope(data, INSPECTION, _local())
    assert check_scope(_data(), INSPECTION, _local()) is None


def test_a_row_twice_is_refused():
    assert _refused(_data(evidence=[_evidence(), _evidence()])) == "evidence 2, field uuid: appears twice in the bundle"


def test_a_row_claiming_another_inspection_is_refused():
    assert _refused(_data(evidence=[_evidence(inspection_uuid=OTHER)])) == \
        "evidence 1, field inspection_uuid: is not the inspection the bundle is for"
    assert "inspection_uuid" in _refused(_data(evidence=[_evidence(inspection_uuid=None)]))


def test_a_link_to_another_inspections_row_is_refused():
    assert _refused(_data(evidence=[_evidence(case_uuid=OTHER_CASE)])) == \
        "evidence 1, field case_uuid: refers to a case of another inspection"
    message = _refused(_data(finding_evidence=[{"uuid": "fe000000-0000-4000-8000-000000000002",
                                                "finding_uuid": MY_FINDING, "evidence_uuid": OTHER_EV}]))
    assert message == "evidence link 1, field evidence_uuid: refers to a evidence of another inspection"


def test_a_link_to_a_row_nobody_has_is_refused_with_advice():
    message = _refused(_data(evidence=[_evidence(case_uuid="c0000000-0000-4000-8000-00000000dead")]))
    assert message == ("evidence 1, field case_uuid: refers to a case this database does not have: import the "
                       "sender's earlier bundles first, or ask for a full export")


def test_a_missing_required_link_and_a_non_reference_are_refused():
    note = {"uuid": "a0000000-0000-4000-8000-000000000001", "case_uuid": None}
    assert _refused(_data(tracking_note=[note])) == "tracking note 1, field case_uuid: is missing"
    assert _refused(_data(evidence=[_evidence(case_uuid=7)])) == "evidence 1, field case_uuid: is not a reference"


def test_tombstones_reach_only_the_inspections_own_rows():
    assert _refused(_data(tombstones=[{"entity": "evidence", "row_uuid": OTHER_EV}])) == \
        "tombstone 1, field row_uuid: deletes a row of another inspection"
    assert _refused(_data(tombstones=[{"entity": "case_record", "row_uuid": MY_EV}])) == \
        "tombstone 1, field row_uuid: deletes a row of another inspection"
    for tomb in ({"entity": "inspection", "row_uuid": OTHER}, {"entity": "case_record", "row_uuid": INSPECTION}):
        assert _refused(_data(tombstones=[tomb])) == "tombstone 1, field row_uuid: would delete the inspection itself"


def test_audit_events_about_another_inspections_rows_are_refused():
    assert _refused(_data(audit=[{"row_uuid": MY_EV}, {"row_uuid": OTHER_CASE}])) == \
        "audit event 2, field row_uuid: is about a row of another inspection"


def test_a_new_inspection_owns_nothing_here():
    local = LocalRows(_local().everywhere, {e.name: frozenset() for e in ENTITIES})
    with pytest.raises(OutOfScope):
        check_scope(_data(evidence=[_evidence(uuid=MY_EV)]), INSPECTION, local)
    assert local.anywhere(MY_EV) and not local.owned_anywhere(MY_EV)
    assert _local().owned_anywhere(MY_EV) and not _local().anywhere("nowhere")


# --- checksums ------------------------------------------------------------------------------------

def _sha(blob: bytes) -> str:
    return hashlib.sha256(blob).hexdigest()


def test_checksums_must_match_every_member():
    members = {"manifest.json": b"m", "signature.json": b"s", "data.json": b"d", "attachments/" + "a" * 64: b"x",
               "attachments/" + "b" * 64: b"y"}
    good = {"data.json": _sha(b"d"), "attachments/" + "a" * 64: _sha(b"x"), "attachments/" + "b" * 64: _sha(b"y")}
    assert unmatched_checksum(good, members) is None
    assert unmatched_checksum({**good, "data.json": _sha(b"e")}, members) == "data.json"
    assert unmatched_checksum({**good, "attachments/" + "b" * 64: _sha(b"z")}, members) == "attachments/" + "b" * 64
    missing = dict(good)
    del missing["attachments/" + "a" * 64]
    assert unmatched_checksum(missing, members) == "attachments/" + "a" * 64
    assert unmatched_checksum({**good, "data.json": 5}, members) == "data.json"
    assert unmatched_checksum({**good, "data.json": _sha(b"e"), "attachments/" + "a" * 64: _sha(b"q")},
                              members) == "data.json"


# --- signatures -----------------------------------------------------------------------------------

KEY = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
PUBLIC = KEY.public_key().public_bytes_raw().hex()


def _signed(manifest: dict[str, Any], key: Ed25519PrivateKey = KEY) -> tuple[bytes, bytes]:
    raw = json.dumps(manifest).encode()
    return raw, json.dumps({"public_key": key.public_key().public_bytes_raw().hex(),
                            "signature": key.sign(raw).hex()}).encode()


def test_a_good_signature_names_its_signer():
    manifest = {"version": 2, "signer": {"name": "Ann", "public_key": PUBLIC}}
    raw, signature = _signed(manifest)
    assert verify_bundle(manifest, raw, signature) == Signer("Ann", PUBLIC)
    assert verify_bundle({"version": 2, "signer": {"public_key": PUBLIC}}, raw, signature) == Signer("", PUBLIC)


def test_a_format_1_bundle_is_unsigned_but_a_format_2_one_must_be_signed():
    assert verify_bundle({"version": 1}, b"{}", None) is None
    assert verify_bundle({"version": 2}, b"{}", None) == Refusal("it is not signed")
    assert verify_bundle({"version": 1, "signer": {"public_key": PUBLIC}}, b"{}", None) == Refusal("it is not signed")
    assert isinstance(verify_bundle({"version": 1}, b"{}", b"{}"), Refusal)
    manifest = {"version": 2, "signer": "Ann"}
    raw, signature = _signed(manifest)
    assert verify_bundle(manifest, raw, signature) == Refusal("it is not signed")


def test_a_changed_manifest_or_another_key_is_refused():
    manifest = {"version": 2, "signer": {"name": "Ann", "public_key": PUBLIC}}
    raw, signature = _signed(manifest)
    assert verify_bundle(manifest, raw + b" ", signature) == \
        Refusal("its signature does not match: it was changed after it was signed")
    other = Ed25519PrivateKey.from_private_bytes(b"\x08" * 32)
    _, foreign = _signed(manifest, other)
    assert verify_bundle(manifest, raw, foreign) == \
        Refusal("its signature does not belong to the key its manifest names")


DAMAGED, FOREIGN = Refusal("its signature is damaged"), \
    Refusal("its signature does not belong to the key its manifest names")


@pytest.mark.parametrize(("signature", "refusal"), [
    (b"not json", DAMAGED), (b"[]", DAMAGED), (b'{"public_key": "00"}', DAMAGED),
    (b'{"public_key": "", "signature": "", "x": 1}', DAMAGED), (b"[" * 5000, DAMAGED),
    (b'{"public_key": 1, "signature": "00"}', FOREIGN),
    (json.dumps({"public_key": PUBLIC, "signature": 1}).encode(), FOREIGN),
    (json.dumps({"public_key": 5, "signature": "00"}).encode(), FOREIGN)])
def test_a_damaged_signature_is_refused(signature, refusal):
    manifest = {"version": 2, "signer": {"name": "Ann", "public_key": PUBLIC}}
    assert verify_bundle(manifest, b"{}", signature) == refusal


# --- against a database: which rows are the inspection's, and signing with a person's key ---------------

def test_local_rows_tell_the_inspections_rows_from_the_others(ws):
    from factories import make_case, make_inspection

    from inspector_app.bundles.scope import local_rows
    from inspector_app.bundles.signing import signature_member
    from inspector_app.domain.enums import EvidenceSource, FindingKind, Polarity, RecordType
    from inspector_app.services import cases, evidence, findings

    def fill(authority: str) -> dict[str, str]:
        info = make_inspection(ws, authority=authority)
        case = make_case(ws, info.id, reference=f"{authority}-1")
        note = cases.add_note(ws, case.id, "A note.")
        audit = cases.add_audit(ws, case.id, record_type=RecordType.CARE_PLAN, record_date=date(2026, 3, 1))
        item = evidence.add_evidence(ws, info.id, text="Seen.", area_key="leaders", polarity=Polarity.STRENGTH,
                                     source=EvidenceSource.CASE_FILE, case_id=case.id, record_audit_id=audit.id,
                                     seen_on=date(2026, 3, 3))
        evidence.add_attachment_bytes(ws, item.id, "a.txt", b"a")
        finding = findings.add_finding(ws, info.id, kind=FindingKind.STRENGTH, text="Good.", area_key="leaders",
                                       evidence_ids=[item.id])
        from sqlalchemy import select

        from inspector_app.storage.models import Attachment, FindingEvidence, TeamMember

        with ws.db.read_session() as session:
            link = session.scalar(select(FindingEvidence.uuid).where(FindingEvidence.evidence_id == item.id))
            member = session.scalar(select(TeamMember.uuid).where(TeamMember.inspection_id == info.id))
            attachment = session.scalar(select(Attachment.uuid).where(Attachment.evidence_id == item.id))
        return {"inspection": info.uuid, "case_record": case.uuid, "tracking_note": note.uuid,
                "record_audit": audit.uuid, "evidence": item.uuid, "attachment": attachment,
                "finding": finding.uuid, "finding_evidence": link, "team_member": member, "id": str(info.id)}

    mine, theirs = fill("Mineshire"), fill("Theirshire")
    with ws.db.read_session() as session:
        local = local_rows(session, int(mine["id"]))
        fresh = local_rows(session, None)
    for table, row_uuid in mine.items():
        if table == "id":
            continue
        assert row_uuid in local.owned[table] and row_uuid in local.everywhere[table], table
        assert theirs[table] not in local.owned[table] and theirs[table] in local.everywhere[table], table
    assert not any(fresh.owned.values()) and fresh.everywhere == local.everywhere
    with ws.db.session() as session:
        signed = json.loads(signature_member(session, "Tess Tester", b"manifest bytes"))
    assert set(signed) == {"public_key", "signature"}
    manifest = {"version": 2, "signer": {"name": "Tess Tester", "public_key": signed["public_key"]}}
    assert verify_bundle(manifest, b"manifest bytes", json.dumps(signed).encode()) == \
        Signer("Tess Tester", signed["public_key"])



def test_a_table_that_does_not_belong_to_inspections_is_a_programming_error():
    from inspector_app.bundles.scope import owned_clause
    from inspector_app.storage.rows import Entity

    with pytest.raises(AssertionError, match="known_version"):
        owned_clause(Entity("known_version"), 1)


def test_an_unknown_signer_is_named_as_the_bundle_claims_marked_unverified():
    from inspector_app.bundles.trust import SignerStatus

    said = SignerStatus("ab" * 32, "Amir Ahmed", None).describe()
    assert "“Amir Ahmed”" in said and "claimed, not verified" in said
    assert SignerStatus("ab" * 32, "Amir Ahmed", None).fingerprint in said
    assert "claimed" not in SignerStatus("ab" * 32, "", None).describe()  # a bundle that names nobody
