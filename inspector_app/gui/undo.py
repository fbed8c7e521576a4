"""Undoable changes: each command calls the core services, so undo works on what is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from inspector_app.gui.context import AppContext
from inspector_app.services import trash


class ServiceCommand(QUndoCommand):
    """Runs ``do`` on redo and ``undo`` on undo, then tells the screens that data changed."""

    def __init__(self, ctx: AppContext, text: str, do: Callable[[], Any], undo: Callable[[], Any]) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._do = do
        self._undo = undo

    def redo(self) -> None:
        self._do()
        self._ctx.changed()

    def undo(self) -> None:
        self._undo()
        self._ctx.changed()


def push_edit(ctx: AppContext, text: str, apply: Callable[[Any], Any], new: Any, old: Any) -> None:
    """An edit from ``old`` to ``new``; the first apply runs now, so a refused value raises here."""
    apply(new)
    command = ServiceCommand(ctx, text, lambda: apply(new), lambda: apply(old))
    _push_done(ctx, command)


def push_delete(ctx: AppContext, text: str, kind: str, row_id: int) -> None:
    state: dict[str, trash.Deleted] = {"deleted": trash.delete(ctx.ws, kind, row_id)}

    def redo() -> None:
        state["deleted"] = trash.delete(ctx.ws, kind, row_id)

    command = ServiceCommand(ctx, text, redo, lambda: trash.restore(ctx.ws, state["deleted"]))
    _push_done(ctx, command)


def push_add(ctx: AppContext, text: str, kind: str, create: Callable[[], Any]) -> Any:
    """Create a row now; undo deletes it, redo puts the very same row back."""
    created = create()
    state: dict[str, trash.Deleted | None] = {"deleted": None}

    def undo() -> None:
        state["deleted"] = trash.delete(ctx.ws, kind, created.id)

    def redo() -> None:
        if state["deleted"] is not None:
            trash.restore(ctx.ws, state["deleted"])

    _push_done(ctx, ServiceCommand(ctx, text, redo, undo))
    return created


def _push_done(ctx: AppContext, command: ServiceCommand) -> None:
    """Push a command whose action has already happened, without running it twice."""
    do = command._do
    command._do = lambda: None
    ctx.undo_stack.push(command)  # runs the no-op redo, which also reports "Saved at"
    command._do = do
