"""Sync with the regional store: push what this laptop has that the store lacks, pull what it lacks.

Each direction is a bundle made in memory and merged by the same plan and apply as a bundle file
(``importer.plan_import``/``apply_import``): rows keyed by UUID, versions told apart by the content
hashes both sides remember, deletions as tombstones, the audit trail carried each event once, a row
changed on both sides since they last met kept as a conflict for a person to decide. Each direction
is one transaction in the database it changes, so a sync cut off anywhere (the server gone, the
process killed, a cancel) leaves each side as it was before that step or after it, never between;
running it again sends what is still missing and nothing twice, because a row already there is
recognised by its UUID and content hash. A second sync straight after the first changes nothing:
a direction that would bring no row changes, no new history and no new deletions is not applied.

Push (laptop → store) is signed by this laptop's person, and the store checks the key against the
inspection's roster as a bundle import does (the lead's first push brings the inspection and its
roster). Pull (store → laptop) relays every member's work as the lead's bundles do; the connection,
which the server authenticates (the person's own PostgreSQL role, its row-level security), is what
says it is the store. Conflicts are always shown from this laptop's side: "mine" is the laptop's
version, "theirs" the store's.
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from inspector_app import __version__
from inspector_app.bundles import signing
from inspector_app.bundles.export import FORMAT, FORMAT_VERSION, BundleError, collect, history, machine_id
from inspector_app.bundles.importer import (
    Bundle,
    Cancelled,
    Change,
    ImportPlan,
    ImportResult,
    Resolution,
    apply_import,
    plan_import,
    schema_problem,
)
from inspector_app.domain.wording import plural
from inspector_app.services import identity
from inspector_app.services.moderation import Blind, bundle_blind
from inspector_app.services.workspace import NotFoundError, StorageError, Workspace
from inspector_app.storage.base import new_uuid
from inspector_app.storage.models import AppMeta, Inspection, RosterMember
from inspector_app.storage.rows import ENTITIES, remember_versions

Progress = Callable[[float, str], None]
STORE_NAME = "regional store"
_SWAP: dict[Resolution, Resolution] = {"mine": "theirs", "theirs": "mine", "both": "both"}
_SWAP_ACTION = {"conflict_deleted_here": "conflict_deleted_there", "conflict_deleted_there": "conflict_deleted_here"}


class SyncError(BundleError):
    """A sync that could not go on; the message says what is wrong, what was kept and what to do."""


class StoreUnreachable(SyncError):
    """The store stopped answering (or refused the connection) in the middle of a sync."""


class SyncConflicts(SyncError):
    """Rows changed both here and in the store since they last met: a person decides each one.

    ``conflicts`` are seen from this laptop's side (``local`` is the laptop's version, ``incoming``
    the store's); decide with "mine" (this laptop's), "theirs" (the store's) or "both".
    """

    def __init__(self, authority: str, direction: str, conflicts: list[Change]) -> None:
        count = len(conflicts)
        super().__init__(f"{authority}: {count} row{'s' if count != 1 else ''} changed both on this laptop and in "
                         f"the regional store since they last met; decide for each (keep mine, take theirs or keep "
                         f"both) and sync again. Nothing of this {direction} was changed.")
        self.authority = authority
        self.direction = direction
        self.conflicts = conflicts


@dataclass(frozen=True)
class Step:
    """What one direction changed (all zero when it had nothing to bring)."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0
    kept_both: int = 0
    history: int = 0  # audit events, deletions and roster changes carried

    @classmethod
    def of(cls, plan: ImportPlan, result: ImportResult | None) -> Step:
        if result is None:
            return cls()
        return cls(result.added, result.updated, result.deleted, result.conflicts, result.kept_both, plan.news)

    def describe(self) -> str:
        if not (self.added or self.updated or self.deleted):
            return "only history" if self.history else "nothing new"
        words = f"{self.added} added, {self.updated} updated, {self.deleted} deleted"
        if self.conflicts:
            words += f", {plural(self.conflicts, 'conflict')} settled"
        return words


@dataclass(frozen=True)
class InspectionSync:
    authority: str
    laptop_id: int  # the inspection's id on this laptop (after a pull of a new one, its new id)
    pushed: Step
    pulled: Step

    def describe(self) -> str:
        return f"{self.authority}: sent {self.pushed.describe()}; received {self.pulled.describe()}."


@dataclass(frozen=True)
class SyncResult:
    inspections: tuple[InspectionSync, ...]
    problems: tuple[SyncError, ...] = field(default=())  # inspections left as they were, with why

    @property
    def conflicts(self) -> list[SyncConflicts]:
        return [p for p in self.problems if isinstance(p, SyncConflicts)]


def sync(ws: Workspace, store: Workspace, inspection_id: int | None = None, *,
         decisions: Mapping[str, Resolution] | None = None, default: Resolution | None = None,
         progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> SyncResult:
    """Sync one inspection of this laptop (``inspection_id``), or every inspection on it and every
    inspection in the store whose roster names this person's key.

    ``decisions`` settle conflicts by row UUID, ``default`` any other, from this laptop's side. With
    one inspection, a problem is raised; with all, an inspection that cannot be synced (conflicts to
    decide, not on its roster) is left as it was and listed in ``problems`` while the others go on.
    """
    report = progress or (lambda _fraction, _message: None)
    if ws.db.read_only:
        raise SyncError("This database is open read-only, so it cannot be synced (a sync changes it). Open it "
                        "for work to sync.")
    targets = _targets(ws, store, inspection_id)
    done: list[InspectionSync] = []
    problems: list[SyncError] = []
    for index, (authority, inspection_uuid) in enumerate(targets):
        def part(fraction: float, message: str, _i: int = index, _a: str = authority) -> None:
            report((_i + fraction) / len(targets), f"{_a}: {message}")
        try:
            done.append(_sync_one(ws, store, authority, inspection_uuid, decisions or {}, default, part, cancelled))
        except (SyncConflicts, _NotOnRoster) as exc:
            if inspection_id is not None:
                raise
            problems.append(exc)
    report(1.0, "Synced.")
    return SyncResult(tuple(done), tuple(problems))


class _NotOnRoster(SyncError):
    """The store does not take this person's push for the inspection (their key is not on its roster)."""


def _targets(ws: Workspace, store: Workspace, inspection_id: int | None) -> list[tuple[str, str]]:
    """(authority, inspection uuid) of what to sync: the one asked for, or all of this laptop's and every
    inspection in the store that names this person's key on its roster."""
    with ws.db.read_session() as session:
        if inspection_id is not None:
            row = session.get(Inspection, inspection_id)
            if row is None:
                raise NotFoundError(f"inspection {inspection_id} does not exist")
            return [(row.authority, row.uuid)]
        mine = [(r.authority, r.uuid) for r in session.scalars(select(Inspection).order_by(Inspection.id))]
        key = identity.signing_key(ws)
    if key is None:
        return mine
    try:
        with store.db.read_session() as session:
            theirs = [(a, u) for a, u in session.execute(
                select(Inspection.authority, Inspection.uuid).join(RosterMember,
                                                                   RosterMember.inspection_id == Inspection.id)
                .where(RosterMember.public_key == key.public_key).order_by(Inspection.id)).all()]
    except (SQLAlchemyError, StorageError) as exc:
        raise _unreachable("listing the store's inspections") from exc
    known = {u for _a, u in mine}
    return mine + [(a, u) for a, u in dict.fromkeys(theirs) if u not in known]


def _sync_one(ws: Workspace, store: Workspace, authority: str, inspection_uuid: str,
              decisions: Mapping[str, Resolution], default: Resolution | None, progress: Progress,
              cancelled: Callable[[], bool] | None) -> InspectionSync:
    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The sync was cancelled. What had been sent or received before is kept; run the sync "
                            "again to finish it.")

    pushed = Step()
    level: frozenset[tuple[str, str]] = frozenset()  # row versions the store now holds as this laptop sent them
    laptop_has_it = _local_id(ws, inspection_uuid) is not None
    if laptop_has_it:
        progress(0.0, "reading this laptop's work")
        outgoing = _push_bundle(ws, inspection_uuid)
        check()
        progress(0.1, "comparing with the store")
        plan = _guard(lambda: plan_import(store, outgoing.bundle), "comparing with the store")
        if not plan.signer.on_roster:
            raise _NotOnRoster(f"{authority}: your signing key is not on this inspection's team roster in the "
                               "regional store, so the store does not take your work. Ask the lead to add you (and "
                               "to sync), then sync again. Nothing was changed.")
        pushed = _apply(store, plan, authority, "push", decisions, default, into_store=True,
                        progress=lambda f, m: progress(0.2 + 0.3 * f, f"sending: {m}"), cancelled=cancelled)
        outgoing.remember(ws)  # the store has these versions now (or had them already)
        level = frozenset(outgoing.shared)
    check()
    progress(0.5, "reading the store")
    incoming = _guard(lambda: _pull_bundle(store, inspection_uuid, ws.user, level), "reading the store")
    progress(0.6, "comparing with this laptop")
    plan = plan_import(ws, incoming.bundle, relay=True)
    pulled = _apply(ws, plan, authority, "pull", decisions, default, into_store=False,
                    progress=lambda f, m: progress(0.7 + 0.3 * f, f"receiving: {m}"), cancelled=cancelled)
    _guard(lambda: incoming.remember(store), "finishing")
    laptop_id = _local_id(ws, inspection_uuid)
    assert laptop_id is not None  # pushed from here, or pulled in just now
    if pulled.added or pulled.updated or pulled.deleted or pulled.conflicts:
        _send_history(ws, store)(inspection_uuid)
    return InspectionSync(authority, laptop_id, pushed, pulled)


def _send_history(ws: Workspace, store: Workspace) -> Callable[[str], None]:
    """The pull recorded its merge in this laptop's history: send that record back at once (history only, no
    row can change), so the next sync from here finds nothing to do on either side."""
    def send(inspection_uuid: str) -> None:
        outgoing = _push_bundle(ws, inspection_uuid, history_only=True)
        plan = _guard(lambda: plan_import(store, outgoing.bundle), "sending the history")
        if plan.signer.on_roster and not plan.changes and plan.news:
            _guard(lambda: apply_import(store, plan, into_store=True), "sending the history")
    return send


def _apply(target: Workspace, plan: ImportPlan, authority: str, direction: str,
           decisions: Mapping[str, Resolution], default: Resolution | None, *, into_store: bool,
           progress: Progress, cancelled: Callable[[], bool] | None) -> Step:
    """Apply one direction's plan in one transaction, decisions turned to the target's side."""
    if plan.changes_nothing:
        return Step()
    push = direction == "push"
    undecided = [c for c in plan.conflicts if c.uuid not in decisions and default is None]
    if undecided:
        raise SyncConflicts(authority, direction, [_laptop_side(c) if push else c for c in undecided])
    resolutions = {c.uuid: _SWAP[decisions[c.uuid]] if push else decisions[c.uuid]
                   for c in plan.conflicts if c.uuid in decisions}
    fallback = (_SWAP[default] if push else default) if default is not None else None
    if into_store:
        result = _guard(lambda: apply_import(target, plan, resolutions, fallback, into_store=True,
                                             progress=progress, cancelled=cancelled), "sending")
    else:
        result = apply_import(target, plan, resolutions, fallback, progress=progress, cancelled=cancelled)
    return Step.of(plan, result)


def _laptop_side(change: Change) -> Change:
    """A push conflict (the store's row is "local" there) turned to this laptop's side."""
    return Change(change.entity, change.uuid, _SWAP_ACTION.get(change.action, change.action),  # type: ignore[arg-type]
                  incoming=change.local, local=change.incoming, local_id=None)


def _local_id(ws: Workspace, inspection_uuid: str) -> int | None:
    with ws.db.read_session() as session:
        return session.scalar(select(Inspection.id).where(Inspection.uuid == inspection_uuid))


def _manifest(session: Session, inspection: Inspection, data: dict[str, list[dict[str, Any]]], exporter: str,
              machine: str, signer: dict[str, str] | None) -> dict[str, Any]:
    return {"format": FORMAT, "version": FORMAT_VERSION, "app_version": __version__, "bundle_uuid": new_uuid(),
            "created_at": datetime.now(UTC).isoformat(), "recipient": STORE_NAME,
            "exporter": {"name": exporter, "machine": machine, "machine_name": platform.node()},
            "inspection_uuid": inspection.uuid, "since": None, "checksums": {},
            "counts": {name: len(rows) for name, rows in data.items()}, **({"signer": signer} if signer else {})}


@dataclass
class _Outgoing:
    """A direction's bundle, and the row versions to remember as shared once the other side has them."""

    bundle: Bundle
    shared: list[tuple[str, str]]

    def remember(self, source: Workspace) -> None:
        if self.shared:
            with source.db.session() as session:
                remember_versions(session, self.shared)


def _push_bundle(ws: Workspace, inspection_uuid: str, *, history_only: bool = False) -> _Outgoing:
    """Everything this laptop holds of the inspection (every proposal too: the store relays them blind).

    ``history_only``: no rows, only deletions, the audit trail and the roster: what is left to send once a
    pull has brought the laptop level with the store's rows (reading, hashing and comparing every row again
    took as long as the pull itself)."""
    with ws.db.session() as session:  # writes only the person's key and this database's id, the first time
        inspection = session.scalars(select(Inspection).where(Inspection.uuid == inspection_uuid)).one()
        key = identity.key_row(session, ws.user).public_key
        shared: list[tuple[str, str]] = []
        if history_only:
            data: dict[str, list[dict[str, Any]]] = {entity.name: [] for entity in ENTITIES}
            data.update(history(session, inspection, None, Blind(False), key))
            files: dict[str, bytes] = {}
        else:
            data, files = collect(session, inspection, None, Blind(False), key, shared)
        manifest = _manifest(session, inspection, data, ws.user, machine_id(session),
                             {"name": ws.user, "public_key": key})
    _check_shape(data)
    return _Outgoing(Bundle(manifest, data, files, signing.Signer(ws.user, key)), shared)


def _pull_bundle(store: Workspace, inspection_uuid: str, person: str,
                 level: frozenset[tuple[str, str]] = frozenset()) -> _Outgoing:
    """What the store holds of the inspection, as a bundle to this person (others' grade proposals stay
    hidden until the lead opens moderation, as in a bundle from the lead), less the row versions the laptop
    pushed just before (``level``): it would read, check and find each of them unchanged."""
    with store.db.read_session() as session:
        inspection = session.scalars(select(Inspection).where(Inspection.uuid == inspection_uuid)).one_or_none()
        if inspection is None:
            raise SyncError("The regional store does not hold this inspection after all; nothing was received.")
        machine = session.get(AppMeta, "machine_id")
        shared: list[tuple[str, str]] = []
        data, files = collect(session, inspection, None, bundle_blind(session, inspection.id, person), "", shared,
                              level)
        manifest = _manifest(session, inspection, data, STORE_NAME, machine.value if machine else STORE_NAME, None)
    _check_shape(data)
    return _Outgoing(Bundle(manifest, data, files, None), shared)


def _check_shape(data: Mapping[str, Any]) -> None:
    problem = schema_problem("data", data)
    if problem:
        raise SyncError(f"The inspection holds something a bundle cannot carry ({problem}); nothing was synced. "
                        "Run inspector-app check on this database.")


def _guard(work: Callable[[], Any], doing: str) -> Any:
    """Run a step against the store, turning a connection lost or refused into one line."""
    try:
        return work()
    except (BundleError, NotFoundError):
        raise
    except (SQLAlchemyError, StorageError) as exc:
        raise _unreachable(doing) from exc


def _unreachable(doing: str) -> StoreUnreachable:
    return StoreUnreachable(f"The regional store stopped answering while {doing}. Nothing of that step was saved "
                            "there or here; check the network and sync again to finish (nothing is sent twice).")
