"""A recommendation of an ILACS inspection followed through two monitoring visits into the letter."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector_app.domain.enums import FindingKind, Grade, InspectionKind, InspectionStatus
from inspector_app.reports import ExportOptions, export_pdf
from inspector_app.services import findings, inspections, judgements, recommendations
from inspector_app.services.deadlines import set_publication
from inspector_app.services.workspace import ValidationError

AREAS = ("leaders", "help_protection", "children_in_care", "care_leavers")


def _text(ws, inspection_id: int, tmp_path: Path, kind: str) -> str:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{inspection_id}.pdf"
    export_pdf(ws, inspection_id, out, ExportOptions(kind=kind))  # type: ignore[arg-type]
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out).pages))


def _setup(ws):  # type: ignore[no-untyped-def]
    ilacs = inspections.create_inspection(ws, authority="Westvale", framework_uid="ilacs@2023",
                                          kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 9, 28),
                                          end_date=date(2026, 10, 9))
    for area in AREAS:
        judgements.set_judgement(ws, ilacs.id, area, Grade.INADEQUATE)
    judgements.set_overall(ws, ilacs.id, Grade.INADEQUATE)
    findings.add_finding(ws, ilacs.id, kind=FindingKind.RECOMMENDATION,
                         text="The timeliness of strategy discussions for children at risk of significant harm.")
    findings.add_finding(ws, ilacs.id, kind=FindingKind.STRENGTH, text="Leaders know their services well.")
    mv1 = inspections.create_inspection(ws, authority="Westvale", framework_uid="monitoring_visit@2018",
                                        kind=InspectionKind.MONITORING_VISIT, start_date=date(2027, 4, 20),
                                        end_date=date(2027, 4, 21), visit_number=1,
                                        previous_inspection_date=date(2026, 10, 9))
    mv2 = inspections.create_inspection(ws, authority="Westvale", framework_uid="monitoring_visit@2018",
                                        kind=InspectionKind.MONITORING_VISIT, start_date=date(2027, 7, 20),
                                        end_date=date(2027, 7, 21), visit_number=2,
                                        previous_inspection_date=date(2026, 10, 9))
    return ilacs, mv1, mv2


def test_followed_through_two_monitoring_visits_into_the_letter(ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ilacs, mv1, mv2 = _setup(ws)
    assert recommendations.follow_up(ws, mv1.id) == []  # not published yet: nothing is tracked
    with pytest.raises(ValidationError, match="only a published"):
        recommendations.track(ws, ilacs.id)
    inspections.update_inspection(ws, ilacs.id, status=InspectionStatus.PUBLISHED)
    (rec,) = recommendations.follow_up(ws, mv1.id)
    assert rec.kind is FindingKind.RECOMMENDATION and rec.is_open
    recommendations.record_progress(ws, rec.id, mv1.id, evidence="12 strategy discussions sampled",
                                    statement="Strategy discussions are now held promptly in most cases.",
                                    sufficient=False)
    recommendations.record_progress(ws, rec.id, mv2.id, evidence="Audit of 20 children",
                                    statement="Strategy discussions are timely and well attended by police.",
                                    sufficient=True)
    recommendations.close(ws, rec.id, "Met: sustained improvement seen on two visits.", inspection_id=mv2.id)

    (second,) = recommendations.follow_up(ws, mv2.id)
    assert [p.sufficient for p in second.history] == [False, True]
    assert second.closed_on == date(2027, 7, 21)
    letter = _text(ws, mv2.id, tmp_path, "letter")
    assert "The timeliness of strategy discussions for children at risk of significant harm." in letter
    assert "Strategy discussions are timely and well attended by police. Progress is sufficient." in letter
    assert "now closed: Met: sustained improvement" in letter
    first = _text(ws, mv1.id, tmp_path, "letter")
    assert "Strategy discussions are now held promptly in most cases. Progress is not yet sufficient." in first
    assert "Inadequate" not in letter and "Requires improvement" not in letter

    later = inspections.create_inspection(ws, authority="Westvale", framework_uid="monitoring_visit@2018",
                                          kind=InspectionKind.MONITORING_VISIT, start_date=date(2027, 10, 20),
                                          end_date=date(2027, 10, 21), visit_number=3)
    assert recommendations.follow_up(ws, later.id) == []  # closed before this visit


def test_next_inspection_reports_progress_since_the_last_but_never_sufficiency(ws, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ilacs, _mv1, _mv2 = _setup(ws)
    set_publication(ws, ilacs.id, date(2026, 11, 20))
    nxt = inspections.create_inspection(ws, authority="westvale ", framework_uid="ilacs@2023",
                                        kind=InspectionKind.ILACS_STANDARD, start_date=date(2029, 1, 8),
                                        end_date=date(2029, 1, 19))
    (rec,) = recommendations.follow_up(ws, nxt.id)
    with pytest.raises(ValidationError, match="monitoring visit only"):
        recommendations.record_progress(ws, rec.id, nxt.id, statement="x", sufficient=True)
    with pytest.raises(ValidationError, match="later visit"):
        recommendations.record_progress(ws, rec.id, ilacs.id, statement="x")
    with pytest.raises(ValidationError, match="cannot be empty"):
        recommendations.close(ws, rec.id, "  ", inspection_id=nxt.id)
    recommendations.record_progress(ws, rec.id, nxt.id, statement="Strategy discussions are now timely.")
    report = _text(ws, nxt.id, tmp_path, "report")
    assert "Progress since the last inspection" in report
    assert "Strategy discussions are now timely." in report and "Progress is sufficient" not in report
    other = inspections.create_inspection(ws, authority="Eastmoor", framework_uid="monitoring_visit@2018",
                                          kind=InspectionKind.MONITORING_VISIT, start_date=date(2027, 4, 20),
                                          end_date=date(2027, 4, 21))
    with pytest.raises(ValidationError, match="Westvale"):
        recommendations.record_progress(ws, rec.id, other.id, statement="x")
    assert recommendations.reopen(ws, rec.id).is_open


def test_two_laptops_derive_the_same_recommendation(ws, registry, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.bundles.export import export_bundle
    from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
    from inspector_app.services import open_workspace

    ilacs, mv1, _mv2 = _setup(ws)
    inspections.update_inspection(ws, ilacs.id, status=InspectionStatus.PUBLISHED)
    (mine,) = recommendations.follow_up(ws, mv1.id)
    export_bundle(ws, ilacs.id, tmp_path / "ilacs.inspbundle")
    other = open_workspace(tmp_path / "other.sqlite", registry=registry, user="team", create=True, plaintext=True)
    try:
        apply_import(other, plan_import(other, read_bundle(tmp_path / "ilacs.inspbundle")))
        (theirs,) = recommendations.authority_recommendations(other, "Westvale")
        assert theirs.uuid == mine.uuid and theirs.text == mine.text
    finally:
        other.close()


def test_progress_closing_publication_and_escalations_travel_in_bundles(ws, registry, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from inspector_app.bundles.export import export_bundle
    from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
    from inspector_app.domain.enums import LegalStatus
    from inspector_app.services import cases, escalations, open_workspace
    from inspector_app.services.deadlines import publication_date

    ilacs, mv1, _mv2 = _setup(ws)
    set_publication(ws, ilacs.id, date(2026, 11, 20))
    (rec,) = recommendations.follow_up(ws, mv1.id)
    recommendations.record_progress(ws, rec.id, mv1.id, statement="Prompt now.", sufficient=True)
    recommendations.close(ws, rec.id, "Met.", inspection_id=mv1.id)
    case = cases.add_case(ws, mv1.id, reference="S-001", legal_status=LegalStatus.CHILD_PROTECTION)
    escalations.record_notice(ws, case.id, raised="Concern", notified_to="DCS",
                              notified_at=datetime(2026, 4, 21, 10, tzinfo=UTC))
    for inspection_id in (ilacs.id, mv1.id):
        export_bundle(ws, inspection_id, tmp_path / f"{inspection_id}.inspbundle")
    other = open_workspace(tmp_path / "other.sqlite", registry=registry, user="team", create=True, plaintext=True)
    try:
        for inspection_id in (ilacs.id, mv1.id):
            apply_import(other, plan_import(other, read_bundle(tmp_path / f"{inspection_id}.inspbundle")))
        their_visit = next(i for i in inspections.list_inspections(other) if i.uuid == mv1.uuid)
        their_ilacs = next(i for i in inspections.list_inspections(other) if i.uuid == ilacs.uuid)
        (theirs,) = recommendations.follow_up(other, their_visit.id)
        found = theirs.progress_on(their_visit.id)
        assert found is not None and found.statement == "Prompt now." and found.sufficient is True
        assert theirs.closed_reason == "Met." and theirs.closed_in_inspection_id == their_visit.id
        assert publication_date(other, their_ilacs.id) == date(2026, 11, 20)
        assert [n.raised for n in escalations.notices(other, their_visit.id)] == ["Concern"]
    finally:
        other.close()


def test_purge_scrubs_case_references_from_progress_statements(ws) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.domain.enums import LegalStatus
    from inspector_app.services import cases, retention

    ilacs, mv1, _mv2 = _setup(ws)
    set_publication(ws, ilacs.id, date(2026, 11, 20))
    cases.add_case(ws, mv1.id, reference="WV-4471", legal_status=LegalStatus.CHILD_PROTECTION)
    (rec,) = recommendations.follow_up(ws, mv1.id)
    recommendations.record_progress(ws, rec.id, mv1.id, evidence="WV-4471's strategy discussion was late",
                                    statement="Improving, though WV-4471 waited a week.")
    inspections.update_inspection(ws, mv1.id, status=InspectionStatus.PUBLISHED)
    retention.purge_case_details(ws, mv1.id, confirm="Westvale")
    found = recommendations.follow_up(ws, mv1.id)[0].progress_on(mv1.id)
    assert found is not None and "WV-4471" not in found.evidence + found.statement
    assert "Child A" in found.statement


def test_recommendations_taken_up_by_another_writer_meanwhile_are_found_not_refused(ws, db_location, registry,
                                                                                  monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The overview (read in a worker) and the Plan view both take up a published inspection's
    recommendations; whichever inserts second must find the other's rows, not fail on their UUID."""
    from inspector_app.services import open_workspace

    ilacs, mv1, _mv2 = _setup(ws)
    inspections.update_inspection(ws, ilacs.id, status=InspectionStatus.PUBLISHED)
    other = open_workspace(db_location, user="Other Window", registry=registry)
    real = recommendations.recommendation_uuid
    raced: list[bool] = []

    def uuid_after_the_other(finding_uuid: str) -> str:
        if not raced:  # the other writer takes them up between this session's read and its insert
            raced.append(True)
            recommendations.authority_recommendations(other, "Westvale")
        return real(finding_uuid)

    monkeypatch.setattr(recommendations, "recommendation_uuid", uuid_after_the_other)
    try:
        (rec,) = recommendations.follow_up(ws, mv1.id)
    finally:
        other.close()
    assert raced and rec.is_open
    assert [r.uuid for r in recommendations.authority_recommendations(ws, "Westvale")] == [rec.uuid]
