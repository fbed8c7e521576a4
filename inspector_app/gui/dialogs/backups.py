"""Backups from the window: see them, make one now, test the newest, restore one."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from inspector_app.gui.context import AppContext
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.widgets import fit_columns, table_view
from inspector_app.services import backups
from inspector_app.services.backups import Backup, BackupError


class BackupsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Backups")
        self.resize(760, 420)
        self.model: RowsModel[Backup] = RowsModel([
            Column("Taken", lambda b: f"{b.taken_at.astimezone():%a %d %b %Y %H:%M:%S}"),
            Column("Why", lambda b: b.reason.replace("-", " ")),
            Column("Size", lambda b: f"{b.size / 1024:,.0f} KB", True)])
        self.view = table_view("Backups", self.model, stretch_column=1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        for label, slot in (("Back up &now", self.back_up), ("&Test my backup", self.test),
                            ("&Restore selected…", self.restore)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        where = QLabel(f"Verified backups are kept in {backups.folder_of(ctx.ws)}, encrypted like "
                       "the database: the newest few, one a day for a week, one a week for two months.")
        where.setWordWrap(True)  # a long folder name wraps rather than widening the dialog past the screen
        layout.addWidget(where)
        layout.addWidget(self.view)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(backups.backups_of(self.ctx.ws))
        fit_columns(self.view, skip=[1])

    def back_up(self) -> None:
        try:
            made = backups.create(self.ctx.ws, "manual")
            self.status.setText(f"Backup verified and saved: {made.path.name}")
        except BackupError as exc:
            self.status.setText(str(exc))
        self.refresh()

    def test(self) -> None:
        try:
            self.status.setText(backups.test_newest(self.ctx.ws))
        except BackupError as exc:
            self.status.setText(str(exc))

    def restore(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.status.setText("Choose a backup to restore.")
            return
        chosen = self.model.row(index.row())
        answer = QMessageBox.question(
            self, "Restore backup",
            f"Put the backup of {chosen.taken_at.astimezone():%d %b %Y %H:%M} back? Work since then is kept in a "
            "new backup first, so nothing is lost.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            safety = backups.restore_into_workspace(self.ctx.ws, chosen.path)
        except BackupError as exc:
            self.status.setText(str(exc))
            return
        self.ctx.open_inspection(self.ctx.inspection_id if self.ctx.inspection_id else None)
        self.ctx.changed()
        self.status.setText("Restored." + (f" What it replaced is kept as {safety.path.name}." if safety else ""))
        self.refresh()
