"""One set of rules: what the services refuse to save is what the importer refuses to bring in."""

from __future__ import annotations

from datetime import date

import pytest
from factories import make_case, make_inspection

from inspector_app.domain.enums import EvidenceSource, FindingKind, Polarity
from inspector_app.services import ValidationError, cases, evidence, findings, inspections, judgements, validation


@pytest.mark.parametrize(("text", "why"), [
    ("a\x00b", "control or text-direction"), ("file\u202etxt", "control or text-direction"),
    ("x" * (validation.LONG_TEXT + 1), "longer than"), ("   ", "cannot be empty")])
def test_the_window_cannot_save_what_a_bundle_cannot_bring(ws, text, why):
    info = make_inspection(ws)
    case = make_case(ws, info.id)
    with pytest.raises(ValidationError, match=why):
        evidence.add_evidence(ws, info.id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))
    with pytest.raises(ValidationError, match=why):
        cases.add_note(ws, case.id, text)
    with pytest.raises(ValidationError, match=why):
        findings.add_finding(ws, info.id, kind=FindingKind.STRENGTH, text=text)
    if why != "cannot be empty":
        with pytest.raises(ValidationError, match=why):
            judgements.set_judgement(ws, info.id, "leaders", None, text)
    row = {"uuid": "e0000000-0000-4000-8000-000000000001", "text": text, "area_key": "leaders",
           "source": "case_file", "polarity": "strength", "seen_on": "2026-03-03", "descriptors": [], "tags": [],
           "ref": "TT-1"}
    problem = validation.check_rows("evidence", [row], ws.framework(info.id))
    assert problem is not None and problem.field == "text" and (not text.strip() or text[:3] not in str(problem))


def test_lists_dates_references_and_single_lines(ws):
    info = make_inspection(ws)
    with pytest.raises(ValidationError, match="more than 100 entries"):
        evidence.add_evidence(ws, info.id, text="ok", area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE, tags=[f"t{i}" for i in range(101)])
    with pytest.raises(ValidationError, match="plausible date"):
        evidence.add_evidence(ws, info.id, text="ok", area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE, seen_on=date(1900, 1, 1))
    with pytest.raises(ValidationError, match="plausible date"):
        make_inspection(ws, start_date=date(1900, 1, 1), end_date=date(1900, 1, 2))
    with pytest.raises(ValidationError, match="control or text-direction"):
        make_case(ws, info.id, reference="AB\n12")
    with pytest.raises(ValidationError, match="control or text-direction"):
        inspections.update_inspection(ws, info.id, authority="Tests\u202ehire")
    make_case(ws, info.id, reference="AB-12")
    with pytest.raises(ValidationError, match="already has a case"):
        make_case(ws, info.id, reference="AB-12")
    assert validation.repeated_references(["AB-12", " AB-12", "CD-3"]) == {"AB-12"}


def test_framework_rules_are_the_same_for_imported_rows(ws):
    info = make_inspection(ws)
    framework = ws.framework(info.id)
    good = {"uuid": "x", "text": "ok", "area_key": "leaders", "source": "case_file", "polarity": "strength",
            "seen_on": "2026-03-03", "descriptors": [], "tags": [], "ref": "TT-1"}
    assert validation.check_rows("evidence", [good], framework) is None
    for change, field in (({"area_key": "front_door"}, "area_key"), ({"descriptors": ["nope"]}, "descriptors"),
                          ({"source": "rumour"}, "source"), ({"tags": [["nested"]]}, "tags")):
        problem = validation.check_rows("evidence", [good, dict(good, **change)], framework)
        assert problem is not None and (problem.row, problem.field) == (2, field), change
    inspection = {"authority": "Testshire", "framework_id": "ilacs", "framework_version": "2023",
                  "kind": "ilacs_standard", "start_date": "2026-03-02", "end_date": "2026-03-01"}
    assert validation.check_rows("inspection", [inspection], framework).field == "end_date"
    assert validation.check_rows("inspection", [dict(inspection, end_date="2026-03-13", authority="")],
                                 framework).field == "authority"
    assert validation.check_rows("judgement", [{"area_key": "overall_effectiveness", "grade": "good"}],
                                 framework) is None
