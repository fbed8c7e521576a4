"""What the judgements board shows: per area, the evidence for and against each descriptor."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import func, select

from inspector_app.domain.balance import grade_warnings
from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.domain.framework import Descriptor, JudgementArea
from inspector_app.domain.wording import plural
from inspector_app.services.judgements import JudgementState, judgement_state
from inspector_app.services.workspace import Workspace
from inspector_app.storage import engines
from inspector_app.storage.models import Evidence


@dataclass(frozen=True)
class DescriptorTally:
    descriptor: Descriptor
    supporting: int
    challenging: int


@dataclass(frozen=True)
class AreaBoard:
    area: JudgementArea
    grade: Grade | None
    rationale: str
    strengths: int
    developments: int
    sources: dict[EvidenceSource, int]
    descriptors: list[DescriptorTally]
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.strengths + self.developments

    @property
    def balance(self) -> str:
        if not self.total:
            return "No evidence yet"
        share = round(100 * self.strengths / self.total)
        return (f"{plural(self.strengths, 'strength')}, {plural(self.developments, 'area')} for development "
                f"({share}% strengths)")


@dataclass(frozen=True)
class Board:
    areas: list[AreaBoard]
    state: JudgementState


def _tally(descriptor: Descriptor, counts: Counter[tuple[str, Polarity]]) -> DescriptorTally:
    """Evidence "supports" a descriptor when it points the same way: strengths for outstanding and
    good descriptors (and for ungraded ones), areas for development for the weaker grades."""
    strengths = counts[(descriptor.key, Polarity.STRENGTH)]
    developments = counts[(descriptor.key, Polarity.DEVELOPMENT)]
    if descriptor.grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE):
        return DescriptorTally(descriptor, developments, strengths)
    return DescriptorTally(descriptor, strengths, developments)


def judgement_board(ws: Workspace, inspection_id: int) -> Board:
    state = judgement_state(ws, inspection_id)
    framework = state.framework
    polarity_counts: Counter[tuple[str, Polarity]] = Counter()
    source_counts: dict[str, Counter[EvidenceSource]] = {}
    descriptor_counts: Counter[tuple[str, Polarity]] = Counter()
    with ws.db.read_session() as session:
        each = engines.ops(session).json_list_values(Evidence.descriptors)
        for area_key, polarity, source, n in session.execute(
            select(Evidence.area_key, Evidence.polarity, Evidence.source, func.count())
            .where(Evidence.inspection_id == inspection_id)
            .group_by(Evidence.area_key, Evidence.polarity, Evidence.source)
        ):
            polarity_counts[(area_key, polarity)] += n
            source_counts.setdefault(area_key, Counter())[source] += n
        descriptor_rows = session.execute(
            select(each.c.value, Evidence.polarity, func.count())
            .select_from(Evidence).join(each, each.c.value.isnot(None))
            .where(Evidence.inspection_id == inspection_id)
            .group_by(each.c.value, Evidence.polarity)
        )
        # json_each's (json_array_elements_text's) columns carry no Python type, so say what they return.
        for key, descriptor_polarity, count in cast("Iterable[tuple[str, Polarity, int]]", descriptor_rows):
            descriptor_counts[(key, descriptor_polarity)] += count
    areas = []
    for area in framework.areas:
        info = state.areas.get(area.key)
        grade = info.grade if info else None
        strengths = polarity_counts[(area.key, Polarity.STRENGTH)]
        developments = polarity_counts[(area.key, Polarity.DEVELOPMENT)]
        sources = dict(source_counts.get(area.key, Counter()))
        tallies = [_tally(d, descriptor_counts) for d in area.descriptors]
        warnings = grade_warnings(grade, strengths, developments, sources) if framework.graded else []
        areas.append(AreaBoard(area, grade, info.rationale if info else "", strengths, developments, sources,
                               tallies, warnings))
    return Board(areas, state)
