"""The lead puts a team member on the inspection's roster: a name, a role and the public key they read out.

The fingerprint of the pasted key is shown as it is typed, so the lead can check it face to face
with the one on the member's own Team view before saying OK: that check is what makes the
member's signed bundles trustworthy.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.unsaved import AsksBeforeDiscarding
from inspector_app.gui.widgets import current, fill_enum
from inspector_app.services import identity
from inspector_app.services.roster import RosterEntry
from inspector_app.services.workspace import ValidationError

Save = Callable[[str, TeamRole, str], RosterEntry | None]


class RosterMemberDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, save: Save, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to the team roster")
        self._save = save
        self.saved: RosterEntry | None = None
        self.name = QLineEdit()
        self.name.setAccessibleName("Team member's name")
        self.name.setMaxLength(120)
        self.role = QComboBox()
        self.role.setAccessibleName("Role on this inspection")
        fill_enum(self.role, [TeamRole.TEAM, TeamRole.QA, TeamRole.LEAD])
        self.key = QLineEdit()
        self.key.setAccessibleName("Their public key")
        self.key.setPlaceholderText("64 hexadecimal digits: their Team view copies it")
        self.fingerprint = QLabel()
        self.fingerprint.setAccessibleName("Fingerprint of the key")
        self.fingerprint.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("Public &key", self.key)
        form.addRow("", self.fingerprint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("Bundles signed by someone on the roster are accepted without a question. Check the "
                       "fingerprint below with them face to face (or on a call) before you say OK.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.key.textChanged.connect(self._show_fingerprint)
        self._show_fingerprint("")
        self.watch_typing("The team member you typed", self._accept, self.name, self.key)  # a key read out

    def _show_fingerprint(self, text: str) -> None:
        try:
            key = identity.parse_public_key(text)
        except (ValidationError, ValueError):
            self.fingerprint.setText("Fingerprint: (paste the whole key)" if text.strip() else "")
            return
        self.fingerprint.setText(f"Fingerprint: {identity.fingerprint(key)}")

    def _accept(self) -> None:
        if not self.name.text().strip():
            self.error.setText("Write the team member's name.")
            self.name.setFocus()
            return
        try:
            identity.parse_public_key(self.key.text())
        except (ValidationError, ValueError):
            self.error.setText("The public key is 64 hexadecimal digits: copy it from their Team view.")
            self.key.setFocus()
            return
        self.saved = self._save(self.name.text(), current(self.role), self.key.text())
        if self.saved is not None:
            self.accept()
