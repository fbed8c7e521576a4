"""Alembic migrations shipped inside the package, run whenever a database is opened.

The Alembic ``Config`` is built in code with a path relative to this file, so migrations are
found the same way from a checkout, an installed wheel and a frozen build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError

from inspector_app.storage.files import backup_copy

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent

# The newest revision. Opening an up-to-date database compares against this and never imports
# Alembic (a fifth of start-up time); tests/test_migrations.py checks it matches the scripts.
HEAD_REVISION = "a7e3c1f09b52"


class MigrationError(Exception):
    pass


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=True))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):  # an empty database
            return None
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:  # no alembic_version table: an empty database
            return None


def is_newer(revision: str | None) -> bool:
    """Whether a database's revision is one these scripts do not know (written by a newer app)."""
    from alembic.script import ScriptDirectory

    if revision is None:
        return False
    script = ScriptDirectory.from_config(alembic_config())
    return revision not in {rev.revision for rev in script.walk_revisions()}


def upgrade_to_head(engine: Engine, path: Path | None = None, target: str = "head",
                    passphrase: str | None = None) -> None:
    """Upgrade, first copying a non-empty database aside so a failed migration loses nothing."""
    if target == "head" and current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise MigrationError(
            f"{path or 'this database'} was written by a newer version of Inspector App "
            f"(schema {current}); install the newer version to open it."
        )
    wanted = script.get_current_head() if target == "head" else target
    if current == wanted:
        return
    if current is not None and path is not None:
        backup_copy(path, f"before-migration-{current[:8]}", passphrase)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
