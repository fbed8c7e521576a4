"""Adding or changing a sampled case (reference and initials only, never a name)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

from inspector_app.domain.enums import AgeBand, LegalStatus, SelectionReason
from inspector_app.gui.context import AppContext
from inspector_app.gui.forms.ui_case_dialog import Ui_CaseDialog
from inspector_app.gui.undo import push_add, push_edit
from inspector_app.gui.unsaved import AsksBeforeDiscarding
from inspector_app.gui.widgets import current, fill_enum, select_data
from inspector_app.services import cases
from inspector_app.services.dto import CaseInfo

FIELDS = ("reference", "initials", "legal_status", "age_band", "team", "selection_reason", "summary")


class CaseDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, existing: CaseInfo | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.existing = existing
        self.saved: CaseInfo | None = None
        self.ui = Ui_CaseDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setObjectName("error")
        fill_enum(self.ui.statusCombo, LegalStatus)
        fill_enum(self.ui.ageCombo, AgeBand, "Not recorded")
        fill_enum(self.ui.reasonCombo, SelectionReason)
        self.setWindowTitle("Add a case" if existing is None else f"Case {existing.reference}")
        if existing is not None:
            self.ui.referenceEdit.setText(existing.reference)
            self.ui.initialsEdit.setText(existing.initials)
            select_data(self.ui.statusCombo, existing.legal_status)
            select_data(self.ui.ageCombo, existing.age_band)
            self.ui.teamEdit.setText(existing.team)
            select_data(self.ui.reasonCombo, existing.selection_reason)
            self.ui.summaryEdit.setPlainText(existing.summary)
        self.ui.buttonBox.accepted.connect(self._save)
        self.ui.buttonBox.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):  # as in quick capture and a finding: saves from any field
            QShortcut(QKeySequence(keys), self, self._save)
        ui = self.ui
        self.watch_typing("The case you typed" if existing is None else "Your change to this case", self._save,
                          ui.referenceEdit, ui.initialsEdit, ui.teamEdit, ui.summaryEdit)

    def values(self) -> dict[str, object]:
        return dict(
            reference=self.ui.referenceEdit.text(), initials=self.ui.initialsEdit.text(),
            legal_status=current(self.ui.statusCombo), age_band=current(self.ui.ageCombo),
            team=self.ui.teamEdit.text().strip(), selection_reason=current(self.ui.reasonCombo),
            summary=self.ui.summaryEdit.toPlainText().strip(),
        )

    def _save(self) -> None:
        ws, values = self.ctx.ws, self.values()
        assert self.ctx.inspection_id is not None
        inspection_id = self.ctx.inspection_id

        def save() -> bool:
            if self.existing is None:
                self.saved = push_add(self.ctx, f"Add case {values['reference']}", "case",
                                      lambda: cases.add_case(ws, inspection_id, **values))  # type: ignore[arg-type]
            else:
                case_id = self.existing.id
                old = {k: getattr(self.existing, k) for k in FIELDS}
                push_edit(self.ctx, f"Edit case {self.existing.reference}",
                          lambda v: cases.update_case(ws, case_id, **v), values, old)
                self.saved = cases.get_case(ws, case_id)
            return True

        if self.ctx.attempt(self, save, "Save a case", show_error=self.ui.errorLabel.setText):
            self.accept()
