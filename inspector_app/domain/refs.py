"""How items are referred to on screen, in documents and in the audit trail, the same everywhere."""


def evidence_ref(evidence_id: int) -> str:
    return f"E-{evidence_id:04d}"


ENTITY_LABELS = {  # a table's rows as a person calls them
    "inspection": "inspection details", "team_member": "team member", "previous_judgement": "previous grade",
    "case_record": "case", "tracking_note": "tracking note", "record_audit": "record audit",
    "evidence": "evidence", "attachment": "attachment", "judgement": "judgement", "finding": "finding",
    "finding_evidence": "evidence link", "grade_proposal": "grade proposal",
    "moderation_session": "moderation", "moderation_decision": "moderated grade",
    "publication": "publication date", "recommendation_progress": "progress on a recommendation",
    "escalation_notice": "escalation notice", "recommendation": "tracked recommendation",
    "annex_import": "Annex A list",
    "qa_comment": "QA comment", "qa_review": "QA state", "good_practice": "good practice flag",
    "case_study": "case study",
}
