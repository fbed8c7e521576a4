"""Run as a process: open the window on a database and report when it has painted.

    python bench/window_probe.py app DB INSPECTION_ID [--scroll] [--profile-loading FILE]
    python bench/window_probe.py bare

Prints one JSON line: seconds from process start to the first paint (the paint event of the bare
window, or of the app's start-up shell) and to that frame on screen (its children painted too), to
the overview's numbers on screen (the shell's first look, or the main window's overview, whichever
paints them first), to the main window, to its overview page filled (every table); the evidence table
opened and scrolled to the end; and peak RSS in MB.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

START = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def frame() -> float:
    """Now, once the window's paint event has returned: its children are painted and the frame is on screen."""
    return time.perf_counter() - START


def report(extra: dict[str, object]) -> None:
    """One JSON line; ``report_seconds`` lets the parent add the interpreter's start-up before START."""
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    now = time.perf_counter() - START
    print(json.dumps({"paint_seconds": now, "peak_rss_mb": rss_mb, **extra, "report_seconds": now}), flush=True)


def bare() -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()

    class Painted(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and not hasattr(self, "at"):
                self.at = time.perf_counter() - START
                QTimer.singleShot(0, lambda: (report({"paint_seconds": self.at, "frame_seconds": frame()}),
                                              app.quit()))
            return False

    window.installEventFilter(Painted(window))
    window.show()
    app.exec()


def app_window(db: str, inspection_id: int, scroll: bool) -> None:
    """The app as a person starts it (``launch.run_gui``, through ``launch.begin``): the shell paints, then
    the window fills in with the inspection. "Populated" is the first paint of an overview's evidence card
    holding the inspection's number read from the database (not a placeholder): the shell's first look
    (``gui.glance_page``) or, if that never shows, the main window's overview page; "page" is the main
    window's whole page.

    The person's settings (who they are, the inspection they had open) are read from the data folder in
    ``INSPECTOR_APP_DATA_DIR``, which ``bench/measures.py`` writes before it starts the probe, as they are
    on disk before a person starts the app; run by hand without it, the probe writes them itself first
    (in a scratch folder), and its times then include that."""
    from pathlib import Path

    if "INSPECTOR_APP_DATA_DIR" not in os.environ:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import scratch
        from measures import write_settings

        folder = scratch.folder()
        os.environ["INSPECTOR_APP_DATA_DIR"] = str(folder)
        write_settings(folder, Path(db), inspection_id)

    from inspector_app.gui.launch import begin

    shell = begin(Path(db))
    assert shell is not None, "the probe's settings hold an identity"
    times: dict[str, object] = {}
    from PySide6.QtCore import QEvent, QObject, QTimer  # the probe's own, while the shell is shown
    from PySide6.QtWidgets import QApplication

    def painted() -> None:  # the shell's own paint event; its sidebar is painted once it returns
        times.setdefault("paint_seconds", time.perf_counter() - START)
        QTimer.singleShot(0, lambda: times.setdefault("frame_seconds", frame()))

    shell.painted.connect(painted)

    app = QApplication.instance()

    def watch(number, done, key: str) -> None:  # type: ignore[no-untyped-def]
        """Record in ``times[key]`` the first paint of ``number`` once ``done()`` holds."""
        class Painted(QObject):
            def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
                if event.type() == QEvent.Type.Paint and done() and key not in times:
                    times[key] = time.perf_counter() - START
                    times.setdefault("populated_seconds", times[key])
                    times.setdefault("evidence_count", number.text())
                    if key == "page_seconds":
                        QTimer.singleShot(0, lambda: scroll_and_report(shell.window))
                return False

        number.installEventFilter(Painted(number))
        number.update()  # painted again even if it painted before this probe started to watch

    shell.glanced.connect(lambda page: watch(page.cards["evidence"].number, lambda: True, "glance_seconds"))

    def scroll_and_report(window) -> None:  # type: ignore[no-untyped-def]
        if scroll:
            page_start = time.perf_counter()
            window.go("evidence")
            page = window.pages["evidence"]
            app.processEvents()
            page.view.scrollToBottom()
            app.processEvents()
            times.update(evidence_view_seconds=time.perf_counter() - page_start, rows=page.model.rowCount(),
                         pages_fetched=page.model.pages_fetched)
        report(times)
        window.close()
        app.quit()

    def ready(window) -> None:  # type: ignore[no-untyped-def]
        if window is None:
            print(json.dumps({"error": "the main window could not be opened"}), flush=True)
            app.exit(1)
            return
        times["window_seconds"] = time.perf_counter() - START
        shell.window = window
        page = window.pages["overview"]
        watch(page.cards["evidence"].number, lambda: page.filled_for == inspection_id, "page_seconds")

    shell.window_ready.connect(ready)
    app.exec()


def profile_loading(out: str) -> None:
    """Profile the start-up's loading thread (imports, opening the database, the overview's numbers),
    where the time before "overview populated" goes; pyinstrument samples only the thread it starts in."""
    import importlib

    import inspector_app.gui.shell as shell_module

    def profiled(glance, glanced, shown, prepare, done) -> None:  # type: ignore[no-untyped-def]
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
        numbers = None
        if glance is not None:
            for name in shell_module.GLANCE_MODULES:
                importlib.import_module(name)
            numbers = glance()
        glanced.emit(numbers)
        shown.wait(shell_module.GLANCE_WAIT)
        for name in shell_module.HEAVY_MODULES:
            importlib.import_module(name)
        result = prepare()
        profiler.stop()
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(profiler.output_text(unicode=False, color=False))
        done.emit(result)

    shell_module._load = profiled


if __name__ == "__main__":
    if "--profile-loading" in sys.argv:
        profile_loading(sys.argv[sys.argv.index("--profile-loading") + 1])
    if sys.argv[1] == "bare":
        bare()
    else:
        app_window(sys.argv[2], int(sys.argv[3]), "--scroll" in sys.argv)
