"""Across inspections in the store: the previous inspection's grades and recommendations carried into
a new one, and evidence searched across inspections with children by pseudonym only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import enrol, make_inspection
from sqlalchemy import select

from inspector_app.bundles.export import export_bundle
from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
from inspector_app.bundles.sync import sync
from inspector_app.cli import run
from inspector_app.domain.enums import (
    EvidenceSource,
    FindingKind,
    Grade,
    InspectionStatus,
    LegalStatus,
    Polarity,
    TeamRole,
)
from inspector_app.services import (
    across,
    cases,
    evidence,
    findings,
    inspections,
    judgements,
    open_workspace,
    recommendations,
)
from inspector_app.services.audit_trail import inspection_history
from inspector_app.services.workspace import ValidationError
from inspector_app.storage.models import Recommendation

TEAM = [("Lena Lead", "LL", TeamRole.LEAD)]


@pytest.fixture
def store_with_history(engine: str, tmp_path: Path, registry, request: pytest.FixtureRequest):
    """The store (a PostgreSQL database, or a SQLite file standing in) holds Testshire's 2023 inspection
    (graded, with recommendations, evidence about a case) and a focused visit after it; the lead's laptop
    has just created the 2026 inspection."""
    if engine == "postgresql":
        store_path: Path | str = str(request.getfixturevalue("store_url"))
    else:
        store_path = tmp_path / "store.sqlite"
        open_workspace(store_path, user="admin", registry=registry, create=True, plaintext=True).close()
    old = open_workspace(tmp_path / "old.sqlite", user="Lena Lead", registry=registry, create=True, plaintext=True)
    earlier = make_inspection(old, "ilacs@2023", team=TEAM, authority="Testshire", start_date=date(2023, 5, 8),
                              end_date=date(2023, 5, 19))
    judgements.set_judgement(old, earlier.id, "help_protection", Grade.REQUIRES_IMPROVEMENT)
    judgements.set_judgement(old, earlier.id, "leaders", Grade.GOOD)
    findings.add_finding(old, earlier.id, kind=FindingKind.RECOMMENDATION, area_key="help_protection",
                         text="The timeliness of strategy meetings.")
    case = cases.add_case(old, earlier.id, reference="TS-4471", legal_status=LegalStatus.CHILD_PROTECTION,
                          initials="QZ")
    evidence.add_evidence(old, earlier.id, text="Visits to TS-4471 were weekly and purposeful.",
                          area_key="help_protection", polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE,
                          case_id=case.id, seen_on=date(2023, 5, 10))
    make_inspection(old, "focused_visit@2018", team=TEAM, authority="Testshire", start_date=date(2024, 9, 2),
                    end_date=date(2024, 9, 5))
    store = open_workspace(store_path, user="Lena Lead", registry=registry)
    sync(old, store)
    old.close()
    laptop = open_workspace(tmp_path / "lena.sqlite", user="Lena Lead", registry=registry, create=True,
                            plaintext=True)
    new = make_inspection(laptop, "ilacs@2023", team=TEAM, authority=" testshire ", start_date=date(2026, 3, 2),
                          end_date=date(2026, 3, 13))
    yield store, laptop, new, store_path
    store.close()
    laptop.close()


def test_the_previous_inspection_is_found_and_its_grades_carried_into_the_new_one(store_with_history):
    store, laptop, new, _path = store_with_history
    carried = across.previous_inspection(store, new.authority, new.start_date)
    assert carried is not None and carried.end_date == date(2023, 5, 19)  # the graded one, not the visit after
    assert carried.recommendations == ((FindingKind.RECOMMENDATION, "help_protection",
                                        "The timeliness of strategy meetings."),)
    done = across.carry_forward(laptop, new.id, carried)
    assert done.grades == {"help_protection": Grade.REQUIRES_IMPROVEMENT, "leaders": Grade.GOOD}
    assert (done.recommendations_added, done.recommendations_kept) == (1, 0)
    saved = inspections.get_inspection(laptop, new.id)
    assert saved.previous == {"help_protection": Grade.REQUIRES_IMPROVEMENT, "leaders": Grade.GOOD}
    assert saved.previous_inspection_date == date(2023, 5, 19)
    assert across.previous_inspection(store, "Testshire", date(2023, 5, 1)) is None
    other = make_inspection(laptop, "ilacs@2023", team=TEAM, authority="Otherton")
    with pytest.raises(ValidationError, match="is of Testshire, not Otherton"):
        across.carry_forward(laptop, other.id, carried)


def test_search_across_inspections_shows_pseudonyms_never_case_references(store_with_history):
    store, _laptop, _new, _path = store_with_history
    [hit] = across.search_across(store, "weekly and purposeful")
    assert hit.authority == "Testshire" and hit.child == "Child A"
    assert hit.text == "Visits to Child A were weekly and purposeful."
    assert "TS-4471" not in repr(hit) and "QZ" not in repr(hit)
    with pytest.raises(ValidationError, match="at least three letters"):
        across.search_across(store, "we")


def test_the_commands_carry_forward_and_search_across_the_store(store_with_history, capsys):
    store, laptop, new, store_path = store_with_history
    path = laptop.db.path
    laptop.close()
    code = run(["carry-forward", "--db", str(path), "--user", "Lena Lead", "--inspection", str(new.id),
                "--store", str(store_path)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "From the ILACS standard inspection ending 19 May 2023: 2 grades" in out
    assert "- [What needs to improve] The timeliness of strategy meetings." in out
    check = open_workspace(path, user="x", registry=store.registry)
    assert inspections.get_inspection(check, new.id).previous["leaders"] is Grade.GOOD
    check.close()
    code = run(["search-across", "purposeful", "--db", str(path), "--store", str(store_path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0 and "Child A" in out and "TS-4471" not in out


def test_carrying_from_the_store_tracks_its_recommendations_here_once_with_where_they_came_from(
        store_with_history):
    store, laptop, new, _path = store_with_history
    carried = across.previous_inspection(store, new.authority, new.start_date)
    assert carried is not None
    across.carry_forward(laptop, new.id, carried)
    [rec] = recommendations.follow_up(laptop, new.id)  # as a published inspection's are, when it is here
    assert (rec.kind, rec.area_key, rec.text) == (FindingKind.RECOMMENDATION, "help_protection",
                                                  "The timeliness of strategy meetings.")
    assert rec.source_inspection_id is None and rec.carried_into_id == new.id
    assert rec.source == "ILACS standard inspection ending 19 May 2023 (carried from the regional store)"
    assert rec.uuid == recommendations.recommendation_uuid(carried.sources[0].finding_uuid)  # the store's own id
    with laptop.db.read_session() as session:
        row = session.scalars(select(Recommendation)).one()
        assert row.carried_from_uuid == carried.uuid and row.carried_end == date(2023, 5, 19)
    history = inspection_history(laptop, new.id)
    again = across.carry_forward(laptop, new.id, carried)  # idempotent: nothing added, nothing re-audited
    assert (again.recommendations_added, again.recommendations_kept) == (0, 1)
    assert [r.id for r in recommendations.follow_up(laptop, new.id)] == [rec.id]
    assert len(inspection_history(laptop, new.id)) == len(history)
    recommendations.record_progress(laptop, rec.id, new.id, statement="Strategy meetings are now held within a day.")
    assert recommendations.follow_up(laptop, new.id)[0].progress_on(new.id).statement.startswith("Strategy")


def test_when_the_previous_inspection_is_in_the_same_database_carrying_links_it_and_tracking_adds_nothing(
        store_with_history):
    store, _laptop, _new, _path = store_with_history
    store.user = "Lena Lead"
    new = make_inspection(store, "ilacs@2023", team=TEAM, authority="Testshire", start_date=date(2026, 3, 2),
                          end_date=date(2026, 3, 13))  # this time the new inspection is made in the store itself
    carried = across.previous_inspection(store, new.authority, new.start_date)
    assert carried is not None
    [earlier] = [i for i in inspections.list_inspections(store) if i.uuid == carried.uuid]
    done = across.carry_forward(store, new.id, carried)
    assert (done.recommendations_added, done.recommendations_kept) == (1, 0)
    [rec] = recommendations.follow_up(store, new.id)
    assert rec.source_inspection_id == earlier.id and rec.source == "ILACS standard inspection ending 19 May 2023"
    inspections.update_inspection(store, earlier.id, status=InspectionStatus.PUBLISHED)  # now tracked as published
    assert [r.id for r in recommendations.follow_up(store, new.id)] == [rec.id]  # the same row, not a second one
    again = across.carry_forward(store, new.id, carried)
    assert (again.recommendations_added, again.recommendations_kept) == (0, 1)


def test_a_carried_recommendation_is_adopted_when_its_inspection_arrives_later(store_with_history, tmp_path,
                                                                              registry):
    store, _laptop, _new, _path = store_with_history
    amir = open_workspace(tmp_path / "amir.sqlite", user="Amir A", registry=registry, create=True, plaintext=True)
    try:
        new = make_inspection(amir, "ilacs@2023", team=[("Amir A", "AA", TeamRole.LEAD)], authority="Testshire",
                              start_date=date(2026, 3, 2), end_date=date(2026, 3, 13))
        carried = across.previous_inspection(store, new.authority, new.start_date)
        assert carried is not None
        across.carry_forward(amir, new.id, carried)
        old = open_workspace(tmp_path / "old.sqlite", user="Lena Lead", registry=registry)
        try:  # the previous inspection's lead publishes it and sends it to Amir in a bundle
            [earlier] = [i for i in inspections.list_inspections(old) if i.uuid == carried.uuid]
            inspections.update_inspection(old, earlier.id, status=InspectionStatus.PUBLISHED)
            enrol(old, earlier.id, amir)
            export_bundle(old, earlier.id, tmp_path / "earlier.inspbundle", recipient="everyone")
        finally:
            old.close()
        apply_import(amir, plan_import(amir, read_bundle(tmp_path / "earlier.inspbundle")))
        local = next(i for i in inspections.list_inspections(amir) if i.uuid == carried.uuid)
        [rec] = recommendations.follow_up(amir, new.id)  # tracked once: the carried row now names it
        assert rec.source_inspection_id == local.id and rec.source == "ILACS standard inspection ending 19 May 2023"
    finally:
        amir.close()
