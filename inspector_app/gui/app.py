"""Starting the desktop app: Qt application, theme, database, who the user is, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_app import APP_ID, APP_NAME, ORG_NAME, __version__
from inspector_app.gui.context import AppContext
from inspector_app.gui.icons import icon
from inspector_app.gui.settings import AppSettings, Identity
from inspector_app.gui.theme import follow_system_theme


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    return app


def build_main_window(db_path: Path, identity: Identity, settings: AppSettings | None = None):  # type: ignore[no-untyped-def]
    """The main window on an opened database (raises DatabaseOpenError for a bad file)."""
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.services import open_workspace

    ws = open_workspace(db_path, user=identity.name)
    ctx = AppContext(ws, identity, settings)
    return MainWindow(ctx)


def run_gui(db_path: Path) -> int:
    from inspector_app.gui.dialogs.identity import IdentityDialog
    from inspector_app.services.workspace import DatabaseOpenError

    app = application()
    follow_system_theme(app)
    settings = AppSettings()
    identity = settings.identity()
    if identity is None:
        dialog = IdentityDialog()
        if not dialog.exec():
            return 0
        identity = dialog.identity()
        settings.set_identity(identity)
    try:
        window = build_main_window(db_path, identity)
    except DatabaseOpenError as exc:
        QMessageBox.critical(None, APP_NAME, f"{exc}\n\nNothing was changed.")
        return 1
    if window.ctx.ws.registry.errors:
        details = "\n".join(str(e) for e in window.ctx.ws.registry.errors)
        QMessageBox.warning(window, APP_NAME, f"Some framework files were skipped:\n\n{details}\n\n"
                                              "The other frameworks are available.")
    window.restore_state()
    window.show()
    code = app.exec()
    window.ctx.ws.close()
    return code
