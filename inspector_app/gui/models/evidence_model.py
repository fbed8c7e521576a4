"""The evidence table: knows every matching id at once but fetches rows a page at a time.

Ids for tens of thousands of items cost little; full rows are read only for the pages the view
actually paints, so opening and scrolling the table stays fast and memory stays flat.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.domain.refs import evidence_ref
from inspector_app.frameworks import Framework
from inspector_app.services.dto import EvidenceInfo

PAGE = 200
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = ["Ref", "Evidence", "Area", "Type", "Source", "Case", "By"]
TEXT, AREA, POLARITY, SOURCE, CASE = 1, 2, 3, 4, 5


class EvidenceModel(QAbstractTableModel):
    edit_requested = Signal(int, str, object)  # evidence id, field, new value

    def __init__(self, fetch: Callable[[list[int]], list[EvidenceInfo]], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: list[int] = []
        self._pages: dict[int, list[EvidenceInfo]] = {}
        self._framework: Framework | None = None
        self.editable = True
        self.pages_fetched = 0

    def set_ids(self, ids: list[int], framework: Framework | None) -> None:
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self._framework = framework
        self.endResetModel()

    def invalidate(self) -> None:
        """Drop cached rows (after an edit) and repaint; ids stay as they are."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def ids(self) -> list[int]:
        return list(self._ids)

    def evidence_at(self, row: int) -> EvidenceInfo | None:
        if not 0 <= row < len(self._ids):
            return None
        page = row // PAGE
        if page not in self._pages:
            ids = self._ids[page * PAGE:(page + 1) * PAGE]
            fetched = {e.id: e for e in self._fetch(ids)}
            self._pages[page] = [fetched[i] for i in ids if i in fetched]
            self.pages_fetched += 1
        rows = self._pages[page]
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def row_of(self, evidence_id: int) -> int:
        try:
            return self._ids.index(evidence_id)
        except ValueError:
            return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _area_name(self, key: str) -> str:
        if self._framework is not None and self._framework.has_area(key):
            return self._framework.area(key).short_name
        return key

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.evidence_at(index.row())
        if item is None:
            return None
        col = index.column()
        if role == ID_ROLE:
            return item.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            kind = "Strength" if item.polarity is Polarity.STRENGTH else "Development"
            values = [evidence_ref(item.id), item.text, self._area_name(item.area_key), kind,
                      item.source.label, item.case_reference or "–", item.author]
            if role == Qt.ItemDataRole.EditRole:
                return {POLARITY: item.polarity, SOURCE: item.source}.get(col, values[col])
            return values[col].replace("\n", " ") if col == TEXT else values[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == TEXT:
            return item.text
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"Seen {item.seen_on:%d %b %Y}" + (f"; points to {item.grade.label.lower()}" if item.grade else "")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.editable and index.column() in (TEXT, POLARITY, SOURCE):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        item = self.evidence_at(index.row())
        if item is None:
            return False
        field, converted = {
            TEXT: ("text", str(value)),
            POLARITY: ("polarity", Polarity(value) if value else None),
            SOURCE: ("source", EvidenceSource(value) if value else None),
        }.get(index.column(), (None, None))
        if field is None or converted is None:
            return False
        self.edit_requested.emit(item.id, field, converted)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None
