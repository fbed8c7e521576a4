"""Creating or changing an inspection: authority, kind and framework, dates, team, prior grades."""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDialog, QWidget

from inspector_app.domain.enums import Grade, InspectionKind, InspectionStatus, TeamRole
from inspector_app.domain.framework import OVERALL_KEY
from inspector_app.gui.a11y import scroll_body
from inspector_app.gui.context import AppContext
from inspector_app.gui.forms.ui_inspection_dialog import Ui_InspectionDialog
from inspector_app.gui.unsaved import AsksBeforeDiscarding
from inspector_app.gui.widgets import current, fill_enum, select_data
from inspector_app.services import inspections
from inspector_app.services.dto import InspectionInfo

_MEMBER = re.compile(r"^\s*(?P<name>[^()]+?)\s*(?:\((?P<initials>[^)]*)\))?\s*$")


def parse_member(text: str, role: TeamRole) -> tuple[str, str, TeamRole] | None:
    match = _MEMBER.match(text)
    if not match or not match.group("name").strip():
        return None
    name = match.group("name").strip()
    initials = (match.group("initials") or "".join(p[0] for p in name.split())).strip().upper()
    return name, initials, role


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class InspectionDialog(AsksBeforeDiscarding, QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, existing: InspectionInfo | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.existing = existing
        self.created: InspectionInfo | None = None
        self.ui = Ui_InspectionDialog()
        self.ui.setupUi(self)
        scroll_body(self, "Inspection details")
        self.ui.errorLabel.setObjectName("error")
        self._previous: dict[str, QComboBox] = {}
        fill_enum(self.ui.kindCombo, InspectionKind)
        fill_enum(self.ui.statusCombo, InspectionStatus)
        today = date.today()
        monday = today + timedelta(days=(7 - today.weekday()) % 7)
        self._setting_end = False
        self.ui.startDate.setDate(to_qdate(monday))
        self.ui.startDate.dateChanged.connect(lambda _d: self._default_end())
        self._end_touched = False
        self.ui.endDate.dateChanged.connect(self._end_edited)
        # Whoever sets up an inspection leads it, until they name someone else; the roster then says who.
        self.ui.leadEdit.setText(f"{ctx.identity.name} ({ctx.identity.initials})")
        self.ui.kindCombo.currentIndexChanged.connect(self._kind_changed)
        self.ui.frameworkCombo.currentIndexChanged.connect(self._framework_changed)
        self.ui.buttonBox.accepted.connect(self._save)
        self.ui.buttonBox.rejected.connect(self.reject)
        select_data(self.ui.kindCombo, InspectionKind.ILACS_STANDARD)
        self._kind_changed()
        if existing is not None:
            self._load(existing)
        ui = self.ui
        self.watch_typing("The new inspection you typed" if existing is None else "Your change to the "
                          "inspection details", self._save, ui.authorityEdit, ui.dcsEdit, ui.leadEdit, ui.teamEdit)

    def _load(self, info: InspectionInfo) -> None:
        self.setWindowTitle(f"Inspection of {info.authority}")
        self.ui.authorityEdit.setText(info.authority)
        select_data(self.ui.kindCombo, info.kind)
        self._kind_changed()
        select_data(self.ui.frameworkCombo, info.framework_uid)
        for combo in (self.ui.kindCombo, self.ui.frameworkCombo):
            combo.setEnabled(False)  # evidence is mapped to this framework's areas
        self.ui.startDate.setDate(to_qdate(info.start_date))
        self.ui.endDate.setDate(to_qdate(info.end_date))
        select_data(self.ui.statusCombo, info.status)
        select_data(self.ui.focusCombo, info.focus_area)
        self.ui.dcsEdit.setText(info.dcs_name or "")
        lead = info.lead
        self.ui.leadEdit.setText(f"{lead.name} ({lead.initials})" if lead else "")
        self.ui.teamEdit.setPlainText("\n".join(f"{m.name} ({m.initials})" for m in info.team
                                                if m.role is TeamRole.TEAM))
        for key, combo in self._previous.items():
            select_data(combo, info.previous.get(key))

    def _end_edited(self) -> None:
        if not self._setting_end:
            self._end_touched = True

    def _default_end(self) -> None:
        """A new inspection ends when its kind usually does (two days for a visit), until the person says."""
        if self.existing is not None or self._end_touched:
            return
        kind: InspectionKind = current(self.ui.kindCombo)
        start = from_qdate(self.ui.startDate.date())
        self._setting_end = True
        self.ui.endDate.setDate(to_qdate(start + timedelta(days=kind.days_on_site - 1)))
        self._setting_end = False

    def _kind_changed(self) -> None:
        self._default_end()
        kind: InspectionKind = current(self.ui.kindCombo)
        start = from_qdate(self.ui.startDate.date())
        self.ui.frameworkCombo.clear()
        for framework in self.ctx.ws.registry.for_kind(kind, on=start):
            self.ui.frameworkCombo.addItem(framework.short_name, framework.uid)
        self._framework_changed()

    def _framework_changed(self) -> None:
        uid = current(self.ui.frameworkCombo)
        layout = self.ui.previousLayout
        while layout.rowCount():
            layout.removeRow(0)
        self._previous.clear()
        if uid is None:
            return
        framework = self.ctx.ws.registry.by_uid(uid)
        visit = not framework.graded
        self.ui.focusCombo.clear()
        self.ui.focusCombo.addItem("(not set)", None)
        for area in framework.areas:
            self.ui.focusCombo.addItem(area.short_name, area.key)
        self.ui.focusCombo.setEnabled(visit)
        self.ui.previousGroup.setVisible(not visit)
        if visit:
            return
        entries = [(a.key, a.short_name) for a in framework.areas]
        if framework.has_overall:
            entries.append((OVERALL_KEY, framework.overall_label))
        for key, name in entries:
            combo = QComboBox()
            combo.setAccessibleName(f"Previous grade: {name}")
            fill_enum(combo, Grade, "Not known")
            layout.addRow(name, combo)
            self._previous[key] = combo

    def _team(self) -> list[tuple[str, str, TeamRole]]:
        team = []
        lead = parse_member(self.ui.leadEdit.text(), TeamRole.LEAD)
        if lead:
            team.append(lead)
        for line in self.ui.teamEdit.toPlainText().splitlines():
            member = parse_member(line, TeamRole.TEAM)
            if member:
                team.append(member)
        return team

    def _save(self) -> None:
        previous = {k: current(c) for k, c in self._previous.items() if current(c) is not None}
        values = dict(
            authority=self.ui.authorityEdit.text(),
            start_date=from_qdate(self.ui.startDate.date()),
            end_date=from_qdate(self.ui.endDate.date()),
            status=current(self.ui.statusCombo),
            team=self._team(),
            previous=previous,
            focus_area=current(self.ui.focusCombo),
            dcs_name=self.ui.dcsEdit.text().strip() or None,
        )

        def save() -> InspectionInfo:
            if self.existing is None:
                return inspections.create_inspection(
                    self.ctx.ws, framework_uid=current(self.ui.frameworkCombo),
                    kind=current(self.ui.kindCombo), **values)
            return inspections.update_inspection(self.ctx.ws, self.existing.id, **values)

        self.created = self.ctx.attempt(self, save, "Edit inspection details" if self.existing else "New inspection",
                                        show_error=self.ui.errorLabel.setText)
        if self.created is not None:
            self.ctx.changed()
            self.accept()
