"""Evidence references the same on every laptop: the author's initials and their own running number.

Revision ID: a7e3c1f09b52
Revises: c4a1e7d2b9f3
Create Date: 2026-12-03 09:20:00

An item was shown as ``E-0772`` from its row id, which differs on every laptop. Each item now stores its
reference (``AA-5``, see ``domain/refs.py``), unique within its inspection. Existing items are numbered
here, per inspection and author initials, in creation order (time, then uuid): the same items get the
same numbers on every laptop that holds them. The counter table keeps the last number given per author,
so a deleted item's number is not given again. The column is added with an empty default and the unique
key as an index, so SQLite adds both without rebuilding the table (and its full-text triggers).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from inspector_app.domain.refs import format_ref, ref_prefix

revision: str = "a7e3c1f09b52"
down_revision: str | Sequence[str] | None = "c4a1e7d2b9f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("evidence", sa.Column("ref", sa.String(length=16), nullable=False, server_default=""))
    op.create_table(
        "evidence_ref_counter",
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=4), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"],
                                name=op.f("fk_evidence_ref_counter_inspection_id_inspection"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("inspection_id", "prefix", name=op.f("pk_evidence_ref_counter")),
    )
    _number_existing(op.get_bind())
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("evidence", "ref", server_default=None, existing_type=sa.String(length=16))
    op.create_index("uq_evidence_inspection_ref", "evidence", ["inspection_id", "ref"], unique=True)


def _number_existing(bind: sa.Connection) -> None:
    team: dict[int, dict[str, str]] = {}
    for inspection_id, name, initials in bind.execute(sa.text(
            "SELECT inspection_id, name, initials FROM team_member ORDER BY id")):
        team.setdefault(inspection_id, {}).setdefault(name.strip().casefold(), initials or "")
    rows = sorted(bind.execute(sa.text("SELECT id, inspection_id, created_by, created_at, uuid FROM evidence")),
                  key=lambda r: (r[1], str(r[3]), r[4]))
    counters: dict[tuple[int, str], int] = {}
    updates = []
    for row_id, inspection_id, author, _created, _uuid in rows:
        author = author or ""
        prefix = ref_prefix(team.get(inspection_id, {}).get(author.strip().casefold()), author)
        number = counters[(inspection_id, prefix)] = counters.get((inspection_id, prefix), 0) + 1
        updates.append({"r": format_ref(prefix, number), "id": row_id})
    if updates:
        bind.execute(sa.text("UPDATE evidence SET ref = :r WHERE id = :id"), updates)
        bind.execute(sa.text("INSERT INTO evidence_ref_counter (inspection_id, prefix, last) VALUES (:i, :p, :n)"),
                     [{"i": i, "p": p, "n": n} for (i, p), n in counters.items()])


def downgrade() -> None:
    op.drop_index("uq_evidence_inspection_ref", table_name="evidence")
    op.drop_table("evidence_ref_counter")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE evidence DROP COLUMN ref")  # no rebuild: the full-text triggers stay
    else:
        op.drop_column("evidence", "ref")
