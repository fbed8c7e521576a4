"""Starting the window: its first frame from Qt, the theme and the shell alone; the rest once it is on screen.

A bare ``QMainWindow`` paints about a tenth of a second after its process starts, nearly all of it
Python and PySide6 starting. Whatever the app does before its own first frame comes on top of that, so
this module does only what the frame shows: the Qt application with the theme's colours and style sheet
on Fusion (``theme.apply_look``), and the start-up shell (``gui.shell``: the sidebar with its icons, the
title, an empty page) where the person left the window. It imports nothing of the app beyond those, the
icons and the resource paths. The person's settings as the app reads them (``gui.settings`` with the
domain's enums, ``hashlib`` for the database's key), English dates (``locale``), the keyboard and
screen-reader style, the status bar and all of ``gui.app`` follow once the frame is on screen, and only
then does the loading thread start (``gui.app.start_window`` on the painted shell).
``tests/gui/test_startup.py`` checks what is imported by the first paint.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inspector_app import APP_ID, APP_NAME, ORG_NAME
from inspector_app.gui.shell import StartupShell
from inspector_app.gui.theme import THEMED, apply_look, looks_dark


def shell_application() -> QApplication:
    """The Qt application, named, with the theme's colours and style sheet (all the shell paints with).

    ``gui.app.application`` adds English dates, the window icon of dialogs and the full theme."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    if not app.property(THEMED):
        apply_look(app, looks_dark())
    return app


def opening_label(db_path: Path | str) -> str:
    """What the shell's badge says it is opening: the database's file name, or the regional store."""
    return db_path.name if isinstance(db_path, Path) else "the regional store"


def restore_geometry(shell: StartupShell, stored: QSettings) -> None:
    """The shell where the person left the window (``AppSettings.geometry``'s key), if it was saved."""
    geometry = stored.value("window/geometry")
    if geometry is not None:
        from PySide6.QtCore import QByteArray  # ≈1 ms to load Qt's type: only when there is a geometry

        if isinstance(geometry, QByteArray):
            shell.restoreGeometry(geometry)


def start(db_path: Path | str, settings_file: Path, plaintext: bool = False) -> StartupShell:
    """Show the shell now; once its first frame is on screen, read the person's settings from
    ``settings_file`` (they must have an identity: ``run_gui`` asks for one first) and open the database
    with the last inspection's overview (``gui.app.start_window``). The main window follows
    (``shell.window_ready``)."""
    shell_application()
    shell = StartupShell(opening_label(db_path))
    restore_geometry(shell, QSettings(str(settings_file), QSettings.Format.IniFormat))

    def go_on() -> None:
        from inspector_app.gui.app import finish_application, start_window
        from inspector_app.gui.settings import AppSettings

        finish_application()
        settings = AppSettings(settings_file)
        identity = settings.identity()
        assert identity is not None, "run_gui asks who the person is before the shell shows"
        start_window(db_path, identity, settings, plaintext, shell=shell)

    shell.when_painted(go_on)
    shell.show()
    return shell


def _has_identity(settings_file: Path) -> bool:
    """Whether the person has said who they are (``AppSettings.identity`` is not None), read with Qt alone."""
    return bool(QSettings(str(settings_file), QSettings.Format.IniFormat).value("user/name", ""))


def _report_unexpected(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    from inspector_app.gui.app import report_unexpected

    report_unexpected(exc_type, exc, tb)


def begin(db_path: Path | str, plaintext: bool = False) -> StartupShell | None:
    """What ``run_gui`` does before its event loop: the application, the shell shown (its loading starts
    once it has painted). On the first run the person is asked who they are first (None if they cancel)."""
    from inspector_app import paths

    shell_application()
    sys.excepthook = _report_unexpected
    settings_file = paths.settings_file()
    if not _has_identity(settings_file):
        from inspector_app.gui.app import ask_identity

        if not ask_identity(settings_file):
            return None
    return start(db_path, settings_file, plaintext)


def run_gui(db_path: Path | str, plaintext: bool = False) -> int:
    """The window as ``inspector-app`` starts it: the shell first, then the main window on the database."""
    shell = begin(db_path, plaintext)
    if shell is None:
        return 0
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    opened: list[Any] = []

    def ready(window: Any) -> None:
        from inspector_app.gui.app import after_open

        opened.append(window)
        if window is None:
            app.exit(1)
        else:
            after_open(window)

    shell.window_ready.connect(ready)
    code = app.exec()
    window = opened[0] if opened else None
    if window is None:  # cancelled or failed (exit code 1), or quit while still loading
        return code
    window.ctx.ws.close()
    return code
