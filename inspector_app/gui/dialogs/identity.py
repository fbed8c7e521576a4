"""Asks once who is using the app; the name is stamped on everything they write."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from inspector_app.domain.enums import TeamRole
from inspector_app.gui.forms.ui_identity_dialog import Ui_IdentityDialog
from inspector_app.gui.settings import Identity
from inspector_app.gui.widgets import current, fill_enum, select_data


class IdentityDialog(QDialog):
    def __init__(self, current: Identity | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_IdentityDialog()
        self.ui.setupUi(self)
        # Nobody makes themselves lead here: the inspection's roster says who leads it.
        fill_enum(self.ui.roleCombo, [TeamRole.TEAM, TeamRole.QA])
        self.ui.roleCombo.setToolTip("Who leads an inspection is set by its team roster, not here")
        if current is not None:
            self.ui.nameEdit.setText(current.name)
            self.ui.initialsEdit.setText(current.initials)
            select_data(self.ui.roleCombo, current.role)
        self.ui.nameEdit.textChanged.connect(self._suggest_initials)
        self.ui.nameEdit.textChanged.connect(self._update_ok)
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._initials_touched = bool(current)
        self.ui.initialsEdit.textEdited.connect(lambda _t: setattr(self, "_initials_touched", True))
        self._update_ok()

    def _suggest_initials(self, name: str) -> None:
        if not self._initials_touched:
            self.ui.initialsEdit.setText("".join(part[0] for part in name.split() if part).upper()[:4])

    def _update_ok(self) -> None:
        ok = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.ui.nameEdit.text().strip()))

    def identity(self) -> Identity:
        return Identity(self.ui.nameEdit.text().strip(), self.ui.initialsEdit.text().strip().upper(),
                        current(self.ui.roleCombo))
