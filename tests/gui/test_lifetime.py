"""A closed window, and a closed database, are freed: the whole suite opens hundreds of each in one process
(it had grown to 1.9 GB and spent minutes collecting garbage at exit), and the key of a database switched
away from should not linger in memory behind a window nobody can see."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from inspector_app.gui.app import build_main_window
from inspector_app.gui.settings import AppSettings
from tests.factories import make_case, make_inspection
from tests.gui.conftest import LEAD


def test_a_closed_window_lets_go_of_its_screens_and_its_database(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window = build_main_window(tmp_path / "w.sqlite", LEAD, AppSettings(tmp_path / "s.ini"), create=True,
                               plaintext=True)
    window.show()
    qtbot.waitExposed(window)
    info = make_inspection(window.ctx.ws)
    make_case(window.ctx.ws, info.id)
    window.open_inspection(info.id)
    for key in ("overview", "cases", "evidence", "judgements"):
        window.go(key)
    ws = window.ctx.ws
    refs = [weakref.ref(window), weakref.ref(window.ctx), weakref.ref(ws), weakref.ref(window.pages["evidence"])]
    window.close()
    ws.close()
    window.deleteLater()
    del window, ws
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert [r() is None for r in refs] == [True] * len(refs)
