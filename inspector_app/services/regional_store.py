"""Setting up and administering a regional PostgreSQL store (``inspector-app store …``).

The schema comes from the same migrations as a laptop's file; the groups, privileges and row-level
security policies from ``storage.regional``. Each step runs in one transaction, so a refusal (a
role without the right to create roles, say) leaves the store as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, select
from sqlalchemy.exc import DBAPIError

from inspector_app.services.workspace import NotFoundError, ValidationError
from inspector_app.storage import migrations, regional
from inspector_app.storage.database import Database, DatabaseOpenError, open_store
from inspector_app.storage.engines import is_server_url, postgresql
from inspector_app.storage.errors import Reason
from inspector_app.storage.models import Inspection

GROUP_NAMES = tuple(regional.GROUPS)


@dataclass(frozen=True)
class StoreReady:
    where: str
    revision: str
    groups_created: list[str]
    tables_protected: int


def _open(url: str, *, create: bool = False) -> Database:
    if not is_server_url(url):
        raise ValidationError("A regional store is named by a PostgreSQL address: postgresql://ROLE@HOST/DATABASE"
                              "?sslmode=verify-full (a laptop's file needs no set-up).")
    return open_store(url, create=create, administer=True)


def _refused(exc: DBAPIError, what: str) -> DatabaseOpenError:
    problem = postgresql.failure(exc)
    if problem is not None and problem.reason is Reason.NO_RIGHTS:
        return DatabaseOpenError(f"The store refused: your role may not {what}. Run this as the store's owner "
                                 "(a role with CREATEROLE that owns the database); nothing was changed.",
                                 reason=Reason.NO_RIGHTS)
    if problem is not None:
        return DatabaseOpenError(str(problem), reason=problem.reason)
    return DatabaseOpenError(f"The store could not {what} ({type(exc.orig).__name__}); nothing was changed.")


def init_store(url: str) -> StoreReady:
    """Create or migrate a regional store and (re)apply its groups, privileges and row-level security."""
    db = _open(url, create=True)
    try:
        with db.engine.begin() as connection:
            summary = regional.set_up_access(connection)
        return StoreReady(db.display, migrations.HEAD_REVISION, summary.groups_created, summary.tables_protected)
    except DBAPIError as exc:
        raise _refused(exc, "set up roles and policies") from None
    finally:
        db.close()


def grant_group(url: str, login: str, group: str) -> None:
    """Make a login an inspector, a quality assurance reviewer or an administrator of the store."""
    if group not in regional.GROUPS:
        raise ValidationError(f"There is no group “{group}”: choose one of {', '.join(GROUP_NAMES)}.")
    db = _open(url)
    try:
        with db.engine.begin() as connection:
            regional.grant_group(connection, login, group)
    except regional.NoSuchLogin:
        missing = (f"There is no login role “{login}” on the server: create it first (CREATE ROLE … LOGIN) and give "
                   "its password to its owner, never on a command line.")
        raise NotFoundError(missing) from None
    except DBAPIError as exc:
        raise _refused(exc, "grant that group") from None
    finally:
        db.close()


def add_to_roster(url: str, login: str, inspection_id: int) -> bool:
    """Let a login work on one inspection of the store; False when it already could."""
    return _change_roster(url, login, inspection_id, regional.add_to_roster)


def remove_from_roster(url: str, login: str, inspection_id: int) -> bool:
    """Stop a login working on one inspection of the store: its next sync neither brings that inspection
    nor takes its changes; what its laptop already holds stays there until purged or shredded (a laptop
    never deletes a whole inspection, so nothing comes back behind the store's back). False when it could not."""
    return _change_roster(url, login, inspection_id, regional.remove_from_roster)


def _change_roster(url: str, login: str, inspection_id: int,
                   change: Callable[[Connection, str, str], bool]) -> bool:
    db = _open(url)
    try:
        with db.engine.begin() as connection:
            found = connection.execute(select(Inspection.uuid).where(Inspection.id == inspection_id)).scalar()
            if found is None:
                raise NotFoundError(f"inspection {inspection_id} does not exist in the store (or you may not see it)")
            return change(connection, login, str(found))
    except regional.NoSuchLogin:
        raise NotFoundError(f"There is no login role “{login}” on the server.") from None
    except DBAPIError as exc:
        raise _refused(exc, "change the store's roster") from None
    finally:
        db.close()
