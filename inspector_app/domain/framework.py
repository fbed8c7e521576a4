"""Typed, immutable view of a framework file, so callers never dig through raw dictionaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from inspector_app.domain.enums import Grade, InspectionKind, OverallRule

OVERALL_KEY = "overall_effectiveness"


@dataclass(frozen=True)
class Descriptor:
    key: str
    area_key: str
    grade: Grade | None
    text: str


@dataclass(frozen=True)
class JudgementArea:
    key: str
    name: str
    short_name: str
    key_judgement: bool
    parent: str | None
    report_order: int
    descriptors: tuple[Descriptor, ...]
    in_overall: bool = True

    def descriptors_for(self, grade: Grade | None) -> tuple[Descriptor, ...]:
        return tuple(d for d in self.descriptors if d.grade == grade)

    @cached_property
    def descriptor_keys(self) -> frozenset[str]:
        """The keys of its descriptors, made once: every evidence save checks its descriptors against them."""
        return frozenset(d.key for d in self.descriptors)


@dataclass(frozen=True)
class NationalFrameworkItem:
    ref: str
    title: str


@dataclass(frozen=True)
class Theme:
    """A joint inspection's theme: what the partnership's response is examined for."""

    key: str
    title: str
    focus: str


@dataclass(frozen=True)
class Addressee:
    """A partner a joint inspection's letter is addressed to, and the area (agency) it answers for."""

    area: str
    title: str
    organisation: str  # may hold {authority}


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: str
    short_name: str
    in_force_from: date
    in_force_to: date | None
    graded: bool
    kinds: tuple[InspectionKind, ...]
    overall_rule: OverallRule
    overall_label: str
    report_title: str
    areas: tuple[JudgementArea, ...]
    national_framework: tuple[NationalFrameworkItem, ...] = ()
    source: Path | None = field(default=None, compare=False)
    theme: Theme | None = None
    addressees: tuple[Addressee, ...] = ()

    @property
    def uid(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def has_overall(self) -> bool:
        return self.graded and self.overall_rule is not OverallRule.NONE

    @property
    def key_areas(self) -> tuple[JudgementArea, ...]:
        return tuple(a for a in self.areas if a.key_judgement)

    @cached_property
    def _areas_by_key(self) -> dict[str, JudgementArea]:
        """Each area by its key (the first, should a file repeat one), made once: every save looks its area up."""
        found: dict[str, JudgementArea] = {}
        for a in self.areas:
            found.setdefault(a.key, a)
        return found

    def area(self, key: str) -> JudgementArea:
        found = self._areas_by_key.get(key)
        if found is None:
            raise KeyError(f"{self.short_name} has no judgement area {key!r}")
        return found

    def has_area(self, key: str) -> bool:
        return key in self._areas_by_key

    def sub_judgements(self, parent_key: str) -> tuple[JudgementArea, ...]:
        return tuple(a for a in self.areas if a.parent == parent_key)

    @property
    def areas_in_report_order(self) -> tuple[JudgementArea, ...]:
        return tuple(sorted(self.areas, key=lambda a: (a.report_order, self.areas.index(a))))

    def descriptor(self, key: str) -> Descriptor:
        for a in self.areas:
            for d in a.descriptors:
                if d.key == key:
                    return d
        raise KeyError(f"{self.short_name} has no grade descriptor {key!r}")

    def national_item(self, ref: str) -> NationalFrameworkItem:
        for item in self.national_framework:
            if item.ref == ref:
                return item
        raise KeyError(f"{self.short_name} has no national-framework item {ref!r}")

    def in_force_on(self, day: date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)
