"""The grade descriptors of one area side by side, each with the evidence for and against it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from inspector_app.domain.enums import Grade
from inspector_app.domain.wording import plural
from inspector_app.services.board import DescriptorTally

Index = QModelIndex | QPersistentModelIndex


class DescriptorGridModel(QAbstractTableModel):
    """Columns are grades (or one column for an ungraded visit); rows are the nth descriptor."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns: list[Grade | None] = []
        self._cells: list[list[DescriptorTally | None]] = []

    def set_tallies(self, tallies: list[DescriptorTally], graded: bool) -> None:
        self.beginResetModel()
        self._columns = list(Grade) if graded else [None]
        by_column = {g: [t for t in tallies if t.descriptor.grade == g] for g in self._columns}
        depth = max((len(v) for v in by_column.values()), default=0)
        self._cells = [[by_column[g][r] if r < len(by_column[g]) else None for g in self._columns]
                       for r in range(depth)]
        self.endResetModel()

    def descriptor_key(self, index: Index) -> str | None:
        """The descriptor in a cell, for opening the evidence behind it."""
        if not index.isValid():
            return None
        tally = self._cells[index.row()][index.column()]
        return tally.descriptor.key if tally is not None else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tally = self._cells[index.row()][index.column()]
        if tally is None:
            if role == Qt.ItemDataRole.AccessibleTextRole:  # a screen reader says so rather than nothing
                grade = self._columns[index.column()]
                return f"No further {grade.short_label.lower()} descriptor" if grade else "No further descriptor"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            # The counts come first, so a narrow cell can never cut them off.
            if tally.descriptor.grade is None:
                return (f"▲ {plural(tally.supporting, 'strength')}   ▼ {tally.challenging} for development\n"
                        f"{tally.descriptor.text}")
            return f"▲ {tally.supporting} for   ▼ {tally.challenging} against\n{tally.descriptor.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{tally.descriptor.text}\n\nDouble-click or press Enter to see, link and re-grade its evidence."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (f"{tally.descriptor.text}. {plural(tally.supporting, 'piece')} of evidence "
                    f"{'supports' if tally.supporting == 1 else 'support'} it, "
                    f"{tally.challenging} challenge it.")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            grade = self._columns[section]
            return grade.short_label if grade else "What inspectors look at"
        return None
