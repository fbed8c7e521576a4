"""What a bundle would change, and a decision for each row changed on both laptops."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.bundles.importer import Change, ImportPlan

CHOICES = [("mine", "Keep mine"), ("theirs", "Take theirs"), ("both", "Keep both")]
Index = QModelIndex | QPersistentModelIndex
COLUMNS = ["What", "Here (yours)", "In the bundle (theirs)", "Decision"]


def _choices_for(change: Change) -> list[tuple[str, str]]:
    if change.can_keep_both:
        return CHOICES
    return CHOICES[:2]


class ConflictModel(QAbstractTableModel):
    def __init__(self, conflicts: list[Change], parent: Any = None) -> None:
        super().__init__(parent)
        self.conflicts = conflicts
        self.decisions: dict[str, str] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        change = self.conflicts[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == 0:
                return change.label.capitalize()
            if index.column() == 1:
                return change.describe("local")
            if index.column() == 2:
                return change.describe("incoming")
            decision = self.decisions.get(change.uuid)
            return dict(CHOICES).get(decision, "Choose…") if decision else "Choose…"
        if role == Qt.ItemDataRole.EditRole and index.column() == 3:
            return self.decisions.get(change.uuid)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 3 else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.column() != 3 or role != Qt.ItemDataRole.EditRole:
            return False
        change = self.conflicts[index.row()]
        if value not in dict(_choices_for(change)):
            return False
        self.decisions[change.uuid] = value
        self.dataChanged.emit(index, index)
        return True

    def decide_all(self, value: str) -> None:
        for row, change in enumerate(self.conflicts):
            self.setData(self.index(row, 3), value if value in dict(_choices_for(change)) else "mine")

    def complete(self) -> bool:
        return all(c.uuid in self.decisions for c in self.conflicts)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class DecisionDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        model: ConflictModel = index.model()  # type: ignore[assignment]
        combo = QComboBox(parent)
        for value, label in _choices_for(model.conflicts[index.row()]):
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ImportPreviewDialog(QDialog):
    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        manifest = plan.bundle.manifest
        self.setWindowTitle(f"Import bundle from {plan.bundle.exporter}")
        self.resize(900, 520)
        s = plan.summary()
        lines = [f"From <b>{escape(plan.bundle.exporter)}</b> ({escape(manifest['exporter']['machine_name'])}), made "
                 f"{escape(manifest['created_at'][:16].replace('T', ' '))}"
                 + (" — a new inspection for this database" if plan.new_inspection else ""),
                 f"{s['add']} to add, {s['update']} to update, {s['delete']} to delete, {s['unchanged']} unchanged, "
                 f"<b>{s['conflict']} changed on both laptops</b>."]
        lines.append(("" if plan.signer.on_roster else "<b>Warning:</b> ") + escape(plan.signer.describe()))
        if plan.already_imported:
            lines.append(f"This bundle was already imported on {plan.already_imported:%d %b %Y %H:%M}.")
        summary = QLabel("<br/>".join(lines))
        summary.setWordWrap(True)
        self.model = ConflictModel(plan.conflicts, self)
        self.view = QTableView()
        self.view.setAccessibleName("Conflicts")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(3, DecisionDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        bulk = QHBoxLayout()
        for value, label in CHOICES:
            button = QPushButton(f"{label} for all")
            button.clicked.connect(lambda _c=False, v=value: self.model.decide_all(v))
            bulk.addWidget(button)
        bulk.addStretch()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("&Import")
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.model.dataChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if plan.conflicts:
            layout.addWidget(QLabel("Nothing is overwritten silently: decide for each row below."))
            layout.addWidget(self.view, 1)
            layout.addLayout(bulk)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.apply_button.setEnabled(self.model.complete())

    def decisions(self) -> dict[str, str]:
        return dict(self.model.decisions)
