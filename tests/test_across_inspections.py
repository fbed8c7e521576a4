"""Across inspections in the store: the previous inspection's grades and recommendations carried into
a new one, and evidence searched across inspections with children by pseudonym only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from factories import make_inspection

from inspector_app.bundles.sync import sync
from inspector_app.cli import run
from inspector_app.domain.enums import EvidenceSource, FindingKind, Grade, LegalStatus, Polarity, TeamRole
from inspector_app.services import across, cases, evidence, findings, inspections, judgements, open_workspace
from inspector_app.services.workspace import ValidationError

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
    assert across.carry_forward(laptop, new.id, carried) == {"help_protection": Grade.REQUIRES_IMPROVEMENT,
                                                            "leaders": Grade.GOOD}
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
