"""Inspectorates for joint inspections: on each team member and each evidence item.

Revision ID: af51988dda10
Revises: dfb3d6bd0120
Create Date: 2026-12-02 21:06:38.156296

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'af51988dda10'
down_revision: Union[str, Sequence[str], None] = 'dfb3d6bd0120'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Plain ADD COLUMN (no table copy), so evidence keeps its full-text triggers and indexes."""
    kind = sa.Enum('ofsted', 'cqc', 'hmicfrs', 'hmi_probation', name='inspectorate', native_enum=False, length=32)
    op.add_column('evidence', sa.Column('inspectorate', kind, nullable=True))
    op.add_column('team_member', sa.Column('inspectorate', kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('team_member', schema=None) as batch_op:
        batch_op.drop_column('inspectorate')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('inspectorate')
