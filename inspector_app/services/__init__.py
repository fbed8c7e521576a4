"""Use-cases over a database: what a person can do, callable from the CLI, the window and tests.

Services take a :class:`Workspace`, open their own unit of work, and return plain DTOs, so
callers never hold a SQL session or a lazily-loading ORM object. Importing this package also
installs :mod:`permissions`' check of who may change what, run before every write.
"""

from inspector_app.services import permissions
from inspector_app.services.workspace import ValidationError, Workspace, open_workspace

__all__ = ["ValidationError", "Workspace", "open_workspace", "permissions"]
