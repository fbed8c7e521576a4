"""Alembic environment: runs on the connection handed over by ``upgrade_to_head``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, create_engine

from inspector_app.storage import models  # noqa: F401  (registers every table)
from inspector_app.storage.base import Base

config = context.config
target_metadata = Base.metadata

# What Alembic must not try to drop: SQLite's FTS5 index and its shadow tables, PostgreSQL's trigram indexes.
_UNMANAGED_PREFIXES = ("evidence_fts",)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    return not (type_ in ("table", "index") and name and name.startswith(_UNMANAGED_PREFIXES))


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.begin() as conn:
        run_migrations(conn)
