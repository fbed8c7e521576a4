"""The judgements board: per area, descriptors with the evidence for and against them, the
lead's proposed grade and rationale, warnings, and overall effectiveness as the rule derives it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import Grade, OverallRule
from inspector_app.domain.framework import OVERALL_KEY
from inspector_app.gui.a11y import bring_into_view, first_focusable, tab_order
from inspector_app.gui.context import AppContext
from inspector_app.gui.models.descriptor_model import DescriptorGridModel
from inspector_app.gui.pages.base import AUTOSAVE_DELAY_MS, Page
from inspector_app.gui.timers import timer
from inspector_app.gui.undo import push_edit
from inspector_app.gui.widgets import (
    AutoHeightTable,
    DeliberateChoice,
    current,
    fill_enum,
    page_title,
    select_data,
    short_text_edit,
    styled_label,
    subtitle,
)
from inspector_app.services import judgements
from inspector_app.services.board import AreaBoard, Board, judgement_board
from inspector_app.services.judgements import HIDDEN_GRADES

RATIONALE_SAVE_DELAY_MS = AUTOSAVE_DELAY_MS
RATIONALE_HINT = "Rationale: why this grade, on the balance of the evidence"


def history_button(show: Callable[[], None]) -> QPushButton:
    button = QPushButton("History…")
    button.setToolTip("Every grade and rationale this judgement has had, who set it and when")
    button.clicked.connect(show)
    return button


class AreaCard(QGroupBox):
    def __init__(self, page: JudgementsPage, area_key: str) -> None:
        super().__init__()
        self.page = page
        self.area_key = area_key
        self._loading = False
        self.balance = subtitle()
        self.grade = QComboBox()
        fill_enum(self.grade, Grade, "Not yet judged")
        self.rationale = short_text_edit("Rationale", RATIONALE_HINT, 64)
        self.warnings = styled_label("", "warning")
        self.grid = DescriptorGridModel(self)
        self.table = AutoHeightTable(self.grid)
        self.table.setAccessibleName("Grade descriptors with supporting and challenging evidence")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.activated.connect(self._open_descriptor)  # Enter, or a double-click
        self.table.doubleClicked.connect(self._open_descriptor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        grade_row = QHBoxLayout()
        # No access key: one per area would be the same key many times over (and Alt+G is the Go
        # menu); Ctrl+PgDown and Ctrl+PgUp put the focus on each area's grade.
        self.grade_label = QLabel("Proposed grade")
        self.grade_label.setBuddy(self.grade)
        grade_row.addWidget(self.grade_label)
        grade_row.addWidget(self.grade)
        grade_row.addWidget(self.balance, 1)
        self.history_button = history_button(lambda: page.show_history(self.area_key, self.title().strip()))
        grade_row.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addLayout(grade_row)
        layout.addWidget(self.rationale)
        layout.addWidget(self.warnings)
        layout.addWidget(self.table)
        tab_order(self.grade, self.rationale, self.history_button, self.table)  # grade, why, then its history
        self._timer = timer(self, RATIONALE_SAVE_DELAY_MS, self._save, single_shot=True)
        self._grade_choice = DeliberateChoice(self.grade, self._save)  # not at each arrow-key step
        self.rationale.textChanged.connect(lambda: None if self._loading else self._timer.start())

    def load(self, board: AreaBoard, graded: bool, editable: bool, hidden: bool = False) -> None:
        self._loading = True
        prefix = "    " if board.area.parent else ""
        self.setTitle(prefix + board.area.name)
        self.setAccessibleName(board.area.name)
        self.table.setAccessibleName(f"Grade descriptors for {board.area.short_name}, with supporting and "
                                     "challenging evidence")
        self.grade.setAccessibleName(f"Proposed grade for {board.area.short_name}")
        self.rationale.setAccessibleName(f"Rationale for {board.area.short_name}")
        self.history_button.setAccessibleName(f"History of the judgement for {board.area.short_name}")
        for widget in (self.grade, self.grade_label, self.rationale, self.history_button):
            widget.setVisible(graded and not hidden)
        self.grade.setEnabled(editable)
        self.rationale.setReadOnly(not editable)
        select_data(self.grade, board.grade)
        if self.rationale.toPlainText() != board.rationale and not self.rationale.hasFocus():
            self.rationale.setPlainText(board.rationale)
        self.balance.setText(board.balance)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in board.warnings))
        self.warnings.setVisible(bool(board.warnings))
        self.grid.set_tallies(board.descriptors, graded)
        self._loading = False

    def _open_descriptor(self, index: QModelIndex) -> None:
        key = self.grid.descriptor_key(index)
        if key is not None and not self.page.descriptor_open:
            self.page.open_descriptor(key)

    def _save(self) -> None:
        if self._loading:
            return
        self._timer.stop()
        self.page.save_area(self.area_key, current(self.grade), self.rationale.toPlainText())


class OverallCard(QGroupBox):
    def __init__(self, page: JudgementsPage) -> None:
        super().__init__("Overall effectiveness")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.page = page
        self._loading = False
        self.derived = QLabel()
        self.derived.setWordWrap(True)
        self.derived.setAccessibleName("Overall effectiveness as the framework's rule derives it")
        self.grade = QComboBox()
        self.grade.setAccessibleName("Proposed overall effectiveness")
        fill_enum(self.grade, Grade, "Not yet settled")
        self.rationale = short_text_edit("Rationale for overall effectiveness", RATIONALE_HINT, 64)
        self.flag = styled_label("", "warning")
        self.flag.setAccessibleName("Overall effectiveness warning")
        row = QHBoxLayout()
        label = QLabel("Proposed &overall")
        label.setBuddy(self.grade)
        row.addWidget(label)
        row.addWidget(self.grade)
        row.addStretch()
        self.history_button = history_button(lambda: page.show_history(OVERALL_KEY, "overall effectiveness"))
        self.history_button.setAccessibleName("History of overall effectiveness")
        row.addWidget(self.history_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.derived)
        layout.addLayout(row)
        layout.addWidget(self.rationale)
        layout.addWidget(self.flag)
        tab_order(self.grade, self.rationale, self.history_button)
        self._timer = timer(self, RATIONALE_SAVE_DELAY_MS, self._save, single_shot=True)
        self._grade_choice = DeliberateChoice(self.grade, self._save)  # not at each arrow-key step
        self.rationale.textChanged.connect(lambda: None if self._loading else self._timer.start())
        self.pending: Grade | None = None

    def load(self, board: Board, editable: bool) -> None:
        self._loading = True
        overall = board.state.overall
        framework = board.state.framework
        hard = framework.overall_rule is OverallRule.HARD and overall.expected is not None
        self.derived.setText(f"<b>{overall.summary()}</b><br/>Rule: {framework.overall_rule.label} "
                             f"({framework.short_name}).")
        shown = self.pending if self.pending is not None else overall.proposed
        select_data(self.grade, overall.settled if hard else shown)
        self.grade.setEnabled(editable and not hard)
        self.rationale.setReadOnly(not editable or hard)
        if not self.rationale.hasFocus():
            self.rationale.setPlainText(board.state.overall_rationale)
        self._show_flag(board)
        self._loading = False

    def _show_flag(self, board: Board) -> None:
        overall = board.state.overall
        messages = list(overall.warnings)
        if self.pending is not None:
            expected = overall.expected.label.lower() if overall.expected else ""
            messages.insert(0, f"Departure from the expected {expected} grade ({overall.reason}): "
                               "write a rationale to record it.")
        elif overall.departure and overall.allowed:
            messages.insert(0, "Departure from the framework's expectation, recorded with the rationale above.")
        elif not overall.allowed and overall.problem:
            messages.insert(0, overall.problem)
        self.flag.setText("\n".join(f"⚠ {m}" for m in messages))
        self.flag.setVisible(bool(messages))

    def _save(self) -> None:
        if self._loading:
            return
        self._timer.stop()
        self.page.save_overall(self, current(self.grade), self.rationale.toPlainText())


class JudgementsPage(Page):
    title = "Judgements"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.intro = subtitle()
        self.container = QWidget()
        self.cards_layout = QVBoxLayout(self.container)
        self.cards_layout.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the controls inside take focus; the board scrolls to them
        scroll.setAccessibleName("Judgement areas")
        scroll.setWidget(self.container)
        self.board_scroll = scroll
        for keys, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            QShortcut(QKeySequence(keys), self, partial(self.jump_area, step),
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Judgements"))
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        self.cards: dict[str, AreaCard] = {}
        self.overall: OverallCard | None = None
        self._built_for: int | None = None
        self.descriptor_open = False  # activated and doubleClicked both fire on a double-click

    def _build(self, board: Board) -> None:
        while self.cards_layout.count() > 1:
            item = self.cards_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cards.clear()
        self.overall = None
        framework = board.state.framework
        if framework.has_overall:
            self.overall = OverallCard(self)
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, self.overall)
            self.overall.show()
        for area_board in board.areas:
            card = AreaCard(self, area_board.area.key)
            self.cards[area_board.area.key] = card
            self.cards_layout.insertWidget(self.cards_layout.count() - 1, card)
            card.show()  # at once, so that focus can go to it straight after a view's shortcut
        self._built_for = self.ctx.inspection_id

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        board = judgement_board(self.ctx.ws, self.ctx.inspection_id)
        if self._built_for != self.ctx.inspection_id or set(self.cards) != {a.area.key for a in board.areas}:
            self._build(board)
        framework = board.state.framework
        editable = self.ctx.identity.is_lead
        if not framework.graded:
            self.intro.setText(f"A {framework.short_name.lower()} is not graded: for each area below, the "
                               "evidence that supports or challenges what inspectors look at.")
        elif editable:
            self.intro.setText("Propose a grade for each judgement with its rationale; the evidence for (▲) and "
                               "against (▼) each descriptor is shown beside it. Changes are saved as you make them. "
                               "Ctrl+PgDown and Ctrl+PgUp move from area to area.")
        elif board.state.hidden:
            self.intro.setText(HIDDEN_GRADES + " The evidence for (▲) and against (▼) each descriptor is below.")
        else:
            self.intro.setText("Only the lead inspector sets judgements; you can see the board and the evidence.")
        for area_board in board.areas:
            self.cards[area_board.area.key].load(area_board, framework.graded, editable, board.state.hidden)
        if self.overall is not None:
            self.overall.setVisible(not board.state.hidden)
            self.overall.load(board, editable)

    def flush(self) -> None:
        cards: list[AreaCard | OverallCard] = [*self.cards.values(), *([self.overall] if self.overall else [])]
        for card in cards:
            if card._timer.isActive():
                card._save()

    def show_history(self, area_key: str, title: str) -> None:
        from inspector_app.gui.dialogs.item_history import ItemHistoryDialog
        from inspector_app.services.audit_trail import judgement_history

        assert self.ctx.inspection_id is not None
        entries = judgement_history(self.ctx.ws, self.ctx.inspection_id, area_key)
        ItemHistoryDialog(self.ctx, "judgement", 0, f"the judgement “{title}”", self, entries=entries).exec()

    def jump_area(self, step: int) -> None:
        """Ctrl+PgDown / Ctrl+PgUp: focus the next or previous area's first control."""
        cards: list[AreaCard | OverallCard] = [*([self.overall] if self.overall else []), *self.cards.values()]
        if not cards:
            return
        focused: QWidget | None = self.focusWidget()  # None when focus is outside the window
        here = next((i for i, c in enumerate(cards) if focused is not None and c.isAncestorOf(focused)), None)
        target = 0 if here is None else max(0, min(len(cards) - 1, here + step))
        control = first_focusable(cards[target])
        if control is not None:
            control.setFocus(Qt.FocusReason.ShortcutFocusReason)
            bring_into_view(cards[target])  # the area from its heading, not its grade at the bottom edge

    def open_descriptor(self, key: str) -> None:
        from inspector_app.gui.dialogs.descriptor_evidence import DescriptorEvidenceDialog

        self.descriptor_open = True
        try:
            dialog = DescriptorEvidenceDialog(self.ctx, key, self)
            self.descriptor_dialog = dialog
            dialog.exec()
        finally:
            self.descriptor_open = False

    def card(self, area_key: str) -> AreaCard:
        return self.cards[area_key]

    def save_area(self, area_key: str, grade: Grade | None, rationale: str) -> None:
        assert self.ctx.inspection_id is not None
        inspection_id = self.ctx.inspection_id
        state = judgements.judgement_state(self.ctx.ws, inspection_id)
        current = state.areas.get(area_key)
        old = (current.grade if current else None, current.rationale if current else "")
        new = (grade, rationale.strip())
        if old == new:
            return
        overall_before = (state.overall.proposed, state.overall_rationale)

        def apply(value: tuple[Grade | None, str]) -> None:
            judgements.set_judgement(self.ctx.ws, inspection_id, area_key, value[0], value[1])

        def apply_with_overall(value: tuple[Grade | None, str]) -> None:
            apply(value)
            if value == old and state.overall.applies:  # undo also restores what the rule changed
                judgements.set_overall(self.ctx.ws, inspection_id, *overall_before)

        self.ctx.attempt(self, lambda: push_edit(self.ctx, f"Grade {area_key.replace('_', ' ')}",
                                                 apply_with_overall, new, old))

    def save_overall(self, card: OverallCard, grade: Grade | None, rationale: str) -> None:
        assert self.ctx.inspection_id is not None
        inspection_id = self.ctx.inspection_id
        state = judgements.judgement_state(self.ctx.ws, inspection_id)
        assessment = state.overall
        old = (assessment.proposed, state.overall_rationale)
        new = (grade, rationale.strip())
        if old == new:
            card.pending = None
            return
        from inspector_app.domain.rules import assess_overall

        check = assess_overall(state.framework, state.grades, grade, rationale)
        if not check.allowed:
            # A departure without a rationale is held, flagged, until the rationale is written.
            card.pending = grade
            card._show_flag(judgement_board(self.ctx.ws, inspection_id))
            return
        card.pending = None
        self.ctx.attempt(self, lambda: push_edit(
            self.ctx, "Overall effectiveness",
            lambda v: judgements.set_overall(self.ctx.ws, inspection_id, v[0], v[1]), new, old))
