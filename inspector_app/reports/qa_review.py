"""Quality assurance review against the draft as it will be exported.

The reviewer reads the publishable draft (the same document model the PDF and Word renderers lay
out), paragraph by paragraph (:mod:`inspector_app.reports.qa_draft`). A paragraph is identified by a
fingerprint of its words, so a comment stays attached while the paragraph is unchanged; once it is
rewritten or removed the comment is shown as orphaned with the text it was written against.
Sign-off records a fingerprint of the whole draft, and the readiness checklist warns when the draft
has changed since.
"""

from __future__ import annotations

from inspector_app.domain.qa import QaState
from inspector_app.reports import document as d
from inspector_app.reports.content import ReportData
from inspector_app.reports.dates import short_date
from inspector_app.reports.qa_draft import (
    DraftParagraph,
    ReviewedComment,
    draft_fingerprint,
    draft_paragraphs,
    fingerprint,
    open_comments_annex,
)
from inspector_app.reports.qa_draft import reviewed_comments as _reviewed
from inspector_app.services import Workspace, qa
from inspector_app.services.qa import QaStateInfo


def publishable_document(ws: Workspace, inspection_id: int, data: ReportData | None = None) -> d.Document:
    from inspector_app.reports.content import gather
    from inspector_app.reports.export import ExportOptions, build_document

    return build_document(data or gather(ws, inspection_id), ExportOptions())


def reviewed_comments(ws: Workspace, inspection_id: int, document: d.Document | None = None,
                      *, open_only: bool = False) -> list[ReviewedComment]:
    """Every comment with whether what it points at still exists in the draft as exported now."""
    return _reviewed(ws, inspection_id, document or publishable_document(ws, inspection_id), open_only=open_only)


def sign_off(ws: Workspace, inspection_id: int) -> QaStateInfo:
    """The reviewer signs off the draft as it stands now."""
    return qa.set_qa_state(ws, inspection_id, QaState.SIGNED_OFF,
                           draft_fingerprint(publishable_document(ws, inspection_id)))


def changed_since_sign_off(ws: Workspace, inspection_id: int, data: ReportData | None = None) -> bool | None:
    """True if the draft differs from the one signed off, False if not, None if nobody signed it off."""
    state = qa.qa_state(ws, inspection_id)
    if state.state is not QaState.SIGNED_OFF or not state.signed_draft:
        return None
    return draft_fingerprint(publishable_document(ws, inspection_id, data)) != state.signed_draft


def qa_readiness(ws: Workspace, data: ReportData) -> tuple[bool, str]:
    """The QA line of the readiness checklist: (ok, what to say)."""
    inspection_id = data.inspection.id
    state = qa.qa_state(ws, inspection_id)
    open_count = len(qa.list_comments(ws, inspection_id, open_only=True))
    if state.state is QaState.SIGNED_OFF:
        when = short_date(state.set_at.date()) if state.set_at else "?"
        if changed_since_sign_off(ws, inspection_id, data):
            return False, (f"The draft has changed since {state.set_by} signed it off for QA on {when}: ask for "
                           "QA to look again")
        return True, f"Signed off for QA by {state.set_by} on {when}; unchanged since"
    if state.state is QaState.NOT_REVIEWED:
        return False, "Not yet quality assured"
    return False, f"QA {state.state.label.lower()}: {open_count} comment{'s' if open_count != 1 else ''} open"


__all__ = ["DraftParagraph", "ReviewedComment", "changed_since_sign_off", "draft_fingerprint", "draft_paragraphs",
           "fingerprint", "open_comments_annex", "publishable_document", "qa_readiness", "reviewed_comments",
           "sign_off"]
