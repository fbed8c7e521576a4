"""Working days, the council's deadlines and the next activity, on hand-checked real dates."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from inspector_app.cli import run
from inspector_app.domain.enums import FindingKind, Grade, InspectionKind, InspectionStatus
from inspector_app.domain.next_activity import ActivityFacts, PlanItemKind, add_months, plan
from inspector_app.domain.working_days import add_working_days, bank_holiday, is_working_day, working_days_between
from inspector_app.services import deadlines, findings, inspections, judgements
from inspector_app.services.icalendar_export import to_icalendar
from inspector_app.services.workspace import ValidationError

ILACS = "ilacs@2023"
AREAS = ("leaders", "help_protection", "children_in_care", "care_leavers")


def test_seventy_working_days_across_christmas_and_new_year() -> None:
    # Hand-counted: 11 Dec is day 1; 25, 28 Dec (Boxing Day observed) and 1 Jan are bank holidays.
    assert add_working_days(date(2026, 12, 10), 70) == date(2027, 3, 23)
    assert add_working_days(date(2026, 12, 10), 20) == date(2027, 1, 12)
    assert bank_holiday(date(2026, 12, 28)) is not None
    assert not is_working_day(date(2027, 1, 1))


def test_twenty_working_days_across_easter() -> None:
    # 18 Mar 2027 + 20: Good Friday 26 Mar and Easter Monday 29 Mar are skipped (19 Apr, not 15 Apr).
    assert add_working_days(date(2027, 3, 18), 20) == date(2027, 4, 19)
    assert working_days_between(date(2027, 3, 18), date(2027, 4, 19)) == 20
    assert working_days_between(date(2027, 4, 19), date(2027, 3, 18)) == -20


def test_start_day_never_counts_even_on_a_weekend() -> None:
    assert add_working_days(date(2026, 12, 12), 1) == date(2026, 12, 14)  # Saturday -> Monday
    assert add_working_days(date(2026, 12, 10), 0) == date(2026, 12, 10)


def test_add_months_keeps_to_the_month_end() -> None:
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 8, 31), -6) == date(2026, 2, 28)


def test_inadequate_authority_first_monitoring_visit_four_weeks_after_plan() -> None:
    items = plan(ActivityFacts(today=date(2026, 12, 11), grade=Grade.INADEQUATE, graded_on=date(2026, 10, 30),
                               graded_published_on=date(2026, 12, 10)))
    by_title = {i.title: i for i in items}
    assert by_title["Action plan due from the council"].end == date(2027, 3, 23)
    assert by_title["First monitoring visit"].start == date(2027, 4, 20)
    assert by_title["Standard re-inspection"].start == date(2028, 10, 30)
    assert "Short inspection" not in by_title and "Focused visit possible" not in by_title


def test_monitoring_visits_are_quarterly_after_the_first() -> None:
    items = plan(ActivityFacts(today=date(2027, 6, 1), grade=Grade.INADEQUATE, graded_on=date(2026, 10, 30),
                               graded_published_on=date(2026, 12, 10),
                               monitoring_visits_since=(date(2027, 4, 21), date(2027, 7, 15))))
    third = next(i for i in items if "monitoring" in i.title)
    assert third.title == "Third monitoring visit" and third.start == date(2027, 10, 15)


def test_good_authority_short_inspection_window_and_focused_visit_deadlines() -> None:
    facts = ActivityFacts(today=date(2027, 1, 4), grade=Grade.GOOD, graded_on=date(2025, 3, 14),
                          graded_published_on=date(2025, 4, 25),
                          focused_visits_since=((date(2027, 3, 11), date(2027, 3, 18), True),))
    items = {i.title: i for i in plan(facts) if i.title != "Action plan due from the council"}
    short = items["Short inspection"]
    assert (short.start, short.end) == (date(2027, 9, 14), date(2028, 9, 14))
    assert items["Draft plan due from the council"].end == date(2027, 4, 19)
    assert items["Annual engagement meeting"].start == date(2027, 3, 14)
    requires = plan(ActivityFacts(today=date(2027, 1, 4), grade=Grade.REQUIRES_IMPROVEMENT,
                                  graded_on=date(2025, 3, 14)))
    assert any(i.title == "Standard inspection" for i in requires)


def test_new_authority_has_an_undated_first_inspection() -> None:
    (item,) = plan(ActivityFacts(today=date(2027, 1, 4), grade=None))
    assert item.start is None and item.kind is PlanItemKind.NEXT_ACTIVITY


def _graded(ws, authority: str, grade: Grade, end: date) -> int:  # type: ignore[no-untyped-def]
    info = inspections.create_inspection(ws, authority=authority, framework_uid=ILACS,
                                         kind=InspectionKind.ILACS_STANDARD, start_date=date(end.year, end.month, 1),
                                         end_date=end, status=InspectionStatus.PUBLISHED)
    for area in AREAS:
        judgements.set_judgement(ws, info.id, area, grade)
    judgements.set_overall(ws, info.id, grade)
    return info.id


def test_service_reads_grade_publication_and_focused_visits(ws) -> None:  # type: ignore[no-untyped-def]
    graded = _graded(ws, "Northshire", Grade.GOOD, date(2025, 3, 14))
    deadlines.set_publication(ws, graded, date(2025, 4, 25))
    fv = inspections.create_inspection(ws, authority="Northshire", framework_uid="focused_visit@2018",
                                       kind=InspectionKind.FOCUSED_VISIT, start_date=date(2027, 3, 10),
                                       end_date=date(2027, 3, 11))
    findings.add_finding(ws, fv.id, kind=FindingKind.PRIORITY_ACTION, text="Strategy discussions are not timely.")
    deadlines.set_publication(ws, fv.id, date(2027, 3, 18))
    result = deadlines.authority_plan(ws, " northshire ", today=date(2027, 3, 20))
    assert result.grade is Grade.GOOD and "14 March 2025" in result.grade_basis
    titles = {(i.title, i.end) for i in result.items}
    assert ("Draft plan due from the council", date(2027, 4, 19)) in titles
    assert ("Action plan due from the council", add_working_days(date(2027, 3, 18), 70)) in titles
    with pytest.raises(ValidationError, match="before the last day on site"):
        deadlines.set_publication(ws, fv.id, date(2027, 3, 1))
    deadlines.set_publication(ws, fv.id, None)
    assert deadlines.publication_date(ws, fv.id) is None
    with pytest.raises(ValidationError, match="no inspection"):
        deadlines.authority_plan(ws, "Nowhere")


def test_previous_grade_used_when_no_graded_inspection_is_held(ws) -> None:  # type: ignore[no-untyped-def]
    inspections.create_inspection(ws, authority="Eastmoor", framework_uid="monitoring_visit@2018",
                                  kind=InspectionKind.MONITORING_VISIT, start_date=date(2027, 2, 2),
                                  end_date=date(2027, 2, 3), previous={"overall_effectiveness": Grade.INADEQUATE},
                                  previous_inspection_date=date(2026, 6, 12))
    result = deadlines.authority_plan(ws, "Eastmoor", today=date(2027, 2, 10))
    assert result.grade is Grade.INADEQUATE
    nxt = next(i for i in result.items if "monitoring" in i.title)
    assert nxt.title == "Second monitoring visit" and nxt.start == date(2027, 5, 3)


def test_icalendar_parses_back_with_dates_and_stable_uids(ws) -> None:  # type: ignore[no-untyped-def]
    graded = _graded(ws, "Westvale", Grade.INADEQUATE, date(2026, 10, 30))
    deadlines.set_publication(ws, graded, date(2026, 12, 10))
    plans = deadlines.all_plans(ws, today=date(2026, 12, 11))
    blob = to_icalendar(plans)
    cal = Calendar.from_ical(blob)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    plan_event = events["Westvale: Action plan due from the council"]
    assert plan_event.decoded("dtstart") == date(2027, 3, 23)
    assert plan_event.decoded("dtend") == date(2027, 3, 24)
    window = events["Westvale: About: Standard re-inspection"]
    assert window.decoded("dtstart") == date(2028, 10, 30) and window.decoded("dtend") == date(2029, 5, 1)
    again = Calendar.from_ical(to_icalendar(plans))
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {str(e["uid"]) for e in cal.walk("VEVENT")}


def test_cli_deadlines_json_and_ics(ws, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    graded = _graded(ws, "Westvale", Grade.INADEQUATE, date(2026, 10, 30))
    deadlines.set_publication(ws, graded, date(2026, 12, 10))
    path = ws.db.location
    ws.close()
    out = tmp_path / "plan.ics"
    assert run(["deadlines", "--db", str(path), "--authority", "Westvale", "--json", "--ics", str(out)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["authority"] == "Westvale" and data[0]["grade"] == "inadequate"
    assert {"title": "Action plan due from the council", "end": "2027-03-23"}.items() <= next(
        i for i in data[0]["items"] if i["kind"] == "council_deadline").items()
    assert Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert run(["deadlines", "--db", str(path), "--authority", "Nowhere"]) == 1
    assert "no inspection of an authority" in capsys.readouterr().err


def test_missing_publication_dates_are_asked_for_not_guessed(ws) -> None:  # type: ignore[no-untyped-def]
    _graded(ws, "Southby", Grade.REQUIRES_IMPROVEMENT, date(2026, 5, 15))
    fv = inspections.create_inspection(ws, authority="Southby", framework_uid="focused_visit@2018",
                                       kind=InspectionKind.FOCUSED_VISIT, start_date=date(2026, 9, 8),
                                       end_date=date(2026, 9, 9))
    findings.add_finding(ws, fv.id, kind=FindingKind.PRIORITY_ACTION, text="Return home interviews.")
    result = deadlines.authority_plan(ws, "Southby", today=date(2026, 10, 1))
    undated = {i.title: i for i in result.items if i.start is None}
    assert "record the publication date" in undated["Action plan due from the council"].basis
    assert "record the letter's publication date" in undated["Draft plan due from the council"].basis
    assert any(i.title == "Standard inspection" and i.start is not None for i in result.items)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)), st.integers(min_value=0, max_value=120))
@settings(max_examples=60, deadline=None)
def test_counting_forward_and_back_agree(start: date, count: int) -> None:
    due = add_working_days(start, count)
    assert working_days_between(start, due) == count
    assert count == 0 or is_working_day(due)


def test_history_held_only_on_the_latest_visit_is_used(ws) -> None:  # type: ignore[no-untyped-def]
    inspections.create_inspection(ws, authority="Kestrel Bay", framework_uid="monitoring_visit@2018",
                                  kind=InspectionKind.MONITORING_VISIT, start_date=date(2026, 10, 6),
                                  end_date=date(2026, 10, 7), visit_number=3,
                                  previous_inspection_date=date(2025, 1, 20))
    kb = deadlines.authority_plan(ws, "Kestrel Bay", today=date(2026, 12, 1))
    assert kb.grade is Grade.INADEQUATE and "monitoring visits follow an inadequate judgement" in kb.grade_basis
    assert next(i for i in kb.items if "monitoring" in i.title).title == "Fourth monitoring visit"
    inspections.create_inspection(ws, authority="Harrowdale", framework_uid="ilacs@2026",
                                  kind=InspectionKind.ILACS_SHORT, start_date=date(2026, 9, 14),
                                  end_date=date(2026, 9, 18), previous_inspection_date=date(2023, 5, 22),
                                  previous={"leaders": Grade.GOOD, "help_protection": Grade.OUTSTANDING})
    hd = deadlines.authority_plan(ws, "Harrowdale", today=date(2026, 12, 1))
    assert hd.grade is Grade.GOOD and "lowest previous judgement" in hd.grade_basis
    (item,) = hd.items  # the short inspection has happened; its report will set the next cycle
    assert item.title == "ILACS short inspection: report not yet published" and item.start == date(2026, 9, 14)


@pytest.mark.parametrize("previous_on", [date(2023, 5, 19), None])
def test_an_inspection_on_site_with_a_previous_grade_is_not_a_first_inspection(ws, previous_on) -> None:  # type: ignore[no-untyped-def]
    inspections.create_inspection(ws, authority="Westbrook", framework_uid=ILACS,
                                  kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 12, 7),
                                  end_date=date(2026, 12, 18),
                                  previous={"overall_effectiveness": Grade.REQUIRES_IMPROVEMENT},
                                  previous_inspection_date=previous_on)
    result = deadlines.authority_plan(ws, "Westbrook", today=date(2026, 12, 9))
    assert result.grade is Grade.REQUIRES_IMPROVEMENT
    assert not result.grade_basis.startswith("No grade") and not result.grade_basis.endswith(".")
    titles = [i.title for i in result.items if i.kind is PlanItemKind.NEXT_ACTIVITY]
    assert "First inspection" not in titles and titles[0].endswith("report not yet published"), titles


def test_days_on_site_are_working_days_without_bank_holidays(ws) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.services import overview

    westbrook = inspections.create_inspection(ws, authority="Westbrook", framework_uid=ILACS,
                                              kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 12, 7),
                                              end_date=date(2026, 12, 18))
    seen = overview.overview(ws, westbrook.id, today=date(2026, 12, 14))
    assert (seen.days_on_site, seen.day_of_visit) == (10, 6)  # Monday of the second week
    assert overview.overview(ws, westbrook.id, today=date(2026, 12, 12)).day_of_visit is None  # a Saturday
    christmas = inspections.create_inspection(ws, authority="Yulesby", framework_uid=ILACS,
                                              kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 12, 21),
                                              end_date=date(2027, 1, 1))
    # 25 Dec, 28 Dec (Boxing Day, on a Saturday, observed on the Monday) and 1 Jan are not working days
    assert overview.overview(ws, christmas.id, today=date(2026, 12, 1)).days_on_site == 7
