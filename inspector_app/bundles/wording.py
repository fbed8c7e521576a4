"""A bundle's contents and an import's effect in the same words, so an export's "37 items" is the
preview's "37 items in the bundle: 15 to add, 22 already here" and never another count.

A bundle carries the inspection's items (rows: cases, evidence, judgements, …) and, beside them, deletions,
history events and the team roster; only items are counted as items, by kind, with the names History uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from inspector_app.domain.wording import plural
from inspector_app.storage.rows import BY_NAME, ENTITIES, LABELS

if TYPE_CHECKING:
    from inspector_app.bundles.importer import Change, ImportPlan
    from inspector_app.services.workspace import Workspace

NOT_ITEMS = ("tombstones", "audit", "roster")
_NOUNS = {  # where "label + s" would be wrong or unclear
    "inspection": ("inspection record", "inspection records"),
    "evidence": ("evidence item", "evidence items"),
    "moderation_session": ("moderation", "moderations"),
    "recommendation_progress": ("progress note on a recommendation", "progress notes on recommendations"),
    "case_study": ("case study", "case studies"),
}
_ORDER = {e.name: n for n, e in enumerate(ENTITIES)}


def kind_count(entity: str, count: int) -> str:
    """ "12 evidence items", "1 case": a number of one kind of item, as every count of bundles says it."""
    one, many = _NOUNS.get(entity, (LABELS.get(entity, entity.replace("_", " ")), None))
    return plural(count, one, many)


def kinds_in_words(counts: dict[str, int]) -> str:
    """ "12 evidence items, 3 cases, 1 judgement", in the order the bundle's tables come, zeros left out."""
    shown = sorted((e for e, n in counts.items() if n and e in BY_NAME), key=lambda e: _ORDER[e])
    return ", ".join(kind_count(e, counts[e]) for e in shown)


def bundle_in_words(counts: dict[str, int]) -> str:
    """What an exported bundle carries: "37 items: 12 evidence items, …; also 2 deletions, 20 history events and
    the team roster (3 people)"."""
    items = {k: n for k, n in counts.items() if k not in NOT_ITEMS}
    total = sum(items.values())
    text = f"{plural(total, 'item')}: {kinds_in_words(items) or 'none changed'}"
    extras = [plural(counts[k], word) for k, word in (("tombstones", "deletion"), ("audit", "history event"))
              if counts.get(k)]
    if counts.get("roster"):
        extras.append(f"the team roster ({plural(counts['roster'], 'person', 'people')})")
    if extras:
        text += "; also " + (", ".join(extras[:-1]) + " and " + extras[-1] if len(extras) > 1 else extras[0])
    return text


def _counts(changes: list[Change]) -> dict[str, int]:
    out: dict[str, int] = {}
    for change in changes:
        out[change.entity] = out.get(change.entity, 0) + 1
    return out


_ADDED = ("add", "conflict_deleted_here")  # an item this database does not hold (or deleted here)
_CHANGED = ("update",)
_BOTH = ("conflict",)
_DELETED = ("delete", "conflict_deleted_there")  # from the bundle's deletions, not from its items


def preview_in_words(plan: ImportPlan) -> str:
    """An import's effect counted in the export's words: every item of the bundle is to add, to change,
    changed on both laptops, or already here."""
    added, changed, both = plan.of(*_ADDED), plan.of(*_CHANGED), plan.of(*_BOTH)
    total = len(added) + len(changed) + len(both) + plan.unchanged
    parts = []
    if added:
        parts.append(f"{len(added)} to add ({kinds_in_words(_counts(added))})")
    if changed:
        parts.append(f"{len(changed)} to change ({kinds_in_words(_counts(changed))})")
    if both:
        parts.append(f"{len(both)} changed on both laptops ({kinds_in_words(_counts(both))})")
    text = f"{plural(total, 'item')} in the bundle: {', '.join(parts) or 'nothing to add or change'}"
    if plan.unchanged:
        text += f"; {plan.unchanged} already here (unchanged since this database last had them)"
    deleted = plan.of(*_DELETED)
    if deleted:
        text += f"; {plural(len(deleted), 'deletion')} ({kinds_in_words(_counts(deleted))})"
    return text


@dataclass(frozen=True)
class KindGroup:
    heading: str  # "12 evidence items"
    names: list[str]  # each item as History names it


@dataclass(frozen=True)
class PreviewGroup:
    heading: str  # "To add"
    summary: str  # "12 evidence items, 3 cases"
    kinds: list[KindGroup] = field(default_factory=list)


def _names_for(ws: Workspace, plan: ImportPlan) -> dict[str, str]:
    """The framework's area and descriptor names for the bundle's inspection (as History shows them)."""
    from inspector_app.services.audit_trail import framework_names
    from inspector_app.services.workspace import ValidationError

    rows = plan.bundle.data.get("inspection") or []
    for row in rows:
        try:
            return framework_names(ws.framework_for(str(row.get("framework_id")), str(row.get("framework_version"))))
        except ValidationError:
            break
    return {}


def _item_name(change: Change, names: dict[str, str]) -> str:
    from inspector_app.services.audit_trail import item_name

    row: dict[str, Any] = change.incoming or change.local or {}
    return item_name({k: v for k, v in row.items() if not k.startswith("_")}, names) or change.label


def preview_groups(ws: Workspace, plan: ImportPlan) -> list[PreviewGroup]:
    """What the import would add, change and delete (and what changed on both sides), by kind, each item
    named as History names it: the preview's expandable list."""
    names = _names_for(ws, plan)
    groups = []
    for heading, actions in (("To add", _ADDED), ("To change", _CHANGED), ("Changed on both laptops", _BOTH),
                             ("To delete", _DELETED)):
        changes = plan.of(*actions)
        if not changes:
            continue
        by_kind: dict[str, list[Change]] = {}
        for change in changes:
            by_kind.setdefault(change.entity, []).append(change)
        kinds = [KindGroup(kind_count(entity, len(items)), [_item_name(c, names) for c in items])
                 for entity, items in sorted(by_kind.items(), key=lambda kv: _ORDER.get(kv[0], 99))]
        groups.append(PreviewGroup(heading, kinds_in_words(_counts(changes)), kinds))
    return groups
