"""Run as a process: open the window on a database and report when it has painted.

    python bench/window_probe.py app DB INSPECTION_ID [--scroll]
    python bench/window_probe.py bare

Prints one JSON line: seconds from process start to first paint, and peak RSS in MB.
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


def report(extra: dict[str, object]) -> None:
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": time.perf_counter() - START, "peak_rss_mb": rss_mb, **extra}), flush=True)


def bare() -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()

    class Painted(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint:
                report({})
                app.quit()
            return False

    window.installEventFilter(Painted(window))
    window.show()
    app.exec()


def app_window(db: str, inspection_id: int, scroll: bool) -> None:
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QEvent, QObject, QTimer

    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.app import application, build_main_window
    from inspector_app.gui.settings import AppSettings, Identity

    app = application()
    settings = AppSettings(Path(tempfile.mkdtemp()) / "settings.ini")
    window = build_main_window(Path(db), Identity("Bench", "BE", TeamRole.LEAD), settings)
    window.ctx.settings.set_last_inspection(window.ctx.db_key, inspection_id)
    window.restore_state()
    state = {"painted": False}

    def after_paint() -> None:
        painted = time.perf_counter()
        extra: dict[str, object] = {}
        if scroll:
            page_start = time.perf_counter()
            window.go("evidence")
            page = window.pages["evidence"]
            app.processEvents()
            page.view.scrollToBottom()
            app.processEvents()
            extra = {"evidence_view_seconds": time.perf_counter() - page_start,
                     "rows": page.model.rowCount(), "pages_fetched": page.model.pages_fetched}
        report({**extra, "after_paint_seconds": time.perf_counter() - painted})
        app.quit()

    class Painted(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and not state["painted"]:
                state["painted"] = True
                QTimer.singleShot(0, after_paint)
            return False

    window.installEventFilter(Painted(window))
    window.show()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        app_window(sys.argv[2], int(sys.argv[3]), "--scroll" in sys.argv)
