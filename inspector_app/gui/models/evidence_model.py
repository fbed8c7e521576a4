"""The evidence table: fetches rows a page at a time, and without a search the ids too.

A search's matches (at most a few hundred) come as a list of ids. The whole listing of an
inspection (up to 100,000 items in an archive) comes as a count and a way to read the ids of any
page: the view reads the ids and rows of the pages it paints, so opening and scrolling the table
costs the same for any size and memory stays flat.
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
        self._ids: list[int] | None = []  # None: a window over ``_total`` rows, ids read a page at a time
        self._total = 0
        self._read_ids: Callable[[int, int], list[int]] = lambda _start, _count: []
        self._position: Callable[[int], int | None] = lambda _id: None
        self._id_pages: dict[int, list[int]] = {}
        self._pages: dict[int, list[EvidenceInfo]] = {}
        self._framework: Framework | None = None
        self.editable = True
        self.pages_fetched = 0
        self.id_pages_read = 0  # pages of ids read for a window (a listing without a search)

    def set_ids(self, ids: list[int], framework: Framework | None) -> None:
        self.beginResetModel()
        self._ids = ids
        self._id_pages.clear()
        self._pages.clear()
        self._framework = framework
        self.endResetModel()

    def set_window(self, total: int, read_ids: Callable[[int, int], list[int]],
                   position: Callable[[int], int | None], framework: Framework | None) -> None:
        """``total`` rows whose ids ``read_ids(start, count)`` reads a page at a time; ``position(id)`` says
        where an item would be (for keeping the selection on it after a change)."""
        self.beginResetModel()
        self._ids = None
        self._total, self._read_ids, self._position = total, read_ids, position
        self._id_pages.clear()
        self._pages.clear()
        self._framework = framework
        self.endResetModel()

    def _page_ids(self, page: int) -> list[int]:
        if self._ids is not None:
            return self._ids[page * PAGE:(page + 1) * PAGE]
        if page not in self._id_pages:
            self._id_pages[page] = self._read_ids(page * PAGE, PAGE)
            self.id_pages_read += 1
        return self._id_pages[page]

    def invalidate(self) -> None:
        """Drop cached rows (after an edit) and repaint; ids stay as they are."""
        self._pages.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def ids(self) -> list[int]:
        if self._ids is not None:
            return list(self._ids)
        return [i for page in range((self._total + PAGE - 1) // PAGE) for i in self._page_ids(page)]

    def evidence_at(self, row: int) -> EvidenceInfo | None:
        if not 0 <= row < self.rowCount():
            return None
        page = row // PAGE
        if page not in self._pages:
            ids = self._page_ids(page)
            fetched = {e.id: e for e in self._fetch(ids)}
            self._pages[page] = [fetched[i] for i in ids if i in fetched]
            self.pages_fetched += 1
        rows = self._pages[page]
        offset = row - page * PAGE
        return rows[offset] if offset < len(rows) else None

    def row_of(self, evidence_id: int) -> int:
        if self._ids is not None:
            try:
                return self._ids.index(evidence_id)
            except ValueError:
                return -1
        row = self._position(evidence_id)
        if row is None or not 0 <= row < self._total:
            return -1
        page = self._page_ids(row // PAGE)  # the item is there only if it matches the filters
        return row if row % PAGE < len(page) and page[row % PAGE] == evidence_id else -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._ids) if self._ids is not None else self._total

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
            values = [evidence_ref(item.ref), item.text, self._area_name(item.area_key), kind,
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
