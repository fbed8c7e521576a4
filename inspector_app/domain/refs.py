"""How items are referred to on screen, in documents and in the audit trail, the same everywhere."""


def evidence_ref(evidence_id: int) -> str:
    return f"E-{evidence_id:04d}"
