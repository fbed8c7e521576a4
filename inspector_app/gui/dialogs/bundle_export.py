"""Choosing who a bundle is for, whether it carries only recent changes, and a passphrase."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class BundleExportDialog(QDialog):
    def __init__(self, default_recipient: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export a bundle")
        self.recipient = QLineEdit(default_recipient)
        self.recipient.setAccessibleName("Who the bundle is for")
        self.since_last = QCheckBox("Only what changed since the last bundle for this person")
        self.encrypt = QCheckBox("Protect with a passphrase (recommended for memory sticks and email)")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Repeat the passphrase")
        self.error = QLabel()
        self.error.setObjectName("error")
        form = QFormLayout()
        form.addRow("&For", self.recipient)
        form.addRow("", self.since_last)
        form.addRow("", self.encrypt)
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("&Repeat", self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A bundle carries this inspection's cases, notes, record audits, evidence, "
                                "judgements and findings to another inspector's laptop."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.encrypt.toggled.connect(self._toggle)
        self._toggle(False)

    def _toggle(self, on: bool) -> None:
        self.passphrase.setEnabled(on)
        self.repeat.setEnabled(on)

    def _check(self) -> None:
        if self.encrypt.isChecked():
            if len(self.passphrase.text()) < 8:
                self.error.setText("Use a passphrase of at least 8 characters.")
                return
            if self.passphrase.text() != self.repeat.text():
                self.error.setText("The passphrases do not match.")
                return
        self.accept()

    def chosen_passphrase(self) -> str | None:
        return self.passphrase.text() if self.encrypt.isChecked() else None
