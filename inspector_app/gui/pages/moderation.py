"""Independent grading and moderation: your own blind proposals, then the team's side by side.

Before the lead opens moderation this screen shows only your proposals and, for everyone, how many
areas each inspector has proposed (never the grades). Once open it lists the areas with the widest
disagreement first, each inspector's grade, rationale and evidence, the evidence nobody cited,
Krippendorff's alpha, and lets the lead settle each grade with a rationale.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import Grade
from inspector_app.domain.refs import evidence_ref
from inspector_app.domain.wording import plural
from inspector_app.gui.context import AppContext
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.unsaved import LoadedText, ask_unsaved
from inspector_app.gui.widgets import (
    current,
    fill_enum,
    fit_columns,
    keep_for_choosing,
    page_title,
    select_data,
    short_text_edit,
    styled_label,
    subtitle,
    table_view,
)
from inspector_app.services import evidence, moderation
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.services.moderation import AreaModeration, ModerationView, ProposalInfo

NARROW_WIDTH = 900  # logical pixels, below which an area's detail goes under the table of areas


class ModerationPage(Page):
    title = "Moderation"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.view_data: ModerationView | None = None
        self.status = subtitle()
        self.open_button = QPushButton("&Open moderation…")
        self.open_button.setToolTip("Reveal every inspector's proposals to the whole team (lead only; final)")
        self.open_button.clicked.connect(self._open)
        top = QHBoxLayout()
        top.addWidget(page_title("Moderation"))
        top.addStretch()
        top.addWidget(self.open_button)

        # your own proposals (blind)
        self.area = QComboBox()
        self.area.setAccessibleName("Area to propose a grade for")
        self.area.currentIndexChanged.connect(self._area_chosen)
        self.grade = keep_for_choosing(QComboBox())  # scrolling the page leaves the grade alone
        self.grade.setAccessibleName("Proposed grade")
        fill_enum(self.grade, Grade, "Not chosen")  # nothing proposed yet is not "Outstanding"
        self.rationale = short_text_edit("Rationale for the proposal", "Why this grade, in a sentence or two")
        self._typed = LoadedText(self.rationale)  # saved by "Save my proposal" only
        self._form_area: str | None = None  # the area the form holds the proposal of
        self.cited = QListWidget()
        self.cited.setAccessibleName("Evidence you rely on (tick each)")
        self.cited.setWordWrap(True)  # an item reads in full, down the list, not by scrolling sideways
        self.cited.setAlternatingRowColors(True)  # where one wrapped item ends and the next begins
        self.cited.setMaximumHeight(130)
        self.save_button = QPushButton("&Save my proposal")
        self.save_button.clicked.connect(lambda: self._save_proposal())
        form = QFormLayout()
        form.addRow("&Area", self.area)
        form.addRow("Gra&de", self.grade)  # Alt+G is the Go menu
        form.addRow("&Rationale", self.rationale)
        form.addRow("E&vidence relied on", self.cited)  # Alt+E is the Edit menu
        form.addRow("", self.save_button)
        self.mine: RowsModel[ProposalInfo] = RowsModel([
            Column("Area", lambda p: self._area_name(p.area_key)), Column("Grade", lambda p: p.grade.label),
            Column("Evidence", lambda p: ", ".join(p.evidence_refs)),
            Column("Rationale", lambda p: p.rationale)])
        mine_view = table_view("Your proposals", self.mine, stretch_column=3)
        self.propose_box = QGroupBox("Your proposals (hidden from the rest of the team until moderation opens)")
        propose_layout = QHBoxLayout(self.propose_box)
        form_widget = QWidget()
        form_widget.setLayout(form)
        propose_layout.addWidget(form_widget, 2)
        propose_layout.addWidget(mine_view, 3)

        # the moderation view (once open)
        self.alpha = styled_label("", "ok")
        self.areas: RowsModel[AreaModeration] = RowsModel([
            Column("Area", lambda a: a.name),
            Column("Proposals", _tally),
            Column("Spread", lambda a: f"{a.spread} step{'s' if a.spread != 1 else ''}" if a.comparable else a.note),
            Column("Uncited evidence", lambda a: len(a.uncited), True),
            Column("Settled", lambda a: a.decision.grade.short_label if a.decision else "–"),
            Column("Departed from", lambda a: ", ".join(a.decision.departed_from) if a.decision else "")])
        # the area is the text read here: "Childr…" twice told two areas apart from nothing
        self.area_view = table_view("Areas, widest disagreement first", self.areas, stretch_column=0)
        self.area_view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_area())
        self.detail = QLabel()
        self.detail.setObjectName("moderationDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.settle_grade = keep_for_choosing(QComboBox())
        self.settle_grade.setAccessibleName("Settled grade")
        fill_enum(self.settle_grade, Grade, "Not chosen")
        self.settle_rationale = short_text_edit("Rationale for the settled grade",
                                           "The team's reasoning, and why it departs from any proposal")
        self.settle_button = QPushButton("Se&ttle grade")
        self.settle_button.clicked.connect(self._settle)
        settle_form = QFormLayout()
        settle_form.addRow("Settled gra&de", self.settle_grade)
        settle_form.addRow("&Rationale", self.settle_rationale)  # Alt+T: Settle
        settle_form.addRow("", self.settle_button)
        self.settle_box = QGroupBox("Lead's settled grade")
        self.settle_box.setLayout(settle_form)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.detail)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(self.settle_box)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.area_view)
        split.addWidget(right)
        split.setSizes([620, 420])
        self.moderation_box = QGroupBox("Moderation")
        mod_layout = QVBoxLayout(self.moderation_box)
        mod_layout.addWidget(self.alpha)
        mod_layout.addWidget(split, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.propose_box)
        layout.addWidget(self.moderation_box, 1)

    def main_control(self) -> QWidget | None:
        """The first thing to read or do, never "Open moderation…" (first on the page, and one-way):
        the areas once moderation is open, else the area of your own proposal."""
        return self.area_view if self.moderation_box.isVisibleTo(self) else self.area

    # --- loading ---------------------------------------------------------------------------------
    def _area_name(self, key: str) -> str:
        framework = self.ctx.framework
        return framework.area(key).short_name if framework and framework.has_area(key) else key

    def resizeEvent(self, event) -> None:
        """Reflow: on a narrow window (150% zoom) the area's detail goes below the table of areas,
        whose six columns do not fit beside it."""
        super().resizeEvent(event)
        orientation = Qt.Orientation.Vertical if self.width() < NARROW_WIDTH else Qt.Orientation.Horizontal
        if self.split.orientation() != orientation:
            self.split.setOrientation(orientation)

    def refresh(self) -> None:
        inspection_id = self.ctx.inspection_id
        framework = self.ctx.framework
        if inspection_id is None or framework is None:
            return
        status = moderation.blind_status(self.ctx.ws, inspection_id)
        me = self.ctx.ws.user.strip().casefold()
        is_lead = status.lead is not None and status.lead.strip().casefold() == me
        if not framework.graded:
            self.status.setText(f"A {framework.short_name} is not graded: there is nothing to moderate.")
            self.propose_box.setVisible(False)
            self.moderation_box.setVisible(False)
            self.open_button.setVisible(False)
            return
        counts = ", ".join(f"{who} {n}" for who, n in sorted(status.proposals_by.items())) or "none yet"
        if status.open:
            self.status.setText(f"Moderation opened by {status.opened_by} on {status.opened_at:%d %B %Y at %H:%M}. "
                                f"Proposals per inspector: {counts}.")
        else:
            self.status.setText("Blind: each inspector sees only their own proposals until the lead opens "
                                f"moderation. Areas proposed so far: {counts}.")
        self.open_button.setVisible(is_lead and not status.open)
        self.propose_box.setVisible(not status.open)
        self.moderation_box.setVisible(status.open)
        self.settle_box.setVisible(is_lead)
        if not status.open:
            keep = self.area.currentData()
            self.area.blockSignals(True)
            self.area.clear()
            for area in framework.areas:
                self.area.addItem(area.short_name if not area.parent else f"   {area.short_name}", area.key)
            self.area.blockSignals(False)
            select_data(self.area, keep or framework.areas[0].key)
            self.mine.set_rows(moderation.visible_proposals(self.ctx.ws, inspection_id))
            self._area_chosen()
            return
        self.view_data = moderation.moderation_view(self.ctx.ws, inspection_id)
        alpha = self.view_data.alpha
        self.alpha.setObjectName("ok" if alpha.computable and alpha.value is not None and alpha.value >= 0.667
                                 else "warning")
        self.alpha.style().unpolish(self.alpha)  # re-apply the theme's rule for the new object name
        self.alpha.style().polish(self.alpha)
        self.alpha.setText(f"{alpha}, across {plural(len(self.view_data.inspectors), 'inspector')} and their "
                           f"areas. {plural(self.view_data.settled, 'area')} settled.")
        self.alpha.setToolTip("Measured with Krippendorff's alpha for ordinal grades: high from 0.80, moderate "
                              "from 0.67, low below that (see the README, Independent grading and moderation).")
        row = max(self.area_view.currentIndex().row(), 0)
        self.areas.set_rows(list(self.view_data.areas))
        fit_columns(self.area_view, skip=[1])
        if self.view_data.areas:
            self.area_view.selectRow(min(row, len(self.view_data.areas) - 1))
        self._show_area()

    def _area_chosen(self) -> None:
        inspection_id = self.ctx.inspection_id
        key = self.area.currentData()
        if inspection_id is None or key is None:
            return
        if key == self._form_area and self._typed.typed():
            return  # a refresh after a save elsewhere: what is being typed stays
        if self._form_area not in (None, key) and not self._keep_or_lose_typing():
            self.area.blockSignals(True)  # kept: back on the area the rationale was typed for
            select_data(self.area, self._form_area)
            self.area.blockSignals(False)
            return
        own = next((p for p in self.mine.rows() if p.area_key == key), None)
        if own is not None:
            select_data(self.grade, own.grade)
            self.rationale.setPlainText(own.rationale)
        else:
            self.grade.setCurrentIndex(0)  # "Not chosen": this area has no proposal of yours yet
            self.rationale.clear()
        self._form_area = key
        self._typed.take()
        chosen = set(own.evidence_ids) if own else set()
        self.cited.clear()
        for item in evidence.find_evidence(self.ctx.ws, inspection_id, EvidenceFilter(area_key=key)):
            entry = QListWidgetItem(f"{evidence_ref(item.ref)}  {item.text}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked if item.id in chosen else Qt.CheckState.Unchecked)
            self.cited.addItem(entry)

    def _selected_area(self) -> AreaModeration | None:
        row = self.area_view.currentIndex().row()
        return self.areas.row(row) if 0 <= row < len(self.areas.rows()) else None

    def _show_area(self) -> None:
        area = self._selected_area()
        if area is None:
            self.detail.setText("")
            return
        lines = [f"<b>{_esc(area.name)}</b>"]
        for p in area.proposals:
            cited = ", ".join(b.ref for b in area.cited.get(p.inspector, ())) or "no evidence cited"
            lines.append(f"<b>{_esc(p.inspector)}</b>: {_esc(p.grade.label)} — {_esc(p.rationale)} "
                         f"<i>({_esc(cited)})</i>")
        if area.note:
            lines.append(f"<i>{_esc(area.note)}</i>")
        if area.uncited:
            lines.append("<b>Evidence nobody cited:</b> " + "; ".join(
                f"{b.ref} {_esc(b.text[:70])}…" for b in area.uncited[:5])
                + (f" and {len(area.uncited) - 5} more" if len(area.uncited) > 5 else ""))
        if area.decision is not None:
            lines.append(f"<b>Settled:</b> {_esc(area.decision.grade.label)} by {_esc(area.decision.decided_by)} — "
                         f"{_esc(area.decision.rationale)}")
            select_data(self.settle_grade, area.decision.grade)
            self.settle_rationale.setPlainText(area.decision.rationale)
        else:
            self.settle_grade.setCurrentIndex(0)  # "Not chosen" until the lead settles it
            self.settle_rationale.clear()
        self.detail.setText("<br><br>".join(lines))

    # --- a rationale typed and not saved ----------------------------------------------------------
    def unsaved_typing(self) -> str | None:
        if self._form_area is None or not self.propose_box.isVisible() or not self._typed.typed():
            return None
        return f"Your proposal for {self._area_name(self._form_area)}"

    def save_typing(self) -> bool:
        return self._save_proposal(self._form_area)

    def discard_typing(self) -> None:
        self._typed.restore()

    def _keep_or_lose_typing(self) -> bool:
        """Before another area's proposal replaces the form: False to stay on the one typed."""
        what = self.unsaved_typing()
        if what is None:
            return True
        answer = ask_unsaved(self, what)
        return answer == "discard" or (answer == "save" and self.save_typing())

    # --- actions ---------------------------------------------------------------------------------
    def _save_proposal(self, area_key: str | None = None) -> bool:
        inspection_id = self.ctx.inspection_id
        key = area_key or self.area.currentData()
        if inspection_id is None:
            return False
        ids = [self.cited.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.cited.count())
               if self.cited.item(i).checkState() == Qt.CheckState.Checked]
        saved = self.ctx.attempt(self, lambda: moderation.propose(
            self.ctx.ws, inspection_id, key, current(self.grade), self.rationale.toPlainText(), ids))
        if saved is None:
            return False
        self._typed.take()
        self.ctx.changed()
        return True

    def _open(self) -> None:
        inspection_id = self.ctx.inspection_id
        if inspection_id is None:
            return
        answer = QMessageBox.question(self, "Open moderation", "Reveal every inspector's proposals to the whole "
                                      "team? Proposals cannot change afterwards.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.ctx.attempt(self, lambda: moderation.open_moderation(self.ctx.ws, inspection_id)) is not None:
            self.ctx.changed()

    def _settle(self) -> None:
        inspection_id = self.ctx.inspection_id
        area = self._selected_area()
        if inspection_id is None or area is None:
            return
        decided = self.ctx.attempt(self, lambda: moderation.settle(
            self.ctx.ws, inspection_id, area.key, current(self.settle_grade), self.settle_rationale.toPlainText()))
        if decided is not None:
            self.ctx.changed()


SHORT = {Grade.OUTSTANDING: "O", Grade.GOOD: "G", Grade.REQUIRES_IMPROVEMENT: "RI", Grade.INADEQUATE: "I"}


def _tally(area: AreaModeration) -> str:
    """The spread at a glance: how many inspectors proposed each grade, best first."""
    counts = [f"{area.count(g)} {SHORT[g]}" for g in Grade if area.count(g)]
    return " · ".join(counts) or "none"


def _esc(text: str) -> str:
    from html import escape

    return escape(text, quote=False)
