"""The importer's refusals, one decision per test: fast enough to run against every mutant of ``importer.py``.

Reading (``parse_bundle``) is checked on bundles built here from bytes, with no database. Planning
(``plan_import``) is checked against one small SQLite workspace made once per run (two inspections, a case
each, about half a second), with :class:`Bundle` objects edited directly, so each test reaches exactly the
check it is about: the inspection it must be for, the framework, the scope, the shared validation, the
roster and the history's dates. Every refusal's exact words are pinned: one line, what is wrong, what to do.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from factories import enrol, make_case, make_inspection
from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError
from templates import copy_of, template

from inspector_app.bundles import crypto, importer, limits
from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.bundles.importer import Bundle, Change, ImportPlan, UnknownSigner, parse_bundle, plan_import
from inspector_app.bundles.signing import Signer
from inspector_app.bundles.trust import Member, SignerStatus
from inspector_app.domain.enums import EvidenceSource, Grade, Polarity, TeamRole
from inspector_app.frameworks import load_registry
from inspector_app.services import Workspace, cases, evidence, identity, judgements, open_workspace, roster
from inspector_app.storage.models import (
    Attachment,
    AuditEvent,
    BundleLog,
    Case,
    Evidence,
    Judgement,
    KnownVersion,
    RosterMember,
    RowOrigin,
    Tombstone,
)
from inspector_app.storage.rows import ENTITIES, LABELS, OPTIONAL_ENTITIES, content_hash, known_versions

KEY = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
PUBLIC = KEY.public_key().public_bytes_raw().hex()
NAME = "sent.inspbundle"
QA_KEY = Ed25519PrivateKey.from_private_bytes(b"\x09" * 32).public_key().public_bytes_raw().hex()


# -- bundles built from bytes -------------------------------------------------------------------------------

def _data(**tables: Any) -> dict[str, Any]:
    required = ["inspection", "team_member", "previous_judgement", "case_record", "tracking_note", "record_audit",
                "evidence", "attachment", "judgement", "finding", "finding_evidence", "tombstones"]
    return {**{t: [] for t in required}, **tables}


def _manifest(payload: bytes, **kw: Any) -> dict[str, Any]:
    return {"format": "inspector-app-bundle", "version": 2, "bundle_uuid": "b" * 8 + "-0000-4000-8000-000000000000",
            "created_at": "2026-12-01T10:00:00+00:00",
            "exporter": {"name": "Sam Sender", "machine": "m1", "machine_name": "laptop"},
            "inspection_uuid": "11111111-1111-4111-8111-111111111111", "since": None,
            "checksums": {"data.json": hashlib.sha256(payload).hexdigest()}, "counts": {},
            "signer": {"name": "Sam Sender", "public_key": PUBLIC}, **kw}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _blob(data: Any = None, *, raw_data: bytes | None = None, edit: Callable[[dict[str, Any]], None] | None = None,
          raw_manifest: bytes | None = None, signature: bytes | bool | None = True,
          extra: dict[str, bytes] | None = None) -> bytes:
    payload = raw_data if raw_data is not None else json.dumps(_data() if data is None else data).encode()
    manifest = _manifest(payload)
    if edit:
        edit(manifest)
    raw = raw_manifest if raw_manifest is not None else json.dumps(manifest).encode()
    members = {"manifest.json": raw, "data.json": payload, **(extra or {})}
    if signature is True:
        members["signature.json"] = json.dumps({"public_key": PUBLIC, "signature": KEY.sign(raw).hex()}).encode()
    elif isinstance(signature, bytes):
        members["signature.json"] = signature
    return _zip(members)


def _refusal(blob: bytes, passphrase: str | None = None) -> str:
    with pytest.raises(BundleError) as caught:
        parse_bundle(blob, passphrase, NAME)
    exc = caught.value
    assert exc.__cause__ is None and (exc.__context__ is None or exc.__suppress_context__)  # no data chained
    return str(exc)


def test_a_good_bundle_reads_back_whole_and_signed():
    data = _data(audit=[], roster=[])
    attachment = b"an attachment"
    name = f"attachments/{hashlib.sha256(attachment).hexdigest()}"

    def with_file(m: dict[str, Any]) -> None:
        m["checksums"][name] = hashlib.sha256(attachment).hexdigest()

    bundle = parse_bundle(_blob(data, edit=with_file, extra={name: attachment}), None, NAME)
    assert bundle.signer == Signer("Sam Sender", PUBLIC)
    assert bundle.files == {name: attachment}
    assert bundle.manifest["inspection_uuid"] == "11111111-1111-4111-8111-111111111111"
    assert bundle.exporter == "Sam Sender"
    assert {t: bundle.data[t] for t in OPTIONAL_ENTITIES} == {t: [] for t in OPTIONAL_ENTITIES}
    assert bundle.data["case_record"] == [] and bundle.data["audit"] == []


def test_an_old_unsigned_bundle_reads_with_no_signer():
    def old(m: dict[str, Any]) -> None:
        m["version"] = 1
        del m["signer"]

    assert parse_bundle(_blob(edit=old, signature=False)).signer is None


def test_size_is_refused_before_anything_is_read(monkeypatch, tmp_path):
    monkeypatch.setattr(limits, "MAX_BUNDLE_BYTES", 3 * 2**20)
    assert _refusal(b"x" * (3 * 2**20 + 1)) == f"{NAME} is larger than 3 MB; it is refused."
    assert "larger" not in _refusal(b"x" * (3 * 2**20))
    path = tmp_path / "big.inspbundle"
    path.write_bytes(b"x" * (3 * 2**20 + 1))
    with pytest.raises(BundleError, match=r"^big\.inspbundle is larger than 3 MB; it is refused\.$"):
        importer.read_bundle(path)
    path.write_bytes(b"x" * (3 * 2**20))
    with pytest.raises(BundleError, match=r"^big\.inspbundle is damaged or truncated; "):
        importer.read_bundle(str(path))


def test_a_bundle_read_from_a_file_is_opened_with_its_passphrase(tmp_path, monkeypatch):
    given: list[str] = []

    def opens(blob: bytes, passphrase: str) -> bytes:
        given.append(passphrase)
        return _blob()

    monkeypatch.setattr(crypto, "decrypt", opens)
    path = tmp_path / "sealed.inspbundle"
    path.write_bytes(crypto.MAGIC + b"sealed")
    assert importer.read_bundle(path, "pass phrase").signer == Signer("Sam Sender", PUBLIC)
    assert given == ["pass phrase"]
    with pytest.raises(BundleError, match=r"^sealed\.inspbundle is protected by a passphrase"):
        importer.read_bundle(path)


def test_a_bundle_without_a_name_is_called_the_bundle():
    with pytest.raises(BundleError, match=r"^the bundle is damaged or truncated; "):
        parse_bundle(b"PK\x03\x04 truncated")


def test_the_compiled_schema_is_made_once_per_part_and_kept(monkeypatch):
    monkeypatch.setattr(importer, "_VALIDATORS", {})
    assert importer.schema_problem("data", _data()) is None
    assert set(importer._VALIDATORS) == {"data"}
    compiled = importer._VALIDATORS["data"]
    assert importer.schema_problem("data", []) == "data.json has the wrong kind of value"
    assert importer._VALIDATORS["data"] is compiled
    assert importer.schema_problem("manifest", _manifest(b"")) is None
    assert set(importer._VALIDATORS) == {"data", "manifest"} and importer._VALIDATORS["manifest"] is not compiled
    assert importer._validator("manifest") is importer._VALIDATORS["manifest"]
    assert importer.schema_problem("roster_member", {"name": "A", "role": "lead", "public_key": "0" * 64}) is None
    assert importer.schema_problem("roster_member", {"name": "A"}) == "data.json lacks a required field"


def test_a_file_that_cannot_be_read_is_named(tmp_path):
    missing = tmp_path / "gone.inspbundle"
    with pytest.raises(BundleError) as caught:
        importer.read_bundle(missing)
    assert str(caught.value) == f"Cannot read {missing}: No such file or directory."
    assert caught.value.__cause__ is None


def test_a_good_bundle_reads_from_a_file(tmp_path):
    path = tmp_path / "good.inspbundle"
    path.write_bytes(_blob())
    assert importer.read_bundle(path).signer == Signer("Sam Sender", PUBLIC)


def test_an_encrypted_bundle_needs_its_passphrase(monkeypatch):
    sealed = crypto.MAGIC + b"rest"
    for missing in (None, ""):
        assert _refusal(sealed, missing) == \
            f"{NAME} is protected by a passphrase: give the passphrase to import it."

    def damaged(blob: bytes, passphrase: str) -> bytes:
        raise crypto.DamagedHeader("its header is damaged")

    monkeypatch.setattr(crypto, "decrypt", damaged)
    assert _refusal(sealed, "pw") == f"{NAME} could not be opened: its header is damaged."

    def wrong(blob: bytes, passphrase: str) -> bytes:
        raise crypto.WrongPassphrase("the passphrase is wrong")

    monkeypatch.setattr(crypto, "decrypt", wrong)
    assert _refusal(sealed, "pw") == \
        f"{NAME} could not be opened: the passphrase is wrong. Check the passphrase with the sender."
    inner = _blob()
    seen: list[tuple[bytes, str]] = []

    def opens(blob: bytes, passphrase: str) -> bytes:
        seen.append((blob, passphrase))
        return inner

    monkeypatch.setattr(crypto, "decrypt", opens)
    assert parse_bundle(sealed, "pw", NAME).signer == Signer("Sam Sender", PUBLIC)
    assert seen == [(sealed, "pw")]
    assert parse_bundle(inner, "unused", NAME).signer is not None  # a plain bundle ignores a passphrase


def test_what_is_not_a_bundle_says_so(monkeypatch):
    assert _refusal(b"PK\x03\x04 truncated") == f"{NAME} is damaged or truncated; ask the sender to export it again."
    assert _refusal(b"plain text") == f"{NAME} is damaged or truncated; ask the sender to export it again."
    assert _refusal(_zip({"../evil": b"x"})).startswith(f"{NAME} is not an Inspector App bundle: ")
    assert _refusal(_zip({"../evil": b"x"})).endswith(". Check that you chose the right file.")
    assert _refusal(_zip({"data.json": b"{}"})) == \
        f"{NAME} is not an Inspector App bundle (no manifest). Check that you chose the right file."
    assert _refusal(_zip({"manifest.json": b"{}"})) == \
        f"{NAME} is not an Inspector App bundle (no manifest). Check that you chose the right file."
    monkeypatch.setattr(limits, "MAX_MEMBERS", 2)
    assert _refusal(_blob()).startswith(f"{NAME} is refused: ")


def test_a_manifest_that_is_not_json_or_not_ours_is_refused():
    damaged = f"{NAME} is damaged: manifest.json is not valid JSON (or nests too deep)."
    assert _refusal(_blob(raw_manifest=b"{not json")) == damaged
    assert _refusal(_blob(raw_manifest=b"\xff\xfe")) == damaged
    assert _refusal(_blob(raw_manifest=b'{"version": NaN}')) == damaged
    assert _refusal(_blob(raw_manifest=b"[" * 100_000 + b"]" * 100_000)) == damaged
    not_ours = f"{NAME} is not an Inspector App bundle. Check that you chose the right file."
    assert _refusal(_blob(raw_manifest=b"[]")) == not_ours
    assert _refusal(_blob(edit=lambda m: m.update(format="other-app"))) == not_ours
    assert _refusal(_blob(edit=lambda m: m.pop("format"))) == not_ours


def test_a_newer_format_asks_for_an_update():
    assert _refusal(_blob(edit=lambda m: m.update(version=3))) == (
        f"{NAME} was made by a newer version of Inspector App (bundle format 3; this version reads up to 2). "
        "Update Inspector App to import it.")
    assert "newer" not in _refusal(_blob(edit=lambda m: m.update(version="3")))


def test_a_damaged_manifest_says_where_without_content():
    assert _refusal(_blob(edit=lambda m: m.update(bundle_uuid="short"))) == \
        f"{NAME} has a damaged manifest (manifest, field bundle_uuid is too short)."
    assert _refusal(_blob(edit=lambda m: m.update(secret_field="AB-1234"))) == \
        f"{NAME} has a damaged manifest (manifest has a field a bundle never has)."
    assert _refusal(_blob(edit=lambda m: m.update(version=2.5))) == \
        f"{NAME} has a damaged manifest (manifest, field version has the wrong kind of value)."


def test_signatures_are_checked_before_the_data():
    assert _refusal(_blob(signature=False)) == \
        f"{NAME} is refused: it is not signed. Ask the sender to export it again."
    assert _refusal(_blob(signature=b"[]")) == \
        f"{NAME} is refused: its signature is damaged. Ask the sender to export it again."
    forged = json.dumps({"public_key": PUBLIC, "signature": KEY.sign(b"other").hex()}).encode()
    assert _refusal(_blob(signature=forged, raw_data=b"not json")) == (
        f"{NAME} is refused: its signature does not match: it was changed after it was signed. "
        "Ask the sender to export it again.")


def test_checksums_are_checked_before_the_data_is_read():
    def wrong_sum(m: dict[str, Any]) -> None:
        m["checksums"]["data.json"] = "0" * 64

    expected = (f"{NAME} failed its checksum check (data.json): it was changed or damaged in transit. "
                "Ask the sender to export it again.")
    assert _refusal(_blob(edit=wrong_sum, raw_data=b"not json")) == expected
    attachment = "attachments/" + "a" * 64
    assert _refusal(_blob(extra={attachment: b"unlisted"})) == expected.replace("data.json", attachment)


def test_data_that_is_not_json_or_breaks_the_schema_is_refused():
    assert _refusal(_blob(raw_data=b"{\"inspection\": [")) == \
        f"{NAME} is damaged: data.json is not valid JSON (or nests too deep)."
    assert _refusal(_blob(raw_data=b"[]")) == \
        f"{NAME} has invalid content (data.json has the wrong kind of value); it is refused."
    missing = _data()
    del missing["evidence"]
    assert _refusal(_blob(missing)) == f"{NAME} has invalid content (data.json lacks a required field); it is refused."
    assert _refusal(_blob(_data(case_record=[{"uuid": 5}]))) == \
        f"{NAME} has invalid content (data.json, case, row 1, field uuid has the wrong kind of value); it is " \
        "refused."


def _event(changes: Any) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "at": "2026-12-01T10:00:00+00:00", "who": "Sam Sender",
            "entity": "evidence", "row_uuid": str(uuid.uuid4()), "action": "update", "changes": changes,
            "signer": PUBLIC, "doubt": None}


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = {"k": value}
    return value


def test_history_nesting_is_bounded():
    assert parse_bundle(_blob(_data(audit=[_event({"text": "a"}), _event(_nested(limits.MAX_JSON_DEPTH))])))
    assert _refusal(_blob(_data(audit=[_event({"text": "a"}), _event(_nested(limits.MAX_JSON_DEPTH + 1))]))) == \
        f"{NAME} is refused: its history nests deeper than 8 levels."


def test_where_a_schema_problem_is_names_table_row_and_known_fields_only():
    where = importer._where
    assert where("data", ["data", "case_record", 4, "reference"], "maxLength") == \
        "data.json, case, row 5, field reference is too long"
    assert where("data", ["data", "case_record", 0, "AB-12 Smith"], "type") == \
        "data.json, case, row 1, an unknown field has the wrong kind of value"
    assert where("data", ["data", "case_record", 0, 7], "type") == "data.json, case, row 1 has the wrong " \
        "kind of value"
    assert where("data", ["data", "case_record", "1" * 10], "type") == "data.json, case has the wrong kind " \
        "of value"
    assert where("data", ["data", "case_record", "1" * 9], "type") == \
        "data.json, case, row 111111112 has the wrong kind of value"
    assert where("data", ["data", "case_record", "x"], "enum") == "data.json, case is not one of the " \
        "allowed values"
    assert where("data", ["data", "AB-12 Smith", 0], "required") == "data.json lacks a required field"
    assert where("data", ["data", 3], "required") == "data.json lacks a required field"
    assert where("data", ["data", "tombstones"], "maxItems") == "data.json, tombstones has too many entries"
    assert where("data", ["data", "audit", 0, "who"], "pattern") == \
        "data.json, audit, row 1, field who is not in the expected form"
    assert where("manifest", ["data", "bundle_uuid"], "minLength") == "manifest, field bundle_uuid is too short"
    assert where("manifest", ["data", "checksums"], "maxProperties") == "manifest, field checksums has too many " \
        "entries"
    assert where("data", ["data"], "additionalProperties") == "data.json has a field a bundle never has"
    assert where("data", [], "something new") == "data.json is not valid"
    rules = {"type": "has the wrong kind of value", "required": "lacks a required field",
             "additionalProperties": "has a field a bundle never has", "maxLength": "is too long",
             "maxItems": "has too many entries", "maxProperties": "has too many entries",
             "pattern": "is not in the expected form", "enum": "is not one of the allowed values",
             "const": "is not the expected value", "minimum": "is out of range", "minLength": "is too short",
             "format": "is not in the expected form"}
    for rule, words in rules.items():
        assert where("data", ["data"], rule) == f"data.json {words}"
    for field in ("_history", "entity", "row_uuid", "deleted_at", "deleted_by", "history", "at", "who", "action",
                  "changes", "signer", "doubt", "public_key", "role", "name", "format", "reference", "case_uuid"):
        assert where("data", ["data", field], "type") == f"data.json, field {field} has the wrong kind of value"
    for table in ("tombstones", "audit", "roster", "evidence", "inspection"):
        assert where("data", ["data", table], "type").startswith("data.json, ")


def test_schema_problem_uses_the_right_part_of_the_schema():
    assert importer.schema_problem("data", _data()) is None
    assert importer.schema_problem("manifest", _manifest(b"")) is None
    assert importer.schema_problem("manifest", _data()) == "manifest lacks a required field"
    assert importer.schema_problem("manifest", {**_manifest(b""), "x": 1}) == "manifest has a field a bundle never has"
    problem = importer.schema_problem("data", _data(evidence=[{"uuid": "x" * 37}]))
    assert problem is not None and problem.startswith("data.json, evidence, row 1, field uuid ")


# -- what a plan shows -----------------------------------------------------------------------------------------

def test_a_change_describes_the_side_asked_for():
    change = Change("case_record", "u1", "conflict", incoming={"uuid": "u1", "reference": "IN-1", "text": ""},
                    local={"uuid": "u1", "_hash": "h", "age_band": "0", "legal_status": None, "initials": "AB"})
    assert change.label == "case"
    assert change.describe("incoming") == "reference: IN-1"
    assert change.describe("local") == "age_band: 0, legal_status: None, initials: AB"
    assert Change("x_table", "u", "add").label == "x_table"
    assert Change("evidence", "u", "delete").describe("incoming") == "(deleted)"
    assert Change("evidence", "u", "add", incoming={"grade": "good", "name": "n"}).describe("incoming") == \
        "grade: good"
    assert Change("evidence", "u", "add", incoming={"note": "z" * 300}).describe("incoming") == \
        "note: " + "z" * 194
    for key in ("text", "reference", "grade", "name", "authority", "area_key"):
        assert Change("evidence", "u", "add", incoming={key: "v", "zz": 1}).describe("incoming") == f"{key}: v"


def test_keep_both_only_for_conflicts_of_copyable_rows():
    assert Change("evidence", "u", "conflict").can_keep_both
    assert not Change("evidence", "u", "update").can_keep_both
    assert not Change("inspection", "u", "conflict").can_keep_both


def test_a_plan_counts_its_changes():
    bundle = Bundle({}, {}, {})
    plan = ImportPlan(bundle, "i", False, [Change("evidence", "a", "add"), Change("evidence", "b", "update"),
                                           Change("evidence", "c", "delete"), Change("evidence", "d", "conflict"),
                                           Change("evidence", "e", "conflict_deleted_here"),
                                           Change("evidence", "f", "conflict_deleted_there"),
                                           Change("evidence", "g", "add")], unchanged=3)
    assert plan.summary() == {"add": 2, "update": 1, "delete": 1, "conflict": 3, "unchanged": 3}
    assert [c.uuid for c in plan.conflicts] == ["d", "e", "f"]
    assert [c.uuid for c in plan.of("add", "delete")] == ["a", "c", "g"]
    assert not plan.changes_nothing
    empty = ImportPlan(bundle, "i", False)
    assert empty.changes_nothing and empty.signer == SignerStatus(None, "", None)
    assert empty.audit_doubts == [] and empty.news == 0 and not empty.apply_roster
    assert not ImportPlan(bundle, "i", False, news=1).changes_nothing


# -- planning against a database ---------------------------------------------------------------------------------

_FACTORY: list[pytest.TempPathFactory] = []  # pytest's temporary folders, while this module's tests run


@dataclass
class Lead:
    ws: Workspace
    bundle: Bundle
    target_id: int
    other_id: int
    other_case: str
    other_inspection: Bundle


def _build_lead(folder: Path) -> None:
    ws = open_workspace(folder / "lead.sqlite", user="Lena Lead", registry=load_registry(None), create=True,
                        plaintext=True)
    try:
        other = make_inspection(ws, authority="Otherborough")
        make_case(ws, other.id, reference="OTH-1")
        target = make_inspection(ws)
        make_case(ws, target.id, reference="TS-0001")
        judgements.set_judgement(ws, target.id, "leaders", Grade.GOOD)
        roster.add_member(ws, target.id, "Quinn QA", TeamRole.QA, QA_KEY)
        export_bundle(ws, target.id, folder / "t.inspbundle")
        export_bundle(ws, other.id, folder / "o.inspbundle")
    finally:
        ws.close()
    (folder / "ids.json").write_text(json.dumps({"target": target.id, "other": other.id}), encoding="utf-8")


@functools.cache
def _lead() -> Lead:
    """The lead's database (Otherborough and Testshire, a case each) and its own bundle of Testshire: plans
    only read, so one copy serves every test of the module."""
    factory = _FACTORY[0]
    folder = template(factory, "importer-lead", _build_lead, __file__)
    ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
    ws = open_workspace(copy_of(factory, folder / "lead.sqlite"), user="Lena Lead", registry=load_registry(None))
    other_bundle = importer.read_bundle(folder / "o.inspbundle")
    return Lead(ws, importer.read_bundle(folder / "t.inspbundle"), ids["target"], ids["other"],
                other_bundle.data["case_record"][0]["uuid"], other_bundle)


@pytest.fixture(scope="module", autouse=True)
def _workspaces(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The shared workspaces are opened on first use and closed when the module's tests are done."""
    _FACTORY.append(tmp_path_factory)
    yield
    if _lead.cache_info().currsize:
        _lead().ws.close()
        _lead.cache_clear()
    _merge.cache_clear()
    if _empty.cache_info().currsize:
        _empty().close()
        _empty.cache_clear()
    _FACTORY.clear()


def _build_empty(folder: Path) -> None:
    open_workspace(folder / "empty.sqlite", user="Nia New", registry=load_registry(None), create=True,
                   plaintext=True).close()


@functools.cache
def _empty() -> Workspace:
    folder = template(_FACTORY[0], "importer-empty", _build_empty, __file__)
    return open_workspace(copy_of(_FACTORY[0], folder / "empty.sqlite"), user="Nia New",
                          registry=load_registry(None))


def _edited(edit: Callable[[Bundle], None] | None = None, source: Bundle | None = None) -> Bundle:
    bundle = copy.deepcopy(source or _lead().bundle)
    if edit:
        edit(bundle)
    return bundle


def _plan_refusal(bundle: Bundle, ws: Workspace | None = None, **kw: Any) -> str:
    with pytest.raises(BundleError) as caught:
        plan_import(ws or _lead().ws, bundle, **kw)
    assert caught.value.__cause__ is None
    return str(caught.value)


def test_the_leads_own_bundle_plans_as_unchanged_and_signed_by_the_lead():
    lead = _lead()
    plan = plan_import(lead.ws, _edited(), expect_inspection_id=lead.target_id)
    assert plan.summary() == {"add": 0, "update": 0, "delete": 0, "conflict": 0, "unchanged": 5}
    assert not plan.new_inspection and plan.inspection_uuid == lead.bundle.manifest["inspection_uuid"]
    assert plan.signer.member == Member("Lena Lead", TeamRole.LEAD) and plan.signer.on_roster
    assert plan.apply_roster and plan.news == 0 and plan.already_imported is None
    assert plan.audit_doubts == [None] * len(lead.bundle.data["audit"])
    assert plan_import(lead.ws, _edited(), expect_inspection_id=10_000).summary()["unchanged"] == 5


def test_a_bundle_for_another_inspection_than_the_open_one_is_refused():
    lead = _lead()
    assert _plan_refusal(_edited(), expect_inspection_id=lead.other_id) == (
        "This bundle belongs to another inspection, not Otherborough. Open that inspection, or import it from the "
        "inspections list (or File ▸ Import a bundle).")


def test_changes_to_an_inspection_not_here_are_refused():
    def elsewhere(b: Bundle) -> None:
        b.manifest["inspection_uuid"] = "99999999-9999-4999-8999-999999999999"

    assert _plan_refusal(_edited(elsewhere)) == ("This bundle only holds changes to an inspection this database "
                                                 "does not have. Import a full bundle of the inspection first.")


def test_an_unknown_framework_is_named_only_when_it_looks_like_one():
    def framework(uid: str, version: str) -> Callable[[Bundle], None]:
        def edit(b: Bundle) -> None:
            b.data["inspection"][0].update(framework_id=uid, framework_version=version)
        return edit

    assert _plan_refusal(_edited(framework("nosuch", "2023"))) == (
        "This bundle uses a framework (nosuch@2023) that is not installed here. Add its framework file, then "
        "import again.")
    assert "(it names)" in _plan_refusal(_edited(framework("AB-12 Smith", "2023")))
    assert "(NoSuch_v.2-x@2023)" in _plan_refusal(_edited(framework("NoSuch_v.2-x", "2023")))
    assert "(it names)" in _plan_refusal(_edited(framework("a" * 61, "2023")))
    assert f"({'a' * 60}@{'1' * 30})" in _plan_refusal(_edited(framework("a" * 60, "1" * 30)))
    assert "(it names)" in _plan_refusal(_edited(framework("a", "1" * 31)))
    assert _plan_refusal(_edited(framework("ilacs", "2018"))) == (
        "This bundle changes the inspection's framework, which cannot change once an inspection has begun. "
        "Nothing was imported.")


def test_a_reference_outside_the_inspection_refuses_the_bundle():
    lead = _lead()

    def foreign_case(b: Bundle) -> None:
        b.data["tracking_note"] = [{**_note(b), "case_uuid": lead.other_case}]

    message = _plan_refusal(_edited(foreign_case))
    assert message.startswith("This bundle reaches outside its inspection (")
    assert message.endswith("); it is refused and nothing was imported. Ask the sender to export the inspection "
                            "again.")

    def foreign_tombstone(b: Bundle) -> None:
        b.data["tombstones"] = [{"uuid": str(uuid.uuid4()), "entity": "case_record", "row_uuid": lead.other_case,
                                 "deleted_at": "2026-12-01T10:00:00+00:00", "deleted_by": "Lena Lead",
                                 "history": []}]

    assert _plan_refusal(_edited(foreign_tombstone)).startswith("This bundle reaches outside its inspection (")


def _note(b: Bundle) -> dict[str, Any]:
    return {"uuid": str(uuid.uuid4()), "case_uuid": b.data["case_record"][0]["uuid"], "text": "A note.",
            "created_at": "2026-12-01T10:00:00+00:00", "created_by": "Lena Lead",
            "updated_at": "2026-12-01T10:00:00+00:00", "updated_by": "Lena Lead"}


def _case(b: Bundle, reference: str) -> dict[str, Any]:
    return {**b.data["case_record"][0], "uuid": str(uuid.uuid4()), "reference": reference, "_history": []}


def test_rows_that_break_the_shared_rules_are_refused_with_row_and_field():
    def prefix(problem: str) -> str:
        return (f"This bundle holds something the app cannot accept ({problem}); it is refused and nothing was "
                "imported. Ask the sender to correct it and export again.")

    def bad_area(b: Bundle) -> None:
        b.data["case_record"][0]["legal_status"] = "not_a_status"

    assert _plan_refusal(_edited(bad_area)).startswith("This bundle holds something the app cannot accept (case 1, "
                                                       "field legal_status: ")

    def repeated_here(b: Bundle) -> None:  # a new case with the reference of a case already here
        b.data["case_record"] = [_case(b, "NEW-0"), _case(b, " TS-0001 ")]

    assert _plan_refusal(_edited(repeated_here)) == prefix(
        "case 2, field reference: is used by another case of this inspection")

    def renamed(b: Bundle) -> None:  # the case here renamed, a new one taking its old reference: no clash
        b.data["case_record"] = [{**b.data["case_record"][0], "reference": "TS-0009"}, _case(b, "TS-0001")]

    assert plan_import(_lead().ws, _edited(renamed)).summary() == {
        "add": 1, "update": 1, "delete": 0, "conflict": 0, "unchanged": 4}

    def repeated_in_bundle(b: Bundle) -> None:
        b.data["case_record"] += [_case(b, "NEW-1"), _case(b, "NEW-1")]

    assert _plan_refusal(_edited(repeated_in_bundle)) == prefix(
        "case 2, field reference: is used by another case of this inspection")


def test_a_reference_used_by_another_inspection_is_allowed():
    def other_inspections_reference(b: Bundle) -> None:
        b.data["case_record"].append(_case(b, "OTH-1"))

    plan = plan_import(_lead().ws, _edited(other_inspections_reference))
    assert plan.summary()["add"] == 1


def test_natural_keys_twice_in_one_bundle_are_refused():
    def twice(b: Bundle) -> None:
        judgement = b.data["judgement"][0]
        b.data["judgement"].append({**judgement, "uuid": str(uuid.uuid4()), "_history": []})

    assert _plan_refusal(_edited(twice)) == (
        "This bundle holds something the app cannot accept (judgement 2, field area_key: appears twice in the "
        "bundle); it is refused and nothing was imported. Ask the sender to correct it and export again.")

    def once_each(b: Bundle) -> None:
        judgement = b.data["judgement"][0]
        b.data["judgement"].append({**judgement, "uuid": str(uuid.uuid4()), "_history": [],
                                    "area_key": "help_protection"})

    assert plan_import(_lead().ws, _edited(once_each)).summary()["add"] == 1


def test_a_history_event_without_a_real_date_is_refused_with_its_number():
    def undated(b: Bundle) -> None:
        b.data["audit"][1]["at"] = "soon"

    assert _plan_refusal(_edited(undated)) == ("This bundle's history is damaged (audit event 2, field at: is not a "
                                               "date and time); it is refused and nothing was imported.")


def test_a_history_event_in_doubt_is_marked():
    def future(b: Bundle) -> None:
        b.data["audit"][0]["at"] = "2999-01-01T00:00:00+00:00"
        b.data["audit"][-1]["who"] = "Someone Else"

    plan = plan_import(_lead().ws, _edited(future))
    assert plan.audit_doubts[0] == "it is dated in the future"
    assert plan.audit_doubts[-1] == "it names another author than its signer"
    assert plan.audit_doubts[1:-1] == [None] * (len(plan.audit_doubts) - 2)


def test_a_bundle_signed_by_someone_off_the_roster_is_refused_unless_accepted_once():
    stranger = "d4" * 32

    def by_stranger(b: Bundle) -> None:
        b.signer = Signer("Mallory", stranger)

    plan = plan_import(_lead().ws, _edited(by_stranger))
    assert plan.signer == SignerStatus(stranger, "Mallory", None) and not plan.apply_roster
    assert plan.audit_doubts and all(d is not None for d in plan.audit_doubts)
    with pytest.raises(UnknownSigner) as caught:
        importer.apply_import(_lead().ws, plan)
    assert str(caught.value) == (
        f"{plan.signer.describe()} It was not imported. If you trust it, accept it once (the acceptance is recorded "
        "in the history), or add the sender to the team roster.")

    def unsigned(b: Bundle) -> None:
        b.signer = None

    plan = plan_import(_lead().ws, _edited(unsigned))
    assert plan.signer == SignerStatus(None, "", None)
    with pytest.raises(UnknownSigner, match=r"^Not signed: "):
        importer.apply_import(_lead().ws, plan)


def test_the_same_bundle_again_changes_nothing_and_a_relay_is_trusted():
    lead = _lead()
    plan = plan_import(lead.ws, _edited(), relay=True)
    assert plan.signer == SignerStatus(None, "regional store", None, relay=True) and plan.apply_roster
    again = dataclasses.replace(plan, already_imported=datetime(2026, 12, 1, tzinfo=UTC))
    result = importer.apply_import(lead.ws, again)
    assert result == importer.ImportResult(lead.target_id, 0, 0, 0, 0, 0)


def test_a_new_inspection_trusts_the_roster_its_lead_signed():
    lead = _lead()
    plan = plan_import(_empty(), _edited(source=lead.other_inspection))
    assert plan.new_inspection and plan.signer.member == Member("Lena Lead", TeamRole.LEAD)
    assert plan.apply_roster and plan.summary()["add"] == 4
    assert plan.news == len(lead.other_inspection.data["audit"]) + 1
    assert plan.audit_doubts == [None] * len(lead.other_inspection.data["audit"])

    def team_signed(b: Bundle) -> None:
        b.data["roster"][0]["role"] = "team"

    plan = plan_import(_empty(), _edited(team_signed, source=lead.other_inspection))
    assert plan.signer.member is None and not plan.apply_roster
    assert all(d == "its signer is not on the team roster" for d in plan.audit_doubts)

    def no_inspection(b: Bundle) -> None:
        b.data["inspection"] = []

    assert _plan_refusal(_edited(no_inspection, source=lead.other_inspection), _empty()).startswith(
        "This bundle only holds changes to an inspection")



# -- applying: a sender's bundle merged into a copy of the lead's database -------------------------------------

@dataclass
class Merge:
    """The lead's database (closed, copied per test) and a bundle from Sam, who, since the lead's bundle, added
    evidence with an attachment, wrote a case summary, deleted one item and reworded another that the lead
    reworded too (a conflict)."""

    lead_file: Path
    blob: bytes
    own_blob: bytes  # a bundle the lead exported from this very database
    kept: str  # uuid of the evidence both reworded
    deleted: str
    case: str
    sam_key: str


def _build_merge(folder: Path) -> None:
    registry = load_registry(None)
    lead = open_workspace(folder / "lead.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True)
    sam = open_workspace(folder / "sam.sqlite", user="Sam Sender", registry=registry, create=True, plaintext=True)
    info = make_inspection(lead)
    case = make_case(lead, info.id, reference="TS-0001")
    judgements.set_judgement(lead, info.id, "leaders", Grade.GOOD)
    kept = _add_evidence(lead, info.id, "The lead's first wording.")
    doomed = _add_evidence(lead, info.id, "Recorded in error.")
    enrol(lead, info.id, sam)
    export_bundle(lead, info.id, folder / "to-sam.inspbundle", recipient="Sam Sender")
    sam_id = importer.apply_import(sam, plan_import(sam, importer.read_bundle(folder / "to-sam.inspbundle"))
                                   ).inspection_id
    by_uuid = {e.uuid: e.id for e in evidence.find_evidence(sam, sam_id)}
    added = _add_evidence(sam, sam_id, "Sam's new evidence.")
    evidence.add_attachment_bytes(sam, added.id, "note.txt", b"attachment body")
    evidence.update_evidence(sam, by_uuid[kept.uuid], text="Sam's wording.")
    evidence.delete_evidence(sam, by_uuid[doomed.uuid])
    [sam_case] = cases.list_cases(sam, sam_id)
    cases.update_case(sam, sam_case.id, summary="Sam's summary.")
    export_bundle(sam, sam_id, folder / "from-sam.inspbundle", recipient="Lena Lead")
    sam_key = identity.ensure_signing_key(sam).public_key
    sam.close()
    evidence.update_evidence(lead, kept.id, text="The lead's second wording.")
    export_bundle(lead, info.id, folder / "own.inspbundle")
    lead.close()
    (folder / "sam.sqlite").unlink()
    (folder / "ids.json").write_text(json.dumps({"kept": kept.uuid, "deleted": doomed.uuid, "case": case.uuid,
                                                 "sam_key": sam_key}), encoding="utf-8")


@functools.cache
def _merge() -> Merge:
    folder = template(_FACTORY[0], "importer-merge", _build_merge, __file__)
    ids = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
    return Merge(folder / "lead.sqlite", (folder / "from-sam.inspbundle").read_bytes(),
                 (folder / "own.inspbundle").read_bytes(), ids["kept"], ids["deleted"], ids["case"], ids["sam_key"])


def _add_evidence(ws: Workspace, inspection_id: int, text: str) -> Any:
    return evidence.add_evidence(ws, inspection_id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))


@pytest.fixture
def merge_into() -> Iterator[Callable[[], tuple[Workspace, Bundle]]]:
    opened: list[Workspace] = []

    def open_copy() -> tuple[Workspace, Bundle]:
        ws = open_workspace(copy_of(_FACTORY[0], _merge().lead_file), user="Lena Lead", registry=load_registry(None))
        opened.append(ws)
        return ws, parse_bundle(_merge().blob, None, "from-sam.inspbundle")

    yield open_copy
    for ws in opened:
        ws.close()


def _state(ws: Workspace) -> dict[str, Any]:
    with ws.db.read_session() as session:
        return {
            "evidence": sorted((e.uuid, e.text, e.created_by) for e in session.scalars(select(Evidence))),
            "attachments": sorted((a.filename, a.data) for a in session.scalars(select(Attachment))),
            "case": [(c.uuid, c.summary) for c in session.scalars(select(Case))],
            "tombstones": sorted(t.row_uuid for t in session.scalars(select(Tombstone))),
            "logs": [(b.direction, b.peer, b.counts) for b in session.scalars(select(BundleLog))],
            "origins": sorted((o.row_uuid, o.entity, o.exporter) for o in session.scalars(select(RowOrigin))),
            "events": [(e.who, e.action, e.entity, e.changes, e.brought_by, e.doubt)
                       for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))],
            "event_uuids": sorted(session.scalars(select(AuditEvent.uuid))),
        }


def _event_uuids(state: dict[str, Any]) -> list[str]:
    return list(state["event_uuids"])


def test_taking_theirs_merges_adds_updates_deletions_and_the_conflict(merge_into):
    ws, bundle = merge_into()
    m = _merge()
    before = _state(ws)
    plan = plan_import(ws, bundle)
    assert plan.summary() == {"add": 2, "update": 1, "delete": 1, "conflict": 1, "unchanged": 4}
    new_events = [e for e in bundle.data["audit"] if e["uuid"] not in set(before["event_uuids"])]
    assert plan.news == len(new_events) + 1  # and the one deletion; the roster is not the lead's to change here
    steps: list[tuple[float, str]] = []
    result = importer.apply_import(ws, plan, default="theirs", backed_up=True,
                                   progress=lambda f, label: steps.append((f, label)))
    assert result == importer.ImportResult(result.inspection_id, 2, 2, 1, 1, 0) and result.inspection_id == 1
    after = _state(ws)
    assert after["evidence"] == sorted([(m.kept, "Sam's wording.", "Lena Lead"),
                                        *[e for e in after["evidence"] if e[1] == "Sam's new evidence."]])
    assert [e[2] for e in after["evidence"] if e[1] == "Sam's new evidence."] == ["Sam Sender"]
    assert after["attachments"] == [("note.txt", b"attachment body")]
    assert after["case"] == [(m.case, "Sam's summary.")]
    assert after["tombstones"] == sorted([*before["tombstones"], m.deleted])
    assert after["logs"][-1] == ("import", "Sam Sender", {**plan.summary(), "added": 2, "updated": 2, "deleted": 1,
                                                          "kept_both": 0})
    added_uuids = {r["uuid"] for t in ("evidence", "attachment") for r in bundle.data[t]
                   if r["uuid"] not in {u for u, _t, _c in before["evidence"]}}
    assert {(u, e) for u, e, x in after["origins"] if x == "Sam Sender"} >= {
        (m.kept, "evidence"), (m.case, "case_record")}
    assert {u for u, _e, x in after["origins"]} >= added_uuids
    new_events = after["events"][len(before["events"]):]
    carried = [e for e in new_events if e[4] == m.sam_key]
    assert carried and all(e[5] is None for e in carried)
    imports = [e for e in new_events if e[1] == "import" and e[4] is None]  # this import's own, not carried
    merges = [e for e in new_events if e[1] == "merge" and e[4] is None]
    fingerprint = identity.fingerprint(m.sam_key)
    sender = {"from": "Sam Sender", "bundle": bundle.manifest["bundle_uuid"], "signer": fingerprint,
              "signer_on_roster": "Sam Sender"}
    assert imports == [("Lena Lead", "import", "bundle", {**sender, "counts": after["logs"][-1][2]}, None, None)]
    with ws.db.read_session() as session:
        own = [(e.action, e.row_uuid, e.inspection_uuid) for e in session.scalars(select(AuditEvent).where(
            AuditEvent.action.in_(["import", "merge"]), AuditEvent.brought_by.is_(None)))]
    assert own == [("import", bundle.manifest["bundle_uuid"], bundle.manifest["inspection_uuid"]),
                   ("merge", m.kept, bundle.manifest["inspection_uuid"])]
    assert merges == [("Lena Lead", "merge", "evidence", {**sender, "conflict": "conflict", "decision": "theirs"},
                       None, None)]
    known_before = {u for u in _event_uuids(before)}
    arrived = [e for e in bundle.data["audit"] if e["uuid"] not in known_before]
    assert arrived
    with ws.db.read_session() as session:
        rows = {e.uuid: e for e in session.scalars(select(AuditEvent))}
        for event in arrived:
            row = rows[event["uuid"]]
            assert (row.at, row.who, row.inspection_uuid, row.entity, row.row_uuid, row.action, row.changes,
                    row.brought_by, row.doubt) == (
                datetime.fromisoformat(event["at"]), event["who"], bundle.manifest["inspection_uuid"],
                event["entity"], event["row_uuid"], event["action"], event["changes"], m.sam_key, None)
            assert abs(row.received_at - datetime.now(UTC)) < timedelta(minutes=1)
        [tomb] = session.scalars(select(Tombstone).where(Tombstone.row_uuid == m.deleted)).all()
        [sent] = bundle.data["tombstones"]
        assert (tomb.uuid, tomb.entity, tomb.row_uuid, tomb.inspection_uuid, tomb.deleted_at, tomb.deleted_by,
                tomb.history) == (sent["uuid"], sent["entity"], sent["row_uuid"], bundle.manifest["inspection_uuid"],
                                  datetime.fromisoformat(sent["deleted_at"]), sent["deleted_by"], sent["history"])
        [log] = session.scalars(select(BundleLog).where(BundleLog.direction == "import")).all()
        assert (log.bundle_uuid, log.inspection_uuid, log.peer, log.peer_machine, log.since) == (
            bundle.manifest["bundle_uuid"], bundle.manifest["inspection_uuid"], "Sam Sender",
            bundle.manifest["exporter"]["machine"], None)
        assert abs(log.at - datetime.now(UTC)) < timedelta(minutes=1)
        origins = {o.row_uuid: o for o in session.scalars(select(RowOrigin))}
        origin = origins[m.kept]
        assert (origin.entity, origin.exporter, origin.machine, origin.bundle_uuid) == (
            "evidence", "Sam Sender", bundle.manifest["exporter"]["machine"], bundle.manifest["bundle_uuid"])
        assert origin.imported_at == log.at
    assert [label for _f, label in steps] == [LABELS.get(e.name, e.name) for e in ENTITIES]
    assert [f for f, _l in steps] == [i / len(ENTITIES) for i in range(len(ENTITIES))]


def test_keeping_mine_or_both_settles_the_conflict_that_way(merge_into):
    m = _merge()
    ws, bundle = merge_into()
    result = importer.apply_import(ws, plan_import(ws, bundle), {m.kept: "mine"}, backed_up=True)
    assert (result.added, result.updated, result.deleted, result.conflicts, result.kept_both) == (2, 1, 1, 1, 0)
    assert (m.kept, "The lead's second wording.", "Lena Lead") in _state(ws)["evidence"]
    merges = [e for e in _state(ws)["events"] if e[1] == "merge" and e[4] is None]
    assert [e[3]["decision"] for e in merges] == ["mine"]
    ws, bundle = merge_into()
    result = importer.apply_import(ws, plan_import(ws, bundle), default="both", backed_up=True)
    assert (result.added, result.updated, result.deleted, result.conflicts, result.kept_both) == (2, 1, 1, 1, 1)
    texts = _state(ws)["evidence"]
    assert (m.kept, "The lead's second wording.", "Lena Lead") in texts
    [copy_row] = [e for e in texts if e[1] == "Sam's wording."]
    assert copy_row[0] != m.kept and copy_row[2] == "Sam Sender"


def test_undecided_conflicts_are_refused_and_nothing_changes(merge_into):
    ws, bundle = merge_into()
    before = _state(ws)
    plan = plan_import(ws, bundle)
    with pytest.raises(BundleError, match=r"^1 conflict needs a decision \(keep mine, take theirs or keep both\)\.$"):
        importer.apply_import(ws, plan, {"someone else": "mine"}, backed_up=True)
    [conflict] = plan.conflicts
    plan.changes.append(dataclasses.replace(conflict, uuid="a second conflict"))  # the count and its verb agree
    with pytest.raises(BundleError, match=r"^2 conflicts need a decision \(keep mine, take theirs or keep both\)\.$"):
        importer.apply_import(ws, plan, {}, backed_up=True)
    assert _state(ws) == before


def test_the_same_bundle_twice_changes_nothing_the_second_time(merge_into):
    ws, bundle = merge_into()
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    after = _state(ws)
    again = plan_import(ws, parse_bundle(_merge().blob))
    assert again.already_imported is not None and not again.changes and again.news == 0
    result = importer.apply_import(ws, again)
    assert result == importer.ImportResult(1, 0, 0, 0, 0, 0)
    assert _state(ws) == after


def test_a_bundle_from_this_very_database_is_refused(merge_into):
    ws, _bundle = merge_into()
    before = _state(ws)
    own = plan_import(ws, parse_bundle(_merge().own_blob))
    with pytest.raises(BundleError) as caught:
        importer.apply_import(ws, own)
    assert str(caught.value) == ("This bundle was exported from this database; import bundles from other inspectors' "
                                 "laptops.")
    assert _state(ws) == before


def test_a_cancel_rolls_the_whole_merge_back(merge_into):
    ws, bundle = merge_into()
    before = _state(ws)
    asked: list[int] = []

    def cancel_at_third() -> bool:
        asked.append(1)
        return len(asked) == 3

    with pytest.raises(importer.Cancelled, match=r"^The merge was cancelled; nothing was changed\.$"):
        importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True, cancelled=cancel_at_third)
    assert _state(ws) == before
    asked.clear()

    def cancel_at_end() -> bool:
        asked.append(1)
        return len(asked) == len(ENTITIES) + 1

    with pytest.raises(importer.Cancelled, match=r"^The merge was cancelled; nothing was changed\.$"):
        importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True, cancelled=cancel_at_end)
    assert _state(ws) == before
    result = importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True,
                                   cancelled=lambda: False)
    assert result.added == 2


def test_an_import_is_backed_up_first_unless_the_batch_was(merge_into, monkeypatch):
    taken: list[tuple[Any, str]] = []
    import inspector_app.storage.backups as backups

    _merge()  # the shared template's own imports are made before backups are counted (run alone, they were)
    monkeypatch.setattr(backups, "create_backup", lambda db, reason: taken.append((db, reason)))
    ws, bundle = merge_into()
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs")
    assert taken == [(ws.db, "before-import")]
    ws, bundle = merge_into()
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    importer.backup_before_import(ws)
    assert taken == [(taken[0][0], "before-import"), (ws.db, "before-import")]
    with monkeypatch.context() as patched:
        patched.setattr(type(ws.db), "on_server", property(lambda db: True))  # a store's backups are its operator's
        importer.backup_before_import(ws)
    assert len(taken) == 2

    def fails(db: Any, reason: str) -> None:
        raise backups.BackupError("The disk is full.")

    monkeypatch.setattr(backups, "create_backup", fails)
    ws, bundle = merge_into()
    before = _state(ws)
    with pytest.raises(BundleError, match=r"^The disk is full\. The bundle was not imported; nothing was changed\.$"):
        importer.apply_import(ws, plan_import(ws, bundle), default="theirs")
    assert _state(ws) == before


def test_a_stranger_accepted_once_is_recorded_as_such(merge_into):
    ws, bundle = merge_into()
    bundle.signer = Signer("Sam Sender", "d4" * 32)
    plan = plan_import(ws, bundle)
    assert not plan.signer.on_roster
    importer.apply_import(ws, plan, default="theirs", backed_up=True, accept_unknown_signer=True)
    [event] = [e for e in _state(ws)["events"] if e[1] == "import" and e[4] is None]
    assert event[3]["accepted_unknown_signer"] is True and event[3]["signer_on_roster"] is None
    assert event[3]["signer"] == identity.fingerprint("d4" * 32)
    carried = [e for e in _state(ws)["events"] if e[4] == "d4" * 32]
    assert carried and all(e[5] for e in carried)  # marked with the doubt, never shown as genuine


def test_a_row_made_on_both_sides_is_matched_by_its_natural_key(merge_into):
    """A judgement for the same area made independently here and there is one judgement, not two."""
    ws, bundle = merge_into()
    [mine] = parse_bundle(_merge().own_blob).data["judgement"]
    twin = {**mine, "uuid": "70000000-0000-4000-8000-000000000001", "_history": []}
    bundle.data["judgement"] = [twin]
    plan = plan_import(ws, bundle)
    assert not [c for c in plan.changes if c.entity == "judgement"] and plan.summary()["unchanged"] == 4
    other = {**twin, "grade": "outstanding"}
    bundle.data["judgement"] = [other]
    plan = plan_import(ws, bundle)
    [change] = [c for c in plan.changes if c.entity == "judgement"]
    with ws.db.read_session() as session:
        local_id = session.scalar(select(Judgement.id))
    assert (change.action, change.uuid, change.local_id) == ("conflict", other["uuid"], local_id)
    assert (change.describe("local"), change.describe("incoming")) == ("grade: good", "grade: outstanding")
    importer.apply_import(ws, plan, default="theirs", backed_up=True)
    with ws.db.read_session() as session:
        assert [(j.id, j.uuid, j.grade.value) for j in session.scalars(select(Judgement))] == [
            (local_id, mine["uuid"], "outstanding")]  # their grade, our row: what refers to it here still does


def test_a_twin_made_here_with_another_author_is_still_the_same_row(merge_into):
    ws, bundle = merge_into()
    [mine] = parse_bundle(_merge().own_blob).data["judgement"]
    twin = {**mine, "uuid": "70000000-0000-4000-8000-000000000002", "_history": [], "created_by": "Sam Sender",
            "created_at": "2026-01-01T00:00:00+00:00"}
    bundle.data["judgement"] = [twin]
    plan = plan_import(ws, bundle)
    assert not [c for c in plan.changes if c.entity == "judgement"]
    importer.apply_import(ws, plan, default="theirs", backed_up=True)
    with ws.db.read_session() as session:
        assert [(j.uuid, j.created_by) for j in session.scalars(select(Judgement))] == [(mine["uuid"], "Lena Lead")]


def test_a_missing_attachment_refuses_the_whole_merge(merge_into):
    ws, bundle = merge_into()
    before = _state(ws)
    bundle.files.clear()
    with pytest.raises(BundleError) as caught:
        importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    assert str(caught.value) == "An attachment listed in the bundle is missing from it; ask for a new export."
    assert _state(ws) == before


def test_a_deletion_already_recorded_here_is_not_recorded_again(merge_into):
    ws, bundle = merge_into()
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    [case] = bundle.data["case_record"]
    plain = {k: v for k, v in case.items() if not k.startswith("_")}
    second = copy.deepcopy(bundle)
    second.manifest["bundle_uuid"] = "80000000-0000-4000-8000-000000000001"
    second.data["case_record"] = [{**plain, "summary": "Sam's second summary.",
                                   "_history": [*case["_history"], content_hash(plain)]}]
    plan = plan_import(ws, second)
    assert [c.action for c in plan.changes] == ["update"]
    importer.apply_import(ws, plan, backed_up=True)
    state = _state(ws)
    assert state["case"] == [(_merge().case, "Sam's second summary.")]
    assert state["tombstones"].count(_merge().deleted) == 1


def _fresh_empty() -> Workspace:
    folder = template(_FACTORY[0], "importer-empty", _build_empty, __file__)
    return open_workspace(copy_of(_FACTORY[0], folder / "empty.sqlite"), user="Nia New", registry=load_registry(None))


def test_the_leads_roster_comes_with_the_leads_bundle(merge_into):
    m = _merge()
    fresh = _fresh_empty()
    try:
        own = parse_bundle(m.own_blob)
        plan = plan_import(fresh, own)
        assert plan.apply_roster
        importer.apply_import(fresh, plan, backed_up=True)
        with fresh.db.read_session() as session:
            members = [(r.name, r.role, r.public_key, r.added_by, r.inspection_id)
                       for r in session.scalars(select(RosterMember).order_by(RosterMember.name))]
            added = [r.added_at for r in session.scalars(select(RosterMember))]
        assert members == [(r["name"], TeamRole(r["role"]), r["public_key"], "Lena Lead", 1)
                           for r in sorted(own.data["roster"], key=lambda r: r["name"])]
        assert len(members) == 2 and all(abs(a - datetime.now(UTC)) < timedelta(minutes=1) for a in added)
        smaller = parse_bundle(m.own_blob)
        smaller.manifest["bundle_uuid"] = "80000000-0000-4000-8000-000000000002"
        smaller.data["roster"] = [r for r in smaller.data["roster"] if r["role"] == "lead"]
        plan = plan_import(fresh, smaller)
        assert plan.apply_roster and plan.news == 1 and not plan.changes
        importer.apply_import(fresh, plan)
        with fresh.db.read_session() as session:
            assert [r.name for r in session.scalars(select(RosterMember))] == ["Lena Lead"]
    finally:
        fresh.close()


def test_a_roster_relayed_by_the_store_is_added_by_the_person_syncing(merge_into):
    fresh = _fresh_empty()
    try:
        pulled = parse_bundle(_merge().own_blob)
        pulled.signer = None  # what a sync reads from the store is unsigned: the connection vouches for it
        plan = plan_import(fresh, pulled, relay=True)
        importer.apply_import(fresh, plan, backed_up=True)
        with fresh.db.read_session() as session:
            assert {r.added_by for r in session.scalars(select(RosterMember))} == {"Nia New"}
            events = session.scalars(select(AuditEvent).where(AuditEvent.action == "import")).all()
            assert [(e.who, e.changes["signer"], e.changes["signer_on_roster"], e.brought_by) for e in events] == [
                ("Nia New", None, None, None)]
            carried = {e.uuid: e.brought_by for e in session.scalars(select(AuditEvent))}
        for event in pulled.data["audit"]:  # each keeps the key of whoever first pushed it
            assert carried[event["uuid"]] == event["signer"] and event["signer"]
    finally:
        fresh.close()


def test_a_push_into_the_store_names_the_pushers_key_on_the_stores_own_events(merge_into):
    ws, bundle = merge_into()
    m = _merge()
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs", into_store=True)
    with ws.db.read_session() as session:
        own = [(e.action, e.brought_by) for e in session.scalars(select(AuditEvent).where(
            AuditEvent.who == "Lena Lead", AuditEvent.action.in_(["import", "merge"])))]
    assert own == [("import", m.sam_key), ("merge", m.sam_key)]


def test_history_only_records_no_import_of_its_own(merge_into):
    ws, bundle = merge_into()
    m = _merge()
    own = parse_bundle(m.own_blob)
    own.manifest["exporter"]["machine"] = "another-machine"
    own.manifest["bundle_uuid"] = "80000000-0000-4000-8000-000000000003"
    own.data["audit"].append({**own.data["audit"][-1], "uuid": "90000000-0000-4000-8000-000000000001",
                              "action": "update"})
    plan = plan_import(ws, own)
    assert not plan.changes and plan.news == 1
    before = _state(ws)
    importer.apply_import(ws, plan)
    after = _state(ws)
    assert len(after["events"]) == len(before["events"]) + 1 and after["logs"] == before["logs"]
    assert after["events"][-1][1] == "update"


def test_every_version_a_bundle_row_had_is_remembered_here(merge_into):
    ws, bundle = merge_into()
    bare = {k: v for k, v in _case(bundle, "NEW-9").items() if k != "_history"}  # a row may come without history
    bundle.data["case_record"].append(bare)
    plan = plan_import(ws, bundle)
    importer.apply_import(ws, plan, default="theirs", backed_up=True)
    rows = [r for t in ("case_record", "evidence", "judgement") for r in bundle.data[t]]
    with ws.db.read_session() as session:
        known = known_versions(session, [r["uuid"] for r in rows])
        assert session.scalar(select(Case.reference).where(Case.uuid == bare["uuid"])) == "NEW-9"
    for row in rows:
        assert {*row.get("_history", []), content_hash(row)} <= known[row["uuid"]], row["uuid"]


def test_a_bundle_already_imported_for_an_inspection_no_longer_here_changes_nothing(merge_into):
    ws, bundle = merge_into()
    gone = ImportPlan(bundle, "99999999-9999-4999-8999-999999999999", False,
                      signer=SignerStatus(None, "regional store", None, relay=True),
                      already_imported=datetime(2026, 12, 1, tzinfo=UTC))
    before = _state(ws)
    assert importer.apply_import(ws, gone) == importer.ImportResult(0, 0, 0, 0, 0, 0)
    assert _state(ws) == before


def test_a_bundle_without_history_or_roster_plans_all_the_same(merge_into):
    ws, bundle = merge_into()
    del bundle.data["audit"], bundle.data["roster"]
    plan = plan_import(ws, bundle)
    assert plan.news == 1 and plan.audit_doubts == [] and not plan.apply_roster  # the one deletion
    assert plan.summary()["add"] == 2
    assert importer.apply_import(ws, plan, default="theirs", backed_up=True).added == 2


def test_news_looks_history_up_500_events_at_a_time(merge_into):
    ws, bundle = merge_into()
    with ws.db.read_session() as session:
        known = session.scalars(select(AuditEvent.uuid)).first()
        plan = ImportPlan(bundle, bundle.manifest["inspection_uuid"], False)
        fake = Bundle(bundle.manifest, {"audit": [{"uuid": f"00000000-0000-4000-8000-{i:012d}"} for i in range(500)]
                                        + [{"uuid": known}], "tombstones": [], "roster": []}, {})
        assert importer._news(session, fake, plan, set()) == 500  # the 501st is known here


def _rows(**tables: list[dict[str, Any]]) -> Bundle:
    data: dict[str, Any] = {e.name: [] for e in ENTITIES}
    data.update(tombstones=[], audit=[], **tables)
    return Bundle({}, data, {})


def test_rows_are_checked_against_the_inspections_framework():
    framework = load_registry(None).frameworks["ilacs@2023"]
    judgement = {"uuid": "b0000000-0000-4000-8000-000000000009", "inspection_uuid": "11111111-1111-4111-8111-"
                 "111111111111", "area_key": "no_such_area", "grade": "good"}
    problem = importer._row_problem(None, _rows(judgement=[judgement]), framework, None)  # type: ignore[arg-type]
    assert problem is not None and (problem.entity, problem.row, problem.field) == ("judgement", 1, "area_key")
    assert importer._row_problem(None, _rows(judgement=[{**judgement, "area_key": "leaders"}]), framework,
                                 None) is None  # type: ignore[arg-type]


def test_links_are_told_apart_by_both_ends_and_keys_of_one_field_too():
    framework = load_registry(None).frameworks["ilacs@2023"]
    link = {"uuid": "a0000000-0000-4000-8000-000000000001", "finding_uuid": "f0000000-0000-4000-8000-000000000001",
            "evidence_uuid": "e0000000-0000-4000-8000-000000000001"}
    other_finding = {**link, "uuid": "a0000000-0000-4000-8000-000000000002",
                     "finding_uuid": "f0000000-0000-4000-8000-000000000002"}
    assert importer._row_problem(None, _rows(finding_evidence=[link, other_finding]), framework,  # type: ignore[arg-type]
                                 None) is None
    twice = {**link, "uuid": "a0000000-0000-4000-8000-000000000003"}
    assert str(importer._row_problem(None, _rows(finding_evidence=[link, twice]), framework,  # type: ignore[arg-type]
                                     None)) == "evidence link 2, field evidence_id: appears twice in the bundle"
    published = {"uuid": "b0000000-0000-4000-8000-000000000001",
                 "inspection_uuid": "11111111-1111-4111-8111-111111111111", "published_on": "2026-05-01"}
    again = {**published, "uuid": "b0000000-0000-4000-8000-000000000002"}
    assert str(importer._row_problem(None, _rows(publication=[published, again]), framework,  # type: ignore[arg-type]
                                     None)) == "publication date 2, field inspection_id: appears twice in the bundle"


def _unknown_area(b: Bundle) -> None:
    b.data["judgement"][0]["area_key"] = "no_such_area"


def test_rows_of_a_bundle_are_checked_against_the_framework_of_the_inspection():
    message = _plan_refusal(_edited(_unknown_area))
    assert message.startswith("This bundle holds something the app cannot accept (judgement 1, field area_key: ")

    def changes_only(b: Bundle) -> None:  # no inspection row: the framework is the one the inspection has here
        b.data["inspection"] = []
        _unknown_area(b)

    assert _plan_refusal(_edited(changes_only)) == message


def test_a_reviewers_bundle_may_only_comment():
    def from_the_reviewer(b: Bundle) -> None:
        b.signer = Signer("Q", QA_KEY)
        b.data["case_record"].append(_case(b, "NEW-1"))

    assert _plan_refusal(_edited(from_the_reviewer)) == (
        "This bundle is from Quinn QA, the quality assurance reviewer, who only comments, but it would change 1 "
        "other item (case record). It was refused and nothing was changed: ask the reviewer to send their comments "
        "from a fresh copy of your bundle.")

    def unchanged_from_the_reviewer(b: Bundle) -> None:
        b.signer = Signer("Q", QA_KEY)

    assert plan_import(_lead().ws, _edited(unchanged_from_the_reviewer)).signer.member == Member("Quinn QA",
                                                                                                 TeamRole.QA)


def test_history_before_the_inspection_existed_is_marked():
    def ancient(b: Bundle) -> None:
        b.data["audit"][0]["at"] = "2001-01-01T00:00:00+00:00"
        b.data["inspection"][0]["created_at"] = "2000-06-01T00:00:00+00:00"  # doctored: the local date counts

    plan = plan_import(_lead().ws, _edited(ancient))
    assert plan.audit_doubts[0] == "it is dated before the inspection existed"
    lead = _lead()

    def ancient_new(b: Bundle) -> None:
        b.data["audit"][0]["at"] = "2001-01-01T00:00:00+00:00"

    plan = plan_import(_empty(), _edited(ancient_new, source=lead.other_inspection))
    assert plan.new_inspection and plan.audit_doubts[0] == "it is dated before the inspection existed"
    assert plan.audit_doubts[1:] == [None] * (len(plan.audit_doubts) - 1)


def test_damage_found_while_planning_is_one_line_but_a_lost_server_is_not_damage(monkeypatch):
    def damaged(session: Any, bundle: Bundle, plan: ImportPlan) -> None:
        raise KeyError("AB-12 Smith")

    monkeypatch.setattr(importer, "_plan_rows", damaged)
    assert _plan_refusal(_edited()) == ("This bundle's content is damaged; ask the sender to export it again. "
                                        "Nothing was changed.")
    lost = DBAPIError("SELECT", {}, Exception("server closed the connection"), connection_invalidated=True)

    def gone(session: Any, bundle: Bundle, plan: ImportPlan) -> None:
        raise lost

    monkeypatch.setattr(importer, "_plan_rows", gone)
    with pytest.raises(DBAPIError) as caught:
        plan_import(_lead().ws, _edited())
    assert caught.value is lost


def test_a_row_or_event_wearing_another_inspections_uuid_is_refused():
    lead = _lead()

    def takes_over(b: Bundle) -> None:  # the other inspection's case, moved into this one
        b.data["case_record"].append({**b.data["case_record"][0], "uuid": lead.other_case, "reference": "NEW-2",
                                      "_history": []})

    assert _plan_refusal(_edited(takes_over)).startswith("This bundle reaches outside its inspection (")

    def tells_of_it(b: Bundle) -> None:  # history about the other inspection's case
        b.data["audit"].append({**b.data["audit"][0], "uuid": "90000000-0000-4000-8000-000000000002",
                                "entity": "case_record", "row_uuid": lead.other_case})

    assert _plan_refusal(_edited(tells_of_it)).startswith("This bundle reaches outside its inspection (")


# -- the merge's decisions, row by row ----------------------------------------------------------------------------

def _evidence_id(ws: Workspace, row_uuid: str) -> int | None:
    with ws.db.read_session() as session:
        return session.scalar(select(Evidence.id).where(Evidence.uuid == row_uuid))


def _texts(ws: Workspace) -> dict[str, str]:
    with ws.db.read_session() as session:
        return {e.uuid: e.text for e in session.scalars(select(Evidence))}


def test_a_row_deleted_here_that_the_sender_changed_comes_back_only_if_taken(merge_into):
    """The lead deleted the item Sam reworded: taking Sam's version brings it back (and forgets the deletion,
    so the next export does not delete it again); keeping mine leaves it deleted."""
    m = _merge()
    for decision, back in (("theirs", True), ("both", True), ("mine", False)):
        ws, bundle = merge_into()
        evidence.delete_evidence(ws, _evidence_id(ws, m.kept))
        plan = plan_import(ws, bundle)
        assert [c.action for c in plan.changes if c.uuid == m.kept] == ["conflict_deleted_here"]
        result = importer.apply_import(ws, plan, {m.kept: decision}, backed_up=True)
        assert result.added == (3 if back else 2), decision
        state = _state(ws)
        assert (_texts(ws).get(m.kept) == "Sam's wording.") is back, decision
        assert (m.kept in state["tombstones"]) is not back, decision
        assert m.deleted in state["tombstones"]


def test_many_rows_deleted_here_come_back_with_every_deletion_forgotten(merge_into):
    """More rows than one statement clears (500 at a time): none of them keeps its deletion."""
    ws, bundle = merge_into()
    [new] = [r for r in bundle.data["evidence"] if r["text"] == "Sam's new evidence."]
    back = [{**new, "uuid": f"60000000-0000-4000-8000-{i:012d}", "text": f"Restored item {i}.", "_history": [],
             "ref": f"SS-{100 + i}"} for i in range(1001)]
    bundle.data["evidence"] += back
    with ws.db.session() as session:
        session.add_all(Tombstone(uuid=f"61000000-0000-4000-8000-{i:012d}", entity="evidence", row_uuid=r["uuid"],
                                  inspection_uuid=bundle.manifest["inspection_uuid"],
                                  deleted_at=datetime(2026, 11, 30, tzinfo=UTC), deleted_by="Lena Lead", history=[])
                        for i, r in enumerate(back))
    plan = plan_import(ws, bundle)
    assert len(plan.of("conflict_deleted_here")) == len(back)
    result = importer.apply_import(ws, plan, default="theirs", backed_up=True)
    assert result.added == 2 + len(back)
    assert _state(ws)["tombstones"] == [_merge().deleted]


def test_each_conflict_follows_its_own_decision_before_the_default(merge_into):
    """Sam deleted an item the lead has since corrected (a conflict) and the bundle also deletes the judgement
    (a plain deletion): every deletion taken is counted, and a decision named for a row wins over the default."""
    m = _merge()

    def prepared() -> tuple[Workspace, Bundle]:
        ws, bundle = merge_into()
        evidence.update_evidence(ws, _evidence_id(ws, m.deleted), text="The lead's correction.")
        [judgement] = parse_bundle(m.own_blob).data["judgement"]
        bundle.data["judgement"] = []
        bundle.data["tombstones"].append({"uuid": "62000000-0000-4000-8000-000000000001", "entity": "judgement",
                                          "row_uuid": judgement["uuid"], "deleted_at": "2026-12-01T09:00:00+00:00",
                                          "deleted_by": "Sam Sender", "history": [content_hash(judgement)]})
        return ws, bundle

    def judgements_left(ws: Workspace) -> int:
        with ws.db.read_session() as session:
            return len(session.scalars(select(Judgement)).all())

    ws, bundle = prepared()
    plan = plan_import(ws, bundle)
    assert sorted((c.uuid, c.action) for c in plan.of("delete", "conflict_deleted_there", "conflict")) == sorted([
        (m.deleted, "conflict_deleted_there"), (m.kept, "conflict"),
        (parse_bundle(m.own_blob).data["judgement"][0]["uuid"], "delete")])
    [deleted_there] = plan.of("conflict_deleted_there")  # shown with what the lead would lose
    assert (deleted_there.describe("local"), deleted_there.describe("incoming")) == (
        "text: The lead's correction.", "(deleted)")
    result = importer.apply_import(ws, plan, {m.kept: "theirs", m.deleted: "theirs"}, default="mine", backed_up=True)
    assert (result.updated, result.deleted, result.conflicts) == (2, 2, 2)
    assert _texts(ws) == {m.kept: "Sam's wording.", **{u: t for u, t in _texts(ws).items() if u != m.kept}}
    assert m.deleted not in _texts(ws) and judgements_left(ws) == 0
    assert _state(ws)["logs"][-1][2]["deleted"] == 2

    ws, bundle = prepared()
    result = importer.apply_import(ws, plan_import(ws, bundle), {m.deleted: "mine"}, default="theirs",
                                   backed_up=True)
    assert result.deleted == 1 and judgements_left(ws) == 0
    assert _texts(ws)[m.deleted] == "The lead's correction." and _texts(ws)[m.kept] == "Sam's wording."

    ws, bundle = prepared()
    result = importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    assert result.deleted == 2 and m.deleted not in _texts(ws)


def test_a_senders_attachment_to_a_row_in_conflict_follows_the_leads_row_whatever_is_decided(merge_into):
    m = _merge()
    for decision in ("mine", "theirs", "both"):
        ws, bundle = merge_into()
        [attachment] = bundle.data["attachment"]
        attachment["evidence_uuid"] = m.kept
        importer.apply_import(ws, plan_import(ws, bundle), default=decision, backed_up=True)
        with ws.db.read_session() as session:
            assert session.scalars(select(Attachment.evidence_id)).all() == [_evidence_id(ws, m.kept)], decision


def test_keeping_both_dates_the_copy_when_its_author_wrote_it(merge_into):
    """The copy is Sam's version: created when Sam wrote that version, not when the item was first made."""
    m = _merge()
    ws, bundle = merge_into()
    [theirs] = [r for r in bundle.data["evidence"] if r["uuid"] == m.kept]
    assert theirs["updated_at"] and theirs["updated_at"] != theirs["created_at"]
    importer.apply_import(ws, plan_import(ws, bundle), default="both", backed_up=True)
    with ws.db.read_session() as session:
        [copied] = session.scalars(select(Evidence).where(Evidence.text == "Sam's wording.")).all()
        assert (copied.created_by, copied.created_at) == ("Sam Sender", datetime.fromisoformat(theirs["updated_at"]))


def test_every_copy_kept_is_counted(merge_into):
    m = _merge()
    ws, bundle = merge_into()
    [lead_row] = [r for r in parse_bundle(m.own_blob).data["evidence"] if r["uuid"] == m.deleted]
    bundle.data["tombstones"] = []
    bundle.data["evidence"].append({**lead_row, "text": "Sam's other wording.", "_history": []})
    plan = plan_import(ws, bundle)
    assert len(plan.of("conflict")) == 2
    result = importer.apply_import(ws, plan, default="both", backed_up=True)
    assert result.kept_both == 2 and _state(ws)["logs"][-1][2]["kept_both"] == 2
    assert {"Sam's wording.", "Sam's other wording."} <= set(_texts(ws).values())


def test_rows_after_one_already_here_are_still_merged(merge_into):
    m = _merge()
    ws, bundle = merge_into()
    [unchanged] = [r for r in parse_bundle(m.own_blob).data["evidence"] if r["uuid"] == m.kept]
    bundle.data["evidence"] = [unchanged, *[r for r in bundle.data["evidence"] if r["uuid"] != m.kept]]
    result = importer.apply_import(ws, plan_import(ws, bundle), backed_up=True)
    assert result.added == 2 and "Sam's new evidence." in _texts(ws).values()


def test_the_period_a_bundle_covers_is_logged(merge_into):
    ws, bundle = merge_into()
    bundle.manifest["since"] = "2026-11-30T09:00:00+00:00"
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    with ws.db.read_session() as session:
        [log] = session.scalars(select(BundleLog).where(BundleLog.direction == "import")).all()
        assert log.since == datetime(2026, 11, 30, 9, tzinfo=UTC)


def test_a_version_the_sender_passed_through_is_not_a_conflict_when_it_comes_back(merge_into):
    """Sam drafted the summary, then rewrote it: once Sam's bundle is in, a colleague's bundle still holding
    the draft is older news, not a conflict with Sam's final words."""
    m = _merge()
    ws, bundle = merge_into()
    [case] = bundle.data["case_record"]
    earlier = list(case["_history"])
    draft = {k: v for k, v in case.items() if not k.startswith("_")} | {"summary": "Sam's draft summary."}
    case["_history"] = [*earlier, content_hash(draft)]
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    relayed = parse_bundle(_merge().blob)
    relayed.manifest["bundle_uuid"] = "80000000-0000-4000-8000-000000000004"
    relayed.manifest["exporter"]["machine"] = "another-machine"
    relayed.data["case_record"] = [{**draft, "_history": earlier}]
    plan = plan_import(ws, relayed)
    assert not [c for c in plan.changes if c.uuid == m.case]


def test_the_events_one_bundle_brings_arrive_at_one_moment(merge_into):
    """History shows what one bundle brought as received together, at the time of that import."""
    ws, bundle = merge_into()
    importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    with ws.db.read_session() as session:
        received = [e.received_at for e in session.scalars(select(AuditEvent).where(
            AuditEvent.uuid.in_([e["uuid"] for e in bundle.data["audit"]]), AuditEvent.brought_by.is_not(None)))]
    assert len(received) > 1 and len(set(received)) == 1
    assert abs(received[0] - datetime.now(UTC)) < timedelta(minutes=1)


def test_a_row_deleted_here_that_the_sender_did_not_change_stays_deleted_without_asking(merge_into):
    m = _merge()
    ws, bundle = merge_into()
    [as_here] = [r for r in parse_bundle(m.own_blob).data["evidence"] if r["uuid"] == m.kept]
    bundle.data["evidence"] = [as_here if r["uuid"] == m.kept else r for r in bundle.data["evidence"]]
    while_here = plan_import(ws, copy.deepcopy(bundle)).summary()
    assert while_here["conflict"] == 0
    evidence.delete_evidence(ws, _evidence_id(ws, m.kept))
    plan = plan_import(ws, bundle)
    assert not [c for c in plan.changes if c.uuid == m.kept] and plan.summary() == while_here
    importer.apply_import(ws, plan, backed_up=True)
    assert m.kept not in _texts(ws) and m.kept in _state(ws)["tombstones"]


def test_the_conflict_of_a_row_deleted_here_shows_the_senders_version(merge_into):
    m = _merge()
    ws, bundle = merge_into()
    evidence.delete_evidence(ws, _evidence_id(ws, m.kept))
    [change] = [c for c in plan_import(ws, bundle).changes if c.uuid == m.kept]
    assert (change.describe("incoming"), change.describe("local")) == ("text: Sam's wording.", "(deleted)")


def test_rows_here_with_no_record_of_having_been_shared_are_still_compared(merge_into):
    """A database restored from a backup taken before its last exchange holds rows but no record of having
    shared them: the bundle is compared with them all the same."""
    ws, bundle = merge_into()
    expected = plan_import(ws, copy.deepcopy(bundle)).summary()
    with ws.db.session() as session:
        session.execute(delete(KnownVersion))
    assert plan_import(ws, bundle).summary() == expected


def test_a_bundle_of_changes_only_merges_rows_that_refer_to_rows_already_here(merge_into):
    """A bundle since the last exchange leaves out what did not change (here the inspection and the
    judgement): the new item refers to the inspection this database already holds."""
    ws, bundle = merge_into()
    bundle.data["inspection"] = []
    bundle.data["judgement"] = []
    result = importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    assert result.added == 2 and "Sam's new evidence." in _texts(ws).values()


def test_a_conflict_shows_both_versions(merge_into):
    m = _merge()
    ws, bundle = merge_into()
    [change] = plan_import(ws, bundle).conflicts
    assert (change.uuid, change.describe("local"), change.describe("incoming")) == (
        m.kept, "text: The lead's second wording.", "text: Sam's wording.")


def test_a_merge_the_database_refuses_is_one_line_but_a_lost_server_is_not_the_bundles_fault(merge_into, monkeypatch):
    from inspector_app.storage import bulk, cipher

    ws, bundle = merge_into()
    before = _state(ws)
    plan = plan_import(ws, bundle)

    def refused(*_args: Any, **_kw: Any) -> list[int]:
        raise cipher.dbapi().IntegrityError("UNIQUE constraint failed: evidence.uuid (AB-12 Smith)")  # the driver's

    monkeypatch.setattr(bulk, "insert_rows", refused)
    with pytest.raises(BundleError) as caught:
        importer.apply_import(ws, plan, default="theirs", backed_up=True)
    assert str(caught.value) == ("The bundle could not be applied (IntegrityError); nothing was changed. Ask the "
                                 "sender to export it again.")
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    lost = DBAPIError("INSERT", {}, Exception("server closed the connection"), connection_invalidated=True)

    def gone(*_args: Any, **_kw: Any) -> list[int]:
        raise lost

    monkeypatch.setattr(bulk, "insert_rows", gone)
    with pytest.raises(DBAPIError) as raised:
        importer.apply_import(ws, plan, default="theirs", backed_up=True)
    assert raised.value is lost

    def broken(*_args: Any, **_kw: Any) -> list[int]:
        raise RuntimeError("a fault in the app, not in the bundle")

    monkeypatch.setattr(bulk, "insert_rows", broken)
    with pytest.raises(RuntimeError):
        importer.apply_import(ws, plan, default="theirs", backed_up=True)
    assert _state(ws) == before


def test_rows_after_one_matched_by_its_natural_key_are_still_planned(merge_into):
    ws, bundle = merge_into()
    [mine] = parse_bundle(_merge().own_blob).data["judgement"]
    twin = {**mine, "uuid": "70000000-0000-4000-8000-000000000003", "_history": []}
    other_area = {**mine, "uuid": "70000000-0000-4000-8000-000000000004", "_history": [],
                  "area_key": "help_protection"}
    bundle.data["judgement"] = [twin, other_area]
    plan = plan_import(ws, bundle)
    assert [(c.uuid, c.action) for c in plan.changes if c.entity == "judgement"] == [(other_area["uuid"], "add")]


def test_deletions_after_one_of_a_row_not_here_are_still_carried_out(merge_into):
    m = _merge()
    ws, bundle = merge_into()
    [sent] = bundle.data["tombstones"]
    gone_already = {**sent, "uuid": "62000000-0000-4000-8000-000000000002",
                    "row_uuid": "63000000-0000-4000-8000-000000000001"}
    bundle.data["tombstones"] = [gone_already, sent]
    result = importer.apply_import(ws, plan_import(ws, bundle), default="theirs", backed_up=True)
    assert result.deleted == 1 and m.deleted not in _texts(ws)
