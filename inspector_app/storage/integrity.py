"""Is the database sound? SQLite's own checks plus the app's invariants, in plain words."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text

from inspector_app.storage.database import Database


@dataclass(frozen=True)
class Finding:
    ok: bool
    check: str
    detail: str


INVARIANTS = [
    ("every evidence item belongs to an existing inspection",
     "SELECT count(*) FROM evidence WHERE inspection_id NOT IN (SELECT id FROM inspection)"),
    ("evidence linked to a case links to a case of the same inspection",
     "SELECT count(*) FROM evidence e JOIN case_record c ON c.id = e.case_id WHERE c.inspection_id != e.inspection_id"),
    ("at most one judgement per area of each inspection",
     "SELECT count(*) FROM (SELECT 1 FROM judgement GROUP BY inspection_id, area_key HAVING count(*) > 1)"),
    ("every row's UUID is unique within its table",
     "SELECT (SELECT count(*) - count(DISTINCT uuid) FROM evidence) + (SELECT count(*) - count(DISTINCT uuid) "
     "FROM case_record) + (SELECT count(*) - count(DISTINCT uuid) FROM finding)"),
    ("the full-text index matches the evidence",
     "SELECT (SELECT count(*) FROM evidence) - (SELECT count(*) FROM evidence_fts_docsize)"),
    ("attachments match their recorded size",
     "SELECT count(*) FROM attachment WHERE length(data) != size"),
]


def check_database(db: Database) -> list[Finding]:
    findings: list[Finding] = []
    with db.engine.connect() as connection:
        rows = [r[0] for r in connection.execute(text("PRAGMA integrity_check"))]
        findings.append(Finding(rows == ["ok"], "SQLite integrity check",
                                "the file's structure is sound" if rows == ["ok"] else "; ".join(rows[:5])))
        problems = connection.execute(text("PRAGMA foreign_key_check")).all()
        findings.append(Finding(not problems, "references between rows",
                                "every reference points to an existing row" if not problems
                                else f"{len(problems)} rows refer to rows that do not exist"))
        try:
            connection.execute(text("INSERT INTO evidence_fts(evidence_fts) VALUES ('integrity-check')"))
            findings.append(Finding(True, "full-text index", "the search index is consistent"))
        except Exception as exc:  # SQLite reports a damaged FTS index as an error
            detail = f"the search index is damaged ({exc.__class__.__name__})"
            findings.append(Finding(False, "full-text index", detail))
        for name, sql in INVARIANTS:
            count = connection.execute(text(sql)).scalar() or 0
            findings.append(Finding(count == 0, name, "yes" if count == 0 else f"no: {count} exceptions"))
        connection.rollback()
    return findings
