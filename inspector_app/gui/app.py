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


def build_main_window(db_path: Path, identity: Identity, settings: AppSettings | None = None,  # type: ignore[no-untyped-def]
                      passphrase: str | None = None):
    """The main window on an opened database (raises DatabaseOpenError for a bad file)."""
    from inspector_app.gui.main_window import MainWindow
    from inspector_app.services import open_workspace

    ws = open_workspace(db_path, user=identity.name, passphrase=passphrase, exclusive=True)
    ctx = AppContext(ws, identity, settings)
    return MainWindow(ctx)


def _open_with_passphrase(db_path: Path, identity: Identity):  # type: ignore[no-untyped-def]
    """Open the database, asking for its passphrase (again if wrong); a new one gets a passphrase."""
    from inspector_app.gui.dialogs.passphrase import PassphraseDialog
    from inspector_app.services.workspace import (
        DatabaseOpenError,
        PassphraseRequired,
        WrongPassphrase,
        passphrase_from_env,
    )

    passphrase = passphrase_from_env()
    if passphrase is None and (not db_path.exists() or db_path.stat().st_size == 0):
        dialog = PassphraseDialog(
            "Protect your inspection data",
            f"Choose a passphrase for the new database ({db_path}). Everything you record is encrypted with "
            "it, so a lost laptop gives nothing away. Nobody can recover it for you: keep it safe.", new=True)
        if not dialog.exec():
            return None
        passphrase = dialog.passphrase()
    error = ""
    while True:
        try:
            return build_main_window(db_path, identity, passphrase=passphrase)
        except DatabaseOpenError as exc:
            if not isinstance(exc.__cause__, PassphraseRequired | WrongPassphrase):
                QMessageBox.critical(None, APP_NAME, f"{exc}\n\nNothing was changed.")
                return None
            error = "" if isinstance(exc.__cause__, PassphraseRequired) else str(exc)
        dialog = PassphraseDialog("Open inspection data", f"{db_path.name} is encrypted. Type its passphrase.")
        if error:
            dialog.show_error(error)
        if not dialog.exec():
            return None
        passphrase = dialog.passphrase()


def run_gui(db_path: Path) -> int:
    from inspector_app.gui.dialogs.identity import IdentityDialog

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
    window = _open_with_passphrase(db_path, identity)
    if window is None:
        return 1
    from inspector_app.services.workspace import storage_warning

    warning = storage_warning(db_path)
    if warning:
        QMessageBox.warning(window, APP_NAME, warning)
    if window.ctx.ws.registry.errors:
        details = "\n".join(str(e) for e in window.ctx.ws.registry.errors)
        QMessageBox.warning(window, APP_NAME, f"Some framework files were skipped:\n\n{details}\n\n"
                                              "The other frameworks are available.")
    window.restore_state()
    window.show()
    code = app.exec()
    window.ctx.ws.close()
    return code
