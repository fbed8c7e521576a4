"""Has anyone else written to the database? A cheap stamp the window compares to refresh itself.

Another process (the CLI importing a bundle, a second window on a read-only copy) writes through
its own connection; SQLite in WAL mode appends every commit to the ``-wal`` file, so its size and
modification time change with every commit. Reading them costs one ``stat`` call, cheap enough to do
every few seconds and whenever the window regains focus. The main file is not looked at: this
window's own background checkpoints (``storage.checkpoints``) write into it a moment after each of
its saves, which is no one else's change.

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
    try:
        info = path.with_name(path.name + "-wal").stat()
    except OSError:
        return ((0, 0),)
    return ((info.st_mtime_ns, info.st_size),)
