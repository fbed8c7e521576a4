"""Evidence full-text search: an FTS5 index over evidence text and tags, kept by triggers.

Revision ID: 7f1d0c5b9a42
Revises: 3c28a29e2e21
Create Date: 2026-11-22 19:50:00

The index is external-content (it stores no second copy of the text) and uses the trigram
tokenizer so that a search matches inside words as the user types ("safegu" finds
"safeguarding"); queries shorter than three characters fall back to LIKE in the service.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7f1d0c5b9a42"
down_revision: str | Sequence[str] | None = "3c28a29e2e21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's index is made by revision 6b1e2c9d4f70 (pg_trgm)
    op.execute(
        "CREATE VIRTUAL TABLE evidence_fts USING fts5("
        "text, tags, content='evidence', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER evidence_fts_insert AFTER INSERT ON evidence BEGIN "
        "INSERT INTO evidence_fts(rowid, text, tags) VALUES (new.id, new.text, new.tags); END"
    )
    op.execute(
        "CREATE TRIGGER evidence_fts_delete AFTER DELETE ON evidence BEGIN "
        "INSERT INTO evidence_fts(evidence_fts, rowid, text, tags) "
        "VALUES ('delete', old.id, old.text, old.tags); END"
    )
    op.execute(
        "CREATE TRIGGER evidence_fts_update AFTER UPDATE OF text, tags ON evidence BEGIN "
        "INSERT INTO evidence_fts(evidence_fts, rowid, text, tags) "
        "VALUES ('delete', old.id, old.text, old.tags); "
        "INSERT INTO evidence_fts(rowid, text, tags) VALUES (new.id, new.text, new.tags); END"
    )
    op.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("evidence_fts_insert", "evidence_fts_delete", "evidence_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS evidence_fts")
