"""Headings, captions and number cards: plain labels and frames, quick to import.

The start-up shell's first look (``gui.glance_page``) shows the overview's heading and numbers with these
before the screens load, in the loading thread's way: ``gui.widgets`` (which re-exports them for the
screens) loads Qt's ``Qt`` namespace and a dozen Qt classes more, ≈30 ms that the numbers need not wait for.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


def page_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    label.setAccessibleName(text)
    return label


def subtitle(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageSubtitle")
    label.setWordWrap(True)
    return label


def styled_label(text: str, name: str) -> QLabel:
    """A label styled by object name: 'warning', 'error' or 'ok'."""
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class NumberCard(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        self.number = QLabel("0")
        self.number.setObjectName("cardNumber")
        caption = QLabel(label)
        caption.setObjectName("cardLabel")
        layout.addWidget(self.number)
        layout.addWidget(caption)
        self.setAccessibleName(label)

    def set_value(self, value: Any) -> None:
        self.number.setText(str(value))
