"""Recommendations carried from the regional store: their source inspection may stay in the store.

Revision ID: c4a1e7d2b9f3
Revises: 6b1e2c9d4f70
Create Date: 2026-12-03 05:30:00

A new inspection that carries its authority's previous inspection from the store (services/across.py)
tracks that inspection's recommendations without holding the inspection itself: ``source_inspection_id``
may be empty, and the row says where it came from (the store's inspection uuid, its name and end date)
and which inspection it was carried into.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4a1e7d2b9f3"
down_revision: str | Sequence[str] | None = "6b1e2c9d4f70"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.alter_column("source_inspection_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("carried_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("carried_from_uuid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("carried_from", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("carried_end", sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_recommendation_carried_into_id_inspection"), "inspection",
                                    ["carried_into_id"], ["id"], ondelete="CASCADE")
        batch_op.create_index(batch_op.f("ix_recommendation_carried_into_id"), ["carried_into_id"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM recommendation WHERE source_inspection_id IS NULL")
    with op.batch_alter_table("recommendation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recommendation_carried_into_id"))
        batch_op.drop_constraint(batch_op.f("fk_recommendation_carried_into_id_inspection"), type_="foreignkey")
        batch_op.drop_column("carried_end")
        batch_op.drop_column("carried_from")
        batch_op.drop_column("carried_from_uuid")
        batch_op.drop_column("carried_into_id")
        batch_op.alter_column("source_inspection_id", existing_type=sa.Integer(), nullable=False)
