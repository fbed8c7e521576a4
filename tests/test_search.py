"""Search as you type: one inspection's matches, newest recorded first, bounded, with every filter."""

from __future__ import annotations

import pytest
from factories import make_case, make_inspection

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, search
from inspector_app.services.evidence import EvidenceFilter


def _add(ws, inspection_id, text, **kw):
    values = dict(text=text, area_key="help_protection", polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    values.update(kw)
    return evidence.add_evidence(ws, inspection_id, **values).id


def test_search_keeps_to_the_inspection_even_when_its_items_interleave_with_another(ws):
    mine, other = make_inspection(ws), make_inspection(ws, authority="Otherton")
    ids = []
    for i in range(6):  # both inspections' items alternate, so the other's rows lie inside mine's rowid range
        ids.append(_add(ws, mine.id, f"Supervision note {i} was reflective."))
        _add(ws, other.id, f"Supervision note {i} elsewhere.")
    found = evidence.evidence_ids(ws, mine.id, EvidenceFilter(query="supervision"))
    assert found == ids[::-1]  # newest recorded first, none of the other inspection's
    assert evidence.count_evidence(ws, mine.id, EvidenceFilter(query="supervision")) == 6
    assert evidence.evidence_ids(ws, mine.id, EvidenceFilter(query="supervision"), limit=4) == ids[::-1][:4]


def test_short_words_long_words_and_filters_combine(ws):
    insp = make_inspection(ws)
    case = make_case(ws, insp.id)
    a = _add(ws, insp.id, "Voice of the child is clear in plans.", case_id=case.id)
    b = _add(ws, insp.id, "Voice in the plan is unclear.", polarity=Polarity.DEVELOPMENT)
    c = _add(ws, insp.id, "Of note: no voice recorded.", area_key="leaders", source=EvidenceSource.MANAGER)

    def ids(**kw):
        return evidence.evidence_ids(ws, insp.id, EvidenceFilter(**kw))

    assert ids(query="voice of") == [c, a]
    assert ids(query="of") == [c, a]  # a short word alone: LIKE, newest recorded first
    assert ids(query="voice", polarity=Polarity.DEVELOPMENT) == [b]
    assert ids(query="voice", case_id=case.id) == [a]
    assert ids(query="voice", area_key="leaders", source=EvidenceSource.MANAGER) == [c]
    assert ids(query="100%_") == []  # LIKE wildcards typed are matched literally
    assert ids() == [c, b, a]  # no search: newest seen first (same day, so newest recorded)


def test_each_filter_shape_is_compiled_once():
    search.compiled.cache_clear()
    shape = search.Shape(searching=True, long_words=1, short_words=1, equal=("area_key",), descriptor=True, count=False,
                         limited=True)
    sql, params = search.compiled(shape)
    assert "evidence_fts MATCH ?" in sql and "LIMIT ?" in sql
    assert search.compiled(shape) == (sql, params)
    assert search.compiled.cache_info().hits == 1


def test_the_same_items_in_the_same_order_on_either_engine(ws):
    """Runs on SQLite (FTS5 trigram) and PostgreSQL (pg_trgm GIN): the same expectations hold on both."""
    insp = make_inspection(ws)
    a = _add(ws, insp.id, "Safeguarding meetings were timely.")
    b = _add(ws, insp.id, "SAFEGUARDING leads know the café’s staff.", tags=["multi-agency", "Café"])
    c = _add(ws, insp.id, "A plan reviewed at 100% of visits.", tags=["safeguard_review"])
    d = _add(ws, insp.id, "Nothing relevant here.")

    def ids(query: str) -> list[int]:
        return evidence.evidence_ids(ws, insp.id, EvidenceFilter(query=query))

    assert ids("safegu") == [c, b, a]  # inside a word, any case, text or tags, newest recorded first
    assert ids("GUARDING") == [b, a]
    assert ids("café") == [b] and ids("CAFÉ") == [b]  # letters beyond ASCII fold too
    assert ids("agency") == [b]  # tags are searched
    assert ids("100%") == [c] and ids("d_r") == [c] and ids("d%r") == []  # wildcards typed are literal
    assert ids('"plan reviewed"') == [c] and ids("plan reviewed") == [c]
    assert ids("timely meetings") == [a]  # every word, in any order
    assert ids("zzz") == [] and ids("here relevant") == [d]


def test_an_inspection_whose_id_range_is_its_own_is_searched_by_the_range_alone(ws):
    from inspector_app.storage import engines

    other = make_inspection(ws, authority="Otherton")
    before = _add(ws, other.id, "Supervision note, elsewhere, before.")
    mine = make_inspection(ws)
    ids = [_add(ws, mine.id, f"Supervision note {i} was reflective.") for i in range(4)]
    _add(ws, other.id, "Supervision note, elsewhere, after.")
    with ws.db.read_connection() as connection:
        driver = connection.connection.driver_connection
        exact = engines.ops(connection).range_is_exact(driver, mine.id)
        assert exact is (ws.db.on_server is False)  # SQLite searches by id range; PostgreSQL never does
        if not ws.db.on_server:
            assert not engines.ops(connection).range_is_exact(driver, other.id)  # mine lie inside its range
    assert evidence.evidence_ids(ws, mine.id, EvidenceFilter(query="supervision")) == ids[::-1]
    assert evidence.count_evidence(ws, mine.id, EvidenceFilter(query="supervision")) == 4
    assert before not in evidence.evidence_ids(ws, mine.id, EvidenceFilter(query="note"))


def test_a_query_parsed_once_gives_what_each_pattern_function_gives():
    from inspector_app.services import search

    for typed in ("", "a", "sup", 'voice of the "child seen" ab %_\\x', "  x  yy zzz "):
        assert search.patterns(typed) == (search.fts_match(typed), search.like_patterns(typed),
                                          search.term_patterns(typed))


def test_a_search_sees_what_another_connection_wrote_between_two_searches(ws, db_location, registry):
    """A second window (its own connections) saves between two searches in this one: the second search finds
    the new item, and none of another inspection's items the second window put inside this one's id range.
    On SQLite the search box's kept connection remembers the inspection's id range between searches; it must
    not answer from it once anyone else has committed."""
    from inspector_app.services import open_workspace

    mine, other = make_inspection(ws), make_inspection(ws, authority="Otherton")
    first = [_add(ws, mine.id, f"Supervision note {i} was reflective.") for i in range(3)]
    supervision = EvidenceFilter(query="supervision")
    assert evidence.evidence_ids(ws, mine.id, supervision, limit=501) == first[::-1]
    second = open_workspace(db_location, user=ws.db.user, registry=registry)
    try:
        newer = _add(second, mine.id, "Supervision note 3, from the second window.")
        assert evidence.evidence_ids(ws, mine.id, supervision, limit=501) == [newer, *first[::-1]]
        elsewhere = _add(second, other.id, "Supervision note in another inspection.")
        newest = _add(second, mine.id, "Supervision note 4: the other inspection's item lies before it.")
    finally:
        second.close()
    assert elsewhere < newest
    assert evidence.evidence_ids(ws, mine.id, supervision, limit=501) == [newest, newer, *first[::-1]]
    assert evidence.evidence_ids(ws, other.id, supervision, limit=501) == [elsewhere]
    own = _add(ws, mine.id, "Supervision note 5, saved in this window.")  # this database's own save
    assert evidence.evidence_ids(ws, mine.id, supervision, limit=501) == [own, newest, newer, *first[::-1]]


def test_the_search_box_has_a_kept_connection_on_sqlite_and_a_second_thread_reads_through_the_pool(ws):
    import threading

    from sqlalchemy.exc import DBAPIError

    insp = make_inspection(ws)
    ids = [_add(ws, insp.id, f"Supervision note {i}.") for i in range(3)]
    found: list[object] = []

    def elsewhere() -> None:  # while this thread holds the kept connection
        with ws.db.kept_reader() as busy:
            found.append(busy)
        found.append(evidence.evidence_ids(ws, insp.id, EvidenceFilter(query="supervision")))

    with ws.db.kept_reader() as reader:
        assert (reader is None) is ws.db.on_server  # a store's reads are per statement: nothing is kept
        worker = threading.Thread(target=elsewhere)
        worker.start()
        worker.join(timeout=10)
        assert not worker.is_alive()  # never waits for the kept connection
    assert found == [None, ids[::-1]]
    if reader is not None:  # a broken kept connection: SQLAlchemy's error, and the next search opens another
        reader._driver.close()
        with pytest.raises(DBAPIError):
            evidence.evidence_ids(ws, insp.id, EvidenceFilter(query="supervision"))
        assert evidence.evidence_ids(ws, insp.id, EvidenceFilter(query="note")) == ids[::-1]
