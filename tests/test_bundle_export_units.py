"""What a bundle carries when it is written (``bundles/export.py``) and the lead's view of exchanges
(``bundles/history.py``): every field of the manifest, the rows, deletions, history and roster, and what is
recorded of the export. One small SQLite workspace per test (well under a second): fast enough for mutmut.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import shutil
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from factories import enrol, make_case, make_inspection
from sqlalchemy import func, select, text, update
from templates import template

from inspector_app import __version__
from inspector_app.bundles import crypto, export, history, importer
from inspector_app.bundles.export import BundleError, ExportSummary, export_bundle
from inspector_app.bundles.history import Exchange, SenderSummary
from inspector_app.bundles.signing import Signer
from inspector_app.domain.enums import EvidenceSource, Grade, Polarity, TeamRole
from inspector_app.frameworks import load_registry
from inspector_app.services import Workspace, cases, evidence, identity, moderation, open_workspace
from inspector_app.services.moderation import Blind
from inspector_app.services.workspace import NotFoundError
from inspector_app.storage.models import (
    AppMeta,
    AuditEvent,
    BundleLog,
    Case,
    Evidence,
    Inspection,
    RowOrigin,
    Tombstone,
)
from inspector_app.storage.rows import content_hash, known_versions

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Tariq Team", "TT", TeamRole.TEAM)]


class Lead:
    def __init__(self, ws: Workspace, inspection_id: int, uuid: str, folder: Path) -> None:
        self.ws, self.inspection_id, self.uuid, self.folder = ws, inspection_id, uuid, folder

    def export(self, name: str = "b.inspbundle", **kw: Any) -> tuple[ExportSummary, importer.Bundle, bytes]:
        summary = export_bundle(self.ws, self.inspection_id, self.folder / name, **kw)
        blob = (self.folder / name).read_bytes()
        return summary, importer.parse_bundle(blob, None, name), blob


def _build_lead(folder: Path) -> None:
    ws = open_workspace(folder / "lead.sqlite", user="Lena Lead", registry=load_registry(None), create=True,
                        plaintext=True)
    try:
        info = make_inspection(ws, team=TEAM)
        case = make_case(ws, info.id)
        item = _evidence(ws, info.id, "Visits are timely.", case.id)
        evidence.add_attachment_bytes(ws, item.id, "note.txt", b"attachment body")
        gone = _evidence(ws, info.id, "Written in error.", case.id)
        evidence.delete_evidence(ws, gone.id)
    finally:
        ws.close()
    (folder / "ids.json").write_text(json.dumps({"id": info.id, "uuid": info.uuid}), encoding="utf-8")


@pytest.fixture
def lead(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, registry: Any) -> Iterator[Lead]:
    """The lead's database: an inspection, a case, an item with an attachment, an item deleted."""
    built = template(tmp_path_factory, "export-lead", _build_lead, __file__)
    ids = json.loads((built / "ids.json").read_text(encoding="utf-8"))
    shutil.copyfile(built / "lead.sqlite", tmp_path / "lead.sqlite")
    ws = open_workspace(tmp_path / "lead.sqlite", user="Lena Lead", registry=registry)
    yield Lead(ws, ids["id"], ids["uuid"], tmp_path)
    ws.close()


def _evidence(ws: Workspace, inspection_id: int, text: str, case_id: int | None = None) -> Any:
    return evidence.add_evidence(ws, inspection_id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, case_id=case_id, seen_on=date(2026, 3, 3))


def test_a_full_bundle_carries_everything_of_the_inspection_signed_and_summed(lead):
    summary, bundle, blob = lead.export(recipient="  Tariq Team ")
    manifest, data = bundle.manifest, bundle.data
    key = identity.signing_key(lead.ws)
    assert key is not None
    with lead.ws.db.read_session() as session:
        machine = session.get(AppMeta, "machine_id")
        assert machine is not None
        machine_value = machine.value
    assert {k: v for k, v in manifest.items() if k not in ("bundle_uuid", "created_at", "checksums")} == {
        "format": "inspector-app-bundle", "version": 2, "app_version": __version__, "recipient": "Tariq Team",
        "exporter": {"name": "Lena Lead", "machine": machine_value, "machine_name": platform.node()},
        "inspection_uuid": lead.uuid, "since": None, "counts": {n: len(rows) for n, rows in data.items()},
        "signer": {"name": "Lena Lead", "public_key": key.public_key}}
    assert summary == ExportSummary(lead.folder / "b.inspbundle", manifest["bundle_uuid"], manifest["counts"], None,
                                    False)
    assert abs(datetime.fromisoformat(manifest["created_at"]) - datetime.now(UTC)) < timedelta(minutes=1)
    assert bundle.signer == Signer("Lena Lead", key.public_key)
    archive = zipfile.ZipFile(io.BytesIO(blob))
    raw = archive.read("data.json")
    assert raw == json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    assert json.loads(archive.read("manifest.json")) == manifest
    assert archive.read("manifest.json").startswith(b'{\n  "format"')  # indented: readable when opened by hand
    attachment = f"attachments/{hashlib.sha256(b'attachment body').hexdigest()}"
    assert manifest["checksums"] == {"data.json": hashlib.sha256(raw).hexdigest(),
                                     attachment: hashlib.sha256(b"attachment body").hexdigest()}
    assert bundle.files == {attachment: b"attachment body"}
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
    assert [len(data[t]) for t in ("inspection", "case_record", "evidence", "attachment", "team_member")] == \
        [1, 1, 1, 1, 2]
    [row] = data["evidence"]
    assert row["text"] == "Visits are timely." and row["case_uuid"] == data["case_record"][0]["uuid"]
    assert row["_history"] == [content_hash({k: v for k, v in row.items() if k != "_history"})]
    [tomb] = data["tombstones"]
    assert set(tomb) == {"uuid", "entity", "row_uuid", "deleted_at", "deleted_by", "history"}
    assert tomb["entity"] == "evidence" and tomb["deleted_by"] == "Lena Lead" and isinstance(tomb["history"], list)
    assert datetime.fromisoformat(tomb["deleted_at"]).tzinfo is not None
    assert data["roster"] == [{"name": "Lena Lead", "role": "lead", "public_key": key.public_key}]
    with lead.ws.db.read_session() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.inspection_uuid == lead.uuid)
                                 .order_by(AuditEvent.id)).all()
        expected = [{"uuid": e.uuid, "at": e.at.isoformat(), "who": e.who, "entity": e.entity,
                     "row_uuid": e.row_uuid, "action": e.action, "changes": e.changes,
                     "signer": e.brought_by or key.public_key, "doubt": e.doubt} for e in events[:-1]]
        logged = [(log.bundle_uuid, log.direction, log.inspection_uuid, log.peer, log.peer_machine, log.since,
                   log.counts) for log in session.scalars(select(BundleLog))]
        last = events[-1]
        last_event = (last.who, last.action, last.entity, last.row_uuid, last.changes)
    assert data["audit"] == expected and len(expected) > 3
    assert logged == [(manifest["bundle_uuid"], "export", lead.uuid, "Tariq Team", "", None, manifest["counts"])]
    with lead.ws.db.read_session() as session:
        assert session.scalars(select(BundleLog.at)).one() == datetime.fromisoformat(manifest["created_at"])
        [stored] = session.scalars(select(Tombstone)).all()
        assert tomb["history"] == list(stored.history) and len(tomb["history"]) >= 1
    assert last_event == (
        "Lena Lead", "export", "bundle", manifest["bundle_uuid"],
        {"recipient": "Tariq Team", "since": None, "encrypted": False, "file": "b.inspbundle",
         "counts": manifest["counts"]})


def test_a_bundle_goes_where_a_path_with_a_tilde_says(lead, monkeypatch):
    monkeypatch.setenv("HOME", str(lead.folder))
    summary = export_bundle(lead.ws, lead.inspection_id, "~/home.inspbundle")
    assert summary.path == lead.folder / "home.inspbundle" and summary.path.read_bytes()[:2] == b"PK"


def test_a_blank_recipient_is_the_lead_and_the_machine_keeps_its_id(lead):
    first, bundle, _blob = lead.export(recipient="   ")
    assert bundle.manifest["recipient"] == "lead"
    _second, again, _blob = lead.export("c.inspbundle")
    assert again.manifest["exporter"]["machine"] == bundle.manifest["exporter"]["machine"]
    assert again.manifest["bundle_uuid"] != bundle.manifest["bundle_uuid"]
    with lead.ws.db.session() as session:
        assert export.machine_id(session) == bundle.manifest["exporter"]["machine"]
        assert export.last_export(session, lead.uuid, "lead") is not None
        assert export.last_export(session, lead.uuid, "Tariq Team") is None
        assert export.last_export(session, "other", "lead") is None


def test_since_last_sends_only_what_changed_and_what_was_deleted_since(lead):
    first, _bundle, _blob = lead.export("1.inspbundle", recipient="Tariq Team")
    with lead.ws.db.read_session() as session:
        sent_at = export.last_export(session, lead.uuid, "Tariq Team")
    assert sent_at is not None
    _evidence(lead.ws, lead.inspection_id, "Seen after the first bundle.")
    removed = _evidence(lead.ws, lead.inspection_id, "Removed after the first bundle.")
    evidence.delete_evidence(lead.ws, removed.id)
    summary, bundle, _blob = lead.export("2.inspbundle", recipient="Tariq Team", since_last=True)
    assert summary.since == sent_at and bundle.manifest["since"] == sent_at.isoformat()
    assert [r["text"] for r in bundle.data["evidence"]] == ["Seen after the first bundle."]
    assert len(bundle.data["inspection"]) == 1 and bundle.data["case_record"] == []
    assert [t["row_uuid"] for t in bundle.data["tombstones"]] == [removed.uuid]
    assert bundle.data["audit"] and all(datetime.fromisoformat(e["at"]) > sent_at or e["entity"] == "bundle"
                                        for e in bundle.data["audit"])
    with lead.ws.db.read_session() as session:
        export_log = session.scalars(select(BundleLog).where(BundleLog.bundle_uuid == summary.bundle_uuid)).one()
        event = session.scalars(select(AuditEvent).where(AuditEvent.row_uuid == summary.bundle_uuid)).one()
        assert export_log.since == sent_at and event.changes["since"] == sent_at.isoformat()
    _s, full, _b = lead.export("3.inspbundle", recipient="Someone Else", since_last=True)
    assert full.manifest["since"] is None and len(full.data["evidence"]) == 2


def test_proposals_travel_to_the_lead_whole_and_to_others_only_their_own(lead, registry):
    tariq = open_workspace(lead.folder / "lead.sqlite", user="Tariq Team", registry=registry)
    try:
        moderation.propose(tariq, lead.inspection_id, "leaders", Grade.GOOD, "Because.")
    finally:
        tariq.close()
    moderation.propose(lead.ws, lead.inspection_id, "leaders", Grade.OUTSTANDING, "Because too.")
    _s, to_lead, _b = lead.export("l.inspbundle")
    assert sorted(p["inspector"] for p in to_lead.data["grade_proposal"]) == ["Lena Lead", "Tariq Team"]
    _s, to_other, _b = lead.export("o.inspbundle", recipient="Someone Else")
    assert [p["inspector"] for p in to_other.data["grade_proposal"]] == []
    assert not [e for e in to_other.data["audit"] if e["entity"] == "grade_proposal"]
    assert [e["who"] for e in to_lead.data["audit"] if e["entity"] == "grade_proposal"]
    _s, to_tariq, _b = lead.export("t.inspbundle", recipient="Tariq Team", since_last=True)
    assert [p["inspector"] for p in to_tariq.data["grade_proposal"]] == ["Tariq Team"]
    _s, again, _b = lead.export("t2.inspbundle", recipient="Tariq Team", since_last=True)
    assert [p["inspector"] for p in again.data["grade_proposal"]] == ["Tariq Team"]  # proposals always whole
    assert [e["who"] for e in again.data["audit"] if e["entity"] == "grade_proposal"] == ["Tariq Team"]


def test_an_encrypted_bundle_is_the_zip_sealed_with_the_passphrase(lead, monkeypatch):
    sealed: list[tuple[bytes, str]] = []

    def seal(blob: bytes, passphrase: str, version: int | None = None) -> bytes:
        sealed.append((blob, passphrase))
        return crypto.MAGIC + b"sealed"

    monkeypatch.setattr(crypto, "encrypt", seal)
    summary = export_bundle(lead.ws, lead.inspection_id, lead.folder / "e.inspbundle", passphrase="pass phrase")
    assert summary.encrypted and (lead.folder / "e.inspbundle").read_bytes() == crypto.MAGIC + b"sealed"
    [(inner, passphrase)] = sealed
    assert passphrase == "pass phrase" and importer.parse_bundle(inner).manifest["bundle_uuid"] == summary.bundle_uuid
    with lead.ws.db.read_session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.row_uuid == summary.bundle_uuid)).one()
        assert event.changes["encrypted"] is True


def test_refusals_say_what_to_do_and_write_nothing(lead, monkeypatch):
    missing = lead.folder / "no such folder" / "b.inspbundle"
    with pytest.raises(BundleError) as caught:
        export_bundle(lead.ws, lead.inspection_id, missing)
    assert str(caught.value) == (f"The folder {missing.parent} does not exist: choose another place for the "
                                 "bundle.")
    monkeypatch.setattr(lead.ws.db, "encrypted", True)
    with pytest.raises(BundleError) as caught:
        export_bundle(lead.ws, lead.inspection_id, lead.folder / "x.inspbundle")
    assert str(caught.value) == ("This database is encrypted, so its bundles must be too: give the bundle a "
                                 "passphrase (--encrypt).")
    monkeypatch.setattr(lead.ws.db, "read_only", True)
    with pytest.raises(BundleError) as caught:
        export_bundle(lead.ws, lead.inspection_id, lead.folder / "x.inspbundle", passphrase="p")
    assert str(caught.value) == ("This database is open read-only, so no bundle can be exported from it (exporting "
                                 "records what was sent). Open it for work to export.")
    assert not (lead.folder / "x.inspbundle").exists()
    monkeypatch.undo()
    with lead.ws.db.read_session() as session:
        assert session.scalars(select(BundleLog)).all() == []


def test_a_bundle_that_cannot_be_written_leaves_nothing_behind(lead):
    taken = lead.folder / "taken.inspbundle"
    taken.mkdir()
    with pytest.raises(BundleError) as caught:
        export_bundle(lead.ws, lead.inspection_id, taken)
    assert str(caught.value) == (f"Could not write {taken}: Is a directory. Free some space or choose another "
                                 "folder; nothing was changed.")
    assert sorted(p.name for p in lead.folder.iterdir() if p.name.startswith(".bundle-")) == []
    with lead.ws.db.read_session() as session:
        assert session.scalars(select(BundleLog)).all() == []
    good = export_bundle(lead.ws, lead.inspection_id, str(lead.folder / "ok.inspbundle"))
    assert good.path.read_bytes()[:2] == b"PK"
    assert [p.name for p in lead.folder.iterdir() if p.name.startswith(".bundle-")] == []


# -- the lead's view ---------------------------------------------------------------------------------------

def test_exchanges_and_senders_say_what_came_and_went(lead, registry):
    assert history.exchanges(lead.ws, lead.inspection_id) == []
    assert history.senders(lead.ws, lead.inspection_id) == []
    tariq = open_workspace(lead.folder / "tariq.sqlite", user="Tariq Team", registry=registry, create=True,
                           plaintext=True)
    try:
        enrol(lead.ws, lead.inspection_id, tariq)
        sent, _bundle, _blob = lead.export("to-tariq.inspbundle", recipient="Tariq Team")
        plan = importer.plan_import(tariq, importer.read_bundle(sent.path))
        tariq_id = importer.apply_import(tariq, plan).inspection_id
        _evidence(tariq, tariq_id, "Tariq's first.")
        _evidence(tariq, tariq_id, "Tariq's second.")
        back = export_bundle(tariq, tariq_id, lead.folder / "from-tariq.inspbundle")
        _evidence(tariq, tariq_id, "Tariq's third.")
        later = export_bundle(tariq, tariq_id, lead.folder / "later.inspbundle", since_last=True)
    finally:
        tariq.close()
    first = importer.apply_import(lead.ws, importer.plan_import(lead.ws, importer.read_bundle(back.path)))
    assert first.added == 2
    exchanges = history.exchanges(lead.ws, lead.inspection_id)
    assert [(e.direction, e.peer) for e in exchanges] == [("import", "Tariq Team"), ("export", "Tariq Team")]
    assert exchanges[0].summary == "2 added, 0 updated, 0 deleted, 0 conflicts settled"
    rows = sum(v for k, v in sent.counts.items() if k != "tombstones")
    assert exchanges[1].summary == f"{rows} rows, 1 deletion" and exchanges[1].since is None
    assert exchanges[0].at > exchanges[1].at
    [sender] = history.senders(lead.ws, lead.inspection_id)
    assert (sender.exporter, sender.rows, sender.new_since_last_merge) == ("Tariq Team", 2, 2)
    assert isinstance(sender.last_bundle, datetime)
    relayed = importer.read_bundle(later.path)
    relayed.manifest["exporter"]["name"] = "Uma Other"  # as if another colleague had sent it
    importer.apply_import(lead.ws, importer.plan_import(lead.ws, relayed), backed_up=True)
    uma, tariq_now = history.senders(lead.ws, lead.inspection_id)
    assert (uma.exporter, uma.rows, uma.new_since_last_merge) == ("Uma Other", 1, 1)
    assert (tariq_now.exporter, tariq_now.rows, tariq_now.new_since_last_merge) == ("Tariq Team", 2, 0)
    assert uma.last_bundle > tariq_now.last_bundle == sender.last_bundle
    assert [e.direction for e in history.exchanges(lead.ws, lead.inspection_id)] == ["import", "import", "export"]
    with pytest.raises(NotFoundError):
        history.exchanges(lead.ws, 999)
    with pytest.raises(NotFoundError):
        history.senders(lead.ws, 999)


def test_exchange_summaries_in_words():
    summary = history._summary
    assert summary("export", {"evidence": 3, "case_record": 2, "tombstones": 4}) == "5 rows, 4 deletions"
    assert summary("export", {"evidence": 3}) == "3 rows, 0 deletions"
    assert summary("import", {"added": 1, "updated": 2, "deleted": 3, "conflict": 4, "unchanged": 9}) == \
        "1 added, 2 updated, 3 deleted, 4 conflicts settled"
    assert summary("import", {}) == "0 added, 0 updated, 0 deleted, 0 conflicts settled"
    assert Exchange("export", "p", datetime(2026, 1, 1), None, "s") == Exchange("export", "p", datetime(2026, 1, 1),
                                                                               None, "s")
    assert SenderSummary("a", 1, datetime(2026, 1, 1), 0).new_since_last_merge == 0


def test_since_last_takes_the_latest_export_to_that_recipient_only(lead):
    lead.export("1.inspbundle", recipient="Tariq Team")
    second, _b, _blob = lead.export("2.inspbundle", recipient="Tariq Team", since_last=True)
    with lead.ws.db.session() as session:  # a bundle later received from Tariq is not one sent to him
        session.add(BundleLog(bundle_uuid="70000000-0000-4000-8000-000000000009", direction="import",
                              inspection_uuid=lead.uuid, peer="Tariq Team", peer_machine="m",
                              at=datetime.now(UTC) + timedelta(hours=1), since=None, counts={}))
        sent = session.scalars(select(BundleLog.at).where(BundleLog.bundle_uuid == second.bundle_uuid)).one()
    third, _b, _blob = lead.export("3.inspbundle", recipient="Tariq Team", since_last=True)
    assert third.since == sent


def test_since_last_brings_rows_merged_in_since_and_nothing_of_another_inspection(lead, registry):
    other = make_inspection(lead.ws, authority="Otherborough")
    other_case = make_case(lead.ws, other.id, reference="OTH-1")
    lead.export("1.inspbundle", recipient="Tariq Team")
    with lead.ws.db.session() as session:
        sent = export.last_export(session, lead.uuid, "Tariq Team")
        assert sent is not None
        [case_uuid] = session.scalars(select(Case.uuid).where(Case.reference == "TS-0001"))
        [note_case] = session.scalars(select(Case.uuid).where(Case.id == other_case.id))
        # the case was last edited before the export, but merged in from someone's bundle after it
        session.add(RowOrigin(row_uuid=case_uuid, entity="case_record", exporter="Sam Sender", machine="m",
                              bundle_uuid="70000000-0000-4000-8000-000000000008",
                              imported_at=sent + timedelta(seconds=1)))
    cases.update_case(lead.ws, other_case.id, summary="Changed after the export, in another inspection.")
    _s, bundle, _blob = lead.export("2.inspbundle", recipient="Tariq Team", since_last=True)
    assert [r["uuid"] for r in bundle.data["case_record"]] == [case_uuid]
    assert note_case not in {r["uuid"] for t in bundle.data.values() for r in t if isinstance(r, dict)
                             and "uuid" in r}
    with lead.ws.db.session() as session:  # merged in at the very moment of the export: already sent
        origin = session.scalars(select(RowOrigin).where(RowOrigin.row_uuid == case_uuid)).one()
        origin.imported_at = sent
        session.execute(update(Case).where(Case.uuid == case_uuid).values(updated_at=sent))
    _s, again, _blob = lead.export("3.inspbundle", recipient="Someone", since_last=False)
    assert again.data["case_record"]
    with lead.ws.db.session() as session:
        session.execute(update(BundleLog).where(BundleLog.peer == "Tariq Team", BundleLog.direction == "export")
                        .values(at=sent))
    _s, at_the_moment, _blob = lead.export("4.inspbundle", recipient="Tariq Team", since_last=True)
    assert at_the_moment.manifest["since"] == sent.isoformat()
    assert at_the_moment.data["case_record"] == []


def test_senders_count_only_this_inspections_bundles_and_merges(lead, registry):
    tariq = open_workspace(lead.folder / "tariq.sqlite", user="Tariq Team", registry=registry, create=True,
                           plaintext=True)
    try:
        enrol(lead.ws, lead.inspection_id, tariq)
        sent, _bundle, _blob = lead.export("to-tariq.inspbundle", recipient="Tariq Team")
        tariq_id = importer.apply_import(tariq, importer.plan_import(tariq, importer.read_bundle(sent.path))
                                         ).inspection_id
        _evidence(tariq, tariq_id, "Tariq's first.")
        back = export_bundle(tariq, tariq_id, lead.folder / "from-tariq.inspbundle")
    finally:
        tariq.close()
    importer.apply_import(lead.ws, importer.plan_import(lead.ws, importer.read_bundle(back.path)), backed_up=True)
    later = datetime.now(UTC) + timedelta(hours=1)
    with lead.ws.db.session() as session:
        session.add(BundleLog(bundle_uuid="70000000-0000-4000-8000-000000000007", direction="import",
                              inspection_uuid="another inspection", peer="Uma", peer_machine="m", at=later,
                              since=None, counts={}))  # a merge into another inspection, later
        session.add(RowOrigin(row_uuid="70000000-0000-4000-8000-000000000006", entity="evidence",
                              exporter="Tariq Team", machine="m", bundle_uuid="70000000-0000-4000-8000-000000000005",
                              imported_at=later))  # Tariq's work for another inspection
    lead.export("after.inspbundle", recipient="Tariq Team")  # an export is not a merge
    [sender] = history.senders(lead.ws, lead.inspection_id)
    assert (sender.exporter, sender.rows, sender.new_since_last_merge) == ("Tariq Team", 1, 1)
    since_last, _b, _blob = lead.export("since.inspbundle", recipient="Tariq Team", since_last=True)
    [exchange] = [e for e in history.exchanges(lead.ws, lead.inspection_id) if e.since is not None]
    assert exchange.since == since_last.since and exchange.direction == "export"


def test_a_bundle_is_written_beside_its_place_then_moved_in(lead, monkeypatch):
    moved: list[tuple[Path, Path]] = []
    real_replace = os.replace

    def replace(source: Any, target: Any) -> None:
        moved.append((Path(source), Path(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    summary = export_bundle(lead.ws, lead.inspection_id, lead.folder / "moved.inspbundle")
    [(source, target)] = moved
    assert target == summary.path and source.parent == lead.folder and source.name.startswith(".bundle-")
    assert not source.exists()


def test_defaults_are_a_full_bundle_for_the_lead(lead):
    summary = export_bundle(lead.ws, lead.inspection_id, lead.folder / "1.inspbundle")
    again = export_bundle(lead.ws, lead.inspection_id, lead.folder / "2.inspbundle")
    assert summary.since is None and again.since is None
    bundle = importer.read_bundle(again.path)
    assert bundle.manifest["recipient"] == "lead" and bundle.manifest["since"] is None


def test_text_travels_as_written_not_escaped(lead):
    _evidence(lead.ws, lead.inspection_id, "Zoë’s café visit.")
    summary = export_bundle(lead.ws, lead.inspection_id, lead.folder / "u.inspbundle", recipient="Zoë Ünal")
    archive = zipfile.ZipFile(summary.path)
    assert "Zoë’s café visit.".encode() in archive.read("data.json")
    assert '"recipient": "Zoë Ünal"'.encode() in archive.read("manifest.json")


def test_a_bundle_to_the_lead_by_name_carries_every_proposal(lead, registry):
    tariq = open_workspace(lead.folder / "lead.sqlite", user="Tariq Team", registry=registry)
    try:
        moderation.propose(tariq, lead.inspection_id, "leaders", Grade.GOOD, "Because.")
    finally:
        tariq.close()
    _s, named, _b = lead.export("named.inspbundle", recipient="lena lead ")
    assert [p["inspector"] for p in named.data["grade_proposal"]] == ["Tariq Team"]


def test_deletions_and_history_of_another_inspection_never_travel(lead):
    other = make_inspection(lead.ws, authority="Otherborough")
    item = _evidence(lead.ws, other.id, "Otherborough's item.")
    evidence.delete_evidence(lead.ws, item.id)
    _s, bundle, _b = lead.export("mine.inspbundle")
    assert item.uuid not in {t["row_uuid"] for t in bundle.data["tombstones"]}
    assert len(bundle.data["tombstones"]) == 1
    assert all(e["row_uuid"] != item.uuid and e["row_uuid"] != other.uuid for e in bundle.data["audit"])


def test_deletions_and_events_at_the_very_moment_of_the_last_export_were_sent_with_it(lead):
    first, _b, _blob = lead.export("1.inspbundle", recipient="Tariq Team")
    with lead.ws.db.session() as session:  # the last export at the very moment the newest event arrived
        newest = session.scalar(select(func.max(AuditEvent.received_at)))
        session.execute(update(BundleLog).where(BundleLog.bundle_uuid == first.bundle_uuid).values(at=newest))
        session.execute(update(Tombstone).values(deleted_at=newest))
    _s, bundle, _blob = lead.export("2.inspbundle", recipient="Tariq Team", since_last=True)
    assert bundle.manifest["since"] == newest.isoformat()
    assert bundle.data["tombstones"] == [] and bundle.data["audit"] == []


def test_a_hidden_proposal_does_not_hide_the_ones_after_it(lead, registry):
    moderation.propose(lead.ws, lead.inspection_id, "leaders", Grade.OUTSTANDING, "The lead's, first.")
    tariq = open_workspace(lead.folder / "lead.sqlite", user="Tariq Team", registry=registry)
    try:
        moderation.propose(tariq, lead.inspection_id, "leaders", Grade.GOOD, "Tariq's, second.")
    finally:
        tariq.close()
    _s, to_tariq, _b = lead.export("t.inspbundle", recipient="Tariq Team")
    assert [p["inspector"] for p in to_tariq.data["grade_proposal"]] == ["Tariq Team"]


def test_a_row_carries_every_version_this_database_has_shared(lead):
    _s, first, _b = lead.export("1.inspbundle")
    [row] = first.data["evidence"]
    item = evidence.find_evidence(lead.ws, lead.inspection_id)[0]
    evidence.update_evidence(lead.ws, item.id, text="Visits are timely, mostly.")
    _s, second, _b = lead.export("2.inspbundle")
    [changed] = second.data["evidence"]
    assert changed["_history"] == sorted({*row["_history"], content_hash(changed)})
    assert len(changed["_history"]) == 2


def test_a_sync_is_handed_the_versions_to_remember_once_the_other_side_has_them(lead):
    with lead.ws.db.session() as session:
        inspection = session.get(Inspection, lead.inspection_id)
        assert inspection is not None
        uuids = [r.uuid for r in session.scalars(select(Evidence))]
        before = known_versions(session, uuids)
        shared: list[tuple[str, str]] = []
        data, _files = export.collect(session, inspection, None, Blind(False), "k" * 64, shared)
        assert known_versions(session, uuids) == before  # nothing remembered yet
    sent = {(r["uuid"], content_hash(r)) for rows in data.values() for r in rows if "_history" in r}
    assert set(shared) == sent and len(shared) == len(sent) > 5


def test_the_history_travels_in_the_order_it_was_recorded_whatever_order_the_database_reads(lead):
    """The receiving database chains the events in the order given, so a bundle lists them oldest first even
    where the database is free to read rows in another order (SQLite's ``reverse_unordered_selects`` reads
    every unordered query backwards, as PostgreSQL may)."""
    with lead.ws.db.read_session() as session:
        inspection = session.get(Inspection, lead.inspection_id)
        assert inspection is not None
        recorded = list(session.scalars(select(AuditEvent.uuid).where(AuditEvent.inspection_uuid == lead.uuid)
                                        .order_by(AuditEvent.id)))
        session.execute(text("PRAGMA reverse_unordered_selects = ON"))
        try:
            sent = [e["uuid"] for e in export.history(session, inspection, None, Blind(False), "k" * 64)["audit"]]
        finally:
            session.execute(text("PRAGMA reverse_unordered_selects = OFF"))
    assert len(recorded) > 2 and sent == recorded


def test_versions_the_other_side_has_just_sent_are_left_out_yet_remembered_as_shared(lead):
    """What a sync's pull leaves out: the row versions the laptop has just pushed (here the first item and the
    attachment, without its bytes); rows after them, and other versions, still travel."""
    _evidence(lead.ws, lead.inspection_id, "A second item.")
    with lead.ws.db.session() as session:
        inspection = session.get(Inspection, lead.inspection_id)
        assert inspection is not None
        everything: list[tuple[str, str]] = []
        whole, whole_files = export.collect(session, inspection, None, Blind(False), "k" * 64, everything)
        first = whole["evidence"][0]
        level = frozenset({(first["uuid"], content_hash(first)),
                           *((r["uuid"], content_hash(r)) for r in whole["attachment"])})
        shared: list[tuple[str, str]] = []
        data, files = export.collect(session, inspection, None, Blind(False), "k" * 64, shared, level)
    assert len(whole["evidence"]) == 2 and whole_files and whole["attachment"]
    assert data["evidence"] == whole["evidence"][1:] and data["attachment"] == [] and files == {}
    assert all(data[name] == rows for name, rows in whole.items() if name not in ("evidence", "attachment"))
    assert sorted(shared) == sorted(everything)
