"""Krippendorff's alpha for ordinal grades, checked against values worked out by hand and in print."""

from __future__ import annotations

import pytest

from inspector_app.services.agreement import ordinal_alpha

GRADES = [1, 2, 3, 4]
N = None


def test_hand_computed_two_inspectors_three_areas():
    # Areas: (1, 1), (2, 3), (3, 3). n = 6; n1 = 2, n2 = 1, n3 = 3. Ordinal distances:
    # d12 = (3 - 3/2)^2 = 2.25, d23 = (4 - 4/2)^2 = 4, d13 = (6 - 5/2)^2 = 12.25.
    # Do = (1/6) * (4 + 4) = 4/3.  De = 2 * (2*1*2.25 + 1*3*4 + 2*3*12.25) / (6*5) = 6.
    # Alpha = 1 - (4/3)/6 = 7/9.
    result = ordinal_alpha([[1, 2, 3], [1, 3, 3]], GRADES)
    assert result.value == pytest.approx(7 / 9)
    assert result.pairable_units == 3 and result.pairable_values == 6
    assert result.reading == "moderate"


def test_perfect_agreement_is_one():
    result = ordinal_alpha([[1, 2, 4, 3], [1, 2, 4, 3], [1, 2, 4, N]], GRADES)
    assert result.value == pytest.approx(1.0)
    assert result.reading == "high"


def test_krippendorffs_own_worked_example():
    """Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", four observers and twelve
    units with missing values: nominal .743, ordinal .815, interval .849 in the paper."""
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
            [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
    assert round(ordinal_alpha(data, [1, 2, 3, 4, 5]).value, 3) == 0.815


def test_disagreement_that_is_only_one_step_counts_less_than_a_wide_one():
    near = ordinal_alpha([[1, 2, 3, 4], [2, 2, 3, 4]], GRADES).value
    far = ordinal_alpha([[1, 2, 3, 4], [4, 2, 3, 4]], GRADES).value
    assert near is not None and far is not None and near > far


def test_identical_grades_everywhere_are_not_computable_and_say_why():
    result = ordinal_alpha([[2, 2], [2, 2]], GRADES)
    assert result.value is None and not result.computable
    assert "no variation" in result.reason


def test_fewer_than_two_grades_per_area_is_not_computable_and_says_why():
    result = ordinal_alpha([[1, N], [N, 3]], GRADES)
    assert result.value is None
    assert str(result).startswith("Agreement between inspectors: cannot be measured yet: no area has grades from "
                                  "two or more inspectors")
    assert ordinal_alpha([], GRADES).value is None


def test_a_single_comparable_area_is_not_computable_and_says_why():
    result = ordinal_alpha([[1, 2], [3, None]], GRADES)
    assert result.value is None and "only one area" in result.reason


def test_the_figure_is_said_in_words_with_its_band():
    """The trial's "Krippendorff's alpha, ordinal: 0.142" meant nothing to an inspector."""
    from inspector_app.services.agreement import Alpha

    def said(value: float) -> str:
        return str(Alpha(value, "", 3, 6))

    assert said(0.142) == ("Agreement between inspectors: 0.14 (low; 1 is full agreement, "
                           "0 no better than chance)")
    assert said(0.7).startswith("Agreement between inspectors: 0.70 (moderate;")
    assert said(0.8).startswith("Agreement between inspectors: 0.80 (high;")
    assert "(worse than chance" in said(-0.2)
    for value in (0.142, 0.7, 0.9, -0.2):
        assert "alpha" not in said(value).lower() and "krippendorff" not in said(value).lower()
