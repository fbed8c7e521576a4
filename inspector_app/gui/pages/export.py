"""Export the draft report or the visit letter as PDF or Word (.docx), in the background, with progress."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Literal

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QFileDialog, QGroupBox, QLabel, QVBoxLayout, QWidget

from inspector_app.domain.wording import plural
from inspector_app.gui.a11y import bring_into_view, say
from inspector_app.gui.context import AppContext
from inspector_app.gui.forms.ui_export_page import Ui_ExportPage
from inspector_app.gui.pages.base import Page
from inspector_app.gui.replace_file import ask_replace
from inspector_app.gui.theme import colours
from inspector_app.gui.widgets import explained
from inspector_app.gui.workers import Task
from inspector_app.reports.content import gather
from inspector_app.reports.readiness import readiness
from inspector_app.services import inspections

SUFFIXES = (".pdf", ".docx")


def default_pdf_name(authority: str, kind: str, suffix: str = ".pdf", internal: bool = False) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", authority).strip("-").lower() or "inspection"
    return f"{slug}-draft-{kind}{'-internal' if internal else ''}{suffix}"


class ExportPage(Page):
    title = "Export"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # The checklist is read before choosing what to export, so it is made first: first in Tab order
        # (Tab order follows creation; a later setTabOrder cannot put it before the page's first control).
        box = QGroupBox("Before the draft leaves the team", self)
        self.readiness = QLabel(box)
        self.ui = Ui_ExportPage()
        self.ui.setupUi(self)
        self.ui.titleLabel.setObjectName("pageTitle")
        self.ui.introLabel.setObjectName("pageSubtitle")
        self.task: Task | None = None
        self.last: Any = None
        self.ui.browseButton.clicked.connect(self._browse)
        self.ui.exportButton.clicked.connect(self.start_export)
        self.ui.cancelButton.clicked.connect(self.cancel_export)
        self.ui.openButton.clicked.connect(self._open)
        self.ui.reportRadio.toggled.connect(lambda _on: self._suggest_path())
        self.ui.docxRadio.toggled.connect(lambda _on: self._suggest_path())
        self.ui.docxRadio.toggled.connect(self._template_enabled)
        self.ui.templateButton.clicked.connect(self._choose_template)
        self._template_enabled(False)
        self.ui.workingCopyCheck.toggled.connect(lambda _on: self._suggest_path())
        self.moderationCheck = QCheckBox("With the &moderation annex (working copy only)")
        self.moderationCheck.setEnabled(False)
        self.ui.workingCopyCheck.toggled.connect(self._moderation_enabled)
        index = self.ui.documentLayout.indexOf(self.ui.workingCopyCheck)
        self.ui.documentLayout.insertWidget(index + 1, self.moderationCheck)
        QWidget.setTabOrder(self.ui.workingCopyCheck, self.moderationCheck)  # where it is read, not last
        # A check box's text never wraps: each says what it is in a few words, and what it adds is a
        # wrapped line beneath it (one long label per box ran off the page at 150% text).
        for check, what in (
                (self.ui.workingCopyCheck, "Adds evidence references, previous grades, the rationale for each "
                                           "judgement and the evidence appendix."),
                (self.moderationCheck, "Each inspector's proposed grade, the spread, agreement between "
                                       "inspectors and the settled grades."),
                (self.ui.appendixCheck, "Lists the evidence the report cites; children appear by pseudonym only."),
                (self.ui.internalCheck, "Links each pseudonym to its case reference: for the inspection team, "
                                        "never for publication.")):
            self.ui.documentLayout.insertWidget(self.ui.documentLayout.indexOf(check) + 1, explained(check, what))
        self._path_for: int | None = None
        self.readiness.setAccessibleName("Readiness of the draft")
        self.readiness.setWordWrap(True)
        self.readiness.setTextFormat(Qt.TextFormat.RichText)
        # A keyboard and a screen reader reach it as they reach a field (it was a label Tab never stopped at).
        self.readiness.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                               | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readiness.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QVBoxLayout(box).addWidget(self.readiness)
        self.ui.mainLayout.insertWidget(self.ui.mainLayout.indexOf(self.ui.introLabel) + 1, box)

    def _moderation_enabled(self, internal: bool) -> None:
        self.moderationCheck.setEnabled(internal and self.ui.reportRadio.isChecked())
        if not self.moderationCheck.isEnabled():
            self.moderationCheck.setChecked(False)

    def main_control(self) -> QWidget:
        """The readiness checklist at the top: Ctrl+8 opens the page at its heading, and Alt+X exports."""
        return self.readiness

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        info = inspections.get_inspection(self.ctx.ws, self.ctx.inspection_id)
        graded = info.kind.graded
        self.ui.reportRadio.setEnabled(graded)
        self.ui.letterRadio.setEnabled(not graded)
        (self.ui.reportRadio if graded else self.ui.letterRadio).setChecked(True)
        document = "a draft inspection report" if graded else f"a draft {info.kind.label.lower()} letter"
        self.ui.introLabel.setText(
            f"{info.authority}: export {document} as PDF, or as a Word document for editing and quality "
            "assurance. Every page is marked OFFICIAL-SENSITIVE — DRAFT; children appear only as Child A, "
            "Child B… unless you add the internal appendix. The default is the publishable draft; the lead's "
            "working copy adds evidence references, previous grades and rationale.")
        self._show_readiness()
        if self._path_for != self.ctx.inspection_id:
            self.ui.progressBar.setValue(0)
            self.ui.statusLabel.setText("")
            self.ui.openButton.setEnabled(False)
            self._suggest_path(force=True)
            self._path_for = self.ctx.inspection_id

    def _show_readiness(self) -> None:
        assert self.ctx.inspection_id is not None
        palette = colours(self.palette().window().color().lightness() < 128)
        lines = []
        for check in readiness(gather(self.ctx.ws, self.ctx.inspection_id), self.ctx.ws):
            mark, colour = ("✓", palette["ok"]) if check.ok else ("⚠", palette["warning"])
            lines.append(f'<span style="color:{colour}">{mark}</span> {html.escape(check.text)}')
        self.readiness.setText("<br/>".join(lines))

    def _kind(self) -> str:
        return "report" if self.ui.reportRadio.isChecked() else "letter"

    def _template(self) -> Path | None:
        text = self.ui.templateEdit.text().strip()
        return Path(text).expanduser() if text and self.ui.docxRadio.isChecked() else None

    def _suffix(self) -> str:
        return ".docx" if self.ui.docxRadio.isChecked() else ".pdf"

    def _suggest_path(self, force: bool = False) -> None:
        if self.ctx.inspection_id is None:
            return
        current = self.ui.pathEdit.text()
        ours = tuple(f"-draft-{kind}{extra}{suffix}" for kind in ("report", "letter")
                     for extra in ("", "-internal") for suffix in SUFFIXES)
        if current and not force and not Path(current).name.endswith(ours):
            # a name the person chose stays theirs, but its suffix follows the format (a .pdf name chosen
            # as Word became a Word file under a .pdf name, written over the PDF)
            suffix = Path(current).suffix
            if suffix.lower() in SUFFIXES and suffix.lower() != self._suffix():
                self.ui.pathEdit.setText(current[: -len(suffix)] + self._suffix())
            return
        info = inspections.get_inspection(self.ctx.ws, self.ctx.inspection_id)
        folder = Path(current).parent if current else Path.home() / "Documents"
        if not folder.is_dir():
            folder = Path.home()
        self.ui.pathEdit.setText(str(folder / default_pdf_name(info.authority, self._kind(), self._suffix(),
                                                              self.ui.workingCopyCheck.isChecked())))

    def _browse(self) -> None:
        suffix = self._suffix()
        kinds = "Word documents (*.docx)" if suffix == ".docx" else "PDF files (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, "Save the document as", self.ui.pathEdit.text(), kinds)
        if path:
            self.ui.pathEdit.setText(path if path.lower().endswith(suffix) else path + suffix)

    def _template_enabled(self, word: bool) -> None:
        for widget in (self.ui.templateLabel, self.ui.templateEdit, self.ui.templateButton):
            widget.setEnabled(word)

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Word template", self.ui.templateEdit.text() or str(Path.home()),
                                              "Word documents (*.docx)")
        if path:
            self.ui.templateEdit.setText(path)

    def start_export(self) -> None:
        if self.ctx.inspection_id is None or self.task is not None:
            return
        from inspector_app.reports.export import (  # renderers load on first export
            ExportOptions,
            export_document,
            export_target,
        )

        fmt: Literal["pdf", "docx"] = "docx" if self.ui.docxRadio.isChecked() else "pdf"
        out, _fmt = export_target(self.ui.pathEdit.text(), fmt)
        if out != Path(self.ui.pathEdit.text()).expanduser():
            self.ui.pathEdit.setText(str(out))  # what will be written, shown before it is
        replace = out.exists()
        if replace and not ask_replace(self, out):
            say(self.ui.statusLabel, f"Not exported: {out.name} is kept. Choose another name to export beside it.")
            return
        options = ExportOptions(kind=self._kind(), appendix=self.ui.appendixCheck.isChecked(),  # type: ignore[arg-type]
                                internal_references=self.ui.internalCheck.isChecked(),
                                internal=self.ui.workingCopyCheck.isChecked(),
                                moderation_annex=self.moderationCheck.isChecked(),
                                format=fmt, template=self._template())
        ws, inspection_id = self.ctx.ws, self.ctx.inspection_id
        self.task = Task(lambda progress, cancelled: export_document(ws, inspection_id, out, options,
                                                                     progress=progress, cancelled=cancelled,
                                                                     replace=replace))
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.ui.exportButton.setEnabled(False)
        self.ui.cancelButton.setEnabled(True)
        self.ui.openButton.setEnabled(False)
        say(self.ui.statusLabel, "Exporting…")
        self.task.start()

    def cancel_export(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _progress(self, fraction: float, message: str) -> None:
        self.ui.progressBar.setValue(round(fraction * 100))
        self.ui.statusLabel.setText(message)

    def _done(self, result: Any) -> None:
        self.last = result
        self.ui.progressBar.setValue(100)
        what = f"{plural(result.pages, 'page')}" if result.format == "pdf" else "Word document"
        say(self.ui.statusLabel, f"Saved {result.path} ({what}).")
        bring_into_view(self.ui.statusLabel)  # below the fold at 150%: scrolled to, so it is seen
        self.ui.openButton.setEnabled(True)

    def _failed(self, error: Exception) -> None:
        from inspector_app.reports.export import ExportCancelled, ExportError

        self.ui.progressBar.setValue(0)
        if isinstance(error, ExportCancelled):
            say(self.ui.statusLabel, "Export cancelled; nothing was written.")
        elif isinstance(error, ExportError):
            say(self.ui.statusLabel, str(error))
        else:
            # an unexpected error's text may hold a statement or a child's details: never shown
            say(self.ui.statusLabel, "The export failed unexpectedly and nothing was written. Try again; if it "
                "fails again, choose another folder or use File ▸ Check database.")

    def _finished(self) -> None:
        if self.task is not None:
            self.task.wait()
        self.task = None
        self.ui.exportButton.setEnabled(True)
        self.ui.cancelButton.setEnabled(False)

    def _open(self) -> None:
        if self.last is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last.path)))
