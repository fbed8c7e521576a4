"""The evidence listing read a window at a time: any page of ids, and where an item is, agree with the
whole listing for every filter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from factories import make_inspection

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence
from inspector_app.services.evidence import EvidenceFilter

FILTERS = [EvidenceFilter(), EvidenceFilter(polarity=Polarity.DEVELOPMENT),
           EvidenceFilter(area_key="leaders", source=EvidenceSource.MANAGER)]


@pytest.fixture
def listed(ws):
    """Two inspections' items interleaved, many on the same day (the order's ties are broken by id)."""
    mine, other = make_inspection(ws).id, make_inspection(ws, authority="Otherby").id
    for n in range(230):
        for inspection_id in (mine, other) if n % 3 else (mine,):
            evidence.add_evidence(ws, inspection_id, text=f"Item {n}.",
                                  area_key="leaders" if n % 2 else "help_protection",
                                  polarity=Polarity.STRENGTH if n % 4 else Polarity.DEVELOPMENT,
                                  source=EvidenceSource.MANAGER if n % 5 else EvidenceSource.CASE_FILE,
                                  seen_on=date(2026, 3, 2) + timedelta(days=n % 7))
    return ws, mine, other


def test_pages_of_ids_from_either_end_make_the_whole_listing(listed):
    ws, mine, _other = listed
    for flt in FILTERS:
        _pages_make(ws, mine, flt)


def _pages_make(ws, mine, flt):
    whole = evidence.evidence_ids(ws, mine, flt)
    total = evidence.count_evidence(ws, mine, flt)
    assert total == len(whole) > 0
    for size in (7, 50, 200):
        pages = [evidence.evidence_id_page(ws, mine, flt, start, size, total) for start in range(0, total, size)]
        assert [i for page in pages for i in page] == whole
    assert evidence.evidence_id_page(ws, mine, flt, total, 10, total) == []


def test_an_items_position_is_where_the_listing_has_it(listed):
    ws, mine, other = listed
    theirs = evidence.evidence_ids(ws, other)[0]
    for flt in FILTERS:
        whole = evidence.evidence_ids(ws, mine, flt)
        for row, evidence_id in enumerate(whole):
            assert evidence.evidence_position(ws, mine, flt, evidence_id) == row
        assert evidence.evidence_position(ws, mine, flt, theirs) is None, "another inspection's item is nowhere"
