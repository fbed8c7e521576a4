"""Every view and dialog on a 1366×768 screen at 150% (QT_SCALE_FACTOR=1.5), measured in a fresh process.

Qt fixes the scale factor when the application starts, so the test runs this module in a
subprocess: ``python -m tests.gui.zoom_probe DEMO_DB SCRATCH [SHOTS]``. It prints one JSON object:
each view or dialog with the controls that cannot be seen or scrolled to (an empty list when all is
well), and the screen's logical size. With SHOTS it also saves the evidence and judgements views.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

SCREEN = {"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
                       "dpr": 1}]}


def environment(scratch: Path, scale: str = "1.5") -> dict[str, str]:
    """The environment for a process that sees one 1366×768 screen at ``scale``."""
    config = scratch / "screen-1366x768.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=scale,
               INSPECTOR_APP_DATA_DIR=str(scratch / "data"))
    return env


def main(db: Path, scratch: Path, shots: Path | None = None) -> dict[str, object]:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from inspector_app.gui.app import application, build_main_window
    from inspector_app.gui.settings import AppSettings
    from inspector_app.services import cases
    from tests.gui.a11y_checks import (
        VIEWS,
        choose_demo_inspection,
        demo_lead,
        dialogs,
        geometry_problems,
        show_dialog,
        sideways,
    )

    application()
    window = build_main_window(db, demo_lead(db), AppSettings(scratch / "s.ini"))
    window.show()
    window.open_inspection(choose_demo_inspection(window.ctx.ws))
    screen = QGuiApplication.primaryScreen().availableGeometry()
    report: dict[str, object] = {"screen": [screen.width(), screen.height()],
                                 "window": [window.width(), window.height()]}
    for key in VIEWS:
        if key == "case":
            window.show_case(cases.list_cases(window.ctx.ws, window.ctx.inspection_id)[0].id)
        else:
            window.go_to_view(key)  # as Ctrl+1…9 do: focus on the main control, scrolled into view
        for _ in range(5):
            QApplication.processEvents()
        report[key] = geometry_problems(window) + sideways(window)
        if shots is not None and key in ("evidence", "judgements"):
            window.grab().save(str(shots / f"{key}-150.png"))
    for name, make in dialogs(window, scratch):
        dialog = show_dialog(make())
        for _ in range(3):
            QApplication.processEvents()
        report[name] = geometry_problems(dialog)
        if shots is not None and name == "capture":
            dialog.grab().save(str(shots / "capture-150.png"))
        dialog.close()
        dialog.deleteLater()
    window.close()
    window.ctx.ws.close()
    return report


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    arguments = [Path(a) for a in sys.argv[1:]]
    print(json.dumps(main(*arguments)))  # type: ignore[arg-type]
