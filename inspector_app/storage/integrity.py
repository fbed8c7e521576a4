"""Is the database sound? SQLite's own checks plus the app's invariants, in plain words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_app.domain.wording import plural
from inspector_app.storage import audit_chain, cipher, engines
from inspector_app.storage.backups import list_backups
from inspector_app.storage.database import Database
from inspector_app.storage.errors import Reason, meaning, reason_of, sqlite_code


@dataclass(frozen=True)
class Finding:
    ok: bool
    check: str
    detail: str
    applies: bool = True  # False: a check this engine has no equivalent of, listed so that its absence is said


INVARIANTS = [
    ("every evidence item belongs to an existing inspection",
     "SELECT count(*) FROM evidence WHERE inspection_id NOT IN (SELECT id FROM inspection)"),
    ("evidence linked to a case links to a case of the same inspection",
     "SELECT count(*) FROM evidence e JOIN case_record c ON c.id = e.case_id WHERE c.inspection_id != e.inspection_id"),
    ("at most one judgement per area of each inspection",
     "SELECT count(*) FROM (SELECT 1 FROM judgement GROUP BY inspection_id, area_key HAVING count(*) > 1) AS twice"),
    ("every row's UUID is unique within its table",
     "SELECT (SELECT count(*) - count(DISTINCT uuid) FROM evidence) + (SELECT count(*) - count(DISTINCT uuid) "
     "FROM case_record) + (SELECT count(*) - count(DISTINCT uuid) FROM finding)"),
    ("the full-text index matches the evidence",
     "SELECT (SELECT count(*) FROM evidence) - (SELECT count(*) FROM evidence_fts_docsize)"),
    ("attachments match their recorded size",
     "SELECT count(*) FROM attachment WHERE length(data) != size"),
    # What the bundle importer refuses (docs/bundle-format.md), so a database that got it anyway is caught.
    ("evidence linked to a record audit links to one of the same inspection",
     "SELECT count(*) FROM evidence e JOIN record_audit r ON r.id = e.record_audit_id "
     "JOIN case_record c ON c.id = r.case_id WHERE c.inspection_id != e.inspection_id"),
    ("findings cite evidence of their own inspection",
     "SELECT count(*) FROM finding_evidence fe JOIN finding f ON f.id = fe.finding_id "
     "JOIN evidence e ON e.id = fe.evidence_id WHERE f.inspection_id != e.inspection_id"),
    ("case references are filled in and unique within each inspection",
     "SELECT (SELECT count(*) FROM (SELECT 1 FROM case_record GROUP BY inspection_id, trim(reference) "
     "HAVING count(*) > 1) AS twice) + (SELECT count(*) FROM case_record WHERE trim(reference) = '')"),
    ("evidence references are filled in and unique within each inspection",
     "SELECT (SELECT count(*) FROM (SELECT 1 FROM evidence GROUP BY inspection_id, ref "
     "HAVING count(*) > 1) AS twice) + (SELECT count(*) FROM evidence WHERE ref = '')"),
    ("history received in bundles is dated in order (or marked as doubtful)",
     "SELECT count(*) FROM audit_event a JOIN inspection i ON i.uuid = a.inspection_uuid "
     "WHERE a.brought_by IS NOT NULL AND a.doubt IS NULL AND (a.at > datetime(a.received_at, '+1 hour') "
     "OR a.at < datetime(i.created_at, '-1 day'))"),
    ("history received in bundles is by members of the team roster (or marked as doubtful)",
     "SELECT count(*) FROM audit_event a JOIN inspection i ON i.uuid = a.inspection_uuid "
     "WHERE a.brought_by IS NOT NULL AND a.doubt IS NULL AND NOT EXISTS "
     "(SELECT 1 FROM roster_member r WHERE r.inspection_id = i.id AND r.name = a.who)"),
]


# Checks written in SQLite's own SQL (its full-text index's shadow tables, its date functions): a PostgreSQL
# store has no such index to drift, and its dates are checked by the same rule when events are imported.
_SQLITE_ONLY = frozenset({"the full-text index matches the evidence",
                          "history received in bundles is dated in order (or marked as doubtful)"})


def _driver_errors() -> tuple[type[BaseException], ...]:
    import psycopg

    return (cipher.dbapi().Error, psycopg.Error)


def _could_not_run(check: str, exc: BaseException) -> Finding:
    """A check SQLite could not complete is itself a finding: it says which, and why, in plain words."""
    reason = reason_of(exc)
    why = meaning(reason) or f"SQLite stopped with {getattr(exc, 'sqlite_errorname', None) or type(exc).__name__}"
    return Finding(False, check, f"could not run: {why}")


def check_connection(connection: Any, read_only: bool = False,
                     extra: Callable[[Any], list[Finding]] | None = None) -> list[Finding]:
    """Every check on a DB-API connection; each that cannot run is reported, none stops the others."""
    if engines.ops_of_driver(connection).name == "postgresql":
        return _check_server(connection, extra)
    findings: list[Finding] = []
    try:
        rows = [r[0] for r in connection.execute("PRAGMA integrity_check")]
        findings.append(Finding(rows == ["ok"], "SQLite integrity check",
                                "the file's structure is sound" if rows == ["ok"] else "; ".join(rows[:5])))
    except cipher.dbapi().Error as exc:
        findings.append(_could_not_run("SQLite integrity check", exc))
    try:
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        findings.append(Finding(not problems, "references between rows",
                                "every reference points to an existing row" if not problems
                                else f"{plural(len(problems), 'row')} "
                                     f"{'refers' if len(problems) == 1 else 'refer'} to rows that do not exist"))
    except cipher.dbapi().Error as exc:
        findings.append(_could_not_run("references between rows", exc))
    if read_only:
        findings.append(Finding(True, "full-text index", "not checked: the database is open read-only"))
    elif not findings[0].ok:
        findings.append(Finding(False, "full-text index", "not checked: the file itself is damaged"))
    else:
        try:
            connection.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')")
            findings.append(Finding(True, "full-text index", "the search index is consistent"))
        except cipher.dbapi().Error as exc:  # SQLite reports a damaged FTS index as an error
            corrupt = reason_of(exc) is Reason.DAMAGED or sqlite_code(exc) == SQLITE_CORRUPT_VTAB
            findings.append(Finding(False, "full-text index", "the search index is damaged" if corrupt
                                    else _could_not_run("full-text index", exc).detail))
    for name, sql in INVARIANTS:
        try:
            count = connection.execute(sql).fetchone()[0] or 0
            findings.append(Finding(count == 0, name, "yes" if count == 0 else f"no: {plural(count, 'exception')}"))
        except cipher.dbapi().Error as exc:
            findings.append(_could_not_run(name, exc))
    try:
        findings.extend(Finding(v.ok, v.check, v.detail) for v in audit_chain.verify(connection))
    except cipher.dbapi().Error as exc:
        findings.append(_could_not_run("history chain", exc))
    if extra is not None:
        try:
            findings.extend(extra(connection))
        except cipher.dbapi().Error as exc:  # the caller's own checks cannot run on a damaged file either
            findings.append(_could_not_run("stored rows are valid", exc))
    connection.rollback()
    return findings


SQLITE_CORRUPT_VTAB = 267


def _check_server(connection: Any, extra: Callable[[Any], list[Finding]] | None) -> list[Finding]:
    """The app's invariants and the audit trail's chain on a PostgreSQL store (the server checks its own
    files: amcheck and checksums are its operator's).

    Row-level security shows a person only the inspections whose roster names them, so the checks
    read what that person may see; the history chain links events across the whole store, so it is
    verified only by a role that sees every event (the owner, an administrator or a reviewer) and
    otherwise said to be left to them, never reported broken for rows the person cannot see."""
    findings: list[Finding] = [
        Finding(True, "file integrity", "not applicable: PostgreSQL has no equivalent of SQLite's PRAGMA "
                "integrity_check; the server's data checksums and amcheck are its operator's", applies=False),
        Finding(True, "references between rows", "not applicable: the server enforces every foreign key as rows "
                "are written", applies=False),
    ]
    sees_all = _sees_every_event(connection)
    if not sees_all:
        findings.append(Finding(True, "what was checked", "only the inspections whose store roster names you "
                                "(row-level security)", applies=False))

    def attempt(name: str, run: Callable[[], list[Finding]]) -> None:
        try:
            findings.extend(run())
        except _driver_errors() as exc:
            connection.rollback()  # a failed statement ends the transaction; the next check needs a new one
            findings.append(_could_not_run(name, exc))

    for name, query in INVARIANTS:
        if name in _SQLITE_ONLY:
            continue

        def invariant(name: str = name, query: str = query) -> list[Finding]:
            count = connection.execute(query).fetchone()[0] or 0
            return [Finding(count == 0, name, "yes" if count == 0 else f"no: {plural(count, 'exception')}")]

        attempt(name, invariant)
    if sees_all:
        attempt("history chain", lambda: [Finding(v.ok, v.check, v.detail) for v in audit_chain.verify(connection)])
    else:
        findings.append(Finding(True, "history chain", "not checked with your role: the chain links every "
                                "inspection's events, and you see only yours; the store's owner or an administrator "
                                "runs inspector-app check to verify it", applies=False))
    if extra is not None:
        attempt("stored rows are valid", lambda: extra(connection))
    connection.rollback()
    return findings


def _sees_every_event(connection: Any) -> bool:
    """Whether row-level security hides none of the audit trail from this role."""
    try:
        row = connection.execute(
            "SELECT c.relrowsecurity, r.rolsuper OR r.rolbypassrls OR pg_has_role(c.relowner, 'MEMBER'), "
            "to_regproc('inspector_access.reads_all') IS NOT NULL "
            "FROM pg_class c JOIN pg_roles r ON r.rolname = current_user "
            "WHERE c.oid = 'public.audit_event'::regclass").fetchone()
        if row is None or not row[0] or row[1]:
            return True
        return bool(row[2]) and bool(connection.execute("SELECT inspector_access.reads_all()").fetchone()[0])
    except _driver_errors():
        connection.rollback()
        return False


def check_database(db: Database, extra: Callable[[Any], list[Finding]] | None = None) -> list[Finding]:
    """Check an open database (the window's File ▸ Check database)."""
    raw = db.engine.raw_connection()
    try:
        return check_connection(raw.driver_connection, read_only=db.read_only, extra=extra)
    finally:
        raw.close()


@dataclass(frozen=True)
class FileReport:
    findings: list[Finding]
    advice: str  # what to do, with what a restore would lose


def check_file(path: Path, passphrase: str | None,
               extra: Callable[[Any], list[Finding]] | None = None) -> FileReport:
    """Check a database file that may be too damaged to open for work, without changing a byte of it."""
    key = None if path.exists() and cipher.is_plain_sqlite(path) else passphrase
    connection = None
    findings: list[Finding] = []
    for mode in ("mode=ro", "immutable=1"):
        try:
            connection = cipher.keyed_connect(f"file:{path.as_posix()}?{mode}", key, uri=True)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            break
        except cipher.dbapi().Error as exc:
            if connection is not None:
                connection.close()
            connection = None
            opened = _could_not_run("the file opens", exc)
    if connection is None:
        findings.append(opened)
        return FileReport(findings, restore_advice(path, key, None))
    try:
        findings.append(Finding(True, "the file opens", "yes"))
        findings.extend(check_connection(connection, read_only=True, extra=extra))
        advice = "" if all(f.ok for f in findings) else restore_advice(path, key, connection)
    finally:
        connection.close()
    return FileReport(findings, advice)


def _operator_advice() -> str:
    from inspector_app.storage.engines.postgresql import OPERATOR_BACKUPS

    return f"Tell the store's operator. {OPERATOR_BACKUPS}"


def restore_advice_for(db: Database) -> str:
    """:func:`restore_advice` for an open database."""
    if db.path is None:
        return _operator_advice()
    raw = db.engine.raw_connection()
    try:
        return restore_advice(db.path, db.passphrase, raw.driver_connection)
    finally:
        raw.close()


def restore_advice(path: Path, passphrase: str | None, live: Any) -> str:
    """What to do about a damaged database, and how much restoring the newest good backup would lose.

    The loss is counted from the audit trail: the events recorded after the newest event the backup
    holds. If the damaged file's trail cannot be read, the loss is stated as unknown, with the time.
    """
    for backup in list_backups(path):
        try:
            copy = cipher.keyed_connect(f"file:{backup.path.as_posix()}?mode=ro", passphrase, uri=True)
        except cipher.dbapi().Error:
            continue
        try:
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                continue
            newest = copy.execute("SELECT coalesce(max(id), 0) FROM audit_event").fetchone()[0]
        except cipher.dbapi().Error:
            continue
        finally:
            copy.close()
        when = f"{backup.taken_at.astimezone():%d %b %Y %H:%M}"
        lost = "an unknown number of changes (the damaged file's history cannot be read)"
        if live is not None:
            try:
                count = live.execute("SELECT count(*) FROM audit_event WHERE id > ?", (newest,)).fetchone()[0]
                lost = f"{count} change{'s' if count != 1 else ''} recorded since then"
            except cipher.dbapi().Error:
                pass
        return (f"Restore the newest good backup ({when}): inspector-app backup restore --db {path} (or File ▸ "
                f"Backups in the window). It would lose {lost}. The damaged file is kept beside it.")
    return ("There is no good backup to restore. Keep this file, and ask for help before changing it; "
            "export what can still be read with --read-only.")
