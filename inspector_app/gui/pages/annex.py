"""The Annex A tab: import a council's list (off the GUI thread, with progress and cancel), then sample.

Reading and importing run as ``Task``s, so 50,000 rows never freeze the window; the preview
dialog shows the column mapping, what cannot be read, and the first rows, and nothing is
imported until the lead presses Import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.annex_a import FIELDS, LISTS
from inspector_app.domain.enums import LegalStatus
from inspector_app.domain.wording import plural
from inspector_app.gui.a11y import say, scroll_body
from inspector_app.gui.context import AppContext
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.widgets import subtitle, table_view
from inspector_app.gui.workers import Task
from inspector_app.services import annex_import, sampling
from inspector_app.services.annex_import import AnnexFileError, AnnexImportInfo, AnnexPreview, ImportCancelled
from inspector_app.services.sampling import SampledChild
from inspector_app.services.workspace import ValidationError

PREVIEW_ROWS = 20
SHOWN_FIELDS = [f for f in FIELDS]


class PreviewDialog(QDialog):
    """The mapping, the problems and the first rows; Import, Read again, or Cancel."""

    READ_AGAIN = 2

    def __init__(self, preview: AnnexPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(f"Preview: {preview.source_name}")
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        layout.addWidget(subtitle(preview.summary() + "."))
        self.combos: dict[str, QComboBox] = {}
        mapping = QFormLayout()
        for heading, field_key in preview.mapping.items():
            combo = QComboBox()
            combo.setAccessibleName(f"Field for the column {heading}")
            combo.addItem("(not imported)", None)
            for f in FIELDS:
                combo.addItem(f.label, f.key)
            combo.setCurrentIndex(max(0, combo.findData(field_key)) if field_key else 0)
            mapping.addRow(f"{heading}:", combo)
            self.combos[heading] = combo
        box = QGroupBox("Columns: which field each holds (remembered for this council)")
        box.setLayout(mapping)
        top = QHBoxLayout()
        top.addWidget(box, 1)
        notes = QListWidget()
        notes.setWordWrap(True)
        notes.setAccessibleName("Problems and warnings")
        for text in preview.problems:
            notes.addItem(f"Problem: {text}")
        for text in preview.warnings:
            notes.addItem(f"Note: {text}")
        for issue in preview.issues[:500]:
            notes.addItem(f"Row {issue.row}: {issue.reason}")
        if len(preview.issues) > 500:
            notes.addItem(f"… and {len(preview.issues) - 500} more rows that cannot be read")
        if notes.count() == 0:
            notes.addItem("Every row can be read.")
        top.addWidget(notes, 1)
        layout.addLayout(top, 1)
        shown = [f for f in SHOWN_FIELDS if f.key in preview.mapping.values()]
        table = QTableWidget(min(PREVIEW_ROWS, len(preview.rows)), len(shown) + 1)
        table.setAccessibleName("First rows as they will be imported")
        table.setHorizontalHeaderLabels(["Row"] + [f.label for f in shown])
        for r, record in enumerate(preview.rows[:PREVIEW_ROWS]):
            table.setItem(r, 0, QTableWidgetItem(str(record["row_number"])))
            for c, f in enumerate(shown, start=1):
                value = record.get(f.key)
                text = "" if value is None else ("Y" if value else "N") if isinstance(value, bool) else str(value)
                table.setItem(r, c, QTableWidgetItem(text))
        table.verticalHeader().setVisible(False)
        table.resizeColumnsToContents()
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(f"&Import {plural(len(preview.rows), 'row', thousands=True)}",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(preview.ready)
        bold = self.import_button.font()
        bold.setBold(True)  # the default button is drawn bold: leave room for it
        self.import_button.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(self.import_button.text()) + 48)
        again = buttons.addButton("&Read again with these columns", QDialogButtonBox.ButtonRole.ActionRole)
        again.clicked.connect(lambda: self.done(self.READ_AGAIN))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        scroll_body(self, "Preview of the list")  # at 150% zoom the preview scrolls above its buttons

    def mapping(self) -> dict[str, str | None]:
        return {heading: combo.currentData() for heading, combo in self.combos.items()}


class AnnexPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.task: Task | None = None
        self.auto_accept = False  # tests: accept the preview without showing the dialog
        self.last_preview: AnnexPreview | None = None
        self._after: Callable[[], None] | None = None
        self._path = ""
        self.list_combo = QComboBox()
        self.list_combo.setAccessibleName("Which Annex A list")
        for a in LISTS:
            self.list_combo.addItem(f"List {a.number}: {a.name} ({a.window})", a.number)
        self.list_combo.setCurrentIndex(7)
        # As wide as its row allows (the longest list's name pushed the Plan view sideways at 150% text)
        self.list_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.list_combo.setMinimumContentsLength(16)
        pick = self.pick_button = QPushButton("&Import a list (CSV or XLSX)…")
        pick.clicked.connect(lambda: self.start_import())
        self.cancel_button = QPushButton("Cance&l")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.status = QLabel()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.list_combo, 1)
        row.addWidget(pick)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        self.imports: RowsModel[AnnexImportInfo] = RowsModel([
            Column("List", lambda i: i.list_number, True), Column("File", lambda i: i.source_name),
            Column("Rows imported", lambda i: i.row_count, True), Column("Rows not read", lambda i: i.skipped_count,
                                                                         True)])
        imports_view = table_view("Imported lists", self.imports, stretch_column=1)
        imports_view.setMaximumHeight(150)

        self.population = subtitle()
        self.list_checks: dict[int, QCheckBox] = {}
        list_row = QHBoxLayout()
        list_row.addWidget(QLabel("From lists:"))
        for a in LISTS:
            check = QCheckBox(str(a.number))
            check.setToolTip(a.name)
            check.setAccessibleName(f"Sample from list {a.number}, {a.name}")
            check.setChecked(True)
            check.setEnabled(False)
            self.list_checks[a.number] = check
            list_row.addWidget(check)
        list_row.addStretch()
        self.status_checks: dict[LegalStatus, QCheckBox] = {}
        checks = QGridLayout()  # four to a row: seven in one row ran off the page at 150% text
        for number, status in enumerate(LegalStatus):
            check = QCheckBox(status.label)
            check.setChecked(status is not LegalStatus.OTHER)
            self.status_checks[status] = check
            checks.addWidget(check, number // 4, number % 4)
        checks.setColumnStretch(4, 1)
        self.sample_size = QSpinBox()
        self.sample_size.setRange(1, 500)
        self.sample_size.setValue(30)
        self.sample_size.setAccessibleName("Sample size")
        self.seed = QSpinBox()
        self.seed.setRange(0, 999_999)
        self.seed.setValue(2026)
        self.seed.setAccessibleName("Seed")
        self.seed.setToolTip("The same seed draws the same sample from the same lists")
        draw = self.draw_button = QPushButton("&Draw sample")
        draw.clicked.connect(self.draw)
        draw_row = QHBoxLayout()
        draw_row.addWidget(QLabel("Si&ze:"))
        draw_row.addWidget(self.sample_size)
        draw_row.addWidget(QLabel("S&eed:"))
        draw_row.addWidget(self.seed)
        draw_row.addWidget(draw)
        draw_row.addStretch()
        self.sample: RowsModel[SampledChild] = RowsModel([
            Column("Council ID (internal)", lambda c: c.council_id), Column("Status", lambda c: c.stratum.label),
            Column("Lists", lambda c: ", ".join(str(n) for n in c.lists)), Column("Team", lambda c: c.team),
            Column("Worker", lambda c: c.worker), Column("Age", lambda c: c.age_band),
            Column("Ethnic group", lambda c: c.ethnic_group),
            Column("Case", lambda c: "Made" if c.case_id else ("Added by hand" if c.added_by_hand else "Drawn"))])
        self.sample_view = table_view("Sample", self.sample, stretch_column=3)
        swap = QPushButton("S&wap selected")
        swap.clicked.connect(self.swap)
        remove = QPushButton("Re&move selected")
        remove.clicked.connect(self.remove)
        self.add_id = QLineEdit()
        self.add_id.setPlaceholderText("Council's child ID")
        self.add_id.setAccessibleName("Child ID to add")
        add = QPushButton("&Add child")
        add.clicked.connect(self.add)
        make = QPushButton("Make &cases of the sample")
        make.setToolTip("Each sampled child becomes a case with a pseudonymous reference (S-001…)")
        make.clicked.connect(self.make_cases)
        self.lead_widgets: list[QWidget] = [pick, draw, swap, remove, self.add_id, add, make]
        edit_row = QHBoxLayout()
        for widget in (swap, remove, self.add_id, add):
            edit_row.addWidget(widget)
        edit_row.addStretch()
        edit_row.addWidget(make)
        sample_box = QGroupBox("Sample")
        sample_layout = QVBoxLayout(sample_box)
        sample_layout.addWidget(self.population)
        sample_layout.addLayout(list_row)
        sample_layout.addLayout(checks)
        sample_layout.addLayout(draw_row)
        sample_layout.addWidget(self.sample_view, 1)
        sample_layout.addLayout(edit_row)
        layout = QVBoxLayout(self)
        layout.addWidget(subtitle("The council's child IDs stay in this encrypted database: cases, documents and "
                                  "bundles carry pseudonymous references only."))
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(imports_view)
        layout.addWidget(sample_box, 1)

    # ---- import -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        ws, inspection_id = self.ctx.ws, self.ctx.inspection_id
        lead = self.ctx.identity.is_lead and not self.ctx.identity.read_only
        for widget in self.lead_widgets:
            widget.setEnabled(lead)
        imported = annex_import.imports(ws, inspection_id)
        self.imports.set_rows(imported)
        present = {i.list_number for i in imported}
        for number, check in self.list_checks.items():
            check.setEnabled(number in present)
        counts = sampling.strata(ws, inspection_id)
        self.population.setText("Children on the imported lists: " + (
            ", ".join(f"{s.label} {n:,}" for s, n in counts.items()) if counts else "none yet"))
        self.sample.set_rows(sampling.sample(ws, inspection_id))

    def start_import(self, path: str | None = None, mapping: Mapping[str, str | None] | None = None) -> None:
        if self.ctx.inspection_id is None or self.task is not None:
            return
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import an Annex A list", str(Path.home()),
                                                  "Lists (*.csv *.xlsx *.xlsm *.txt)")
            if not path:
                return
        ws, inspection_id, number = self.ctx.ws, self.ctx.inspection_id, self.list_combo.currentData()
        chosen = dict(mapping) if mapping is not None else None
        self._run(lambda progress, cancelled: annex_import.preview(
            ws, inspection_id, path, number, mapping=chosen, progress=progress, cancelled=cancelled),
            self._previewed, "Reading the list…")
        self._path = path

    def _run(self, work: Any, done: Any, message: str) -> None:
        self.task = Task(work)
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(done)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        say(self.status, message)
        self.task.start()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.status.setText(message)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finished(self) -> None:
        if self.task is not None:
            self.task.wait()
        self.task = None
        self.cancel_button.setEnabled(False)
        after, self._after = self._after, None
        if after is not None:  # the next step starts once this thread has ended
            after()

    def _failed(self, error: Exception) -> None:
        self.progress.setValue(0)
        if isinstance(error, ImportCancelled):
            say(self.status, "Cancelled: nothing was imported.")
        elif isinstance(error, AnnexFileError | ValidationError):
            say(self.status, str(error))
        else:
            say(self.status, f"The list could not be imported ({type(error).__name__}); nothing was imported.")

    def _previewed(self, preview: AnnexPreview) -> None:
        self.last_preview = preview
        say(self.status, preview.summary() + ".")
        self._after = lambda: self._review(preview)

    def _review(self, preview: AnnexPreview) -> None:
        if self.auto_accept:
            if preview.ready:
                self._accept(preview)
            return
        dialog = PreviewDialog(preview, self)
        result = dialog.exec()
        if result == PreviewDialog.READ_AGAIN:
            self.start_import(self._path, dialog.mapping())
        elif result == QDialog.DialogCode.Accepted:
            self._accept(preview)
        else:
            say(self.status, "Not imported.")

    def _accept(self, preview: AnnexPreview) -> None:
        ws = self.ctx.ws
        self._run(lambda progress, cancelled: annex_import.accept(ws, preview, progress=progress,
                                                                  cancelled=cancelled),
                  self._imported, "Importing…")

    def _imported(self, info: AnnexImportInfo) -> None:
        say(self.status, f"Imported list {info.list_number}: {plural(info.row_count, 'row', thousands=True)}"
                         + (f"; {plural(info.skipped_count, 'row')} could not be "
                            f"read" if info.skipped_count else "") + ".")
        self.ctx.changed()

    # ---- sample -------------------------------------------------------------------------------
    def draw(self) -> None:
        assert self.ctx.inspection_id is not None
        statuses = tuple(s for s, check in self.status_checks.items() if check.isChecked())
        lists = tuple(n for n, check in self.list_checks.items() if check.isEnabled() and check.isChecked())
        spec = sampling.SampleSpec(size=self.sample_size.value(), seed=self.seed.value(), statuses=statuses,
                                   lists=lists)
        inspection_id = self.ctx.inspection_id
        if self.ctx.attempt(self, lambda: sampling.draw_sample(self.ctx.ws, inspection_id, spec),
                            "Cannot draw the sample") is not None:
            say(self.status, f"Drew a sample of {self.sample_size.value()} with seed {self.seed.value()}.")
            self.ctx.changed()

    def _selected(self) -> SampledChild | None:
        index = self.sample_view.currentIndex()
        return self.sample.row(index.row()) if index.isValid() else None

    def swap(self) -> None:
        child = self._selected()
        if child is None or self.ctx.inspection_id is None:
            return
        inspection_id = self.ctx.inspection_id
        if self.ctx.attempt(self, lambda: sampling.swap_child(self.ctx.ws, inspection_id, child.council_id,
                                                              seed=self.seed.value())) is not None:
            say(self.status, "Swapped for another child with the same status.")
            self.ctx.changed()

    def remove(self) -> None:
        child = self._selected()
        if child is None or self.ctx.inspection_id is None:
            return
        inspection_id = self.ctx.inspection_id
        if self.ctx.attempt(self, lambda: sampling.remove_child(self.ctx.ws, inspection_id,
                                                                child.council_id)) is not None:
            self.ctx.changed()

    def add(self) -> None:
        if self.ctx.inspection_id is None:
            return
        inspection_id, wanted = self.ctx.inspection_id, self.add_id.text()
        if self.ctx.attempt(self, lambda: sampling.add_child(self.ctx.ws, inspection_id, wanted)) is not None:
            self.add_id.clear()
            self.ctx.changed()

    def make_cases(self) -> None:
        if self.ctx.inspection_id is None:
            return
        inspection_id = self.ctx.inspection_id
        made = self.ctx.attempt(self, lambda: sampling.accept_sample(self.ctx.ws, inspection_id))
        if made is not None:
            say(self.status, f"{made} case(s) made from the sample, with pseudonymous references.")
            self.ctx.changed()
