"""The whole inspection's audit trail: who did what and when, searchable, not editable."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from inspector_app.domain.wording import plural
from inspector_app.gui.context import AppContext
from inspector_app.gui.history_panel import HistoryPanel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.timers import timer
from inspector_app.gui.widgets import current, page_title, select_data, subtitle
from inspector_app.services import audit_trail
from inspector_app.services.audit_trail import ACTION_LABELS, HistoryFilter


class HistoryPage(Page):
    title = "History"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.who = QComboBox()
        self.who.setAccessibleName("Filter by person")
        self.action = QComboBox()
        self.action.setAccessibleName("Filter by action")
        self.action.addItem("Every action", None)
        for key, label in ACTION_LABELS.items():
            self.action.addItem(label, key)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search the history")
        self.search.setPlaceholderText("Search what changed, e.g. a case reference or a phrase")
        self.search.setClearButtonEnabled(True)
        self._search_timer = timer(self, 300, self.refresh, single_shot=True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.who.currentIndexChanged.connect(lambda _i: self.refresh())
        self.action.currentIndexChanged.connect(lambda _i: self.refresh())
        self.panel = HistoryPanel("Audit trail")
        self.summary = subtitle()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 2)
        bar.addWidget(self.who, 1)
        bar.addWidget(self.action, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("History"))
        layout.addWidget(subtitle("Every item created, changed, deleted, merged or exported in this inspection, "
                                  "with who did it and when. The trail travels in bundles and cannot be edited."))
        layout.addLayout(bar)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.summary)
        self._loading = False

    def current_filter(self) -> HistoryFilter:
        return HistoryFilter(who=current(self.who), action=current(self.action), text=self.search.text())

    def _reload_people(self) -> None:
        assert self.ctx.inspection_id is not None
        chosen = current(self.who)
        self._loading = True
        self.who.clear()
        self.who.addItem("Everyone", None)
        for person in audit_trail.history_people(self.ctx.ws, self.ctx.inspection_id):
            self.who.addItem(person or "(unknown)", person)
        select_data(self.who, chosen)
        self._loading = False

    def main_control(self) -> QWidget:
        return self.panel.view

    def refresh(self) -> None:
        if self.ctx.inspection_id is None or self._loading:
            return
        if self.sender() is not self.who:
            self._reload_people()
        flt = self.current_filter()
        total = audit_trail.count_history(self.ctx.ws, self.ctx.inspection_id, flt)
        self.panel.model.load(partial(audit_trail.inspection_history, self.ctx.ws, self.ctx.inspection_id, flt),
                              total)
        matching = (" matches" if total == 1 else " match") if flt != HistoryFilter() else ""
        self.summary.setText(plural(total, "event") + matching + ".")
