"""The app as the AT-SPI test runs it: the main window on a demo database, on one view, for a while.

``python -m tests.gui.atspi_app DB VIEW SECONDS`` under a real X display (Xvfb) with
QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1, so Qt publishes its accessibility tree on the AT-SPI bus as it
does for Orca. Prints "ready" once the view is showing; quits by itself after SECONDS.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(db: Path, view: str, seconds: float) -> int:
    from PySide6.QtCore import QTimer

    from inspector_app.gui.app import application, build_main_window
    from inspector_app.gui.settings import AppSettings
    from tests.gui.a11y_checks import choose_demo_inspection, demo_lead

    app = application()
    window = build_main_window(db, demo_lead(db), AppSettings(db.with_suffix(".ini")))
    window.show()
    window.open_inspection(choose_demo_inspection(window.ctx.ws))
    window.go_to_view(view)
    QTimer.singleShot(int(seconds * 1000), app.quit)
    QTimer.singleShot(200, lambda: print("ready", flush=True))
    code = app.exec()
    window.ctx.ws.close()
    return code


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    sys.exit(main(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])))
