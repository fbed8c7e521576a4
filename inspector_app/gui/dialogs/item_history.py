"""The history of one item: who created it, every change with before and after, undo and merges."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from inspector_app.gui.context import AppContext
from inspector_app.gui.history_panel import HistoryPanel
from inspector_app.services import audit_trail
from inspector_app.services.audit_trail import AuditEntry


class ItemHistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str, row_id: int, title: str, parent: QWidget | None = None,
                 entries: list[AuditEntry] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of {title}")
        self.resize(860, 560)
        entries = entries if entries is not None else audit_trail.item_history(ctx.ws, kind, row_id)
        self.panel = HistoryPanel("Item history")
        self.panel.model.load(lambda offset, limit: entries[offset:offset + limit], len(entries))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{title}</b>: {len(entries)} recorded events, oldest first.")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        if entries:
            self.panel.view.selectRow(len(entries) - 1)
