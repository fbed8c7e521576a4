"""Whether a database location names a PostgreSQL store or a file: asked before anything heavy loads.

``inspector-app`` decides from its ``--db`` value whether the window opens a file or a regional store
before it starts the window; importing :mod:`.engines` for that (SQLAlchemy, ≈0.2 s) held up the
window's first frame. This module imports nothing.
"""

from __future__ import annotations

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: object) -> bool:
    """Whether a database location names a PostgreSQL store (a libpq URL) rather than a file."""
    return isinstance(location, str) and location.strip().lower().startswith(SERVER_SCHEMES)
