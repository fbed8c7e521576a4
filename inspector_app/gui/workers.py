"""Long work off the GUI thread, with progress and a cancel that the work itself checks."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal

T = TypeVar("T")


class Task(QObject):
    """Runs ``work(progress, cancelled)`` in a thread; signals arrive on the GUI thread."""

    progress = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()

    def __init__(self, work: Callable[[Callable[[float, str], None], Callable[[], bool]], Any]) -> None:
        super().__init__()
        self._work = work
        self._cancel = threading.Event()
        self._thread = QThread()
        self.moveToThread(self._thread)
        self._thread.started.connect(self._run)
        # Direct: the worker thread ends its own loop. Queued to the GUI thread, the quit would wait
        # there, and a GUI thread blocked in ``wait`` (closing the window during a backup) would
        # wait out the whole timeout for a thread whose work was long done.
        self.finished.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)

    def _run(self) -> None:
        try:
            result = self._work(lambda f, m: self.progress.emit(f, m), self._cancel.is_set)
        except Exception as exc:  # reported to the GUI, which shows it in plain words
            self.failed.emit(exc)
        else:
            self.succeeded.emit(result)
        finally:
            self.finished.emit()


class _Relay(QObject):
    """Lives on the GUI thread; a signal emitted to it from a worker is queued there."""

    done = Signal()


def wait_off_gui(work: Callable[[], T]) -> T:
    """Run ``work`` in a plain thread and return what it returns (or raise what it raised), the GUI
    thread handling input and painting meanwhile in a local event loop, as a modal dialog's does.

    For work the next step needs before it can go on (opening the database before the window can be
    built) that must not freeze the window while it runs."""
    outcome: dict[str, Any] = {}
    relay = _Relay()
    loop = QEventLoop()
    relay.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the waiting GUI thread, which raises it
            outcome["error"] = exc
        relay.done.emit()

    thread = threading.Thread(target=run, name="off-gui", daemon=True)
    thread.start()
    loop.exec()  # the queued ``done`` ends it, even when the work finished before the loop started
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
