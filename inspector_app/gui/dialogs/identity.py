"""Asks once who is using the app; the name is stamped on everything they write.

Opened from "Who am I…" on an open database it also shows the person's signing-key fingerprint,
so that two people can read it aloud to each other and check it face to face, with a button that
copies the public key (for the lead's roster) and the fingerprint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QPushButton, QWidget

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.a11y import say
from inspector_app.gui.forms.ui_identity_dialog import Ui_IdentityDialog
from inspector_app.gui.settings import Identity
from inspector_app.gui.widgets import current, fill_enum, select_data

if TYPE_CHECKING:  # only the type: the first-run dialog must not pull the database layer into start-up
    from inspector_app.services.identity import KeyInfo


class IdentityDialog(QDialog):
    def __init__(self, current: Identity | None = None, parent: QWidget | None = None, *,
                 key: KeyInfo | None = None, on_roster: tuple[str, TeamRole | None] | None = None) -> None:
        """``on_roster``: the open inspection's name and the role its team roster gives the person, shown
        apart from the role they said they work in (which only applies where no roster names them)."""
        super().__init__(parent)
        self.ui = Ui_IdentityDialog()
        self.ui.setupUi(self)
        self.key = key
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("keyFingerprint")
        self.fingerprint.setWordWrap(True)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                 | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.copy_button = QPushButton("&Copy key")
        self.copy_button.setToolTip("Copy your public key and its fingerprint, to send to your lead")
        self.copy_button.clicked.connect(self.copy_key)
        if key is not None:
            self.fingerprint.setText(f"Your signing key's fingerprint:\n{key.fingerprint}\nRead it aloud to your "
                                     "lead to check it face to face.")
            self.fingerprint.setAccessibleName(f"Your signing key's fingerprint: {key.fingerprint}")
            row = QHBoxLayout()
            row.addWidget(self.fingerprint, 1)
            row.addWidget(self.copy_button)
            self.ui.mainLayout.insertLayout(self.ui.mainLayout.indexOf(self.ui.buttonBox), row)
        else:
            self.fingerprint.setVisible(False)
            self.copy_button.setVisible(False)
        # Nobody makes themselves lead here: the inspection's roster says who leads it, in words on the form
        fill_enum(self.ui.roleCombo, [TeamRole.TEAM, TeamRole.QA])
        self.role_reason = QLabel("Lead inspector is not a choice here: each inspection's team roster says "
                                  "who leads it. The lead adds the team on the Team view.")
        self.role_reason.setObjectName("hint")
        self.role_reason.setWordWrap(True)
        self.ui.mainLayout.insertWidget(self.ui.mainLayout.indexOf(self.ui.formLayout) + 1, self.role_reason)
        self.roster_role = QLabel()
        self.roster_role.setObjectName("rosterRole")
        self.roster_role.setWordWrap(True)
        if on_roster is not None:
            name, role = on_roster
            self.ui.roleLabel.setText("&Role you said")
            self.roster_role.setText(
                f"On the open inspection ({name}) the team roster makes you: {role.label.lower()}. That is the "
                "role you work in there." if role is not None else
                f"You are not on the open inspection's ({name}) team roster, so you can read it but not change "
                "it. Its lead adds you on the Team view, with the public key above.")
            self.ui.mainLayout.insertWidget(self.ui.mainLayout.indexOf(self.role_reason) + 1, self.roster_role)
        else:
            self.roster_role.setVisible(False)
        if current is not None:
            self.ui.nameEdit.setText(current.name)
            self.ui.initialsEdit.setText(current.initials)
            select_data(self.ui.roleCombo, current.role)
        self.resize(max(self.width(), 480), self.sizeHint().height())  # room for the lines added to the form
        self.ui.nameEdit.textChanged.connect(self._suggest_initials)
        self.ui.nameEdit.textChanged.connect(self._update_ok)
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._initials_touched = bool(current)
        self.ui.initialsEdit.textEdited.connect(lambda _t: setattr(self, "_initials_touched", True))
        self._update_ok()
        self.adjustSize()  # tall enough for its wrapped lines at the width it opens at (cut at 150% zoom)

    def copy_key(self) -> None:
        if self.key is None:
            return
        QApplication.clipboard().setText(f"{self.key.person}: public key {self.key.public_key} "
                                         f"(fingerprint {self.key.fingerprint})")
        self.copy_button.setText("Copied")
        say(self.fingerprint, f"Copied. Your signing key's fingerprint: {self.key.fingerprint}.")

    def _suggest_initials(self, name: str) -> None:
        if not self._initials_touched:
            self.ui.initialsEdit.setText("".join(part[0] for part in name.split() if part).upper()[:4])

    def _update_ok(self) -> None:
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.ui.nameEdit.text().strip()))

    def identity(self) -> Identity:
        return Identity(self.ui.nameEdit.text().strip(), self.ui.initialsEdit.text().strip().upper(),
                        current(self.ui.roleCombo))
