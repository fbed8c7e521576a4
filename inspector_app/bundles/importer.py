"""Reading a bundle safely, showing what it would change, and applying it all or nothing.

Every check happens before anything is written: zip structure, format and version, JSON Schema,
checksums, references, framework. Applying runs in one transaction; any failure rolls it back,
so the database is exactly as it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from inspector_app.bundles import crypto, evidence_refs, limits, signing, trust
from inspector_app.bundles.export import FORMAT, FORMAT_VERSION, BundleError, machine_id
from inspector_app.bundles.scope import OutOfScope, check_scope, local_rows, mentioned, owned_maps
from inspector_app.domain.enums import TeamRole
from inspector_app.domain.framework import Framework
from inspector_app.domain.wording import plural
from inspector_app.services import permissions, roster
from inspector_app.services.qa import reviewer_bundle_problem
from inspector_app.services.validation import Problem, check_rows, repeated_references
from inspector_app.services.workspace import Workspace
from inspector_app.storage import audit, bulk, cipher
from inspector_app.storage import evidence_refs as local_refs
from inspector_app.storage.base import new_uuid
from inspector_app.storage.models import AuditEvent, BundleLog, Case, Inspection, RosterMember, RowOrigin, Tombstone
from inspector_app.storage.rows import (
    BY_NAME,
    ENTITIES,
    LABELS,
    OPTIONAL_ENTITIES,
    Entity,
    content_hash,
    fk_field,
    from_json_value,
    known_versions,
    remember_versions,
    serialise,
)

Resolution = Literal["mine", "theirs", "both"]
_SCHEMA = json.loads((Path(__file__).with_name("bundle.schema.json")).read_text(encoding="utf-8"))
_VALIDATORS: dict[str, Any] = {}


def _validator(name: str) -> Any:
    """The schema compiled to Python by fastjsonschema: tens of thousands of rows validate in well under a
    second, where an interpreting validator takes seconds per bundle."""
    if name not in _VALIDATORS:
        import fastjsonschema

        _VALIDATORS[name] = fastjsonschema.compile({"$schema": _SCHEMA["$schema"], "$ref": f"#/$defs/{name}",
                                                    "$defs": _SCHEMA["$defs"]})
    return _VALIDATORS[name]


def _schema_problem(name: str, value: Any) -> str | None:
    """Where the value breaks the schema, in words that carry no content: a table, a row, a known field."""
    import fastjsonschema

    try:
        _validator(name)(value)
    except fastjsonschema.JsonSchemaValueException as exc:
        return _where(name, list(exc.path or []), str(exc.rule or "shape"))
    return None


schema_problem = _schema_problem  # a sync checks the rows it moves against the bundle schema too


def _lost_connection(exc: BaseException) -> bool:
    """The server went away (a regional store): not the bundle's fault, so not reported as damage."""
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


_KNOWN_TABLES = frozenset({*(e.name for e in ENTITIES), "tombstones", "audit", "roster"})
_KNOWN_FIELDS = frozenset({
    *(c.name for e in ENTITIES for c in e.table.columns), *(fk_field(c) for e in ENTITIES for c in e.fks),
    "_history", "entity", "row_uuid", "deleted_at", "deleted_by", "history", "at", "who", "action", "changes",
    "signer", "doubt", "public_key", "role", "name", *_SCHEMA["$defs"]["manifest"]["properties"]})
_RULES = {"type": "has the wrong kind of value", "required": "lacks a required field",
          "additionalProperties": "has a field a bundle never has", "maxLength": "is too long",
          "maxItems": "has too many entries", "maxProperties": "has too many entries",
          "pattern": "is not in the expected form",
          "enum": "is not one of the allowed values", "const": "is not the expected value",
          "minimum": "is out of range", "minLength": "is too short", "format": "is not in the expected form"}


def _where(name: str, path: list[Any], rule: str) -> str:
    parts = path[1:]  # the first element is the schema's own name for the root
    words = ["manifest" if name == "manifest" else "data.json"]
    table = parts[0] if parts and isinstance(parts[0], str) and parts[0] in _KNOWN_TABLES else None
    if table:
        words.append(LABELS.get(table, table))
        if len(parts) > 1 and str(parts[1]).isdigit() and len(str(parts[1])) < 10:
            words.append(f"row {int(parts[1]) + 1}")
        if len(parts) > 2 and isinstance(parts[2], str):
            words.append(f"field {parts[2]}" if parts[2] in _KNOWN_FIELDS else "an unknown field")
    elif parts and isinstance(parts[0], str) and parts[0] in _KNOWN_FIELDS:
        words.append(f"field {parts[0]}")
    return f"{', '.join(words)} {_RULES.get(rule, 'is not valid')}"


@dataclass
class Bundle:
    manifest: dict[str, Any]
    data: dict[str, list[dict[str, Any]]]
    files: dict[str, bytes]
    signer: signing.Signer | None = None  # None: a format-1 bundle, signed by nobody

    @property
    def exporter(self) -> str:
        return str(self.manifest["exporter"]["name"])


@dataclass
class Change:
    entity: str
    uuid: str
    action: Literal["add", "update", "delete", "conflict", "conflict_deleted_here", "conflict_deleted_there"]
    incoming: dict[str, Any] | None = None
    local: dict[str, Any] | None = None
    local_id: int | None = None

    @property
    def label(self) -> str:
        return LABELS.get(self.entity, self.entity)

    @property
    def can_keep_both(self) -> bool:
        """Whether "keep both" makes sense: a second copy of a note or an evidence item is harmless."""
        return self.action == "conflict" and BY_NAME[self.entity].merge_as_copy

    def describe(self, side: Literal["incoming", "local"]) -> str:
        row = self.incoming if side == "incoming" else self.local
        if row is None:
            return "(deleted)"
        for key in ("text", "reference", "grade", "name", "authority", "area_key"):
            if row.get(key):
                return f"{key}: {row[key]}"
        return ", ".join(f"{k}: {v}" for k, v in row.items() if not k.startswith("_") and k != "uuid")[:200]


@dataclass
class ImportPlan:
    bundle: Bundle
    inspection_uuid: str
    new_inspection: bool
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    already_imported: datetime | None = None
    signer: trust.SignerStatus = field(default_factory=lambda: trust.SignerStatus(None, "", None))
    apply_roster: bool = False  # the signer is the lead: the roster the bundle carries replaces ours
    audit_doubts: list[str | None] = field(default_factory=list)
    news: int = 0  # audit events, deletions and roster changes new here, beside the row changes

    @property
    def changes_nothing(self) -> bool:
        """Applying it would add, change and record nothing (a sync then writes nothing at all)."""
        return not self.changes and not self.news

    def of(self, *actions: str) -> list[Change]:
        return [c for c in self.changes if c.action in actions]

    @property
    def conflicts(self) -> list[Change]:
        return self.of("conflict", "conflict_deleted_here", "conflict_deleted_there")

    def summary(self) -> dict[str, int]:
        return {"add": len(self.of("add")), "update": len(self.of("update")), "delete": len(self.of("delete")),
                "conflict": len(self.conflicts), "unchanged": self.unchanged}


class Cancelled(BundleError):
    """The person cancelled the merge before it was committed; nothing was changed."""


class UnknownSigner(BundleError):
    """The bundle is signed by nobody on the inspection's roster (or not signed at all)."""


@dataclass(frozen=True)
class ImportResult:
    inspection_id: int
    added: int
    updated: int
    deleted: int
    conflicts: int
    kept_both: int


# --- reading ------------------------------------------------------------------------------------

def read_bundle(path: Path | str, passphrase: str | None = None) -> Bundle:
    path = Path(path)
    try:
        if path.stat().st_size > limits.MAX_BUNDLE_BYTES:
            raise BundleError(f"{path.name} is larger than {limits.MAX_BUNDLE_BYTES // 2**20} MB; it is refused.")
        return parse_bundle(path.read_bytes(), passphrase, name=path.name)  # only parse_bundle holds the bytes
    except OSError as exc:
        raise BundleError(f"Cannot read {path}: {exc.strerror or exc}.") from None


def parse_bundle(blob: bytes, passphrase: str | None = None, name: str = "the bundle") -> Bundle:
    """Check everything a bundle's bytes can be checked for without the database, cheapest first."""
    if len(blob) > limits.MAX_BUNDLE_BYTES:
        raise BundleError(f"{name} is larger than {limits.MAX_BUNDLE_BYTES // 2**20} MB; it is refused.")
    if crypto.is_encrypted(blob):
        if not passphrase:
            raise BundleError(f"{name} is protected by a passphrase: give the passphrase to import it.")
        try:
            blob = crypto.decrypt(blob, passphrase)
        except crypto.DamagedHeader as exc:
            raise BundleError(f"{name} could not be opened: {exc}.") from None
        except crypto.WrongPassphrase as exc:
            raise BundleError(f"{name} could not be opened: {exc}. Check the passphrase with the sender.") from None
    try:
        members = limits.read_members(blob)
        del blob  # the members hold what is needed: keep the peak to the limits docs/bundle-format.md states
    except limits.LimitExceeded as exc:
        raise BundleError(f"{name} is refused: {exc}.") from None
    except limits.NotABundle as exc:
        raise BundleError(f"{name} is not an Inspector App bundle: {exc}. Check that you chose the right "
                          "file.") from None
    except limits.ZIP_ERRORS:
        raise BundleError(f"{name} is damaged or truncated; ask the sender to export it "
                          "again.") from None
    if "manifest.json" not in members or "data.json" not in members:
        raise BundleError(f"{name} is not an Inspector App bundle (no manifest). Check that you chose the "
                          "right file.")
    raw_manifest = members["manifest.json"]
    manifest = _json(raw_manifest, "manifest.json", name)
    _check_manifest(manifest, name)
    signer = signing.verify_bundle(manifest, raw_manifest, members.get("signature.json"))
    if isinstance(signer, signing.Refusal):
        raise BundleError(f"{name} is refused: {signer.reason}. Ask the sender to export it again.")
    files = {n: c for n, c in members.items() if n.startswith("attachments/")}
    damaged = signing.unmatched_checksum(manifest["checksums"], members)
    if damaged is not None:
        raise BundleError(f"{name} failed its checksum check ({damaged}): it was changed or damaged in transit. "
                          "Ask the sender to export it again.")
    data = _json(members["data.json"], "data.json", name)
    problem = _schema_problem("data", data)
    if problem:
        raise BundleError(f"{name} has invalid content ({problem}); it is refused.")
    if any(limits.too_deep(event["changes"]) for event in data.get("audit", [])):
        raise BundleError(f"{name} is refused: its history nests deeper than {limits.MAX_JSON_DEPTH} levels.")
    for table in OPTIONAL_ENTITIES:  # bundles from before these tables existed
        data.setdefault(table, [])
    return Bundle(manifest, data, files, signer)


def _json(raw: bytes, part: str, name: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BundleError(f"{name} is damaged: {part} is not valid JSON (or nests too deep).") from None


def _no_constant(token: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def _check_manifest(manifest: Any, name: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BundleError(f"{name} is not an Inspector App bundle. Check that you chose the right file.")
    version = manifest.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise BundleError(f"{name} was made by a newer version of Inspector App (bundle format {version}; this "
                          f"version reads up to {FORMAT_VERSION}). Update Inspector App to import it.")
    problem = _schema_problem("manifest", manifest)
    if problem:
        raise BundleError(f"{name} has a damaged manifest ({problem}).")  # _where already says "manifest"


# --- planning -----------------------------------------------------------------------------------

def _natural_key(entity: Entity, row: Mapping[str, Any], id_of: dict[str, dict[str, int]]) -> tuple[Any, ...] | None:
    if not entity.natural_key:
        return None
    key: list[Any] = []
    for column in entity.natural_key:
        if column in entity.fks:
            local = id_of[entity.fks[column]].get(row.get(fk_field(column)) or "")
            if local is None:
                return None
            key.append(local)
        else:
            key.append(row.get(column))
    return tuple(key)


def _without_identity(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("uuid", "created_at", "created_by") and not k.startswith("_")}


def plan_import(ws: Workspace, bundle: Bundle, expect_inspection_id: int | None = None, *,
                relay: bool = False) -> ImportPlan:
    """What the bundle would change here. ``relay``: it was read from the regional store by a sync, over a
    connection the server authenticated, so it is unsigned and relays every member's work as the lead does."""
    inspection_uuid = bundle.manifest["inspection_uuid"]
    with ws.db.read_session() as session:
        local_inspection = session.scalar(select(Inspection).where(Inspection.uuid == inspection_uuid))
        if expect_inspection_id is not None:
            expected = session.get(Inspection, expect_inspection_id)
            if expected is not None and expected.uuid != inspection_uuid:
                raise BundleError(f"This bundle belongs to another inspection, not {expected.authority}. Open that "
                                  "inspection, or import it from the inspections list (or File ▸ Import a bundle).")
        incoming_inspection = next((r for r in bundle.data["inspection"] if r["uuid"] == inspection_uuid), None)
        if local_inspection is None and incoming_inspection is None:
            raise BundleError("This bundle only holds changes to an inspection this database does not have. "
                              "Import a full bundle of the inspection first.")
        if incoming_inspection is not None:
            uid = f"{incoming_inspection.get('framework_id')}@{incoming_inspection.get('framework_version')}"
            if uid not in ws.registry.frameworks:
                shown = uid if re.fullmatch(r"[A-Za-z0-9_.-]{1,60}@[A-Za-z0-9_.-]{1,30}", uid) else "it names"
                raise BundleError(f"This bundle uses a framework ({shown}) that is not installed here. Add its "
                                  "framework file, then import again.")
        framework = ws.registry.frameworks.get(
            f"{local_inspection.framework_id}@{local_inspection.framework_version}") if local_inspection else None
        if incoming_inspection is not None:
            framework = ws.registry.frameworks.get(uid)
            if local_inspection is not None and uid != local_inspection.framework_uid:
                raise BundleError("This bundle changes the inspection's framework, which cannot change once an "
                                  "inspection has begun. Nothing was imported.")
        local = local_rows(session, local_inspection.id if local_inspection else None, mentioned(bundle.data))
        try:
            check_scope(bundle.data, inspection_uuid, local)
        except OutOfScope as exc:
            raise BundleError(f"This bundle reaches outside its inspection ({exc.problem}); it is refused and "
                              "nothing was imported. Ask the sender to export the inspection again.") from None
        try:
            evidence_refs.fill_and_check(session, bundle.data, local_inspection.id if local_inspection else None)
        except evidence_refs.RefClash as clash:
            raise BundleError(f"This bundle's evidence item {clash.ref} is a different item from {clash.ref} here "
                              "(two people number their evidence with the same initials); it is refused and nothing "
                              "was imported. Give each team member their own initials (docs/bundle-format.md, "
                              "Evidence references).") from None
        problem = _row_problem(session, bundle, framework, local_inspection.id if local_inspection else None)
        if problem is not None:
            raise BundleError(f"This bundle holds something the app cannot accept ({problem}); it is refused and "
                              "nothing was imported. Ask the sender to correct it and export again.")
        plan = ImportPlan(bundle, inspection_uuid, local_inspection is None)
        local_roster = {m.public_key: trust.Member(m.name, m.role)
                        for m in roster.members(session, local_inspection.id)} if local_inspection else {}
        carried = trust.roster_of(bundle.data.get("roster", []))
        plan.signer = (trust.SignerStatus(None, "regional store", None, relay=True) if relay else
                       trust.status(bundle.signer, local_roster, carried, local_inspection is None))
        effective = local_roster or (carried if plan.signer.on_roster else {})
        plan.apply_roster = bool(carried) and plan.signer.is_lead and any(
            m.role is TeamRole.LEAD for m in carried.values())
        events = bundle.data.get("audit", [])
        for index, event in enumerate(events, 1):
            if trust.parse_time(event["at"]) is None:
                raise BundleError(f"This bundle's history is damaged (audit event {index}, field at: is not a date "
                                  "and time); it is refused and nothing was imported.")
        created = local_inspection.created_at if local_inspection else trust.parse_time(
            (incoming_inspection or {}).get("created_at"))
        plan.audit_doubts = trust.event_doubts(events, plan.signer, effective, created)
        plan.news = _news(session, bundle, plan, {(m.name, m.role, m.public_key) for m in roster.members(
            session, local_inspection.id)} if local_inspection else set())
        plan.already_imported = session.scalar(select(BundleLog.at).where(
            BundleLog.bundle_uuid == bundle.manifest["bundle_uuid"], BundleLog.direction == "import"))
        try:
            _plan_rows(session, bundle, plan)
        except (TypeError, ValueError, KeyError, AttributeError, SQLAlchemyError) as exc:
            if _lost_connection(exc):
                raise
            raise BundleError("This bundle's content is damaged; ask the sender to export "
                              "it again. Nothing was changed.") from None
        sender = plan.signer.member.name if plan.signer.member else bundle.exporter  # the roster's name if signed
        refused = reviewer_bundle_problem(session, inspection_uuid, sender,
                                          [(c.entity, c.action) for c in plan.changes])
        if refused is not None:  # a quality assurance reviewer only comments
            raise BundleError(refused)
    return plan


def _news(session: Session, bundle: Bundle, plan: ImportPlan, local_roster: set[tuple[str, TeamRole, str]]) -> int:
    """How many audit events and deletions the bundle carries that this database lacks, plus one if it
    replaces the roster with a different one."""
    events = [e["uuid"] for e in bundle.data.get("audit", [])]
    known: set[str] = set()
    for start in range(0, len(events), 500):
        known.update(session.scalars(select(AuditEvent.uuid).where(AuditEvent.uuid.in_(events[start:start + 500]))))
    tombs = set(session.scalars(select(Tombstone.row_uuid).where(Tombstone.inspection_uuid == plan.inspection_uuid)))
    carried = {(m["name"], TeamRole(m["role"]), m["public_key"]) for m in bundle.data.get("roster", [])}
    return (len(set(events) - known) + sum(1 for t in bundle.data["tombstones"] if t["row_uuid"] not in tombs)
            + int(plan.apply_roster and carried != local_roster))


def _row_problem(session: Session, bundle: Bundle, framework: Framework | None,
                 inspection_id: int | None) -> Problem | None:
    """The first incoming row that breaks the shared rules (the same the window obeys), or None."""
    for entity in ENTITIES:
        problem = check_rows(entity.name, bundle.data[entity.name], framework)
        if problem is not None:
            return problem
        if entity.natural_key:
            keys = [tuple(row.get(fk_field(c) if c in entity.fks else c) for c in entity.natural_key)
                    for row in bundle.data[entity.name]]
            if len(set(keys)) != len(keys):
                index = next(i for i, k in enumerate(keys) if keys.index(k) != i)
                return Problem(entity.name, index + 1, entity.natural_key[-1], "appears twice in the bundle")
    final: dict[str, str] = {}
    if inspection_id is not None:
        final.update(session.execute(select(Case.uuid, Case.reference).where(Case.inspection_id == inspection_id))
                     .all())
    cases = bundle.data["case_record"]
    final.update((row["uuid"], row["reference"]) for row in cases)
    repeated = repeated_references(final.values())
    for index, row in enumerate(cases, 1):
        if row["reference"].strip() in repeated:
            return Problem("case_record", index, "reference", "is used by another case of this inspection")
    return None


def _inspection_id(session: Session, inspection_uuid: str) -> int | None:
    return session.scalar(select(Inspection.id).where(Inspection.uuid == inspection_uuid))


def _rows_by_id(session: Session, table: Table, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The local rows the bundle also holds, read 500 at a time: one query per row made the comparison of a
    sync (where every row is already here) several times slower than the rest of the plan."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        for values in session.execute(select(table).where(table.c.id.in_(ids[start:start + 500]))).mappings():
            found[values["id"]] = dict(values)
    return found


def _plan_rows(session: Session, bundle: Bundle, plan: ImportPlan) -> None:
    maps = owned_maps(session, _inspection_id(session, plan.inspection_uuid))
    id_of = {name: {u: i for i, u in m.items()} for name, m in maps.items()}
    incoming_uuids = {name: {r["uuid"] for r in bundle.data[name]} for name in BY_NAME}
    tombstoned = {t.row_uuid: t for t in session.scalars(select(Tombstone).where(
        Tombstone.inspection_uuid == plan.inspection_uuid)).all()}
    for entity in ENTITIES:
        rows = bundle.data[entity.name]
        table = entity.table
        local_known = known_versions(session, [r["uuid"] for r in rows])
        for row in rows:
            row["_hash"] = content_hash(row)
        ours = id_of[entity.name]
        held = _rows_by_id(session, table, [ours[r["uuid"]] for r in rows if r["uuid"] in ours
                                            and r["_hash"] not in local_known.get(r["uuid"], ())])
        for row in rows:
            for column, target in entity.fks.items():
                ref = row.get(fk_field(column))
                if ref is not None and not isinstance(ref, str):
                    raise BundleError(f"This bundle is damaged: a {LABELS[entity.name]} has an invalid reference.")
                if ref is not None and ref not in id_of[target] and ref not in incoming_uuids[target]:
                    raise BundleError(f"This bundle refers to a {LABELS[target]} this database does not have. "
                                      "Import the sender's earlier bundles first, or ask for a full export.")
            incoming_hash = row["_hash"]
            history = set(row.get("_history", [])) | {incoming_hash}
            local_id = id_of[entity.name].get(row["uuid"])
            natural = False
            if local_id is None:
                key = _natural_key(entity, row, id_of)
                if key is not None:
                    clause = [table.c[c] == v for c, v in zip(entity.natural_key, key, strict=True)]
                    local_id = session.scalar(select(table.c.id).where(*clause))
                    natural = local_id is not None
            if local_id is None:
                tomb = tombstoned.get(row["uuid"])
                if tomb is None:
                    plan.changes.append(Change(entity.name, row["uuid"], "add", incoming=row))
                elif incoming_hash in set(tomb.history or []):
                    plan.unchanged += 1  # deleted here; unchanged there since
                else:
                    plan.changes.append(Change(entity.name, row["uuid"], "conflict_deleted_here", incoming=row))
                continue
            if not natural and incoming_hash in local_known.get(row["uuid"], ()):
                plan.unchanged += 1  # a version this database has seen: nothing to read
                continue
            local_values = held.get(local_id)
            if local_values is None:  # matched by its natural key, not by UUID: one of a few
                local_values = dict(session.execute(select(table).where(table.c.id == local_id)).mappings().one())
            local_row = serialise(entity, local_values, maps)
            if natural:
                if _without_identity(local_row) == _without_identity(row):
                    plan.unchanged += 1
                else:
                    plan.changes.append(Change(entity.name, row["uuid"], "conflict", row, local_row, local_id))
                continue
            local_hash = content_hash(local_row)
            if local_hash == incoming_hash:
                plan.unchanged += 1
            elif local_hash in history:
                plan.changes.append(Change(entity.name, row["uuid"], "update", row, local_row, local_id))
            else:
                plan.changes.append(Change(entity.name, row["uuid"], "conflict", row, local_row, local_id))
    for deletion in bundle.data["tombstones"]:
        entity = BY_NAME[deletion["entity"]]
        local_id = id_of[entity.name].get(deletion["row_uuid"])
        if local_id is None:
            continue
        values = dict(session.execute(select(entity.table).where(entity.table.c.id == local_id)).mappings().one())
        local_row = serialise(entity, values, maps)
        if content_hash(local_row) in set(deletion["history"]):
            plan.changes.append(Change(entity.name, deletion["row_uuid"], "delete", None, local_row, local_id))
        else:
            plan.changes.append(Change(entity.name, deletion["row_uuid"], "conflict_deleted_there", None, local_row,
                                       local_id))


# --- applying -----------------------------------------------------------------------------------

@cache
def _columns(entity_name: str) -> tuple[tuple[str, str | None, str | None], ...]:
    """(column, referenced entity or None, bundle field) for each column a bundle can set."""
    entity = BY_NAME[entity_name]
    return tuple((c.name, entity.fks.get(c.name), fk_field(c.name) if c.name in entity.fks else None)
                 for c in entity.table.columns if c.name not in ("id", "data"))


def _db_values(entity: Entity, row: Mapping[str, Any], id_of: dict[str, dict[str, int]]) -> dict[str, Any]:
    table = entity.table
    values: dict[str, Any] = {}
    for column, target, field_name in _columns(entity.name):
        if target is not None:
            ref = row.get(field_name)  # type: ignore[arg-type]
            values[column] = id_of[target][ref] if ref is not None else None
        elif column in row:
            values[column] = from_json_value(table, column, row[column])
    return values


def apply_import(ws: Workspace, plan: ImportPlan, resolutions: Mapping[str, Resolution] | None = None,
                 default: Resolution | None = None, *, accept_unknown_signer: bool = False, backed_up: bool = False,
                 into_store: bool = False, progress: Callable[[float, str], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportResult:
    """Apply the plan in one transaction; each conflict needs a resolution (by row uuid, or default).

    A bundle signed by nobody on the inspection's roster is refused unless ``accept_unknown_signer``
    (the lead, having checked the fingerprint, accepts this one bundle; the acceptance is audited).
    A verified backup is taken first, unless ``backed_up``: the caller took one with
    :func:`backup_before_import` before a batch of imports (one copy of the whole database, not one
    per bundle, and the batch can be undone in one restore).
    ``into_store``: this database is a regional store receiving a sync push: it is not copied aside first (its
    backups are its operator's), and the import's own events name the pusher's key, so the history that
    laptops pull from it says whose push made each change.
    ``progress`` hears each table as it is merged; ``cancelled`` is asked between tables, and a cancel
    rolls the whole transaction back (:class:`Cancelled`). A plan with no row changes (a sync carrying
    only history) records no import of its own, so two syncs in a row change nothing the second time.
    """
    resolutions = dict(resolutions or {})
    if not plan.signer.on_roster and not accept_unknown_signer:
        raise UnknownSigner(f"{plan.signer.describe()} It was not imported. If you trust it, accept it once "
                            "(the acceptance is recorded in the history), or add the sender to the team roster.")
    if plan.already_imported is not None and not plan.changes:
        with ws.db.read_session() as session:  # importing the same bundle again changes nothing at all
            inspection_id = session.scalar(select(Inspection.id).where(Inspection.uuid == plan.inspection_uuid))
        return ImportResult(inspection_id or 0, 0, 0, 0, 0, 0)
    unresolved = [c for c in plan.conflicts if c.uuid not in resolutions and default is None]
    if unresolved:
        raise BundleError(f"{plural(len(unresolved), 'conflict')} {'needs' if len(unresolved) == 1 else 'need'} "
                          f"a decision (keep mine, take theirs or keep both).")
    bundle = plan.bundle
    exporter, machine = bundle.exporter, bundle.manifest["exporter"]["machine"]
    counts = {"added": 0, "updated": 0, "deleted": 0, "kept_both": 0}
    quiet = not plan.changes  # nothing but history, deletions of rows not here, the roster
    if not backed_up and not into_store and not quiet:
        _backup_before_import(ws)
    try:
        with ws.db.session() as session:
            permissions.trusted(session)  # others' work: the signer, roster and reviewer checks above decide
            if machine == machine_id(session):
                raise BundleError("This bundle was exported from this database; import bundles from other "
                                  "inspectors' laptops.")
            now = datetime.now(UTC)
            maps = owned_maps(session, _inspection_id(session, plan.inspection_uuid))
            id_of = {name: {u: i for i, u in m.items()} for name, m in maps.items()}
            by_uuid = {(c.entity, c.uuid): c for c in plan.changes}
            here = id_of["inspection"].get(plan.inspection_uuid)
            if here is not None:  # a copy kept is numbered past the references the bundle brings
                local_refs.note_refs(session.connection(), here, [r["ref"] for r in bundle.data["evidence"]
                                                                   if isinstance(r.get("ref"), str)])
            remembered: list[tuple[str, str]] = []
            origins: list[dict[str, Any]] = []
            conflicts = {(c.entity, c.uuid) for c in plan.conflicts}
            for step, entity in enumerate(ENTITIES):
                if cancelled is not None and cancelled():
                    raise Cancelled("The merge was cancelled; nothing was changed.")
                if progress is not None:
                    progress(step / len(ENTITIES), LABELS.get(entity.name, entity.name))
                table = entity.table
                adds: list[tuple[str, dict[str, Any]]] = []
                for row in bundle.data[entity.name]:
                    change = by_uuid.get((entity.name, row["uuid"]))
                    digest = row.get("_hash") or content_hash(row)
                    remembered += [(row["uuid"], h) for h in [*row.get("_history", []), digest]]
                    if change is None:
                        if row["uuid"] not in id_of[entity.name]:
                            id_of[entity.name][row["uuid"]] = _local_id_by_natural_key(session, entity, row, id_of)  # type: ignore[assignment]  # None: no local row (deleted here)
                        continue
                    conflicted = (entity.name, row["uuid"]) in conflicts
                    choice = resolutions.get(row["uuid"], default) if conflicted else "theirs"
                    values = _db_values(entity, row, id_of)
                    if change.action == "add" or (change.action == "conflict_deleted_here" and choice != "mine"):
                        if entity.name == "attachment":
                            values["data"] = _attachment_bytes(row, bundle)
                        adds.append((row["uuid"], values))
                    elif change.action == "update" or (change.action == "conflict" and choice == "theirs"):
                        assert change.local_id is not None
                        values.pop("uuid", None)
                        values.pop("ref", None)  # an evidence reference never changes once given
                        session.execute(update(table).where(table.c.id == change.local_id).values(**values))
                        id_of[entity.name][row["uuid"]] = change.local_id
                        remembered.append((change.local["uuid"] if change.local else row["uuid"],
                                           content_hash(change.local or {})))
                        counts["updated"] += 1
                    elif change.action == "conflict" and choice == "both" and entity.merge_as_copy:
                        # The copy is their version: its author is whoever wrote that version, not the
                        # person who first created the row both versions came from.
                        copy = dict(values, uuid=new_uuid())
                        if "ref" in copy:  # a new item, numbered here as the person merging's own
                            copy["ref"] = local_refs.next_ref(session.connection(), copy["inspection_id"],
                                                              local_refs.prefix_of(local_refs.team_initials(
                                                                  session.connection(), copy["inspection_id"]),
                                                                  ws.user))
                        if values.get("updated_by"):
                            copy["created_by"] = values["updated_by"]
                            copy["created_at"] = values.get("updated_at") or values.get("created_at")
                        session.execute(insert(table).values(**copy))
                        assert change.local_id is not None  # a conflict is with a row that is here
                        id_of[entity.name][row["uuid"]] = change.local_id  # children follow the local row
                        counts["kept_both"] += 1
                    else:  # keep mine (also "both" where a copy makes no sense)
                        id_of[entity.name][row["uuid"]] = change.local_id if change.local_id else None  # type: ignore[assignment]  # None: no local row (deleted here)
                        continue
                    origins.append({"row_uuid": row["uuid"], "entity": entity.name, "exporter": exporter,
                                    "machine": machine, "bundle_uuid": bundle.manifest["bundle_uuid"],
                                    "imported_at": now})
                if adds:  # one executemany per table on the driver; rows of one table never refer to each other
                    new_ids = bulk.insert_rows(session, table, [values for _uuid, values in adds])
                    for (row_uuid, _values), new_id in zip(adds, new_ids, strict=True):
                        id_of[entity.name][row_uuid] = new_id
                    added = [row_uuid for row_uuid, _values in adds]
                    for start in range(0, len(added), 500):
                        session.execute(delete(Tombstone).where(Tombstone.row_uuid.in_(added[start:start + 500])))
                    counts["added"] += len(adds)
                    if entity.name == "evidence":  # the counters pass the numbers brought in
                        for inspection_id, refs in _refs_by_inspection(v for _uuid, v in adds).items():
                            local_refs.note_refs(session.connection(), inspection_id, refs)
            for change in reversed(plan.of("delete", "conflict_deleted_there")):
                conflicted = change.action == "conflict_deleted_there"
                choice = resolutions.get(change.uuid, default) if conflicted else "theirs"
                if choice == "theirs":
                    session.execute(delete(BY_NAME[change.entity].table).where(BY_NAME[change.entity].table.c.id
                                                                             == change.local_id))
                    counts["deleted"] += 1
            _record_tombstones(session, bundle)
            _record_audit(session, bundle, plan, ws.user, {**plan.summary(), **counts}, resolutions, default,
                          accepted_unknown=not plan.signer.on_roster, quiet=quiet,
                          own_key=plan.signer.public_key if into_store else None)
            if plan.apply_roster:
                _replace_roster(session, id_of["inspection"][plan.inspection_uuid], bundle, ws.user)
            remember_versions(session, [(u, h) for u, h in remembered if u])
            _record_origins(session, origins)
            if not quiet:
                session.add(BundleLog(bundle_uuid=bundle.manifest["bundle_uuid"], direction="import",
                                      inspection_uuid=plan.inspection_uuid, peer=exporter, peer_machine=machine,
                                      at=now, since=datetime.fromisoformat(bundle.manifest["since"])
                                      if bundle.manifest.get("since") else None,
                                      counts={**plan.summary(), **counts}))
            if cancelled is not None and cancelled():
                raise Cancelled("The merge was cancelled; nothing was changed.")
            inspection_id = id_of["inspection"][plan.inspection_uuid]
    except BundleError:
        raise
    except Exception as exc:  # the batched inserts raise the driver's own errors, not SQLAlchemy's
        if not isinstance(exc, (SQLAlchemyError, ValueError, TypeError, KeyError, OverflowError,
                                cipher.dbapi().Error)) or _lost_connection(exc):
            raise
        raise BundleError(f"The bundle could not be applied ({type(exc).__name__}); nothing was changed. Ask the "
                          "sender to export it again.") from None
    return ImportResult(inspection_id, counts["added"], counts["updated"], counts["deleted"], len(plan.conflicts),
                        counts["kept_both"])


def _refs_by_inspection(rows: Iterable[Mapping[str, Any]]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for values in rows:
        found.setdefault(values["inspection_id"], []).append(values["ref"])
    return found


def backup_before_import(ws: Workspace) -> None:
    """A verified backup of the database as it is before one import or a batch of them."""
    _backup_before_import(ws)


def _backup_before_import(ws: Workspace) -> None:
    from inspector_app.storage.backups import BackupError, create_backup

    if ws.db.on_server:
        return  # a store's way back is its operator's backups (pg_dump, base backups)
    try:
        create_backup(ws.db, "before-import")
    except BackupError as exc:
        raise BundleError(f"{exc} The bundle was not imported; nothing was changed.") from exc


def _local_id_by_natural_key(session: Session, entity: Entity, row: Mapping[str, Any],
                             id_of: dict[str, dict[str, int]]) -> int | None:
    key = _natural_key(entity, row, id_of)
    if key is None:
        return None
    table = entity.table
    return session.scalar(select(table.c.id).where(*[table.c[c] == v for c, v in
                                                     zip(entity.natural_key, key, strict=True)]))


def _attachment_bytes(row: Mapping[str, Any], bundle: Bundle) -> bytes:
    data = bundle.files.get(f"attachments/{row['sha256']}")
    if data is None:
        raise BundleError("An attachment listed in the bundle is missing from it; ask for a new export.")
    return data


def _record_tombstones(session: Session, bundle: Bundle) -> None:
    existing = set(session.scalars(select(Tombstone.row_uuid)))
    for tomb in bundle.data["tombstones"]:
        if tomb["row_uuid"] not in existing:
            session.add(Tombstone(uuid=tomb["uuid"], entity=tomb["entity"], row_uuid=tomb["row_uuid"],
                                  inspection_uuid=bundle.manifest["inspection_uuid"],
                                  deleted_at=datetime.fromisoformat(tomb["deleted_at"]),
                                  deleted_by=tomb["deleted_by"], history=tomb["history"]))


def _replace_roster(session: Session, inspection_id: int, bundle: Bundle, who: str) -> None:
    """The lead's roster replaces ours: they set it, and their signature on the bundle says it is theirs."""
    session.execute(delete(RosterMember).where(RosterMember.inspection_id == inspection_id))
    session.execute(insert(RosterMember), [
        {"uuid": new_uuid(), "inspection_id": inspection_id, "name": m["name"], "role": TeamRole(m["role"]),
         "public_key": m["public_key"], "added_by": bundle.signer.name if bundle.signer else who,
         "added_at": datetime.now(UTC)} for m in bundle.data["roster"]])


def _record_audit(session: Session, bundle: Bundle, plan: ImportPlan, who: str, counts: dict[str, int],
                  resolutions: Mapping[str, Resolution], default: Resolution | None,
                  accepted_unknown: bool = False, quiet: bool = False, own_key: str | None = None) -> None:
    """Keep the sender's audit trail (each event once) and record this import and every conflict decision.

    Events relayed by the regional store keep the key of whoever first pushed them; the import's own
    events name the signer's key, so the store's history says whose push made each change.
    """

    now = datetime.now(UTC)
    relay = plan.signer.relay
    carried = [{"uuid": e["uuid"], "at": trust.parse_time(e["at"]), "received_at": now, "who": e["who"],
                "inspection_uuid": plan.inspection_uuid, "entity": e["entity"], "row_uuid": e["row_uuid"],
                "action": e["action"], "changes": e["changes"],
                "brought_by": (e.get("signer") if relay else None) or plan.signer.public_key, "doubt": doubt}
               for e, doubt in zip(bundle.data.get("audit", []), plan.audit_doubts, strict=True)]
    audit.record_carried(session, carried)  # each once, chained into this database's history, signer kept
    if quiet:
        return
    sender: dict[str, Any] = {"from": bundle.exporter, "bundle": bundle.manifest["bundle_uuid"],
                              "signer": plan.signer.fingerprint,
                              "signer_on_roster": plan.signer.member.name if plan.signer.member else None}
    if accepted_unknown:
        sender["accepted_unknown_signer"] = True
    events = [audit.event(who, "import", "bundle", bundle.manifest["bundle_uuid"], plan.inspection_uuid,
                          {**sender, "counts": counts})]
    events += [audit.event(who, "merge", c.entity, c.uuid, plan.inspection_uuid,
                           {**sender, "conflict": c.action, "decision": resolutions.get(c.uuid, default)})
               for c in plan.conflicts]
    audit.record(session, [dict(e, brought_by=own_key) for e in events] if own_key else events)


def _record_origins(session: Session, origins: list[dict[str, Any]]) -> None:
    """Where each row came from; a row seen again takes its newest origin."""
    bulk.execute_many(session, RowOrigin.__table__, origins,  # type: ignore[arg-type]
                      " ON CONFLICT (row_uuid) DO UPDATE SET exporter = excluded.exporter, machine = "
                      "excluded.machine, bundle_uuid = excluded.bundle_uuid, imported_at = excluded.imported_at")
