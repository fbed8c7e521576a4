"""Across inspections, in the regional store: the authority's previous inspection carried into a new
one, and evidence searched across every inspection a person may see.

Both read whatever database they are given (the store, or a laptop holding several inspections);
on PostgreSQL the server's row-level security decides which inspections a person sees, so the
same query shows each person only theirs. Results name children only by pseudonym ("Child A"),
never by case reference or initials, and free text is scrubbed the same way as in exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from inspector_app.domain.enums import FindingKind, Grade, InspectionKind
from inspector_app.services import cases, evidence, inspections, recommendations
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.services.pseudonyms import Pseudonymiser
from inspector_app.services.recommendations import TRACKED_KINDS, CarriedRecommendation
from inspector_app.services.workspace import ValidationError, Workspace
from inspector_app.storage.models import Finding, Inspection, Judgement

MAX_HITS = 200
GRADED = (InspectionKind.SIF_FULL, InspectionKind.ILACS_STANDARD, InspectionKind.ILACS_SHORT)
"""Inspections that grade the authority: the visits between them and joint inspections do not."""


@dataclass(frozen=True)
class Carried:
    """What the previous inspection hands on: its grades per area and what it asked the council to improve."""

    authority: str
    kind: InspectionKind
    start_date: date
    end_date: date
    grades: Mapping[str, Grade]  # area key -> grade, only areas that were graded
    recommendations: tuple[tuple[FindingKind, str | None, str], ...]  # (kind, area key, text), in report order
    uuid: str = ""  # the previous inspection's, as every database holding it knows it (provenance)
    sources: tuple[CarriedRecommendation, ...] = ()  # the recommendations with the findings they come from

    @property
    def label(self) -> str:
        return f"{self.kind.label} ending {self.end_date:%d %B %Y}"


@dataclass(frozen=True)
class CarriedInto:
    """What carrying did: the grades set, and the recommendations now tracked in the new inspection."""

    grades: dict[str, Grade]
    recommendations_added: int  # new tracked recommendations
    recommendations_kept: int  # already tracked here (carried before, or that inspection is here)


@dataclass(frozen=True)
class Hit:
    """One evidence item found across inspections: where it is, and its text with children pseudonymised."""

    authority: str
    inspection: str  # kind and dates
    inspection_uuid: str
    area_key: str
    text: str
    child: str | None  # "Child A" within that inspection, never the case reference
    seen_on: date | None


def previous_inspection(ws: Workspace, authority: str, before: date) -> Carried | None:
    """The authority's latest inspection (not a visit between) that ended before ``before``, or None."""
    key = authority.strip().casefold()
    if not key:
        raise ValidationError("name the authority whose previous inspection to find")
    with ws.db.read_session() as session:
        row = session.scalars(select(Inspection).where(
            func.lower(func.trim(Inspection.authority)) == key, Inspection.end_date < before,
            Inspection.kind.in_(GRADED))
            .order_by(Inspection.end_date.desc(), Inspection.id.desc()).limit(1)).first()
        if row is None:
            return None
        grades = {j.area_key: j.grade for j in session.scalars(select(Judgement).where(
            Judgement.inspection_id == row.id, Judgement.grade.is_not(None))) if j.grade is not None}
        found = list(session.scalars(
            select(Finding).where(Finding.inspection_id == row.id, Finding.kind.in_(TRACKED_KINDS))
            .order_by(Finding.kind, Finding.position, Finding.id)))
        recommendations = tuple((f.kind, f.area_key, f.text) for f in found)
        sources = tuple(CarriedRecommendation(f.uuid, f.kind, f.area_key, f.text, f.position) for f in found)
        return Carried(row.authority.strip(), row.kind, row.start_date, row.end_date, grades, recommendations,
                       row.uuid, sources)


def carry_forward(ws: Workspace, inspection_id: int, carried: Carried) -> CarriedInto:
    """Make the previous inspection's grades this inspection's previous judgements (the areas its framework
    has) and its end date the previous inspection date, and track its recommendations here (as a published
    inspection's are tracked when it is in this database), each saying which inspection it came from.
    Audited like any edit; carrying again changes nothing more."""
    info = inspections.get_inspection(ws, inspection_id)
    if info.authority.strip().casefold() != carried.authority.casefold():
        raise ValidationError(f"the previous inspection is of {carried.authority}, not {info.authority}")
    framework = ws.framework(inspection_id)
    grades = {k: g for k, g in carried.grades.items() if k == "overall_effectiveness" or framework.has_area(k)}
    if {**info.previous, **grades} != info.previous or info.previous_inspection_date != carried.end_date:
        inspections.update_inspection(ws, inspection_id, previous={**info.previous, **grades},
                                      previous_inspection_date=carried.end_date)
    added, kept = recommendations.carry_into(ws, inspection_id, source_uuid=carried.uuid, source_label=carried.label,
                                             source_end=carried.end_date, items=carried.sources)
    return CarriedInto(grades, added, kept)


def search_across(ws: Workspace, query: str, *, limit: int = MAX_HITS) -> list[Hit]:
    """Evidence matching ``query`` in every inspection this person may see, newest inspection first."""
    typed = query.strip()
    if len(typed) < 3:
        raise ValidationError("type at least three letters to search across inspections")
    with ws.db.read_session() as session:
        rows = [(r.id, r.uuid, r.authority, r.kind, r.start_date, r.end_date) for r in session.scalars(
            select(Inspection).order_by(Inspection.end_date.desc(), Inspection.id.desc()))]
    hits: list[Hit] = []
    for inspection_id, uuid, authority, kind, start, end in rows:
        found = evidence.find_evidence(ws, inspection_id, EvidenceFilter(query=typed), limit=limit - len(hits))
        if not found:
            continue
        names = Pseudonymiser(cases.list_cases(ws, inspection_id))
        label = f"{kind.label}, {start:%d %b %Y} to {end:%d %b %Y}"
        hits += [Hit(authority, label, uuid, item.area_key, names.scrub(item.text, item.case_id),
                     names.name(item.case_id), item.seen_on) for item in found]
        if len(hits) >= limit:
            break
    return hits
