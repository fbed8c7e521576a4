"""Choosing the evidence a finding rests on: search, tick, done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QListView, QVBoxLayout, QWidget

from inspector_app.domain.refs import evidence_ref
from inspector_app.gui.context import AppContext
from inspector_app.gui.timers import timer
from inspector_app.services import evidence
from inspector_app.services.evidence import EvidenceFilter

LIMIT = 300


class LinkEvidenceDialog(QDialog):
    def __init__(self, ctx: AppContext, chosen: tuple[int, ...], area_key: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Evidence behind this finding")
        self.resize(760, 520)
        self.ctx = ctx
        self.area_key = area_key
        self.chosen = set(chosen)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search evidence to link")
        self.search.setPlaceholderText("Search evidence (ticked items stay linked)")
        self.model = QStandardItemModel(self)
        self.model.itemChanged.connect(self._ticked)
        self.view = QListView()
        self.view.setAccessibleName("Evidence to link")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        layout.addWidget(buttons)
        self._timer = timer(self, 150, self._fill, single_shot=True)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self._fill()

    def _fill(self) -> None:
        assert self.ctx.inspection_id is not None
        flt = EvidenceFilter(query=self.search.text(), area_key=None if self.search.text() else self.area_key)
        ids = evidence.evidence_ids(self.ctx.ws, self.ctx.inspection_id, flt, limit=LIMIT)
        shown = list(dict.fromkeys([*sorted(self.chosen), *ids[:LIMIT]]))
        self.model.blockSignals(True)
        self.model.clear()
        for item in evidence.evidence_rows(self.ctx.ws, shown):
            row = QStandardItem(f"{evidence_ref(item.ref)} [{item.polarity.label}] {item.text}")
            row.setCheckable(True)
            row.setEditable(False)
            row.setCheckState(Qt.CheckState.Checked if item.id in self.chosen else Qt.CheckState.Unchecked)
            row.setData(item.id, Qt.ItemDataRole.UserRole)
            self.model.appendRow(row)
        self.model.blockSignals(False)

    def _ticked(self, item: QStandardItem) -> None:
        evidence_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.chosen.add(evidence_id)
        else:
            self.chosen.discard(evidence_id)

    def evidence_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self.chosen))
