"""The draft as a reviewer reads it: its paragraphs, their fingerprints, and comments checked against them.

Kept apart from the export (which adds the open comments to the internal copy) so that the two
never import each other.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from inspector_app.domain.qa import AnchorKind, paragraph_fingerprint
from inspector_app.reports import document as d
from inspector_app.services import Workspace, qa
from inspector_app.services.qa import CommentInfo


@dataclass(frozen=True)
class DraftParagraph:
    key: str  # fingerprint of the words
    section: str  # the heading it sits under
    text: str
    heading: bool = False


@dataclass(frozen=True)
class ReviewedComment:
    comment: CommentInfo
    orphaned: bool
    anchor: str  # what it points at, as a person reads it

    @property
    def status_text(self) -> str:
        label = self.comment.status.label
        return f"{label} (orphaned)" if self.orphaned else label


fingerprint = paragraph_fingerprint


def _texts(block: d.Block) -> list[str]:
    if isinstance(block, d.Numbered):
        return [f"{block.number}. {block.text}"]
    if isinstance(block, d.Para):
        return [f"{block.label} {block.text}" if block.label else block.text]
    if isinstance(block, d.Title | d.Heading):
        return [block.text]
    if isinstance(block, d.Bullets):
        return [item.full_text for item in block.items]
    if isinstance(block, d.Table):
        return [" | ".join(row.cells) for row in block.rows]
    if isinstance(block, d.GradeBox):
        return [f"{block.headline} {block.text}".strip()]
    return []  # letter blocks (dates, addresses), page breaks, contents


def draft_paragraphs(document: d.Document) -> list[DraftParagraph]:
    """Every paragraph a reader sees, in order, each with the heading it sits under."""
    out: list[DraftParagraph] = []
    section = document.title
    for block in document.blocks:
        if isinstance(block, d.Heading):
            section = block.text
        for text in _texts(block):
            if text.strip():
                out.append(DraftParagraph(fingerprint(text), section, text, isinstance(block, d.Heading | d.Title)))
    return out


def draft_fingerprint(document: d.Document) -> str:
    return hashlib.sha256("\n".join(p.text for p in draft_paragraphs(document)).encode("utf-8")).hexdigest()


def reviewed_comments(ws: Workspace, inspection_id: int, document: d.Document,
                      *, open_only: bool = False) -> list[ReviewedComment]:
    """Every comment with whether what it points at still exists; orphaned ones are kept, never dropped."""
    paragraphs = {p.key for p in draft_paragraphs(document)}
    live = qa.live_anchors(ws, inspection_id)
    out = []
    for c in qa.list_comments(ws, inspection_id, open_only=open_only):
        exists = c.anchor_key in paragraphs if c.anchor_kind is AnchorKind.PARAGRAPH else \
            c.anchor_key in live[c.anchor_kind]
        out.append(ReviewedComment(c, not exists, f"{c.anchor_kind.label}: {_short(c.anchor_text)}"))
    return out


def open_comments_annex(ws: Workspace, inspection_id: int, document: d.Document) -> list[d.Block]:
    """For the internal copy: every open QA comment, orphaned ones marked, so none is forgotten."""
    reviewed = reviewed_comments(ws, inspection_id, document, open_only=True)
    state = qa.qa_state(ws, inspection_id)
    blocks: list[d.Block] = [
        d.PageBreak(), d.Heading("Internal annex: open quality assurance comments", 1, "qa-comments"),
        d.Para(f"QA state: {state.state.label}" + (f", set by {state.set_by}" if state.set_by else "") + ".",
               "notice")]
    if not reviewed:
        return [*blocks, d.Para("No QA comments are open.")]
    rows = tuple(d.Row((r.anchor + (" — orphaned: no longer in the draft" if r.orphaned else ""),
                        r.comment.text, r.comment.author,
                        r.comment.status.label + (f": {r.comment.answer}" if r.comment.answer else "")))
                 for r in reviewed)
    return [*blocks, d.Table(("About", "Comment", "Reviewer", "Status"), rows, (0.32, 0.36, 0.14, 0.18), small=True)]


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


