"""A list of audit events above the full detail of the one selected: shared by the History screen
and the history of a single item."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QSplitter, QTextBrowser, QVBoxLayout, QWidget

from inspector_app.gui.models.history_model import HistoryModel
from inspector_app.gui.widgets import fit_columns, table_view
from inspector_app.services.audit_trail import AuditEntry, field_label


def _value(value: Any) -> str:
    if value is None or value == "":
        return "<i>(empty)</i>"
    if isinstance(value, list):
        return escape(", ".join(map(str, value))) or "<i>(none)</i>"
    if isinstance(value, dict):
        return "<br>".join(f"{escape(str(k))}: {_value(v)}" for k, v in value.items())
    return escape(str(value)).replace("\n", "<br>")


def entry_html(entry: AuditEntry) -> str:
    """Everything an event recorded, field by field, for an auditor to read."""
    head = (f"<p><b>{escape(entry.action_label)} · {escape(entry.entity_label)}</b><br>"
            f"{escape(entry.who or '(unknown)')}, {entry.at.astimezone():%A %d %B %Y at %H:%M:%S}</p>")
    if entry.changes.get("redacted"):
        return head + "<p>The details were removed by the retention purge after publication.</p>"
    if entry.action == "update":
        rows = "".join(f"<tr><td><b>{escape(field_label(k))}</b></td><td>{_value(entry.label_of(old, k))}</td>"
                       f"<td>{_value(entry.label_of(new, k))}</td></tr>" for k, (old, new) in entry.changes.items())
        return head + ("<table cellpadding='4' border='1' style='border-collapse:collapse'>"
                       f"<tr><th>Field</th><th>Before</th><th>After</th></tr>{rows}</table>")
    rows = "".join(f"<tr><td><b>{escape(field_label(k))}</b></td><td>{_value(entry.label_of(v, k))}</td></tr>"
                   for k, v in entry.changes.items())
    return head + (f"<table cellpadding='4'>{rows}</table>" if rows else "")


class HistoryPanel(QSplitter):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.model = HistoryModel(self)
        self.view = table_view(name, self.model, stretch_column=4)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Event details")
        self.detail.setOpenLinks(False)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.detail)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        self.addWidget(self.view)
        self.addWidget(holder)
        self.setSizes([420, 200])
        self.view.selectionModel().currentRowChanged.connect(self._show)
        self.model.modelReset.connect(self._after_reset)

    def _after_reset(self) -> None:
        fit_columns(self.view, skip=[4])
        self.detail.setHtml("<p>Select an event to see exactly what changed.</p>" if self.model.rowCount()
                            else "<p>Nothing recorded yet.</p>")

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.detail.setHtml(entry_html(self.model.entry(current.row())))
