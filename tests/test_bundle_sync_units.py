"""The sync's own decisions (``bundles/sync.py``) and the store's address (``bundles/store_link.py``), quickly.

The merge itself is the importer's (tested there and, end to end, in ``test_store_sync.py``); here each
decision the sync adds is pinned on its own: what a step reports, conflicts turned to the laptop's side,
decisions swapped for a push, an inspection that cannot be synced left aside while the others go on,
a store that stops answering said in one line. One real sync (a laptop and a SQLite file standing in for
the store) checks what each database holds afterwards. No PostgreSQL, no GUI: fast enough for mutmut.
"""

from __future__ import annotations

import contextlib
import json
import platform
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from factories import enrol, make_case, make_inspection
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError
from templates import template

from inspector_app import __version__
from inspector_app.bundles import importer, store_link, sync
from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.bundles.importer import Bundle, Cancelled, Change, ImportPlan, ImportResult
from inspector_app.bundles.signing import Signer
from inspector_app.bundles.store_link import StoreAddressError
from inspector_app.bundles.sync import InspectionSync, Step, SyncConflicts, SyncError, SyncResult
from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.frameworks import load_registry
from inspector_app.services import Workspace, evidence, identity, moderation, open_workspace
from inspector_app.services.workspace import NotFoundError, StorageError
from inspector_app.storage.backups import list_backups
from inspector_app.storage.models import (
    AppMeta,
    Attachment,
    AuditEvent,
    BundleLog,
    Evidence,
    GradeProposal,
    Inspection,
    RowOrigin,
)


def _plan(*changes: Change, news: int = 0) -> ImportPlan:
    return ImportPlan(Bundle({}, {}, {}), "i-uuid", False, list(changes), news=news)


# -- what a step says ---------------------------------------------------------------------------------------

def test_a_step_reports_the_import_and_the_history_it_carried():
    plan = _plan(news=7)
    assert Step.of(plan, None) == Step(0, 0, 0, 0, 0, 0)
    assert Step.of(plan, ImportResult(3, 1, 2, 3, 4, 5)) == Step(added=1, updated=2, deleted=3, conflicts=4,
                                                                   kept_both=5, history=7)
    assert Step() == Step(0, 0, 0, 0, 0, 0)


def test_a_step_describes_itself_in_a_few_words():
    assert Step().describe() == "nothing new"
    assert Step(history=2).describe() == "only history"
    assert Step(conflicts=3, history=1).describe() == "only history"
    assert Step(added=1).describe() == "1 added, 0 updated, 0 deleted"
    assert Step(updated=2).describe() == "0 added, 2 updated, 0 deleted"
    assert Step(deleted=3).describe() == "0 added, 0 updated, 3 deleted"
    assert Step(added=1, conflicts=2).describe() == "1 added, 0 updated, 0 deleted, 2 conflicts settled"
    done = InspectionSync("Testshire", 4, Step(added=1), Step())
    assert done.describe() == "Testshire: sent 1 added, 0 updated, 0 deleted; received nothing new."


def test_conflicts_say_how_many_and_what_to_do():
    one = SyncConflicts("Testshire", "push", [Change("evidence", "u", "conflict")])
    assert str(one) == ("Testshire: 1 row changed both on this laptop and in the regional store since they last "
                        "met; decide for each (keep mine, take theirs or keep both) and sync again. Nothing of "
                        "this push was changed.")
    assert (one.authority, one.direction, [c.uuid for c in one.conflicts]) == ("Testshire", "push", ["u"])
    two = SyncConflicts("Testshire", "pull", [Change("evidence", "u", "conflict")] * 2)
    assert str(two).startswith("Testshire: 2 rows changed both") and "Nothing of this pull was" in str(two)
    other = SyncError("other")
    assert SyncResult((), (one, other, two)).conflicts == [one, two]
    assert SyncResult(()).problems == () and SyncResult(()).conflicts == []


def test_a_push_conflict_is_shown_from_the_laptops_side():
    store_row, laptop_row = {"text": "store"}, {"text": "laptop"}
    turned = sync._laptop_side(Change("evidence", "u", "conflict_deleted_here", incoming=laptop_row,
                                      local=store_row, local_id=9))
    assert turned == Change("evidence", "u", "conflict_deleted_there", incoming=store_row, local=laptop_row,
                            local_id=None)
    assert sync._laptop_side(Change("evidence", "u", "conflict_deleted_there")).action == "conflict_deleted_here"
    assert sync._laptop_side(Change("evidence", "u", "conflict")).action == "conflict"


# -- one direction applied ------------------------------------------------------------------------------------

@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_apply(target: Any, plan: ImportPlan, resolutions: dict[str, str] | None = None,
                   default: str | None = None, **kw: Any) -> ImportResult:
        calls.append({"target": target, "resolutions": resolutions, "default": default, **kw})
        return ImportResult(1, 2, 0, 0, len(plan.conflicts), 0)

    monkeypatch.setattr(sync, "apply_import", fake_apply)
    return calls


def _apply(plan: ImportPlan, direction: str, decisions: dict[str, Any], default: Any = None,
           into_store: bool = False) -> Step:
    return sync._apply("target", plan, "Testshire", direction, decisions, default, into_store=into_store,
                       progress=lambda f, m: None, cancelled=None)


def test_a_direction_with_nothing_to_bring_is_not_applied(applied):
    assert _apply(_plan(), "pull", {}) == Step()
    assert applied == []
    assert _apply(_plan(news=1), "pull", {}) == Step(2, 0, 0, 0, 0, 1)
    assert len(applied) == 1


def test_undecided_conflicts_stop_the_direction_and_are_shown_from_the_laptop(applied):
    conflict = Change("evidence", "u1", "conflict_deleted_here", incoming={"a": 1}, local={"b": 2}, local_id=3)
    settled = Change("evidence", "u2", "conflict")
    with pytest.raises(SyncConflicts) as caught:
        _apply(_plan(conflict, settled), "push", {"u2": "mine"})
    assert caught.value.direction == "push" and caught.value.authority == "Testshire"
    assert caught.value.conflicts == [sync._laptop_side(conflict)]
    with pytest.raises(SyncConflicts) as caught:
        _apply(_plan(conflict, settled), "pull", {"u2": "mine"})
    assert caught.value.conflicts == [conflict]
    assert applied == []


def test_decisions_are_turned_to_the_stores_side_for_a_push(applied):
    conflicts = [Change("evidence", u, "conflict") for u in ("a", "b", "c", "d")]
    plan = _plan(*conflicts, Change("evidence", "e", "add"))
    decisions = {"a": "mine", "b": "theirs", "c": "both", "z": "mine"}
    assert _apply(plan, "push", decisions, default="mine", into_store=True) == Step(2, 0, 0, 4, 0, 0)
    assert _apply(plan, "pull", decisions, default="mine") == Step(2, 0, 0, 4, 0, 0)
    assert _apply(plan, "push", decisions, default="theirs", into_store=True).conflicts == 4
    _apply(plan, "push", decisions, default="both", into_store=True)
    push, pull, push_theirs, push_both = applied
    assert push["resolutions"] == {"a": "theirs", "b": "mine", "c": "both"} and push["default"] == "theirs"
    assert push["into_store"] is True
    assert pull["resolutions"] == {"a": "mine", "b": "theirs", "c": "both"}
    assert pull["default"] == "mine" and "into_store" not in pull
    assert push_theirs["default"] == "mine" and push_both["default"] == "both"
    assert all(call["target"] == "target" and callable(call["progress"]) for call in applied)
    assert all("cancelled" in call for call in applied)


def test_no_default_stays_no_default(applied):
    plan = _plan(Change("evidence", "a", "conflict"))
    _apply(plan, "push", {"a": "mine"}, into_store=True)
    _apply(plan, "pull", {"a": "mine"})
    assert [c["default"] for c in applied] == [None, None]
    assert [c["resolutions"] for c in applied] == [{"a": "theirs"}, {"a": "mine"}]


def test_a_store_that_stops_answering_while_applying_is_one_line(monkeypatch):
    def gone(*args: Any, **kw: Any) -> ImportResult:
        raise OperationalError("SELECT secret FROM cases", {}, Exception("server closed the connection"))

    monkeypatch.setattr(sync, "apply_import", gone)
    with pytest.raises(sync.StoreUnreachable) as caught:
        _apply(_plan(news=1), "push", {}, into_store=True)
    assert str(caught.value) == ("The regional store stopped answering while sending. Nothing of that step was "
                                 "saved there or here; check the network and sync again to finish (nothing is "
                                 "sent twice).")
    with pytest.raises(OperationalError):  # this laptop's own database failing is not the store's silence
        _apply(_plan(news=1), "pull", {})


# -- guards --------------------------------------------------------------------------------------------------

def test_guard_turns_only_the_stores_failures_into_one_line():
    assert sync._guard(lambda: 42, "x") == 42
    for failure in (OperationalError("q", {}, Exception("e")), StorageError("disk")):
        def fails(failure: Exception = failure) -> None:
            raise failure

        with pytest.raises(sync.StoreUnreachable, match=r"^The regional store stopped answering while reading"):
            sync._guard(fails, "reading")
    for passed in (BundleError("refused"), NotFoundError("gone"), ValueError("bug")):
        def raises(passed: Exception = passed) -> None:
            raise passed

        with pytest.raises(type(passed)) as caught:
            sync._guard(raises, "reading")
        assert caught.value is passed


def test_rows_a_bundle_cannot_carry_stop_the_sync():
    data = {t: [] for t in ("inspection", "team_member", "previous_judgement", "case_record", "tracking_note",
                            "record_audit", "evidence", "attachment", "judgement", "finding", "finding_evidence",
                            "tombstones")}
    sync._check_shape(data)
    with pytest.raises(SyncError) as caught:
        sync._check_shape({**data, "evidence": [{"uuid": 5}]})
    assert str(caught.value) == ("The inspection holds something a bundle cannot carry (data.json, evidence, row 1, "
                                 "field uuid has the wrong kind of value); nothing was synced. Run inspector-app "
                                 "check on this database.")


# -- every inspection, one at a time -------------------------------------------------------------------------

class _Db:
    def __init__(self, read_only: bool = False) -> None:
        self.read_only = read_only


class _Ws:
    def __init__(self, read_only: bool = False) -> None:
        self.db = _Db(read_only)


def test_a_read_only_database_is_not_synced():
    with pytest.raises(SyncError) as caught:
        sync.sync(_Ws(read_only=True), _Ws())  # type: ignore[arg-type]
    assert str(caught.value) == ("This database is open read-only, so it cannot be synced (a sync changes it). "
                                 "Open it for work to sync.")


def test_one_inspection_that_cannot_be_synced_does_not_stop_the_others(monkeypatch):
    targets = [("Aford", "a"), ("Bford", "b"), ("Cford", "c")]
    monkeypatch.setattr(sync, "_targets", lambda ws, store, inspection_id: targets)
    conflicts = SyncConflicts("Bford", "pull", [])
    not_on = sync._NotOnRoster("Cford: not on the roster")
    seen: list[tuple[Any, ...]] = []

    def one(ws: Any, store: Any, authority: str, uuid: str, decisions: Any, default: Any, part: Any,
            cancelled: Any) -> InspectionSync:
        seen.append((authority, uuid, decisions, default, cancelled))
        part(0.5, "halfway")
        if uuid == "b":
            raise conflicts
        if uuid == "c":
            raise not_on
        return InspectionSync(authority, 1, Step(), Step())

    monkeypatch.setattr(sync, "_sync_one", one)
    heard: list[tuple[float, str]] = []

    def stop() -> bool:
        return False

    result = sync.sync(_Ws(), _Ws(), decisions={"x": "mine"}, default="theirs",  # type: ignore[arg-type]
                       progress=lambda f, m: heard.append((f, m)), cancelled=stop)
    assert result == SyncResult((InspectionSync("Aford", 1, Step(), Step()),), (conflicts, not_on))
    assert seen == [(a, u, {"x": "mine"}, "theirs", stop) for a, u in targets]
    assert heard == [(0.5 / 3, "Aford: halfway"), (1.5 / 3, "Bford: halfway"), (2.5 / 3, "Cford: halfway"),
                     (1.0, "Synced.")]
    seen.clear()
    assert sync.sync(_Ws(), _Ws()).inspections[0].authority == "Aford"  # type: ignore[arg-type]
    assert seen[0][2] == {} and seen[0][3] is None
    for failing in ("b", "c"):
        monkeypatch.setattr(sync, "_targets", lambda ws, store, inspection_id, f=failing: [("X", f)])
        with pytest.raises(SyncError):
            sync.sync(_Ws(), _Ws(), 7)  # type: ignore[arg-type]
    monkeypatch.setattr(sync, "_targets", lambda ws, store, inspection_id: [("X", "boom")])
    monkeypatch.setattr(sync, "_sync_one", lambda *a: (_ for _ in ()).throw(SyncError("other")))
    with pytest.raises(SyncError, match=r"^other$"):
        sync.sync(_Ws(), _Ws())  # type: ignore[arg-type]


# -- a real sync: a laptop and a SQLite file standing in for the store ---------------------------------------

def _build_lead_and_store(folder: Path) -> None:
    registry = load_registry(None)
    lead = open_workspace(folder / "lead.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True)
    open_workspace(folder / "store.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True).close()
    try:
        info = make_inspection(lead)
        case = make_case(lead, info.id)
        item = evidence.add_evidence(lead, info.id, text="Visits are timely.", area_key="leaders",
                                     polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case.id,
                                     seen_on=date(2026, 3, 3))
        evidence.add_attachment_bytes(lead, item.id, "note.txt", b"attachment body")
    finally:
        lead.close()
    (folder / "ids.json").write_text(json.dumps({"id": info.id}), encoding="utf-8")


@pytest.fixture
def lead_and_store(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
                   registry: Any) -> Iterator[tuple[Workspace, Workspace, int]]:
    """A lead's laptop with an inspection (a case, an item of evidence) and an empty store beside it."""
    built = template(tmp_path_factory, "sync-lead-and-store", _build_lead_and_store, __file__)
    for name in ("lead.sqlite", "store.sqlite"):
        shutil.copyfile(built / name, tmp_path / name)
    lead = open_workspace(tmp_path / "lead.sqlite", user="Lena Lead", registry=registry)
    store = open_workspace(tmp_path / "store.sqlite", user="Lena Lead", registry=registry)
    yield lead, store, json.loads((built / "ids.json").read_text(encoding="utf-8"))["id"]
    lead.close()
    store.close()


def _held(ws: Workspace) -> tuple[list[str], list[str], int]:
    with ws.db.read_session() as session:
        return (list(session.scalars(select(Inspection.authority))), list(session.scalars(select(Evidence.text))),
                session.scalar(select(func.count()).select_from(AuditEvent)) or 0)


def test_a_lead_pushes_an_inspection_to_the_store_and_a_second_sync_changes_nothing(lead_and_store):
    lead, store, inspection_id = lead_and_store
    heard: list[tuple[float, str]] = []
    result = sync.sync(lead, store, inspection_id, progress=lambda f, m: heard.append((f, m)))
    [done] = result.inspections
    assert done.authority == "Testshire" and done.laptop_id == inspection_id and result.problems == ()
    assert done.pushed.added == 6 and done.pushed.updated == 0
    assert done.pulled == Step(history=1)  # the store's record of the push comes back: history only
    authorities, texts, events = _held(store)
    assert authorities == ["Testshire"] and texts == ["Visits are timely."] and events > 0
    messages = [m for _f, m in heard]
    assert heard[:2] == [(0.0, "Testshire: reading this laptop's work"), (0.1, "Testshire: comparing with the store")]
    at = messages.index("Testshire: reading the store")
    assert heard[at:at + 2] == [(0.5, "Testshire: reading the store"), (0.6, "Testshire: comparing with this laptop")]
    assert heard[-1] == (1.0, "Synced.")
    assert all(m.startswith("Testshire: sending: ") for m in messages[2:at]) and at > 3
    assert all(m.startswith("Testshire: receiving: ") for m in messages[at + 2:-1]) and len(messages) > at + 4
    assert all(0.2 <= f <= 0.5 for f, _m in heard[2:at]) and all(0.7 <= f <= 1.0 for f, _m in heard[at + 2:])
    assert [f for f, _m in heard] == sorted(f for f, _m in heard)
    before = (_held(lead), _held(store))
    again = sync.sync(lead, store)
    assert again.inspections == (InspectionSync("Testshire", inspection_id, Step(), Step()),)
    assert (_held(lead), _held(store)) == before


def test_a_sync_asked_for_an_inspection_not_here_says_so(lead_and_store):
    lead, store, _inspection_id = lead_and_store
    with pytest.raises(NotFoundError, match=r"^inspection 999 does not exist$"):
        sync.sync(lead, store, 999)


def test_a_cancelled_sync_is_cancelled_before_it_sends(lead_and_store):
    lead, store, inspection_id = lead_and_store
    with pytest.raises(Cancelled, match=r"^The sync was cancelled. What had been sent"):
        sync.sync(lead, store, inspection_id, cancelled=lambda: True)
    assert _held(store) == ([], [], 0)


# -- the store's address -------------------------------------------------------------------------------------

def test_a_usable_address_is_trimmed_and_kept():
    assert store_link.check_address("  postgresql://amir@store.example/inspections?sslmode=verify-full \n") == \
        "postgresql://amir@store.example/inspections?sslmode=verify-full"
    for scheme in ("postgresql", "postgres", "postgresql+psycopg"):
        assert store_link.check_address(f"{scheme}:///?service=region") == f"{scheme}:///?service=region"
    assert store_link.check_address(" /shared/store.sqlite ") == "/shared/store.sqlite"


@pytest.mark.parametrize(("address", "says"), [
    ("", "Give the regional store's address (postgresql://you@server/database?sslmode=verify-full); ask your "
         "administrator for it."),
    ("   ", "Give the regional store's address"),
    ("postgresql://[::1", "The regional store's address is not a valid URL: it looks like postgresql://you@server/"
                          "database?sslmode=verify-full."),
    ("mysql://amir@store/db", "The regional store is a PostgreSQL database: its address starts with postgresql:// "
                              "(ask your administrator for it)."),
    ("postgresql://amir:hunter2@store/db", "The store's address holds a password, which would be kept in the "
                                           "settings and shown to other programs: put the password in ~/.pgpass (or "
                                           "a pg_service.conf entry) and give the address without it. Nothing was "
                                           "saved or connected to."),
    ("postgresql://amir:@store/db", "The store's address holds a password"),
    ("postgresql://amir@store/db?password=hunter2", "The store's address holds a password"),
])
def test_an_unusable_address_is_one_line(address, says):
    with pytest.raises(StoreAddressError) as caught:
        store_link.check_address(address)
    assert str(caught.value).startswith(says) and "\n" not in str(caught.value)
    assert "hunter2" not in str(caught.value) and caught.value.__cause__ is None


def test_an_address_is_shown_without_user_or_query():
    assert store_link.shown("postgresql://amir@store.example:5433/inspections?sslmode=verify-full") == \
        "postgresql://store.example/inspections"
    assert store_link.shown("postgresql:///?service=region") == "postgresql://localhost/"
    assert store_link.shown("/shared/store.sqlite") == "/shared/store.sqlite"
    assert store_link.is_url("postgresql://x") and not store_link.is_url("/a/b")


def test_the_address_is_remembered_for_the_data_folder(_isolated_data_dir):
    settings = _isolated_data_dir / "regional-store.json"
    assert store_link.saved_address() is None
    store_link.save_address("  postgresql://amir@store/db  ")
    assert json.loads(settings.read_text(encoding="utf-8")) == {"address": "postgresql://amir@store/db"}
    assert store_link.saved_address() == "postgresql://amir@store/db"
    assert not settings.with_suffix(".tmp").exists()
    with pytest.raises(StoreAddressError):
        store_link.save_address("postgresql://amir:pw@store/db")
    assert store_link.saved_address() == "postgresql://amir@store/db"
    for content in ("not json", "[]", json.dumps({"address": 5}), json.dumps({"address": "  "}), json.dumps({})):
        settings.write_text(content, encoding="utf-8")
        assert store_link.saved_address() is None
    settings.write_text(json.dumps({"address": " x "}), encoding="utf-8")
    assert store_link.saved_address() == " x "


def test_opening_a_store_that_is_not_there_is_one_line(tmp_path, registry):
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(StoreAddressError) as caught:
        store_link.open_store(str(missing), user="Amir A", registry=registry)
    assert str(caught.value) == (f"There is no regional store at {missing}: check the address (a store is made by "
                                 "'inspector-app store init').")
    with pytest.raises(StoreAddressError, match=r"^Give the regional store's address"):
        store_link.open_store(" ", user="Amir A", registry=registry)
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"not a database at all" * 100)
    with pytest.raises(sync.StoreUnreachable) as caught:
        store_link.open_store(f" {damaged} ", user="Amir A", registry=registry)
    assert str(caught.value).endswith(" Nothing was changed on this laptop.") and caught.value.__cause__ is None


def test_a_store_file_opens_as_the_person(tmp_path, registry):
    path = tmp_path / "store.sqlite"
    open_workspace(path, user="admin", registry=registry, create=True, plaintext=True).close()
    store = store_link.open_store(str(path), user="Amir A", registry=registry)
    try:
        assert store.user == "Amir A"
    finally:
        store.close()


def test_a_colleague_not_on_the_stores_roster_is_turned_away_and_the_others_go_on(lead_and_store, registry):
    lead, store, inspection_id = lead_and_store
    sync.sync(lead, store, inspection_id)
    folder = Path(str(lead.db.path)).parent
    export_bundle(lead, inspection_id, folder / "to-amir.inspbundle", recipient="Amir A")
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        plan = importer.plan_import(amir, importer.read_bundle(folder / "to-amir.inspbundle"))
        amir_id = importer.apply_import(amir, plan).inspection_id
        before = _held(store)
        with pytest.raises(SyncError) as caught:
            sync.sync(amir, store, amir_id)
        assert str(caught.value) == (
            "Testshire: your signing key is not on this inspection's team roster in the regional store, so the store "
            "does not take your work. Ask the lead to add you (and to sync), then sync again. Nothing was changed.")
        result = sync.sync(amir, store)
        assert result.inspections == () and [str(p) for p in result.problems] == [str(caught.value)]
        assert _held(store) == before
        sync._send_history(amir, store)(json_uuid(amir, amir_id))  # nor is his history taken
        assert _held(store) == before
    finally:
        amir.close()


def test_a_colleague_on_the_roster_pulls_the_inspection_and_sends_back_the_record_of_it(lead_and_store, registry):
    lead, store, inspection_id = lead_and_store
    folder = Path(str(lead.db.path)).parent
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        enrol(lead, inspection_id, amir)
        sync.sync(lead, store, inspection_id)
        result = sync.sync(amir, store)  # Amir's laptop has nothing yet: the store's inspections naming his key
        [pulled] = result.inspections
        assert pulled.authority == "Testshire" and pulled.pushed == Step() and pulled.pulled.added == 6
        assert _held(amir)[:2] == (["Testshire"], ["Visits are timely."])
        with store.db.read_session() as session:
            store_machine = session.scalars(select(AppMeta.value).where(AppMeta.key == "machine_id")).one()
        with amir.db.read_session() as session:
            assert [a.data for a in session.scalars(select(Attachment))] == [b"attachment body"]
            origins = {(o.exporter, o.machine) for o in session.scalars(select(RowOrigin))}
            logs = [(b.peer, b.peer_machine) for b in session.scalars(select(BundleLog).where(
                BundleLog.direction == "import"))]
        assert origins == {("regional store", store_machine)} and logs == [("regional store", store_machine)]
        with store.db.read_session() as session:
            records = [(e.who, e.action) for e in session.scalars(select(AuditEvent).where(
                AuditEvent.entity == "bundle"))]
        assert ("Amir A", "import") in records  # his laptop's record of the pull reached the store at once
        again = sync.sync(amir, store)
        assert again.inspections == (InspectionSync("Testshire", pulled.laptop_id, Step(), Step()),)
    finally:
        amir.close()


def test_a_laptop_without_a_key_syncs_only_its_own_inspections(tmp_path, registry):
    fresh = open_workspace(tmp_path / "fresh.sqlite", user="Nia New", registry=registry, create=True,
                           plaintext=True)
    try:
        assert sync._targets(fresh, _Unreachable(), None) == []  # type: ignore[arg-type]
        assert sync.sync(fresh, _Unreachable()) == SyncResult(())  # type: ignore[arg-type]
    finally:
        fresh.close()


class _Unreachable:
    """A store whose every read fails as a dropped connection does."""

    class db:
        @staticmethod
        def read_session() -> Any:
            raise OperationalError("SELECT", {}, Exception("server closed the connection unexpectedly"))


def test_a_store_that_cannot_list_its_inspections_is_one_line(lead_and_store):
    lead, _store, _inspection_id = lead_and_store
    identity.ensure_signing_key(lead)
    with pytest.raises(sync.StoreUnreachable) as caught:
        sync.sync(lead, _Unreachable())  # type: ignore[arg-type]
    assert str(caught.value).startswith("The regional store stopped answering while listing the store's "
                                        "inspections. ")
    assert isinstance(caught.value.__cause__, OperationalError)


def test_a_store_without_the_inspection_sends_nothing_back(lead_and_store):
    _lead, store, _inspection_id = lead_and_store
    with pytest.raises(SyncError) as caught:
        sync._pull_bundle(store, "99999999-9999-4999-8999-999999999999", "Lena Lead")
    assert str(caught.value) == ("The regional store does not hold this inspection after all; nothing was "
                                 "received.")


def test_a_store_address_that_answers_nothing_is_one_line(registry):
    with pytest.raises(sync.StoreUnreachable) as caught:
        store_link.open_store("postgresql://amir@127.0.0.1:1/none?connect_timeout=2", user="Amir A",
                              registry=registry)
    assert str(caught.value).endswith(" Nothing was changed on this laptop.") and "\n" not in str(caught.value)


def test_opening_a_store_passes_the_person_the_frameworks_and_the_passphrase(monkeypatch, tmp_path, registry):
    opened: list[tuple[Any, dict[str, Any]]] = []

    def fake_open(where: Any, **kw: Any) -> str:
        opened.append((where, kw))
        return "workspace"

    monkeypatch.setattr(store_link, "open_workspace", fake_open)
    monkeypatch.setattr(store_link, "passphrase_from_env", lambda: "from the environment")
    url = "postgresql://amir@store.example/inspections?sslmode=verify-full"
    assert store_link.open_store(f" {url} ", user="Amir A", registry=registry) == "workspace"
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store_link.open_store("~/store.sqlite", user="Amir A", registry=registry) == "workspace"
    assert opened == [(url, {"user": "Amir A", "registry": registry}),
                      (path, {"user": "Amir A", "registry": registry, "passphrase": "from the environment"})]


def test_history_is_sent_back_without_the_rows(lead_and_store, registry):
    lead, store, inspection_id = lead_and_store
    sync.sync(lead, store, inspection_id)
    uuid = json_uuid(lead, inspection_id)
    sync._send_history(lead, store)(uuid)
    before = _held(store)
    sync._send_history(lead, store)(uuid)  # nothing new since: nothing sent
    assert _held(store) == before
    evidence.add_evidence(lead, inspection_id, text="Not synced yet.", area_key="leaders",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 4))
    sync._send_history(lead, store)(uuid)  # the record of the new item goes; the item waits for the next sync
    authorities, texts, events = _held(store)
    assert (authorities, texts) == before[:2] and events == before[2] + 1
    with pytest.raises(sync.StoreUnreachable, match=r"^The regional store stopped answering while sending the "
                                                     r"history\. "):
        sync._send_history(lead, _Unreachable())(uuid)  # type: ignore[arg-type]


def json_uuid(ws: Workspace, inspection_id: int) -> str:
    with ws.db.read_session() as session:
        value = session.scalar(select(Inspection.uuid).where(Inspection.id == inspection_id))
    assert value is not None
    return value


def test_a_store_that_fails_while_taking_the_history_is_one_line(lead_and_store, registry, monkeypatch):
    lead, store, inspection_id = lead_and_store
    folder = Path(str(lead.db.path)).parent
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    real = sync.apply_import

    def fails_on_history(target: Any, plan: ImportPlan, *args: Any, **kw: Any) -> ImportResult:
        if kw.get("into_store") and not plan.changes:
            raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))
        return real(target, plan, *args, **kw)

    try:
        enrol(lead, inspection_id, amir)
        sync.sync(lead, store, inspection_id)
        monkeypatch.setattr(sync, "apply_import", fails_on_history)
        with pytest.raises(sync.StoreUnreachable, match=r"^The regional store stopped answering while sending the "
                                                         r"history\. "):
            sync.sync(amir, store)
    finally:
        amir.close()


def test_a_cancel_during_the_push_leaves_the_store_as_it_was(lead_and_store):
    lead, store, inspection_id = lead_and_store
    asked: list[int] = []

    def cancel_in_the_push() -> bool:
        asked.append(1)
        return len(asked) == 3  # the sync asks once before sending, then the merge asks between tables

    with pytest.raises(Cancelled):
        sync.sync(lead, store, inspection_id, cancelled=cancel_in_the_push)
    assert _held(store) == ([], [], 0)


def test_a_password_in_the_environment_is_refused(monkeypatch):
    from inspector_app.storage.engines import PASSWORD_IN_ENVIRONMENT

    monkeypatch.setenv("PGPASSWORD", "hunter2")
    with pytest.raises(StoreAddressError) as caught:
        store_link.check_address("postgresql://amir@store/db")
    assert str(caught.value) == PASSWORD_IN_ENVIRONMENT
    assert store_link.check_address("/shared/store.sqlite") == "/shared/store.sqlite"  # a file needs none


def test_a_pull_carries_others_proposals_to_the_lead_only(lead_and_store, registry):
    lead, store, inspection_id = lead_and_store
    folder = Path(str(lead.db.path)).parent
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        enrol(lead, inspection_id, amir)
        moderation.propose(lead, inspection_id, "leaders", Grade.GOOD, "The lead's view.")
        sync.sync(lead, store, inspection_id)
        [pulled] = sync.sync(amir, store).inspections
        assert _proposals(amir) == []  # blind until the lead opens moderation
        moderation.propose(amir, pulled.laptop_id, "leaders", Grade.OUTSTANDING, "Amir's view.")
        sync.sync(amir, store)
        sync.sync(lead, store, inspection_id)
        assert _proposals(lead) == ["Amir A", "Lena Lead"]  # the lead gathers every proposal
    finally:
        amir.close()


def _proposals(ws: Workspace) -> list[str]:
    with ws.db.read_session() as session:
        return sorted(session.scalars(select(GradeProposal.inspector)))


def test_what_a_sync_sends_is_a_bundle_in_every_field(lead_and_store):
    lead, _store, inspection_id = lead_and_store
    outgoing = sync._push_bundle(lead, json_uuid(lead, inspection_id))
    manifest = outgoing.bundle.manifest
    key = identity.signing_key(lead)
    assert key is not None
    with lead.db.read_session() as session:
        machine = session.scalars(select(AppMeta.value).where(AppMeta.key == "machine_id")).one()
    assert {k: v for k, v in manifest.items() if k not in ("bundle_uuid", "created_at")} == {
        "format": "inspector-app-bundle", "version": 2, "app_version": __version__, "recipient": "regional store",
        "exporter": {"name": "Lena Lead", "machine": machine, "machine_name": platform.node()},
        "inspection_uuid": json_uuid(lead, inspection_id), "since": None, "checksums": {},
        "counts": {name: len(rows) for name, rows in outgoing.bundle.data.items()},
        "signer": {"name": "Lena Lead", "public_key": key.public_key}}
    created = datetime.fromisoformat(manifest["created_at"])
    assert created.tzinfo is not None and abs(created - datetime.now(UTC)) < timedelta(minutes=1)
    assert outgoing.bundle.signer == Signer("Lena Lead", key.public_key)


def test_a_store_that_stops_answering_says_at_which_step(lead_and_store, tmp_path, registry):
    lead, _store, inspection_id = lead_and_store
    uuid = json_uuid(lead, inspection_id)
    with pytest.raises(sync.StoreUnreachable, match=r"^The regional store stopped answering while comparing with "
                                                     r"the store\. "):
        sync._sync_one(lead, _Unreachable(), "Testshire", uuid, {}, None, lambda f, m: None,  # type: ignore[arg-type]
                       None)
    fresh = open_workspace(tmp_path / "fresh.sqlite", user="Nia New", registry=registry, create=True,
                           plaintext=True)
    try:
        with pytest.raises(sync.StoreUnreachable, match=r"^The regional store stopped answering while reading the "
                                                         r"store\. "):
            sync._sync_one(fresh, _Unreachable(), "Testshire", uuid, {}, None,  # type: ignore[arg-type]
                           lambda f, m: None, None)
    finally:
        fresh.close()


def test_a_colleague_syncs_only_the_inspections_whose_roster_names_him(lead_and_store, registry):
    lead, store, inspection_id = lead_and_store
    folder = Path(str(lead.db.path)).parent
    elsewhere = make_inspection(lead, authority="Otherborough")
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        enrol(lead, inspection_id, amir)
        sync.sync(lead, store)
        assert sorted(_held(store)[0]) == ["Otherborough", "Testshire"]
        result = sync.sync(amir, store)
        assert [i.authority for i in result.inspections] == ["Testshire"]
        assert _held(amir)[0] == ["Testshire"]
        with amir.db.read_session() as session:
            assert session.scalar(select(Inspection.id).where(Inspection.uuid == elsewhere.uuid)) is None
    finally:
        amir.close()


def test_a_conflict_through_the_store_is_named_and_settled_from_the_laptops_side(lead_and_store, registry):
    lead, store, inspection_id = lead_and_store
    folder = Path(str(lead.db.path)).parent
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        enrol(lead, inspection_id, amir)
        sync.sync(lead, store, inspection_id)
        [pulled] = sync.sync(amir, store).inspections
        [mine] = evidence.find_evidence(amir, pulled.laptop_id)
        [theirs] = evidence.find_evidence(lead, inspection_id)
        evidence.update_evidence(lead, theirs.id, text="The lead's wording.")
        sync.sync(lead, store, inspection_id)
        evidence.update_evidence(amir, mine.id, text="Amir's wording.")
        with pytest.raises(SyncConflicts) as caught:
            sync.sync(amir, store, pulled.laptop_id)
        assert caught.value.authority == "Testshire" and caught.value.direction == "push"
        [conflict] = caught.value.conflicts
        assert conflict.local is not None and conflict.local["text"] == "Amir's wording."
        assert conflict.incoming is not None and conflict.incoming["text"] == "The lead's wording."
        done = sync.sync(amir, store, pulled.laptop_id, decisions={mine.uuid: "mine"})
        assert done.inspections[0].pushed.conflicts == 1
        assert _held(store)[1] == ["Amir's wording."] and _held(amir)[1] == ["Amir's wording."]
        assert list_backups(folder / "amir.sqlite")  # the laptop was copied aside before the pull changed it
    finally:
        amir.close()


def test_a_cancel_while_receiving_leaves_the_laptop_as_it_was(lead_and_store, registry):
    lead, store, inspection_id = lead_and_store
    folder = Path(str(lead.db.path)).parent
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        enrol(lead, inspection_id, amir)
        sync.sync(lead, store, inspection_id)
        asked: list[int] = []

        def cancel_while_receiving() -> bool:
            asked.append(1)
            return len(asked) == 4  # before reading the store, then between the tables of the merge

        with pytest.raises(Cancelled) as caught:
            sync.sync(amir, store, cancelled=cancel_while_receiving)
        assert _held(amir) == ([], [], 0)
        assert str(caught.value) == "The merge was cancelled; nothing was changed."
        with pytest.raises(Cancelled) as caught:
            sync.sync(lead, store, inspection_id, cancelled=lambda: True)
        assert str(caught.value) == ("The sync was cancelled. What had been sent or received before is kept; run "
                                     "the sync again to finish it.")
    finally:
        amir.close()


def test_the_pull_after_a_push_leaves_out_exactly_the_versions_just_sent(lead_and_store):
    from inspector_app.storage.rows import ENTITIES

    lead, store, inspection_id = lead_and_store
    sync.sync(lead, store, inspection_id)
    uuid = json_uuid(lead, inspection_id)
    sent = frozenset(sync._push_bundle(lead, uuid).shared)
    whole = sync._pull_bundle(store, uuid, "Lena Lead").bundle.data
    level = sync._pull_bundle(store, uuid, "Lena Lead", sent).bundle.data
    assert sum(len(whole[e.name]) for e in ENTITIES) == 6  # with the attachment
    assert all(level[e.name] == [] for e in ENTITIES)
    assert level["audit"] == whole["audit"] and level["roster"] == whole["roster"]  # the history still whole
    with lead.db.read_session() as session:
        on_laptop = session.scalars(select(Evidence.id)).one()
    evidence.update_evidence(lead, on_laptop, text="Changed on the laptop since.")
    other = frozenset(sync._push_bundle(lead, uuid).shared)  # the same rows, one of them at another version
    changed = sync._pull_bundle(store, uuid, "Lena Lead", other).bundle.data
    assert [r["text"] for r in changed["evidence"]] == ["Visits are timely."]  # the store's version still comes
    assert all(changed[e.name] == [] for e in ENTITIES if e.name != "evidence")


# -- the pull's own decisions, and what follows it --------------------------------------------------------------

def _build_with_amir(folder: Path, factory: pytest.TempPathFactory) -> None:
    """The lead's laptop and store of :func:`_build_lead_and_store` after one sync each way: the lead's work in the
    store, and Amir (on the roster) level with it."""
    built = template(factory, "sync-lead-and-store", _build_lead_and_store, __file__)
    for name in ("lead.sqlite", "store.sqlite"):
        shutil.copyfile(built / name, folder / name)
    inspection_id = json.loads((built / "ids.json").read_text(encoding="utf-8"))["id"]
    registry = load_registry(None)
    lead = open_workspace(folder / "lead.sqlite", user="Lena Lead", registry=registry)
    store = open_workspace(folder / "store.sqlite", user="Lena Lead", registry=registry)
    amir = open_workspace(folder / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        enrol(lead, inspection_id, amir)
        sync.sync(lead, store, inspection_id)
        [pulled] = sync.sync(amir, store).inspections
    finally:
        for ws in (lead, store, amir):
            ws.close()
    (folder / "ids.json").write_text(json.dumps({"id": inspection_id, "amir": pulled.laptop_id}), encoding="utf-8")


@pytest.fixture
def with_amir(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
              registry: Any) -> Iterator[tuple[Workspace, Workspace, int, Workspace, int]]:
    """(lead, store, the lead's inspection id, Amir, his inspection id), copied from a template built once."""
    built = template(tmp_path_factory, "sync-with-amir", lambda folder: _build_with_amir(folder, tmp_path_factory),
                     __file__)
    for name in ("lead.sqlite", "store.sqlite", "amir.sqlite"):
        shutil.copyfile(built / name, tmp_path / name)
    ids = json.loads((built / "ids.json").read_text(encoding="utf-8"))
    opened = [open_workspace(tmp_path / "lead.sqlite", user="Lena Lead", registry=registry),
              open_workspace(tmp_path / "store.sqlite", user="Lena Lead", registry=registry),
              open_workspace(tmp_path / "amir.sqlite", user="Amir A", registry=registry)]
    yield opened[0], opened[1], ids["id"], opened[2], ids["amir"]
    for ws in opened:
        ws.close()


def _imports_by(store: Workspace, who: str) -> int:
    with store.db.read_session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.who == who, AuditEvent.action == "import", AuditEvent.entity == "bundle")) or 0


@pytest.mark.parametrize("decided", ["for the row", "by default"])
def test_a_deletion_accepted_from_the_laptop_is_carried_out_on_the_laptop_too(with_amir, decided):
    """The lead deleted an item Amir has since reworded. Amir accepts the deletion ("theirs"): the store keeps
    it deleted, and the pull that follows deletes it from Amir's laptop (the same decision, on his side)."""
    lead, store, inspection_id, amir, amir_id = with_amir
    [mine] = evidence.find_evidence(amir, amir_id)
    [theirs] = evidence.find_evidence(lead, inspection_id)
    evidence.delete_evidence(lead, theirs.id)
    sync.sync(lead, store, inspection_id)
    evidence.update_evidence(amir, mine.id, text="Amir's wording.")
    decisions = {mine.uuid: "theirs"} if decided == "for the row" else {}
    [done] = sync.sync(amir, store, amir_id, decisions=decisions,  # type: ignore[arg-type]
                       default=None if decisions else "theirs").inspections
    assert (done.pushed.conflicts, done.pulled.conflicts, done.pulled.deleted) == (1, 1, 2)  # and its attachment
    assert _held(amir)[1] == [] and _held(store)[1] == []


def test_a_pull_that_only_updates_or_only_deletes_still_sends_its_record_back(with_amir):
    """The store (and so the lead) learns at once that Amir took the lead's change, whatever the change was."""
    lead, store, inspection_id, amir, amir_id = with_amir
    [theirs] = evidence.find_evidence(lead, inspection_id)
    evidence.update_evidence(lead, theirs.id, text="The lead's new wording.")
    sync.sync(lead, store, inspection_id)
    records = _imports_by(store, "Amir A")
    [done] = sync.sync(amir, store, amir_id).inspections
    assert (done.pulled.added, done.pulled.updated, done.pulled.deleted, done.pulled.conflicts) == (0, 1, 0, 0)
    assert _imports_by(store, "Amir A") == records + 1
    evidence.delete_evidence(lead, theirs.id)
    sync.sync(lead, store, inspection_id)
    [done] = sync.sync(amir, store, amir_id).inspections
    assert (done.pulled.added, done.pulled.updated, done.pulled.conflicts) == (0, 0, 0)
    assert done.pulled.deleted > 0 and _held(amir)[1] == []
    assert _imports_by(store, "Amir A") == records + 2


def test_a_store_that_stops_answering_while_finishing_says_so(lead_and_store, monkeypatch):
    lead, store, inspection_id = lead_and_store
    real = sync._Outgoing.remember

    def fails_on_the_store(self: Any, source: Workspace) -> None:
        if source is store:
            raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))
        real(self, source)

    monkeypatch.setattr(sync._Outgoing, "remember", fails_on_the_store)
    with pytest.raises(sync.StoreUnreachable, match=r"^The regional store stopped answering while finishing\. "):
        sync.sync(lead, store, inspection_id)


@contextlib.contextmanager
def _reading_backwards(*workspaces: Workspace) -> Iterator[None]:
    """Every connection these databases hand out reads unordered queries backwards (SQLite's
    ``reverse_unordered_selects``): an order the code relies on must then be asked for."""
    def backwards(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute("PRAGMA reverse_unordered_selects = ON")

    pools = [ws.db.engine.pool for ws in workspaces]
    for pool in pools:
        event.listen(pool, "checkout", backwards)
    try:
        yield
    finally:
        for pool in pools:
            event.remove(pool, "checkout", backwards)


def test_inspections_are_synced_in_the_order_they_were_made_whatever_order_the_database_reads(with_amir):
    lead, store, _inspection_id, amir, _amir_id = with_amir
    for authority in ("Northshire", "Southshire"):
        enrol(lead, make_inspection(lead, authority=authority).id, amir)
    sync.sync(lead, store)
    make_inspection(amir, authority="Westshire")
    with _reading_backwards(amir, store):
        targets = sync._targets(amir, store, None)
    assert [authority for authority, _uuid in targets] == ["Testshire", "Westshire", "Northshire", "Southshire"]


def test_a_deletion_that_reaches_the_store_between_push_and_pull_is_asked_about_on_the_pull(with_amir):
    """Amir rewords an item and syncs; between his push and his pull the lead, who deleted that item, syncs
    and has the deletion win. Amir's pull then finds the item deleted there and changed here: it asks him,
    naming the inspection and the direction, and changes nothing on his laptop."""
    lead, store, inspection_id, amir, amir_id = with_amir
    [mine] = evidence.find_evidence(amir, amir_id)
    [theirs] = evidence.find_evidence(lead, inspection_id)
    evidence.update_evidence(amir, mine.id, text="Amir's new wording.")
    evidence.delete_evidence(lead, theirs.id)

    def meanwhile(_fraction: float, message: str) -> None:
        if message == "Testshire: reading the store":
            sync.sync(lead, store, inspection_id, default="mine")  # the lead keeps the deletion

    before = _held(amir)
    with pytest.raises(SyncConflicts) as caught:
        sync.sync(amir, store, amir_id, progress=meanwhile)
    assert (caught.value.authority, caught.value.direction) == ("Testshire", "pull")
    assert [c.uuid for c in caught.value.conflicts] == [mine.uuid]
    assert str(caught.value).startswith("Testshire: 1 row changed both ")
    assert str(caught.value).endswith(" Nothing of this pull was changed.")
    assert _held(amir)[1] == before[1] == ["Amir's new wording."] and _held(store)[1] == []
