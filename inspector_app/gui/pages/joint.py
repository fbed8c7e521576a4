"""Joint targeted area inspections: each team member's inspectorate, and the evidence by inspectorate."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QListWidget, QVBoxLayout, QWidget

from inspector_app.domain.enums import InspectionKind
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.domain.refs import evidence_ref
from inspector_app.gui.context import AppContext
from inspector_app.gui.pages.base import Page
from inspector_app.gui.widgets import current, fill_enum, keep_for_choosing, page_title, select_data, subtitle
from inspector_app.services import evidence, inspections, joint
from inspector_app.services.evidence import EvidenceFilter


class JointPage(Page):
    title = "Joint inspection"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._loading = False
        self.summary = subtitle()
        self.team_form = QFormLayout()
        team_box = QGroupBox("Inspectorate of each team member (the lead sets them)")
        team_box.setLayout(self.team_form)
        self.combos: dict[str, QComboBox] = {}
        self.filter = QComboBox()
        self.filter.setAccessibleName("Show evidence gathered by")
        fill_enum(self.filter, Inspectorate, "Every inspectorate")
        self.filter.currentIndexChanged.connect(lambda _i: self._list_evidence())
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.evidence = QListWidget()
        self.evidence.setAccessibleName("Evidence gathered by the chosen inspectorate")
        self.evidence.setWordWrap(True)
        evidence_box = QGroupBox("Evidence by inspectorate")
        evidence_layout = QVBoxLayout(evidence_box)
        filter_form = QFormLayout()
        filter_form.addRow("&Show evidence gathered by", self.filter)
        evidence_layout.addLayout(filter_form)
        evidence_layout.addWidget(self.counts)
        evidence_layout.addWidget(self.evidence, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Joint inspection"))
        layout.addWidget(self.summary)
        layout.addWidget(team_box)
        layout.addWidget(evidence_box, 1)

    def refresh(self) -> None:
        inspection_id = self.ctx.inspection_id
        framework = self.ctx.framework
        if inspection_id is None or framework is None:
            return
        info = inspections.get_inspection(self.ctx.ws, inspection_id)
        is_joint = info.kind is InspectionKind.JOINT_TARGETED
        theme = framework.theme.title if framework.theme else ""
        self.summary.setText(f"Theme: {theme}." if is_joint and theme else
                             "Inspectorates are recorded for joint targeted area inspections only." if not is_joint
                             else "")
        self._loading = True
        while self.team_form.rowCount():
            self.team_form.removeRow(0)
        self.combos.clear()
        if is_joint:
            for name, inspectorate in joint.team_inspectorates(self.ctx.ws, inspection_id).items():
                combo = keep_for_choosing(QComboBox())  # saved at once: scrolling must not change it
                combo.setAccessibleName(f"Inspectorate of {name}")
                fill_enum(combo, Inspectorate, "Not recorded")
                select_data(combo, inspectorate)
                combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
                self.team_form.addRow(name, combo)
                self.combos[name] = combo
            counts = joint.evidence_by_inspectorate(self.ctx.ws, inspection_id)
            self.counts.setText(" · ".join(f"{i.short}: {n}" for i, n in counts.items()))
        self._loading = False
        self._list_evidence()

    def _changed(self, name: str) -> None:
        inspection_id = self.ctx.inspection_id
        if self._loading or inspection_id is None:
            return
        chosen = current(self.combos[name])
        if self.ctx.attempt(self, lambda: joint.set_member_inspectorate(self.ctx.ws, inspection_id, name,
                                                                        chosen)) is None:
            self.refresh()
            return
        self.ctx.changed()

    def _list_evidence(self) -> None:
        inspection_id = self.ctx.inspection_id
        if inspection_id is None:
            return
        self.evidence.clear()
        chosen = current(self.filter)
        for item in evidence.find_evidence(self.ctx.ws, inspection_id, EvidenceFilter(inspectorate=chosen),
                                           limit=500):
            who = item.inspectorate.short if item.inspectorate else "no inspectorate"
            self.evidence.addItem(f"{evidence_ref(item.ref)} [{who}] {item.text}")
