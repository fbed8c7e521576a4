"""Starting the desktop app: Qt application, theme, database, who the user is, main window."""

from __future__ import annotations

import hashlib
import locale
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QMessageBox

from inspector_app import APP_NAME
from inspector_app.gui.icons import icon
from inspector_app.gui.settings import AppSettings, Identity
from inspector_app.gui.theme import THEMED, apply_theme, follow_system_theme


def english_dates() -> None:
    """The app's words are English (en-GB), so are its dates, whatever the machine's language.

    Creating a QApplication calls setlocale(LC_ALL, "") on Unix, which would make every strftime
    write "Mär" for March; Qt's own formatting follows QLocale's default."""
    locale.setlocale(locale.LC_TIME, "C")
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def application(full_theme: bool = True) -> QApplication:
    """The Qt application, named and themed, with English dates. ``full_theme=False`` gives it only the
    theme's colours, on Fusion (``launch.shell_application``: what the start-up shell paints with)."""
    from inspector_app.gui.launch import shell_application

    app = QApplication.instance()
    created = app is None
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    if full_theme and not app.property(THEMED):
        apply_theme(app)  # keyboard and contrast fixes hold from the first window on
    shell_application()  # its name; the theme's colours unless themed already
    if created:
        english_dates()
    app.setWindowIcon(icon("app"))
    return app


def finish_application() -> None:
    """What the application needs beyond the shell's first frame (``launch.shell_application``): English
    dates, and the icon its dialogs show (the shell has its own)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    english_dates()
    app.setWindowIcon(icon("app"))


@dataclass(frozen=True)
class Opened:
    """An opened database and what the window shows first, got without touching a widget (so off the
    GUI thread): the workspace (schema checked, frameworks loaded), who the person is on it, and the
    overview of the last inspection (its id, details, numbers and outlook), or None to read it later."""

    ws: Any
    identity: Identity
    first_look: tuple[Any, ...] | None = None


def database_key(db_path: Path | str) -> str:
    """The settings' key for a database (``AppContext.db_key``: its file, or a store's URL), known before
    it is opened."""
    location = str(db_path.expanduser().resolve()) if isinstance(db_path, Path) else db_path
    return hashlib.sha1(location.encode()).hexdigest()[:12]


def open_for_window(db_path: Path | str, identity: Identity, passphrase: str | None = None, read_only: bool = False,
                    create: bool = False, plaintext: bool = False, last: int | None = None) -> Opened:
    """Open the database for the window (raises DatabaseOpenError for a bad file), and read the overview
    of inspection ``last`` if it still exists. No Qt here: the start-up path runs this in a thread."""
    from inspector_app.services import open_workspace

    ws = open_workspace(db_path, user=identity.name, passphrase=passphrase, exclusive=not read_only,
                        read_only=read_only, create=create and not read_only, plaintext=plaintext)
    try:
        if read_only or ws.status().read_only:  # asked for, or a store's role that reads only
            identity = replace(identity, database_read_only=True)
        elif identity.name.strip():
            from inspector_app.services.identity import ensure_signing_key

            ensure_signing_key(ws)  # each person's signing key, made the first time they use this database
        return Opened(ws, identity, _first_look(ws, last))
    except BaseException:
        ws.close()
        raise


def _first_look(ws: Any, inspection_id: int | None) -> tuple[Any, ...] | None:
    """What the overview page reads for itself (``OverviewPage.refresh``), read here already."""
    from inspector_app.services import inspections, outlook, overview

    if inspection_id is None or not inspections.inspection_exists(ws, inspection_id):
        return None
    try:
        return (inspection_id, inspections.get_inspection(ws, inspection_id),
                overview.overview(ws, inspection_id), outlook.outlook(ws, inspection_id))
    except Exception:  # the page reads them again, and says in plain words what stops it
        return None


def window_for(opened: Opened, settings: AppSettings | None = None):
    """The main window on an opened database, built on the GUI thread."""
    from inspector_app import __version__
    from inspector_app.gui.context import AppContext
    from inspector_app.gui.main_window import MainWindow

    ctx = AppContext(opened.ws, opened.identity, settings)
    QApplication.instance().setApplicationVersion(__version__)  # type: ignore[union-attr]  # known by now
    window = MainWindow(ctx)
    window.first_look = opened.first_look
    return window


def build_main_window(db_path: Path | str, identity: Identity, settings: AppSettings | None = None,
                      passphrase: str | None = None, read_only: bool = False, create: bool = False,
                      plaintext: bool = False):
    """The main window on an opened database (raises DatabaseOpenError for a bad file), opened on the
    calling thread. ``create``: the first run may make the database (encrypted unless ``plaintext``)."""
    return window_for(open_for_window(db_path, identity, passphrase, read_only, create, plaintext), settings)


def _off_gui(db_path: Path | str, identity: Identity, settings: AppSettings | None, last: int | None = None,
             **how: Any):
    """The main window, its database opened (and first numbers read) off the GUI thread, which keeps
    handling input meanwhile."""
    from inspector_app.gui.workers import wait_off_gui

    return window_for(wait_off_gui(lambda: open_for_window(db_path, identity, last=last, **how)), settings)


def _first_attempt(db_path: Path | str, identity: Identity, plaintext: bool, last: int | None) -> Opened | None:
    """In the loading thread: open the database as ``_open_with_passphrase``'s first try would (with the
    passphrase from the environment, if any); None when a new one must first be given a passphrase."""
    from inspector_app.services.workspace import passphrase_from_env

    if isinstance(db_path, str):  # a PostgreSQL store: no passphrase
        return open_for_window(db_path, identity, last=last)

    passphrase = passphrase_from_env()
    first_run = not db_path.exists() or db_path.stat().st_size == 0
    if passphrase is None and first_run and not plaintext:
        return None
    return open_for_window(db_path, identity, passphrase, create=first_run,
                           plaintext=plaintext and passphrase is None, last=last)


def _open_with_passphrase(db_path: Path | str, identity: Identity, settings: AppSettings | None = None,
                          plaintext: bool = False, first: Opened | BaseException | None = None,
                          last: int | None = None):
    """Open the database, asking for its passphrase (again if wrong); a new one gets a passphrase
    (chosen twice, held to the strength rule), unless the person started the app with --no-encryption.

    Every attempt opens the database off the GUI thread; ``first`` is the outcome of an attempt already
    made (by the start-up shell's loading thread), ``last`` the inspection whose overview to read."""
    from inspector_app.gui.dialogs.passphrase import PassphraseDialog
    from inspector_app.services.backups import opens_a_backup
    from inspector_app.services.workspace import (
        DatabaseOpenError,
        PassphraseRequired,
        WrongPassphrase,
        passphrase_from_env,
    )

    if isinstance(db_path, str):  # a PostgreSQL store: no passphrase, no backups to recover from
        try:
            if first is None:
                return _off_gui(db_path, identity, settings, last)
            if isinstance(first, BaseException):
                raise first
            return window_for(first, settings)
        except DatabaseOpenError as exc:
            QMessageBox.critical(None, APP_NAME, f"{exc}\n\nNothing was changed.")
            return None
    passphrase = passphrase_from_env()
    first_run = not db_path.exists() or db_path.stat().st_size == 0
    if first is None and passphrase is None and first_run and not plaintext:
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
            if first is None:
                return _off_gui(db_path, identity, settings, last, passphrase=passphrase, create=first_run,
                                plaintext=plaintext and passphrase is None)
            tried, first = first, None
            if isinstance(tried, BaseException):
                raise tried
            return window_for(tried, settings)
        except DatabaseOpenError as exc:
            suspect = (isinstance(exc.__cause__, WrongPassphrase) and passphrase is not None
                       and opens_a_backup(db_path, passphrase))
            if suspect or not isinstance(exc.__cause__, PassphraseRequired | WrongPassphrase):
                outcome = _recover(db_path, identity, passphrase, exc, suspect, settings, last)
                if outcome != "retry":
                    return outcome
            error = "" if isinstance(exc.__cause__, PassphraseRequired) else str(exc)
        dialog = PassphraseDialog("Open inspection data", f"{db_path.name} is encrypted. Type its passphrase.")
        if error:
            dialog.show_error(error)
        if not dialog.exec():
            return None
        passphrase = dialog.passphrase()


def _recover(db_path: Path, identity: Identity, passphrase: str | None, exc: Exception,
             suspect: bool, settings: AppSettings | None = None, last: int | None = None):
    """Offer what can be done about a database that will not open for work; the window, "retry" or None."""
    from inspector_app.gui.dialogs.recovery import ask_recovery
    from inspector_app.gui.workers import wait_off_gui
    from inspector_app.services.backups import BackupError, list_backups, restore_newest_good
    from inspector_app.services.workspace import DatabaseOpenError

    damaged = suspect or bool(getattr(exc, "damaged", False))
    if not damaged and not getattr(exc, "read_only_possible", False):
        QMessageBox.critical(None, APP_NAME, f"{exc}\n\nNothing was changed.")
        return None
    problem = (f"This passphrase opens your backups but not {db_path.name}. If you changed the passphrase "
               "recently, try the new one; otherwise the database file is probably damaged.") if suspect else str(exc)
    can_read_only = not suspect
    while True:
        newest = next(iter(list_backups(db_path)), None) if damaged else None
        if newest is None and not can_read_only and not suspect:
            QMessageBox.critical(None, APP_NAME, f"{problem}\n\nThere is no backup to restore. Nothing was changed.")
            return None
        choice = ask_recovery(db_path, problem, newest, read_only=can_read_only, retry=suspect)
        try:
            if choice == "restore":
                used, kept = wait_off_gui(lambda: restore_newest_good(db_path, passphrase))
                window = _off_gui(db_path, identity, settings, last, passphrase=passphrase)
                window.statusBar().showMessage(
                    f"Restored the backup of {used.taken_at.astimezone():%d %b %H:%M}"
                    + (f"; the damaged file is kept as {kept.path.name}" if kept else ""), 30000)
                return window
            if choice == "read_only":
                return _off_gui(db_path, identity, settings, last, passphrase=passphrase, read_only=True)
        except (BackupError, DatabaseOpenError) as failure:
            problem = f"{failure}\n\nNothing was deleted."
            can_read_only = can_read_only and choice != "read_only"  # it has been tried and cannot work
            continue
        return "retry" if choice == "retry" else None


def report_unexpected(exc_type, exc, tb) -> None:
    """An error no screen expected: a plain sentence and safe details; the window stays open."""
    from inspector_app.gui.guard import report_unexpected
    from inspector_app.services import rescue
    from inspector_app.services.workspace import storage_problem

    if rescue.file_lost(exc):  # a read after the file went away: the window's bar says it and offers the rescue
        from inspector_app.gui.main_window import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and not widget.closed:
                widget.ctx.file_went_away()
        return
    problem = storage_problem(exc)
    if problem:
        QMessageBox.critical(QApplication.activeWindow(), APP_NAME,
                             f"The database could not be read or written: {problem}. Use File ▸ Check database, "
                             "and File ▸ Backups to restore the newest good backup if it is damaged.")
        return
    report_unexpected(QApplication.activeWindow(), "working in the window", tb, exc, saving=False)


def start_window(db_path: Path | str, identity: Identity, settings: AppSettings | None = None,
                 plaintext: bool = False, shell: Any = None):
    """Show the window's shell now (or use ``shell``, shown already: ``launch.start``); the main window
    takes its place once loaded (``shell.window_ready``).

    The shell paints in about the time of a bare Qt window. Then, in a background thread, the ORM, the
    services and the screens are imported, the database opened and the last inspection's overview
    read; the GUI thread meanwhile finishes the theme and answers input. A passphrase, or a choice
    about a database that will not open, is asked for on the GUI thread, over the shell, and the next
    attempt runs off it again. The main window is built with the overview's numbers already in it.
    """
    from inspector_app.gui.launch import opening_label
    from inspector_app.gui.shell import StartupShell

    settings = settings or AppSettings()
    if shell is None:
        shell = StartupShell(opening_label(db_path))
        geometry = settings.geometry()
        if geometry is not None:
            shell.restoreGeometry(geometry)
    last = settings.last_inspection(database_key(db_path))  # read here: QSettings stays on the GUI thread

    def open_window(prepared: Opened | BaseException | None):
        window = _open_with_passphrase(db_path, identity, settings, plaintext, first=prepared, last=last)
        if window is not None:
            window.restore_state()
        return window

    shell.open_after_paint(lambda: _first_attempt(db_path, identity, plaintext, last), open_window,
                           after_paint=_finish_theme, discard=_let_go, glance=lambda: _glance(db_path, last))
    shell.show()
    return shell


def _glance(db_path: Path | str, last: int | None) -> Any:
    """In the loading thread, before anything heavy is imported: the last inspection's headline numbers."""
    from inspector_app.services.glance import glance

    return glance(db_path, last)


def _let_go(prepared: Opened | None) -> None:
    """The person quit while the database was being opened: close it (and its writer lock) at once."""
    if prepared is not None:
        prepared.ws.close()


def _finish_theme() -> None:
    """The keyboard and screen-reader style, and following the system's light or dark look, added once
    the shell is on screen with the overview's numbers (it painted with the same colours,
    ``theme.apply_look``)."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and not app.property(THEMED):
        follow_system_theme(app)


def after_open(window) -> None:
    from inspector_app.services.workspace import storage_warning

    path = window.ctx.ws.status().path
    warning = storage_warning(path) if path is not None else None  # a store's storage is its server's
    if warning:
        QMessageBox.warning(window, APP_NAME, warning)
    if window.ctx.ws.registry.errors:
        details = "\n".join(str(e) for e in window.ctx.ws.registry.errors)
        QMessageBox.warning(window, APP_NAME, f"Some framework files were skipped:\n\n{details}\n\n"
                                              "The other frameworks are available.")


def ask_identity(settings_file: Path) -> bool:
    """The first run: who the person is, asked in the full theme and saved; False if they cancelled."""
    from inspector_app.gui.dialogs.identity import IdentityDialog

    follow_system_theme(application(full_theme=False))
    dialog = IdentityDialog()
    if not dialog.exec():
        return False
    AppSettings(settings_file).set_identity(dialog.identity())
    return True
