"""The list of inspections: open one, or create a new one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from inspector_app.domain.enums import InspectionStatus
from inspector_app.domain.wording import plural
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.inspection import InspectionDialog
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.widgets import fit_columns, page_title, subtitle, table_view
from inspector_app.services import inspections
from inspector_app.services.dto import InspectionInfo
from inspector_app.services.retention import PurgeSummary

ON_SITE = 3  # the column of the dates on site: two visits to one council are told apart by them


def _dates(i: InspectionInfo) -> str:
    return f"{i.start_date:%d %b %Y} – {i.end_date:%d %b %Y}"


class HomePage(Page):
    title = "Inspections"
    needs_inspection = False
    open_requested = Signal(int)
    import_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        frameworks = ctx.ws.registry
        self.model: RowsModel[InspectionInfo] = RowsModel([
            Column("Local authority", lambda i: i.authority),
            Column("Kind", lambda i: i.kind),
            Column("Framework", lambda i: frameworks.by_uid(i.framework_uid).short_name
                   if i.framework_uid in frameworks.frameworks else i.framework_uid),
            Column("On site", _dates),
            Column("Status", lambda i: i.status),
            Column("Lead inspector", lambda i: i.lead.name if i.lead else "–"),
        ])
        self.view = table_view("Inspections", self.model, stretch_column=0, whole=(ON_SITE,))  # two visits apart
        self.view.doubleClicked.connect(self._open_selected)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_purge())
        self.view.activated.connect(self._open_selected)
        self.hint = subtitle()
        new_button = QPushButton("&New inspection…")
        new_button.clicked.connect(self.new_inspection)
        self.import_button = QPushButton("&Import a bundle…")
        self.import_button.setToolTip("Add an inspection (or the team's latest work on it) from a bundle file; "
                                      "you can also drop the file onto this window")
        self.import_button.clicked.connect(self.import_requested)
        open_button = QPushButton("&Open")
        open_button.clicked.connect(self._open_selected)
        self.purge_button = QPushButton("&Purge case details…")
        self.purge_button.setToolTip("After publication: remove what identifies children, keep the judgements")
        self.purge_button.clicked.connect(self.purge_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(new_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(open_button)
        buttons.addStretch()
        buttons.addWidget(self.purge_button)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Inspections"))
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.view)

    def main_control(self) -> QWidget:
        return self.view

    def refresh(self) -> None:
        rows = inspections.list_inspections(self.ctx.ws)
        self.model.set_rows(rows)
        fit_columns(self.view, skip=[0])
        if rows:
            self.hint.setText("Open an inspection (double-click or Enter) to work on its cases, evidence and "
                              "judgements.")
            self.view.selectRow(0)
            self._update_purge()
        else:
            self.purge_button.setEnabled(False)
            self.hint.setText("No inspections yet. Create one with New inspection (Ctrl+Shift+N), or, if you are on "
                              "a team, import the bundle your lead sent you with Import a bundle (Ctrl+Shift+I) or "
                              "by dropping it onto this window.")

    def selected(self) -> InspectionInfo | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _update_purge(self) -> None:
        chosen = self.selected()
        allowed = (chosen is not None and chosen.status is InspectionStatus.PUBLISHED
                   and not self.ctx.identity.read_only)
        self.purge_button.setEnabled(allowed)
        self.purge_button.setToolTip("After publication: remove what identifies children, keep the judgements"
                                     if allowed else "Only a published inspection can be purged, by its team")

    def purge_selected(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from inspector_app.gui.dialogs.retention import PurgeDialog

        chosen = self.selected()
        if chosen is None:
            return
        dialog = PurgeDialog(self.ctx, chosen, self)
        if dialog.exec() and isinstance(dialog.result_value, PurgeSummary):
            done = dialog.result_value
            self.ctx.changed()
            QMessageBox.information(self, "Purge complete", (
                f"{chosen.authority}: {plural(done.cases, 'case')} pseudonymised, "
                f"{plural(done.notes_removed, 'tracking note')} and "
                f"{plural(done.attachments_removed, 'attachment')} removed, "
                f"{plural(done.texts_scrubbed, 'text')} scrubbed; "
                f"{done.backups_shredded} older backups shredded and a new one made."))

    def _open_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.open_requested.emit(self.model.row(index.row()).id)

    def new_inspection(self) -> None:
        dialog = InspectionDialog(self.ctx, self)
        if dialog.exec() and dialog.created is not None:
            self.open_requested.emit(dialog.created.id)
