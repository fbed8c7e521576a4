"""When the database file is moved, replaced or deleted under an open window: keep the work, then save it.

The store refuses every save once the file it opened is no longer at its path (see
``Database.check_same_file``), so nothing is reported saved that is not, and nothing is written into
whatever file is there now. This service is the other half: it keeps, in memory and in order, every
save that was refused for that reason (the window's own save calls, so making them again is exactly
what the person asked for), and on request writes a new encrypted database holding everything the
lost file held at its last save (read through a connection that still holds that file, wherever it
went) with the kept saves made again on it. From then on the workspace works on the new file.

The window and the command line only ever see one plain line (:func:`lost_line`) and this module's
functions: no storage object leaves the core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from inspector_app.services.workspace import NotFoundError, ValidationError, Workspace
from inspector_app.storage.database import DatabaseOpenError, StorageError, open_database
from inspector_app.storage.errors import Reason, reason_of

OFFER = "Save my recent work to a new database…"


@dataclass(frozen=True)
class RescueResult:
    """Where the work now is, how many kept saves were made again, and which were refused (by name)."""

    path: Path
    replayed: int
    refused: tuple[str, ...]


class RescueError(Exception):
    """The rescue could not be done; the message says why and what to do. Nothing kept was dropped."""


def file_lost(exc: BaseException) -> bool:
    """Whether a refused save was refused because the database file went away (not bad input, not a disk fault)."""
    return reason_of(exc) is Reason.FILE_REPLACED


def is_lost(ws: Workspace) -> bool:
    return ws.db.lost


def keep(ws: Workspace, label: str, save: Callable[[], object]) -> None:
    """Keep a save refused because the file went away, to be made again on the new database."""
    ws.unsaved.append((label, save))


def unsaved_count(ws: Workspace) -> int:
    return len(ws.unsaved)


def lost_line(ws: Workspace) -> str:
    """The one line the window shows: what happened, when the last save was, and that the work is kept."""
    when = ws.db.last_saved_at
    at = f" (your last save was at {when:%H:%M:%S})" if when else ""
    kept = len(ws.unsaved)
    what = f"{kept} unsaved change{'s' if kept != 1 else ''}" if kept else "your recent work"
    return (f"The database file was moved, replaced or deleted while open, so nothing more is saved to it{at}; "
            f"{what} is kept here until you save it to a new database.")


def save_to_new_database(ws: Workspace, target: Path | str, passphrase: str) -> RescueResult:
    """Write what the lost file held plus every kept save to a new database encrypted with ``passphrase``.

    The same rules as creating a database apply: a new file, a passphrase meeting the strength rule.
    Afterwards ``ws`` works on the new file (the writer lock moves with it) and the kept saves are
    gone from memory; those the new database refused are named in the result.
    """
    old = ws.db
    if not old.lost:
        raise RescueError("The database file is still where it was; there is nothing to rescue.")
    target = Path(target).expanduser().resolve()
    exclusive = old.lock is not None
    try:
        old.copy_saved_to(target, passphrase)
        if old.lock is not None:  # we write nothing more where the lost file was: the lock moves to the new one
            old.lock.release()
        new = open_database(target, user=old.user, passphrase=passphrase, exclusive=exclusive)
    except (DatabaseOpenError, StorageError) as exc:
        raise RescueError(f"{exc} Your unsaved work is still kept; try another place or passphrase.") from exc
    ws.switch_to(new)
    kept, ws.unsaved = ws.unsaved, []
    replayed, refused = 0, []
    for label, save in kept:
        try:
            save()
        except (ValidationError, NotFoundError, ValueError, StorageError):
            refused.append(label)
            continue
        replayed += 1
    return RescueResult(target, replayed, tuple(refused))
