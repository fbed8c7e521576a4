"""Builds the synthetic demo inspections.

Bulky rows (cases, notes, audits, evidence) go in with batched Core inserts so that ``--scale``
can make benchmark-sized inspections quickly; judgements and findings go through the services
so the framework's rules apply exactly as they do for a person.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, insert

from inspector_app.demo import findings_text as ft
from inspector_app.demo import phrases
from inspector_app.demo.good_practice import good_practice_demo
from inspector_app.demo.moderation import moderate_demo
from inspector_app.demo.qa import review_demo
from inspector_app.domain.enums import (
    AgeBand,
    EvidenceSource,
    FindingKind,
    Grade,
    InspectionKind,
    InspectionStatus,
    LegalStatus,
    Polarity,
    RecordType,
    TeamRole,
)
from inspector_app.domain.refs import format_ref, ref_prefix
from inspector_app.frameworks import Framework
from inspector_app.services import findings, inspections, judgements
from inspector_app.services.workspace import Workspace
from inspector_app.storage import audit, evidence_refs
from inspector_app.storage.base import new_uuid
from inspector_app.storage.models import Case, Evidence, RecordAudit, TrackingNote

G = Grade


@dataclass
class DemoPlan:
    authority: str
    framework_uid: str
    kind: InspectionKind
    start: date
    days: int
    team: list[tuple[str, str, TeamRole]]
    cases: int
    audits: int
    evidence: int
    grades: dict[str, Grade] = field(default_factory=dict)
    overall: Grade | None = None
    previous: dict[str, Grade] = field(default_factory=dict)
    status: InspectionStatus = InspectionStatus.DRAFTING
    details: dict[str, Any] = field(default_factory=dict)
    prefix: str = "XX"


@dataclass
class DemoSummary:
    inspections: list[int] = field(default_factory=list)
    cases: int = 0
    audits: int = 0
    evidence: int = 0
    notes: int = 0


TEAM_A = [
    ("Priya Raman", "PR", TeamRole.LEAD), ("Tom Ellery", "TE", TeamRole.TEAM),
    ("Grace Okafor", "GO", TeamRole.TEAM), ("Daniel Hughes", "DH", TeamRole.TEAM),
    ("Helen Marsh", "HM", TeamRole.QA),
]
TEAM_B = [("Sam Whitfield", "SW", TeamRole.LEAD), ("Aisha Karim", "AK", TeamRole.TEAM)]


def demo_plans(scale: int) -> list[DemoPlan]:
    return [
        DemoPlan(
            "Northmoor", "ilacs@2023", InspectionKind.ILACS_STANDARD, date(2026, 3, 2), 12, TEAM_A,
            cases=36 * scale, audits=180 * scale, evidence=450 * scale,
            grades={"leaders": G.GOOD, "help_protection": G.REQUIRES_IMPROVEMENT,
                    "children_in_care": G.GOOD, "care_leavers": G.GOOD},
            overall=G.GOOD,
            previous={"leaders": G.REQUIRES_IMPROVEMENT, "help_protection": G.REQUIRES_IMPROVEMENT,
                      "children_in_care": G.REQUIRES_IMPROVEMENT, "overall_effectiveness": G.REQUIRES_IMPROVEMENT},
            details={"previous_inspection_date": date(2022, 11, 14), "dcs_name": "Ruth Adeyemi",
                     "delivery_body": None},
            prefix="NM",
        ),
        DemoPlan(
            "Eastwold", "focused_visit@2018", InspectionKind.FOCUSED_VISIT, date(2026, 6, 9), 2, TEAM_B,
            cases=12, audits=36, evidence=60, status=InspectionStatus.DRAFTING,
            details={"focus_area": "front_door", "dcs_name": "Mark Denholm",
                     "dcs_address": "Eastwold Council\nCivic Centre\nEastwold EW1 1AA"},
            prefix="EW",
        ),
        DemoPlan(
            "Harrowdale", "ilacs@2026", InspectionKind.ILACS_SHORT, date(2026, 9, 14), 5,
            TEAM_A[:3] + TEAM_A[4:], cases=15, audits=60, evidence=120,
            grades={"leaders": G.GOOD, "help_protection": G.GOOD, "children_in_care": G.OUTSTANDING,
                    "care_leavers": G.REQUIRES_IMPROVEMENT},
            previous={"leaders": G.GOOD, "help_protection": G.GOOD, "children_in_care": G.GOOD},
            details={"previous_inspection_date": date(2023, 5, 22), "dcs_name": "Olu Bankole"},
            prefix="HD",
        ),
        DemoPlan(
            "Fenbridge", "sif@2013", InspectionKind.SIF_FULL, date(2016, 2, 1), 19, TEAM_A[:4],
            cases=14, audits=50, evidence=100,
            grades={"help_protection": G.INADEQUATE, "looked_after": G.REQUIRES_IMPROVEMENT,
                    "adoption": G.GOOD, "care_leavers": G.REQUIRES_IMPROVEMENT,
                    "leadership": G.INADEQUATE, "lscb": G.REQUIRES_IMPROVEMENT},
            status=InspectionStatus.PUBLISHED, details={"dcs_name": "Jean Porter"}, prefix="FB",
        ),
        DemoPlan(
            "Kestrel Bay", "monitoring_visit@2018", InspectionKind.MONITORING_VISIT, date(2026, 10, 6), 2,
            TEAM_B, cases=8, audits=20, evidence=40,
            details={"focus_area": "cin_cp", "visit_number": 3, "dcs_name": "Carys Llewellyn",
                     "previous_inspection_date": date(2025, 1, 20),
                     "dcs_address": "Kestrel Bay Council\nHarbour House\nKestrel Bay KB2 4QT"},
            prefix="KB",
        ),
    ]


class _Stamp:
    """Tracked-column values for rows written in bulk (the flush hook does not see them)."""

    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self, author: str) -> dict[str, Any]:
        return {"uuid": new_uuid(), "created_at": self.when, "updated_at": self.when,
                "created_by": author, "updated_by": author}


def _statuses_for(kind: InspectionKind, focus: str | None) -> list[LegalStatus]:
    if focus in ("front_door", "cin_cp", "outside_home"):
        return [LegalStatus.CHILD_IN_NEED, LegalStatus.CHILD_PROTECTION, LegalStatus.EARLY_HELP]
    return [LegalStatus.CHILD_IN_NEED, LegalStatus.CHILD_PROTECTION, LegalStatus.LOOKED_AFTER,
            LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER, LegalStatus.EARLY_HELP, LegalStatus.ADOPTED]


def _age_for(status: LegalStatus, rng: random.Random) -> AgeBand:
    if status is LegalStatus.CARE_LEAVER:
        return AgeBand.AGE_18_25
    return rng.choice([AgeBand.UNDER_1, AgeBand.AGE_1_4, AgeBand.AGE_5_9, AgeBand.AGE_10_15,
                       AgeBand.AGE_10_15, AgeBand.AGE_16_17])


def _sentence(rng: random.Random, template: str) -> str:
    body = template.format(worker=rng.choice(phrases.WORKERS), partner=rng.choice(phrases.PARTNERS),
                           record=rng.choice(phrases.RECORDS))
    opener = rng.choice(phrases.OPENERS)
    text = f"{opener} {body}" if opener else body
    return text[0].upper() + text[1:]


def _evidence_text(rng: random.Random, generic: str, polarity: Polarity) -> str:
    bank = (phrases.STRENGTH if polarity is Polarity.STRENGTH else phrases.DEVELOPMENT)[generic]
    first = _sentence(rng, rng.choice(bank))
    if rng.random() < 0.35:
        first += " " + _sentence(rng, rng.choice(bank)).replace("In this case, ", "")
    return first


def _bulk(session: Any, model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    result = session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


def _populate(ws: Workspace, plan: DemoPlan, framework: Framework, inspection_id: int,
              rng: random.Random, summary: DemoSummary) -> dict[str, list[tuple[int, Polarity]]]:
    authors = [m[0] for m in plan.team if m[2] is not TeamRole.QA]
    stamp = _Stamp(datetime.combine(plan.start, time(9), tzinfo=UTC))
    focus = plan.details.get("focus_area")
    statuses = _statuses_for(plan.kind, focus)
    calendar = (plan.start + timedelta(days=d) for d in range(plan.days))
    site_days = [day for day in calendar if day.weekday() < 5]
    areas = [a for a in framework.areas if a.in_overall] or list(framework.areas)
    if focus:
        areas = [framework.area(focus)] * 4 + [a for a in framework.areas if a.key != focus][:2]
    by_area: dict[str, list[tuple[int, Polarity]]] = {}
    with ws.db.session() as session:
        case_rows, case_owner = [], []
        for i in range(plan.cases):
            owner = authors[i % len(authors)]
            status = rng.choice(statuses)
            case_rows.append(stamp(owner) | {
                "inspection_id": inspection_id,
                "reference": f"{plan.prefix}-{100000 + i * 37 + rng.randint(0, 30)}",
                "initials": rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase),
                "age_band": _age_for(status, rng).value, "legal_status": status.value,
                "team": rng.choice(phrases.TEAMS),
                "selection_reason": rng.choice(["tracked", "tracked", "sampled", "council_audit"]),
                "summary": "", "escalated_at": None, "escalated_to": None,
            })
            case_owner.append(owner)
        case_ids = _bulk(session, Case, case_rows)

        note_rows = []
        for case_id, owner in zip(case_ids, case_owner, strict=True):
            for _ in range(rng.randint(1, 4)):
                day = rng.choice(site_days)
                note_rows.append(stamp(owner) | {
                    "case_id": case_id, "text": rng.choice(phrases.NOTES),
                    "noted_at": datetime.combine(
                        day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))), tzinfo=UTC),
                })
        session.execute(insert(TrackingNote), note_rows)

        audit_rows, audit_case = [], []
        record_types = list(RecordType)
        for i in range(plan.audits):
            idx = i % len(case_ids)
            audit_rows.append(stamp(case_owner[idx]) | {
                "case_id": case_ids[idx], "record_type": rng.choice(record_types).value,
                "record_date": plan.start - timedelta(days=rng.randint(7, 540)),
                "quality": rng.choice([G.GOOD, G.GOOD, G.REQUIRES_IMPROVEMENT, G.OUTSTANDING, G.INADEQUATE]).value
                if framework.graded else None,
                "timely": rng.random() > 0.2, "note": rng.choice(phrases.AUDIT_NOTES),
            })
            audit_case.append(idx)
        audit_ids = _bulk(session, RecordAudit, audit_rows)

        evidence_rows, meta = [], []
        prefixes = {m[0]: ref_prefix(m[1], m[0]) for m in plan.team}
        numbers: dict[str, int] = {}
        sources = list(EvidenceSource)
        for _ in range(plan.evidence):
            area = rng.choice(areas)
            generic = phrases.GENERIC_AREA.get(area.key, "help_protection")
            polarity = Polarity.STRENGTH if rng.random() < 0.58 else Polarity.DEVELOPMENT
            strong = polarity is Polarity.STRENGTH
            wanted = {G.OUTSTANDING, G.GOOD} if strong else {G.REQUIRES_IMPROVEMENT, G.INADEQUATE}
            pool = [d.key for d in area.descriptors if d.grade in wanted or d.grade is None]
            linked = rng.random() < 0.7
            idx = rng.randrange(len(case_ids))
            audit_id = None
            if linked and rng.random() < 0.4:
                a = rng.randrange(len(audit_ids))
                audit_id, idx = audit_ids[a], audit_case[a]
            author = case_owner[idx] if linked else rng.choice(authors)
            prefix = prefixes.get(author) or ref_prefix(None, author)
            numbers[prefix] = numbers.get(prefix, 0) + 1
            evidence_rows.append(stamp(author) | {
                "ref": format_ref(prefix, numbers[prefix]),
                "inspection_id": inspection_id, "text": _evidence_text(rng, generic, polarity),
                "source": rng.choice(sources).value, "seen_on": rng.choice(site_days),
                "area_key": area.key, "descriptors": rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2)))),
                "polarity": polarity.value,
                "grade": (rng.choice(sorted(wanted, key=lambda g: g.rank)).value
                          if framework.graded and rng.random() < 0.3 else None),
                "case_id": case_ids[idx] if linked else None, "record_audit_id": audit_id,
                "tags": rng.sample(phrases.TAGS, k=rng.choice((0, 1, 1, 2))),
            })
            meta.append((area.key, polarity))
        evidence_ids = _bulk(session, Evidence, evidence_rows)
        evidence_refs.note_used(session.connection(), inspection_id, numbers)
        for evidence_id, (area_key, polarity) in zip(evidence_ids, meta, strict=True):
            by_area.setdefault(area_key, []).append((evidence_id, polarity))
    summary.cases += len(case_ids)
    summary.notes += len(note_rows)
    summary.audits += len(audit_ids)
    summary.evidence += len(evidence_ids)
    return by_area


def _pick(by_area: dict[str, list[tuple[int, Polarity]]], area: str | None, polarity: Polarity,
          rng: random.Random, k: int = 3) -> list[int]:
    pool = [e for e, p in by_area.get(area or "", []) if p is polarity]
    if not pool:
        pool = [e for rows in by_area.values() for e, p in rows if p is polarity]
    return rng.sample(pool, k=min(k, len(pool)))


def _findings(ws: Workspace, plan: DemoPlan, framework: Framework, inspection_id: int,
              by_area: dict[str, list[tuple[int, Polarity]]], rng: random.Random) -> None:
    S, D = Polarity.STRENGTH, Polarity.DEVELOPMENT

    def add(kind: FindingKind, text: str, area: str | None, polarity: Polarity, ref: str | None = None) -> None:
        findings.add_finding(ws, inspection_id, kind=kind, text=text, area_key=area, national_ref=ref,
                             evidence_ids=_pick(by_area, area, polarity, rng))

    if framework.graded:
        for area in framework.areas:
            generic = phrases.GENERIC_AREA.get(area.key, "leaders")
            for text in ft.STRENGTHS[generic][: 3 if area.parent is None else 1]:
                add(FindingKind.STRENGTH, text, area.key, S)
            for text in ft.IMPROVEMENTS[generic][: 2 if area.parent is None else 1]:
                add(FindingKind.AREA_FOR_IMPROVEMENT, text, area.key, D)
        for text, generic, ref in ft.RECOMMENDATIONS:
            area_key = next((a.key for a in framework.areas if phrases.GENERIC_AREA.get(a.key) == generic), None)
            findings.add_finding(ws, inspection_id, kind=FindingKind.RECOMMENDATION, text=text, area_key=None,
                                 national_ref=ref if framework.national_framework else None,
                                 evidence_ids=_pick(by_area, area_key, D, rng))
        return
    focus = plan.details.get("focus_area")
    if plan.kind is InspectionKind.MONITORING_VISIT:
        strengths, improvements = ft.MONITORING_PROGRESS, ft.MONITORING_IMPROVEMENTS
    else:
        strengths, improvements = ft.FOCUS_STRENGTHS, ft.FOCUS_IMPROVEMENTS
    for text in strengths:
        add(FindingKind.STRENGTH, text, focus, S)
    for text in improvements:
        add(FindingKind.AREA_FOR_IMPROVEMENT, text, focus, D)
    if plan.kind is InspectionKind.MONITORING_VISIT:
        for text in ft.MONITORED_RECOMMENDATIONS:
            add(FindingKind.RECOMMENDATION, text, None, D)
    if plan.kind is InspectionKind.FOCUSED_VISIT:
        for text, priority_area in ft.PRIORITY_ACTIONS:
            add(FindingKind.PRIORITY_ACTION, text, priority_area, D)


def _simulate_merges(ws: Workspace, plan: DemoPlan, inspection_id: int) -> None:
    """Record that each team inspector's work reached the lead's laptop in bundles, as it would."""
    from sqlalchemy import select

    from inspector_app.storage.models import BundleLog, Inspection, RowOrigin

    lead = next((m[0] for m in plan.team if m[2] is TeamRole.LEAD), None)
    members = [m[0] for m in plan.team if m[2] is TeamRole.TEAM]
    with ws.db.session() as session:
        inspection_uuid = session.get_one(Inspection, inspection_id).uuid
        for day, member in enumerate(members, start=1):
            machine = new_uuid()
            at = datetime.combine(plan.start + timedelta(days=min(day, plan.days - 1)), time(17, 30), tzinfo=UTC)
            origins = []
            model: Any
            for model in (Case, TrackingNote, RecordAudit, Evidence):
                owned: Select[tuple[str]] = select(model.uuid).where(model.created_by == member)
                if model in (TrackingNote, RecordAudit):
                    owned = owned.join(Case, model.case_id == Case.id).where(Case.inspection_id == inspection_id)
                else:
                    owned = owned.where(model.inspection_id == inspection_id)
                origins += [{"row_uuid": u, "entity": model.__tablename__, "exporter": member, "machine": machine,
                             "bundle_uuid": f"demo-{inspection_id}-{day}", "imported_at": at}
                            for u in session.scalars(owned)]
            if origins:
                session.execute(insert(RowOrigin), origins)
                session.add(BundleLog(bundle_uuid=f"demo-{inspection_id}-{day}", direction="import",
                                      inspection_uuid=inspection_uuid, peer=member, peer_machine=machine, at=at,
                                      counts={"added": len(origins), "updated": 0, "deleted": 0, "conflict": 0}))
            if origins:
                audit.record(session, [audit.event(lead or "", "import", "bundle", f"demo-{inspection_id}-{day}",
                                                   inspection_uuid, {"from": member, "counts": {"added": len(origins)}})
                                       | {"at": at}])
        _bulk_history(session, inspection_id, inspection_uuid)
        if lead and members:
            session.add(BundleLog(bundle_uuid=new_uuid(), direction="export", inspection_uuid=inspection_uuid,
                                  peer="team", at=datetime.combine(plan.start, time(8), tzinfo=UTC),
                                  counts={"inspection": 1, "team_member": len(plan.team)}))


def _bulk_history(session: Any, inspection_id: int, inspection_uuid: str) -> None:
    """Creation events for the rows the demo inserted in bulk (bypassing the session's audit hook)."""
    from sqlalchemy import select

    model: Any
    for model, named, via_case in ((Case, "reference", False), (TrackingNote, "text", True),
                                   (RecordAudit, "note", True), (Evidence, "text", False)):
        query = select(model.uuid, model.created_by, model.created_at, getattr(model, named))
        if via_case:
            query = query.join(Case, model.case_id == Case.id).where(Case.inspection_id == inspection_id)
        else:
            query = query.where(model.inspection_id == inspection_id)
        audit.record(session, [audit.event(who, audit.CREATE, model.__tablename__, row_uuid, inspection_uuid,
                                           {named: value}) | {"at": at}
                               for row_uuid, who, at, value in session.execute(query)])


def generate_demo(ws: Workspace, scale: int = 1, seed: int = 2026) -> DemoSummary:
    """Add the demo inspections to the workspace's database; returns what was added."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    rng = random.Random(seed)
    summary = DemoSummary()
    plans = demo_plans(scale)
    for plan in plans:
        framework = ws.registry.by_uid(plan.framework_uid)
        end = plan.start + timedelta(days=plan.days - 1)
        lead = next((m[0] for m in plan.team if m[2] is TeamRole.LEAD), ws.user)
        user, ws.user = ws.user, lead  # the lead creates it (and leads its roster), settles and writes findings
        info = inspections.create_inspection(
            ws, authority=plan.authority, framework_uid=plan.framework_uid, kind=plan.kind,
            start_date=plan.start, end_date=end, team=plan.team, previous=plan.previous,
            status=plan.status, summary=ft.summary_for(plan.authority, framework.graded),
            **{k: v for k, v in plan.details.items() if v is not None},
        )
        summary.inspections.append(info.id)
        by_area = _populate(ws, plan, framework, info.id, rng, summary)
        if plan is plans[0]:  # the full inspection shows independent grading and moderation
            moderate_demo(ws, framework, info.id, plan.team, plan.grades)
        for area_key, grade in plan.grades.items():
            judgements.set_judgement(ws, info.id, area_key, grade,
                                     f"The balance of evidence for {framework.area(area_key).short_name.lower()} "
                                     f"points to {grade.label.lower()}.")
        if plan.overall is not None:
            judgements.set_overall(ws, info.id, plan.overall, "Settled at the team's final meeting.")
        _findings(ws, plan, framework, info.id, by_area, rng)
        if plan is plans[0]:  # and quality assurance review of its draft
            review_demo(ws, info.id, plan.team)
            good_practice_demo(ws, info.id, plan.team)
        ws.user = user
        _simulate_merges(ws, plan, info.id)
    return summary
