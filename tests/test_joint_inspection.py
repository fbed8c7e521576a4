"""A joint targeted area inspection from creation to its letter, with four inspectorates."""

from __future__ import annotations

import re
from datetime import date

import pytest
from factories import make_inspection

from inspector_app.domain.enums import EvidenceSource, FindingKind, InspectionKind, Polarity, TeamRole
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.reports import ExportOptions
from inspector_app.reports.export import export_document
from inspector_app.reports.readiness import readiness
from inspector_app.services import evidence, findings, inspections, joint
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.services.workspace import ValidationError

TEAM = {("Tess Tester", "TT", TeamRole.LEAD): Inspectorate.OFSTED,
        ("Carys Bevan", "CB", TeamRole.TEAM): Inspectorate.CQC,
        ("Harun Iqbal", "HI", TeamRole.TEAM): Inspectorate.HMICFRS,
        ("Priti Shah", "PS", TeamRole.TEAM): Inspectorate.HMI_PROBATION}


def _text(path) -> str:
    if path.suffix == ".docx":
        from docx import Document

        return " ".join(p.text for p in Document(str(path)).paragraphs)
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_joint_inspection_from_creation_to_its_letter(ws, tmp_path):
    info = inspections.create_inspection(
        ws, authority="Testshire", framework_uid="jtai@2023", kind=InspectionKind.JOINT_TARGETED,
        start_date=date(2026, 5, 11), end_date=date(2026, 5, 22), team=list(TEAM), dcs_name="Ruth Adeyemi")
    for (name, _initials, _role), inspectorate in TEAM.items():
        joint.set_member_inspectorate(ws, info.id, name, inspectorate)
    assert set(joint.team_inspectorates(ws, info.id).values()) == set(Inspectorate)

    gathered = {"Tess Tester": ("local_authority", "Strategy discussions about exploitation happen the same day."),
                "Carys Bevan": ("health", "The emergency department shares concerns with the front door quickly."),
                "Harun Iqbal": ("police", "Officers record children found with adults as potential victims."),
                "Priti Shah": ("probation_youth_justice", "Youth justice workers join safety planning meetings.")}
    for name, (area, text) in gathered.items():
        ws.user = name
        evidence.add_evidence(ws, info.id, text=text, area_key=area, polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE, seen_on=date(2026, 5, 12))
    ws.user = "Tess Tester"
    police = evidence.find_evidence(ws, info.id, EvidenceFilter(inspectorate=Inspectorate.HMICFRS))
    assert [e.text for e in police] == [gathered["Harun Iqbal"][1]]
    assert joint.evidence_by_inspectorate(ws, info.id) == dict.fromkeys(Inspectorate, 1)

    inspections.update_inspection(ws, info.id, summary="Partners in Testshire work well together when a child is "
                                                        "first identified as at risk outside the home.")
    for area, strength, improve in [
        ("local_authority", "Children's social care convenes strategy discussions promptly.",
         "Return-home conversations inform plans."),
        ("health", "Health practitioners recognise signs of exploitation.", "School nurses share concerns sooner."),
        ("police", "Police disruption activity is targeted well.", "Missing episodes are reviewed for patterns."),
        ("probation_youth_justice", "Youth justice assessments consider exploitation.",
         "Transitions to adult probation are planned earlier.")]:
        findings.add_finding(ws, info.id, kind=FindingKind.STRENGTH, text=strength, area_key=area)
        findings.add_finding(ws, info.id, kind=FindingKind.RECOMMENDATION, text=improve, area_key=area)

    from inspector_app.reports.content import gather

    assert all(check.text for check in readiness(gather(ws, info.id)))
    for suffix in (".pdf", ".docx"):
        out = tmp_path / f"jtai-letter{suffix}"
        result = export_document(ws, info.id, out, ExportOptions())
        assert result.kind == "letter"
        text = _text(out)
        assert "Joint targeted area inspection of the multi-agency response to children at risk of harm outside " \
               "the home" in text
        for addressee in ("Ruth Adeyemi, Director of Children's Services, Testshire Council",
                          "Chief Executive, Integrated care board (health)",
                          "Chief Constable, Police force for Testshire",
                          "Head of Service, Probation and youth justice services for Testshire"):
            assert addressee in text
        for inspectorate in Inspectorate:
            assert inspectorate.label in text
        for heading in ("Police", "Health services", "What needs to improve: police",
                        "What needs to improve: health services"):
            assert heading in text
        assert "Missing episodes are reviewed for patterns." in text
        assert "Harun Iqbal, His Majesty’s Inspector, HM Inspectorate of Constabulary" in text
        assert not re.search(r"\b(Outstanding|Requires improvement|Inadequate)\b", text)


def test_inspectorates_belong_to_joint_inspections_only(ws):
    info = make_inspection(ws, "ilacs@2023", team=[("Tess Tester", "TT", TeamRole.LEAD)])
    with pytest.raises(ValidationError, match="joint targeted area inspections"):
        joint.set_member_inspectorate(ws, info.id, "Tess Tester", Inspectorate.OFSTED)
