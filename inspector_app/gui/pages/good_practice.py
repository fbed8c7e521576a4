"""Good practice: flag evidence worth sharing, choose what goes into the case study, export it anonymised."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.refs import evidence_ref
from inspector_app.gui.context import AppContext
from inspector_app.gui.pages.base import Page
from inspector_app.gui.replace_file import ask_replace
from inspector_app.gui.unsaved import LoadedText
from inspector_app.gui.widgets import page_title, subtitle
from inspector_app.reports.case_study import export_case_study
from inspector_app.reports.export import ExportError, FileFormat, export_target
from inspector_app.services import ValidationError, evidence, good_practice


class GoodPracticePage(Page):
    title = "Good practice"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        self.evidence_choice = QComboBox()
        self.evidence_choice.setAccessibleName("Evidence to flag as good practice")
        self.evidence_choice.setEditable(True)
        self.evidence_choice.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # As wide as the row allows, not as wide as the longest evidence text (which pushed the page sideways)
        self.evidence_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.evidence_choice.setMinimumContentsLength(16)
        line = self.evidence_choice.lineEdit()
        assert line is not None  # the combo box was made editable just above
        line.setAccessibleName("Type to find the evidence to flag")
        self.flag_title = QLineEdit()
        self.flag_title.setAccessibleName("Good-practice title")
        self.flag_title.setPlaceholderText("A short title, e.g. Seeing children quickly")
        self.flag_button = QPushButton("F&lag as good practice")
        self.flag_button.clicked.connect(self._flag)
        flag_row = QHBoxLayout()
        flag_row.addWidget(self.evidence_choice, 3)
        flag_row.addWidget(self.flag_title, 2)
        flag_row.addWidget(self.flag_button)

        self.flagged = QListWidget()
        self.flagged.setAccessibleName("Flagged good practice; ticked items go into the case study")
        self.flagged.setWordWrap(True)
        self.flagged.itemChanged.connect(self._ticked)
        self.unflag_button = QPushButton("&Remove flag")
        self.unflag_button.clicked.connect(self._unflag)

        self.study_title = QLineEdit()
        self.study_title.setAccessibleName("Case study title")
        self.introduction = QPlainTextEdit()
        self.introduction.setAccessibleName("Case study summary")
        self.introduction.setTabChangesFocus(True)
        self.introduction.setFixedHeight(80)
        self.name_authority = QCheckBox("&Name the authority (otherwise: “A local authority in England”)")
        save = QPushButton("&Save case study")
        save.clicked.connect(self._save)
        pdf = QPushButton("Export &PDF…")
        pdf.clicked.connect(lambda: self._export(".pdf"))
        word = QPushButton("Export &Word…")
        word.clicked.connect(lambda: self._export(".docx"))
        buttons = QHBoxLayout()
        for button in (save, pdf, word):
            buttons.addWidget(button)
        buttons.addStretch()
        form = QFormLayout()
        form.addRow(subtitle("Anonymised on export: pseudonyms only, no case references or initials."))
        form.addRow("&Title", self.study_title)
        form.addRow("S&ummary", self.introduction)
        form.addRow("", self.name_authority)
        form.addRow("", buttons)
        self._study_loaded = LoadedText(self.study_title, self.introduction)  # saved by its button only
        self._study_for: int | None = None  # the inspection whose draft the boxes hold
        study_box = QGroupBox("Case study draft (the lead's)")  # a group's title never wraps: kept short
        study_box.setLayout(form)

        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Good practice"))
        layout.addWidget(subtitle("Flag evidence that shows practice others could learn from. The lead ticks which "
                                  "flagged items go into the case study."))
        layout.addLayout(flag_row)
        layout.addWidget(self.flagged, 1)
        layout.addWidget(self.unflag_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(study_box)

    def refresh(self) -> None:
        inspection_id = self.ctx.inspection_id
        if inspection_id is None:
            return
        self._loading = True
        self.evidence_choice.clear()
        for item in evidence.find_evidence(self.ctx.ws, inspection_id, limit=2000):
            self.evidence_choice.addItem(f"{evidence_ref(item.ref)}  {item.text[:110]}", item.id)
        self.flagged.clear()
        for g in good_practice.list_flagged(self.ctx.ws, inspection_id):
            entry = QListWidgetItem(f"{g.title} — {g.ref}: {g.text}")
            entry.setData(Qt.ItemDataRole.UserRole, g.evidence_id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if g.in_case_study else Qt.CheckState.Unchecked)
            self.flagged.addItem(entry)
        # a refresh (a tick, a flag, a save elsewhere) keeps the draft being typed for this inspection
        if inspection_id != self._study_for or not self._study_loaded.typed():
            self._study_for = inspection_id
            study = good_practice.case_study(self.ctx.ws, inspection_id)
            self.study_title.setText(study.title)
            self.introduction.setPlainText(study.introduction)
            self.name_authority.setChecked(study.name_authority)
            self._study_loaded.take()
        self._loading = False

    def unsaved_typing(self) -> str | None:
        return "The case study you typed" if self.ctx.inspection_id is not None and self._study_loaded.typed() else None

    def save_typing(self) -> bool:
        return self._save()

    def discard_typing(self) -> None:
        self._study_loaded.restore()

    def _flag(self) -> None:
        evidence_id = self.evidence_choice.currentData()
        if evidence_id is None:
            return
        if self.ctx.attempt(self, lambda: good_practice.flag(self.ctx.ws, evidence_id,
                                                             self.flag_title.text())) is not None:
            self.flag_title.clear()
            self.ctx.changed()

    def _unflag(self) -> None:
        item = self.flagged.currentItem()
        if item is not None:
            evidence_id = item.data(Qt.ItemDataRole.UserRole)
            self.ctx.attempt(self, lambda: good_practice.unflag(self.ctx.ws, evidence_id))
            self.ctx.changed()

    def _ticked(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        evidence_id = item.data(Qt.ItemDataRole.UserRole)
        included = item.checkState() == Qt.CheckState.Checked
        self.ctx.attempt(self, lambda: good_practice.include(self.ctx.ws, evidence_id, included))
        self.ctx.changed()

    def _save(self) -> bool:
        inspection_id = self.ctx.inspection_id
        if inspection_id is None:
            return False
        saved = self.ctx.attempt(self, lambda: good_practice.save_case_study(
            self.ctx.ws, inspection_id, self.study_title.text(), self.introduction.toPlainText(),
            self.name_authority.isChecked()))
        if saved is not None:
            self._study_loaded.take()
            self.ctx.changed()
        return saved is not None

    def _export(self, suffix: str) -> None:
        inspection_id = self.ctx.inspection_id
        if inspection_id is None or not self._save():
            return
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "Word document (*.docx)"
        fmt: FileFormat = "pdf" if suffix == ".pdf" else "docx"
        # the file dialog does not ask about an existing file: the same question as the Export view does,
        # about the name actually written (its suffix follows the button pressed, whatever was typed)
        chosen, _ = QFileDialog.getSaveFileName(self, "Export the case study", f"case-study{suffix}", kind,
                                                options=QFileDialog.Option.DontConfirmOverwrite)
        if not chosen:
            return
        path, _fmt = export_target(chosen, fmt)
        replace = path.exists()
        if replace and not ask_replace(self, path):
            return
        written = self.ctx.attempt(self, lambda: _export(self.ctx, inspection_id, path, fmt, replace),
                                   "Cannot export", doing="exporting the case study")
        if written is not None:
            self.ctx.saved.emit(f"Case study saved as {written.name}")


def _export(ctx: AppContext, inspection_id: int, path: Path, fmt: FileFormat, replace: bool) -> Path:
    """An export refused for a reason the person can fix is shown like any refused save."""
    try:
        return export_case_study(ctx.ws, inspection_id, path, fmt, replace=replace)
    except ExportError as exc:
        raise ValidationError(str(exc)) from exc
