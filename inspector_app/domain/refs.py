"""How items are referred to on screen, in documents and in the audit trail, the same everywhere.

An evidence item's reference (``AA-5``) is its author's initials and their own running number within the
inspection, stored with the item when it is created and carried in bundles: the same on every laptop and
in the regional store, short enough to say aloud. Database row ids differ from laptop to laptop and are
never shown.
"""

import re

REF_PATTERN = re.compile(r"[A-Z]{1,4}-[1-9][0-9]{0,5}")
"""What a stored evidence reference looks like: one to four capital letters, a hyphen, a number from 1."""
MAX_INITIALS = 4


def evidence_ref(ref: str) -> str:
    """How an evidence item is named to a person: its stored reference, as it is on every laptop."""
    return ref


def ref_prefix(initials: str | None, name: str) -> str:
    """The letters an author's references start with: their initials on the inspection's team (the
    natural key of a team member, unique in an inspection), else the first letter of each word of their
    name; ``X`` for a name with no letters at all."""
    letters = "".join(c for c in (initials or "").upper() if "A" <= c <= "Z")[:MAX_INITIALS]
    if not letters:
        letters = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name)).upper()[:MAX_INITIALS]
    return letters or "X"


def format_ref(prefix: str, number: int) -> str:
    return f"{prefix}-{number}"


def ref_sort_key(ref: str) -> tuple[str, int, str]:
    """References in the order a person reads them (AA-2 before AA-10), the same on every laptop."""
    prefix, _, number = ref.partition("-")
    return (prefix, int(number) if number.isdigit() else 0, ref)


def ref_number(ref: str | None, prefix: str) -> int:
    """The running number of ``ref`` if it is one of ``prefix``'s references, else 0."""
    if ref and ref.startswith(prefix + "-") and REF_PATTERN.fullmatch(ref):
        return int(ref[len(prefix) + 1:])
    return 0


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
