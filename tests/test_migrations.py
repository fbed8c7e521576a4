"""Migrations: from an empty file and from every earlier revision, matching the models exactly."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from inspector_app.storage import migrations
from inspector_app.storage.base import Base
from inspector_app.storage.database import DatabaseOpenError, open_database


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(migrations.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_revision_chain_is_linear():
    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert len(script.get_heads()) == 1
    for rev in script.walk_revisions():
        assert not isinstance(rev.down_revision, tuple | list), rev.revision


def test_head_revision_constant_matches_the_scripts():
    assert migrations.head_revision() == migrations.HEAD_REVISION


def test_empty_database_is_migrated_to_head_on_open(tmp_path):
    db = open_database(tmp_path / "new.sqlite", create=True, plaintext=True)
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    db.close()


def test_models_and_migrations_agree(tmp_path):
    db = open_database(tmp_path / "check.sqlite", create=True, plaintext=True)
    with db.engine.connect() as connection:
        def managed(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
            return not (type_ == "table" and name.startswith("evidence_fts"))

        context = MigrationContext.configure(connection, opts={"include_object": managed})
        diff = compare_metadata(context, Base.metadata)
    db.close()
    assert diff == []


@pytest.mark.parametrize("start", _revisions()[:-1])
def test_upgrade_from_every_earlier_revision_keeps_data(tmp_path, start):
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to_head(engine, None, target=start)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO inspection (uuid, created_at, updated_at, created_by, updated_by, authority, "
            "framework_id, framework_version, kind, status, start_date, end_date, summary) VALUES "
            "('u1', '2026-01-01', '2026-01-01', 'a', 'a', 'Oldshire', 'ilacs', '2023', 'ilacs_standard', "
            "'planning', '2026-01-05', '2026-01-09', '')"))
        conn.execute(text(
            "INSERT INTO evidence (uuid, created_at, updated_at, created_by, updated_by, inspection_id, text, "
            "source, seen_on, area_key, descriptors, polarity, tags) VALUES ('u2', '2026-01-01', '2026-01-01', "
            "'a', 'a', 1, 'Older evidence about supervision', 'case_file', '2026-01-05', 'leaders', '[]', "
            "'strength', '[]')"))
    engine.dispose()
    db = open_database(path, create=True, plaintext=True)
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    with db.read_session() as session:
        assert session.execute(text("SELECT authority FROM inspection")).scalar() == "Oldshire"
        hits = session.execute(text("SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH 'supervision'")).all()
        assert len(hits) == 1
        assert session.execute(text("SELECT ref FROM evidence")).scalar() == "A-1"  # numbered for its author
    db.close()
    backups = list(tmp_path.glob("old.before-migration-*.sqlite"))
    assert len(backups) == 1, "a copy is taken before migrating an existing database"
    assert sqlite3.connect(backups[0]).execute("SELECT authority FROM inspection").fetchone() == ("Oldshire",)


def _old_evidence(path, order):  # type: ignore[no-untyped-def]
    """A database at the revision before evidence references, its items inserted in ``order``."""
    engine = create_engine(f"sqlite:///{path}")
    migrations.upgrade_to_head(engine, None, target="c4a1e7d2b9f3")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO inspection (id, uuid, created_at, updated_at, created_by, updated_by, authority, "
            "framework_id, framework_version, kind, status, start_date, end_date, summary) VALUES "
            "(1, 'u1', '2026-01-01', '2026-01-01', 'a', 'a', 'Oldshire', 'ilacs', '2023', 'ilacs_standard', "
            "'planning', '2026-01-05', '2026-01-09', '')"))
        for n, (name, initials) in enumerate((("Amir Ahmed", "AA"), ("Priya Rao", "pr"))):
            conn.execute(text(
                "INSERT INTO team_member (uuid, created_at, updated_at, created_by, updated_by, inspection_id, name, "
                f"initials, role) VALUES ('t{n}', '2026-01-01', '2026-01-01', 'a', 'a', 1, '{name}', '{initials}', "
                "'team')"))
        for item in order:
            author, created = {"a1": ("Amir Ahmed", "10:00"), "a2": ("amir ahmed", "11:00"),
                               "p1": ("Priya Rao", "10:30"), "x1": ("Lee Visitor", "09:00"),
                               "a3": ("Amir Ahmed", "11:00")}[item]
            conn.execute(text(
                "INSERT INTO evidence (uuid, created_at, updated_at, created_by, updated_by, inspection_id, text, "
                "source, seen_on, area_key, descriptors, polarity, tags) VALUES (:u, :c, :c, :a, :a, 1, :u, "
                "'case_file', '2026-01-05', 'leaders', '[]', 'strength', '[]')"),
                {"u": item, "c": f"2026-01-06 {created}:00.000000", "a": author})
    engine.dispose()


def test_existing_evidence_is_numbered_per_author_in_creation_order_whatever_the_row_ids(tmp_path):
    """Two laptops holding the same items under different row ids number them alike (ties go by uuid)."""
    numbered = []
    for n, order in enumerate((["a1", "a2", "a3", "p1", "x1"], ["x1", "a3", "p1", "a2", "a1"])):
        _old_evidence(tmp_path / f"{n}.sqlite", order)
        db = open_database(tmp_path / f"{n}.sqlite", create=True, plaintext=True)
        with db.read_session() as session:
            numbered.append(dict(session.execute(text("SELECT uuid, ref FROM evidence")).all()))
            counters = dict(session.execute(text("SELECT prefix, last FROM evidence_ref_counter")).all())
        db.close()
        assert counters == {"AA": 3, "PR": 1, "LV": 1}
    assert numbered[0] == numbered[1] == {"a1": "AA-1", "a2": "AA-2", "a3": "AA-3", "p1": "PR-1", "x1": "LV-1"}


def test_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "future.sqlite"
    open_database(path, create=True, plaintext=True).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseOpenError, match="newer version of Inspector App"):
        open_database(path, create=True, plaintext=True)
    assert path.read_bytes() == before


def test_non_database_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("just some text, not a database")
    with pytest.raises(DatabaseOpenError, match="is not an Inspector App database"):
        open_database(path, create=True, plaintext=True)
    assert path.read_text() == "just some text, not a database"


# --- the same migrations on PostgreSQL (a real server: tests/pg.py) -------------------------------------

def _pg_diff(url: str) -> list[object]:
    db = open_database(url)
    with db.engine.connect() as connection:
        def managed(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
            return not (type_ in ("table", "index") and name and name.startswith("evidence_fts"))

        context = MigrationContext.configure(connection, opts={"include_object": managed})
        diff = compare_metadata(context, Base.metadata)
    db.close()
    return diff


def test_postgresql_store_is_migrated_from_empty_and_matches_the_models(pg_cluster):
    name = pg_cluster.new_database()
    try:
        db = open_database(pg_cluster.url(name), create=True)
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        with db.engine.connect() as connection:
            indexes = {r[0] for r in connection.execute(text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'evidence'"))}
            triggers = {r[0] for r in connection.execute(text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass AND NOT tgisinternal"))}
        db.close()
        assert {"evidence_fts_trgm_text", "evidence_fts_trgm_tags"} <= indexes
        assert triggers == {"audit_event_no_update", "audit_event_no_delete", "audit_event_no_truncate"}
        assert _pg_diff(pg_cluster.url(name)) == []
    finally:
        pg_cluster.drop_database(name)


@pytest.mark.parametrize("start", [_revisions()[0], _revisions()[-2]])
def test_postgresql_upgrade_from_an_earlier_revision_keeps_data(pg_cluster, start):
    name = pg_cluster.new_database()
    try:
        engine = create_engine("postgresql+psycopg://", creator=lambda: pg_cluster.connect(name, autocommit=False))
        migrations.upgrade_to_head(engine, None, target=start)
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO inspection (uuid, created_at, updated_at, created_by, updated_by, authority, "
                "framework_id, framework_version, kind, status, start_date, end_date, summary) VALUES "
                "('u1', '2026-01-01', '2026-01-01', 'a', 'a', 'Oldshire', 'ilacs', '2023', 'ilacs_standard', "
                "'planning', '2026-01-05', '2026-01-09', '') "))
            inspection_id = conn.execute(text("SELECT id FROM inspection")).scalar()
            conn.execute(text(
                "INSERT INTO evidence (uuid, created_at, updated_at, created_by, updated_by, inspection_id, text, "
                "source, seen_on, area_key, descriptors, polarity, tags) VALUES ('u2', '2026-01-01', '2026-01-01', "
                "'a', 'a', :i, 'Older evidence about supervision', 'case_file', '2026-01-05', 'leaders', '[]', "
                "'strength', '[]')"), {"i": inspection_id})
        engine.dispose()
        with pytest.raises(DatabaseOpenError, match="older schema") as refused:
            open_database(pg_cluster.url(name))  # a person's open never migrates a store
        assert refused.value.reason.value == "older version"
        db = open_database(pg_cluster.url(name), create=True)  # what store init does
        assert migrations.current_revision(db.engine) == migrations.head_revision()
        with db.read_session() as session:
            assert session.execute(text("SELECT authority FROM inspection")).scalar() == "Oldshire"
            hits = session.execute(text("SELECT count(*) FROM evidence WHERE text ILIKE '%supervis%'")).scalar()
            assert hits == 1
            assert session.execute(text("SELECT ref FROM evidence")).scalar() == "A-1"
        db.close()
        assert _pg_diff(pg_cluster.url(name)) == []
    finally:
        pg_cluster.drop_database(name)


def test_postgresql_store_from_a_newer_version_is_refused_untouched(store_url):
    db = open_database(store_url)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    db.close()
    for create in (False, True):
        with pytest.raises(DatabaseOpenError, match="newer version of Inspector App") as refused:
            open_database(store_url, create=create)
        assert refused.value.reason.value == "newer version"
        assert "\n" not in str(refused.value) and "SELECT" not in str(refused.value)
