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
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.bundles.importer import Change, ImportPlan
from inspector_app.bundles.wording import PreviewGroup, preview_in_words

CHOICES = [("mine", "Keep mine"), ("theirs", "Take theirs"), ("both", "Keep both")]
Index = QModelIndex | QPersistentModelIndex
COLUMNS = ["What", "Here (yours)", "In the bundle (theirs)", "Decision"]


_QUIET = {"uuid", "created_at", "updated_at", "created_by", "updated_by", "id"}


def row_name(change: Change) -> str:
    """A conflict row named so the person can find it: the evidence's reference, the case's own."""
    from inspector_app.domain.refs import evidence_ref

    row = change.local or change.incoming or {}
    name = change.label.capitalize()
    if change.entity == "evidence" and isinstance(row.get("ref"), str):
        return f"{name} {evidence_ref(row['ref'])}"
    if row.get("reference"):
        return f"{name} {row['reference']}"
    return name


def word_diff(mine: str, theirs: str) -> str:
    """Both versions in one paragraph: words only here struck through, words only there underlined."""
    import difflib
    import html

    a, b = mine.split(), theirs.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<s style='color:#b00020'>{html.escape(' '.join(a[i1:i2]))}</s>")
        if j2 > j1:
            out.append(f"<u style='color:#0a6b2d'><b>{html.escape(' '.join(b[j1:j2]))}</b></u>")
    return " ".join(out)


def difference_html(change: Change) -> str:
    """Every field that differs, in full, with a word diff; nothing cut at the point of difference."""
    import html

    mine, theirs = change.local, change.incoming
    if mine is None or theirs is None:
        kept = theirs or mine or {}
        gone = "Deleted here; changed in the bundle." if mine is None else "Deleted in the bundle; changed here."
        fields = "".join(f"<p><b>{html.escape(k)}</b>: {html.escape(str(v))}</p>" for k, v in kept.items()
                         if not k.startswith("_") and k not in _QUIET)
        return f"<p><i>{gone}</i></p>{fields}"
    parts = []
    for key in dict.fromkeys([*mine, *theirs]):
        if key.startswith("_") or key in _QUIET or mine.get(key) == theirs.get(key):
            continue
        parts.append(f"<p><b>{html.escape(key.replace('_', ' '))}</b>: "
                     f"{word_diff(str(mine.get(key) or ''), str(theirs.get(key) or ''))}</p>")
    by = theirs.get("updated_by") or theirs.get("created_by")
    legend = ("<p style='color:gray'>Struck through: only in yours. Underlined: only in theirs"
              + (f" (changed by {html.escape(str(by))})" if by else "") + ".</p>")
    return legend + ("".join(parts) or "<p>The two versions hold the same values.</p>")


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
                return row_name(change)
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
    def __init__(self, plan: ImportPlan, parent: QWidget | None = None,
                 groups: list[PreviewGroup] | None = None) -> None:
        """``groups``: what the import adds, changes and deletes by kind (``bundles.wording.preview_groups``),
        listed so the person sees what they accept, not only how many."""
        super().__init__(parent)
        self.plan = plan
        manifest = plan.bundle.manifest
        self.setWindowTitle(f"Import bundle from {plan.bundle.exporter}")
        self.resize(*((1040, 640) if plan.conflicts else (720, 460)))  # no full-size dialog for a short list
        lines = [f"From <b>{escape(plan.bundle.exporter)}</b> ({escape(manifest['exporter']['machine_name'])}), made "
                 f"{escape(manifest['created_at'][:16].replace('T', ' '))}"
                 + (" — a new inspection for this database" if plan.new_inspection else ""),
                 escape(preview_in_words(plan)) + "."]
        lines.append(("" if plan.signer.on_roster else "<b>Warning:</b> ") + escape(plan.signer.describe()))
        if plan.already_imported:
            lines.append(f"This bundle was already imported on {plan.already_imported:%d %b %Y %H:%M}.")
        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName("What the import adds, changes and deletes")
        for group in groups or []:
            top = QTreeWidgetItem([f"{group.heading}: {group.summary}"])
            self.contents.addTopLevelItem(top)
            for kind in group.kinds:
                branch = QTreeWidgetItem(top, [kind.heading])
                for name in kind.names:
                    QTreeWidgetItem(branch, [name])
            top.setExpanded(True)  # the kinds show at once; each kind's items on expanding it
        summary = QLabel("<br/>".join(lines))
        summary.setWordWrap(True)
        self.model = ConflictModel(plan.conflicts, self)
        self.view = QTableView()
        self.view.setAccessibleName("Conflicts")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(3, DecisionDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)  # never cut a side where it differs
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.difference = QTextBrowser()
        self.difference.setAccessibleName("The difference between the two versions")
        self.difference.setMinimumHeight(120)
        self.view.selectionModel().currentRowChanged.connect(self._show_difference)
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
        if groups:
            contents_label = QLabel("&What changes (expand a kind to see its items):")
            contents_label.setBuddy(self.contents)
            layout.addWidget(contents_label)
            layout.addWidget(self.contents, 1)
        else:
            self.contents.hide()
        if plan.conflicts:
            layout.addWidget(QLabel("Nothing is overwritten silently: decide for each row below."))
            layout.addWidget(self.view, 2)
            difference_label = QLabel("&Difference in full:")
            difference_label.setBuddy(self.difference)
            layout.addWidget(difference_label)
            layout.addWidget(self.difference, 1)
            layout.addLayout(bulk)
            self.view.resizeRowsToContents()
            self.view.setCurrentIndex(self.model.index(0, 0))
        layout.addWidget(self.buttons)
        self._update()

    def _show_difference(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.difference.setHtml(difference_html(self.model.conflicts[current.row()]))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.view.resizeRowsToContents()  # rows grow with the wrapped text as the dialog widens

    def _update(self) -> None:
        self.apply_button.setEnabled(self.model.complete())

    def decisions(self) -> dict[str, str]:
        return dict(self.model.decisions)
