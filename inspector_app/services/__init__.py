"""Use-cases over a database: what a person can do, callable from the CLI, the window and tests.

Services take a :class:`Workspace`, open their own unit of work, and return plain DTOs, so
callers never hold a SQL session or a lazily-loading ORM object. Every workspace installs
:mod:`permissions`' check of who may change what, run before every write (``Workspace.__init__``).

The package imports lazily (PEP 562): ``from inspector_app.services import open_workspace`` loads
the workspace module, and with it SQLAlchemy, only when asked. A module that needs no ORM (the
start-up's first look, :mod:`glance`) can so be imported without paying for the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector_app.services import permissions
    from inspector_app.services.workspace import ValidationError, Workspace, open_workspace

__all__ = ["ValidationError", "Workspace", "open_workspace", "permissions"]

_FROM_WORKSPACE = frozenset({"ValidationError", "Workspace", "open_workspace"})


def __getattr__(name: str) -> Any:
    if name in _FROM_WORKSPACE:
        return getattr(importlib.import_module(f"{__name__}.workspace"), name)
    if name == "permissions":
        return importlib.import_module(f"{__name__}.permissions")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
