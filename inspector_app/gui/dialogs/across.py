"""Across inspections, from the Team view: the authority's previous inspection (its grades carried
into this one, its recommendations listed) and evidence searched across every inspection you may see.

Both read the regional store saved for this data folder, or this database when none is set; the
work runs off the window's thread, and children appear by pseudonym only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector_app.bundles import store_link
from inspector_app.bundles.export import BundleError
from inspector_app.domain.wording import plural
from inspector_app.gui.a11y import say
from inspector_app.gui.context import AppContext
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.widgets import table_view
from inspector_app.gui.workers import Task
from inspector_app.services import across, inspections
from inspector_app.services.workspace import ValidationError, Workspace


class AcrossDialog(QDialog):
    def __init__(self, ctx: AppContext, inspection_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.task: Task | None = None  # the request whose answer is awaited
        self._ending: list[Task] = []  # every task started, kept until its thread has ended
        self.carried: across.Carried | None = None
        self.address = store_link.saved_address()
        self.setWindowTitle("Across inspections")
        self.resize(900, 600)
        where = QLabel(f"Looking in the regional store at {store_link.shown(self.address)}." if self.address else
                       "No regional store is set (sync once to set it): looking in this database.")
        where.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Status")
        tabs = QTabWidget()
        tabs.addTab(self._previous_tab(), "&Previous inspection")
        tabs.addTab(self._search_tab(), "&Search all inspections")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)

    # --- the previous inspection ---------------------------------------------------------------
    def _previous_tab(self) -> QWidget:
        page = QWidget()
        self.find_button = QPushButton("&Find the previous inspection")
        self.find_button.clicked.connect(self.find_previous)
        self.carry_button = QPushButton("&Carry its grades and recommendations into this inspection")
        self.carry_button.setEnabled(False)
        self.carry_button.clicked.connect(self.carry)
        self.previous = QTextBrowser()
        self.previous.setAccessibleName("The previous inspection's grades and recommendations")
        self.previous.setPlaceholderText("Find the previous inspection of this authority: its grades and "
                                         "recommendations are shown here before anything is carried over.")
        buttons = QHBoxLayout()
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.carry_button)
        buttons.addStretch()
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.previous, 1)
        return page

    def find_previous(self) -> None:
        info = inspections.get_inspection(self.ctx.ws, self.inspection_id)
        self._run(lambda store: across.previous_inspection(store, info.authority, info.start_date),
                  self._show_previous, "Looking for the previous inspection…")

    def _show_previous(self, carried: across.Carried | None) -> None:
        import html

        self.carried = carried
        self.carry_button.setEnabled(carried is not None)
        if carried is None:
            self.previous.setPlainText("")
            say(self.status, "No earlier graded inspection of this authority was found.")
            return
        grades = "".join(f"<li>{html.escape(k)}: {html.escape(g.label)}</li>"
                         for k, g in sorted(carried.grades.items()))
        recs = "".join(f"<li>[{html.escape(kind.label)}] {html.escape(text)}</li>"
                       for kind, _area, text in carried.recommendations)
        self.previous.setHtml(f"<h3>{html.escape(carried.authority)}: {html.escape(carried.label)}</h3>"
                              f"<p><b>Grades</b></p><ul>{grades or '<li>none recorded</li>'}</ul>"
                              f"<p><b>What it asked the council to improve</b></p><ul>{recs or '<li>none</li>'}</ul>")
        say(self.status, f"Found the {carried.label}.")

    def carry(self) -> None:
        if self.carried is None:
            return
        carried = self.carried
        done = self.ctx.attempt(self, lambda: across.carry_forward(self.ctx.ws, self.inspection_id, carried),
                                "Carry the previous inspection", show_error=lambda m: say(self.status, m))
        if done is not None:
            tracked = done.recommendations_added + done.recommendations_kept
            say(self.status, f"{plural(len(done.grades), 'grade')} from the {carried.label} "
                             f"{'is' if len(done.grades) == 1 else 'are'} now this inspection's previous "
                             f"judgements, and its {plural(tracked, 'recommendation')} "
                             f"{'is' if tracked == 1 else 'are'} tracked here ("
                             f"{done.recommendations_added} new): follow them up in the Plan view.")
            self.ctx.changed()

    # --- search ----------------------------------------------------------------------------------
    def _search_tab(self) -> QWidget:
        page = QWidget()
        self.query = QLineEdit()
        self.query.setPlaceholderText("Words to find in evidence of every inspection you may see")
        self.query.setAccessibleName("Search all inspections")
        self.query.returnPressed.connect(self.search)
        search_button = QPushButton("Searc&h")
        search_button.clicked.connect(self.search)
        self.hits: RowsModel[across.Hit] = RowsModel([
            Column("Authority", lambda h: h.authority), Column("Inspection", lambda h: h.inspection),
            Column("Area", lambda h: h.area_key), Column("Child", lambda h: h.child or ""),
            Column("Evidence", lambda h: h.text)])
        self.hits_view = table_view("Evidence found across inspections", self.hits, stretch_column=4)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(search_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.hits_view, 1)
        return page

    def search(self) -> None:
        typed = self.query.text()
        self._run(lambda store: across.search_across(store, typed), self._show_hits, "Searching…")

    def _show_hits(self, hits: list[across.Hit]) -> None:
        self.hits.set_rows(hits)
        say(self.status, f"{len(hits)} found (children by pseudonym only).")

    # --- off the window's thread -------------------------------------------------------------------
    def _run(self, work: Any, done: Any, doing: str) -> None:
        if self.task is not None:
            return
        ws, address = self.ctx.ws, self.address

        def job(_progress: Any, _cancelled: Any) -> Any:
            if address is None:
                return work(ws)
            store: Workspace = store_link.open_store(address, user=ws.user, registry=ws.registry)
            try:
                return work(store)
            finally:
                store.close()

        self._done: Any = done
        say(self.status, doing)
        self.task = Task(job)
        self._ending.append(self.task)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.task.start()

    # A request's answer comes before its thread has ended: the next request may start at once (a search
    # typed right after carrying was dropped while the previous task's thread was still winding down).
    def _succeeded(self, result: Any) -> None:
        self.task = None
        self._done(result)

    def _failed(self, error: Exception) -> None:
        self.task = None
        say(self.status, str(error) if isinstance(error, BundleError | ValidationError) else
            "That could not be done; nothing was changed.")

    def _finished(self) -> None:
        for task in [t for t in self._ending if t is not self.task]:  # answered: its thread is ending
            task.wait()
            self._ending.remove(task)
