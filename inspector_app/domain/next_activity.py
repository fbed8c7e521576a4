"""What the framework expects next for an authority, and the council's deadlines (domain brief 4.3).

Pure rules over a few facts about the authority's history, so each can be tested on real dates:

* good or outstanding: a short inspection about three years after the last graded inspection
  (window six months either side), focused visits between, an annual engagement meeting;
* requires improvement: a standard inspection in the same window, focused visits between;
* inadequate: an action plan, the first monitoring visit about four weeks after the action-plan
  deadline, then about quarterly monitoring visits until a standard re-inspection (about two to
  two and a half years on);
* no grade yet (a new authority): a first inspection, not yet placed.

Council deadlines count England's working days: the action plan 70 working days after a graded
report is published, and after a focused-visit letter with areas for priority action both a draft
plan (20 working days) and the plan (70 working days).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from inspector_app.domain.enums import Grade
from inspector_app.domain.working_days import add_working_days

ACTION_PLAN_WORKING_DAYS = 70
DRAFT_PLAN_WORKING_DAYS = 20
FIRST_MONITORING_AFTER_PLAN = timedelta(weeks=4)
CYCLE_YEARS = 3
WINDOW_MONTHS = 6
MONITORING_MONTHS = 3


class PlanItemKind(StrEnum):
    COUNCIL_DEADLINE = "council_deadline"
    NEXT_ACTIVITY = "next_activity"
    ESCALATION = "escalation"


@dataclass(frozen=True)
class PlanItem:
    """A dated item: a deadline (``start == end``) or a window in which an activity should fall."""

    kind: PlanItemKind
    title: str
    start: date | None
    end: date | None
    basis: str
    approximate: bool = False
    awaited: bool = False  # still to come whatever its dates say (a report not yet published after the visit)

    @property
    def is_window(self) -> bool:
        return self.start is not None and self.end is not None and self.start != self.end

    def passed(self, today: date) -> bool:
        return not self.awaited and self.end is not None and self.end < today

    @property
    def when(self) -> str:
        """The date or window in words, "About" when the framework gives only a rough time."""
        if self.start is None or self.end is None:
            return "Not yet placed"
        about = "About " if self.approximate else ""
        if self.is_window:
            return f"{about}{long_date(self.start)} to {long_date(self.end)}"
        return f"{about}{long_date(self.start)}"


@dataclass(frozen=True)
class ActivityFacts:
    """What the rules need to know about one authority, gathered by the service."""

    today: date
    grade: Grade | None
    graded_on: date | None = None
    graded_published_on: date | None = None
    monitoring_visits_since: tuple[date, ...] = ()
    focused_visits_since: tuple[tuple[date, date | None, bool], ...] = ()
    """(last day on site, publication date, has areas for priority action) for each focused visit."""
    graded_publication_missing: bool = False
    """The last graded inspection is marked published but its publication date is not recorded."""
    last_monitoring_number: int | None = None
    """The number recorded on the latest monitoring visit ("the third monitoring visit"), if any."""
    graded_in_progress: tuple[str, date, date] | None = None
    """A graded inspection begun but not yet published: (what it is, first and last day on site)."""


def add_months(day: date, months: int) -> date:
    """Same day of the month ``months`` later, or the month's last day (29 Feb -> 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def council_deadlines(facts: ActivityFacts) -> list[PlanItem]:
    items: list[PlanItem] = []
    if facts.graded_published_on is not None:
        due = add_working_days(facts.graded_published_on, ACTION_PLAN_WORKING_DAYS)
        items.append(PlanItem(PlanItemKind.COUNCIL_DEADLINE, "Action plan due from the council", due, due,
                              f"{ACTION_PLAN_WORKING_DAYS} working days after the report was published on "
                              f"{long_date(facts.graded_published_on)}"))
    elif facts.graded_publication_missing:
        items.append(PlanItem(PlanItemKind.COUNCIL_DEADLINE, "Action plan due from the council", None, None,
                              f"{ACTION_PLAN_WORKING_DAYS} working days after the report is published: record "
                              "the publication date to place it"))
    for on_site, published, priority in facts.focused_visits_since:
        if not priority:
            continue
        if published is None:
            items.append(PlanItem(PlanItemKind.COUNCIL_DEADLINE, "Draft plan due from the council", None, None,
                                  f"{DRAFT_PLAN_WORKING_DAYS} working days after the letter of the focused visit "
                                  f"ending {long_date(on_site)}, which set areas for priority action: record the "
                                  "letter's publication date to place it"))
            continue
        draft = add_working_days(published, DRAFT_PLAN_WORKING_DAYS)
        plan = add_working_days(published, ACTION_PLAN_WORKING_DAYS)
        basis = f"after the focused-visit letter with areas for priority action, published {long_date(published)}"
        items.append(PlanItem(PlanItemKind.COUNCIL_DEADLINE, "Draft plan due from the council", draft, draft,
                              f"{DRAFT_PLAN_WORKING_DAYS} working days {basis}"))
        items.append(PlanItem(PlanItemKind.COUNCIL_DEADLINE, "Action plan due from the council", plan, plan,
                              f"{ACTION_PLAN_WORKING_DAYS} working days {basis}"))
    return items


def _next_anniversary(anchor: date, today: date) -> date:
    years = 1
    while add_months(anchor, 12 * years) < today:
        years += 1
    return add_months(anchor, 12 * years)


def next_activities(facts: ActivityFacts) -> list[PlanItem]:
    if facts.graded_in_progress is not None:  # under way: it, not the last grade, sets what comes next
        what, first, last = facts.graded_in_progress
        return [PlanItem(PlanItemKind.NEXT_ACTIVITY, f"{what}: report not yet published", first, last,
                         "Once the report is published it sets the next cycle and the council's "
                         "action-plan deadline", awaited=True)]
    if facts.grade is not None and facts.graded_on is None:
        return [PlanItem(PlanItemKind.NEXT_ACTIVITY, "Next inspection", None, None,
                         f"{facts.grade.short_label} at the previous inspection, whose date is not recorded: add "
                         "it to the inspection's details to place the next inspection in the cycle")]
    if facts.grade is None or facts.graded_on is None:
        return [PlanItem(PlanItemKind.NEXT_ACTIVITY, "First inspection", None, None,
                         "The authority has no grade yet (not inspected, or newly formed): its first inspection "
                         "is not yet placed in the cycle")]
    anchor = add_months(facts.graded_on, 12 * CYCLE_YEARS)
    window = (add_months(anchor, -WINDOW_MONTHS), add_months(anchor, WINDOW_MONTHS))
    since = f"the last graded inspection ended on {long_date(facts.graded_on)}"
    if facts.grade is Grade.INADEQUATE:
        return _inadequate(facts, facts.graded_on, since)
    kind = "Short inspection" if facts.grade in (Grade.OUTSTANDING, Grade.GOOD) else "Standard inspection"
    items = [PlanItem(PlanItemKind.NEXT_ACTIVITY, kind, window[0], window[1],
                      f"{facts.grade.short_label}: about three years after {since}, within six months either "
                      f"side of {long_date(anchor)}", approximate=True)]
    last_focused = max((v[0] for v in facts.focused_visits_since), default=facts.graded_on)
    if last_focused + timedelta(days=1) < window[0]:
        items.append(PlanItem(PlanItemKind.NEXT_ACTIVITY, "Focused visit possible", last_focused + timedelta(days=1),
                              window[0] - timedelta(days=1),
                              "Focused visits fall between graded inspections", approximate=True))
    meeting = _next_anniversary(facts.graded_on, facts.today)
    items.append(PlanItem(PlanItemKind.NEXT_ACTIVITY, "Annual engagement meeting", meeting, meeting,
                          f"Yearly, counted from {since}", approximate=True))
    return items


def _inadequate(facts: ActivityFacts, graded_on: date, since: str) -> list[PlanItem]:
    items: list[PlanItem] = []
    visits = sorted(facts.monitoring_visits_since)
    n = max(len(visits), facts.last_monitoring_number or 0) + 1
    ordinal = _ordinal(n)
    if visits:
        due = add_months(visits[-1], MONITORING_MONTHS)
        items.append(PlanItem(PlanItemKind.NEXT_ACTIVITY, f"{ordinal.capitalize()} monitoring visit", due, due,
                              f"About quarterly: three months after the last monitoring visit ended on "
                              f"{long_date(visits[-1])}", approximate=True))
    elif facts.graded_published_on is not None:
        plan = add_working_days(facts.graded_published_on, ACTION_PLAN_WORKING_DAYS)
        due = plan + FIRST_MONITORING_AFTER_PLAN
        items.append(PlanItem(PlanItemKind.NEXT_ACTIVITY, "First monitoring visit", due, due,
                              f"About four weeks after the action-plan deadline of {long_date(plan)}",
                              approximate=True))
    else:
        items.append(PlanItem(PlanItemKind.NEXT_ACTIVITY, "First monitoring visit", None, None,
                              "About four weeks after the action-plan deadline; record the report's publication "
                              "date to place it"))
    start, end = add_months(graded_on, 24), add_months(graded_on, 30)
    items.append(PlanItem(PlanItemKind.NEXT_ACTIVITY, "Standard re-inspection", start, end,
                          f"Inadequate: after monitoring, about two to two and a half years after {since}",
                          approximate=True))
    return items


def _ordinal(n: int) -> str:
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    return words[n - 1] if n <= len(words) else f"{n}th"


def plan(facts: ActivityFacts) -> list[PlanItem]:
    """Council deadlines and next activities, earliest first (undated items last)."""
    items = council_deadlines(facts) + next_activities(facts)
    return sorted(items, key=lambda i: (i.start is None, i.start or date.max, i.title))
