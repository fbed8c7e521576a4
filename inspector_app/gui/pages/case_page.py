"""One case: its details, the tracking-notes timeline, its record audits and its evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.audit import AuditDialog
from inspector_app.gui.dialogs.case import CaseDialog
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.text_delegate import WrappedTextDelegate
from inspector_app.gui.undo import push_add
from inspector_app.gui.widgets import fit_columns, page_title, subtitle, table_view
from inspector_app.services import cases, evidence
from inspector_app.services.dto import AuditInfo, CaseInfo, EvidenceInfo, NoteInfo
from inspector_app.services.evidence import EvidenceFilter


def note_text(note: NoteInfo) -> str:
    return f"{note.noted_at.astimezone():%a %d %b, %H:%M} — {note.author}\n{note.text}"

NARROW_WIDTH = 900  # logical pixels, below which the record audits go under the tracking notes


class CasePage(Page):
    title = "Case"
    back_requested = Signal()
    escalate_requested = Signal(int)  # a case id: recorded on Plan ▸ Escalations, with what was raised and when
    capture_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.case_id: int | None = None
        self.case: CaseInfo | None = None
        ctx.inspection_changed.connect(lambda _id: self._inspection_changed())
        self.heading = page_title("Case")
        self.details = subtitle()
        back = QPushButton("← &Back to cases")
        back.clicked.connect(self.back_requested)
        edit = QPushButton("Edit &details…")
        edit.clicked.connect(self._edit)
        escalate = QPushButton("Escala&te to the council…")
        escalate.setToolTip("Record that this child was referred back to the council as at risk")
        escalate.clicked.connect(self._escalate)
        top = QHBoxLayout()
        top.addWidget(back)
        top.addWidget(self.heading, 1)
        history = QPushButton("Histor&y…")
        history.setToolTip("Who created and changed this case, its notes and audits, and when")
        history.clicked.connect(self._history)
        # The actions share a row with the details, not with the title: at 150% text on a laptop one
        # row of title and four buttons ran past the right edge and History… was cut off.
        actions = QHBoxLayout()
        actions.addWidget(self.details, 1)
        actions.addWidget(edit)
        actions.addWidget(escalate)
        actions.addWidget(history)

        self.notes: RowsModel[NoteInfo] = RowsModel([Column("Note", note_text)])
        self.notes_view = QListView()
        self.notes_view.setAccessibleName("Tracking notes")
        self.notes_view.setModel(self.notes)
        self.notes_view.setWordWrap(True)
        self.notes_view.setAlternatingRowColors(True)
        self.notes_view.setSpacing(2)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("New tracking note")
        self.note_edit.setPlaceholderText("Type a note, then Enter")  # short enough for the box at any width
        self.note_edit.setToolTip("Type a tracking note and press Enter; Ctrl+T comes here from anywhere on this page")
        self.note_edit.returnPressed.connect(self.add_note)
        notes_box = QWidget()
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.setContentsMargins(0, 0, 0, 0)
        notes_layout.addWidget(QLabel("<b>Tracking notes</b> (Ctrl+T adds one)"))  # said where it is seen
        notes_layout.addWidget(self.notes_view)
        notes_layout.addWidget(self.note_edit)

        self.audits: RowsModel[AuditInfo] = RowsModel([
            Column("Record", lambda a: a.record_type), Column("Date", lambda a: f"{a.record_date:%d %b %Y}"),
            Column("Quality", lambda a: a.quality.short_label if a.quality else "–"),
            Column("Timely", lambda a: a.timely), Column("Note", lambda a: a.note), Column("By", lambda a: a.author)])
        self.audits_view = table_view("Record audits on this case", self.audits, stretch_column=4,
                                      whole=(0, 1))  # the record and its date
        self.evidence: RowsModel[EvidenceInfo] = RowsModel([
            Column("Area", lambda e: ctx.framework.area(e.area_key).short_name if ctx.framework else e.area_key),
            Column("", lambda e: "+" if e.polarity.value == "strength" else "−"),
            Column("Evidence", lambda e: e.text.replace("\n", " "), tooltip=lambda e: e.text),
            Column("By", lambda e: e.author)])
        self.evidence_view = table_view("Evidence on this case", self.evidence, stretch_column=2)
        self.evidence_text = WrappedTextDelegate(lines=2, parent=self.evidence_view)  # two lines, cut with …
        self.evidence_view.setItemDelegateForColumn(2, self.evidence_text)
        self.evidence_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.evidence_view.verticalHeader().setDefaultSectionSize(self.evidence_text.row_height(self.font()))
        add_audit = QPushButton("&Record audit…")
        add_audit.clicked.connect(self._add_audit)
        capture = QPushButton("&Capture evidence… (Ctrl+E)")
        capture.clicked.connect(self.capture_requested)
        audits_box = QWidget()
        audits_layout = QVBoxLayout(audits_box)
        audits_layout.addWidget(self.audits_view)
        audits_layout.addWidget(add_audit, alignment=Qt.AlignmentFlag.AlignLeft)
        evidence_box = QWidget()
        evidence_layout = QVBoxLayout(evidence_box)
        evidence_layout.addWidget(self.evidence_view)
        evidence_layout.addWidget(capture, alignment=Qt.AlignmentFlag.AlignLeft)
        self.tabs = QTabWidget()
        self.tabs.addTab(audits_box, "Record audits")
        self.tabs.addTab(evidence_box, "Evidence")

        self.splitter = splitter = QSplitter()
        splitter.addWidget(notes_box)
        splitter.addWidget(self.tabs)
        splitter.setSizes([420, 640])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

    def resizeEvent(self, event) -> None:
        """Reflow: on a narrow window (150% zoom on a laptop) the record audits go below the tracking
        notes, where their six columns fit; on a wide one they sit beside them."""
        super().resizeEvent(event)
        orientation = Qt.Orientation.Vertical if self.width() < NARROW_WIDTH else Qt.Orientation.Horizontal
        if self.splitter.orientation() != orientation:
            self.splitter.setOrientation(orientation)

    def show_case(self, case_id: int) -> None:
        self.case_id = case_id
        self._stale = True
        self.ensure_fresh()

    def refresh(self) -> None:
        if self.case_id is None:
            return
        try:
            case = cases.get_case(self.ctx.ws, self.case_id)
        except LookupError:
            self.case_id = None
            self.back_requested.emit()
            return
        self.case = case
        self.heading.setText(f"Case {case.reference}" + (f" ({case.initials})" if case.initials else ""))
        parts = [case.legal_status.label, case.age_band.label if case.age_band else "age not recorded",
                 case.team or "team not recorded", f"{case.selection_reason.label.lower()} case",
                 f"added by {case.created_by}"]
        text = " · ".join(parts)
        if case.escalated_at:
            text += f"\nEscalated to {case.escalated_to} on {case.escalated_at.astimezone():%d %b %Y at %H:%M}."
        if case.summary:
            text += f"\n{case.summary}"
        self.details.setText(text)
        self.notes.set_rows(cases.list_notes(self.ctx.ws, case.id))
        self.notes_view.scrollToBottom()
        assert self.ctx.inspection_id is not None
        self.audits.set_rows(cases.list_audits(self.ctx.ws, self.ctx.inspection_id, case_id=case.id))
        fit_columns(self.audits_view, skip=[4])
        self.evidence.set_rows(evidence.find_evidence(self.ctx.ws, self.ctx.inspection_id,
                                                      EvidenceFilter(case_id=case.id)))
        fit_columns(self.evidence_view, skip=[2])
        read_only = self.ctx.identity.read_only
        self.note_edit.setEnabled(not read_only)

    def _history(self) -> None:
        from inspector_app.gui.dialogs.item_history import ItemHistoryDialog

        if self.case is not None:
            ItemHistoryDialog(self.ctx, "case", self.case.id, f"case {self.case.reference}", self).exec()

    def focus_note(self) -> None:
        self.note_edit.setFocus()

    def unsaved_typing(self) -> str | None:
        if self.case_id is not None and self.note_edit.isEnabled() and self.note_edit.text().strip():
            return "The tracking note you typed"
        return None

    def save_typing(self) -> bool:
        self.add_note()
        return not self.note_edit.text().strip()

    def discard_typing(self) -> None:
        self.note_edit.clear()

    def _inspection_changed(self) -> None:
        """Another inspection opened: this case is not one of its cases, nor is a note typed on it."""
        self.case_id = None
        self.case = None
        self.note_edit.clear()

    def add_note(self) -> None:
        text = self.note_edit.text()
        if not text.strip() or self.case_id is None:
            return
        case_id = self.case_id
        if self.ctx.attempt(self, lambda: push_add(self.ctx, "Add tracking note", "note",
                                                   lambda: cases.add_note(self.ctx.ws, case_id, text))):
            # setText, not clear(): the box forgets the note's typing, so Ctrl+Z undoes the add (the
            # window's undo) instead of bringing the text back into the box for a duplicate
            self.note_edit.setText("")

    def _edit(self) -> None:
        if self.case is not None:
            CaseDialog(self.ctx, self, existing=self.case).exec()

    def _add_audit(self) -> None:
        AuditDialog(self.ctx, self, case_id=self.case_id).exec()

    def _escalate(self) -> None:
        """One place records an escalation, with what was raised, who was told, when and the response due:
        Plan ▸ Escalations (a name asked for here was kept on the case alone, so the Plan view and the
        overview's count never saw it)."""
        if self.case_id is not None:
            self.escalate_requested.emit(self.case_id)
