"""Has anyone else written to the database? A cheap stamp the window compares to refresh itself.

Another process (the CLI importing a bundle, a second window on a read-only copy) writes through
its own connection; SQLite in WAL mode appends to the ``-wal`` file and checkpoints into the main
file, so their sizes and modification times change with every commit. Reading them costs two
``stat`` calls, cheap enough to do every few seconds and whenever the window regains focus.

A PostgreSQL store has no file to stat: there every change adds an audit event, so the stamp is
the newest audit event this person may see (one indexed read of the primary key).
"""

from __future__ import annotations

from sqlalchemy import func, select

from inspector_app.services.workspace import StorageError, Workspace
from inspector_app.storage.models.audit import AuditEvent

Stamp = tuple[tuple[int, int], ...]
UNKNOWN: Stamp = ()  # a store that could not be asked; a file's stamp is never empty


def change_stamp(ws: Workspace) -> Stamp:
    path = ws.db.path
    if path is None:
        try:
            with ws.db.read_connection() as connection:
                newest = connection.scalar(select(func.max(AuditEvent.id))) or 0
        except StorageError:  # the store is not answering just now: unknown, asked again at the next look
            return UNKNOWN
        return ((int(newest), 0),)
    stamp = []
    for candidate in (path, path.with_name(path.name + "-wal")):
        try:
            info = candidate.stat()
        except OSError:
            stamp.append((0, 0))
            continue
        stamp.append((info.st_mtime_ns, info.st_size))
    return tuple(stamp)
