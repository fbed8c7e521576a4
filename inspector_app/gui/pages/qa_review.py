"""Quality assurance review: the draft as it will be exported, the reviewer's comments, the lead's answers.

The reviewer (opened with the QA role) picks a paragraph of the draft, a judgement, a finding or a
cited evidence item and comments on it, and moves the review's state on or signs off. The lead sees
the same comments, orphaned ones marked, and answers, resolves or rejects each.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.enums import TeamRole
from inspector_app.domain.qa import AnchorKind, QaState
from inspector_app.domain.refs import evidence_ref, ref_sort_key
from inspector_app.domain.wording import plural
from inspector_app.gui.context import AppContext
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.widgets import (
    current,
    fill_enum,
    page_title,
    short_text_edit,
    styled_label,
    subtitle,
    table_view,
)
from inspector_app.reports.content import gather
from inspector_app.reports.qa_review import (
    DraftParagraph,
    ReviewedComment,
    draft_paragraphs,
    publishable_document,
    qa_readiness,
    reviewed_comments,
    sign_off,
)
from inspector_app.services import qa


class QaReviewPage(Page):
    title = "QA review"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.paragraphs: list[DraftParagraph] = []
        self.state_line = subtitle()
        self.readiness = styled_label("", "warning")
        top = QVBoxLayout()
        top.addWidget(page_title("Quality assurance review"))
        top.addWidget(self.state_line)
        top.addWidget(self.readiness)

        self.draft = QListWidget()
        self.draft.setAccessibleName("The draft as it will be exported, paragraph by paragraph")
        self.draft.setWordWrap(True)
        self.draft.currentRowChanged.connect(lambda _r: self._anchor_from_draft())
        draft_box = QGroupBox("Draft as it will be exported")
        QVBoxLayout(draft_box).addWidget(self.draft)

        self.comments: RowsModel[ReviewedComment] = RowsModel([
            Column("About", lambda r: ("⚠ orphaned — " if r.orphaned else "") + r.anchor),
            Column("Comment", lambda r: r.comment.text), Column("Reviewer", lambda r: r.comment.author),
            Column("Status", lambda r: r.status_text), Column("Answer", lambda r: r.comment.answer)])
        self.comment_view = table_view("QA comments", self.comments, stretch_column=1, whole=())  # "About" is prose
        self.comment_view.selectionModel().currentRowChanged.connect(lambda *_a: self._show_comment())
        self.detail = QLabel()
        self.detail.setObjectName("qaCommentDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # the reviewer's side
        self.anchor_kind = QComboBox()
        self.anchor_kind.setAccessibleName("Comment on")
        fill_enum(self.anchor_kind, AnchorKind)
        self.anchor_kind.currentIndexChanged.connect(lambda _i: self._fill_anchor_items())
        self.anchor_item = QComboBox()
        self.anchor_item.setAccessibleName("Item commented on")
        self.comment_text = short_text_edit("Comment", "What should change, and why", 56)
        self.add_button = QPushButton("&Add comment")
        self.add_button.clicked.connect(self._add)
        self.state = QComboBox()
        self.state.setAccessibleName("QA state")
        fill_enum(self.state, [QaState.IN_REVIEW, QaState.CHANGES_ASKED])
        self.state_button = QPushButton("Set &state")
        self.state_button.clicked.connect(self._set_state)
        self.sign_button = QPushButton("Sign &off this draft")
        self.sign_button.clicked.connect(self._sign_off)
        review_form = QFormLayout()
        review_form.addRow("Comment &on", self.anchor_kind)
        review_form.addRow("&Item", self.anchor_item)
        review_form.addRow("&Comment", self.comment_text)
        review_form.addRow("", self.add_button)
        state_row = QHBoxLayout()
        state_row.addWidget(self.state, 1)
        state_row.addWidget(self.state_button)
        state_row.addWidget(self.sign_button)
        review_form.addRow("QA s&tate", state_row)
        self.review_box = QGroupBox("Your review (comments go to the lead in your next bundle)")
        self.review_box.setLayout(review_form)

        # the lead's side
        self.answer_text = short_text_edit("Answer to the selected comment", "Your answer, or why you reject it", 56)
        answer_row = QHBoxLayout()
        for label, handler in (("&Answer", self._answer), ("&Resolve", self._resolve), ("Re&ject", self._reject)):
            button = QPushButton(label)
            button.clicked.connect(handler)
            answer_row.addWidget(button)
        self.answer_box = QGroupBox("Answer the selected comment")
        answer_layout = QVBoxLayout(self.answer_box)
        answer_layout.addWidget(self.answer_text)
        answer_layout.addLayout(answer_row)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.comment_view, 1)
        right_layout.addWidget(self.detail)
        right_layout.addWidget(self.review_box)
        right_layout.addWidget(self.answer_box)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(draft_box)
        split.addWidget(right)
        split.setSizes([480, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def _role(self) -> TeamRole:
        return self.ctx.identity.role

    def refresh(self) -> None:
        inspection_id = self.ctx.inspection_id
        if inspection_id is None:
            return
        data = gather(self.ctx.ws, inspection_id)
        document = publishable_document(self.ctx.ws, inspection_id, data)
        self.paragraphs = draft_paragraphs(document)
        reviewed = reviewed_comments(self.ctx.ws, inspection_id, document)
        commented = {r.comment.anchor_key for r in reviewed if not r.orphaned}
        row = self.draft.currentRow()
        self.draft.blockSignals(True)
        self.draft.clear()
        for paragraph in self.paragraphs:
            mark = "● " if paragraph.key in commented else ""
            item = QListWidgetItem(mark + paragraph.text)
            if paragraph.heading:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.draft.addItem(item)
        self.draft.blockSignals(False)
        if 0 <= row < self.draft.count():
            self.draft.setCurrentRow(row)
        self.comments.set_rows(reviewed)
        self._show_comment()
        state = qa.qa_state(self.ctx.ws, inspection_id)
        who = f" — {state.set_by}, {state.set_at:%d %B %Y %H:%M}" if state.set_at else ""
        open_count = sum(1 for r in reviewed if r.comment.status.is_open)
        orphans = sum(1 for r in reviewed if r.orphaned)
        self.state_line.setText(f"QA state: {state.state.label}{who}. {plural(len(reviewed), 'comment')}, "
                                f"{open_count} open, "
                                f"{orphans} orphaned (their paragraph or item is no longer in the draft).")
        ok, text = qa_readiness(self.ctx.ws, data)
        self.readiness.setText(text)
        self.readiness.setObjectName("ok" if ok else "warning")
        self.readiness.style().unpolish(self.readiness)
        self.readiness.style().polish(self.readiness)
        self.review_box.setVisible(self._role() is TeamRole.QA)
        self.answer_box.setVisible(self._role() is TeamRole.LEAD)
        self._fill_anchor_items()

    def _fill_anchor_items(self) -> None:
        inspection_id = self.ctx.inspection_id
        framework = self.ctx.framework
        if inspection_id is None or framework is None:
            return
        kind = current(self.anchor_kind)
        self.anchor_item.clear()
        if kind is AnchorKind.PARAGRAPH:
            for p in self.paragraphs:
                self.anchor_item.addItem(f"{p.section}: {p.text[:90]}", (p.key, p.text))
            self._anchor_from_draft()
        elif kind is AnchorKind.JUDGEMENT:
            for area in framework.areas:
                self.anchor_item.addItem(area.name, (area.key, ""))
        else:
            data = gather(self.ctx.ws, inspection_id)
            if kind is AnchorKind.FINDING:
                for f in data.findings:
                    self.anchor_item.addItem(f"{f.kind.label}: {f.text[:90]}", (f.uuid, ""))
            else:
                for e in sorted(data.cited.values(), key=lambda e: ref_sort_key(e.ref)):
                    self.anchor_item.addItem(f"{evidence_ref(e.ref)} {e.text[:90]}", (e.uuid, ""))

    def _anchor_from_draft(self) -> None:
        row = self.draft.currentRow()
        if current(self.anchor_kind) is AnchorKind.PARAGRAPH and 0 <= row < self.anchor_item.count():
            self.anchor_item.setCurrentIndex(row)

    def _selected(self) -> ReviewedComment | None:
        row = self.comment_view.currentIndex().row()
        return self.comments.row(row) if 0 <= row < self.comments.rowCount() else None

    def _show_comment(self) -> None:
        chosen = self._selected()
        if chosen is None:
            self.detail.setText("")
            return
        c = chosen.comment
        lines = [f"<b>{_e(c.anchor_kind.label)}</b>"
                 + (" — <b>orphaned</b>: no longer in the draft; as it read when commented on:" if chosen.orphaned
                    else ":") + f" <i>{_e(c.anchor_text[:300])}</i>",
                 f"<b>{_e(c.author)}:</b> {_e(c.text)}"]
        if c.answer:
            lines.append(f"<b>{_e(c.answered_by or '')} ({_e(c.status.label.lower())}):</b> {_e(c.answer)}")
        self.detail.setText("<br>".join(lines))

    def _done(self, result: object) -> None:
        if result is not None:
            self.ctx.changed()

    def _add(self) -> None:
        inspection_id = self.ctx.inspection_id
        anchor = self.anchor_item.currentData()
        if inspection_id is None or anchor is None:
            return
        key, text = anchor
        self._done(self.ctx.attempt(self, lambda: qa.add_comment(
            self.ctx.ws, inspection_id, current(self.anchor_kind), key, self.comment_text.toPlainText(), text)))
        self.comment_text.clear()

    def _set_state(self) -> None:
        inspection_id = self.ctx.inspection_id
        if inspection_id is not None:
            self._done(self.ctx.attempt(self, lambda: qa.set_qa_state(self.ctx.ws, inspection_id,
                                                                      current(self.state))))

    def _sign_off(self) -> None:
        inspection_id = self.ctx.inspection_id
        if inspection_id is not None:
            self._done(self.ctx.attempt(self, lambda: sign_off(self.ctx.ws, inspection_id)))

    def _lead(self, action: str) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        text = self.answer_text.toPlainText()
        ws, comment_id = self.ctx.ws, chosen.comment.id
        calls = {"answer": lambda: qa.answer_comment(ws, comment_id, text),
                 "resolve": lambda: qa.resolve_comment(ws, comment_id, text),
                 "reject": lambda: qa.reject_comment(ws, comment_id, text)}
        result = self.ctx.attempt(self, calls[action])
        if result is not None:
            self.answer_text.clear()
        self._done(result)

    def _answer(self) -> None:
        self._lead("answer")

    def _resolve(self) -> None:
        self._lead("resolve")

    def _reject(self) -> None:
        self._lead("reject")


def _e(text: str) -> str:
    return escape(text, quote=False)
