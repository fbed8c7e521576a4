"""The evidence behind one grade descriptor, and linking, re-grading or unlinking it from the board.

Evidence *supports* a descriptor when it points the same way (a strength for an outstanding or
good descriptor, an area for development for the weaker grades) and *challenges* it otherwise;
re-grading an item as supporting or challenging therefore sets its polarity for this descriptor's
direction. Cases are named by their pseudonym ("Child A"), as in everything that leaves the case
view.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector_app.domain.enums import EvidenceSource, Grade, Polarity
from inspector_app.domain.framework import Descriptor, Framework
from inspector_app.services import cases, evidence
from inspector_app.services.dto import EvidenceInfo
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.services.pseudonyms import Pseudonymiser
from inspector_app.services.workspace import ValidationError, Workspace


@dataclass(frozen=True)
class EvidenceLine:
    id: int
    text: str
    source: EvidenceSource
    child: str | None  # the case's pseudonym
    author: str
    supporting: bool
    ref: str = ""  # "AA-5", as on every laptop


@dataclass(frozen=True)
class DescriptorEvidence:
    descriptor: Descriptor
    supporting: list[EvidenceLine]
    challenging: list[EvidenceLine]
    unlinked: list[EvidenceLine]  # the rest of the area's evidence, to link from


def supporting_polarity(descriptor: Descriptor) -> Polarity:
    weak = descriptor.grade in (Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
    return Polarity.DEVELOPMENT if weak else Polarity.STRENGTH


def _descriptor(framework: Framework, key: str) -> Descriptor:
    for area in framework.areas:
        for descriptor in area.descriptors:
            if descriptor.key == key:
                return descriptor
    raise ValidationError(f"{framework.short_name} has no descriptor {key!r}")


def descriptor_evidence(ws: Workspace, inspection_id: int, descriptor_key: str) -> DescriptorEvidence:
    descriptor = _descriptor(ws.framework(inspection_id), descriptor_key)
    names = Pseudonymiser(cases.list_cases(ws, inspection_id))
    towards = supporting_polarity(descriptor)
    linked: list[EvidenceLine] = []
    unlinked: list[EvidenceLine] = []
    for item in evidence.find_evidence(ws, inspection_id, EvidenceFilter(area_key=descriptor.area_key)):
        line = _line(item, names, towards)
        (linked if descriptor_key in item.descriptors else unlinked).append(line)
    return DescriptorEvidence(descriptor, [x for x in linked if x.supporting],
                              [x for x in linked if not x.supporting], unlinked)


def _line(item: EvidenceInfo, names: Pseudonymiser, towards: Polarity) -> EvidenceLine:
    return EvidenceLine(item.id, item.text, item.source, names.name(item.case_id), item.author,
                        item.polarity is towards, item.ref)


def link(ws: Workspace, inspection_id: int, evidence_id: int, descriptor_key: str, supporting: bool) -> EvidenceInfo:
    """Link an item of the descriptor's area to it, as supporting or challenging evidence."""
    descriptor = _descriptor(ws.framework(inspection_id), descriptor_key)
    item = evidence.get_evidence(ws, evidence_id)
    if item.inspection_id != inspection_id or item.area_key != descriptor.area_key:
        raise ValidationError("only evidence of this descriptor's judgement area can be linked to it")
    towards = supporting_polarity(descriptor)
    polarity = towards if supporting else (Polarity.DEVELOPMENT if towards is Polarity.STRENGTH
                                           else Polarity.STRENGTH)
    descriptors = list(dict.fromkeys([*item.descriptors, descriptor_key]))
    return evidence.update_evidence(ws, evidence_id, descriptors=descriptors, polarity=polarity)


def unlink(ws: Workspace, evidence_id: int, descriptor_key: str) -> EvidenceInfo:
    item = evidence.get_evidence(ws, evidence_id)
    return evidence.update_evidence(ws, evidence_id, descriptors=[d for d in item.descriptors if d != descriptor_key])
