"""The sampled cases: filter, add, open a case page, delete (undoably)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from inspector_app.domain.enums import LegalStatus
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.case import CaseDialog
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.undo import push_delete
from inspector_app.gui.widgets import current, fill_enum, fit_columns, page_title, subtitle, table_view
from inspector_app.services import cases
from inspector_app.services.dto import CaseInfo

AGE = 3
CASE_COLUMNS: list[Column[CaseInfo]] = [
    Column("Reference", lambda c: c.reference), Column("Initials", lambda c: c.initials or "–"),
    Column("Legal status", lambda c: c.legal_status), Column("Age", lambda c: c.age_band),
    Column("Team", lambda c: c.team or "–"), Column("Why chosen", lambda c: c.selection_reason),
    Column("Notes", lambda c: c.note_count, True), Column("Audits", lambda c: c.audit_count, True),
    Column("Evidence", lambda c: c.evidence_count, True), Column("Added by", lambda c: c.created_by),
]


class CasesPage(Page):
    title = "Cases"
    open_case = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by reference, team or summary")
        self.filter_edit.setAccessibleName("Filter cases")
        self.filter_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Filter by legal status")
        fill_enum(self.status_combo, LegalStatus, "Any legal status")
        add = QPushButton("&Add case…")
        add.clicked.connect(self.add_case)
        self.model: RowsModel[CaseInfo] = RowsModel(CASE_COLUMNS)
        self.view = table_view("Cases", self.model, whole=(0, AGE))  # an age cut to "1…" says nothing
        self.view.activated.connect(self._open)
        self.view.doubleClicked.connect(self._open)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.count = subtitle()
        self.filter_edit.textChanged.connect(self.refresh)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.status_combo, 1)
        bar.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Cases"))
        layout.addWidget(subtitle("Children's cases in the sample, by the council's reference. Open a case (Enter) "
                                  "for its tracking notes, record audits and evidence."))
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(self.count)

    def main_control(self) -> QWidget:
        return self.view

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        rows = cases.list_cases(self.ctx.ws, self.ctx.inspection_id, text=self.filter_edit.text(),
                                legal_status=current(self.status_combo))
        self.model.set_rows(rows)
        fit_columns(self.view)
        self.count.setText(f"{len(rows)} case{'s' if len(rows) != 1 else ''} shown")

    def selected(self) -> CaseInfo | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _open(self) -> None:
        case = self.selected()
        if case is not None:
            self.open_case.emit(case.id)

    def add_case(self) -> None:
        dialog = CaseDialog(self.ctx, self)
        if dialog.exec() and dialog.saved is not None:
            self.open_case.emit(dialog.saved.id)

    def delete_selected(self) -> None:
        case = self.selected()
        if case is not None and not self.ctx.identity.read_only:
            push_delete(self.ctx, f"Delete case {case.reference}", "case", case.id)
