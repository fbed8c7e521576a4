"""Asking for a passphrase: to open an encrypted database, or to set or change one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.services.workspace import PASSPHRASES_DIFFER, judge_passphrase


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(name)
    return edit


class PassphraseDialog(QDialog):
    """``new=False``: enter the passphrase. ``new=True``: choose one (twice), with the current one if any."""

    def __init__(self, title: str, message: str, *, new: bool = False, current: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.new = new
        self.current = _secret("Current passphrase") if current else None
        self.first = _secret("New passphrase" if new else "Passphrase")
        self.second = _secret("Repeat the new passphrase") if new else None
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        intro = QLabel(message)
        intro.setWordWrap(True)
        form = QFormLayout()
        if self.current is not None:
            form.addRow("&Current passphrase", self.current)
        form.addRow("&New passphrase" if new else "&Passphrase", self.first)
        if self.second is not None:
            form.addRow("&Repeat", self.second)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # The dialog grows with a wrapped message or error rather than clipping it.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(480)
        (self.current or self.first).setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.adjustSize()

    def _check(self) -> None:
        # A repeat that differs is said first: it is the mistake to fix, whatever the strength of either.
        if self.second is not None and self.first.text() != self.second.text():
            self.show_error(PASSPHRASES_DIFFER)
            return
        if self.new:
            verdict = judge_passphrase(self.first.text())
            if not verdict.ok:  # the same rule, in the same words, as the command line
                self.show_error(verdict.problem)
                return
        if not self.new and not self.first.text():
            self.show_error("Type the passphrase.")
            return
        self.accept()

    def passphrase(self) -> str:
        return self.first.text()

    def current_passphrase(self) -> str | None:
        return self.current.text() if self.current is not None else None
