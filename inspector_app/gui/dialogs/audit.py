"""Recording the audit of one social work record on a case."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDialog, QWidget

from inspector_app.domain.enums import Grade, RecordType
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.inspection import from_qdate, to_qdate
from inspector_app.gui.forms.ui_audit_dialog import Ui_AuditDialog
from inspector_app.gui.undo import push_add
from inspector_app.gui.unsaved import AsksBeforeDiscarding
from inspector_app.gui.widgets import current, fill_enum, select_data
from inspector_app.services import cases
from inspector_app.services.dto import AuditInfo


class AuditDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, case_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved: AuditInfo | None = None
        self.ui = Ui_AuditDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setObjectName("error")
        assert ctx.inspection_id is not None
        for case in cases.case_choices(ctx.ws, ctx.inspection_id):
            self.ui.caseCombo.addItem(case.label, case.id)
        if case_id is not None:
            select_data(self.ui.caseCombo, case_id)
        fill_enum(self.ui.typeCombo, RecordType)
        fill_enum(self.ui.qualityCombo, Grade, "Not graded")
        self.ui.timelyCombo.addItem("Not known", None)
        self.ui.timelyCombo.addItem("Within timescale", True)
        self.ui.timelyCombo.addItem("Outside timescale", False)
        self.ui.recordDate.setDate(to_qdate(date.today()))
        graded = ctx.framework is not None and ctx.framework.graded
        self.ui.qualityCombo.setEnabled(graded)
        self.ui.buttonBox.accepted.connect(self._save)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.watch_typing("The audit note you typed", self._save, self.ui.noteEdit)

    def _save(self) -> None:
        case_id = current(self.ui.caseCombo)
        if case_id is None:
            self.ui.errorLabel.setText("Add a case first: a record audit belongs to a case.")
            return
        values = dict(record_type=current(self.ui.typeCombo), record_date=from_qdate(self.ui.recordDate.date()),
                      quality=current(self.ui.qualityCombo), timely=current(self.ui.timelyCombo),
                      note=self.ui.noteEdit.toPlainText())
        self.saved = self.ctx.attempt(
            self, lambda: push_add(self.ctx, "Record audit", "audit",
                                   lambda: cases.add_audit(self.ctx.ws, case_id, **values)),
            "Record an audit", show_error=self.ui.errorLabel.setText)
        if self.saved is not None:
            self.accept()
