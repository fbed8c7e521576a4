"""Every record audited in the inspection, filterable by record type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from inspector_app.domain.enums import RecordType
from inspector_app.domain.wording import plural
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.audit import AuditDialog
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.undo import push_delete
from inspector_app.gui.widgets import current, fill_enum, fit_columns, page_title, subtitle, table_view
from inspector_app.services import cases
from inspector_app.services.dto import AuditInfo


class AuditsPage(Page):
    title = "Record audits"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Filter by record type")
        fill_enum(self.type_combo, RecordType, "Every record type")
        self.type_combo.currentIndexChanged.connect(self.refresh)
        add = QPushButton("&Record audit…")
        add.clicked.connect(lambda: AuditDialog(self.ctx, self).exec())
        self.model: RowsModel[AuditInfo] = RowsModel([
            Column("Case", lambda a: a.case_reference), Column("Record", lambda a: a.record_type),
            Column("Date", lambda a: f"{a.record_date:%d %b %Y}"),
            Column("Quality", lambda a: a.quality.short_label if a.quality else "–"),
            Column("Timely", lambda a: a.timely), Column("Note", lambda a: a.note, tooltip=lambda a: a.note),
            Column("By", lambda a: a.author)])
        self.view = table_view("Record audits", self.model, stretch_column=5, whole=(0, 2))  # the case, the date
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self._delete,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.summary = subtitle()
        bar = QHBoxLayout()
        bar.addWidget(self.type_combo)
        bar.addStretch()
        bar.addWidget(add)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Record audits"))
        layout.addWidget(subtitle("Social work records examined on the sampled cases, with their quality and "
                                  "timeliness."))
        layout.addLayout(bar)
        layout.addWidget(self.view)
        layout.addWidget(self.summary)

    def main_control(self) -> QWidget:
        return self.view

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        rows = cases.list_audits(self.ctx.ws, self.ctx.inspection_id, record_type=current(self.type_combo))
        self.model.set_rows(rows)
        fit_columns(self.view, skip=[5])
        late = sum(1 for a in rows if a.timely is False)
        self.summary.setText(f"{plural(len(rows), 'record')} shown; {late} outside timescale.")

    def _delete(self) -> None:
        index = self.view.currentIndex()
        if index.isValid() and not self.ctx.identity.read_only:
            audit = self.model.row(index.row())
            push_delete(self.ctx, f"Delete audit of {audit.record_type.label.lower()}", "audit", audit.id)
