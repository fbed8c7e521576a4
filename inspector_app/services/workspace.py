"""The context every service needs: an open database and the installed frameworks."""

from __future__ import annotations

import hmac
import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from inspector_app.frameworks import Framework, FrameworkRegistry, load_registry
from inspector_app.storage.audit import CoreGuard
from inspector_app.storage.cipher import PassphraseRequired, WrongPassphrase, passphrase_from_env
from inspector_app.storage.database import Database, DatabaseOpenError, StorageError, open_database, storage_problem
from inspector_app.storage.errors import Reason
from inspector_app.storage.models import Inspection
from inspector_app.storage.passphrase_rule import DIFFER as PASSPHRASES_DIFFER
from inspector_app.storage.passphrase_rule import RULE as PASSPHRASE_RULE
from inspector_app.storage.passphrase_rule import Verdict
from inspector_app.storage.passphrase_rule import judge as judge_passphrase
from inspector_app.storage.writer_lock import storage_warning

__all__ = [
    "PASSPHRASES_DIFFER",
    "PASSPHRASE_RULE",
    "DatabaseOpenError",
    "NotFoundError",
    "PassphraseRequired",
    "Reason",
    "StorageError",
    "ValidationError",
    "Verdict",
    "Workspace",
    "WorkspaceStatus",
    "WrongPassphrase",
    "file_only_reasons",
    "judge_passphrase",
    "open_workspace",
    "passphrase_from_env",
    "storage_problem",
    "storage_warning",
]


_WRITE_GUARD: list[tuple[Callable[[Session, Any], None], CoreGuard]] = []


def set_write_guard(guard: Callable[[Session, Any], None], core_guard: CoreGuard) -> None:
    """Install the check run before every flush of every workspace, and the same check for the saves that
    write outside a session (services/permissions registers them when the services package is imported, so
    this module need not import the roles it checks)."""
    _WRITE_GUARD[:] = [(guard, core_guard)]


class ValidationError(ValueError):
    """Input a service refuses, with a message to show the person as it is."""


class NotFoundError(LookupError):
    """A row asked for by id that is not (or no longer) in the database."""


@dataclass(frozen=True)
class WorkspaceStatus:
    """All the window may know of the database it works on: no storage object crosses into gui/.

    ``path`` is None for a PostgreSQL store: it has no file, so the window hides what only a file has
    (backups, passphrase, destroy, the lost-file rescue) and names it by ``name``."""

    path: Path | None
    encrypted: bool
    read_only: bool
    closed: bool
    name: str = ""  # how to name it to a person: the file's name, or the store's address without a password
    location: str = ""  # what opens it again: the file's path, or the store's URL

    @property
    def has_file(self) -> bool:
        return self.path is not None


class Workspace:
    """An open database with the installed frameworks. Services reach the database through ``db``; the
    window only ever sees ``status()`` and calls service functions, so the storage object can be
    replaced (re-key, restore) without anyone holding a stale one."""

    def __init__(self, db: Database, registry: FrameworkRegistry) -> None:
        self._db = db
        self.registry = registry
        # Saves refused because the file went away, in order, to be made again on a new database
        # (see services/rescue.py): each is the caller's own save, run again as it was.
        self.unsaved: list[tuple[str, Callable[[], object]]] = []
        self._guard_writes()

    def _guard_writes(self) -> None:
        """Every write is checked against the person's role on the inspection it changes (services/permissions).

        The package imports lazily, so the check is installed here, by the first workspace, whatever imported
        this module (``permissions`` imports this module, hence by name rather than by an import statement)."""
        if not _WRITE_GUARD:
            importlib.import_module("inspector_app.services.permissions")  # registers by ``set_write_guard``
        self._db.write_guard, self._db.core_guard = _WRITE_GUARD[0] if _WRITE_GUARD else (None, None)

    @property
    def db(self) -> Database:
        return self._db

    def status(self) -> WorkspaceStatus:
        db = self._db
        return WorkspaceStatus(db.path, db.encrypted, db.read_only, db.closed, db.name, db.location)

    def passphrase_matches(self, given: str) -> bool:
        """Whether ``given`` is this database's passphrase (compared in constant time)."""
        expected = self._db.passphrase
        if expected is None:
            return True  # an unencrypted database has nothing to check against
        return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))

    def switch_to(self, db: Database) -> None:
        """Work on another database from now on (a rescue's new file); the old one is closed."""
        old, self._db = self._db, db
        self._guard_writes()
        if not old.closed:
            old.close()

    def reopen(self, *, passphrase: str | None) -> None:
        """Close the database and open the same file again (after a re-key or a restore)."""
        db = self._db
        exclusive = db.lock is not None
        if not db.closed:
            db.close()
        self._db = open_database(db.location, user=db.user, passphrase=passphrase, exclusive=exclusive)
        self._guard_writes()

    @property
    def user(self) -> str:
        return self.db.user

    @user.setter
    def user(self, value: str) -> None:
        self.db.user = value

    def framework_of(self, inspection: Inspection) -> Framework:
        return self.framework_for(inspection.framework_id, inspection.framework_version)

    def framework_for(self, framework_id: str, version: str) -> Framework:
        try:
            return self.registry.get(framework_id, version)
        except KeyError as exc:
            raise ValidationError(str(exc.args[0])) from None

    def framework(self, inspection_id: int) -> Framework:
        with self.db.read_session() as session:
            return self.framework_of(get_or_404(session, Inspection, inspection_id))

    def close(self) -> None:
        self.db.close()


T = TypeVar("T")


def get_or_404(session: Session, model: type[T], row_id: int) -> T:
    row = session.get(model, row_id)
    if row is None:
        raise not_found(session, model.__name__.lower(), row_id)
    return row


def not_found(bind: Session | Connection, what: str, row_id: int) -> NotFoundError:
    """"X does not exist", and on a store why that may be so for this person (row-level security: someone taken
    off an inspection's store roster while working on it)."""
    from inspector_app.storage.engines import ops

    return NotFoundError(f"{what} {row_id} does not exist{ops(bind).hidden_row_hint}")


def open_workspace(
    path: Path | str, *, user: str = "", registry: FrameworkRegistry | None = None, passphrase: str | None = None,
    exclusive: bool = False, read_only: bool = False, create: bool = False, plaintext: bool = False,
) -> Workspace:
    """Open a database with the frameworks; ``exclusive`` refuses a database another window has open.

    Only ``create`` may make a new database, encrypted unless ``plaintext`` (see ``open_database``).
    """
    db = open_database(path, user=user, passphrase=passphrase, exclusive=exclusive, read_only=read_only,
                       create=create, plaintext=plaintext)
    return Workspace(db, registry or load_registry())


def reject_unknown(changes: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Refuse a change to a field that cannot be changed (or does not exist)."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(f"cannot change: {', '.join(sorted(unknown))}")


def require_text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"{what} cannot be empty")
    return text


def file_only_reasons() -> dict[str, str]:
    """Why what only a laptop's file has is unavailable on a PostgreSQL store, one line each (the window
    shows them on the disabled actions; the services refuse with the same words)."""
    from inspector_app.storage.engines.postgresql import OPERATOR_BACKUPS, OPERATOR_DESTROY, OPERATOR_KEYS

    return {"passphrase": OPERATOR_KEYS, "backups": OPERATOR_BACKUPS, "destroy": OPERATOR_DESTROY,
            "rescue": "A PostgreSQL store has no file on this laptop that could go missing: what was saved is kept "
                      "on the server."}


def reopen_with_passphrase(ws: Workspace, new: str, current: str | None) -> str | None:
    """Encrypt (or re-key) the workspace's database and reopen it; returns a problem, or None."""
    from inspector_app.storage.rekey import PassphraseChangeError, set_passphrase

    if ws.db.path is None:
        from inspector_app.storage.engines.postgresql import OPERATOR_KEYS

        return OPERATOR_KEYS
    path, old, was_encrypted = ws.db.path, ws.db.passphrase, ws.db.encrypted
    if was_encrypted and not ws.passphrase_matches(current or ""):
        return "The current passphrase is not right."
    ws.db.close()
    try:
        set_passphrase(path, new, current if was_encrypted else None)
    except PassphraseChangeError as exc:
        ws.reopen(passphrase=old)
        return str(exc)
    ws.reopen(passphrase=new)
    return None
