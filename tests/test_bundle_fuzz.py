"""Damaged and doctored bundles against the lead's database, checked both ways.

Every bundle is thrown at a lead's database holding two inspections: the one the bundle is for and
another one. A REFUSED bundle must leave the database byte-for-byte as it was and give one line,
no traceback, no SQL, none of the case data planted in the bundle. An ACCEPTED bundle must leave
``check`` clean (which includes every row passing the shared validation) and the other inspection
exactly as it was; the database is then put back for the next case.

Structured mutations are re-signed with the sender's own key, as an inspector on the roster could
do, so they reach the scope, validation and trust checks rather than stopping at the signature.
Over 2,000 cases run; hypothesis is derandomized so CI runs the same cases every time.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from bundle_forge import Forger
from factories import enrol, make_case, make_inspection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector_app.bundles import crypto, importer
from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.bundles.importer import apply_import, parse_bundle, plan_import
from inspector_app.bundles.scope import owned_clause
from inspector_app.domain.enums import EvidenceSource, FindingKind, Polarity
from inspector_app.services import evidence, findings, identity, open_workspace
from inspector_app.services.validation import stored_rows_check
from inspector_app.storage import cipher
from inspector_app.storage.integrity import check_database
from inspector_app.storage.rows import ENTITIES

PLANTED = ("ZQ-REF-4417", "QXZW", "Zebedee Plantagenet", "Xanthippe Quill")
FORBIDDEN = (*PLANTED, "Traceback", "SELECT ", "INSERT ", "UPDATE ", "DELETE FROM", "sqlite3.")
CHEAP_KDF = crypto.Kdf("argon2id", {"time_cost": 1, "memory_cost": 8, "parallelism": 1})
TEST_ONLY_VERSION = 99  # whitelisted only inside these tests; production refuses it (see below)
COUNTS: dict[str, int] = {"accepted": 0, "refused": 0}


def fuzz(n: int) -> settings:
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])


class Target:
    """The lead's database, the sender's good bundle, and what the other inspection looks like."""

    def __init__(self, tmp: Path, registry: Any) -> None:
        self.tmp, self.registry = tmp, registry
        lead = open_workspace(tmp / "lead.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True)
        other = make_inspection(lead, "ilacs@2023", authority="Otherborough")
        other_case = make_case(lead, other.id, reference="OTH-1")
        other_ev = evidence.add_evidence(lead, other.id, text="The other inspection's evidence.", area_key="leaders",
                                         polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE,
                                         case_id=other_case.id, seen_on=date(2026, 3, 3))
        findings.add_finding(lead, other.id, kind=FindingKind.STRENGTH, text="Other finding.", area_key="leaders",
                             evidence_ids=[other_ev.id])
        export_bundle(lead, other.id, tmp / "other.inspbundle")  # what anyone who saw it knows
        self.other_uuid = other.uuid
        self.other_id = other.id
        self.other_data = Forger((tmp / "other.inspbundle").read_bytes(), None).data
        target = make_inspection(lead, "ilacs@2023", authority="Testshire")
        self.target_uuid = target.uuid
        sender = open_workspace(tmp / "sam.sqlite", user="Sam Sender", registry=registry, create=True, plaintext=True)
        enrol(lead, target.id, sender)
        export_bundle(lead, target.id, tmp / "start.inspbundle", recipient="Sam Sender")
        sam_id = apply_import(sender, plan_import(sender, importer.read_bundle(tmp / "start.inspbundle"))).inspection_id
        case = make_case(sender, sam_id, reference=PLANTED[0], initials=PLANTED[1], team=PLANTED[2])
        from inspector_app.services import cases

        cases.add_note(sender, case.id, f"Spoke with {PLANTED[3]} about the plan.")
        item = evidence.add_evidence(sender, sam_id, text=f"Visit by {PLANTED[3]} was timely.", area_key="leaders",
                                     polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case.id,
                                     seen_on=date(2026, 3, 3), tags=["visits"])
        evidence.add_attachment_bytes(sender, item.id, "note.txt", b"attachment body")
        findings.add_finding(sender, sam_id, kind=FindingKind.STRENGTH, text="Visits are timely.",
                             area_key="leaders", evidence_ids=[item.id])
        export_bundle(sender, sam_id, tmp / "good.inspbundle", recipient="Lena Lead")
        with sender.db.session() as session:
            self.seed = identity.key_row(session, "Sam Sender").private_key
        self.sender_path = tmp / "sam.sqlite"
        sender.close()
        self.blob = (tmp / "good.inspbundle").read_bytes()
        self.forger = Forger(self.blob, self.seed)
        lead.close()
        self.pristine = tmp / "pristine.sqlite"
        shutil.copyfile(tmp / "lead.sqlite", self.pristine)
        self.path = tmp / "lead.sqlite"
        self.ws = open_workspace(self.path, user="Lena Lead", registry=registry)
        self.snapshot = self.dump()
        self.other_snapshot = self.other_dump()

    # --- what the database holds ---------------------------------------------------------------
    def dump(self) -> str:
        """A digest of every table's rows: a refused bundle must not change one byte of it."""
        con = cipher.keyed_connect(self.path, None)
        try:
            digest = hashlib.sha256()
            tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            for table in tables:
                digest.update(table.encode())
                for row in sorted(repr(r) for r in con.execute(f'SELECT * FROM "{table}"')):
                    digest.update(row.encode())
            return digest.hexdigest()
        finally:
            con.close()

    def other_dump(self) -> list[Any]:
        """Everything of the other inspection: its rows, its history, its deletions, its roster."""
        from sqlalchemy import select

        from inspector_app.storage.models import AuditEvent, RosterMember, Tombstone

        out: list[Any] = []
        with self.ws.db.read_session() as session:
            for entity in ENTITIES:
                rows = session.execute(select(entity.table).where(owned_clause(entity, self.other_id))).all()
                out.append((entity.name, sorted(repr(tuple(r)) for r in rows)))
            for model, column in ((AuditEvent, AuditEvent.inspection_uuid), (Tombstone, Tombstone.inspection_uuid)):
                out.append(sorted(repr(r.__dict__.get("uuid")) for r in session.scalars(
                    select(model).where(column == self.other_uuid))))
            out.append(sorted((r.name, r.public_key) for r in session.scalars(
                select(RosterMember).where(RosterMember.inspection_id == self.other_id))))
        return out

    # --- throwing a bundle -------------------------------------------------------------------------
    def throw(self, blob: bytes, passphrase: str | None = None) -> str:
        try:
            bundle = parse_bundle(blob, passphrase, "fuzz.inspbundle")
        except BundleError as exc:
            self._refusal_is_clean(exc, touched_db=False)
            return "refused"
        try:
            plan = plan_import(self.ws, bundle)
            apply_import(self.ws, plan, default="theirs")
        except BundleError as exc:
            self._refusal_is_clean(exc, touched_db=True)
            return "refused"
        COUNTS["accepted"] += 1
        found = check_database(self.ws.db, extra=stored_rows_check(self.registry))
        assert all(f.ok for f in found), [f for f in found if not f.ok]
        assert self.other_dump() == self.other_snapshot, "an accepted bundle changed another inspection"
        self.ws.close()
        shutil.copyfile(self.pristine, self.path)
        for suffix in ("-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.ws = open_workspace(self.path, user="Lena Lead", registry=self.registry)
        return "accepted"

    def _refusal_is_clean(self, exc: BaseException, *, touched_db: bool) -> None:
        COUNTS["refused"] += 1
        message = str(exc)
        assert message and "\n" not in message, "a refusal is one line"
        for word in FORBIDDEN:
            assert word not in message, f"the refusal carries {word!r}: {message}"
        assert exc.__cause__ is None or isinstance(exc.__cause__, BundleError) or not touched_db or \
            "Traceback" not in message
        if touched_db:
            assert self.dump() == self.snapshot, "a refused bundle changed the database"

    def refused(self, blob: bytes, passphrase: str | None = None) -> None:
        assert self.throw(blob, passphrase) == "refused", "this bundle must be refused"


@pytest.fixture(scope="module")
def target(tmp_path_factory, registry):
    with pytest.MonkeyPatch.context() as patch:  # the backup before each import is tested in test_backups
        patch.setattr(importer, "_backup_before_import", lambda ws: None)
        made = Target(tmp_path_factory.mktemp("fuzz"), registry)
        yield made
        made.ws.close()


def test_the_good_bundle_is_accepted_and_checked(target):
    assert target.throw(target.blob) == "accepted"
    assert target.throw(target.forger.build()) == "accepted", "re-signing by the sender keeps it good"


# --- hand-made attacks: each must be refused ---------------------------------------------------------

def _other(target, table, index=0):
    return target.other_data[table][index]


def _attack(name):
    """Mutations of data.json that reach outside the inspection or break a rule the window keeps."""
    def run(target):
        data = target.forger.copy_data()
        other_inspection = _other(target, "inspection")
        ev, case, note = data["evidence"][0], data["case_record"][0], data["tracking_note"][0]
        if name == "tombstone deletes the other inspection":
            data["tombstones"].append({"uuid": "0badc0de-0000-4000-8000-000000000001", "entity": "inspection",
                                       "row_uuid": other_inspection["uuid"], "deleted_at": "2026-03-04T10:00:00+00:00",
                                       "deleted_by": "Sam Sender", "history": other_inspection["_history"]})
        elif name == "tombstone deletes another inspection's evidence":
            victim = _other(target, "evidence")
            data["tombstones"].append({"uuid": "0badc0de-0000-4000-8000-000000000002", "entity": "evidence",
                                       "row_uuid": victim["uuid"], "deleted_at": "2026-03-04T10:00:00+00:00",
                                       "deleted_by": "Sam Sender", "history": victim["_history"]})
        elif name == "tombstone deletes its own inspection":
            data["tombstones"].append({"uuid": "0badc0de-0000-4000-8000-000000000003", "entity": "inspection",
                                       "row_uuid": target.target_uuid, "deleted_at": "2026-03-04T10:00:00+00:00",
                                       "deleted_by": "Sam Sender", "history": []})
        elif name == "evidence row moved in from another inspection":
            victim = dict(_other(target, "evidence"), inspection_uuid=target.target_uuid, case_uuid=None)
            data["evidence"].append(victim)
        elif name == "evidence linked to another inspection's case":
            ev["case_uuid"] = _other(target, "case_record")["uuid"]
        elif name == "finding cites another inspection's evidence":
            data["finding_evidence"][0]["evidence_uuid"] = _other(target, "evidence")["uuid"]
        elif name == "row claims another inspection":
            ev["inspection_uuid"] = target.other_uuid
        elif name == "second inspection row":
            data["inspection"].append(dict(other_inspection))
        elif name == "audit event about another inspection's row":
            data["audit"].append(dict(data["audit"][0], uuid="0badc0de-0000-4000-8000-000000000004",
                                      row_uuid=_other(target, "evidence")["uuid"]))
        elif name == "unknown area key":
            ev["area_key"] = "front_door"
        elif name == "unknown descriptor":
            ev["descriptors"] = ["not_a_descriptor"]
        elif name == "duplicate case reference":
            data["case_record"].append(dict(case, uuid="0badc0de-0000-4000-8000-000000000005"))
        elif name == "empty case reference":
            case["reference"] = "   "
        elif name == "empty authority":
            data["inspection"][0]["authority"] = ""
        elif name == "end date in 1900":
            data["inspection"][0]["end_date"] = "1900-01-01"
        elif name == "end before start":
            data["inspection"][0]["end_date"] = "2026-03-01"
        elif name == "NUL in text":
            ev["text"] = "before\x00after"
        elif name == "right-to-left override in text":
            note["text"] = "gnp.exe\u202etxt"
        elif name == "100 MB text":
            ev["text"] = "x" * 100_000  # the limit is far lower; the size limits are tested below
        elif name == "a million tags":
            ev["tags"] = [f"t{i}" for i in range(1_000_000)]
        elif name == "nested tags":
            ev["tags"] = [["nested"]]
        elif name == "grade on an ungraded field":
            ev["grade"] = "not_a_grade"
        elif name == "duplicate judgement areas":
            data["judgement"] = [{"uuid": "0badc0de-0000-4000-8000-00000000000a", "inspection_uuid": target.target_uuid,
                                  "area_key": "leaders", "grade": "good", "rationale": ""}] * 2
        elif name == "same row twice":
            data["evidence"].append(dict(ev))
        elif name == "audit event dated unparsably":
            data["audit"][0]["at"] = "yesterday"
        elif name == "initials are a name":
            case["initials"] = PLANTED[2]
        return data
    return run


ATTACKS = ["tombstone deletes the other inspection", "tombstone deletes another inspection's evidence",
           "tombstone deletes its own inspection", "evidence row moved in from another inspection",
           "evidence linked to another inspection's case", "finding cites another inspection's evidence",
           "row claims another inspection", "second inspection row", "audit event about another inspection's row",
           "unknown area key", "unknown descriptor", "duplicate case reference", "empty case reference",
           "empty authority", "end date in 1900", "end before start", "NUL in text",
           "right-to-left override in text", "100 MB text", "a million tags", "nested tags",
           "grade on an ungraded field", "duplicate judgement areas", "same row twice", "audit event dated unparsably",
           "initials are a name"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_hand_made_attacks_are_refused(target, attack):
    target.refused(target.forger.build(_attack(attack)(target)))


def test_scope_refusal_names_where_not_what(target):
    data = _attack("evidence linked to another inspection's case")(target)
    with pytest.raises(BundleError) as caught:
        plan_import(target.ws, parse_bundle(target.forger.build(data)))
    assert "evidence 1, field case_uuid: refers to a case of another inspection" in str(caught.value)
    data = _attack("duplicate case reference")(target)
    with pytest.raises(BundleError) as caught:
        plan_import(target.ws, parse_bundle(target.forger.build(data)))
    assert "case 1, field reference: is used by another case" in str(caught.value)


def test_forged_history_is_kept_but_marked_never_genuine(target):
    """Back-dated deletes by someone who never used the app, a purge dated 2099: in, but marked."""
    from inspector_app.services import audit_trail

    data = target.forger.copy_data()
    template = data["audit"][0]
    data["audit"] += [
        dict(template, uuid="0badc0de-0000-4000-8000-0000000000b1", who="Nobody Atall", action="delete",
             at="2026-01-01T00:00:00+00:00", signer=None),
        dict(template, uuid="0badc0de-0000-4000-8000-0000000000b2", action="purge", at="2099-01-01T00:00:00+00:00",
             signer=None),
        dict(template, uuid="0badc0de-0000-4000-8000-0000000000b3", at="2001-01-01T00:00:00+00:00", signer=None)]
    blob = target.forger.build(data)
    plan = plan_import(target.ws, parse_bundle(blob))
    apply_import(target.ws, plan, default="theirs")
    entries = {e.at.year: e for e in audit_trail.inspection_history(target.ws, plan_inspection_id(target))}
    assert entries[2099].doubt and "future" in entries[2099].doubt
    assert entries[2001].doubt and "before the inspection existed" in entries[2001].doubt
    nobody = [e for e in audit_trail.inspection_history(target.ws, plan_inspection_id(target))
              if e.who == "Nobody Atall"]
    assert nobody and "another author" in nobody[0].doubt and nobody[0].summary.startswith("NOT VERIFIED")
    assert all(f.ok for f in check_database(target.ws.db, extra=stored_rows_check(target.registry)))
    target.throw(target.blob)  # resets the database (the good bundle is accepted and checked)


def plan_inspection_id(target) -> int:
    from inspector_app.services import inspections

    return next(i.id for i in inspections.list_inspections(target.ws) if i.uuid == target.target_uuid)


# --- hypothesis: truncation and bit flips, plain and encrypted ---------------------------------------

@fuzz(500)
@given(cut=st.integers(min_value=0, max_value=10**6))
def test_truncated_bundles(target, cut):
    target.refused(target.blob[: cut % len(target.blob)])


@fuzz(500)
@given(flips=st.lists(st.tuples(st.integers(min_value=0, max_value=10**6), st.integers(1, 255)),
                      min_size=1, max_size=6))
def test_bytes_flipped(target, flips):
    blob = bytearray(target.blob)
    for position, value in flips:
        blob[position % len(blob)] ^= value
    target.throw(bytes(blob))  # flips that cancel out, or land in a ZIP timestamp, leave a good bundle


@fuzz(60)
@given(position=st.integers(min_value=0, max_value=10**6), value=st.integers(1, 255), cut=st.booleans())
def test_encrypted_bundles_damaged(target, position, value, cut):
    with pytest.MonkeyPatch.context() as patch:  # a cheap setting, whitelisted for this test only
        patch.setitem(crypto.KDF_VERSIONS, TEST_ONLY_VERSION, CHEAP_KDF)
        sealed = crypto.encrypt(target.blob, "pass phrase", TEST_ONLY_VERSION)
        assert target.throw(sealed, "pass phrase") == "accepted" if position % 20 == 0 else True
        blob = bytearray(sealed)
        if cut:
            blob = blob[: position % len(blob)]
        else:
            blob[position % len(blob)] ^= value
        target.refused(bytes(blob), "pass phrase")  # GCM authenticates every byte


def test_encrypted_bundle_opens_with_the_right_passphrase_only(target):
    sealed = crypto.encrypt(target.blob, "pass phrase")  # the production setting: Argon2id
    assert json.loads(sealed[len(crypto.MAGIC) + 4:].split(b"}")[0] + b"}")["kdf"] == "argon2id"
    target.refused(sealed, "wrong phrase")
    target.refused(sealed, None)
    assert target.throw(sealed, "pass phrase") == "accepted"
    old = crypto.encrypt(target.blob, "pass phrase", 1)  # bundles from the first format still open
    assert target.throw(old, "pass phrase") == "accepted"


def test_the_test_only_setting_is_refused_in_production(target):
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(crypto.KDF_VERSIONS, TEST_ONLY_VERSION, CHEAP_KDF)
        sealed = crypto.encrypt(target.blob, "pass phrase", TEST_ONLY_VERSION)
    target.refused(sealed, "pass phrase")


def _header_blob(header: Any, body: bytes = b"\x00" * 64) -> bytes:
    raw = header if isinstance(header, bytes) else json.dumps(header).encode()
    return crypto.MAGIC + len(raw).to_bytes(4, "big") + raw + body


SALT, NONCE = "00" * 16, "00" * 12
V1 = {"kdf": "scrypt", "n": 2**15, "r": 8, "p": 1, "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM"}
DOCTORED = [
    dict(V1, n=-1), dict(V1, r=-1), dict(V1, p=0), dict(V1, n=2**20, r=32, p=16), dict(V1, n=2**40),
    dict(V1, n="32768"), dict(V1, n=True), dict(V1, n=32768.0), dict(V1, salt="zz"), dict(V1, nonce=""),
    dict(V1, kdf="argon2id"), dict(V1, cipher="none"), dict(V1, extra=1), {"v": 2, "kdf": "argon2id"},
    {"v": 2, "kdf": "argon2id", "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM", "memory_cost": 2**30},
    {"v": 3, "kdf": "argon2id", "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM"}, {"v": -1}, [], "text", 1,
    b"[" * 400 + b"]" * 400, b"\xff\xfe", b"{" * 200,
]


@pytest.mark.parametrize("header", DOCTORED, ids=range(len(DOCTORED)))
def test_doctored_kdf_headers_are_refused_before_any_work(target, header, monkeypatch):
    derived: list[object] = []  # recorded, not raised: a raise could be caught and turned into a refusal
    real = crypto.derive_key
    monkeypatch.setattr(crypto, "derive_key", lambda *args: derived.append(args[2]) or real(*args))
    target.refused(_header_blob(header), "any passphrase")
    assert derived == [], "no key is derived from settings the header chose before they are checked"


def test_header_lengths_that_lie_are_refused(target):
    for size in (0, 2**32 - 1, 10_000):
        target.refused(crypto.MAGIC + size.to_bytes(4, "big") + b"{}" + b"\x00" * 32, "pass")
    target.refused(crypto.MAGIC, "pass")


# --- structured mutations, re-signed by the sender ----------------------------------------------------

DATES = st.sampled_from(["1900-01-01", "2099-12-31", "2026-13-01", "2026-03-03", "2026-03-03T10:00:00+00:00",
                         "2026-03-03T10:00:00", "0001-01-01T00:00:00+00:00", "not a date"])
TEXTS = st.sampled_from([*PLANTED, "", " ", "ok", "a\x00b", "\u202etxt", "\u2066x\u2069", "x" * 25_000,
                         "line\nbreak", "tab\tok", "\x1b[31mred"])
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12) | TEXTS | DATES)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.text(max_size=6), inner, max_size=3), max_leaves=5)


def _foreign_values(target) -> list[Any]:
    other = target.other_data
    uuids = [r["uuid"] for t in ("inspection", "case_record", "evidence", "finding", "record_audit") for r in other[t]]
    hashes = [h for t in other for r in other[t] if isinstance(r, dict) for h in r.get("_history", [])]
    return [*uuids, target.other_uuid, hashes, hashes[:1]]


SECTIONS = ["inspection", "team_member", "case_record", "tracking_note", "evidence", "attachment", "finding",
            "finding_evidence", "tombstones", "audit", "roster"]


@fuzz(560)
@given(choice=st.data())
def test_structured_mutations(target, choice):
    data = target.forger.copy_data()
    section = choice.draw(st.sampled_from(SECTIONS), label="section")
    rows = data.setdefault(section, [])
    action = choice.draw(st.sampled_from(["set", "foreign", "drop_key", "drop_row", "duplicate", "add_key",
                                          "replace_section", "type_change"]), label="action")
    if action == "replace_section" or not rows:
        data[section] = choice.draw(st.lists(st.dictionaries(st.sampled_from(["uuid", "entity", "row_uuid", "text"]),
                                                             VALUES, max_size=4), max_size=2) | VALUES)
    else:
        index = choice.draw(st.integers(0, len(rows) - 1), label="row")
        row = rows[index]
        key = choice.draw(st.sampled_from(sorted(row)), label="field")
        if action == "set":
            row[key] = choice.draw(VALUES, label="value")
        elif action == "foreign":
            row[key] = choice.draw(st.sampled_from(_foreign_values(target)), label="foreign")
        elif action == "drop_key":
            del row[key]
        elif action == "drop_row":
            rows.pop(index)
        elif action == "duplicate":
            rows.append(dict(row))
        elif action == "add_key":
            row[choice.draw(st.sampled_from([*PLANTED, "id", "inspection_id", "_hash", "zzz"]))] = 1
        else:
            row[key] = [row[key]] if not isinstance(row[key], list) else {"x": row[key]}
    target.throw(target.forger.build(data))


@fuzz(360)
@given(choice=st.data())
def test_manifest_mutations(target, choice):
    field = choice.draw(st.sampled_from(["format", "version", "bundle_uuid", "created_at", "exporter",
                                         "inspection_uuid", "since", "counts", "signer", "recipient", "extra"]))
    value = choice.draw(VALUES | st.sampled_from([target.other_uuid, 2, 3, 1000, {"name": PLANTED[2],
                                                                                  "public_key": "00" * 32}]))
    sign = choice.draw(st.booleans())

    def edit(manifest):
        manifest[field] = value

    target.throw(target.forger.build(manifest_edit=edit, sign=sign))


# --- the ZIP itself ----------------------------------------------------------------------------------

def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members:
            archive.writestr(name, blob)
    return out.getvalue()


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # the doctored archive repeats a member on purpose
def test_zip_tricks_are_refused(target):
    archive = zipfile.ZipFile(io.BytesIO(target.blob))
    good = [(n, archive.read(n)) for n in archive.namelist()]
    for extra in ("../escape.txt", "/etc/passwd", "attachments/../../x", "attachments/ABC", "readme.txt", "data/"):
        target.refused(_zip([*good, (extra, b"x")]))
    target.refused(_zip([*good, ("data.json", b"{}")]))  # a second data.json
    target.refused(_zip([(n, b) for n, b in good if n != "signature.json"]))  # unsigned format 2
    target.refused(_zip([(n, b) for n, b in good if n != "manifest.json"]))
    bomb = b"0" * (60 * 2**20)  # 60 MB of zeros inflating from a few dozen KB
    target.refused(target.forger.build(raw_data=bomb))
    target.refused(_zip([*good, *((f"attachments/{i:064x}", b"") for i in range(5_001))]))


def test_nested_json_is_refused_not_a_crash(target):
    target.refused(target.forger.build(raw_data=b"[" * 100_000 + b"]" * 100_000))
    data = target.forger.copy_data()
    deep: Any = "x"
    for _ in range(50):
        deep = {"a": deep}
    data["audit"][0]["changes"] = deep
    target.refused(target.forger.build(data))
    target.refused(target.forger.build(raw_data=b'{"n": ' + b"9" * 10_000 + b"}"))
    target.refused(target.forger.build(raw_data=b'{"n": NaN}'))


def test_signature_covers_every_member(target):
    forger = Forger(target.blob, None)  # no key: an outsider editing a signed bundle
    archive = zipfile.ZipFile(io.BytesIO(target.blob))
    signature = archive.read("signature.json")
    edited = forger.copy_data()
    edited["evidence"][0]["text"] = "Changed in transit."
    target.refused(forger.build(edited, extra={"signature.json": signature}, keep_manifest=True))  # checksum
    files = {name: b"other bytes" for name in forger.files}
    target.refused(forger.build(files=files, extra={"signature.json": signature}, keep_manifest=True))
    target.refused(forger.build(extra={"signature.json": signature}))  # manifest changed: signature
    stranger = Forger(target.blob, b"\x01" * 32)  # signed, but not by the key the manifest names
    target.refused(stranger.build())


def test_replayed_and_reordered_bundles(target, tmp_path, registry):
    sender = open_workspace(target.sender_path, user="Sam Sender", registry=registry)
    sam_id = next(iter(i.id for i in __import__("inspector_app.services.inspections", fromlist=["x"])
                       .list_inspections(sender)))
    evidence.add_evidence(sender, sam_id, text="Second visit.", area_key="leaders", polarity=Polarity.STRENGTH,
                          source=EvidenceSource.MANAGER, seen_on=date(2026, 3, 4))
    first = tmp_path / "first.inspbundle"
    export_bundle(sender, sam_id, first, recipient="Lena Lead", since_last=True)
    evidence.add_evidence(sender, sam_id, text="Third visit.", area_key="leaders", polarity=Polarity.STRENGTH,
                          source=EvidenceSource.MANAGER, seen_on=date(2026, 3, 5))
    second = tmp_path / "second.inspbundle"
    export_bundle(sender, sam_id, second, recipient="Lena Lead", since_last=True)
    sender.close()
    ws = target.ws
    for blob in (target.blob, second.read_bytes(), first.read_bytes(), target.blob, second.read_bytes()):
        try:
            apply_import(ws, plan_import(ws, parse_bundle(blob)), default="theirs")
        except BundleError as exc:
            assert "\n" not in str(exc)
    found = check_database(ws.db, extra=stored_rows_check(registry))
    assert all(f.ok for f in found)
    assert target.other_dump() == target.other_snapshot
    texts = sorted(e.text for e in evidence.find_evidence(ws, plan_inspection_id(target)))
    assert texts.count("Second visit.") == 1 and texts.count("Third visit.") == 1
    target.throw(target.blob)  # reset


def test_at_least_two_thousand_cases_ran():
    """Sums what this module threw; runs last in the file."""
    assert COUNTS["accepted"] + COUNTS["refused"] >= 2000, COUNTS
    assert COUNTS["accepted"] > 0 and COUNTS["refused"] > 0


_ = (UTC, datetime, timedelta)
