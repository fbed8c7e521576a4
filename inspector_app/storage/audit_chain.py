"""The audit trail as a hash chain: each event's hash covers its content and the previous event's hash.

Per database, in insertion order (``id``), events imported from bundles included (they keep their
``brought_by`` signer stamp, which the hash covers). An event edited, inserted or removed outside
the app breaks the chain at that event, and :func:`verify` names it; rewriting every later hash is
possible only for someone holding the key and this code, which is what ``docs/security.md`` says.

``changes`` enters the hash through ``changes_hash``, the digest of what the event first said, so
that a purge may redact what an event said without breaking the chain: the redaction is itself an
event (``action = "redact"``) listing the events it redacted and why, and :func:`verify` accepts a
changed ``changes`` only for events such a redaction names.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from inspector_app.domain.wording import plural
from inspector_app.storage import cipher

GENESIS = "0" * 64
REDACT = "redact"
_NOT_HASHED = frozenset({"id", "chain_hash", "changes"})
_STORED = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite
CLOCK_SLACK = timedelta(minutes=10)  # a clock set back by less than this is not called back-dating
@contextmanager
def redacting(connection: Any = None) -> Iterator[None]:
    """Allow this thread's (and, on PostgreSQL, ``connection``'s transaction's) rewriting of events'
    ``changes`` (a purge); every other column stays fixed."""
    from inspector_app.storage import engines
    from inspector_app.storage.engines import sqlite

    ways = engines.ops(connection) if connection is not None else None
    sqlite.set_redacting(True)
    if ways is not None:
        ways.allow_redaction(connection)
    try:
        yield
    finally:
        sqlite.set_redacting(False)
        if ways is not None:
            ways.end_redaction(connection)


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is UTC and value.year >= 1000:  # an event's own times (utcnow): no conversion to make
            return value.isoformat(" ", "microseconds")[:26]  # without its "+00:00"
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        if value.year >= 1000:  # what strftime(_STORED) writes, at a third of its cost (every event has two)
            return value.isoformat(" ", "microseconds")
        return value.strftime(_STORED)
    return value


_PLAIN = (str, int, bool, type(None))


def _as_stored(changes: Any) -> Any:
    """``changes`` as it reads back from its stored JSON: the value itself when it is already plain JSON (a
    dict of text keys whose values are text, whole numbers, yes/no, None or lists of text: what a save
    describes), else a round trip through the stored encoding (tuples become lists, other keys text)."""
    if type(changes) is dict and all(type(k) is str and (type(v) in _PLAIN or (
            type(v) is list and all(type(x) is str for x in v))) for k, v in changes.items()):
        return changes
    return json.loads(_STORED_JSON(changes))


_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode
_STORED_JSON = json.JSONEncoder(ensure_ascii=False).encode  # made once: json.dumps with options makes one a call


def _json(value: Any) -> str:
    return _CANONICAL(value)


def changes_digest(changes: Any) -> str:
    """The digest of an event's ``changes`` (stored JSON text or the value itself)."""
    if isinstance(changes, str | bytes):
        changes = json.loads(changes)
    return hashlib.sha256(_json(changes).encode()).hexdigest()


def link(previous: str, row: Mapping[str, Any]) -> str:
    """The hash of an event (a row as stored or as about to be inserted) chained to ``previous``."""
    fields = {k: (_canonical(v) if isinstance(v, datetime) else v) for k, v in row.items()
              if v is not None and k not in _NOT_HASHED}  # _canonical called only where it changes something
    return hashlib.sha256(f"{previous}\n{_json(fields)}".encode()).hexdigest()


@cache
def _hashed_columns(columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c for c in columns if c not in ("id", "chain_hash", "changes_hash"))


def chained(previous: str, rows: Iterable[Mapping[str, Any]], columns: Iterable[str]) -> list[dict[str, Any]]:
    """The rows with ``changes_hash`` and ``chain_hash`` filled in, each linked to the one before.

    Every column is given (None where the row has nothing), so what is hashed is what is stored.
    """
    names = _hashed_columns(tuple(columns))
    out = []
    for row in rows:
        full = {name: row.get(name) for name in names}
        full["changes"] = _as_stored(full.get("changes") or {})
        full["changes_hash"] = changes_digest(full["changes"])
        previous = link(previous, full)
        full["chain_hash"] = previous
        out.append(full)
    return out


@dataclass(frozen=True)
class Verdict:
    ok: bool
    check: str
    detail: str


def _describe(row: Mapping[str, Any]) -> str:
    return f"event {row['id']} ({str(row['at'])[:16]}, {row['who'] or 'unknown'}, {row['action']} {row['entity']})"


def verify(connection: Any) -> list[Verdict]:
    """Check the chain, the redactions, the triggers and the flag, on a DB-API connection."""
    verdicts = [_verify_triggers(connection), _verify_flag(connection)]
    cursor = connection.execute("SELECT * FROM audit_event ORDER BY id")
    names = [d[0] for d in cursor.description]
    previous, broken, count, latest = GENESIS, None, 0, None
    edited: list[tuple[str, str]] = []
    redacted: set[str] = set()
    backdated = None
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        count += 1
        if broken is None and (row.get("chain_hash") != link(previous, row)):
            broken = row
        previous = row.get("chain_hash") or previous
        try:
            same = row.get("changes_hash") == changes_digest(row["changes"])
        except (TypeError, ValueError):
            same = False
        if not same:
            edited.append((row["uuid"], _describe(row)))
        elif row["action"] == REDACT:
            said = row["changes"]  # JSON text from SQLite, already a dict from PostgreSQL
            redacted.update((json.loads(said) if isinstance(said, str | bytes) else said).get("events", []))
        try:
            received = datetime.fromisoformat(str(row["received_at"]))
        except ValueError:
            received = datetime.min
        if backdated is None and latest is not None and received < latest - CLOCK_SLACK:
            backdated = row
        latest = received if latest is None else max(latest, received)
    if broken is not None:
        verdicts.append(Verdict(False, "history chain", f"broken at {_describe(broken)}: it was changed, inserted or "
                                "removed outside the app, and the events after it cannot be vouched for"))
    else:
        verdicts.append(Verdict(True, "history chain", f"all {plural(count, 'event')} link up"))
    unexplained = [label for uuid, label in edited if uuid not in redacted]
    verdicts.append(Verdict(not unexplained, "history edits",
                            "every event says what it first said, or a recorded redaction explains why not"
                            if not unexplained else f"{unexplained[0]} was edited with no redaction recorded"
                            + (f" (and {len(unexplained) - 1} more)" if len(unexplained) > 1 else "")))
    verdicts.append(Verdict(backdated is None, "history in time order",
                            "each event arrived after the one before" if backdated is None else
                            f"{_describe(backdated)} is dated before events recorded ahead of it (back-dated)"))
    return verdicts


def _verify_triggers(connection: Any) -> Verdict:
    from inspector_app.storage import engines

    ok, problems = engines.ops_of_driver(connection).audit_triggers(connection)
    return Verdict(ok, "history protection (triggers)",
                   "the triggers are in place as the app made them" if ok else problems)


def _verify_flag(connection: Any) -> Verdict:
    try:
        left = connection.execute("SELECT count(*) FROM app_meta WHERE key = 'audit_redaction'").fetchone()[0]
    except cipher.dbapi().Error:  # no app_meta table: nothing can be left set
        left = 0
        connection.rollback()
    return Verdict(not left, "no redaction flag left set",
                   "none" if not left else "an old 'audit_redaction' flag is set in app_meta: someone switched the "
                   "protection off")
