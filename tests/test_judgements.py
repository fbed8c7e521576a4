"""Judgements through the services: the framework's rule is enforced where grades are stored."""

from __future__ import annotations

import pytest
from factories import make_inspection

from inspector_app.domain.enums import FindingKind, Grade
from inspector_app.domain.rules import OverallRuleError
from inspector_app.services import ValidationError, findings, judgements
from inspector_app.services.judgements import judgement_state


def test_sif_inadequate_key_judgement_makes_overall_inadequate(ws):
    insp = make_inspection(ws, "sif@2013")
    judgements.set_judgement(ws, insp.id, "help_protection", Grade.GOOD)
    judgements.set_judgement(ws, insp.id, "looked_after", Grade.GOOD)
    judgements.set_judgement(ws, insp.id, "leadership", Grade.GOOD)
    state = judgements.set_overall(ws, insp.id, Grade.GOOD)
    assert state.overall.settled is Grade.GOOD
    state = judgements.set_judgement(ws, insp.id, "leadership", Grade.INADEQUATE, "Leaders do not know.")
    assert state.overall.settled is Grade.INADEQUATE
    assert state.overall.summary() == (
        "Inadequate because Leadership, management and governance is inadequate.")
    with pytest.raises(OverallRuleError, match="must be inadequate"):
        judgements.set_overall(ws, insp.id, Grade.REQUIRES_IMPROVEMENT, "We think otherwise.")
    assert judgement_state(ws, insp.id).overall.settled is Grade.INADEQUATE


def test_sif_subjudgement_inadequate_does_not_force_overall(ws):
    insp = make_inspection(ws, "sif@2013")
    for key in ("help_protection", "looked_after", "leadership"):
        judgements.set_judgement(ws, insp.id, key, Grade.GOOD)
    judgements.set_judgement(ws, insp.id, "adoption", Grade.INADEQUATE)
    state = judgements.set_overall(ws, insp.id, Grade.GOOD)
    assert state.overall.settled is Grade.GOOD
    assert state.grade("adoption") is Grade.INADEQUATE


def test_ilacs_2023_soft_rule_departure_needs_a_rationale(ws):
    insp = make_inspection(ws, "ilacs@2023")
    for key, grade in (("leaders", Grade.INADEQUATE), ("help_protection", Grade.REQUIRES_IMPROVEMENT),
                       ("children_in_care", Grade.REQUIRES_IMPROVEMENT), ("care_leavers", Grade.GOOD)):
        judgements.set_judgement(ws, insp.id, key, grade)
    with pytest.raises(OverallRuleError, match="record a rationale"):
        judgements.set_overall(ws, insp.id, Grade.REQUIRES_IMPROVEMENT)
    assert judgement_state(ws, insp.id).overall.settled is None
    state = judgements.set_overall(ws, insp.id, Grade.REQUIRES_IMPROVEMENT,
                                   "New leaders have made rapid, verified improvements.")
    assert state.overall.settled is Grade.REQUIRES_IMPROVEMENT
    assert state.overall.departure and state.overall.needs_attention
    assert state.overall_rationale == "New leaders have made rapid, verified improvements."


def test_soft_rule_departure_becomes_unsettled_when_a_grade_changes_under_it(ws):
    insp = make_inspection(ws, "ilacs@2023")
    for key in ("leaders", "help_protection", "children_in_care", "care_leavers"):
        judgements.set_judgement(ws, insp.id, key, Grade.GOOD)
    judgements.set_overall(ws, insp.id, Grade.GOOD, "")
    state = judgements.set_judgement(ws, insp.id, "help_protection", Grade.INADEQUATE)
    assert state.overall.settled is None
    assert not state.overall.allowed and "rationale" in state.overall.summary()


def test_ilacs_2026_refuses_an_overall_grade(ws):
    insp = make_inspection(ws, "ilacs@2026")
    judgements.set_judgement(ws, insp.id, "leaders", Grade.GOOD)
    with pytest.raises(OverallRuleError, match="no overall effectiveness"):
        judgements.set_overall(ws, insp.id, Grade.GOOD, "rationale")
    assert judgement_state(ws, insp.id).overall.settled is None


def test_ungraded_visit_refuses_grades(ws):
    visit = make_inspection(ws, "focused_visit@2018")
    with pytest.raises(ValidationError, match="not graded"):
        judgements.set_judgement(ws, visit.id, "front_door", Grade.GOOD)


def test_unknown_area_is_refused(ws):
    insp = make_inspection(ws, "ilacs@2023")
    with pytest.raises(ValidationError, match="no judgement area 'adoption'"):
        judgements.set_judgement(ws, insp.id, "adoption", Grade.GOOD)


def test_judgement_keeps_rationale_and_who_set_it(ws):
    insp = make_inspection(ws, "ilacs@2023")
    ws.user = "Lena Lead"
    state = judgements.set_judgement(ws, insp.id, "care_leavers", Grade.GOOD, "Strong PA relationships.")
    info = state.areas["care_leavers"]
    assert (info.grade, info.rationale, info.updated_by) == (Grade.GOOD, "Strong PA relationships.", "Lena Lead")
    state = judgements.set_judgement(ws, insp.id, "care_leavers", None)
    assert state.grade("care_leavers") is None and state.areas["care_leavers"].rationale == "Strong PA relationships."
    assert "Care leavers" in state.missing


def test_findings_are_ordered_moved_linked_and_renumbered(ws):
    from test_model import _evidence

    insp = make_inspection(ws, "ilacs@2026")
    e1 = _evidence(ws, insp.id)
    e2 = _evidence(ws, insp.id, "Plans lack timescales.")
    a = findings.add_finding(ws, insp.id, kind=FindingKind.RECOMMENDATION, text="First", national_ref="outcome 3",
                             evidence_ids=[e1.id])
    b = findings.add_finding(ws, insp.id, kind=FindingKind.RECOMMENDATION, text="Second")
    c = findings.add_finding(ws, insp.id, kind=FindingKind.RECOMMENDATION, text="Third")
    assert [f.position for f in (a, b, c)] == [1, 2, 3]
    order = findings.move_finding(ws, c.id, 0)
    assert [f.text for f in order] == ["Third", "First", "Second"]
    findings.update_finding(ws, b.id, evidence_ids=[e1.id, e2.id], text="Second, reworded")
    findings.delete_finding(ws, a.id)
    listed = findings.list_findings(ws, insp.id, kind=FindingKind.RECOMMENDATION, area_key=None)
    assert [(f.text, f.position) for f in listed] == [("Third", 1), ("Second, reworded", 2)]
    assert listed[1].evidence_ids == tuple(sorted((e1.id, e2.id)))
    with pytest.raises(ValidationError, match="no national-framework item"):
        findings.add_finding(ws, insp.id, kind=FindingKind.RECOMMENDATION, text="x", national_ref="outcome 99")


def test_findings_by_area_are_kept_apart(ws):
    insp = make_inspection(ws, "ilacs@2023")
    findings.add_finding(ws, insp.id, kind=FindingKind.STRENGTH, text="Leaders know", area_key="leaders")
    findings.add_finding(ws, insp.id, kind=FindingKind.STRENGTH, text="Front door", area_key="help_protection")
    assert [f.text for f in findings.list_findings(ws, insp.id, area_key="leaders")] == ["Leaders know"]
    assert len(findings.list_findings(ws, insp.id)) == 2
    with pytest.raises(ValidationError, match="not part of this inspection"):
        findings.add_finding(ws, insp.id, kind=FindingKind.STRENGTH, text="x", evidence_ids=[9999])
