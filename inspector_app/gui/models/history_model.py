"""The audit trail as a table that loads a page at a time, so a long inspection opens at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inspector_app.gui.models.table import ROW_ROLE
from inspector_app.services.audit_trail import PAGE_SIZE, AuditEntry

Index = QModelIndex | QPersistentModelIndex
Loader = Callable[[int, int], list[AuditEntry]]  # (offset, limit) -> entries
COLUMNS: list[tuple[str, Callable[[AuditEntry], str]]] = [
    ("When", lambda e: f"{e.at.astimezone():%a %d %b %Y %H:%M}"),
    ("Who", lambda e: e.who or "(unknown)"),
    ("Action", lambda e: e.action_label),
    ("Item", lambda e: e.entity_label),
    ("What", lambda e: e.summary),
]


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditEntry] = []
        self._total = 0
        self._loader: Loader | None = None

    def load(self, loader: Loader, total: int) -> None:
        self.beginResetModel()
        self._loader, self._total = loader, total
        self._rows = loader(0, PAGE_SIZE) if total else []
        self.endResetModel()

    def entry(self, row: int) -> AuditEntry:
        return self._rows[row]

    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self._loader is None or not self.canFetchMore(parent):
            return
        more = self._loader(len(self._rows), PAGE_SIZE)
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](entry)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(COLUMNS) - 1:
            return entry.summary
        if role == ROW_ROLE:
            return entry
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][0]
        return None
