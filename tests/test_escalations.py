"""Escalation carried through: the notice, the response due in working days, overdue ones, nothing published."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from inspector_app.domain.enums import InspectionKind, LegalStatus
from inspector_app.reports import ExportOptions, export_pdf
from inspector_app.services import cases, escalations, inspections, outlook
from inspector_app.services.workspace import ValidationError


@pytest.fixture
def case_id(ws) -> int:  # type: ignore[no-untyped-def]
    info = inspections.create_inspection(ws, authority="Westvale", framework_uid="focused_visit@2018",
                                         kind=InspectionKind.FOCUSED_VISIT, start_date=date(2025, 12, 22),
                                         end_date=date(2025, 12, 23))
    return cases.add_case(ws, info.id, reference="S-001", legal_status=LegalStatus.CHILD_PROTECTION).id


def test_response_due_in_working_days_across_christmas(ws, case_id) -> None:  # type: ignore[no-untyped-def]
    # 24 Dec 2025 (Wednesday), 16:30 in London: Christmas, Boxing Day and the weekend are not working days.
    notice = escalations.record_notice(ws, case_id, raised="Child left with an unassessed adult overnight.",
                                       notified_to="Head of Service, Front Door",
                                       notified_at=datetime(2025, 12, 24, 16, 30, tzinfo=UTC))
    assert notice.response_due == date(2025, 12, 29)
    two = escalations.record_notice(ws, case_id, raised="Second concern", notified_to="Service manager",
                                    notified_at=datetime(2025, 12, 24, 16, 30, tzinfo=UTC), response_working_days=2)
    assert two.response_due == date(2025, 12, 30)
    # 23:30 UTC on Thursday 31 July 2025 is already Friday 1 August in London: due Monday 4 August
    summer = escalations.record_notice(ws, case_id, raised="x", notified_to="y",
                                       notified_at=datetime(2025, 7, 31, 23, 30, tzinfo=UTC))
    assert summer.response_due == date(2025, 8, 4)
    (case,) = cases.list_cases(ws, notice.inspection_id)
    assert case.escalated_to == "Head of Service, Front Door"


def test_overdue_until_the_council_responds(ws, case_id) -> None:  # type: ignore[no-untyped-def]
    notice = escalations.record_notice(ws, case_id, raised="Unsafe sleeping arrangements.", notified_to="DCS",
                                       notified_at=datetime(2025, 12, 24, 10, 0, tzinfo=UTC))
    assert [n.id for n in escalations.overdue(ws, today=date(2025, 12, 30))] == [notice.id]
    assert escalations.overdue(ws, today=date(2025, 12, 29)) == []
    view = outlook.outlook(ws, notice.inspection_id, today=date(2025, 12, 30))
    assert [n.id for n in view.overdue_escalations] == [notice.id] and view.open_escalations == 1
    with pytest.raises(ValidationError, match="before the notice"):
        escalations.record_response(ws, notice.id, response_on=date(2025, 12, 20), response="x")
    escalations.record_response(ws, notice.id, response_on=date(2025, 12, 31),
                                response="Strategy discussion held; child placed with grandparents.")
    assert escalations.overdue(ws, today=date(2026, 1, 5)) == []
    with pytest.raises(ValidationError, match="cannot be empty"):
        escalations.record_notice(ws, case_id, raised=" ", notified_to="DCS")
    with pytest.raises(ValidationError, match="future"):
        escalations.record_notice(ws, case_id, raised="x", notified_to="DCS",
                                  notified_at=datetime(2099, 1, 1, tzinfo=UTC))


def test_escalations_never_reach_a_published_document(ws, case_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    notice = escalations.record_notice(ws, case_id, raised="Bruising not followed up by a medical.",
                                       notified_to="Principal Social Worker",
                                       notified_at=datetime(2025, 12, 23, 11, 0, tzinfo=UTC))
    escalations.record_response(ws, notice.id, response_on=date(2025, 12, 24), response="Child protection medical "
                                "arranged the same day.")
    for internal in (False, True):
        out = tmp_path / f"letter-{internal}.pdf"
        export_pdf(ws, notice.inspection_id, out, ExportOptions(internal=internal, internal_references=internal))
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(out).pages))
        assert "Bruising" not in text and "Principal Social Worker" not in text and "medical" not in text


def test_awaited_responses_are_in_the_plan_and_calendar_without_what_was_raised(ws, case_id) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    from inspector_app.services import deadlines
    from inspector_app.services.icalendar_export import to_icalendar

    escalations.record_notice(ws, case_id, raised="Bruising not followed up.", notified_to="DCS",
                              notified_at=datetime(2025, 12, 24, 10, 0, tzinfo=UTC))
    plan = deadlines.authority_plan(ws, "Westvale", today=date(2025, 12, 24))
    (item,) = [i for i in plan.items if i.title.startswith("Council's response due")]
    assert item.end == date(2025, 12, 29) and "S-001" in item.title
    blob = to_icalendar([plan])
    assert b"Bruising" not in blob and Calendar.from_ical(blob).walk("VEVENT")


def test_purge_keeps_only_the_dates_of_an_escalation(ws, case_id) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from inspector_app.domain.enums import InspectionStatus
    from inspector_app.services import retention
    from inspector_app.storage.models import AuditEvent

    notice = escalations.record_notice(ws, case_id, raised="Bruising on the left arm.", notified_to="DCS",
                                       notified_at=datetime(2025, 12, 23, 11, 0, tzinfo=UTC))
    inspections.update_inspection(ws, notice.inspection_id, status=InspectionStatus.PUBLISHED)
    retention.purge_case_details(ws, notice.inspection_id, confirm="Westvale")
    (kept,) = escalations.notices(ws, notice.inspection_id)
    assert kept.raised == "" and kept.response_due == notice.response_due
    with ws.db.read_session() as session:
        trail = session.scalars(select(AuditEvent.changes).where(AuditEvent.entity == "escalation_notice")).all()
    assert trail and "Bruising" not in str(trail)
