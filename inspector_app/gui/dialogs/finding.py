"""Writing a finding: a roomy box that wraps, where Tab moves on and Ctrl+Enter saves.

A finding is a paragraph of the report, so the box is sized for one; Return still starts a new
line inside it, as people expect when writing prose.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from inspector_app.gui.unsaved import AsksBeforeDiscarding


class FindingDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, title: str, kind_label: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        label = QLabel(f"&{kind_label} (Ctrl+Enter saves, Tab moves to the buttons)")
        label.setWordWrap(True)
        self.edit = QPlainTextEdit(text)
        self.edit.setAccessibleName(kind_label)
        self.edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumSize(560, 220)
        label.setBuddy(self.edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.buttons)
        self.resize(680, 360)
        self.edit.setFocus()
        self.watch_typing("Your change to this finding" if text else "The finding you typed", self.accept, self.edit)

    def text(self) -> str:
        return self.edit.toPlainText()


def ask_finding(parent: QWidget, title: str, kind_label: str, text: str = "") -> tuple[str, bool]:
    dialog = FindingDialog(title, kind_label, text, parent)
    ok = bool(dialog.exec())
    return dialog.text(), ok
