"""Bulk writes on the driver store exactly what SQLAlchemy would, in the session's transaction."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
from factories import make_inspection
from sqlalchemy import insert, select, text

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.services import evidence
from inspector_app.storage import bulk
from inspector_app.storage.base import new_uuid
from inspector_app.storage.models import Evidence, KnownVersion

WHEN = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
_NUMBERS = itertools.count(1)  # each row its own evidence reference


def _row(inspection_id: int, words: str) -> dict[str, object]:
    return {"uuid": new_uuid(), "inspection_id": inspection_id, "text": words, "source": EvidenceSource.MANAGER,
            "seen_on": date(2026, 3, 4), "area_key": "leaders", "descriptors": ["lead.go2", "café’s"],
            "polarity": Polarity.STRENGTH, "grade": Grade.GOOD, "case_id": None, "record_audit_id": None,
            "tags": [], "created_by": "Bulk", "updated_by": "Bulk", "created_at": WHEN,
            "updated_at": WHEN, "ref": f"BU-{next(_NUMBERS)}"}


def test_bulk_rows_are_stored_as_a_core_insert_stores_them(ws):
    insp = make_inspection(ws)
    with ws.db.session() as session:
        session.execute(insert(Evidence), [_row(insp.id, "Through SQLAlchemy.")])
        ids = bulk.insert_rows(session, Evidence.__table__, [_row(insp.id, "Through the driver."),
                                                             _row(insp.id, "And a second one.")])
    with ws.db.read_session() as session:
        stored = session.execute(text("SELECT id, source, seen_on, descriptors, polarity, grade, tags, created_at "
                                      "FROM evidence ORDER BY id")).all()
    found = evidence.evidence_ids(ws, insp.id, evidence.EvidenceFilter(query="driver"))
    core, *driver = stored
    assert [r[0] for r in driver] == ids == [core[0] + 1, core[0] + 2]
    assert all(r[1:] == core[1:] for r in driver)  # the same text for JSON, dates, enums and UTC times
    assert found == [ids[0]]  # the search index follows (SQLite's trigger fired; PostgreSQL's GIN index is kept)
    with ws.db.session() as session:  # on PostgreSQL the ids came from the sequence, so the ORM carries on after them
        session.add(Evidence(**_row(insp.id, "After the bulk rows.")))
    with ws.db.read_session() as session:
        assert session.scalar(text("SELECT max(id) FROM evidence")) == ids[-1] + 1


def test_bulk_rows_roll_back_with_the_session_and_conflicts_follow_the_clause(ws):
    with pytest.raises(RuntimeError), ws.db.session() as session:
        bulk.execute_many(session, KnownVersion.__table__, [{"row_uuid": "u1", "content_hash": "h1"}])
        raise RuntimeError("the transaction fails after the bulk write")
    with ws.db.session() as session:
        bulk.execute_many(session, KnownVersion.__table__,
                          [{"row_uuid": "u2", "content_hash": "h2"}, {"row_uuid": "u2", "content_hash": "h2"}],
                          " ON CONFLICT (row_uuid, content_hash) DO NOTHING")
    with ws.db.read_session() as session:
        assert session.execute(select(KnownVersion.row_uuid)).scalars().all() == ["u2"]



def test_statements_go_with_their_engine_not_with_the_process(ws):
    """A statement's converters hold the engine's dialect, which remembers every table a new database's
    migrations built: kept in a process-wide cache, they held every database the process had ever opened.
    Kept on the dialect, they go when SQLAlchemy lets go of the engine."""
    import gc

    info = make_inspection(ws)
    with ws.db.engine.begin() as connection:
        bulk.execute_many(connection, Evidence.__table__, [_row(info.id, "Kept only while the engine is.")])
    built = ws.db.engine.dialect.__dict__[bulk._BUILT]
    statement = next(s for (table, _names, _tail), s in built.items() if table is Evidence.__table__)
    gc.collect()
    assert [type(r).__name__ for r in gc.get_referrers(statement) if r is not built] == []


def _outcome(process, value):
    try:
        result = process(value)
        return "value", type(result), getattr(result, "obj", result)  # psycopg's Json wrapper: what it holds
    except Exception as exc:  # the same refusal is what is compared
        return "refused", type(exc)


def test_the_binds_shortcuts_give_exactly_what_each_column_type_gives(ws):
    """Every column of every table, on the app's own SQLite dialect: the shortcut ``storage.bulk`` binds a
    timestamp, a date, an enum member or a list with stores what the type's own processor stores, and
    anything else goes through that processor (refusals included)."""
    from zoneinfo import ZoneInfo

    from inspector_app.storage.base import Base

    dialect = ws.db.engine.dialect
    samples = [None, "text", "manager", "", 7, True, [], ["lead.go2", "café’s"], [{"at": "x"}], {"a": [1]},
               WHEN, datetime(2026, 7, 1, 23, 59, 59, 999999, tzinfo=ZoneInfo("Europe/London")),
               datetime(999, 1, 1, tzinfo=UTC), datetime(2026, 3, 4, 9, 30), date(2026, 3, 4), date(999, 1, 1),
               *EvidenceSource, *Polarity, *Grade]
    compared = 0
    shortcut = set()
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            plain = column.type.dialect_impl(dialect).bind_processor(dialect)
            quick = bulk._processor(column, dialect)
            if plain is None:
                assert quick is None
                continue
            if quick.__qualname__.startswith(bulk._processor.__name__):  # one of its shortcuts (not the type's)
                shortcut.add(type(column.type).__name__)
            for value in samples:
                assert _outcome(quick, value) == _outcome(plain, value), (table.name, column.name, value)
                compared += 1
    assert compared > 500
    # SQLite stores timestamps, dates and JSON as text: each has its shortcut there; PostgreSQL's driver takes
    # datetime objects and wraps JSON, so there only an enum member is looked up
    assert shortcut == ({"UTCDateTime", "Date", "Enum", "JSON"} if dialect.name == "sqlite" else {"Enum"})
