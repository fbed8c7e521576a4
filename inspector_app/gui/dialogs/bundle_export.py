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

from inspector_app.services.workspace import PASSPHRASES_DIFFER


class BundleExportDialog(QDialog):
    def __init__(self, default_recipient: str, parent: QWidget | None = None, *, must_encrypt: bool = False) -> None:
        """``must_encrypt``: the database is encrypted, so its bundles must be too (the box is ticked and
        locked, and says why)."""
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
        self.reason = QLabel("This database is encrypted, so its bundles are too: choose a passphrase and give "
                             "it to the recipient another way than the bundle (by phone, or face to face).")
        self.reason.setObjectName("hint")
        self.reason.setWordWrap(True)
        form = QFormLayout()
        self._form = form
        form.addRow("&For", self.recipient)
        form.addRow("", self.since_last)
        form.addRow("", self.encrypt)
        form.addRow("", self.reason)
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
        if must_encrypt:
            self.encrypt.setChecked(True)
            self.encrypt.setEnabled(False)
        self._form.setRowVisible(self.reason, must_encrypt)
        self._toggle(self.encrypt.isChecked())

    def _toggle(self, on: bool) -> None:
        """The passphrase rows show only while protecting: greyed boxes looked like boxes to type in."""
        for box in (self.passphrase, self.repeat):
            self._form.setRowVisible(box, on)
        self.adjustSize()

    def _check(self) -> None:
        if self.encrypt.isChecked():
            if self.passphrase.text() != self.repeat.text():  # the mistake to fix first, as everywhere
                self.error.setText(PASSPHRASES_DIFFER)
                return
            if len(self.passphrase.text()) < 8:
                self.error.setText("Use a passphrase of at least 8 characters.")
                return
        self.accept()

    def chosen_passphrase(self) -> str | None:
        return self.passphrase.text() if self.encrypt.isChecked() else None
