"""The overall-judgement rules, checked for every combination of grades in each framework."""

from __future__ import annotations

import itertools

import pytest

from inspector_app.domain.enums import Grade, OverallRule
from inspector_app.domain.rules import OverallRuleError, assess_overall, check_overall

GRADES = list(Grade)
OPTIONAL = [*GRADES, None]


def _expected_allowed(rule: OverallRule, key_grades: list[Grade | None], proposed: Grade, rationale: bool) -> bool:
    """An independent statement of the rules in the domain brief."""
    forced = any(g is Grade.INADEQUATE for g in key_grades)
    if not forced or proposed is Grade.INADEQUATE:
        return True
    return rule is OverallRule.SOFT and rationale


def test_sif_hard_rule_every_combination(registry):
    sif = registry.get("sif", "2013")
    keys = [a.key for a in sif.key_areas]
    checked = 0
    for combo in itertools.product(OPTIONAL, repeat=len(keys)):
        for sub in (None, Grade.INADEQUATE):  # sub-judgements never trigger the rule
            grades = dict(zip(keys, combo, strict=True)) | {"adoption": sub, "care_leavers": sub, "lscb": sub}
            for proposed in GRADES:
                for rationale in ("", "Because."):
                    a = assess_overall(sif, grades, proposed, rationale)
                    assert a.allowed is _expected_allowed(OverallRule.HARD, list(combo), proposed, bool(rationale))
                    if Grade.INADEQUATE in combo:
                        assert a.expected is Grade.INADEQUATE
                        assert a.settled is Grade.INADEQUATE  # hard: settled whatever was proposed
                    else:
                        assert a.expected is None
                        assert a.settled is proposed
                    checked += 1
    assert checked == 5 ** 3 * 2 * 4 * 2


@pytest.mark.parametrize("version", ["2018", "2023"])
def test_ilacs_soft_rule_every_combination(registry, version):
    framework = registry.get("ilacs", version)
    keys = [a.key for a in framework.key_areas]
    for combo in itertools.product(OPTIONAL, repeat=len(keys)):
        grades = dict(zip(keys, combo, strict=True))
        forced = Grade.INADEQUATE in combo
        for proposed in GRADES:
            for rationale in ("", "  ", "Leaders have acted decisively since the fieldwork."):
                a = assess_overall(framework, grades, proposed, rationale)
                has = bool(rationale.strip())
                assert a.allowed is _expected_allowed(OverallRule.SOFT, list(combo), proposed, has)
                assert a.departure is (forced and proposed is not Grade.INADEQUATE)
                assert a.settled is (proposed if a.allowed else None)
                if a.departure and has:
                    assert a.needs_attention  # a recorded departure is still flagged


def test_ilacs_2026_has_no_overall_at_all(registry):
    framework = registry.get("ilacs", "2026")
    keys = [a.key for a in framework.key_areas]
    for combo in itertools.product(GRADES, repeat=len(keys)):
        grades = dict(zip(keys, combo, strict=True))
        assert assess_overall(framework, grades).settled is None
        assert not assess_overall(framework, grades).applies
        for proposed in GRADES:
            assert not assess_overall(framework, grades, proposed, "any reason").allowed


def test_reason_names_the_inadequate_judgement(registry):
    sif = registry.get("sif", "2013")
    a = assess_overall(sif, {"help_protection": Grade.INADEQUATE, "looked_after": Grade.GOOD,
                             "leadership": Grade.GOOD})
    assert a.summary() == "Inadequate because Children who need help and protection is inadequate."


def test_soft_departure_without_rationale_is_refused_with_a_reason(registry):
    framework = registry.get("ilacs", "2023")
    grades = {"leaders": Grade.INADEQUATE, "help_protection": Grade.REQUIRES_IMPROVEMENT,
              "children_in_care": Grade.REQUIRES_IMPROVEMENT, "care_leavers": Grade.GOOD}
    with pytest.raises(OverallRuleError, match="record a rationale"):
        check_overall(framework, grades, Grade.REQUIRES_IMPROVEMENT, "")
    ok = check_overall(framework, grades, Grade.REQUIRES_IMPROVEMENT, "New leaders have stabilised practice.")
    assert ok.departure and ok.settled is Grade.REQUIRES_IMPROVEMENT
    assert "departure" in ok.summary()


def test_hard_rule_refuses_even_with_rationale(registry):
    sif = registry.get("sif", "2013")
    with pytest.raises(OverallRuleError, match="must be inadequate"):
        check_overall(sif, {"leadership": Grade.INADEQUATE}, Grade.GOOD, "We disagree.")


def test_overall_outside_the_range_of_key_judgements_is_warned(registry):
    framework = registry.get("ilacs", "2023")
    grades = dict.fromkeys(["leaders", "help_protection", "children_in_care", "care_leavers"], Grade.GOOD)
    assert assess_overall(framework, grades, Grade.OUTSTANDING).warnings
    assert assess_overall(framework, grades, Grade.REQUIRES_IMPROVEMENT).warnings
    assert not assess_overall(framework, grades, Grade.GOOD).warnings


def test_missing_key_judgements_are_named(registry):
    framework = registry.get("ilacs", "2023")
    a = assess_overall(framework, {"leaders": Grade.GOOD})
    assert a.settled is None
    assert "Children in care" in a.summary() and "not yet judged" in a.summary()
