"""PostgreSQL's own ways (a regional store): how to connect safely, how it searches, how it keeps
the audit trail append-only, and how a store is set up with its roles and row-level security.

**Connecting.** A store is named by a libpq URL (``postgresql://role@host/db?sslmode=verify-full``)
and reached through psycopg 3 exactly as libpq would (so ``~/.pgpass``, ``PGSERVICEFILE`` service
files and ``sslmode`` behave as PostgreSQL documents them). A URL carrying a password is refused,
because a command line and a shell history are logs; the password belongs in the password file or
a service file. A server that is not on this machine must be reached over TLS that checks the
server's certificate (``sslmode=verify-full``, or ``verify-ca``): a URL that would travel in clear
is refused, and so is a connection that turns out not to use TLS (a service file may name the host).

**Searching.** SQLite's FTS5 trigram index matches each word of three letters or more anywhere
inside the evidence text or its tags, ignoring case. Here the same question is a case-insensitive
``ILIKE '%word%'`` on each column, answered by ``pg_trgm`` GIN indexes on ``text`` and on
``tags::text``: trigrams, as SQLite's index, so the same items match; ordered by id descending,
as SQLite reads its index, so they come in the same order. (A ``tsvector`` index matches whole
words and stems them, so "safegu" would not find "safeguarding": it would not match SQLite.)

**The audit trail.** A PL/pgSQL trigger refuses every DELETE, TRUNCATE and UPDATE of
``audit_event``, except an UPDATE that changes nothing but ``changes`` in a transaction that set
``inspector.audit_redaction`` (a retention purge, run by the store's owner). Roles get no UPDATE or
DELETE privilege on the table at all (see :func:`set_up_access`): privileges and the trigger both.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import ssl
import struct
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import set_json_dumps
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Select,
    Table,
    Text,
    and_,
    bindparam,
    cast,
    create_engine,
    event,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.selectable import TableValuedAlias

from inspector_app.storage.engines import PASSWORD_IN_ENVIRONMENT, password_in_environment
from inspector_app.storage.errors import Reason, ServerProblem

LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})
SAFE_SSLMODES = frozenset({"verify-full", "verify-ca"})
REDACTION_SETTING = "inspector.audit_redaction"
GUARD_FUNCTION = "inspector_audit_guard"
AUDIT_CHAIN_LOCK = 7_204_311_952  # the advisory lock every appender of the audit chain takes
CONNECT_TIMEOUT = 10  # seconds: a server that does not answer is reported, not waited on for ever

# The exact guard ``check`` expects (the migration that makes it holds a frozen copy of the same text).
GUARD_BODY = (
    "BEGIN "
    f"IF TG_OP = 'UPDATE' AND current_setting('{REDACTION_SETTING}', true) = 'on' "
    "AND (to_jsonb(NEW) - 'changes') = (to_jsonb(OLD) - 'changes') THEN RETURN NEW; END IF; "
    "RAISE EXCEPTION 'the audit trail cannot be changed' USING ERRCODE = 'insufficient_privilege'; "
    "END")
GUARD_TRIGGERS = frozenset({"audit_event_no_update", "audit_event_no_delete", "audit_event_no_truncate"})


OPERATOR_BACKUPS = ("Backups of a PostgreSQL store are its operator's, on the server (pg_dump or base backups, "
                    "kept and retired by the region's backup policy): the app makes none; see docs/regional-store.md.")
OPERATOR_KEYS = ("A PostgreSQL store has no passphrase of its own: its data is protected by the server's disk "
                 "encryption, TLS and roles, which its operator manages; see docs/regional-store.md.")
OPERATOR_DESTROY = ("A PostgreSQL store is destroyed by its operator (DROP DATABASE, then its backups and WAL "
                    "archives): the app does not; see docs/regional-store.md.")


class ServerError(ServerProblem):
    """A store could not be reached or used; the message is one line for a person, ``reason`` what kind."""

    def __init__(self, message: str, reason: Reason) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Address:
    """A checked store address: the libpq connection string, and what may be shown of it."""

    conninfo: str
    display: str  # role@host:port/database, never a password
    params: dict[str, Any]

    @property
    def database(self) -> str:
        return str(self.params.get("dbname") or self.params.get("service") or "the store")


def _hosts(params: dict[str, Any]) -> list[str]:
    hosts = str(params.get("host") or params.get("hostaddr") or "")
    return [h.strip() for h in hosts.split(",")] if hosts else [""]


def _is_local(host: str) -> bool:
    return host.startswith("/") or host.startswith("@") or host.lower() in LOCAL_HOSTS


def display_of(params: dict[str, Any]) -> str:
    if "service" in params and "host" not in params:
        return f"service {params['service']}"
    host = ",".join(h if not h.startswith("/") else "local socket" for h in _hosts(params)) or "local socket"
    port = f":{params['port']}" if params.get("port") else ""
    role = f"{params['user']}@" if params.get("user") else ""
    return f"{role}{host or 'local socket'}{port}/{params.get('dbname', '')}"


def check_address(url: str) -> Address:
    """Read a store URL, refusing one that would put a password on a command line or send data in clear."""
    try:
        params = conninfo_to_dict(url.strip())
    except psycopg.ProgrammingError:
        raise ServerError("That store address cannot be read. Write it as postgresql://ROLE@HOST/DATABASE"
                          "?sslmode=verify-full (or postgresql://ROLE@/DATABASE for this machine).",
                          Reason.BAD_ADDRESS) from None
    if params.get("password"):
        raise ServerError("The store address contains a password: remove it and put the password in ~/.pgpass "
                          "(or a PostgreSQL service file), so that it never appears on a command line or in a log.",
                          Reason.BAD_ADDRESS)
    if password_in_environment():
        raise ServerError(PASSWORD_IN_ENVIRONMENT, Reason.BAD_ADDRESS)
    port = str(params.get("port") or "5432")
    if not all(p.strip().isdigit() for p in port.split(",")):
        raise ServerError(f"The store address's port “{port}” is not a number. Check the address.",
                          Reason.BAD_ADDRESS)
    remote = [h for h in _hosts(params) if not _is_local(h)]
    if remote and params.get("sslmode") not in SAFE_SSLMODES:
        raise ServerError(f"The store at {remote[0]} is not on this machine, so it must be reached over TLS: add "
                          "?sslmode=verify-full to the address (and the server's CA certificate to "
                          "~/.postgresql/root.crt).", Reason.BAD_ADDRESS)
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT))
    params.setdefault("application_name", "inspector-app")
    return Address(make_conninfo("", **params), display_of(params), params)


def _hostaddr(pgconn: Any) -> str:
    """The numeric address libpq was given (``hostaddr``: a name for the certificate, an address to dial)."""
    try:
        return str((pgconn.hostaddr or b"").decode(errors="replace"))
    except (psycopg.NotSupportedError, AttributeError):
        return ""


def _reachable(pgconn: Any) -> bool:
    """Whether anything listens where the failed connection tried (a socket file, or a TCP port)."""
    host = _hostaddr(pgconn) or (getattr(pgconn, "host", b"") or b"").decode(errors="replace")
    port = (getattr(pgconn, "port", b"") or b"5432").decode(errors="replace")
    try:
        if host.startswith("/"):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(3)
                sock.connect(os.path.join(host, f".s.PGSQL.{port}"))
        else:
            with socket.create_connection((host or "localhost", int(port)), timeout=3):
                pass
    except (OSError, ValueError):
        return False
    return True


class TlsProblem(Enum):
    """Why TLS that checks the server failed, found by a handshake of our own (libpq says it only in words)."""

    NO_CA = "no CA certificate to check the server with"
    UNTRUSTED = "the certificate is not signed by the CA trusted here"
    WRONG_NAME = "the certificate is for another host name"
    NO_TLS = "the server does not offer TLS"


SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # the protocol's "may we speak TLS?" (the server answers S or N)
HOSTNAME_MISMATCH = 62  # OpenSSL's X509_V_ERR_HOSTNAME_MISMATCH


def _ca_file(params: dict[str, Any]) -> str:
    """The CA certificate libpq checks the server with: sslrootcert, PGSSLROOTCERT or ~/.postgresql/root.crt."""
    configured = params.get("sslrootcert") or os.environ.get("PGSSLROOTCERT")
    return str(configured) if configured else str(Path.home() / ".postgresql" / "root.crt")


def tls_problem(address: Address, pgconn: Any) -> TlsProblem | None:
    """Why a checked TLS connection to where ``pgconn`` tried was refused, or None when TLS is not the cause
    (or it was not asked for): the same check libpq makes, made again with Python's ``ssl``."""
    mode = address.params.get("sslmode") or os.environ.get("PGSSLMODE")
    host = (getattr(pgconn, "host", b"") or b"").decode(errors="replace")
    if mode not in SAFE_SSLMODES or not host or host.startswith("/"):
        return None
    hostaddr = _hostaddr(pgconn)
    port = int((getattr(pgconn, "port", b"") or b"5432").decode(errors="replace") or 5432)
    ca_file = _ca_file(address.params)
    context = ssl.create_default_context()
    if ca_file != "system":
        if not Path(ca_file).is_file():
            return TlsProblem.NO_CA
        context = ssl.create_default_context(cafile=ca_file)
    context.check_hostname = mode == "verify-full"
    try:
        with socket.create_connection((hostaddr or host, port), timeout=3) as sock:
            sock.sendall(SSL_REQUEST)
            if sock.recv(1) != b"S":
                return TlsProblem.NO_TLS
            with context.wrap_socket(sock, server_hostname=host):
                return None  # the handshake passed: something else was refused
    except ssl.SSLCertVerificationError as exc:
        return TlsProblem.WRONG_NAME if exc.verify_code == HOSTNAME_MISMATCH else TlsProblem.UNTRUSTED
    except (OSError, ValueError):
        return None


def _tls_refused(problem: TlsProblem, address: Address, host: str) -> ServerError:
    nothing = "nothing was sent"
    if problem is TlsProblem.NO_CA:
        message = (f"There is no CA certificate to check the store at {address.display} with, so {nothing}: put the "
                   "CA certificate your administrator gave you in ~/.postgresql/root.crt (or name it with "
                   "sslrootcert= in the address or service file).")
    elif problem is TlsProblem.UNTRUSTED:
        message = (f"The store at {address.display} showed a certificate that the CA certificate you trust did not "
                   f"sign, so {nothing}: check that CA file with your administrator (if it is right, this server "
                   "is not your store).")
    elif problem is TlsProblem.WRONG_NAME:
        message = (f"The store's certificate is not for {host}, so {nothing}: use the host name its certificate "
                   "names (ask your administrator), not another name or an IP address.")
    else:
        message = (f"The server at {address.display} does not offer TLS, so {nothing}: its administrator must "
                   "turn TLS on (ssl = on) before anyone connects from another machine.")
    return ServerError(message, Reason.TLS_REFUSED)


def refused(exc: psycopg.OperationalError, address: Address) -> ServerError:
    """Why a connection attempt failed, told apart by what libpq knows of it (never by its message)."""
    pgconn = getattr(exc, "pgconn", None)
    role = address.params.get("user") or "your login name"
    if pgconn is not None and pgconn.needs_password:
        return ServerError(f"The store at {address.display} asks for a password and none was found: put it in "
                           "~/.pgpass (or a PostgreSQL service file), never in the address.", Reason.LOGIN_REFUSED)
    if pgconn is not None and pgconn.used_password:
        return ServerError(f"The store at {address.display} refused the password for {role}: correct it in "
                           "~/.pgpass (or your service file), or ask the store's administrator.",
                           Reason.LOGIN_REFUSED)
    if pgconn is None or not _reachable(pgconn):
        return ServerError(f"No store answers at {address.display}: check the address and that the server is "
                           "running and reachable from here, then try again.", Reason.UNREACHABLE)
    problem = tls_problem(address, pgconn)
    if problem is not None:
        return _tls_refused(problem, address, (pgconn.host or b"").decode(errors="replace"))
    return ServerError(f"The store at {address.display} would not let {role} into database {address.database}: "
                       "check the role and database names, or ask the store's administrator to give you access.",
                       Reason.LOGIN_REFUSED)


def connect(address: Address) -> psycopg.Connection[Any]:
    """A psycopg connection, refused when a remote server turned out not to use TLS."""
    try:
        connection = psycopg.connect(address.conninfo)
    except psycopg.OperationalError as exc:
        raise refused(exc, address) from None
    host = connection.info.host or ""
    if not _is_local(host) and not connection.pgconn.ssl_in_use:
        connection.close()
        raise ServerError(f"The store at {host} answered without TLS, so nothing was sent: set sslmode=verify-full "
                          "in the address or service file.", Reason.BAD_ADDRESS)
    set_json_dumps(_json_text, connection)  # readable text, as SQLite stores it: the history's search finds "café"
    return connection


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # the same text SQLite stores, so tags::text matches alike


def make_engine(address: Address, read_only: bool = False) -> Engine:
    """An engine whose connections are made by libpq from the checked address (password file, TLS)."""
    engine = create_engine("postgresql+psycopg://", creator=lambda: connect(address), poolclass=QueuePool,
                           pool_size=2, max_overflow=4, json_serializer=_json_text)
    if read_only:
        event.listen(engine, "connect", _read_only)
    return engine


def may_write(engine: Engine) -> bool:
    """Whether this login may add inspection data at all (an inspector may; a reviewer or an administrator
    reads only). The server decides each row; this only says whether to open the store read-only."""
    with engine.connect() as connection:
        return bool(connection.scalar(text("SELECT has_table_privilege('public.evidence', 'INSERT')")))


def _read_only(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    dbapi_connection.commit()


def failure(exc: BaseException) -> ServerError | None:
    """A PostgreSQL error during work, as a reason, or None when it is not about the server or rights."""
    inner = getattr(exc, "orig", None) or exc
    if isinstance(inner, ServerError):
        return inner
    if isinstance(inner, psycopg.errors.InsufficientPrivilege):
        return ServerError("The store refused: your role has no right to do that here. Ask the store's "
                           "administrator for access (nothing was changed).", Reason.NO_RIGHTS)
    if isinstance(inner, psycopg.errors.ReadOnlySqlTransaction):
        return ServerError("The store is open read-only here (your role reads only, or --read-only was given): "
                           "nothing was changed.", Reason.READ_ONLY)
    if isinstance(inner, psycopg.errors.UndefinedTable):
        return ServerError("The store has no Inspector App tables yet: its administrator creates them with "
                           "inspector-app store init URL.", Reason.OLDER_VERSION)
    if isinstance(inner, psycopg.errors.DiskFull):
        return ServerError("The store's server is out of disk space; nothing was changed. Tell its administrator.",
                           Reason.DISK_FULL)
    if isinstance(inner, psycopg.OperationalError | psycopg.errors.AdminShutdown | psycopg.InterfaceError):
        return ServerError("The connection to the store was lost; nothing from the interrupted step was saved "
                           "there. Check the network and try again.", Reason.UNREACHABLE)
    return None


class PostgresOps:
    name = "postgresql"
    hidden_row_hint = (" in the store, or its row-level security hides it from your role: ask the store's "
                       "administrator to put you on the inspection's store roster")
    returning_id = " RETURNING id"  # appended to a single INSERT whose new id is wanted
    json_list_param = "(SELECT json_array_elements_text(?::json))"  # the values of a JSON list bound as one ? parameter
    placeholder = "%s"

    def new_ids(self, connection: Connection, table: Table, count: int) -> list[int]:
        # Other writers insert at the same time: ids come from the table's own sequence.
        rows = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
            {"table": table.name, "n": count})
        return [int(r[0]) for r in rows]

    def json_list_values(self, column: Column[Any] | Any) -> TableValuedAlias:
        return func.json_array_elements_text(column).table_valued("value")

    def json_text_field(self, column: Column[Any] | Any, key: str) -> Any:
        return column.op("->>", return_type=Text())(key)

    def range_is_exact(self, driver: Any, inspection_id: int) -> bool:
        return False  # the trigram indexes are searched by inspection, not by id range

    def text_search(self, long_words: int, joined: bool = True, exact_range: bool = False) -> tuple[Select[Any], Any]:
        from inspector_app.storage.models import Evidence

        tags = cast(Evidence.tags, Text)  # matches the expression of the GIN index on tags
        words = [or_(Evidence.text.ilike(bindparam(f"term_{n}"), escape="\\"),
                     tags.ilike(bindparam(f"term_{n}"), escape="\\")) for n in range(long_words)]
        query = select(Evidence.id).where(Evidence.inspection_id == bindparam("inspection_id")).where(and_(*words))
        return query, Evidence.id

    def last_audit_link(self, connection: Connection | Session) -> str | None:
        # Many people append at once: one lock for the store's chain, held to the end of the transaction
        # (so ids and links follow one order), and the last link read past row-level security.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_CHAIN_LOCK})
        return connection.execute(text("SELECT inspector_last_audit_link()")).scalar()

    def allow_redaction(self, connection: Connection) -> None:
        connection.execute(text("SELECT set_config(:name, 'on', true)"), {"name": REDACTION_SETTING})

    def end_redaction(self, connection: Connection) -> None:
        with contextlib.suppress(Exception):  # the transaction may already have failed; it then rolls back
            connection.execute(text("SELECT set_config(:name, 'off', true)"), {"name": REDACTION_SETTING})

    def audit_triggers(self, dbapi_connection: Any) -> tuple[bool, str]:
        found = {name: function for name, function in dbapi_connection.execute(
            "SELECT t.tgname, p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE t.tgrelid = 'audit_event'::regclass AND NOT t.tgisinternal")}
        body = dbapi_connection.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = %s", (GUARD_FUNCTION,)).fetchone()
        problems = [f"{n} is missing" for n in sorted(GUARD_TRIGGERS - set(found))]
        problems += [f"{n} calls another function" for n in sorted(GUARD_TRIGGERS & set(found))
                     if found[n] != GUARD_FUNCTION]
        problems += [f"an unknown trigger {n} was added" for n in sorted(set(found) - GUARD_TRIGGERS)]
        if body is None or " ".join(str(body[0]).split()) != GUARD_BODY:
            problems.append(f"{GUARD_FUNCTION} was redefined")
        return not problems, "; ".join(problems)


OPS = PostgresOps()


def quoted(name: str) -> sql.Identifier:
    return sql.Identifier(name)


def socket_path(params: dict[str, Any]) -> Path | None:
    host = _hosts(params)[0]
    return Path(host) if host.startswith("/") else None
