"""Where SQLite and PostgreSQL differ, behind one interface: one module per engine.

The models, the migrations (bar the few DDL statements each engine spells its own way), the
services and the merge engine are the same on both. What is not the same lives in
:mod:`.sqlite` (FTS5 trigram search, ``json_each``, triggers that ask an app-only function,
pragmas, ids after the table's largest) or :mod:`.postgresql` (``pg_trgm`` GIN search,
``json_array_elements_text``, a PL/pgSQL trigger that asks a transaction-local setting, ids from the
table's sequence, TLS and password-file rules for connecting). Callers ask :func:`ops` for the one
that matches the connection in hand and never test the dialect's name themselves.
"""

from __future__ import annotations

import os
from typing import Any, Protocol

from sqlalchemy import Column, Connection, Engine, Select, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import TableValuedAlias

from inspector_app.storage.locations import SERVER_SCHEMES as SERVER_SCHEMES
from inspector_app.storage.locations import is_server_url as is_server_url

PASSWORD_VARIABLE = "PGPASSWORD"
PASSWORD_IN_ENVIRONMENT = (
    "PGPASSWORD is set, and the app never takes a store's password from the environment (other programs can "
    "read it, and it is typed on a command line): unset it and put the password in ~/.pgpass (or a PostgreSQL "
    "service file). Nothing was connected to.")


def password_in_environment() -> bool:
    """Whether libpq would take a password from ``PGPASSWORD``: refused, as a password on a command line is."""
    return bool(os.environ.get(PASSWORD_VARIABLE))


class EngineOps(Protocol):
    """What each engine does its own way."""

    name: str
    placeholder: str  # the DB-API driver's parameter marker
    json_list_param: str  # SQL for "the values of the JSON list bound as one ? parameter" (IN (…) of uuids)
    returning_id: str  # what a single INSERT appends to hand back its new id ("": the cursor's lastrowid)
    hidden_row_hint: str  # appended to "… does not exist": why a row may be missing for this person here

    def new_ids(self, connection: Connection, table: Table, count: int) -> list[int]:
        """Ids for ``count`` rows about to be inserted with explicit ids (bulk inserts)."""

    def json_list_values(self, column: Column[Any] | Any) -> TableValuedAlias:
        """A table-valued function over a JSON list column, with one column named ``value`` (text)."""

    def json_text_field(self, column: Column[Any] | Any, key: str) -> Any:
        """A top-level field of a JSON object column, as text (for comparing with a string)."""

    def text_search(self, long_words: int, joined: bool = True, exact_range: bool = False) -> tuple[Select[Any], Any]:
        """Evidence ids of one inspection (``:inspection_id``) whose text or tags contain every word of
        three letters or more (``:fts_query`` on SQLite, ``:term_0``… on PostgreSQL), and the column
        to order them by, newest recorded first. ``joined``: the caller adds conditions on the
        evidence table's columns, so the query must have it in its FROM. ``exact_range``: the caller
        has found (:meth:`range_is_exact`, in the same read transaction) that no other inspection's
        item lies in this one's id range."""

    def range_is_exact(self, driver: Any, inspection_id: int) -> bool:
        """Whether no other inspection's evidence lies between this inspection's first and last evidence id
        (False where the engine does not search by id range)."""

    def last_audit_link(self, connection: Connection | Session) -> str | None:
        """The audit chain's last link, read inside the appending transaction so that no other writer
        can append in between."""

    def allow_redaction(self, connection: Connection) -> None:
        """Let this transaction rewrite audit events' ``changes`` (a retention purge)."""

    def end_redaction(self, connection: Connection) -> None:
        """Take that permission back before the transaction goes on."""

    def audit_triggers(self, dbapi_connection: Any) -> tuple[bool, str]:
        """Whether the audit table's protecting triggers are in place as the app made them, and what is wrong."""


def ops(bind: Connection | Engine | Session | Dialect | str) -> EngineOps:
    """The engine-specific operations for a connection, engine, session, dialect or dialect name."""
    if isinstance(bind, str):
        name = bind
    elif isinstance(bind, Dialect):
        name = bind.name
    elif isinstance(bind, Session):
        name = bind.get_bind().dialect.name
    else:
        name = bind.dialect.name
    found = _OPS.get(name)
    if found is None:
        if name == "postgresql":
            from inspector_app.storage.engines import postgresql

            found = postgresql.OPS
        else:
            from inspector_app.storage.engines import sqlite

            found = sqlite.OPS
        _OPS[name] = found  # asked several times a save: the import machinery once per engine
    return found


_OPS: dict[str, EngineOps] = {}


def ops_of_driver(dbapi_connection: Any) -> EngineOps:
    """The engine-specific operations for a bare DB-API connection (the integrity checks run on one)."""
    return ops("postgresql" if type(dbapi_connection).__module__.split(".")[0] == "psycopg" else "sqlite")
