"""Paint first, then fill: the shell shows before the database layer loads; the window takes its place."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.gui.settings import AppSettings
from inspector_app.services import evidence, open_workspace
from tests.factories import make_inspection
from tests.gui.conftest import LEAD

ROOT = Path(__file__).resolve().parents[2]


def test_the_shell_imports_neither_the_orm_nor_the_services_nor_the_screens():
    """What the first paint waits for: Qt, the shell, the theme's colours; not a11y's style (after it)."""
    code = ("import sys; import inspector_app.gui.app, inspector_app.gui.shell\n"
            "heavy = [m for m in ('sqlalchemy', 'sqlalchemy.orm', 'inspector_app.services', "
            "'inspector_app.frameworks', 'inspector_app.gui.main_window', 'inspector_app.gui.pages.overview', "
            "'importlib.metadata', 'inspector_app.gui.a11y', 'platformdirs', 'numpy') if m in sys.modules]\n"
            "print(heavy)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    # and the first look at the numbers (services.glance, gui.glance_page) needs neither SQLAlchemy nor the screens,
    # nor the screens' building blocks (gui.widgets: Qt's namespace and a dozen classes, ≈30 ms in its way)
    code = ("import sys; import inspector_app.gui.glance_page\n"
            "print([m for m in ('sqlalchemy', 'alembic', 'inspector_app.services.workspace', "
            "'inspector_app.frameworks', 'inspector_app.gui.main_window', 'inspector_app.gui.widgets') "
            "if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# What the shell's first frame may import of the app (gui.launch): the theme, the shell, its icons and paths
FIRST_FRAME = ["inspector_app", "inspector_app.gui", "inspector_app.gui.icons", "inspector_app.gui.launch",
               "inspector_app.gui.shell", "inspector_app.gui.theme", "inspector_app.paths"]
FIRST_PAINT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from inspector_app.gui.launch import begin

shell = begin(Path(sys.argv[1]))

def painted():
    print(sorted(m for m in sys.modules if m.startswith("inspector_app")))
    print([m for m in ("hashlib", "locale", "dataclasses", "platformdirs", "importlib.metadata", "sqlalchemy",
                       "numpy") if m in sys.modules])
    QApplication.instance().quit()

shell.painted.connect(painted)
QApplication.instance().exec()
"""


def test_the_first_frame_waits_for_nothing_but_qt_the_theme_and_the_shell(tmp_path):
    """Started as ``inspector-app`` starts (``launch.begin``, the person's settings on disk): by the shell's
    first paint only the modules that draw it are loaded; the settings as the app reads them (gui.settings,
    the domain's enums, hashlib), locale, gui.app and the rest follow the paint."""
    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.settings import Identity

    AppSettings(tmp_path / "settings.ini").set_identity(Identity("Lena Lead", "LL", TeamRole.LEAD))
    result = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(tmp_path / "absent.sqlite")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "INSPECTOR_APP_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    modules, heavy = result.stdout.strip().splitlines()[-2:]
    assert modules == str(FIRST_FRAME)
    assert heavy == "[]"


def test_inspector_app_reaches_the_window_without_sqlalchemy_or_the_version_lookup(tmp_path):
    """The command line decides to open the window (a file, not a store) without importing SQLAlchemy
    (``storage.locations``, not ``storage.engines``: ≈0.2 s) or looking its version up (≈20 ms)."""
    code = ("import sys\nimport inspector_app.gui.launch as launch\n"
            "launch.run_gui = lambda db, plaintext=False: print([m for m in ('sqlalchemy', 'importlib.metadata', "
            "'inspector_app.storage.engines') if m in sys.modules]) or 0\n"
            "from inspector_app.cli import run\nsys.exit(run(['--db', sys.argv[1]]))")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "inspections.sqlite")], cwd=ROOT,
                            capture_output=True, text=True, timeout=60,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "", "INSPECTOR_APP_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


FIRST_LOOK = """
from PySide6.QtWidgets import QApplication
from inspector_app.gui.launch import shell_application
from inspector_app.gui.shell import StartupShell
from inspector_app.gui.theme import apply_theme

app = shell_application()
shell = StartupShell("inspections.sqlite")
frames = []
shell.painted.connect(lambda: frames.append(shell.grab().toImage()))
shell.show()
while not frames or shell.statusBar().currentMessage() != "Loading…":  # the status bar follows the frame
    app.processEvents()
for _ in range(3):  # its layout settled
    app.processEvents()
frames.append(shell.grab().toImage())
apply_theme(app)  # the keyboard and screen-reader style, as it follows the first look at the numbers
app.processEvents()
frames.append(shell.grab().toImage())
first, loading, themed = frames
ratio = themed.devicePixelRatio()
bar = shell.nav.verticalScrollBar()  # shortened by the status bar: on a small screen its handle grows
left = round(bar.mapTo(shell, bar.rect().topLeft()).x() * ratio) if bar.isVisible() else first.width()
view = shell.nav.viewport()  # the sidebar's list ends higher, above the status bar: compared down to there
top = round(view.mapTo(shell, view.rect().bottomLeft()).y() * ratio)
print(ratio, first.size() == loading.size() == themed.size(), loading == themed,
      [y for y in range(top) if any(first.pixel(x, y) != themed.pixel(x, y) for x in range(left))][:1])
"""


def test_the_first_frame_looks_as_the_shell_does_in_the_full_theme_at_150_percent(tmp_path):
    """The first frame is drawn before the keyboard and screen-reader style (``gui.a11y``) and the status
    bar arrive; when they do, nothing else changes by a pixel: no flash, no shift (at 150%, as
    ``zoom_probe``; on its small screen the status bar shortens the sidebar, whose scroll bar changes)."""
    from tests.gui.zoom_probe import environment

    result = subprocess.run([sys.executable, "-c", FIRST_LOOK], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env=environment(tmp_path, "1.5"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "1.5 True True []"


def test_the_window_replaces_the_shell_and_the_overview_fills_in(qtbot, tmp_path, registry):
    from inspector_app.gui.app import application, start_window

    db = tmp_path / "start.sqlite"
    ws = open_workspace(db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws)
    for text in ("Visits are regular.", "Plans drift.", "The child was seen alone."):
        evidence.add_evidence(ws, info.id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE)
    ws.close()
    application()
    settings = AppSettings(tmp_path / "settings.ini")
    settings.set_last_inspection(hashlib.sha1(str(db.resolve()).encode()).hexdigest()[:12], info.id)
    shell = start_window(db, LEAD, settings)
    assert not shell.nav.isEnabled() and shell.windowTitle() == "Inspector App"
    with qtbot.waitSignal(shell.window_ready, timeout=30000) as ready:
        pass
    window = ready.args[0]
    qtbot.addWidget(window)
    try:
        assert window.isVisible() and not shell.isVisible()
        assert window.current_key() == "overview"
        page = window.pages["overview"]
        qtbot.waitUntil(lambda: page.cards["evidence"].number.text() == "3", timeout=10000)
        assert "Testshire" in page.heading.text()
        window.nav.setFocus()  # the window answers the keyboard: the sidebar moves to the next screen
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
        assert window.current_key() == "cases"
    finally:
        window.close()
        window.ctx.ws.close()


def _slow_open(monkeypatch):  # type: ignore[no-untyped-def]
    """Opening the database waits (in the loading thread) until the test lets it go on: a slow load,
    made slow deterministically. Returns (opened: set once the database is open, go: lets it finish)."""
    import threading

    from inspector_app.gui import app as gui_app

    opened, go = threading.Event(), threading.Event()
    real = gui_app.open_for_window

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = real(*args, **kwargs)
        opened.set()
        go.wait(60)
        return result

    monkeypatch.setattr(gui_app, "open_for_window", slow)
    return opened, go


def _database_with_evidence(tmp_path, registry, texts):  # type: ignore[no-untyped-def]
    db = tmp_path / "start.sqlite"
    ws = open_workspace(db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws)
    for text in texts:
        evidence.add_evidence(ws, info.id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE)
    ws.close()
    settings = AppSettings(tmp_path / "settings.ini")
    settings.set_last_inspection(hashlib.sha1(str(db.resolve()).encode()).hexdigest()[:12], info.id)
    return db, info, settings


def test_the_shell_shows_first_and_the_window_arrives_with_the_databases_numbers(qtbot, tmp_path, registry,
                                                                               monkeypatch):
    from inspector_app.gui.app import application, start_window

    db, info, settings = _database_with_evidence(
        tmp_path, registry, ("Visits are regular.", "Plans drift.", "The child was seen alone.", "Notes lag."))
    opened, go = _slow_open(monkeypatch)
    application()
    shell = start_window(db, LEAD, settings)
    arrived: list[object] = []
    on_arrival: list[tuple[object, str]] = []

    def ready(window) -> None:  # type: ignore[no-untyped-def]  # as the window arrives, before any later read lands
        page = window.pages["overview"]
        on_arrival.append((page.filled_for, page.cards["evidence"].number.text()))
        arrived.append(window)

    shell.window_ready.connect(ready)
    qtbot.waitUntil(opened.is_set, timeout=30000)  # the database is open in the loading thread, not yet shown
    assert shell.isVisible() and shell.loading and not arrived
    assert shell.statusBar().currentMessage() == "Loading…"
    # The overview's numbers are on the shell already: read before the database was opened for work
    glance = shell.glance_page
    assert glance is not None and glance.isVisible()
    assert {key: card.number.text() for key, card in glance.cards.items()} == {
        "days": "10", "cases": "0", "audits": "0", "evidence": "4", "notes": "0"}
    assert glance.heading.text() == "Testshire: overview"
    go.set()
    qtbot.waitUntil(lambda: bool(arrived), timeout=30000)
    window = arrived[0]
    qtbot.addWidget(window)
    try:
        assert window is not None and window.isVisible() and not shell.isVisible()
        page = window.pages["overview"]
        # The numbers came with the window (read in the loading thread), not from a later read:
        assert on_arrival == [(info.id, "4")]
        assert page.cards["evidence"].number.text() == "4"
        assert [(r.name, r.evidence) for r in page.inspectors.rows()] == [("Lena Lead", 4)]
        assert "Testshire" in page.heading.text()
    finally:
        window.close()
        window.ctx.ws.close()


def test_the_shell_answers_the_keyboard_while_loading_and_quitting_lets_go_of_the_database(
        qtbot, tmp_path, registry, monkeypatch):
    from inspector_app.gui.app import application, start_window

    db, _info, settings = _database_with_evidence(tmp_path, registry, ("Visits are regular.",))
    opened, go = _slow_open(monkeypatch)
    application()
    shell = start_window(db, LEAD, settings)
    qtbot.addWidget(shell)
    arrived: list[object] = []
    shell.window_ready.connect(arrived.append)
    qtbot.waitUntil(opened.is_set, timeout=30000)  # still loading: the database is held by the loading thread
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow, timeout=10000)
    qtbot.keyClick(shell, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)  # Quit, while the load is stuck
    assert not shell.isVisible() and not arrived
    go.set()
    qtbot.waitUntil(lambda: bool(arrived), timeout=30000)
    assert arrived == [None]  # no window appears after the person quit
    again = open_workspace(db, user="Lena Lead", registry=registry, exclusive=True)  # the writer lock was let go
    again.close()


def test_ctrl_e_pressed_while_loading_opens_capture_once_the_data_is_there(qtbot, tmp_path, registry, monkeypatch):
    """A shortcut pressed while the shell is still loading is kept, not lost or half-served: quick capture
    opens when the window has the inspection (its descriptors listed), and what is typed there is saved."""
    from PySide6.QtWidgets import QApplication

    from inspector_app.gui.app import application, start_window
    from inspector_app.gui.dialogs.capture import CaptureDialog

    db, info, settings = _database_with_evidence(tmp_path, registry, ("Visits are regular.",))
    opened, go = _slow_open(monkeypatch)
    application()
    shell = start_window(db, LEAD, settings)
    qtbot.addWidget(shell)
    arrived: list[object] = []
    shell.window_ready.connect(arrived.append)
    qtbot.waitUntil(opened.is_set, timeout=30000)
    shell.activateWindow()
    qtbot.waitUntil(shell.isActiveWindow, timeout=10000)
    qtbot.keyClick(shell, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)  # Ctrl+E while still loading
    assert QApplication.activeModalWidget() is None and "Still loading" in shell.statusBar().currentMessage()
    go.set()
    qtbot.waitUntil(lambda: bool(arrived), timeout=30000)
    window = arrived[0]
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaptureDialog), timeout=10000)
        dialog = QApplication.activeModalWidget()
        assert dialog.ui.descriptorList.model().rowCount() > 10  # the framework's areas and descriptors
        qtbot.keyClicks(dialog.ui.textEdit, "Plans lack outcomes.")
        qtbot.keyClicks(dialog.ui.descriptorSearch, "leaders")
        qtbot.keyClick(dialog.ui.descriptorSearch, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
        texts = sorted(e.text for e in evidence.find_evidence(window.ctx.ws, info.id))
        assert texts == ["Plans lack outcomes.", "Visits are regular."]
    finally:
        window.close()
        window.ctx.ws.close()
