"""The controlled vocabularies of an inspection, each with the wording people read.

Values are stable identifiers stored in the database and in bundles; labels are for display
and may be reworded without a migration.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A string enum whose members carry a display label."""

    label: str

    # ``label`` has a default only for the type checker: members are defined as (value, label)
    # pairs, while ``Grade("good")`` looks a member up by value and never reaches ``__new__``.
    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def from_label_or_value(cls, text: str) -> LabelledEnum:
        lowered = text.strip().lower()
        for member in cls:
            if lowered in (member.value, member.label.lower()):
                return member
        raise ValueError(f"{text!r} is not one of: {', '.join(m.value for m in cls)}")


class Grade(LabelledEnum):
    """The four-point scale, best first; ``rank`` 1 is outstanding, 4 inadequate."""

    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"

    @property
    def rank(self) -> int:
        return list(Grade).index(self) + 1

    @property
    def short_label(self) -> str:
        return "Requires improvement" if self is Grade.REQUIRES_IMPROVEMENT else self.label

    def better_than(self, other: Grade) -> bool:
        return self.rank < other.rank


class InspectionKind(LabelledEnum):
    SIF_FULL = "sif_full", "SIF full inspection"
    ILACS_STANDARD = "ilacs_standard", "ILACS standard inspection"
    ILACS_SHORT = "ilacs_short", "ILACS short inspection"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JOINT_TARGETED = "jtai", "Joint targeted area inspection"

    @property
    def days_on_site(self) -> int:
        """The usual length on site, first to last day: a default for a new inspection, not a rule."""
        return {"sif_full": 26, "ilacs_standard": 12, "ilacs_short": 5}.get(self.value, 2)

    @property
    def graded(self) -> bool:
        return self not in (InspectionKind.FOCUSED_VISIT, InspectionKind.MONITORING_VISIT,
                            InspectionKind.JOINT_TARGETED)


class InspectionStatus(LabelledEnum):
    PLANNING = "planning", "Planning"
    ON_SITE = "on_site", "On site"
    DRAFTING = "drafting", "Drafting"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
    PUBLISHED = "published", "Published"


class TeamRole(LabelledEnum):
    LEAD = "lead", "Lead inspector"
    TEAM = "team", "Team inspector"
    QA = "qa", "Quality assurance reviewer"


class LegalStatus(LabelledEnum):
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection plan"
    LOOKED_AFTER = "looked_after", "Child looked after"
    CARE_LEAVER = "care_leaver", "Care leaver"
    ADOPTED = "adopted", "Adopted"
    OTHER = "other", "Other"


class AgeBand(LabelledEnum):
    UNBORN = "unborn", "Unborn"
    UNDER_1 = "0", "Under 1"
    AGE_1_4 = "1-4", "1 to 4"
    AGE_5_9 = "5-9", "5 to 9"
    AGE_10_15 = "10-15", "10 to 15"
    AGE_16_17 = "16-17", "16 to 17"
    AGE_18_25 = "18-25", "18 to 25"


class SelectionReason(LabelledEnum):
    TRACKED = "tracked", "Tracked"
    SAMPLED = "sampled", "Sampled"
    COUNCIL_AUDIT = "council_audit", "Council audit"


class RecordType(LabelledEnum):
    CONTACT = "contact", "Contact"
    REFERRAL = "referral", "Referral"
    ASSESSMENT = "assessment", "Assessment"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    SECTION_47 = "section_47", "Section 47 enquiry"
    CONFERENCE = "conference", "Child protection conference"
    CP_PLAN = "cp_plan", "Child protection plan"
    CIN_PLAN = "cin_plan", "Child in need plan"
    CARE_PLAN = "care_plan", "Care plan"
    PATHWAY_PLAN = "pathway_plan", "Pathway plan"
    REVIEW = "review", "Review"
    VISIT = "visit", "Visit"
    SUPERVISION = "supervision", "Supervision"
    OTHER = "other", "Other"


class EvidenceSource(LabelledEnum):
    CASE_FILE = "case_file", "Case file"
    PRACTITIONER = "practitioner", "Discussion with a practitioner"
    MANAGER = "manager", "Discussion with a manager"
    OBSERVATION = "observation", "Observation of practice"
    PERFORMANCE_DATA = "performance_data", "Performance data"
    SELF_EVALUATION = "self_evaluation", "Council's self-evaluation"
    CHILDREN = "children", "Meeting children or young people"
    PARTNER = "partner", "Partner agency"


class Polarity(LabelledEnum):
    """Whether a piece of evidence supports the practice or points to a weakness."""

    STRENGTH = "strength", "Strength"
    DEVELOPMENT = "development", "Area for development"


class FindingKind(LabelledEnum):
    STRENGTH = "strength", "Strength"
    AREA_FOR_IMPROVEMENT = "area_for_improvement", "Area for improvement"
    RECOMMENDATION = "recommendation", "What needs to improve"
    PRIORITY_ACTION = "priority_action", "Area for priority action"


class OverallRule(LabelledEnum):
    HARD = "hard", "Hard limiting rule"
    SOFT = "soft", "Strong expectation (departure needs a rationale)"
    NONE = "none", "No overall judgement"
