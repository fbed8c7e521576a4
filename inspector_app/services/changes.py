"""Has anyone else written to the database? A cheap stamp the window compares to refresh itself.

Another process (the CLI importing a bundle, a second window on a read-only copy) writes through
its own connection; SQLite in WAL mode appends every commit to the ``-wal`` file, so its size and
modification time change with every commit. Reading them costs one ``stat`` call, cheap enough to do
every few seconds and whenever the window regains focus. The main file is not looked at: this
window's own background checkpoints (``storage.checkpoints``) write into it a moment after each of
its saves, which is no one else's change. The same thread's merging of the full-text index after a
bulk write does write to the log; the stamp is then taken as it was before that merging, as long as
nothing else wrote since (``Checkpointer.before_own_merges``).

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
    stamp = ws.db.log_stamp()
    if stamp is None:
        return ((0, 0),)
    if ws.db.checkpointer is not None:  # the full-text index's upkeep in the background is nobody's change
        stamp = ws.db.checkpointer.before_own_merges(stamp)
    return (stamp,)
