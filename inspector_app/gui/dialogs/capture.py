"""Quick capture: evidence typed, mapped and saved without leaving the keyboard.

Flow: type the evidence, Tab, type a few letters of the area or descriptor (Up/Down picks among
matches, Enter moves on), choose strength or area for development, source and case, then
Ctrl+Enter saves. The case in view is already linked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QBoxLayout, QDialog, QDialogButtonBox, QLabel, QScrollArea, QWidget

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.frameworks import Framework
from inspector_app.gui import unsaved
from inspector_app.gui.a11y import say, scroll_body
from inspector_app.gui.context import AppContext
from inspector_app.gui.forms.ui_capture_dialog import Ui_CaptureDialog
from inspector_app.gui.undo import push_add
from inspector_app.gui.widgets import current, fill_enum, select_data
from inspector_app.services import cases, evidence
from inspector_app.services.dto import EvidenceInfo

AREA_ROLE = Qt.ItemDataRole.UserRole + 1
DESCRIPTOR_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Choice:
    """One row of the picker: an area as a whole, or one of its descriptors."""

    label: str
    area_key: str
    descriptor: str | None
    area_text: str  # the area's names, which a person types to name it
    own_text: str  # what the row says beyond its area
    tooltip: str
    order: int


_WORD = re.compile(r"\w+")


def choices(framework: Framework) -> list[Choice]:
    rows: list[Choice] = []
    for area in framework.areas:
        area_text = f"{area.name} {area.short_name}"
        rows.append(Choice(f"{area.short_name} — the area as a whole", area.key, None, area_text, "",
                           area.name, len(rows)))
        for d in area.descriptors:
            grade = f" · {d.grade.short_label}" if d.grade else ""
            rows.append(Choice(f"    {area.short_name}{grade}: {d.text}", area.key, d.key, area_text,
                               f"{grade} {d.text}", d.text, len(rows)))
    return rows


def _starts_words(word: str, text: str) -> bool:
    return any(token.startswith(word) for token in _WORD.findall(text.lower()))


def rank(rows: list[Choice], query: str) -> list[Choice]:
    """The rows matching every word typed, best first.

    Words that name an area count most, so "in care" puts the children-in-care area and its
    descriptors first even though a help-and-protection descriptor mentions children in care;
    within the area named, the descriptors that hold the rest of the words (as a phrase, then
    as words) come before the others. Ties keep the framework's order.
    """
    words = [w for w in query.lower().split() if w]
    if not words:
        return list(rows)
    phrase = " ".join(words)
    scored: list[tuple[float, int, Choice]] = []
    for row in rows:
        in_area = [w for w in words if _starts_words(w, row.area_text)]
        in_own = [w for w in words if _starts_words(w, row.own_text)]
        if any(w not in in_area and w not in in_own for w in words):
            continue
        score = 100.0 * len(in_area) / len(words)
        rest = [w for w in words if w not in in_area]
        if rest:
            score += 40 if " ".join(rest) in row.own_text.lower() else 20
            score += 10 if phrase in row.own_text.lower() else 0
        elif row.descriptor is None:
            score += 5  # the area itself first when it is all that was named
        scored.append((-score, row.order, row))
    return [row for _s, _o, row in sorted(scored, key=lambda t: (t[0], t[1]))]


def descriptor_model(rows: list[Choice], model: QStandardItemModel | None = None) -> QStandardItemModel:
    """The list's rows for ``rows``; refills ``model`` in place when given. One model lives as long as the
    list: replacing it would free the old one under the view's selection model, which then warns
    ("Selecting when no model has been set") and loses the current row."""
    if model is None:
        model = QStandardItemModel()
    model.clear()
    for row in rows:
        item = QStandardItem(row.label)
        item.setData(row.area_key, AREA_ROLE)
        item.setData(row.descriptor, DESCRIPTOR_ROLE)
        item.setToolTip(row.tooltip)
        item.setEditable(False)
        model.appendRow(item)
    return model


class CaptureDialog(unsaved.AsksBeforeDiscarding, QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, case_id: int | None = None,
                 area_key: str | None = None) -> None:
        super().__init__(parent)
        assert ctx.inspection_id is not None and ctx.framework is not None
        self.ctx = ctx
        self.saved: EvidenceInfo | None = None
        self.ui = Ui_CaptureDialog()
        self.ui.setupUi(self)
        scroll_body(self, "Evidence to capture")
        self.ui.errorLabel.setObjectName("error")
        self.ui.errorLabel.setAccessibleName("Problem")
        # "It is" labels the pair as a whole; each choice carries it so a screen reader says the question too
        self.ui.strengthRadio.setAccessibleName("It is a strength")
        self.ui.developmentRadio.setAccessibleName("It is an area for development")
        self._choices = choices(ctx.framework)
        self._filter = descriptor_model(self._choices, QStandardItemModel(self))
        self.ui.descriptorList.setModel(self._filter)
        self.no_match = QLabel()  # under the search: an empty list alone says nothing
        self.no_match.setObjectName("hint")
        self.no_match.setWordWrap(True)
        self.no_match.hide()
        search_box = self.ui.descriptorSearch.parentWidget()
        search_layout = search_box.layout() if search_box is not None else None
        assert isinstance(search_layout, QBoxLayout)
        search_layout.insertWidget(search_layout.indexOf(self.ui.descriptorSearch) + 1, self.no_match)
        self.ui.descriptorSearch.textChanged.connect(self._search)
        self.ui.descriptorSearch.installEventFilter(self)
        fill_enum(self.ui.sourceCombo, EvidenceSource)
        fill_enum(self.ui.gradeCombo, Grade, "No particular grade")
        self.ui.gradeCombo.setEnabled(ctx.framework.graded)
        self.ui.caseCombo.addItem("No case", None)
        for case in cases.case_choices(ctx.ws, ctx.inspection_id):
            self.ui.caseCombo.addItem(case.label, case.id)
        select_data(self.ui.caseCombo, case_id)
        if area_key is not None:  # asked for from an area; otherwise nothing is chosen until the person says
            self._select_first(area_key)
        save = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip("Save (Ctrl+Enter)")
        self.ui.buttonBox.accepted.connect(self.save)
        self.ui.buttonBox.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.ui.textEdit.setFocus()
        self.watch_typing("The evidence you typed", self.save, self.ui.textEdit, self.ui.tagsEdit)

    def _select_first(self, area_key: str | None = None) -> None:
        for row in range(self._filter.rowCount()):
            index = self._filter.index(row, 0)
            if area_key is None or index.data(AREA_ROLE) == area_key:
                self.ui.descriptorList.setCurrentIndex(index)
                return

    def _search(self, text: str) -> None:
        descriptor_model(rank(self._choices, text), self._filter)
        words = text.strip()
        self.no_match.setVisible(bool(words) and self._filter.rowCount() == 0)
        self.no_match.setText(f"Nothing matches “{words}”. Try fewer or other words: an area's name "
                              "(e.g. help and protection) or words of a descriptor." if words else "")
        if words:
            self._select_first()

    def _show(self, widget: QWidget) -> None:
        """Scroll the form so that ``widget`` (a reason given at the bottom) is in sight."""
        area = self.findChild(QScrollArea)
        layout = self.layout()
        if area is not None and layout is not None:
            layout.activate()
            area.ensureWidgetVisible(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the search box move through the matches; Enter moves on."""
        ui = getattr(self, "ui", None)  # None while the dialog is being torn down: Qt may still ask its filter
        if ui is not None and watched is ui.descriptorSearch and event.type() == QEvent.Type.KeyPress:
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
            words = self.ui.descriptorSearch.text().strip()
            if words and self._filter.rowCount() == 0:
                say(self.ui.errorLabel, f"Nothing matches “{words}”: change the search words, then pick the "
                    "judgement area from the list.", assertive=True)
            else:
                say(self.ui.errorLabel, "Choose the judgement area first: type a few words of it in the search "
                    "box and pick it from the list.", assertive=True)
            self._show(self.ui.errorLabel)
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
        def refused(message: str) -> None:
            say(self.ui.errorLabel, message, assertive=True)
            self.ui.textEdit.setFocus()

        self.saved = self.ctx.attempt(
            self, lambda: push_add(self.ctx, "Capture evidence", "evidence",
                                   lambda: evidence.add_evidence(self.ctx.ws, inspection_id, **values)),
            "Capture evidence", show_error=refused)
        if self.saved is not None:
            self.accept()
