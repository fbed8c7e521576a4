"""Evidence by inspection and rowid: the first and last item of an inspection in two index lookups.

Revision ID: c41e9a07d2b3
Revises: 5ac29ada2b8a
Create Date: 2026-12-02 20:30:00

Search narrows the full-text index to the inspection's rowid range, so a short prefix reads only
that inspection's part of the index, whatever else the database holds (a national archive holds
millions of items). An index on ``inspection_id`` alone carries the rowid as its last key, so
``min(id)`` and ``max(id)`` for one inspection are single lookups.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c41e9a07d2b3"
down_revision: str | Sequence[str] | None = "5ac29ada2b8a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index("ix_evidence_inspection", ["inspection_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index("ix_evidence_inspection")
