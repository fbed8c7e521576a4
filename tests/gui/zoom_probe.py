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
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from inspector_app.gui.app import application, build_main_window
    from inspector_app.gui.settings import AppSettings
    from inspector_app.services import cases
    from tests.gui.a11y_checks import (
        VIEWS,
        choose_demo_inspection,
        clipped_labels,
        cut_identifiers,
        cut_tables,
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
        page = window.pages[key]
        for _ in range(1000):  # with its figures in (the overview counts in the background): measured full
            QApplication.processEvents()
            if not page.busy():
                break
            QTest.qWait(10)
        settle()
        report[key] = geometry_problems(window) + sideways(window) + clipped_labels(window.stack.currentWidget())
        report[key] += cut_identifiers(window.stack.currentWidget())
        report[key] += keyboard_in_view(window, key)
        if shots is not None and key in ("evidence", "judgements"):
            window.grab().save(str(shots / f"{key}-150.png"))
    blind = _blind_inspection(window.ctx.ws, window.ctx.inspection_id)  # "Your proposals" shows only while blind
    window.open_inspection(blind)
    window.go_to_view("moderation")
    settle()
    page = window.stack.currentWidget()
    report["moderation (blind)"] = (geometry_problems(window) + sideways(window) + clipped_labels(page)
                                    + keyboard_in_view(window, "moderation"))
    if not window.pages["moderation"].propose_box.isVisible():
        report["moderation (blind)"].append("the 'Your proposals' form is not shown")
    if shots is not None:
        window.grab().save(str(shots / "moderation-blind-150.png"))
    for name, make in dialogs(window, scratch):
        dialog = show_dialog(make())
        for _ in range(3):
            QApplication.processEvents()
        # the Annex A preview shows a spreadsheet's own columns, as many as it has: reading across is its job
        tables = cut_tables(dialog) if name != "annex preview" else []
        report[name] = geometry_problems(dialog) + tables + clipped_labels(dialog)
        if name == "passphrase":
            report["passphrase refused"] = refused_passphrase(dialog)
        if shots is not None and name == "capture":
            dialog.grab().save(str(shots / "capture-150.png"))
        dialog.close()
        dialog.deleteLater()
    window.lock()
    settle()
    report["lock screen"] = clipped_labels(window.lock_screen)
    window.close()
    window.ctx.ws.close()
    return report


def _blind_inspection(ws, besides: int) -> int:  # type: ignore[no-untyped-def]
    """A graded demo inspection whose moderation the lead has not opened (the demo opens only the first's)."""
    from inspector_app.services import inspections, moderation

    return next(i.id for i in inspections.list_inspections(ws) if i.id != besides and i.kind.graded
                and not moderation.is_open(ws, i.id))


def settle() -> None:
    from PySide6.QtWidgets import QApplication

    for _ in range(5):
        QApplication.processEvents()


def keyboard_in_view(window, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    """A view opens at its top, and whatever the keyboard moves the focus to is scrolled into view
    (Ctrl+N, then Tab; on the Judgements board Ctrl+PgDown from area to area, then Tab)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tests.gui.a11y_checks import describe, focus_hidden

    problems = []
    frame = window.stack.currentWidget()
    focused = QApplication.focusWidget()
    room = frame.viewport().height()
    top = focused.mapTo(frame.widget(), focused.rect().topLeft()).y() if focused is not None else 0
    seen_at_top = focused is not None and top + min(focused.height(), room // 3) <= room
    if frame.verticalScrollBar().value() > 0 and seen_at_top:  # scrolled, though its control showed at the top
        problems.append(f"opens scrolled down by {frame.verticalScrollBar().value()} px")
    if key == "evidence":
        descriptors = window.pages["evidence"].detail.descriptors
        if descriptors.height() < 6 * descriptors.fontMetrics().lineSpacing():
            problems.append(f"the descriptors list shows {descriptors.height()} px, under two descriptors")
    problems += focus_hidden(QApplication.focusWidget())
    presses = [(Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)] * 3
    if key == "findings":  # read down the page, then back to the summary above: the box and its label are seen
        frame.verticalScrollBar().setValue(frame.verticalScrollBar().maximum())
        presses = [(Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)] * 3 + presses
    if key == "judgements":
        pgdown = (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
        presses = [pgdown, pgdown, pgdown, presses[0], pgdown, presses[0], presses[0]]
    for pressed, modifier in presses:
        QTest.keyClick(QApplication.focusWidget(), pressed, modifier)
        settle()
        focused = QApplication.focusWidget()
        problems += [f"after {describe(focused)}: {p}" for p in focus_hidden(focused)]
        if pressed == Qt.Key.Key_PageDown:  # the area Ctrl+PgDown went to is shown from its heading
            board = window.pages["judgements"]
            card = next(c for c in board.cards.values() if c.isAncestorOf(QApplication.focusWidget()))
            viewport = board.board_scroll.viewport()
            if not viewport.rect().contains(card.mapTo(viewport, card.rect().topLeft())):
                problems.append(f"Ctrl+PgDown: the heading of {card.title()!r} is out of view")
    return problems


def refused_passphrase(dialog) -> list[str]:  # type: ignore[no-untyped-def]
    """The first-run passphrase dialog after a passphrase too short: the intro and the red message fit."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    from tests.gui.a11y_checks import clipped_labels, geometry_problems

    for edit in dialog.findChildren(QLineEdit):
        edit.setText("abc")
    QTest.keyClick(dialog.findChildren(QLineEdit)[-1], Qt.Key.Key_Return)
    settle()
    return geometry_problems(dialog) + clipped_labels(dialog)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    arguments = [Path(a) for a in sys.argv[1:]]
    print(json.dumps(main(*arguments)))  # type: ignore[arg-type]
