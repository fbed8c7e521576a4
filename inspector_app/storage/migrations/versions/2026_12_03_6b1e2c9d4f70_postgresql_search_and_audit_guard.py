"""PostgreSQL store: the search index and the audit trail's guard, as SQLite has them since 7f1d0c5b9a42/dfb3d6bd0120.

Revision ID: 6b1e2c9d4f70
Revises: af51988dda10
Create Date: 2026-12-03 00:10:00

On PostgreSQL: ``pg_trgm`` GIN indexes on ``evidence.text`` and ``evidence.tags::text`` answer the
same substring questions as SQLite's FTS5 trigram index (see ``storage.engines.postgresql``), and a
PL/pgSQL guard refuses UPDATE (bar a purge's redaction of ``changes``), DELETE and TRUNCATE of
``audit_event``, and a function gives the chain's last link to whoever appends. On SQLite this revision does nothing: its index and triggers exist already.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "6b1e2c9d4f70"
down_revision: str | Sequence[str] | None = "af51988dda10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy: this revision must make this exact guard whatever later code says.
_GUARD = (
    "CREATE FUNCTION inspector_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $guard$ "
    "BEGIN "
    "IF TG_OP = 'UPDATE' AND current_setting('inspector.audit_redaction', true) = 'on' "
    "AND (to_jsonb(NEW) - 'changes') = (to_jsonb(OLD) - 'changes') THEN RETURN NEW; END IF; "
    "RAISE EXCEPTION 'the audit trail cannot be changed' USING ERRCODE = 'insufficient_privilege'; "
    "END"
    " $guard$"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX evidence_fts_trgm_text ON evidence USING gin (text gin_trgm_ops)")
    op.execute("CREATE INDEX evidence_fts_trgm_tags ON evidence USING gin ((tags::text) gin_trgm_ops)")
    op.execute(_GUARD)
    # The chain's last link for whoever appends, seen past row-level security (a person sees only their
    # inspections' events, but each event links to the store's last).
    op.execute("CREATE FUNCTION inspector_last_audit_link() RETURNS varchar LANGUAGE sql STABLE SECURITY DEFINER "
               "SET search_path = public, pg_temp AS "
               "$f$ SELECT chain_hash FROM audit_event ORDER BY id DESC LIMIT 1 $f$")
    op.execute("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
               "FOR EACH ROW EXECUTE FUNCTION inspector_audit_guard()")
    op.execute("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
               "FOR EACH ROW EXECUTE FUNCTION inspector_audit_guard()")
    op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
               "FOR EACH STATEMENT EXECUTE FUNCTION inspector_audit_guard()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for trigger in ("audit_event_no_update", "audit_event_no_delete", "audit_event_no_truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS inspector_audit_guard()")
    op.execute("DROP FUNCTION IF EXISTS inspector_last_audit_link()")
    op.execute("DROP INDEX IF EXISTS evidence_fts_trgm_tags")
    op.execute("DROP INDEX IF EXISTS evidence_fts_trgm_text")
