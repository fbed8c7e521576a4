"""Audit hash chain: each event carries the digest of what it said and a hash chaining it to the one before.

Existing events are chained in insertion order (the backfill). The update trigger no longer yields to an
``audit_redaction`` row in app_meta (any writer could set one): a purge redacts through a function only
the app's connections have, and records the redaction as an event; any leftover flag row is removed.

Revision ID: dfb3d6bd0120
Revises: 116167b48043
Create Date: 2026-12-02 21:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'dfb3d6bd0120'
down_revision: Union[str, Sequence[str], None] = '116167b48043'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# Frozen copies: this revision must create these exact triggers whatever later code says.
_FUNCTION = "inspector_audit_redaction"
_NEW_TRIGGERS = (
    "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
    f"WHEN NOT {_FUNCTION}() "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END",
    "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END",
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"  # PostgreSQL's guard is made by revision 6b1e2c9d4f70


def _drop_triggers() -> None:
    if not _sqlite():
        return
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


def upgrade() -> None:
    from inspector_app.storage.audit_chain import GENESIS, changes_digest, link

    _drop_triggers()
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changes_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('chain_hash', sa.String(length=64), nullable=True))
    conn = op.get_bind()
    result = conn.execute(sa.text("SELECT * FROM audit_event ORDER BY id"))
    names = list(result.keys())
    previous = GENESIS
    links = []
    for values in result.all():
        row = dict(zip(names, values, strict=True))
        row["changes_hash"] = changes_digest(row["changes"] if row["changes"] is not None else "{}")
        previous = link(previous, row)
        links.append({"id": row["id"], "changes_hash": row["changes_hash"], "chain_hash": previous})
    if links:
        conn.execute(sa.text("UPDATE audit_event SET changes_hash = :changes_hash, chain_hash = :chain_hash "
                             "WHERE id = :id"), links)
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.alter_column('changes_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('chain_hash', existing_type=sa.String(length=64), nullable=False)
    _drop_triggers()  # a table rebuilt by batch mode keeps none; be sure either way
    for sql in _NEW_TRIGGERS if _sqlite() else ():
        op.execute(sql)
    op.execute("DELETE FROM app_meta WHERE key = 'audit_redaction'")


def downgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('chain_hash')
        batch_op.drop_column('changes_hash')
    for verb in ("UPDATE", "DELETE") if _sqlite() else ():
        op.execute(f"""
            CREATE TRIGGER audit_event_no_{verb.lower()} BEFORE {verb} ON audit_event
            WHEN NOT EXISTS (SELECT 1 FROM app_meta WHERE key = 'audit_redaction')
            BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END""")
