"""Krippendorff's alpha for ordinal grades: how far a team's independent grades agree.

Evidence-coding tools measure overlap of coded text; grades are an ordered scale, where
"good" against "requires improvement" is a smaller disagreement than "outstanding" against
"inadequate". Krippendorff's alpha with the ordinal metric weighs disagreements that way and
copes with missing values (an inspector who did not grade an area). The arithmetic is the
``krippendorff`` package's; this module only decides when the figure means something, says why
when it does not, and says it in an inspector's words: "Agreement between inspectors: 0.14 (low; 1
is full agreement, 0 no better than chance)", with Krippendorff's own thresholds as the bands (high
from 0.80, moderate from 0.667, low below; below 0, worse than chance). The statistic's name stays
out of what a person reads first (it meant nothing to inspectors in the trial).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

RELIABLE = 0.800
TENTATIVE = 0.667


@dataclass(frozen=True)
class Alpha:
    """The coefficient, or None with the reason it cannot be computed."""

    value: float | None
    reason: str
    pairable_units: int
    pairable_values: int

    @property
    def computable(self) -> bool:
        return self.value is not None

    @property
    def reading(self) -> str:
        """The band, by Krippendorff's own rule of thumb for how much weight the figure can bear."""
        if self.value is None:
            return "cannot be measured"
        if self.value >= RELIABLE:
            return "high"
        if self.value >= TENTATIVE:
            return "moderate"
        if self.value >= 0:
            return "low"
        return "worse than chance: the grades disagree more than random ones would"

    def __str__(self) -> str:
        """The sentence shown in the Moderation view and the moderation annex."""
        if self.value is None:
            return f"Agreement between inspectors: cannot be measured yet: {self.reason}"
        return (f"Agreement between inspectors: {self.value:.2f} ({self.reading}; "
                "1 is full agreement, 0 no better than chance)")


def _cell(row: Sequence[int | None], unit: int) -> float:
    value = row[unit] if unit < len(row) else None
    return math.nan if value is None else float(value)


def ordinal_alpha(data: Sequence[Sequence[int | None]], domain: Sequence[int]) -> Alpha:
    """Alpha over ``data[coder][unit]`` (None where a coder gave no value), ``domain`` in scale order."""
    units = max((len(row) for row in data), default=0)
    columns = [[row[u] for row in data if u < len(row) and row[u] is not None] for u in range(units)]
    pairable = [c for c in columns if len(c) >= 2]
    values = [v for c in pairable for v in c]
    if not pairable:
        return Alpha(None, "no area has grades from two or more inspectors yet, so there is nothing to compare",
                     0, 0)
    if len(pairable) == 1:
        return Alpha(None, "only one area has grades from two or more inspectors, and the measure compares "
                     "the disagreement within areas with that across them, so it needs at least two", 1, len(values))
    if len(set(values)) == 1:
        return Alpha(None, "every grade proposed is the same: agreement is complete, but there is no "
                     "variation to measure it against",
                     len(pairable), len(values))
    import numpy as np  # here, not above: numpy costs ≈0.1 s of every start-up otherwise

    matrix = np.array([[_cell(row, u) for u in range(units)] for row in data], dtype=np.float64)
    import krippendorff

    value = float(krippendorff.alpha(reliability_data=matrix, value_domain=list(domain),
                                     level_of_measurement="ordinal"))
    return Alpha(value, "", len(pairable), len(values))
