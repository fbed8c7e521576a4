"""Findings: strengths, areas for improvement and recommendations per area, in order, with evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import FindingKind
from inspector_app.domain.refs import evidence_ref
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.finding import ask_finding
from inspector_app.gui.dialogs.link_evidence import LinkEvidenceDialog
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import AUTOSAVE_DELAY_MS, Page
from inspector_app.gui.timers import timer
from inspector_app.gui.undo import push_add, push_delete, push_edit
from inspector_app.gui.widgets import current, fill_enum, page_title, subtitle
from inspector_app.services import findings, inspections
from inspector_app.services.dto import FindingInfo

VISIT_LABELS = {
    FindingKind.STRENGTH: "What is working well / progress made",
    FindingKind.AREA_FOR_IMPROVEMENT: "Areas for improvement",
    FindingKind.PRIORITY_ACTION: "Areas for priority action",
    FindingKind.RECOMMENDATION: "Recommendations being monitored",
}


def finding_text(f: FindingInfo) -> str:
    refs = ", ".join(evidence_ref(r) for r in f.evidence_refs)
    national = f"  [{f.national_ref}]" if f.national_ref else ""
    evidence = f"\n    Evidence: {refs}" if refs else "\n    No evidence linked yet"
    return f"{f.position}. {f.text}{national}{evidence}"


class FindingsPage(Page):
    title = "Findings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.area = QComboBox()
        self.area.setAccessibleName("Judgement area")
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of finding")
        self.model: RowsModel[FindingInfo] = RowsModel([Column("Finding", finding_text)])
        self.view = QListView()
        self.view.setAccessibleName("Findings")
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(3)
        self.view.doubleClicked.connect(self.edit_selected)
        self.hint = subtitle()
        self.buttons: dict[str, QPushButton] = {}
        column = QVBoxLayout()
        for key, label, slot in (("add", "&Add…", self.add), ("edit", "Ed&it…", self.edit_selected),
                                 ("link", "&Link evidence…", self.link_evidence),
                                 ("ref", "&National framework…", self.set_national_ref),
                                 ("up", "Move &up (Ctrl+Up)", lambda: self.move_selected(-1)),
                                 ("down", "Move do&wn (Ctrl+Down)", lambda: self.move_selected(1)),
                                 ("delete", "&Delete", self.delete_selected),
                                 ("history", "Histor&y…", self.show_history)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            self.buttons[key] = button
            column.addWidget(button)
        column.addStretch()
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            QShortcut(QKeySequence(keys), self.view, lambda s=step: self.move_selected(s),
                      context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        for keys in ("Return", "Enter"):  # the keyboard's double-click (as Ed&it… does)
            QShortcut(QKeySequence(keys), self.view, self.edit_selected, context=Qt.ShortcutContext.WidgetShortcut)
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName("Summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(96)
        self.summary_label = QLabel("<b>Summary</b>")
        self.summary_label.setBuddy(self.summary)  # tied to it: read with it, and scrolled into view with it
        self._summary_timer = timer(self, AUTOSAVE_DELAY_MS, self._save_summary, single_shot=True)
        self._loading = False
        self.summary.textChanged.connect(lambda: None if self._loading else self._summary_timer.start())
        pickers = QHBoxLayout()
        pickers.addWidget(self.area, 1)
        pickers.addWidget(self.kind, 1)
        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addLayout(column)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Findings"))
        layout.addWidget(subtitle("The report is written from these: strengths and areas for improvement per "
                                  "judgement, and what needs to improve overall. Each links to its evidence."))
        layout.addWidget(self.summary_label)
        layout.addWidget(self.summary)
        layout.addLayout(pickers)
        layout.addWidget(self.hint)
        layout.addLayout(body, 1)
        self.area.currentIndexChanged.connect(self._area_changed)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self._choices_for: int | None = None

    def _load_choices(self) -> None:
        framework = self.ctx.framework
        assert framework is not None
        self.area.blockSignals(True)
        self.area.clear()
        self.area.addItem("Overall (what needs to improve)", None)
        for a in framework.areas:
            self.area.addItem(a.short_name, a.key)
        self.area.blockSignals(False)
        self._fill_kinds()
        self._choices_for = self.ctx.inspection_id

    def _fill_kinds(self) -> None:
        framework = self.ctx.framework
        graded = bool(framework and framework.graded)
        overall = current(self.area) is None
        self.kind.blockSignals(True)
        self.kind.clear()
        if graded and overall:
            kinds = [FindingKind.RECOMMENDATION, FindingKind.PRIORITY_ACTION]
        elif graded:
            kinds = [FindingKind.STRENGTH, FindingKind.AREA_FOR_IMPROVEMENT]
        else:
            kinds = [FindingKind.STRENGTH, FindingKind.AREA_FOR_IMPROVEMENT, FindingKind.PRIORITY_ACTION,
                     FindingKind.RECOMMENDATION]
        fill_enum(self.kind, kinds, labels=None if graded else VISIT_LABELS)
        self.kind.blockSignals(False)

    def _area_changed(self) -> None:
        self._fill_kinds()
        self.refresh()

    def main_control(self) -> QWidget:
        return self.view

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        if self._choices_for != self.ctx.inspection_id:
            self._load_choices()
        framework = self.ctx.framework
        area = current(self.area)
        kind = current(self.kind)
        graded = bool(framework and framework.graded)
        self.summary_label.setText("<b>Summary</b> — the report's opening paragraphs (blank line between "
                                   "paragraphs)" if graded else "<b>Headline findings</b> — the letter's summary")
        if not self.summary.hasFocus():
            self._loading = True
            self.summary.setPlainText(inspections.get_inspection(self.ctx.ws, self.ctx.inspection_id).summary)
            self._loading = False
        self.summary.setReadOnly(self.ctx.identity.read_only)
        whole_list = (framework is not None and not framework.graded) or area is None
        if whole_list:  # a visit's findings, and "what needs to improve", are one list whatever their area
            rows = findings.list_findings(self.ctx.ws, self.ctx.inspection_id, kind=kind)
        else:
            rows = findings.list_findings(self.ctx.ws, self.ctx.inspection_id, kind=kind, area_key=area)
        self.model.set_rows(rows)
        national = bool(framework and framework.national_framework) and kind is FindingKind.RECOMMENDATION
        self.buttons["ref"].setVisible(national)
        read_only = self.ctx.identity.read_only
        for key, button in self.buttons.items():
            button.setEnabled(not read_only or key == "history")
        self.hint.setText(f"{len(rows)} finding{'s' if len(rows) != 1 else ''}. Enter or double-click to edit; "
                          "Ctrl+Up and Ctrl+Down reorder.")

    def _save_summary(self) -> None:
        if self.ctx.inspection_id is None or self.ctx.identity.read_only:
            return
        inspection_id, text = self.ctx.inspection_id, self.summary.toPlainText()

        def apply(value: str) -> None:
            inspections.update_inspection(self.ctx.ws, inspection_id, summary=value)

        def change() -> None:  # made again as it is on the new database if the file went away
            old = inspections.get_inspection(self.ctx.ws, inspection_id).summary
            if text != old:
                push_edit(self.ctx, "Edit summary", apply, text, old)

        self.ctx.attempt_edit(self, lambda: inspections.get_inspection(self.ctx.ws, inspection_id), change)

    def flush(self) -> None:
        if self._summary_timer.isActive():
            self._summary_timer.stop()
            self._save_summary()

    def selected(self) -> FindingInfo | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _select(self, finding_id: int) -> None:
        for row, f in enumerate(self.model.rows()):
            if f.id == finding_id:
                self.view.setCurrentIndex(self.model.index(row, 0))

    def add(self) -> None:
        kind = current(self.kind)
        text, ok = ask_finding(self, "Add finding", kind.label)
        if not ok or not text.strip():
            return
        assert self.ctx.inspection_id is not None
        inspection_id, area = self.ctx.inspection_id, current(self.area)
        created = self.ctx.attempt(self, lambda: push_add(
            self.ctx, "Add finding", "finding",
            lambda: findings.add_finding(self.ctx.ws, inspection_id, kind=kind, text=text, area_key=area)))
        if created is not None:
            self._select(created.id)

    def show_history(self) -> None:
        from inspector_app.gui.dialogs.item_history import ItemHistoryDialog

        finding = self.selected()
        if finding is not None:
            ItemHistoryDialog(self.ctx, "finding", finding.id, f"{finding.kind.label.lower()} "
                              f"“{finding.text[:50]}”", self).exec()

    def edit_selected(self) -> None:
        finding = self.selected()
        if finding is None or self.ctx.identity.read_only:
            return
        text, ok = ask_finding(self, "Edit finding", finding.kind.label, finding.text)
        if ok and text.strip() and text != finding.text:
            self.ctx.attempt(self, lambda: push_edit(
                self.ctx, "Edit finding", lambda v: findings.update_finding(self.ctx.ws, finding.id, text=v),
                text, finding.text))
            self._select(finding.id)

    def link_evidence(self) -> None:
        finding = self.selected()
        if finding is None:
            return
        dialog = LinkEvidenceDialog(self.ctx, finding.evidence_ids, finding.area_key, self)
        if dialog.exec() and dialog.evidence_ids() != finding.evidence_ids:
            self.ctx.attempt(self, lambda: push_edit(
                self.ctx, "Link evidence",
                lambda v: findings.update_finding(self.ctx.ws, finding.id, evidence_ids=v),
                dialog.evidence_ids(), finding.evidence_ids))
            self._select(finding.id)

    def set_national_ref(self) -> None:
        finding = self.selected()
        framework = self.ctx.framework
        if finding is None or framework is None:
            return
        labels = ["(none)"] + [f"{n.ref}: {n.title}" for n in framework.national_framework]
        refs = [None] + [n.ref for n in framework.national_framework]
        current = refs.index(finding.national_ref) if finding.national_ref in refs else 0
        label, ok = QInputDialog.getItem(self, "National framework", "Cross-reference this recommendation to:",
                                         labels, current, False)
        if ok:
            new = refs[labels.index(label)]
            self.ctx.attempt(self, lambda: push_edit(
                self.ctx, "Cross-reference", lambda v: findings.update_finding(self.ctx.ws, finding.id, national_ref=v),
                new, finding.national_ref))
            self._select(finding.id)

    def move_selected(self, step: int) -> None:
        finding = self.selected()
        if finding is None or self.ctx.identity.read_only:
            return
        old_index = finding.position - 1
        new_index = max(0, old_index + step)

        push_edit(self.ctx, "Reorder findings", lambda i: findings.move_finding(self.ctx.ws, finding.id, i),
                  new_index, old_index)
        self._select(finding.id)

    def delete_selected(self) -> None:
        finding = self.selected()
        if finding is not None and not self.ctx.identity.read_only:
            push_delete(self.ctx, "Delete finding", "finding", finding.id)

