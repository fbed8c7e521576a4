"""The audit trail as a table that loads a page at a time, so a long inspection opens at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex

from inspector_app.gui.models.table import Column, Index, RowsModel
from inspector_app.services.audit_trail import PAGE_SIZE, AuditEntry

Loader = Callable[[int, int], list[AuditEntry]]  # (offset, limit) -> entries
COLUMNS: list[Column[AuditEntry]] = [
    Column("When", lambda e: f"{e.at.astimezone():%a %d %b %Y %H:%M}"),
    Column("Who", lambda e: e.who or "(unknown)"),
    Column("Action", lambda e: e.action_label),
    Column("Item", lambda e: e.entity_label),
    Column("What", lambda e: e.summary, tooltip=lambda e: e.summary),
]


class HistoryModel(RowsModel[AuditEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self._total = 0
        self._loader: Loader | None = None

    def load(self, loader: Loader, total: int) -> None:
        self._loader, self._total = loader, total
        self.set_rows(loader(0, PAGE_SIZE) if total else [])

    def entry(self, row: int) -> AuditEntry:
        return self.row(row)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.rowCount() < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self._loader is None or not self.canFetchMore(parent):
            return
        loaded = self.rowCount()
        more = self._loader(loaded, PAGE_SIZE)
        if not more:
            self._total = loaded
            return
        self.beginInsertRows(QModelIndex(), loaded, loaded + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
