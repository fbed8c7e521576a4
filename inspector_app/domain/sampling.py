"""Drawing a balanced case sample from the children on the council's lists: pure functions.

Stratified: each stratum (a legal status the lead chose) gets a share of the sample in
proportion to its size, at least one child each when the sample is big enough (largest
remainders decide the odd places). Within a stratum, children are taken one at a time from a
seeded shuffle, each time preferring the child whose social worker, team, age band and ethnic
group are least represented so far, so the sample spreads across the workforce and the children.
The same seed gives the same sample.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspector_app.domain.enums import AgeBand

CONSIDER = 400
"""How many shuffled candidates each pick weighs: enough to balance, cheap with 50,000 children."""


@dataclass(frozen=True)
class Candidate:
    council_id: str
    stratum: str
    lists: tuple[int, ...]
    team: str
    worker: str
    age_band: AgeBand | None
    ethnic_group: str


def allocate(sizes: Mapping[str, int], total: int) -> dict[str, int]:
    """Places per stratum: proportional, at least one each where possible, never more than it holds."""
    strata = sorted(s for s, n in sizes.items() if n > 0)
    available = sum(sizes[s] for s in strata)
    total = min(total, available)
    if total <= 0 or not strata:
        return {s: 0 for s in sizes}
    places = {s: 0 for s in strata}
    if total >= len(strata):
        for s in strata:
            places[s] = 1
    remaining = total - sum(places.values())
    while remaining > 0:
        room = {s: sizes[s] - places[s] for s in strata if sizes[s] > places[s]}
        weight = sum(sizes[s] for s in room)
        quotas = {s: remaining * sizes[s] / weight for s in room}
        floors = {s: min(int(quotas[s]), room[s]) for s in room}
        given = sum(floors.values())
        for s, n in floors.items():
            places[s] += n
        left = remaining - given
        order = sorted(room, key=lambda s: (-(quotas[s] - int(quotas[s])), s))
        for s in order:
            if left == 0:
                break
            if places[s] < sizes[s]:
                places[s] += 1
                left -= 1
        remaining = total - sum(places.values())
    return {s: places.get(s, 0) for s in sizes}


def spread_pick(pool: Sequence[Candidate], count: int, rng: random.Random,
                already: Sequence[Candidate] = ()) -> list[Candidate]:
    """``count`` children from ``pool``, spread across workers, teams, age bands and ethnic groups."""
    order = list(pool)
    rng.shuffle(order)
    workers: Counter[str] = Counter(c.worker for c in already)
    teams: Counter[str] = Counter(c.team for c in already)
    ages: Counter[AgeBand | None] = Counter(c.age_band for c in already)
    groups: Counter[str] = Counter(c.ethnic_group for c in already)
    chosen: list[Candidate] = []
    while len(chosen) < count and order:
        window = order[:CONSIDER]
        best = min(range(len(window)), key=lambda i: (
            3 * workers[window[i].worker] + 2 * teams[window[i].team] + ages[window[i].age_band]
            + groups[window[i].ethnic_group], i))
        pick = order.pop(best)
        chosen.append(pick)
        workers[pick.worker] += 1
        teams[pick.team] += 1
        ages[pick.age_band] += 1
        groups[pick.ethnic_group] += 1
    return chosen


def draw(candidates: Sequence[Candidate], size: int, seed: int,
         already: Sequence[Candidate] = ()) -> list[Candidate]:
    """The stratified, spread sample; ``already`` (kept children) count towards their strata."""
    rng = random.Random(seed)
    by_stratum: dict[str, list[Candidate]] = {}
    for c in sorted(candidates, key=lambda c: c.council_id):
        by_stratum.setdefault(c.stratum, []).append(c)
    sizes = {s: len(v) for s, v in by_stratum.items()}
    for c in already:
        sizes[c.stratum] = sizes.get(c.stratum, 0) + 1
    places = allocate(sizes, size)
    kept = Counter(c.stratum for c in already)
    chosen: list[Candidate] = []
    for stratum in sorted(by_stratum):
        want = max(0, places.get(stratum, 0) - kept[stratum])
        chosen += spread_pick(by_stratum[stratum], want, rng, list(already) + chosen)
    return chosen
