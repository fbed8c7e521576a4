"""Krippendorff's alpha for ordinal grades: how far a team's independent grades agree.

Evidence-coding tools measure overlap of coded text; grades are an ordered scale, where
"good" against "requires improvement" is a smaller disagreement than "outstanding" against
"inadequate". Krippendorff's alpha with the ordinal metric weighs disagreements that way and
copes with missing values (an inspector who did not grade an area). The arithmetic is the
``krippendorff`` package's; this module only decides when the figure means something and says
why when it does not.
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
        """Krippendorff's own rule of thumb for how much weight the figure can bear."""
        if self.value is None:
            return "not computable"
        if self.value >= RELIABLE:
            return "good agreement"
        if self.value >= TENTATIVE:
            return "tentative agreement"
        return "weak agreement"

    def __str__(self) -> str:
        if self.value is None:
            return f"not computable: {self.reason}"
        return f"{self.value:.3f} ({self.reading})"


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
        return Alpha(None, "only one area has grades from two or more inspectors; alpha compares disagreement "
                     "within areas with disagreement across them, so it needs at least two", 1, len(values))
    if len(set(values)) == 1:
        return Alpha(None, "every grade proposed is the same, so there is no variation to measure "
                     "agreement against (agreement is complete, but alpha is undefined)",
                     len(pairable), len(values))
    import numpy as np  # here, not above: numpy costs ≈0.1 s of every start-up otherwise

    matrix = np.array([[_cell(row, u) for u in range(units)] for row in data], dtype=np.float64)
    import krippendorff

    value = float(krippendorff.alpha(reliability_data=matrix, value_domain=list(domain),
                                     level_of_measurement="ordinal"))
    return Alpha(value, "", len(pairable), len(values))
