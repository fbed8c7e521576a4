"""Everything a document needs, gathered through the services into one plain object.

Builders (report, letters) only lay out what is here; deciding what is cited, which children
appear and under which pseudonym happens once, in this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from inspector_app.domain.enums import FindingKind, Grade, InspectionKind
from inspector_app.domain.framework import OVERALL_KEY
from inspector_app.domain.inspectorates import Inspectorate
from inspector_app.frameworks import Framework
from inspector_app.services import (
    Workspace,
    cases,
    deadlines,
    evidence,
    findings,
    inspections,
    joint,
    judgements,
    recommendations,
    sampling,
)
from inspector_app.services.dto import EvidenceInfo, FindingInfo, InspectionInfo
from inspector_app.services.findings import ALL_AREAS, AllAreas
from inspector_app.services.judgements import JudgementState
from inspector_app.services.pseudonyms import Pseudonymiser
from inspector_app.services.recommendations import RecommendationInfo


@dataclass
class ReportData:
    inspection: InspectionInfo
    framework: Framework
    state: JudgementState
    findings: list[FindingInfo]
    cited: dict[int, EvidenceInfo]
    pseudonyms: Pseudonymiser
    case_count: int
    audit_count: int
    evidence_count: int
    monitored_recommendations: list[FindingInfo] = field(default_factory=list)
    followed_up: list[RecommendationInfo] = field(default_factory=list)
    team_inspectorates: dict[str, Inspectorate | None] = field(default_factory=dict)
    """Joint inspections: each team member's inspectorate (services.joint)."""
    published_on: date | None = None  # when the report was published, if recorded (services.deadlines)
    council_ids: dict[int, str] = field(default_factory=dict)
    """Sampled cases' council child IDs, shown only in the internal pseudonym key (never published)."""
    """Earlier inspections' recommendations with what this visit found (services.recommendations)."""

    def of_kind(self, kind: FindingKind, area_key: str | AllAreas | None = ALL_AREAS) -> list[FindingInfo]:
        chosen = [f for f in self.findings if f.kind is kind]
        if not isinstance(area_key, AllAreas):
            chosen = [f for f in chosen if f.area_key == area_key]
        return sorted(chosen, key=lambda f: (self._area_rank(f.area_key), f.position, f.id))

    def _area_rank(self, area_key: str | None) -> int:
        if area_key is None:
            return -1
        order = [a.key for a in self.framework.areas_in_report_order]
        return order.index(area_key) if area_key in order else len(order)

    def grade(self, area_key: str) -> Grade | None:
        if area_key == OVERALL_KEY:
            return self.state.overall.settled
        return self.state.grade(area_key)

    @property
    def missing_judgements(self) -> list[str]:
        names = list(self.state.missing)
        if self.framework.has_overall and self.state.overall.settled is None:
            names.append(self.framework.overall_label)
        return names

    def scrub(self, text: str, case_id: int | None = None) -> str:
        return self.pseudonyms.scrub(text, case_id)


def _monitored(ws: Workspace, info: InspectionInfo, own: list[FindingInfo]) -> list[FindingInfo]:
    """A monitoring visit reports on the last graded inspection's recommendations.

    The visit's own "what needs to improve" items come first; when it has none, they are taken
    from the authority's most recent graded inspection in this database.
    """
    mine = [f for f in own if f.kind is FindingKind.RECOMMENDATION]
    if mine:
        return sorted(mine, key=lambda f: f.position)
    earlier = [
        i for i in inspections.list_inspections(ws)
        if i.authority == info.authority and i.kind.graded and i.start_date < info.start_date
    ]
    if not earlier:
        return []
    last = max(earlier, key=lambda i: i.start_date)
    return sorted(findings.list_findings(ws, last.id, kind=FindingKind.RECOMMENDATION),
                  key=lambda f: f.position)


def gather(ws: Workspace, inspection_id: int) -> ReportData:
    info = inspections.get_inspection(ws, inspection_id)
    framework = ws.registry.get(info.framework_id, info.framework_version)
    state = judgements.judgement_state(ws, inspection_id)
    all_findings = findings.list_findings(ws, inspection_id)
    case_list = cases.list_cases(ws, inspection_id)
    cited_ids = sorted({e for f in all_findings for e in f.evidence_ids})
    cited = {e.id: e for e in evidence.evidence_rows(ws, cited_ids)}
    monitored = (_monitored(ws, info, all_findings)
                 if info.kind is InspectionKind.MONITORING_VISIT else [])
    return ReportData(
        inspection=info,
        framework=framework,
        state=state,
        findings=all_findings,
        cited=cited,
        pseudonyms=Pseudonymiser(case_list),
        case_count=len(case_list),
        audit_count=sum(c.audit_count for c in case_list),
        evidence_count=evidence.count_evidence(ws, inspection_id),
        monitored_recommendations=monitored,
        followed_up=recommendations.follow_up(ws, inspection_id),
        published_on=deadlines.publication_date(ws, inspection_id),
        council_ids=sampling.council_ids(ws, inspection_id),
        team_inspectorates=joint.team_inspectorates(ws, inspection_id)
        if info.kind is InspectionKind.JOINT_TARGETED else {},
    )
