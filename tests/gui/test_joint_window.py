"""The Joint inspection view: the lead records inspectorates, evidence follows, the filter narrows by inspectorate."""

from __future__ import annotations

from datetime import date

from inspector_app.domain.enums import EvidenceSource, InspectionKind, Polarity, TeamRole
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.services import evidence, inspections, joint, open_workspace


def test_lead_sets_inspectorates_and_filters_evidence(qtbot, make_window, tmp_path, registry):
    db = tmp_path / "jtai.sqlite"
    ws = open_workspace(db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = inspections.create_inspection(
        ws, authority="Testshire", framework_uid="jtai@2023", kind=InspectionKind.JOINT_TARGETED,
        start_date=date(2026, 5, 11), end_date=date(2026, 5, 22),
        team=[("Lena Lead", "LL", TeamRole.LEAD), ("Harun Iqbal", "HI", TeamRole.TEAM)])
    ws.user = "Harun Iqbal"
    evidence.add_evidence(ws, info.id, text="Officers record children as victims.", area_key="police",
                          polarity=Polarity.STRENGTH, source=EvidenceSource.PARTNER, seen_on=date(2026, 5, 12))
    ws.close()
    window = make_window(db)
    window.open_inspection(info.id)
    window.go("joint")
    page = window.pages["joint"]
    combo = page.combos["Harun Iqbal"]
    combo.setFocus()
    combo.setCurrentIndex(combo.findData(Inspectorate.HMICFRS.value))
    assert joint.team_inspectorates(window.ctx.ws, info.id)["Harun Iqbal"] is Inspectorate.HMICFRS
    assert evidence.find_evidence(window.ctx.ws, info.id)[0].inspectorate is Inspectorate.HMICFRS
    page.filter.setCurrentIndex(page.filter.findData(Inspectorate.CQC.value))
    assert page.evidence.count() == 0
    page.filter.setCurrentIndex(page.filter.findData(Inspectorate.HMICFRS.value))
    assert page.evidence.count() == 1 and "[HMICFRS]" in page.evidence.item(0).text()
