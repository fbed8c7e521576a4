"""The balanced sample: stratification, spread and same-seed reproducibility, checked statistically."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

import pytest

from inspector_app.demo.annex_a import synthetic_rows, write_csv
from inspector_app.domain.enums import AgeBand, InspectionKind, LegalStatus, SelectionReason
from inspector_app.domain.sampling import Candidate, allocate, draw
from inspector_app.services import annex_import, cases, inspections, sampling
from inspector_app.services.workspace import ValidationError

TODAY = date(2026, 11, 2)
GROUPS = ("White", "White", "White", "White", "Mixed", "Asian", "Black", "Other")


def _population(n: int, seed: int = 0) -> list[Candidate]:
    rng = random.Random(seed)
    strata = ["looked_after"] * 5 + ["child_protection"] * 3 + ["care_leaver"] * 2
    bands = [AgeBand.UNDER_1, AgeBand.AGE_1_4, AgeBand.AGE_5_9, AgeBand.AGE_10_15, AgeBand.AGE_16_17]
    return [Candidate(f"SYN{i:06d}", strata[i % 10], (8,), f"Team {rng.randrange(6)}", f"Worker {rng.randrange(40)}",
                      rng.choice(bands), rng.choice(GROUPS)) for i in range(n)]


def test_allocation_is_proportional_with_one_place_each() -> None:
    assert allocate({"a": 500, "b": 300, "c": 200}, 20) == {"a": 10, "b": 6, "c": 4}
    assert allocate({"a": 990, "b": 9, "c": 1}, 10) == {"a": 8, "b": 1, "c": 1}
    assert allocate({"a": 2, "b": 1}, 10) == {"a": 2, "b": 1}
    assert sum(allocate({"a": 7, "b": 5, "c": 3}, 11).values()) == 11


def test_same_seed_same_sample_other_seed_other_sample() -> None:
    pop = _population(3000)
    first = [c.council_id for c in draw(pop, 40, seed=7)]
    assert first == [c.council_id for c in draw(list(reversed(pop)), 40, seed=7)]
    assert first != [c.council_id for c in draw(pop, 40, seed=8)]


def test_stratification_and_spread_hold_statistically() -> None:
    pop = _population(5000)
    share = Counter(c.ethnic_group for c in pop)
    pooled: Counter[str] = Counter()
    inclusion: Counter[str] = Counter()
    for seed in range(60):
        chosen = draw(pop, 40, seed=seed)
        assert Counter(c.stratum for c in chosen) == {"looked_after": 20, "child_protection": 12, "care_leaver": 8}
        assert max(Counter(c.worker for c in chosen).values()) <= 2  # 40 children over 40 workers
        teams = Counter(c.team for c in chosen)
        assert max(teams.values()) - min(teams.values()) <= 2
        assert set(c.age_band for c in chosen) == set(c.age_band for c in pop)  # every age band represented
        assert set(c.ethnic_group for c in chosen) == set(share)  # every ethnic group represented
        pooled.update(c.ethnic_group for c in chosen)
        inclusion.update(c.council_id for c in chosen)
    # Balancing lifts small groups above their share, but the majority group stays the largest.
    assert pooled.most_common(1)[0][0] == "White"
    # Across seeds, no child is picked far more often than chance: the draw is not stuck on a few children.
    expected = 60 * 40 / 5000
    assert max(inclusion.values()) <= expected + 6 * expected ** 0.5 + 2
    assert len(inclusion) > 0.35 * 5000


@pytest.fixture
def imported(ws, tmp_path):  # type: ignore[no-untyped-def]
    info = inspections.create_inspection(ws, authority="Westvale", framework_uid="ilacs@2023",
                                         kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 11, 9),
                                         end_date=date(2026, 11, 20))
    for number, count, offset in ((6, 400, 0), (7, 150, 300), (8, 250, 1000), (9, 120, 2000)):
        headings, rows = synthetic_rows(number, count, seed=3, today=TODAY, id_offset=offset)
        path = write_csv(tmp_path / f"l{number}.csv", headings, rows)
        annex_import.accept(ws, annex_import.preview(ws, info.id, path, number, today=TODAY))
    return info.id


def test_sample_from_lists_becomes_pseudonymous_cases(ws, imported) -> None:  # type: ignore[no-untyped-def]
    population = sampling.strata(ws, imported)
    # children on lists 6 and 7 (ids 300-399) count once, under child protection
    assert population[LegalStatus.CHILD_PROTECTION] == 150 and population[LegalStatus.CHILD_IN_NEED] == 300
    spec = sampling.SampleSpec(size=24, seed=11, statuses=(LegalStatus.LOOKED_AFTER, LegalStatus.CHILD_PROTECTION,
                                                            LegalStatus.CARE_LEAVER))
    drawn = sampling.draw_sample(ws, imported, spec)
    # 250, 150 and 120 children: one place each, then 21 in proportion (largest remainders)
    assert Counter(c.stratum for c in drawn) == {LegalStatus.LOOKED_AFTER: 11, LegalStatus.CHILD_PROTECTION: 7,
                                                 LegalStatus.CARE_LEAVER: 6}
    assert [c.council_id for c in sampling.draw_sample(ws, imported, spec)] == [c.council_id for c in drawn]
    out = drawn[0].council_id
    swapped = sampling.swap_child(ws, imported, out)
    assert out not in {c.council_id for c in swapped} and len(swapped) == 24
    added = sampling.add_child(ws, imported, "SYN000001")
    assert len(added) == 25 and any(c.added_by_hand and c.council_id == "SYN000001" for c in added)
    with pytest.raises(ValidationError, match="already in the sample"):
        sampling.add_child(ws, imported, "SYN000001")
    with pytest.raises(ValidationError, match="not on any imported list"):
        sampling.add_child(ws, imported, "SYN999999")
    assert sampling.accept_sample(ws, imported) == 25
    made = cases.list_cases(ws, imported)
    assert sorted(c.reference for c in made) == [f"S-{n:03d}" for n in range(1, 26)]
    assert all(c.selection_reason is SelectionReason.SAMPLED and "SYN" not in c.summary for c in made)
    with pytest.raises(ValidationError, match="already a case"):
        sampling.swap_child(ws, imported, "SYN000001")
    # a redraw keeps the children already made into cases
    redrawn = sampling.draw_sample(ws, imported, spec)
    assert {c.council_id for c in added} <= {c.council_id for c in redrawn}
    assert sampling.accept_sample(ws, imported) == 0


def test_council_ids_only_in_the_internal_pseudonym_key(ws, imported, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import re

    from pypdf import PdfReader

    from inspector_app.reports import ExportOptions, export_pdf

    sampling.draw_sample(ws, imported, sampling.SampleSpec(size=5, seed=3))
    sampling.accept_sample(ws, imported)
    ids = {c.council_id for c in sampling.sample(ws, imported)}

    def text(**options: bool) -> str:
        out = tmp_path / f"{len(options)}.pdf"
        export_pdf(ws, imported, out, ExportOptions(**options))  # type: ignore[arg-type]
        return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out).pages))

    assert not any(i in text() for i in ids)
    assert not any(i in text(internal=True, appendix=True) for i in ids)
    internal = text(internal=True, internal_references=True)
    assert all(i in internal for i in ids) and "Council child ID" in internal
