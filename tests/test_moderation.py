"""Independent grading, then moderation: proposals stay blind until the lead opens moderation.

Blindness is checked where another inspector could see a proposal: the services the window calls,
the history (audit trail) and the bundles that travel between laptops.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from factories import enrol, make_inspection

from inspector_app.bundles.export import export_bundle
from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
from inspector_app.domain.enums import EvidenceSource, Grade, Polarity, TeamRole
from inspector_app.services import Workspace, audit_trail, evidence, judgements, moderation, open_workspace
from inspector_app.services.moderation import ModerationError
from inspector_app.services.workspace import ValidationError

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Amir A", "AA", TeamRole.TEAM), ("Bea B", "BB", TeamRole.TEAM),
        ("Quinn QA", "QQ", TeamRole.QA)]


def _ws(tmp_path: Path, user: str, registry) -> Workspace:
    return open_workspace(tmp_path / f"{user.split()[0].lower()}.sqlite", user=user, registry=registry, create=True,
                          plaintext=True)


def _import(ws: Workspace, path: Path) -> int:
    return apply_import(ws, plan_import(ws, read_bundle(path)), default="theirs").inspection_id


def _evidence(ws: Workspace, inspection_id: int, text: str, area: str = "help_protection") -> int:
    return evidence.add_evidence(ws, inspection_id, text=text, area_key=area, polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3)).id


def _bundle_rows(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("data.json"))


@pytest.fixture
def team(tmp_path, registry):
    """The lead sends the inspection to Amir and Bea; each proposes grades and sends them back."""
    lead = _ws(tmp_path, "Lena Lead", registry)
    info = make_inspection(lead, "ilacs@2023", team=TEAM)
    e1 = _evidence(lead, info.id, "Strategy discussions are timely and include police and health.")
    e2 = _evidence(lead, info.id, "Some assessments drift beyond 45 working days.")
    _evidence(lead, info.id, "Return-home interviews are offered but rarely taken up.")
    laptops = {name: _ws(tmp_path, name, registry) for name in ("Amir A", "Bea B")}
    for ws in laptops.values():
        enrol(lead, info.id, ws)  # the lead's roster names each member's key
    start = tmp_path / "start.inspbundle"
    export_bundle(lead, info.id, start, recipient="everyone")
    members = {}
    for name, ws in laptops.items():
        members[name] = (ws, _import(ws, start))
    amir, a_id = members["Amir A"]
    bea, b_id = members["Bea B"]
    ids = {e.uuid: e.id for e in evidence.find_evidence(amir, a_id)}
    lead_ids = {e.id: e.uuid for e in evidence.find_evidence(lead, info.id)}
    a_e1 = ids[lead_ids[e1]]
    moderation.propose(amir, a_id, "help_protection", Grade.GOOD, "Front door is strong.", [a_e1])
    moderation.propose(amir, a_id, "leaders", Grade.GOOD, "Leaders know themselves well.")
    moderation.propose(amir, a_id, "children_in_care", Grade.REQUIRES_IMPROVEMENT, "Placement drift.")
    b_ids = {e.uuid: e.id for e in evidence.find_evidence(bea, b_id)}
    moderation.propose(bea, b_id, "help_protection", Grade.INADEQUATE, "Assessments drift; risk unassessed.",
                       [b_ids[lead_ids[e2]]])
    moderation.propose(bea, b_id, "leaders", Grade.GOOD, "Stable workforce.")
    moderation.propose(bea, b_id, "children_in_care", Grade.REQUIRES_IMPROVEMENT, "Sufficiency is weak.")
    moderation.propose(lead, info.id, "help_protection", Grade.REQUIRES_IMPROVEMENT, "Mixed picture.", [e1, e2])
    for name, (ws, inspection_id) in members.items():
        out = tmp_path / f"{name.split()[0].lower()}-to-lead.inspbundle"
        export_bundle(ws, inspection_id, out, recipient="Lena Lead")
        _import(lead, out)
    yield lead, info.id, members, (e1, e2)
    for ws, _ in members.values():
        ws.close()
    lead.close()


def test_proposals_are_blind_in_the_window_until_moderation_opens(team):
    lead, inspection_id, members, _ = team
    amir, a_id = members["Amir A"]
    assert [(p.inspector, p.area_key) for p in moderation.visible_proposals(lead, inspection_id)] == [
        ("Lena Lead", "help_protection")]
    assert {p.inspector for p in moderation.visible_proposals(amir, a_id)} == {"Amir A"}
    status = moderation.blind_status(lead, inspection_id)
    assert not status.open and status.proposals_by == {"Amir A": 3, "Bea B": 3, "Lena Lead": 1}
    with pytest.raises(ModerationError):
        moderation.moderation_view(lead, inspection_id)
    history = audit_trail.inspection_history(lead, inspection_id)
    assert {e.who for e in history if e.entity == "grade_proposal"} == {"Lena Lead"}
    moderation.open_moderation(lead, inspection_id)
    assert {p.inspector for p in moderation.visible_proposals(lead, inspection_id)} == {
        "Amir A", "Bea B", "Lena Lead"}
    history = audit_trail.inspection_history(lead, inspection_id)
    assert {e.who for e in history if e.entity == "grade_proposal"} == {"Amir A", "Bea B", "Lena Lead"}


def test_proposals_are_blind_in_bundles_until_moderation_opens(team, tmp_path):
    lead, inspection_id, members, _ = team
    bea, b_id = members["Bea B"]
    to_bea = tmp_path / "to-bea.inspbundle"
    export_bundle(lead, inspection_id, to_bea, recipient="Bea B")
    data = _bundle_rows(to_bea)
    assert {r["inspector"] for r in data["grade_proposal"]} == {"Bea B"}
    assert {e["who"] for e in data["audit"] if e["entity"] == "grade_proposal"} == {"Bea B"}
    assert "Front door is strong" not in json.dumps(data)
    _import(bea, to_bea)
    assert {p.inspector for p in moderation.visible_proposals(bea, b_id)} == {"Bea B"}

    moderation.open_moderation(lead, inspection_id)
    after = tmp_path / "to-bea-after.inspbundle"
    export_bundle(lead, inspection_id, after, recipient="Bea B", since_last=True)
    data = _bundle_rows(after)
    assert {r["inspector"] for r in data["grade_proposal"]} == {"Amir A", "Bea B", "Lena Lead"}
    _import(bea, after)
    assert moderation.is_open(bea, b_id)
    assert {p.inspector for p in moderation.visible_proposals(bea, b_id)} == {"Amir A", "Bea B", "Lena Lead"}


def test_moderation_view_puts_the_widest_disagreement_first_with_evidence(team):
    lead, inspection_id, _, (e1, e2) = team
    moderation.open_moderation(lead, inspection_id)
    view = moderation.moderation_view(lead, inspection_id)
    assert view.inspectors == ("Amir A", "Bea B", "Lena Lead")
    first = view.areas[0]
    assert first.key == "help_protection" and first.spread == 2  # good .. inadequate
    assert {who: [b.id for b in briefs] for who, briefs in first.cited.items()} == {
        "Amir A": [e1], "Bea B": [e2], "Lena Lead": [e1, e2]}
    assert [b.text for b in first.uncited] == ["Return-home interviews are offered but rarely taken up."]
    by_key = {a.key: a for a in view.areas}
    assert by_key["leaders"].spread == 0 and by_key["care_leavers"].note.startswith("no proposals")
    assert [a.key for a in view.areas][-1] in ("care_leavers",)
    # By hand (ranks): help and protection 2, 4, 3; leaders 2, 2; children in care 3, 3. n = 7 with
    # n2 = 3, n3 = 3, n4 = 1; ordinal distances d23 = 9, d34 = 4, d24 = 25. Observed disagreement:
    # only the first area, each ordered pair weighted 1/(3-1): (9 + 4 + 25) / 7. Expected:
    # 2 (3*3*9 + 3*1*4 + 3*1*25) / (7*6) = 8. Alpha = 1 - (38/7)/8 = 9/28.
    assert view.alpha.computable and view.alpha.pairable_units == 3
    assert view.alpha.value == pytest.approx(9 / 28)


def test_settled_grade_records_rationale_and_departures_and_travels(team, tmp_path):
    lead, inspection_id, members, _ = team
    amir, a_id = members["Amir A"]
    with pytest.raises(ModerationError, match="Open moderation first"):
        moderation.settle(lead, inspection_id, "help_protection", Grade.REQUIRES_IMPROVEMENT, "x")
    with pytest.raises(ModerationError, match="Only the lead"):
        moderation.open_moderation(amir, a_id)
    moderation.open_moderation(lead, inspection_id)
    with pytest.raises(ModerationError, match="can no longer change"):
        moderation.propose(lead, inspection_id, "leaders", Grade.GOOD, "late")
    decision = moderation.settle(lead, inspection_id, "help_protection", Grade.REQUIRES_IMPROVEMENT,
                                 "Timely strategy work, but drift in assessments leaves some risk unassessed.")
    assert decision.departed_from == ("Amir A", "Bea B")
    assert judgements.judgement_state(lead, inspection_id).grade("help_protection") is Grade.REQUIRES_IMPROVEMENT
    events = audit_trail.inspection_history(lead, inspection_id)
    assert any(e.entity == "moderation_decision" and e.action == "create" for e in events)
    out = tmp_path / "settled.inspbundle"
    export_bundle(lead, inspection_id, out, recipient="Amir A")
    _import(amir, out)
    view = moderation.moderation_view(amir, a_id)
    settled = next(a for a in view.areas if a.key == "help_protection").decision
    assert settled is not None and settled.grade is Grade.REQUIRES_IMPROVEMENT
    assert settled.departed_from == ("Amir A", "Bea B")
    with pytest.raises(ModerationError, match="Only the lead"):
        moderation.settle(amir, a_id, "leaders", Grade.GOOD, "I would like good.")


def test_bad_proposals_are_refused_with_a_reason(ws, registry):
    info = make_inspection(ws, "ilacs@2023", team=[("Tess Tester", "TT", TeamRole.LEAD)])
    with pytest.raises(ValidationError, match="does not grade an area called 'front_door'"):
        moderation.propose(ws, info.id, "front_door", Grade.GOOD, "x")
    with pytest.raises(ValidationError, match="follows from the areas"):
        moderation.propose(ws, info.id, "overall_effectiveness", Grade.GOOD, "x")
    with pytest.raises(ValidationError, match="cannot be empty"):
        moderation.propose(ws, info.id, "leaders", Grade.GOOD, "  ")
    visit = make_inspection(ws, "focused_visit@2018", team=[("Tess Tester", "TT", TeamRole.LEAD)],
                            focus_area="front_door")
    with pytest.raises(ValidationError, match="not graded"):
        moderation.propose(ws, visit.id, "front_door", Grade.GOOD, "x")
    ws.user = "Lena Lead"  # whoever creates an inspection leads it on the roster
    qa = make_inspection(ws, "ilacs@2023", team=[("Lena Lead", "LL", TeamRole.LEAD), ("Tess Tester", "TT",
                                                                                       TeamRole.QA)])
    ws.user = "Tess Tester"
    with pytest.raises(ModerationError, match="quality assurance reviewer"):
        moderation.propose(ws, qa.id, "leaders", Grade.GOOD, "x")


def test_one_proposal_per_area_is_not_computable_and_says_why(ws):
    info = make_inspection(ws, "ilacs@2023", team=[("Tess Tester", "TT", TeamRole.LEAD)])
    moderation.propose(ws, info.id, "leaders", Grade.GOOD, "Leaders are visible.")
    moderation.open_moderation(ws, info.id)
    view = moderation.moderation_view(ws, info.id)
    assert not view.alpha.computable
    assert "no area has grades from two or more inspectors" in str(view.alpha)
    leaders = next(a for a in view.areas if a.key == "leaders")
    assert leaders.note == "only one proposal (from Tess Tester): agreement not computable"


def test_draft_report_never_mentions_moderation_and_the_internal_annex_does(team, tmp_path):
    from docx import Document as WordDocument
    from pypdf import PdfReader

    from inspector_app.reports import ExportOptions
    from inspector_app.reports.export import ExportError, export_document

    lead, inspection_id, _, _ = team
    moderation.open_moderation(lead, inspection_id)
    moderation.settle(lead, inspection_id, "help_protection", Grade.REQUIRES_IMPROVEMENT, "Drift in assessments.")

    def text(options: ExportOptions, suffix: str = ".pdf") -> str:
        out = tmp_path / f"draft{suffix}"
        export_document(lead, inspection_id, out, options)
        if suffix == ".docx":
            return " ".join(p.text for p in WordDocument(str(out)).paragraphs)
        return " ".join(" ".join(page.extract_text() for page in PdfReader(out).pages).split())

    for draft in (text(ExportOptions()), text(ExportOptions(), ".docx"), text(ExportOptions(internal=True))):
        for word in ("moderat", "proposal", "alpha", "Front door is strong", "risk unassessed", "Mixed picture"):
            assert word.lower() not in draft.lower()
    for annex in (text(ExportOptions(internal=True, moderation_annex=True)),
                  text(ExportOptions(internal=True, moderation_annex=True), ".docx")):
        assert "Internal annex: moderation of judgements" in annex
        assert "Agreement between inspectors: 0.32 (low; 1 is full agreement" in annex
        assert "Krippendorff's alpha" in annex and "Bea B:" in annex and "Front door is strong" in annex
    with pytest.raises(ExportError, match="internal copy"):
        text(ExportOptions(moderation_annex=True))


def test_the_leads_working_grades_are_hidden_from_a_team_inspector_until_moderation_opens(team):
    """A team inspector who read the lead's board would propose with its grades in mind: the board, the
    overview and the history keep them from a team inspector until moderation opens; the lead, QA and
    someone the inspection does not name see them."""
    from inspector_app.services import overview

    lead, inspection_id, _members, _ = team
    judgements.set_judgement(lead, inspection_id, "leaders", Grade.GOOD, "Leaders know the service well.")

    def seen_by(user: str) -> tuple[bool, Grade | None, bool, int]:
        lead.user = user
        try:
            state = judgements.judgement_state(lead, inspection_id)
            shown = [e for e in audit_trail.inspection_history(lead, inspection_id) if e.entity == "judgement"]
            return (state.hidden, state.grade("leaders"), overview.overview(lead, inspection_id).judgements.hidden,
                    len(shown) + len(audit_trail.judgement_history(lead, inspection_id, "leaders")))
        finally:
            lead.user = "Lena Lead"

    assert seen_by("Amir A") == (True, None, True, 0)
    from inspector_app.reports.common import Audience
    from inspector_app.reports.content import gather
    from inspector_app.reports.inspection_report import _title_block
    from inspector_app.reports.readiness import readiness

    lead.user = "Amir A"  # the draft and its checklist say why there are no grades, not "not yet judged"
    try:
        data = gather(lead, inspection_id)
        assert [c.text for c in readiness(data) if "judge" in c.text or "hidden" in c.text] == [
            judgements.HIDDEN_GRADES]
        notices = [b.text for b in _title_block(data, Audience()) if getattr(b, "style", "") == "notice"]
        assert notices and "hidden from team inspectors" in notices[0]
    finally:
        lead.user = "Lena Lead"
    from inspector_app.domain.enums import InspectionStatus
    from inspector_app.services import inspections

    inspections.update_inspection(lead, inspection_id, status=InspectionStatus.QUALITY_ASSURANCE)
    assert seen_by("Amir A")[:2] == (False, Grade.GOOD), "the draft has gone to QA: the grades are settled"
    inspections.update_inspection(lead, inspection_id, status=InspectionStatus.DRAFTING)
    for user in ("Lena Lead", "Quinn QA", "Someone unnamed"):
        hidden, grade, _, events = seen_by(user)
        assert (hidden, grade) == (False, Grade.GOOD) and events >= 2, user
    moderation.open_moderation(lead, inspection_id)
    hidden, grade, _, events = seen_by("Amir A")
    assert (hidden, grade) == (False, Grade.GOOD) and events >= 2
