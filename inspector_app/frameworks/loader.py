"""Reads framework files (TOML) and refuses malformed ones with a message a person can act on.

Built-in frameworks ship in ``resources/frameworks``; a user may add their own in the user data
folder. One bad file never stops the others from loading: its error is kept and shown instead.
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import fastjsonschema

from inspector_app.domain.enums import Grade, InspectionKind, OverallRule
from inspector_app.domain.framework import (
    Addressee,
    Descriptor,
    Framework,
    JudgementArea,
    NationalFrameworkItem,
    Theme,
)

_SCHEMA_PATH = Path(__file__).with_name("framework.schema.json")


class FrameworkError(Exception):
    """A framework file that cannot be used: which file, which field, what is wrong."""

    def __init__(self, path: Path | str, field_path: str, problem: str) -> None:
        self.path = Path(path)
        self.field_path = field_path
        self.problem = problem
        where = f"{self.path.name}: {field_path}" if field_path else self.path.name
        super().__init__(f"{where}: {problem}")


@functools.cache
def _schema_validator() -> Any:
    """The schema compiled once to Python by fastjsonschema, the one JSON Schema library of the app."""
    return fastjsonschema.compile(json.loads(_SCHEMA_PATH.read_text(encoding="utf-8")))


def _schema_problem(data: Any) -> tuple[str, str] | None:
    """The first place the data breaks the schema, as (field path, problem), or None."""
    try:
        _schema_validator()(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        # The first part names the whole document; list indices come as digit strings.
        parts = [int(p) if str(p).isdigit() else p for p in list(exc.path or [])[1:]]
        problem = exc.message.removeprefix(f"{exc.name} ").strip()
        if exc.rule == "required" and isinstance(exc.value, dict):
            missing = [k for k in exc.rule_definition if k not in exc.value]
            problem = f"required field missing: {', '.join(missing)}"
        elif exc.rule in {"enum", "const", "format", "type", "pattern"}:
            problem = f"{exc.value!r} {problem}"  # name the value the person wrote
        return _field_path(parts), problem
    return None


def _dates_to_text(value: Any) -> Any:
    """TOML parses dates natively; the schema speaks JSON, so give it ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    return value


def _field_path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def parse_framework(data: Mapping[str, Any], path: Path) -> Framework:
    """Validate raw framework data and build the typed model, or raise FrameworkError."""
    data = _dates_to_text(dict(data))
    problem = _schema_problem(data)
    if problem is not None:
        raise FrameworkError(path, *problem)

    areas: list[JudgementArea] = []
    seen_areas: set[str] = set()
    seen_descriptors: set[str] = set()
    graded = data["graded"]
    for i, raw in enumerate(data["areas"]):
        key = raw["key"]
        if key in seen_areas:
            raise FrameworkError(path, f"areas[{i}].key", f"judgement area {key!r} appears twice")
        seen_areas.add(key)
        descriptors = []
        for j, d in enumerate(raw["descriptors"]):
            where = f"areas[{i}].descriptors[{j}]"
            if d["key"] in seen_descriptors:
                raise FrameworkError(path, f"{where}.key", f"descriptor {d['key']!r} appears twice")
            seen_descriptors.add(d["key"])
            if graded and "grade" not in d:
                raise FrameworkError(path, f"{where}.grade", "a graded framework's descriptor needs a grade")
            if not graded and "grade" in d:
                raise FrameworkError(path, f"{where}.grade", "an ungraded framework's descriptors carry no grade")
            grade = Grade(d["grade"]) if "grade" in d else None
            descriptors.append(Descriptor(d["key"], key, grade, d["text"].strip()))
        parent = raw.get("parent")
        if parent is not None and parent not in seen_areas:
            raise FrameworkError(
                path, f"areas[{i}].parent", f"{parent!r} is not a judgement area listed before {key!r}"
            )
        areas.append(
            JudgementArea(
                key=key,
                name=raw["name"],
                short_name=raw.get("short_name", raw["name"]),
                key_judgement=raw.get("key_judgement", graded and parent is None),
                parent=parent,
                report_order=raw.get("report_order", i),
                descriptors=tuple(descriptors),
                in_overall=raw.get("in_overall", True),
            )
        )

    rule = OverallRule(data["overall"]["rule"])
    if not graded and rule is not OverallRule.NONE:
        raise FrameworkError(path, "overall.rule", "an ungraded framework can only have rule 'none'")
    if rule in (OverallRule.HARD, OverallRule.SOFT) and not any(a.key_judgement for a in areas):
        raise FrameworkError(path, "areas", f"rule {rule.value!r} needs at least one key judgement")
    national = tuple(NationalFrameworkItem(n["ref"], n["title"]) for n in data.get("national_framework", []))
    theme = Theme(**data["theme"]) if "theme" in data else None
    addressees = tuple(Addressee(a["area"], a["title"], a["organisation"]) for a in data.get("addressees", []))
    known = {a.key for a in areas}
    for index, addressee in enumerate(addressees):
        if addressee.area not in known:
            raise FrameworkError(path, f"addressees[{index}].area", f"{addressee.area!r} is not one of the areas")
    in_force_to = data.get("in_force_to")
    return Framework(
        id=data["id"],
        version=data["version"],
        name=data["name"],
        short_name=data["short_name"],
        in_force_from=date.fromisoformat(data["in_force_from"]),
        in_force_to=date.fromisoformat(in_force_to) if in_force_to else None,
        graded=graded,
        kinds=tuple(InspectionKind(k) for k in data["kinds"]),
        overall_rule=rule,
        overall_label=data["overall"].get("label", "Overall effectiveness"),
        report_title=data.get("report_title", "Inspection of {authority} children's services"),
        areas=tuple(areas),
        national_framework=national,
        source=path,
        theme=theme,
        addressees=addressees,
    )


def load_framework_file(path: Path) -> Framework:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FrameworkError(path, "", f"cannot be read ({exc.strerror or exc})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FrameworkError(path, "", "is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise FrameworkError(path, "", f"is not valid TOML ({exc})") from exc
    return parse_framework(data, path)


@dataclass
class FrameworkRegistry:
    """Every framework that loaded, and an error for each file that did not."""

    frameworks: dict[str, Framework] = field(default_factory=dict)
    errors: list[FrameworkError] = field(default_factory=list)

    def get(self, framework_id: str, version: str) -> Framework:
        try:
            return self.frameworks[f"{framework_id}@{version}"]
        except KeyError:
            known = ", ".join(sorted(self.frameworks)) or "none"
            raise KeyError(
                f"framework {framework_id} version {version} is not installed (known: {known})"
            ) from None

    def by_uid(self, uid: str) -> Framework:
        framework_id, _, version = uid.partition("@")
        return self.get(framework_id, version)

    def all(self) -> list[Framework]:
        return sorted(self.frameworks.values(), key=lambda f: (f.in_force_from, f.id))

    def for_kind(self, kind: InspectionKind, on: date | None = None) -> list[Framework]:
        """Frameworks that cover this kind of activity, those in force on ``on`` first."""
        matching = [f for f in self.all() if kind in f.kinds]
        if on is not None:
            matching.sort(key=lambda f: (not f.in_force_on(on), -f.in_force_from.toordinal()))
        return matching

    def add_file(self, path: Path) -> None:
        try:
            framework = load_framework_file(path)
        except FrameworkError as exc:
            self.errors.append(exc)
            return
        if framework.uid in self.frameworks:
            other = self.frameworks[framework.uid].source
            self.errors.append(
                FrameworkError(
                    path, "id", f"{framework.uid} is already defined by {other.name if other else 'another file'}"
                )
            )
            return
        self.frameworks[framework.uid] = framework


def load_registry(*folders: Path | None) -> FrameworkRegistry:
    """Load the built-in frameworks, then any in the given folders (default: the user's)."""
    from inspector_app import paths

    registry = FrameworkRegistry()
    search: list[Path | None] = [paths.resource("frameworks")]
    search += list(folders) if folders else [paths.user_frameworks_dir()]
    for folder in search:
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            registry.add_file(path)
    return registry
