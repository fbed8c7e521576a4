"""The evidence behind one descriptor of the board: what supports it, what challenges it, and the
rest of the area's evidence to link. Every change is undoable and saved at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import Polarity
from inspector_app.domain.refs import evidence_ref
from inspector_app.gui.a11y import fit_to_screen
from inspector_app.gui.context import AppContext
from inspector_app.gui.undo import ServiceCommand
from inspector_app.services import descriptor_evidence as de
from inspector_app.services import evidence
from inspector_app.services.descriptor_evidence import EvidenceLine
from inspector_app.services.dto import EvidenceInfo

ID_ROLE = Qt.ItemDataRole.UserRole


def _describe(line: EvidenceLine) -> str:
    where = " · ".join(x for x in (line.child, line.source.label, f"by {line.author}") if x)
    return f"{line.text}\n{evidence_ref(line.ref)} · {where}"


class DescriptorEvidenceDialog(QDialog):
    def __init__(self, ctx: AppContext, descriptor_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert ctx.inspection_id is not None
        self.ctx = ctx
        self.inspection_id = ctx.inspection_id
        self.key = descriptor_key
        self.editable = not ctx.identity.read_only
        self.setWindowTitle("Evidence behind a descriptor")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.supporting = self._list("Evidence that supports the descriptor")
        self.challenging = self._list("Evidence that challenges the descriptor")
        self.support_box = QGroupBox()
        self.challenge_box = QGroupBox()
        self.to_challenging = QPushButton("Counts &against it")
        self.to_challenging.setToolTip("Re-grade the chosen supporting evidence as challenging this descriptor")
        self.to_challenging.clicked.connect(lambda: self._regrade(self.supporting, supporting=False))
        self.to_supporting = QPushButton("Counts &for it")
        self.to_supporting.setToolTip("Re-grade the chosen challenging evidence as supporting this descriptor")
        self.to_supporting.clicked.connect(lambda: self._regrade(self.challenging, supporting=True))
        self.unlink_support = QPushButton("&Unlink")
        self.unlink_support.clicked.connect(lambda: self._unlink(self.supporting))
        self.unlink_challenge = QPushButton("U&nlink")
        self.unlink_challenge.clicked.connect(lambda: self._unlink(self.challenging))
        for box, view, buttons in ((self.support_box, self.supporting, (self.to_challenging, self.unlink_support)),
                                   (self.challenge_box, self.challenging, (self.to_supporting, self.unlink_challenge))):
            layout = QVBoxLayout(box)
            layout.addWidget(view, 1)
            row = QHBoxLayout()
            for button in buttons:
                button.setMinimumWidth(button.sizeHint().width() + 12)  # never cut a button's words
                row.addWidget(button)
            row.addStretch()
            layout.addLayout(row)
        sides = QHBoxLayout()
        sides.addWidget(self.support_box, 1)
        sides.addWidget(self.challenge_box, 1)
        self.unlinked = QComboBox()
        self.unlinked.setAccessibleName("Evidence of this area not linked to the descriptor")
        self.unlinked.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.unlinked.setMinimumContentsLength(40)
        self.link_for = QPushButton("Link as &supporting")
        self.link_for.clicked.connect(lambda: self._link(supporting=True))
        self.link_against = QPushButton("Link as &challenging")
        self.link_against.clicked.connect(lambda: self._link(supporting=False))
        link_label = QLabel("&Link more:")
        link_label.setBuddy(self.unlinked)
        link_row = QHBoxLayout()
        link_row.addWidget(link_label)
        link_row.addWidget(self.unlinked, 1)
        link_row.addWidget(self.link_for)
        link_row.addWidget(self.link_against)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(sides, 1)
        layout.addLayout(link_row)
        layout.addWidget(close)
        self.setMinimumSize(640, 400)  # two readable columns and their buttons, even at 150% on a laptop
        fit_to_screen(self, QSize(1000, 600))
        ctx.data_changed.connect(self.load)
        self.load()

    def _list(self, name: str) -> QListWidget:
        view = QListWidget()
        view.setAccessibleName(name)
        view.setWordWrap(True)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        return view

    def load(self) -> None:
        if self.ctx.ws.status().closed:
            return
        found = de.descriptor_evidence(self.ctx.ws, self.inspection_id, self.key)
        grade = found.descriptor.grade.short_label if found.descriptor.grade else "What inspectors look at"
        self.heading.setText(f"<b>{grade}</b>: {found.descriptor.text}")
        self.support_box.setTitle(f"▲ Supports it ({len(found.supporting)})")
        self.challenge_box.setTitle(f"▼ Challenges it ({len(found.challenging)})")
        for view, lines in ((self.supporting, found.supporting), (self.challenging, found.challenging)):
            view.clear()
            for line in lines:
                item = QListWidgetItem(_describe(line))
                item.setData(ID_ROLE, line.id)
                item.setToolTip(line.text)
                view.addItem(item)
            if not lines:
                placeholder = QListWidgetItem("None linked yet")
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                view.addItem(placeholder)
        self.unlinked.clear()
        for line in found.unlinked:
            text = line.text if len(line.text) <= 90 else line.text[:89] + "…"
            self.unlinked.addItem(f"{evidence_ref(line.ref)}: {text}", line.id)
            self.unlinked.setItemData(self.unlinked.count() - 1, line.text, Qt.ItemDataRole.ToolTipRole)
        for widget in (self.to_challenging, self.to_supporting, self.unlink_support, self.unlink_challenge,
                       self.unlinked, self.link_for, self.link_against):
            widget.setEnabled(self.editable)
        if not self.editable:
            for widget in (self.link_for, self.link_against):
                widget.setToolTip("Quality assurance reviewers read the evidence but do not change it")
        if not found.unlinked:
            self.unlinked.addItem("All of this area's evidence is linked", None)
            for widget in (self.unlinked, self.link_for, self.link_against):
                widget.setEnabled(False)

    def _chosen(self, view: QListWidget) -> int | None:
        item: QListWidgetItem | None = view.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def _change(self, evidence_id: int, label: str, change: Callable[[], EvidenceInfo]) -> None:
        before = evidence.get_evidence(self.ctx.ws, evidence_id)
        old = (tuple(before.descriptors), before.polarity)

        def apply(value: tuple[tuple[str, ...], Polarity]) -> None:
            evidence.update_evidence(self.ctx.ws, evidence_id, descriptors=list(value[0]), polarity=value[1])

        def first() -> bool:
            after = change()
            new = (tuple(after.descriptors), after.polarity)
            self.ctx.undo_stack.push(ServiceCommand(self.ctx, f"{label} {evidence_ref(after.ref)}",
                                                    lambda: apply(new), lambda: apply(old)))
            return True

        self.ctx.attempt(self, first, label)

    def _regrade(self, view: QListWidget, supporting: bool) -> None:
        chosen = self._chosen(view)
        if chosen is not None:
            self._change(chosen, "Re-grade", lambda: de.link(self.ctx.ws, self.inspection_id, chosen, self.key,
                                                             supporting))

    def _unlink(self, view: QListWidget) -> None:
        chosen = self._chosen(view)
        if chosen is not None:
            self._change(chosen, "Unlink", lambda: de.unlink(self.ctx.ws, chosen, self.key))

    def _link(self, supporting: bool) -> None:
        chosen = self.unlinked.currentData()
        if chosen is not None:
            self._change(chosen, "Link", lambda: de.link(self.ctx.ws, self.inspection_id, chosen, self.key,
                                                         supporting))
