"""Undoable changes: each command calls the core services, so undo works on what is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from inspector_app.gui.context import AppContext
from inspector_app.services import trash


class ServiceCommand(QUndoCommand):
    """Runs ``do`` on redo and ``undo`` on undo, then tells the screens that data changed.

    Commands are pushed after their action has already run (so a refused value raises before
    anything reaches the undo stack); the push's own first redo therefore only reports the save.
    """

    def __init__(self, ctx: AppContext, text: str, do: Callable[[], Any], undo: Callable[[], Any]) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._do = do
        self._undo = undo
        self._already_done = True

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
        else:
            self._do()
        self._ctx.changed()

    def undo(self) -> None:
        self._undo()
        self._ctx.changed()


def push_edit(ctx: AppContext, text: str, apply: Callable[[Any], Any], new: Any, old: Any) -> None:
    """An edit from ``old`` to ``new``; the first apply runs now, so a refused value raises here."""
    apply(new)
    ctx.undo_stack.push(ServiceCommand(ctx, text, lambda: apply(new), lambda: apply(old)))


def push_delete(ctx: AppContext, text: str, kind: str, row_id: int) -> None:
    state: dict[str, trash.Deleted] = {"deleted": trash.delete(ctx.ws, kind, row_id)}

    def redo() -> None:
        state["deleted"] = trash.delete(ctx.ws, kind, row_id)

    ctx.undo_stack.push(ServiceCommand(ctx, text, redo, lambda: trash.restore(ctx.ws, state["deleted"])))


def push_add(ctx: AppContext, text: str, kind: str, create: Callable[[], Any]) -> Any:
    """Create a row now; undo deletes it, redo puts the very same row back."""
    created = create()
    state: dict[str, trash.Deleted | None] = {"deleted": None}

    def undo() -> None:
        state["deleted"] = trash.delete(ctx.ws, kind, created.id)

    def redo() -> None:
        if state["deleted"] is not None:
            trash.restore(ctx.ws, state["deleted"])

    ctx.undo_stack.push(ServiceCommand(ctx, text, redo, undo))
    return created

