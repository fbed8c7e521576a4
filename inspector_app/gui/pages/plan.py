"""Before and after the visit: what comes next, recommendations followed through, escalations, Annex A.

Four tabs over the services: ``deadlines`` and ``icalendar_export`` (what's next, the
publication date, a calendar file for Outlook), ``recommendations`` (evidence, progress and, on a
monitoring visit, sufficiency for each recommendation of earlier inspections), ``escalations``
(notice to the council and its response) and the Annex A import and sample (``gui.pages.annex``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtCore import QDate, QDateTime, QModelIndex, QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import InspectionKind
from inspector_app.domain.next_activity import PlanItem, PlanItemKind, long_date
from inspector_app.domain.wording import plural
from inspector_app.gui.a11y import say
from inspector_app.gui.context import AppContext
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.annex import AnnexPanel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.unsaved import LoadedText, ask_unsaved
from inspector_app.gui.widgets import fit_columns, page_title, subtitle, table_view
from inspector_app.services import cases, deadlines, escalations, inspections, recommendations
from inspector_app.services.escalations import EscalationInfo
from inspector_app.services.icalendar_export import export_icalendar
from inspector_app.services.recommendations import RecommendationInfo


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _when_now(item: PlanItem) -> str:
    if not item.passed(date.today()):
        return item.when
    return item.when + (" (overdue)" if item.kind is PlanItemKind.ESCALATION else " (passed)")


SUFFICIENCY = (("Not judged", None), ("Progress is sufficient", True), ("Progress is not yet sufficient", False))


class WhatsNext(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.basis = subtitle()
        self.items: RowsModel[PlanItem] = RowsModel([
            Column("When", _when_now),
            Column("What", lambda i: i.title),
            Column("Why", lambda i: i.basis, tooltip=lambda i: i.basis)])
        self.view = table_view("What comes next", self.items, stretch_column=2)
        self.published = QDateEdit()
        self.published.setCalendarPopup(True)
        self.published.setDisplayFormat("d MMMM yyyy")
        self.published.setAccessibleName("Publication date")
        self.has_publication = QCheckBox("&Published on")
        self.has_publication.toggled.connect(self.published.setEnabled)
        save = self.save_button = QPushButton("Sa&ve publication date")
        save.clicked.connect(self.save_publication)
        ics = QPushButton("Export &calendar (.ics)…")
        ics.setToolTip("A calendar file of these dates for every authority; Outlook and other calendars open it")
        ics.clicked.connect(self.export_calendar)
        self.status = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.has_publication)
        row.addWidget(self.published)
        row.addWidget(save)
        row.addStretch()
        row.addWidget(ics)
        layout = QVBoxLayout(self)
        layout.addWidget(self.basis)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        assert self.ctx.inspection_id is not None
        ws, inspection_id = self.ctx.ws, self.ctx.inspection_id
        info = inspections.get_inspection(ws, inspection_id)
        plan = deadlines.authority_plan(ws, info.authority)
        self.basis.setText(f"{plan.authority}: {plan.grade_basis}.")
        self.items.set_rows(plan.items)
        fit_columns(self.view, skip=(2,))
        published = deadlines.publication_date(ws, inspection_id)
        self.has_publication.setChecked(published is not None)
        self.published.setEnabled(published is not None)
        self.published.setDate(_qdate(published or max(info.end_date, date.today())))
        lead = self.ctx.identity.is_lead and not self.ctx.identity.read_only
        for widget in (self.has_publication, self.save_button):
            widget.setEnabled(lead)
        self.published.setEnabled(lead and published is not None)

    def save_publication(self) -> None:
        assert self.ctx.inspection_id is not None
        day = _pydate(self.published.date()) if self.has_publication.isChecked() else None
        inspection_id = self.ctx.inspection_id
        def save() -> bool:
            deadlines.set_publication(self.ctx.ws, inspection_id, day)
            return True

        if self.ctx.attempt(self, save):
            say(self.status, f"Publication date {'saved' if day else 'cleared'}.")
            self.ctx.changed()

    def export_calendar(self, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Save calendar as", "inspection-deadlines.ics",
                                                  "iCalendar files (*.ics)")
        if not path:
            return
        if not path.lower().endswith(".ics"):
            path += ".ics"
        out = path
        written = self.ctx.attempt(self, lambda: export_icalendar(deadlines.all_plans(self.ctx.ws), out),
                                   "Cannot save the calendar")
        if written is not None:
            say(self.status, f"Saved {written}: open it in Outlook to add the dates.")


def _progress_text(r: RecommendationInfo, visit: int) -> str:
    found = r.progress_on(visit)
    return found.statement if found and found.statement else "–"


def _sufficient_text(r: RecommendationInfo, visit: int) -> str:
    found = r.progress_on(visit)
    if found is None or found.sufficient is None:
        return "–"
    return "Sufficient" if found.sufficient else "Not yet sufficient"


class Recommendations(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.visit = 0
        self.intro = subtitle()
        self.rows: RowsModel[RecommendationInfo] = RowsModel([
            Column("From", lambda r: r.source), Column("Kind", lambda r: r.kind.label),
            Column("Recommendation", lambda r: r.text, tooltip=lambda r: r.text),
            Column("Progress on this visit", lambda r: _progress_text(r, self.visit)),
            Column("Sufficient?", lambda r: _sufficient_text(r, self.visit)),
            Column("Status", lambda r: "Open" if r.is_open else f"Closed: {r.closed_reason}")])
        self.view = table_view("Recommendations followed up", self.rows, stretch_column=2)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.evidence = QPlainTextEdit()
        self.evidence.setAccessibleName("Evidence gathered on this visit")
        self.evidence.setPlaceholderText("What inspectors looked at on this visit (internal)")
        self.statement = QPlainTextEdit()
        self.statement.setAccessibleName("Progress statement")
        self.statement.setPlaceholderText("The progress statement the letter or report will carry")
        self.sufficient = QComboBox()
        self.sufficient.setAccessibleName("Whether progress is sufficient")
        for label, value in SUFFICIENCY:
            self.sufficient.addItem(label, value)
        save = self.save_button = QPushButton("&Save progress")
        save.clicked.connect(self.save)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for closing")
        self.reason.setPlaceholderText("Why it is closed, e.g. met: sustained improvement seen on two visits")
        self.loaded = LoadedText(self.evidence, self.statement)  # saved by "Save progress" only
        self._loaded_for: tuple[int, int | None] | None = None  # (visit, recommendation) in the boxes
        close = self.close_button = QPushButton("C&lose with this reason")
        close.clicked.connect(self.close_selected)
        reopen = self.reopen_button = QPushButton("&Reopen")
        reopen.clicked.connect(self.reopen_selected)
        self.status = QLabel()
        form = QFormLayout()
        form.addRow("E&vidence gathered:", self.evidence)
        form.addRow("&Progress statement:", self.statement)
        form.addRow("Suff&icient?", self.sufficient)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addSpacing(24)
        buttons.addWidget(self.reason, 1)
        buttons.addWidget(close)
        buttons.addWidget(reopen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.view, 2)
        layout.addLayout(form, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        assert self.ctx.inspection_id is not None
        self.visit = self.ctx.inspection_id
        info = inspections.get_inspection(self.ctx.ws, self.visit)
        monitoring = info.kind is InspectionKind.MONITORING_VISIT
        editable = not self.ctx.identity.read_only
        self.sufficient.setEnabled(monitoring and editable)
        for widget in (self.evidence, self.statement, self.save_button):
            widget.setEnabled(editable)
        for lead_only in (self.reason, self.close_button, self.reopen_button):
            lead_only.setEnabled(editable and self.ctx.identity.is_lead)
        items = recommendations.follow_up(self.ctx.ws, self.visit)
        self.intro.setText(
            f"{plural(len(items), 'recommendation')} of {info.authority}'s earlier published inspections to follow up. "
            + ("A monitoring visit says whether progress is sufficient; never a grade."
               if monitoring else "Progress statements feed the report's “progress since the last inspection”."))
        selected = self._selected()
        self.rows.set_rows(items)
        fit_columns(self.view, skip=(2, 3))
        for n, r in enumerate(items):
            if selected is not None and r.id == selected.id:
                self.view.selectRow(n)
        if items and self._selected() is None:
            self.view.selectRow(0)
        self._load()

    def _selected(self) -> RecommendationInfo | None:
        index = self.view.currentIndex()
        return self.rows.row(index.row()) if index.isValid() else None

    def _row_changed(self, _current: QModelIndex, previous: QModelIndex) -> None:
        """Another recommendation chosen: progress typed on the one before is asked about first (Save puts it
        on that one, not the one chosen; Keep editing goes back to it)."""
        if previous.isValid() and self.loaded.typed() and self._loaded_for is not None \
                and self._loaded_for[1] == self.rows.row(previous.row()).id:
            answer = ask_unsaved(self, "The progress you typed on a recommendation")
            if answer == "keep" or (answer == "save" and not self._save_for(self.rows.row(previous.row()))):
                row = previous.row()
                QTimer.singleShot(0, self, lambda: self._back_to(row))  # once Qt has moved the selection to
                return  # the row chosen, which it does after this signal
        self._load()

    def _back_to(self, row: int) -> None:
        with QSignalBlocker(self.view.selectionModel()):
            self.view.setCurrentIndex(self.rows.index(row, 0))
            self.view.selectRow(row)
        self.view.viewport().update()
        self.statement.setFocus()

    def _load(self) -> None:
        rec = self._selected()
        loading = (self.visit, rec.id if rec is not None else None)
        if rec is not None and loading == self._loaded_for and self.loaded.typed():
            return  # a refresh (a save elsewhere) keeps what is being typed on this recommendation
        self._loaded_for = loading
        found = rec.progress_on(self.visit) if rec else None
        self.evidence.setPlainText(found.evidence if found else "")
        self.statement.setPlainText(found.statement if found else "")
        self.sufficient.setCurrentIndex(next(i for i, (_l, v) in enumerate(SUFFICIENCY)
                                             if v == (found.sufficient if found else None)))
        self.reason.setText(rec.closed_reason or "" if rec else "")
        self.loaded.take()

    def save(self) -> bool:
        return self._save_for(self._selected())

    def _save_for(self, rec: RecommendationInfo | None) -> bool:
        if rec is None:
            return False
        sufficient = self.sufficient.currentData() if self.sufficient.isEnabled() else None
        done = self.ctx.attempt(self, lambda: recommendations.record_progress(
            self.ctx.ws, rec.id, self.visit, evidence=self.evidence.toPlainText(),
            statement=self.statement.toPlainText(), sufficient=sufficient))
        if done is not None:
            self.loaded.take()
            say(self.status, "Progress saved.")
            self.ctx.changed()
        return done is not None

    def close_selected(self) -> None:
        rec = self._selected()
        if rec is None:
            return
        reason = self.reason.text()
        if self.ctx.attempt(self, lambda: recommendations.close(self.ctx.ws, rec.id, reason,
                                                                 inspection_id=self.visit)) is not None:
            say(self.status, "Recommendation closed.")
            self.ctx.changed()

    def reopen_selected(self) -> None:
        rec = self._selected()
        if rec is None:
            return
        if self.ctx.attempt(self, lambda: recommendations.reopen(self.ctx.ws, rec.id)) is not None:
            say(self.status, "Recommendation reopened.")
            self.ctx.changed()


def _escalation_status(n: EscalationInfo) -> str:
    if n.response_on is not None:
        return f"Answered {long_date(n.response_on)}"
    return "OVERDUE" if n.overdue(date.today()) else "Awaiting response"


class Escalations(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: RowsModel[EscalationInfo] = RowsModel([
            Column("Case", lambda n: n.case_reference),
            Column("Raised", lambda n: n.raised, tooltip=lambda n: n.raised),
            Column("With", lambda n: n.notified_to),
            Column("When", lambda n: f"{n.notified_at.astimezone():%d %b %Y %H:%M}"),
            Column("Response due", lambda n: long_date(n.response_due)), Column("Status", _escalation_status)])
        self.view = table_view("Escalations", self.rows, stretch_column=1)
        self.case = QComboBox()
        self.case.setAccessibleName("Case escalated")
        self.raised = QLineEdit()
        self.raised.setAccessibleName("What was raised")
        self.to = QLineEdit()
        self.to.setAccessibleName("Who at the council was told")
        self.at = QDateTimeEdit()
        self.at.setCalendarPopup(True)
        self.at.setDisplayFormat("d MMM yyyy HH:mm")
        self.at.setAccessibleName("When the council was told")
        self.days = QSpinBox()
        self.days.setRange(0, 60)
        self.days.setValue(escalations.DEFAULT_RESPONSE_WORKING_DAYS)
        self.days.setSuffix(" working day(s)")
        self.days.setAccessibleName("Response due within")
        add = self.add_button = QPushButton("&Record notice")
        add.clicked.connect(self.record)
        form = QFormLayout()
        form.addRow("&Case:", self.case)
        form.addRow("&What was raised:", self.raised)
        form.addRow("Told &to:", self.to)
        form.addRow("Date and t&ime:", self.at)
        form.addRow("Response &due within:", self.days)
        form.addRow("", add)
        self.response = QLineEdit()
        self.response.setAccessibleName("The council's response")
        self.response.setPlaceholderText("The council's response to the selected escalation")
        self.response_on = QDateEdit()
        self.response_on.setCalendarPopup(True)
        self.response_on.setDisplayFormat("d MMM yyyy")
        self.response_on.setAccessibleName("Date of the council's response")
        answer = self.answer_button = QPushButton("Record res&ponse to the selected escalation")
        answer.clicked.connect(self.record_response)
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.response, 1)
        answer_row.addWidget(self.response_on)
        answer_row.addWidget(answer)
        note = subtitle("Escalations are internal: no published letter or report contains them.")
        self.status = QLabel()
        box = QGroupBox("New notice to the council")
        box.setLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)
        layout.addLayout(answer_row)
        layout.addWidget(box)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        assert self.ctx.inspection_id is not None
        self.rows.set_rows(escalations.notices(self.ctx.ws, self.ctx.inspection_id))
        fit_columns(self.view, skip=(1,))
        current = self.case.currentData()
        self.case.clear()
        for c in cases.list_cases(self.ctx.ws, self.ctx.inspection_id):
            self.case.addItem(c.reference, c.id)
        if current is not None:
            self.case.setCurrentIndex(max(0, self.case.findData(current)))
        self.at.setDateTime(QDateTime.currentDateTime())
        self.response_on.setDate(QDate.currentDate())
        editable = not self.ctx.identity.read_only
        for widget in (self.case, self.raised, self.to, self.at, self.days, self.add_button, self.response,
                       self.response_on, self.answer_button):
            widget.setEnabled(editable)

    def start(self, case_id: int) -> None:
        """A new notice about ``case_id``: the case chosen, the focus on what was raised."""
        self.case.setCurrentIndex(max(0, self.case.findData(case_id)))
        self.raised.setFocus(Qt.FocusReason.OtherFocusReason)

    def record(self) -> bool:
        case_id = self.case.currentData()
        if case_id is None:
            say(self.status, "Add the case first: an escalation belongs to a case.")
            return False
        local: datetime = self.at.dateTime().toPython()  # type: ignore[assignment]
        at = local.astimezone(UTC)
        done = self.ctx.attempt(self, lambda: escalations.record_notice(
            self.ctx.ws, case_id, raised=self.raised.text(), notified_to=self.to.text(), notified_at=at,
            response_working_days=self.days.value()))
        if done is not None:
            say(self.status, f"Notice recorded; the council's response is due by {long_date(done.response_due)}.")
            self.raised.clear()
            self.ctx.changed()
        return done is not None

    def record_response(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            say(self.status, "Choose the escalation the council answered.")
            return
        notice = self.rows.row(index.row())
        on = _pydate(self.response_on.date())
        if self.ctx.attempt(self, lambda: escalations.record_response(
                self.ctx.ws, notice.id, response_on=on, response=self.response.text())) is not None:
            say(self.status, "Response recorded.")
            self.response.clear()
            self.ctx.changed()


class PlanPage(Page):
    title = "Plan"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.heading = page_title("Plan: before and after the visit")
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Plan")
        self.tabs.setUsesScrollButtons(True)  # at 150% text the four tabs are wider than the page: scroll them
        self.whats_next = WhatsNext(ctx)
        self.recommendations = Recommendations(ctx)
        self.escalations = Escalations(ctx)
        self.annex = AnnexPanel(ctx)
        self.tabs.addTab(self.whats_next, "What's ne&xt")
        self.tabs.addTab(self.recommendations, "Recommendations followed &up")
        self.tabs.addTab(self.escalations, "Escalati&ons")
        self.tabs.addTab(self.annex, "An&nex A and sample")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        widget = self.tabs.currentWidget()
        for tab in (self.whats_next, self.recommendations, self.escalations, self.annex):
            if tab is widget:
                tab.refresh()

    def main_control(self) -> QWidget | None:
        return self.tabs

    def flush(self) -> None:
        return None

    def _typed(self) -> list[tuple[str, Callable[[], bool]]]:
        """What was typed here that only a button saves: progress on a recommendation, a new notice."""
        typed: list[tuple[str, Callable[[], bool]]] = []
        if self.ctx.inspection_id is None:
            return typed
        if self.recommendations.loaded.typed() and self.recommendations._selected() is not None:
            typed.append(("the progress on a recommendation", self.recommendations.save))
        if self.escalations.raised.text().strip():
            typed.append(("the escalation notice", self.escalations.record))
        return typed

    def start_escalation(self, case_id: int) -> None:
        self.tabs.setCurrentWidget(self.escalations)
        self.ensure_fresh()  # the case list filled in before the case is chosen
        self.escalations.start(case_id)

    def unsaved_typing(self) -> str | None:
        typed = self._typed()
        return (" and ".join(what for what, _save in typed) + " you typed").capitalize() if typed else None

    def save_typing(self) -> bool:
        return all([save() for _what, save in self._typed()])  # each tried, even after one is refused

    def discard_typing(self) -> None:
        self.recommendations.loaded.restore()
        self.escalations.raised.clear()


__all__ = ["PlanPage"]
