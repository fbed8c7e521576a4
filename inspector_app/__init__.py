"""Inspector App: an offline tool for inspections of English councils' children's services.

The package root stays import-light so that ``inspector-app --help`` and the CLI answer fast;
heavy libraries (SQLAlchemy, Qt, ReportLab) are imported by the modules that need them.
"""

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "Inspector App"
APP_ID = "inspector-app"
ORG_NAME = "InspectorApp"

try:
    __version__ = version("inspector-app")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
