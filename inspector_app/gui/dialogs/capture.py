"""Quick capture: evidence typed, mapped and saved without leaving the keyboard.

Flow: type the evidence, Tab, type a few letters of the area or descriptor (Up/Down picks among
matches, Enter moves on), choose strength or area for development, source and case, then
Ctrl+Enter saves. The case in view is already linked.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, QRegularExpression, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.frameworks import Framework
from inspector_app.gui.a11y import say
from inspector_app.gui.context import USER_ERRORS, AppContext
from inspector_app.gui.forms.ui_capture_dialog import Ui_CaptureDialog
from inspector_app.gui.undo import push_add
from inspector_app.gui.widgets import current, fill_enum, select_data
from inspector_app.services import cases, evidence
from inspector_app.services.dto import EvidenceInfo

AREA_ROLE = Qt.ItemDataRole.UserRole + 1
DESCRIPTOR_ROLE = Qt.ItemDataRole.UserRole + 2


def descriptor_model(framework: Framework) -> QStandardItemModel:
    """One row per area ("any descriptor") followed by a row per descriptor of that area."""
    model = QStandardItemModel()
    for area in framework.areas:
        item = QStandardItem(f"{area.short_name} — the area as a whole")
        item.setData(area.key, AREA_ROLE)
        item.setData(None, DESCRIPTOR_ROLE)
        model.appendRow(item)
        for d in area.descriptors:
            grade = f" · {d.grade.short_label}" if d.grade else ""
            child = QStandardItem(f"    {area.short_name}{grade}: {d.text}")
            child.setData(area.key, AREA_ROLE)
            child.setData(d.key, DESCRIPTOR_ROLE)
            child.setToolTip(d.text)
            model.appendRow(child)
    return model


class WordsFilter(QSortFilterProxyModel):
    """Keeps rows containing every word typed, in any order, ignoring case."""

    def set_words(self, text: str) -> None:
        lookaheads = "".join(f"(?=.*{re.escape(word)})" for word in text.split())
        self.setFilterRegularExpression(
            QRegularExpression(lookaheads, QRegularExpression.PatternOption.CaseInsensitiveOption))


class CaptureDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, case_id: int | None = None,
                 area_key: str | None = None) -> None:
        super().__init__(parent)
        assert ctx.inspection_id is not None and ctx.framework is not None
        self.ctx = ctx
        self.saved: EvidenceInfo | None = None
        self.ui = Ui_CaptureDialog()
        self.ui.setupUi(self)
        self.ui.errorLabel.setObjectName("error")
        self.ui.errorLabel.setAccessibleName("Problem")
        # "It is" labels the pair as a whole; each choice carries it so a screen reader says the question too
        self.ui.strengthRadio.setAccessibleName("It is a strength")
        self.ui.developmentRadio.setAccessibleName("It is an area for development")
        self._filter = WordsFilter()
        self._filter.setSourceModel(descriptor_model(ctx.framework))
        self.ui.descriptorList.setModel(self._filter)
        self.ui.descriptorSearch.textChanged.connect(self._search)
        self.ui.descriptorSearch.installEventFilter(self)
        fill_enum(self.ui.sourceCombo, EvidenceSource)
        fill_enum(self.ui.gradeCombo, Grade, "No particular grade")
        self.ui.gradeCombo.setEnabled(ctx.framework.graded)
        self.ui.caseCombo.addItem("No case", None)
        for case in cases.case_choices(ctx.ws, ctx.inspection_id):
            self.ui.caseCombo.addItem(case.label, case.id)
        select_data(self.ui.caseCombo, case_id)
        self._select_first(area_key)
        save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip("Save (Ctrl+Enter)")
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        self.ui.textEdit.setFocus()

    def _select_first(self, area_key: str | None = None) -> None:
        for row in range(self._filter.rowCount()):
            index = self._filter.index(row, 0)
            if area_key is None or index.data(AREA_ROLE) == area_key:
                self.ui.descriptorList.setCurrentIndex(index)
                return

    def _search(self, text: str) -> None:
        self._filter.set_words(text)
        self._select_first()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search box move through the matches; Enter moves on."""
        if watched is self.ui.descriptorSearch and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                current = self.ui.descriptorList.currentIndex().row()
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self._filter.rowCount() - 1, current + step))
                self.ui.descriptorList.setCurrentIndex(self._filter.index(row, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self.ui.strengthRadio.setFocus()
                return True
        return super().eventFilter(watched, event)

    def save(self) -> None:
        index = self.ui.descriptorList.currentIndex()
        if not index.isValid():
            say(self.ui.errorLabel, "Choose the judgement area (type in the search box to find it).",
                assertive=True)
            self.ui.descriptorSearch.setFocus()
            return
        descriptor = index.data(DESCRIPTOR_ROLE)
        values = dict(
            text=self.ui.textEdit.toPlainText(), area_key=index.data(AREA_ROLE),
            descriptors=[descriptor] if descriptor else [],
            polarity=Polarity.STRENGTH if self.ui.strengthRadio.isChecked() else Polarity.DEVELOPMENT,
            source=current(self.ui.sourceCombo), grade=current(self.ui.gradeCombo),
            case_id=current(self.ui.caseCombo),
            tags=[t for t in self.ui.tagsEdit.text().split(",") if t.strip()],
        )
        inspection_id = self.ctx.inspection_id
        assert inspection_id is not None
        try:
            self.saved = push_add(self.ctx, "Capture evidence", "evidence",
                                  lambda: evidence.add_evidence(self.ctx.ws, inspection_id, **values))  # type: ignore[arg-type]
        except USER_ERRORS as exc:
            say(self.ui.errorLabel, str(exc), assertive=True)
            self.ui.textEdit.setFocus()
            return
        self.accept()
