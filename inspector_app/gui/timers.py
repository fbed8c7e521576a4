"""Timers made in one line, typed: PySide6 accepts `QTimer(timeout=...)` at run time, but its type
stubs do not know signals as keyword arguments."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def timer(parent: QObject, interval_ms: int, slot: Callable[[], object], *, single_shot: bool = False) -> QTimer:
    made = QTimer(parent)
    made.setInterval(interval_ms)
    made.setSingleShot(single_shot)
    made.timeout.connect(slot)
    return made
