"""Inspector App: an offline tool for inspections of English councils' children's services.

The package root stays import-light so that ``inspector-app --help`` and the CLI answer fast, and
the window's start-up shell paints before anything heavy loads; heavy libraries (SQLAlchemy, Qt,
ReportLab) are imported by the modules that need them. Even ``__version__`` is looked up only when
first asked for: ``importlib.metadata`` costs tens of milliseconds.
"""

from __future__ import annotations

from functools import cache

APP_NAME = "Inspector App"
APP_ID = "inspector-app"
ORG_NAME = "InspectorApp"


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("inspector-app")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+checkout"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
