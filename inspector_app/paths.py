"""Where the app finds its read-only resources and keeps the user's data.

Resources live in the top-level ``resources/`` folder of a checkout; the wheel carries them as
``inspector_app/resources`` and a PyInstaller build under ``sys._MEIPASS``. Looking in those
three places, in that order of specificity, lets the same code run from all three.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from inspector_app import APP_ID

_PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The folder holding frameworks, fonts, icons and styles."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "inspector_app" / "resources")
        candidates.append(Path(frozen_root) / "resources")
    candidates.append(_PACKAGE_DIR / "resources")  # installed wheel
    candidates.append(_PACKAGE_DIR.parent / "resources")  # checkout / editable install
    for candidate in candidates:
        if (candidate / "frameworks").is_dir():
            return candidate
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"Inspector App resources are missing (looked in: {searched})")


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def settings_file() -> Path:
    """The window's preferences (its saved identity among them), read by the command line too."""
    return user_data_dir() / "settings.ini"


def user_data_dir() -> Path:
    """The user's data folder; ``INSPECTOR_APP_DATA_DIR`` overrides it (tests, portable use)."""
    override = os.environ.get("INSPECTOR_APP_DATA_DIR")
    if override:
        path = Path(override)
    else:  # platformdirs is imported here, not above: the start-up shell reads resources before it paints
        from platformdirs import user_data_path

        path = user_data_path(APP_ID, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return user_data_dir() / "inspections.sqlite"


def user_frameworks_dir() -> Path:
    """Framework files a user drops here are loaded beside the built-in ones."""
    return user_data_dir() / "frameworks"
