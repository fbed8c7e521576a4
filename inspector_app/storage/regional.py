"""Who sees what in a regional PostgreSQL store, enforced by the server: groups, privileges, row-level security.

``set_up_access`` is what ``inspector-app store init`` runs (as the store's owner, a role that may
create roles), after the schema is migrated. It is idempotent: running it again after an upgrade
covers new tables.

* Three group roles (NOLOGIN); each person logs in as their own role, made a member of one:
  ``inspector_app_inspectors`` read and write the inspections whose **store roster** names their
  login; ``inspector_app_qa`` (quality assurance reviewers) read every inspection and write nothing;
  ``inspector_app_admins`` read every inspection, keep the store roster, and grant the other two
  groups (they hold them WITH ADMIN OPTION), but write no inspection data.
* The store roster (``inspector_access.roster``: login, inspection uuid) is kept by administrators;
  whoever creates an inspection (or brings one in a bundle) is put on it by a trigger, so that they
  can go on working on it.
* Row-level security on every table that belongs to an inspection: ``inspection`` by its roster,
  tables with ``inspection_id`` (or the audit trail's ``inspection_uuid``) by the inspections the
  person can see, the rest through their parent row (a case's notes through the case, an evidence
  item's attachments through the item), so one rule decides everything.
* The audit trail is append-only for every role: no group holds UPDATE, DELETE or TRUNCATE on it,
  and the guard trigger (made by the migrations) refuses them even to the owner, bar a purge's
  redaction. Its chain is linked under one lock across the store, reading the last link through a
  function that sees past row-level security (``engines.postgresql``: a person sees only their
  inspections' events, yet each event links to the store's last).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Table, text

from inspector_app.storage.base import Base

INSPECTORS = "inspector_app_inspectors"
QA = "inspector_app_qa"
ADMINS = "inspector_app_admins"
GROUPS = {"inspector": INSPECTORS, "qa": QA, "admin": ADMINS}
SCHEMA = "inspector_access"

# Tables every group may read in full: no child's data in them (councils' heading names, public signing
# keys, bookkeeping of which row versions were shared, published recommendations), and the schema version.
SHARED = frozenset({"alembic_version", "annex_heading", "app_meta", "known_version", "row_origin", "signing_key",
                    "recommendation"})


class NoSuchLogin(LookupError):
    """No login role of that name exists on the server."""


@dataclass(frozen=True)
class AccessSummary:
    groups_created: list[str]
    tables_protected: int


def _visible_inspections() -> str:
    return "SELECT i.id FROM public.inspection i"  # the inspection table's own policy filters it


def _rule(table: Table) -> str | None:
    """The row-level security condition for a table, or None when it belongs to no inspection."""
    if table.name == "inspection":
        return f"({SCHEMA}.reads_all() OR {SCHEMA}.on_roster(uuid))"
    if "inspection_id" in table.c:
        return f"inspection_id IN ({_visible_inspections()})"
    if "inspection_uuid" in table.c:
        return "(inspection_uuid IS NULL OR inspection_uuid IN (SELECT i.uuid FROM public.inspection i))"
    for fk in sorted(table.foreign_keys, key=lambda f: (f.parent.nullable, f.parent.name)):
        if not fk.parent.nullable:
            parent = fk.column.table.name
            return f"{fk.parent.name} IN (SELECT p.id FROM public.{parent} p)"  # the parent's policy filters it
    return None


_FUNCTIONS = f"""
CREATE SCHEMA IF NOT EXISTS {SCHEMA};
CREATE TABLE IF NOT EXISTS {SCHEMA}.roster (
    login name NOT NULL,
    inspection_uuid varchar(36) NOT NULL,
    PRIMARY KEY (login, inspection_uuid));
CREATE OR REPLACE FUNCTION {SCHEMA}.reads_all() RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT pg_has_role(current_user, '{QA}', 'MEMBER') OR pg_has_role(current_user, '{ADMINS}', 'MEMBER')
$f$;
-- VOLATILE: its query sees the roster row the creator's trigger has just added in the same INSERT,
-- which a plain subquery in the policy (read with the statement's snapshot) would not.
CREATE OR REPLACE FUNCTION {SCHEMA}.on_roster(inspection varchar) RETURNS boolean LANGUAGE sql VOLATILE AS $f$
    SELECT EXISTS (SELECT 1 FROM {SCHEMA}.roster r WHERE r.inspection_uuid = inspection AND r.login = current_user)
$f$;
CREATE OR REPLACE FUNCTION {SCHEMA}.enrol_creator() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS $f$
BEGIN
    INSERT INTO {SCHEMA}.roster (login, inspection_uuid) VALUES (session_user, NEW.uuid) ON CONFLICT DO NOTHING;
    RETURN NEW;
END $f$;
DROP TRIGGER IF EXISTS inspection_enrol_creator ON public.inspection;
CREATE TRIGGER inspection_enrol_creator BEFORE INSERT ON public.inspection
    FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.enrol_creator();
"""


def _create_groups(connection: Connection) -> list[str]:
    made = []
    for group in (INSPECTORS, QA, ADMINS):
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": group}).first()
        if exists is None:
            connection.execute(text(f'CREATE ROLE "{group}" NOLOGIN'))
            made.append(group)
    for group in (INSPECTORS, QA):
        connection.execute(text(f'GRANT "{group}" TO "{ADMINS}" WITH ADMIN OPTION'))
    return made


def _grant(connection: Connection) -> None:
    everyone = f'"{INSPECTORS}", "{QA}", "{ADMINS}"'
    connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {everyone}"))
    connection.execute(text(f"GRANT USAGE ON SCHEMA public, {SCHEMA} TO {everyone}"))
    connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {everyone}"))
    connection.execute(text(f'GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{INSPECTORS}"'))
    # the audit trail and the schema version: append or read only, for every group
    connection.execute(text(f"REVOKE UPDATE, DELETE, TRUNCATE ON public.audit_event FROM PUBLIC, {everyone}"))
    connection.execute(text(f'REVOKE INSERT, UPDATE, DELETE ON public.alembic_version FROM "{INSPECTORS}"'))
    connection.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{INSPECTORS}"'))
    connection.execute(text(f"REVOKE ALL ON {SCHEMA}.roster FROM PUBLIC"))
    connection.execute(text(f"GRANT SELECT ON {SCHEMA}.roster TO {everyone}"))
    connection.execute(text(f'GRANT INSERT, DELETE ON {SCHEMA}.roster TO "{ADMINS}"'))
    connection.execute(text(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {SCHEMA} TO {everyone}"))
    connection.execute(text(f"GRANT EXECUTE ON FUNCTION public.inspector_last_audit_link() TO {everyone}"))


def _protect(connection: Connection) -> int:
    protected = 0
    for table in Base.metadata.sorted_tables:
        if table.name in SHARED:
            continue
        rule = _rule(table)
        if rule is None:
            continue
        connection.execute(text(f'ALTER TABLE public."{table.name}" ENABLE ROW LEVEL SECURITY'))
        connection.execute(text(f'DROP POLICY IF EXISTS by_roster ON public."{table.name}"'))
        connection.execute(text(f'CREATE POLICY by_roster ON public."{table.name}" USING ({rule}) '
                                f"WITH CHECK ({rule})"))
        protected += 1
    return protected


def set_up_access(connection: Connection) -> AccessSummary:
    """Groups, privileges and policies on a migrated store, in the caller's transaction (idempotent)."""
    connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('inspector_app store init'))"))
    groups = _create_groups(connection)
    connection.exec_driver_sql(_FUNCTIONS)
    _grant(connection)
    return AccessSummary(groups, _protect(connection))


def grant_group(connection: Connection, login: str, group: str) -> None:
    """Make an existing login a member of one of the app's groups (an administrator's act)."""
    connection.execute(text(f'GRANT "{GROUPS[group]}" TO "{_login(connection, login)}"'))


def add_to_roster(connection: Connection, login: str, inspection_uuid: str) -> bool:
    """Let a login work on an inspection; False when it was already on its store roster."""
    done = connection.execute(text(f"INSERT INTO {SCHEMA}.roster (login, inspection_uuid) VALUES (:l, :u) "
                                   "ON CONFLICT DO NOTHING"), {"l": _login(connection, login), "u": inspection_uuid})
    return bool(getattr(done, "rowcount", 0))


def remove_from_roster(connection: Connection, login: str, inspection_uuid: str) -> bool:
    """Stop a login working on an inspection; False when it was not on its store roster."""
    done = connection.execute(text(f"DELETE FROM {SCHEMA}.roster WHERE login = :l AND inspection_uuid = :u"),
                              {"l": _login(connection, login), "u": inspection_uuid})
    return bool(getattr(done, "rowcount", 0))


def _login(connection: Connection, login: str) -> str:
    """A login role that exists, by its exact name (never interpolated unchecked)."""
    found = connection.execute(text("SELECT rolname FROM pg_roles WHERE rolname = :r AND rolcanlogin"),
                               {"r": login}).scalar()
    if found is None:
        raise NoSuchLogin(login)
    return str(found)
