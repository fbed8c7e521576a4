"""Evidence review: instant search, filters, a lazily loaded table, and a detail pane to edit in."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.domain.refs import evidence_ref
from inspector_app.gui.context import AppContext
from inspector_app.gui.models.evidence_model import CASE, POLARITY, SOURCE, TEXT, EvidenceModel
from inspector_app.gui.pages.base import AUTOSAVE_DELAY_MS, Page
from inspector_app.gui.text_delegate import WrappedTextDelegate
from inspector_app.gui.timers import timer
from inspector_app.gui.undo import push_delete, push_edit
from inspector_app.gui.widgets import (
    EnumDelegate,
    current,
    fill_enum,
    keep_for_choosing,
    page_title,
    select_data,
    set_column_widths,
    subtitle,
    table_view,
)
from inspector_app.services import cases, evidence
from inspector_app.services.dto import EvidenceInfo
from inspector_app.services.evidence import EvidenceFilter

SEARCH_DELAY_MS = 120
SEARCH_SHOWN = 500  # a search lists this many matches, newest recorded first: typing more narrows them
TEXT_SAVE_DELAY_MS = AUTOSAVE_DELAY_MS
NARROW_WIDTH = 900  # logical pixels, below which the detail pane goes under the table


class EvidenceDetail(QWidget):
    """The selected item, editable in place; every change is saved (and undoable) at once."""

    def __init__(self, page: EvidencePage) -> None:
        super().__init__()
        self.page = page
        self.ctx = page.ctx
        self.item: EvidenceInfo | None = None
        self._loading = False
        self.heading = subtitle("Select evidence to see and edit it here.")
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Evidence text")
        self.text.setTabChangesFocus(True)
        self.area = QComboBox()
        self.area.setAccessibleName("Judgement area")
        self.descriptors = QListView()
        self.descriptors.setAccessibleName("Grade descriptors")
        self.descriptors.setWordWrap(True)
        # three two-line descriptors, so the current one shows with its neighbours (one row at 150% hid it)
        self.descriptors.setMinimumHeight(7 * self.descriptors.fontMetrics().lineSpacing() + 8)
        self.descriptor_model = QStandardItemModel(self)
        self.descriptors.setModel(self.descriptor_model)
        self.polarity = QComboBox()
        self.polarity.setAccessibleName("Strength or area for development")
        fill_enum(self.polarity, Polarity)
        self.source = QComboBox()
        self.source.setAccessibleName("Source")
        fill_enum(self.source, EvidenceSource)
        self.grade = QComboBox()
        self.grade.setAccessibleName("Grade the evidence points to")
        fill_enum(self.grade, Grade, "No particular grade")
        self.case = QComboBox()
        self.case.setAccessibleName("Linked case")
        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags")
        self.delete_button = QPushButton("&Delete evidence")
        self.delete_button.clicked.connect(page.delete_selected)
        self.history_button = QPushButton("Histor&y…")
        self.history_button.setToolTip("Who wrote this evidence and every change to it")
        self.history_button.clicked.connect(self._history)
        form = QFormLayout()
        form.addRow("Area", self.area)
        form.addRow("Descriptors", self.descriptors)
        form.addRow("It is", self.polarity)
        form.addRow("Source", self.source)
        form.addRow("Points to", self.grade)
        form.addRow("Case", self.case)
        form.addRow("Tags", self.tags)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.text, 2)
        layout.addLayout(form, 3)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.delete_button)
        layout.addLayout(buttons)
        self._text_timer = timer(self, TEXT_SAVE_DELAY_MS, self._save_text, single_shot=True)
        self.text.textChanged.connect(lambda: None if self._loading else self._text_timer.start())
        self.area.currentIndexChanged.connect(lambda _i: self._save("area_key", current(self.area)))
        self.polarity.currentIndexChanged.connect(lambda _i: self._save("polarity", current(self.polarity)))
        self.source.currentIndexChanged.connect(lambda _i: self._save("source", current(self.source)))
        self.grade.currentIndexChanged.connect(lambda _i: self._save("grade", current(self.grade)))
        self.case.currentIndexChanged.connect(lambda _i: self._save("case_id", current(self.case)))
        for combo in (self.area, self.polarity, self.source, self.grade, self.case):
            keep_for_choosing(combo)  # saved at once: scrolling the page must not change it
        self.tags.editingFinished.connect(
            lambda: self._save("tags", tuple(t.strip().lower() for t in self.tags.text().split(",") if t.strip())))
        self.descriptor_model.itemChanged.connect(self._descriptors_changed)
        self.show_item(None)

    def _history(self) -> None:
        from inspector_app.gui.dialogs.item_history import ItemHistoryDialog

        if self.item is not None:
            ItemHistoryDialog(self.ctx, "evidence", self.item.id, f"evidence {evidence_ref(self.item.ref)}",
                              self).exec()

    def reload_choices(self) -> None:
        framework = self.ctx.framework
        self._loading = True
        self.area.clear()
        if framework is not None:
            for area in framework.areas:
                self.area.addItem(area.short_name, area.key)
        self.case.clear()
        self.case.addItem("No case", None)
        if self.ctx.inspection_id is not None:
            for choice in cases.case_choices(self.ctx.ws, self.ctx.inspection_id):
                self.case.addItem(choice.reference, choice.id)
        self.grade.setEnabled(bool(framework and framework.graded))
        self._loading = False

    def show_item(self, item: EvidenceInfo | None) -> None:
        if self._text_timer.isActive():
            self._text_timer.stop()
            self._save_text()
        self.item = item
        self._loading = True
        editable = item is not None and not self.ctx.identity.read_only
        for widget in (self.text, self.area, self.descriptors, self.polarity, self.source, self.case, self.tags,
                       self.delete_button):
            widget.setEnabled(editable)
        self.text.setReadOnly(not editable)
        self.history_button.setEnabled(item is not None)
        if item is None:
            self.heading.setText("Select evidence to see and edit it here.")
            self.text.setPlainText("")
            self.descriptor_model.clear()
        else:
            self.heading.setText(f"{evidence_ref(item.ref)} · seen {item.seen_on:%d %b %Y} · by {item.author}"
                                 + (f" · {item.attachment_count} attachment(s)" if item.attachment_count else ""))
            self.text.setPlainText(item.text)
            select_data(self.area, item.area_key)
            select_data(self.polarity, item.polarity)
            select_data(self.source, item.source)
            select_data(self.grade, item.grade)
            select_data(self.case, item.case_id)
            self.tags.setText(", ".join(item.tags))
            self._fill_descriptors(item)
        self.grade.setEnabled(editable and bool(self.ctx.framework and self.ctx.framework.graded))
        self._loading = False

    def _fill_descriptors(self, item: EvidenceInfo) -> None:
        self.descriptor_model.clear()
        framework = self.ctx.framework
        if framework is None or not framework.has_area(item.area_key):
            return
        for d in framework.area(item.area_key).descriptors:
            prefix = f"{d.grade.short_label}: " if d.grade else ""
            row = QStandardItem(prefix + d.text)
            row.setCheckable(True)
            row.setEditable(False)
            row.setCheckState(Qt.CheckState.Checked if d.key in item.descriptors else Qt.CheckState.Unchecked)
            row.setData(d.key, Qt.ItemDataRole.UserRole)
            self.descriptor_model.appendRow(row)

    def _descriptors_changed(self, _item: QStandardItem) -> None:
        if self._loading:
            return
        chosen = tuple(self.descriptor_model.item(r).data(Qt.ItemDataRole.UserRole)
                       for r in range(self.descriptor_model.rowCount())
                       if self.descriptor_model.item(r).checkState() == Qt.CheckState.Checked)
        self._save("descriptors", chosen)

    def _save_text(self) -> None:
        self._save("text", self.text.toPlainText())

    def _save(self, field: str, value: Any) -> None:
        if self._loading or self.item is None:
            return
        self.page.edit(self.item.id, field, value)


class EvidencePage(Page):
    title = "Evidence"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search evidence")
        self.search.setPlaceholderText("Search evidence text and tags (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.area = QComboBox()
        self.descriptor = QComboBox()
        self.polarity = QComboBox()
        self.source = QComboBox()
        self.author = QComboBox()
        self.case = QComboBox()
        for combo, name in ((self.area, "Filter by judgement area"), (self.descriptor, "Filter by descriptor"),
                            (self.polarity, "Filter by strength or development"), (self.source, "Filter by source"),
                            (self.author, "Filter by inspector"), (self.case, "Filter by case")):
            combo.setAccessibleName(name)
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        fill_enum(self.polarity, Polarity, "Strengths and development")
        fill_enum(self.source, EvidenceSource, "Any source")
        self.count = subtitle()
        self.model = EvidenceModel(lambda ids: evidence.evidence_rows(self.ctx.ws, ids), self)
        self.model.edit_requested.connect(self.edit)
        self.view = table_view("Evidence", self.model, stretch_column=TEXT, whole=(0, CASE))
        self.view.setItemDelegateForColumn(POLARITY, EnumDelegate(Polarity, parent=self.view))
        self.view.setItemDelegateForColumn(SOURCE, EnumDelegate(EvidenceSource, parent=self.view))
        self.text_delegate = WrappedTextDelegate(lines=2, parent=self.view)  # two lines, search hits marked
        self.view.setItemDelegateForColumn(TEXT, self.text_delegate)
        self.view.setWordWrap(True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform: 50k rows scroll
        self.view.verticalHeader().setDefaultSectionSize(self.text_delegate.row_height(self.view.font()))
        set_column_widths(self.view, {c: w for c, w in enumerate((54, 0, 110, 84, 112, 86, 96)) if w})
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.detail = EvidenceDetail(self)
        self._timer = timer(self, SEARCH_DELAY_MS, self.refresh, single_shot=True)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.area.currentIndexChanged.connect(self._area_changed)
        for combo in (self.descriptor, self.polarity, self.source, self.author, self.case):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        filters = QGridLayout()
        filters.addWidget(self.search, 0, 0, 1, 3)
        filters.addWidget(self.area, 1, 0)
        filters.addWidget(self.descriptor, 1, 1)
        filters.addWidget(self.polarity, 1, 2)
        filters.addWidget(self.source, 2, 0)
        filters.addWidget(self.author, 2, 1)
        filters.addWidget(self.case, 2, 2)
        splitter = self.splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setSizes([820, 300])
        splitter.setStretchFactor(0, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Evidence"))
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(splitter, 1)
        self._choices_for: int | None = None
        ctx.inspection_changed.connect(lambda _i: setattr(self, "_choices_for", None))

    def _load_choices(self) -> None:
        framework = self.ctx.framework
        assert self.ctx.inspection_id is not None and framework is not None
        for combo in (self.area, self.author, self.case):
            combo.blockSignals(True)
        self.area.clear()
        self.area.addItem("Every judgement area", None)
        for a in framework.areas:
            self.area.addItem(a.short_name, a.key)
        self.author.clear()
        self.author.addItem("Every inspector", None)
        for name in evidence.evidence_authors(self.ctx.ws, self.ctx.inspection_id):
            self.author.addItem(name, name)
        self.case.clear()
        self.case.addItem("Any case", None)
        for choice in cases.case_choices(self.ctx.ws, self.ctx.inspection_id):
            self.case.addItem(choice.reference, choice.id)
        for combo in (self.area, self.author, self.case):
            combo.blockSignals(False)
        self._fill_descriptor_filter()
        self.detail.reload_choices()
        self._choices_for = self.ctx.inspection_id

    def _fill_descriptor_filter(self) -> None:
        self.descriptor.blockSignals(True)
        self.descriptor.clear()
        self.descriptor.addItem("Any descriptor", None)
        key = current(self.area)
        framework = self.ctx.framework
        if key and framework is not None:
            for d in framework.area(key).descriptors:
                label = f"{d.grade.short_label}: {d.text}" if d.grade else d.text
                self.descriptor.addItem(label[:90], d.key)
        self.descriptor.setEnabled(bool(key))
        self.descriptor.blockSignals(False)

    def _area_changed(self) -> None:
        self._fill_descriptor_filter()
        self.refresh()

    def current_filter(self) -> EvidenceFilter:
        return EvidenceFilter(query=self.search.text(), area_key=current(self.area),
                              descriptor=current(self.descriptor), polarity=current(self.polarity),
                              source=current(self.source), author=current(self.author),
                              case_id=current(self.case))

    def main_control(self) -> QWidget:
        return self.view

    def resizeEvent(self, event) -> None:
        """Reflow: on a narrow window (150% zoom on a laptop) the detail pane goes below the table, so
        the table keeps its columns; on a wide one it sits beside it."""
        super().resizeEvent(event)
        orientation = Qt.Orientation.Vertical if self.width() < NARROW_WIDTH else Qt.Orientation.Horizontal
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        if self._choices_for != self.ctx.inspection_id:
            self._load_choices()
        selected = self.selected_id()
        flt = self.current_filter()
        ws, inspection_id = self.ctx.ws, self.ctx.inspection_id
        self.model.editable = not self.ctx.identity.read_only
        self.text_delegate.query = flt.query
        self.view.verticalHeader().setDefaultSectionSize(self.text_delegate.row_height(self.view.font()))
        more = False
        if flt.query.strip():  # a search: its first matches, one more to tell whether there are more
            ids = evidence.evidence_ids(ws, inspection_id, flt, limit=SEARCH_SHOWN + 1)
            more = len(ids) > SEARCH_SHOWN
            self.model.set_ids(ids[:SEARCH_SHOWN], self.ctx.framework)
            matching = min(len(ids), SEARCH_SHOWN)
        else:  # the listing: counted, its ids read a page at a time as the view paints them
            matching = evidence.count_evidence(ws, inspection_id, flt)
            self.model.set_window(
                matching, lambda start, count: evidence.evidence_id_page(ws, inspection_id, flt, start, count,
                                                                         matching),
                lambda evidence_id: evidence.evidence_position(ws, inspection_id, flt, evidence_id),
                self.ctx.framework)
        total = matching if flt == EvidenceFilter() else evidence.count_evidence(ws, inspection_id)
        shown = (f"The {SEARCH_SHOWN} most recently recorded matches (type more to narrow them)" if more
                 else f"{matching}")
        self.count.setText(f"{shown} of {total} evidence items" + (" (read-only for quality assurance)"
                                                                  if self.ctx.identity.read_only else ""))
        row = self.model.row_of(selected) if selected is not None else -1
        if row >= 0:
            index = self.model.index(row, TEXT)
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self.detail.show_item(None)

    def flush(self) -> None:
        if self.detail._text_timer.isActive():
            self.detail._text_timer.stop()
            self.detail._save_text()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        item = self.model.evidence_at(index.row())
        return item.id if item else None

    def _current_changed(self, current: Any, _previous: Any) -> None:
        self.detail.show_item(self.model.evidence_at(current.row()) if current.isValid() else None)

    def edit(self, evidence_id: int, field: str, value: Any) -> None:
        if self.ctx.identity.read_only:
            return

        def change() -> None:  # made again as it is on the new database if the file went away
            old_item = evidence.get_evidence(self.ctx.ws, evidence_id)
            old, new = getattr(old_item, field), value
            if field in ("descriptors", "tags"):
                old, new = tuple(old), tuple(new)
            if old == new:
                return
            changes_old = {field: old}
            changes_new = {field: new}
            if field == "area_key":  # moving area clears descriptors; undo must put them back
                changes_old["descriptors"] = tuple(old_item.descriptors)
                changes_new["descriptors"] = ()
            push_edit(self.ctx, f"Edit {field.replace('_', ' ')} of {evidence_ref(old_item.ref)}",
                      lambda v: evidence.update_evidence(self.ctx.ws, evidence_id, **v), changes_new, changes_old)

        self.ctx.attempt_edit(self, lambda: evidence.get_evidence(self.ctx.ws, evidence_id), change)

    def delete_selected(self) -> None:
        evidence_id = self.selected_id()
        if evidence_id is None or self.ctx.identity.read_only:
            return
        if not confirm_delete_evidence(self, self.ctx, evidence_id):
            return
        self.ctx.attempt(self, lambda: push_delete(
            self.ctx, f"Delete {evidence_ref(evidence.get_evidence(self.ctx.ws, evidence_id).ref)}", "evidence",
            evidence_id), "Delete evidence")


def confirm_delete_evidence(parent: QWidget, ctx: AppContext, evidence_id: int) -> bool:
    """Evidence a finding cites is not taken from under it without asking."""
    from PySide6.QtWidgets import QMessageBox

    from inspector_app.domain.wording import plural
    from inspector_app.services import findings

    cited = findings.citing(ctx.ws, evidence_id)
    if not cited:
        return True
    ref = evidence_ref(evidence.get_evidence(ctx.ws, evidence_id).ref)
    listed = "\n".join(f"• {f.kind.label}: {f.text[:80]}{'…' if len(f.text) > 80 else ''}" for f in cited[:5])
    box = QMessageBox(QMessageBox.Icon.Question, "Delete evidence",
                      f"{ref} is cited by {plural(len(cited), 'finding')}:\n\n{listed}\n\n"
                      "Deleting it takes it out of the evidence behind "
                      f"{'that finding' if len(cited) == 1 else 'those findings'}. Delete it anyway?", parent=parent)
    delete = box.addButton("&Delete and unlink", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("&Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.exec()
    return box.clickedButton() is delete
