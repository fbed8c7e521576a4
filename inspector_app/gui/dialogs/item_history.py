"""The history of one item: who created it, every change with before and after, undo and merges."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from inspector_app.domain.wording import plural
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
        # "History of …" leads, so a long name (a judgement's) does not read as a sentence cut on the left
        self.heading = QLabel(f"<b>History of {html.escape(title, quote=False)}</b>: "
                              f"{plural(len(entries), 'recorded event')}, oldest first.")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        if entries:
            self.panel.view.selectRow(len(entries) - 1)
