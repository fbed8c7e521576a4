"""Quality assurance review through bundles: comments on the draft, answers, orphans, sign-off, refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import enrol, make_inspection

from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
from inspector_app.domain.enums import EvidenceSource, FindingKind, Polarity, TeamRole
from inspector_app.domain.qa import AnchorKind, CommentStatus, QaState
from inspector_app.reports.content import gather
from inspector_app.reports.qa_review import (
    draft_paragraphs,
    publishable_document,
    qa_readiness,
    reviewed_comments,
    sign_off,
)
from inspector_app.services import Workspace, evidence, findings, inspections, open_workspace, qa
from inspector_app.services.qa import QaError
from inspector_app.services.roles import RoleError

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Amir A", "AA", TeamRole.TEAM), ("Quinn QA", "QQ", TeamRole.QA)]
SUMMARY = "Leaders have a clear and accurate view of the quality of practice."
FINDING = "Strategy discussions are timely and include the police and health partners."


def _ws(tmp_path: Path, user: str, registry) -> Workspace:
    return open_workspace(tmp_path / f"{user.split()[0].lower()}.sqlite", user=user, registry=registry,
                          create=True, plaintext=True)


def _send(source: Workspace, source_id: int, target: Workspace, path: Path, recipient: str) -> int:
    export_bundle(source, source_id, path, recipient=recipient)
    return apply_import(target, plan_import(target, read_bundle(path))).inspection_id


def _paragraph(ws: Workspace, inspection_id: int, words: str):
    return next(p for p in draft_paragraphs(publishable_document(ws, inspection_id)) if words in p.text)


@pytest.fixture
def lead_and_qa(tmp_path, registry):
    lead = _ws(tmp_path, "Lena Lead", registry)
    info = make_inspection(lead, "ilacs@2023", team=TEAM)
    inspections.update_inspection(lead, info.id, summary=SUMMARY)
    item = evidence.add_evidence(lead, info.id, text="Strategy meeting on the day of referral, police present.",
                                 area_key="help_protection", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))
    finding = findings.add_finding(lead, info.id, kind=FindingKind.STRENGTH, text=FINDING,
                                   area_key="help_protection", evidence_ids=[item.id])
    reviewer = _ws(tmp_path, "Quinn QA", registry)
    enrol(lead, info.id, reviewer, TeamRole.QA)  # on the lead's roster with the key from the reviewer's laptop
    qa_id = _send(lead, info.id, reviewer, tmp_path / "to-qa.inspbundle", "Quinn QA")
    yield lead, info.id, reviewer, qa_id, finding
    reviewer.close()
    lead.close()


def test_qa_round_trip_with_a_resolved_and_an_orphaned_comment(lead_and_qa, tmp_path):
    lead, inspection_id, reviewer, qa_id, finding = lead_and_qa
    on_finding_paragraph = _paragraph(reviewer, qa_id, "Strategy discussions are timely")
    on_summary = _paragraph(reviewer, qa_id, "clear and accurate view")
    qa.add_comment(reviewer, qa_id, AnchorKind.PARAGRAPH, on_finding_paragraph.key,
                   "Say which partners, and how often this was seen.", on_finding_paragraph.text)
    qa.add_comment(reviewer, qa_id, AnchorKind.PARAGRAPH, on_summary.key, "Accurate on what evidence?",
                   on_summary.text)
    qa.add_comment(reviewer, qa_id, AnchorKind.JUDGEMENT, "help_protection", "Is the grade secure?")
    qa.set_qa_state(reviewer, qa_id, QaState.CHANGES_ASKED)
    with pytest.raises(QaError, match="Only the lead"):
        qa.resolve_comment(reviewer, qa.list_comments(reviewer, qa_id)[0].id)

    _send(reviewer, qa_id, lead, tmp_path / "qa-to-lead.inspbundle", "Lena Lead")
    assert qa.qa_state(lead, inspection_id).state is QaState.CHANGES_ASKED
    comments = {c.comment.text: c for c in reviewed_comments(lead, inspection_id)}
    assert len(comments) == 3 and not any(c.orphaned for c in comments.values())

    findings.update_finding(lead, finding.id, text="Strategy discussions are timely; police and health attend.")
    summary_comment = comments["Accurate on what evidence?"].comment
    qa.answer_comment(lead, summary_comment.id, "Added the audit findings in the summary's second sentence.")
    qa.resolve_comment(lead, summary_comment.id)
    qa.answer_comment(lead, comments["Is the grade secure?"].comment.id, "Yes: see the moderation annex.")

    comments = {c.comment.text: c for c in reviewed_comments(lead, inspection_id)}
    orphan = comments["Say which partners, and how often this was seen."]
    assert orphan.orphaned and orphan.comment.status is CommentStatus.OPEN
    assert "Strategy discussions are timely and include the police" in orphan.comment.anchor_text
    assert comments["Accurate on what evidence?"].comment.status is CommentStatus.RESOLVED
    assert not comments["Accurate on what evidence?"].orphaned

    _send(lead, inspection_id, reviewer, tmp_path / "lead-to-qa.inspbundle", "Quinn QA")
    back = {c.comment.text: c for c in reviewed_comments(reviewer, qa_id)}
    assert back["Accurate on what evidence?"].comment.status is CommentStatus.RESOLVED
    assert back["Accurate on what evidence?"].comment.answer.startswith("Added the audit findings")
    assert back["Say which partners, and how often this was seen."].orphaned
    assert back["Is the grade secure?"].comment.status is CommentStatus.ANSWERED


def test_internal_export_lists_open_comments_and_orphans(lead_and_qa, tmp_path):
    from pypdf import PdfReader

    from inspector_app.reports import ExportOptions
    from inspector_app.reports.export import export_document

    lead, inspection_id, reviewer, qa_id, finding = lead_and_qa
    paragraph = _paragraph(reviewer, qa_id, "Strategy discussions are timely")
    qa.add_comment(reviewer, qa_id, AnchorKind.PARAGRAPH, paragraph.key, "Name the partners.", paragraph.text)
    _send(reviewer, qa_id, lead, tmp_path / "qa-to-lead.inspbundle", "Lena Lead")
    findings.update_finding(lead, finding.id, text="Strategy discussions are prompt.")
    out = tmp_path / "internal.pdf"
    export_document(lead, inspection_id, out, ExportOptions(internal=True))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "Internal annex: open quality assurance comments" in text
    assert "Name the partners." in text and "orphaned" in text
    draft = tmp_path / "draft.pdf"
    export_document(lead, inspection_id, draft, ExportOptions())
    assert "Name the partners" not in " ".join(p.extract_text() for p in PdfReader(draft).pages)


def test_sign_off_and_the_readiness_warning_when_the_draft_changes_after_it(lead_and_qa, tmp_path):
    lead, inspection_id, reviewer, qa_id, _finding = lead_and_qa
    paragraph = _paragraph(reviewer, qa_id, "clear and accurate view")
    comment = qa.add_comment(reviewer, qa_id, AnchorKind.PARAGRAPH, paragraph.key, "Fine.", paragraph.text)
    _send(reviewer, qa_id, lead, tmp_path / "1.inspbundle", "Lena Lead")
    lead_comment = next(c for c in qa.list_comments(lead, inspection_id) if c.uuid == comment.uuid)
    qa.reject_comment(lead, lead_comment.id, "The audit evidence is already cited.")
    _send(lead, inspection_id, reviewer, tmp_path / "2.inspbundle", "Quinn QA")
    assert sign_off(reviewer, qa_id).state is QaState.SIGNED_OFF
    _send(reviewer, qa_id, lead, tmp_path / "3.inspbundle", "Lena Lead")
    ok, text = qa_readiness(lead, gather(lead, inspection_id))
    assert ok and text.startswith("Signed off for QA by Quinn QA")
    inspections.update_inspection(lead, inspection_id, summary=SUMMARY + " Caseloads are manageable.")
    ok, text = qa_readiness(lead, gather(lead, inspection_id))
    assert not ok and "changed since Quinn QA signed it off" in text


def test_sign_off_is_refused_while_comments_are_open(lead_and_qa):
    _lead, _inspection_id, reviewer, qa_id, _finding = lead_and_qa
    qa.add_comment(reviewer, qa_id, AnchorKind.JUDGEMENT, "leaders", "Thin evidence on supervision.")
    with pytest.raises(QaError, match="still open"):
        sign_off(reviewer, qa_id)


def test_a_reviewers_bundle_that_changes_content_is_refused(lead_and_qa, tmp_path):
    lead, inspection_id, reviewer, qa_id, _finding = lead_and_qa
    qa.add_comment(reviewer, qa_id, AnchorKind.JUDGEMENT, "leaders", "Thin evidence on supervision.")
    item = evidence.find_evidence(reviewer, qa_id)[0]
    with pytest.raises(RoleError, match="writes only QA comments and reviews"):  # the services refuse it
        evidence.update_evidence(reviewer, item.id, text="Rewritten by the reviewer.")
    from inspector_app.services import permissions
    from inspector_app.storage.models import Evidence

    with reviewer.db.session() as session:  # a changed copy of the app could still write it: the lead refuses too
        permissions.trusted(session)
        session.get(Evidence, item.id).text = "Rewritten by the reviewer."
    path = tmp_path / "qa-edit.inspbundle"
    export_bundle(reviewer, qa_id, path, recipient="Lena Lead")
    with pytest.raises(BundleError, match="quality assurance reviewer, who only comments"):
        plan_import(lead, read_bundle(path))
    assert qa.list_comments(lead, inspection_id) == []
    assert evidence.find_evidence(lead, inspection_id)[0].text.startswith("Strategy meeting")


def test_only_the_reviewer_comments_and_anchors_must_exist(lead_and_qa):
    lead, inspection_id, reviewer, qa_id, _finding = lead_and_qa
    with pytest.raises(QaError, match="quality assurance reviewer"):
        qa.add_comment(lead, inspection_id, AnchorKind.JUDGEMENT, "leaders", "A lead's note.")
    with pytest.raises(Exception, match="no judgement area 'front_door'"):
        qa.add_comment(reviewer, qa_id, AnchorKind.JUDGEMENT, "front_door", "x")
    with pytest.raises(Exception, match="not part of this inspection"):
        qa.add_comment(reviewer, qa_id, AnchorKind.EVIDENCE, "00000000-0000-0000-0000-000000000000", "x")
