"""How the framework's overall-judgement rule constrains overall effectiveness.

The rule is data (hard, soft or none, per framework version); this module is the one place
that interprets it, so the window, the CLI, the reports and the tests all agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from inspector_app.domain.enums import Grade, OverallRule
from inspector_app.domain.framework import Framework


class OverallRuleError(ValueError):
    """An overall judgement the framework does not allow, with the reason in plain words."""


@dataclass(frozen=True)
class OverallAssessment:
    """What the rule says about overall effectiveness, given the area grades so far."""

    applies: bool
    rule: OverallRule
    expected: Grade | None = None
    reason: str | None = None
    proposed: Grade | None = None
    departure: bool = False
    rationale_given: bool = False
    allowed: bool = True
    problem: str | None = None
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def settled(self) -> Grade | None:
        """The overall grade a report may print, or None where there is none yet."""
        if not self.applies:
            return None
        if self.rule is OverallRule.HARD and self.expected is not None:
            return self.expected
        if self.proposed is None or not self.allowed:
            return None
        return self.proposed

    @property
    def needs_attention(self) -> bool:
        return not self.allowed or bool(self.warnings) or (self.departure and self.rule is OverallRule.SOFT)

    def summary(self) -> str:
        """One sentence for the judgements board and the CLI."""
        if not self.applies:
            return "This framework has no overall effectiveness judgement."
        if self.problem:
            return self.problem
        settled = self.settled
        if settled is not None and self.reason and settled == self.expected:
            return self.reason[0].upper() + self.reason[1:] + "."
        if settled is not None and self.departure:
            expected = self.expected.label.lower() if self.expected else ""
            return (
                f"{settled.label}: a departure from the expected {expected} ({self.reason}), "
                "with a recorded rationale."
            )
        if settled is not None:
            return f"{settled.label}: the lead inspector's judgement."
        if self.reason and self.expected is not None:
            return f"Not yet settled: expected to be {self.reason}."
        if self.missing:
            return "Not yet settled: " + ", ".join(self.missing) + " not yet judged."
        return "Not yet settled: the lead inspector has not proposed an overall judgement."


def assess_overall(
    framework: Framework,
    grades: Mapping[str, Grade | None],
    proposed: Grade | None = None,
    rationale: str | None = None,
) -> OverallAssessment:
    """Apply ``framework``'s rule to the area ``grades`` and a proposed overall grade."""
    rule = framework.overall_rule
    if not framework.has_overall:
        problem = (
            f"{framework.short_name} has no overall effectiveness judgement"
            if proposed is not None
            else None
        )
        return OverallAssessment(
            applies=False, rule=OverallRule.NONE, proposed=proposed, allowed=proposed is None,
            problem=problem,
        )

    key_areas = [a for a in framework.key_areas if a.in_overall]
    inadequate = [a for a in key_areas if grades.get(a.key) is Grade.INADEQUATE]
    missing = tuple(a.short_name for a in key_areas if grades.get(a.key) is None)
    expected = Grade.INADEQUATE if inadequate else None
    reason = None
    if inadequate:
        names = " and ".join(a.short_name for a in inadequate)
        verb = "are" if len(inadequate) > 1 else "is"
        reason = f"inadequate because {names} {verb} inadequate"

    has_rationale = bool(rationale and rationale.strip())
    departure = expected is not None and proposed is not None and proposed is not expected
    allowed = True
    problem = None
    if departure and rule is OverallRule.HARD:
        allowed = False
        problem = (
            f"Under {framework.short_name} overall effectiveness must be inadequate: {reason}."
        )
    elif departure and not has_rationale:
        allowed = False
        problem = (
            f"Overall effectiveness is expected to be inadequate ({reason}); "
            "record a rationale to depart from it."
        )

    warnings: list[str] = []
    graded = [grades[a.key] for a in key_areas if grades.get(a.key) is not None]
    if proposed is not None and graded and not departure:
        best = min(graded, key=lambda g: g.rank)  # type: ignore[union-attr]
        worst = max(graded, key=lambda g: g.rank)  # type: ignore[union-attr]
        if proposed.better_than(best):  # type: ignore[arg-type]
            warnings.append(
                f"Overall effectiveness ({proposed.label.lower()}) is better than every key judgement."
            )
        if worst.better_than(proposed):  # type: ignore[union-attr]
            warnings.append(
                f"Overall effectiveness ({proposed.label.lower()}) is worse than every key judgement."
            )
    return OverallAssessment(
        applies=True,
        rule=rule,
        expected=expected,
        reason=reason,
        proposed=proposed,
        departure=departure,
        rationale_given=has_rationale,
        allowed=allowed,
        problem=problem,
        missing=missing,
        warnings=tuple(warnings),
    )


def check_overall(
    framework: Framework,
    grades: Mapping[str, Grade | None],
    proposed: Grade | None,
    rationale: str | None,
) -> OverallAssessment:
    """Like :func:`assess_overall`, but raise when the proposed grade is not allowed."""
    assessment = assess_overall(framework, grades, proposed, rationale)
    if not assessment.allowed:
        raise OverallRuleError(assessment.problem or "overall judgement not allowed")
    return assessment
