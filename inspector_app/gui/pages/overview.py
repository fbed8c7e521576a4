"""The inspection at a glance: days on site, who has found what, where the evidence lies."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.next_activity import PlanItem, long_date
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.inspection import InspectionDialog
from inspector_app.gui.glance_page import CARDS
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.widgets import NumberCard, fit_columns, page_title, subtitle, table_view
from inspector_app.services import inspections, outlook, overview
from inspector_app.services.dto import InspectionInfo
from inspector_app.services.judgements import HIDDEN_GRADES
from inspector_app.services.overview import AreaCounts, InspectorCounts, Overview

NARROW_WIDTH = 900  # logical pixels, below which the boxes of figures stand one a row


def _group(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box


class OverviewPage(Page):
    title = "Overview"
    populated = Signal()  # the numbers arrived and are on screen
    _arrived = Signal(object)  # from the counting thread: (inspection id, InspectionInfo, Overview)
    _failed_signal = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._threads: list[threading.Thread] = []
        self.filled_for: int | None = None  # the inspection whose numbers are on the page
        self._arrived.connect(self._fill)
        self._failed_signal.connect(self._failed)
        self.heading = page_title("Overview")
        self.meta = subtitle()
        edit = QPushButton("Edit inspection &details…")
        self.edit_button = edit
        edit.clicked.connect(self._edit)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch()
        top.addWidget(edit)
        self.cards = {key: NumberCard(label) for key, label in CARDS}
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)

        self.inspectors: RowsModel[InspectorCounts] = RowsModel([
            Column("Inspector", lambda r: r.name), Column("Evidence", lambda r: r.evidence, True),
            Column("Notes", lambda r: r.notes, True), Column("Audits", lambda r: r.audits, True)])
        self.areas: RowsModel[AreaCounts] = RowsModel([
            Column("Judgement area", lambda r: r.name), Column("Strengths", lambda r: r.strengths, True),
            Column("For development", lambda r: r.developments, True),
            Column("Total", lambda r: r.strengths + r.developments, True)])
        self.statuses: RowsModel[tuple] = RowsModel([
            Column("Legal status", lambda r: r[0]), Column("Cases", lambda r: r[1], True)])
        self.judgements: RowsModel[tuple] = RowsModel([
            Column("Judgement", lambda r: r[0]), Column("Proposed grade", lambda r: r[1])])
        views = []
        self.tables: list[QTableView] = []
        for name, model in (("Evidence by inspector", self.inspectors), ("Evidence per judgement area", self.areas),
                            ("Cases by legal status", self.statuses), ("Judgements so far", self.judgements)):
            grades = model is self.judgements  # the grade has the room: "Requires impro…" said nothing
            view = table_view(name, model, stretch_column=1 if grades else 0, whole=() if grades else (1,))
            self.tables.append(view)
            views.append(_group(name, view))
        self.overall = subtitle()
        self.upcoming: RowsModel[PlanItem] = RowsModel([
            Column("When", lambda i: i.when), Column("What comes next", lambda i: i.title, tooltip=lambda i: i.basis)])
        self.upcoming_view = upcoming_view = table_view("What comes next", self.upcoming, stretch_column=1)
        upcoming_view.setMaximumHeight(130)
        self.nothing_next = subtitle("Nothing is coming up: no report deadline, publication or escalation response "
                                     "is due. The Plan view lists every date of the inspection.")
        self.nothing_next.setObjectName("emptyState")
        self.nothing_next.setWordWrap(True)
        self.nothing_next.setAccessibleName("What comes next")
        self.next_stack = QStackedWidget()  # the table, or a sentence saying there is nothing, never an empty grid
        self.next_stack.addWidget(upcoming_view)
        self.next_stack.addWidget(self.nothing_next)
        self.next_stack.setMaximumHeight(130)
        self.followup = subtitle()
        self.followup.setObjectName("followUp")
        self.followup.setWordWrap(True)
        outlook_box = QGroupBox("Deadlines, recommendations and escalations (details in Plan)")
        outlook_layout = QHBoxLayout(outlook_box)
        outlook_layout.addWidget(self.next_stack, 2)
        outlook_layout.addWidget(self.followup, 1)
        self.grid = grid = QGridLayout()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(views[3])
        right_layout.addWidget(self.overall)
        self.boxes = [views[0], views[1], views[2], right]
        self._place_boxes(narrow=False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.meta)
        layout.addLayout(cards)
        layout.addWidget(outlook_box)
        layout.addLayout(grid, 1)

    def _place_boxes(self, narrow: bool) -> None:
        """Two boxes a row on a wide window; one a row on a narrow one (150% zoom on a laptop), where
        four columns of figures did not fit half the width."""
        for box in self.boxes:
            self.grid.removeWidget(box)
        for index, box in enumerate(self.boxes):
            self.grid.addWidget(box, *((index, 0) if narrow else divmod(index, 2)))
        self._narrow = narrow

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        narrow = self.width() < NARROW_WIDTH
        if narrow != self._narrow:
            self._place_boxes(narrow)

    def main_control(self) -> QWidget | None:
        """The first control at the top (Ctrl+2 leaves the page at its heading, not scrolled to a table)."""
        return None

    def show_role(self) -> None:
        """Only the lead edits the inspection's details; anyone else is told why the button is off."""
        lead = self.ctx.identity.is_lead and not self.ctx.identity.read_only
        self.edit_button.setEnabled(lead)
        self.edit_button.setToolTip("Dates, status, team and previous grades" if lead else
                                    f"Only the lead inspector edits the inspection's details; you are on it as "
                                    f"{self.ctx.identity.role.label.lower()}.")

    def refresh(self) -> None:
        """Ask for the numbers in a background thread; they fill in when they arrive, and the window
        answers the keyboard and mouse meanwhile (at 100,000 items the counts take a noticeable moment).

        A plain Python thread, not a QThread: a page closed before its numbers arrive must not take
        the thread down with it; the result comes back through a signal queued to the GUI thread."""
        assert self.ctx.inspection_id is not None
        self.show_role()
        ws, inspection_id = self.ctx.ws, self.ctx.inspection_id
        if not self.meta.text():
            self.meta.setText("Counting…")

        def work() -> None:
            try:
                result = (inspection_id, inspections.get_inspection(ws, inspection_id),
                          overview.overview(ws, inspection_id), outlook.outlook(ws, inspection_id))
            except Exception as exc:  # shown in plain words on the page
                self._emit(self._failed_signal, exc)
            else:
                self._emit(self._arrived, result)

        thread = threading.Thread(target=work, name="overview", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def prefill(self, result: tuple[int, InspectionInfo, Overview, outlook.Outlook]) -> None:
        """Show numbers already read (with the database, while the window was being built) instead of
        reading them again; the page reads afresh as usual on the next change."""
        self._stale = False
        self.show_role()
        self._fill(result)

    @staticmethod
    def _emit(signal: Any, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the page was closed meanwhile: nobody waits for the numbers
            signal.emit(value)

    def busy(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def wait_for_work(self) -> None:
        for thread in self._threads:
            thread.join(30)
        QApplication.sendPostedEvents(self)  # deliver what arrived, while the page still exists
        self._threads = []

    def _failed(self, error: Exception) -> None:
        self.meta.setText(f"The overview could not be read ({type(error).__name__}). Use File ▸ Check database.")

    def _fill(self, result: tuple[int, InspectionInfo, Overview, outlook.Outlook]) -> None:
        inspection_id, info, stats, coming = result
        if inspection_id != self.ctx.inspection_id:  # another inspection was opened meanwhile
            return
        framework = stats.judgements.framework
        self.heading.setText(f"{info.authority}: overview")
        lead = info.lead.name if info.lead else "no lead named"
        day = f" — today is working day {stats.day_of_visit}" if stats.day_of_visit else ""
        dates = f"{info.start_date.day} {info.start_date:%b %Y} to {info.end_date.day} {info.end_date:%b %Y}"
        self.meta.setText(f"{framework.short_name}, {info.kind.label}, {dates}{day}. "
                          f"Lead inspector: {lead}. Status: {info.status.label.lower()}.")
        for key, value in (("days", stats.days_on_site), ("cases", stats.cases), ("audits", stats.audits),
                           ("evidence", stats.evidence), ("notes", stats.notes)):
            self.cards[key].set_value(value)
        self.inspectors.set_rows(stats.by_inspector)
        self.areas.set_rows(stats.by_area)
        self.statuses.set_rows(stats.by_legal_status)
        state = stats.judgements
        if framework.graded and state.hidden:
            self.judgements.set_rows([(a.short_name, "Hidden until moderation") for a in framework.areas])
            self.overall.setText(HIDDEN_GRADES)
        elif framework.graded:
            rows = [(a.short_name, grade.short_label if (grade := state.grade(a.key)) else "Not yet judged")
                    for a in framework.areas]
            self.judgements.set_rows(rows)
            self.overall.setText(state.overall.summary())
        else:
            self.judgements.set_rows([(a.short_name, "Not graded") for a in framework.areas])
            self.overall.setText(f"A {info.kind.label.lower()} is not graded: it ends in a letter.")
        for view in self.tables:  # each column its content's width, within the table's
            fit_columns(view)
        self._show_outlook(coming)
        self.filled_for = inspection_id
        self.populated.emit()

    def _show_outlook(self, view: outlook.Outlook) -> None:
        self.upcoming.set_rows(view.upcoming[:4])
        fit_columns(self.upcoming_view, skip=(1,))
        self.next_stack.setCurrentWidget(self.upcoming_view if view.upcoming else self.nothing_next)
        lines = [f"Open recommendations to follow up: {view.open_recommendations}.",
                 f"Escalations awaiting the council's response: {view.open_escalations}."]
        if view.overdue_escalations:
            lines.append("OVERDUE: " + "; ".join(
                f"{n.case_reference} (due {long_date(n.response_due)})" for n in view.overdue_escalations) + ".")
        self.followup.setText("\n".join(lines))

    def _edit(self) -> None:
        assert self.ctx.inspection_id is not None
        info = inspections.get_inspection(self.ctx.ws, self.ctx.inspection_id)
        InspectionDialog(self.ctx, self, existing=info).exec()

