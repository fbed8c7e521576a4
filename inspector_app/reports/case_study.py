"""The good-practice case study: the lead's chosen flagged evidence as a short, anonymised draft.

Published case studies describe what an authority does well so others can learn from it. The draft
is anonymised: children appear only by pseudonym, case references and initials are removed by the
leak guard, and the authority (and its delivery body) are named only if the lead ticked it.
"""

from __future__ import annotations

from pathlib import Path

from inspector_app.frameworks import Framework
from inspector_app.reports import document as d
from inspector_app.reports.dates import date_range
from inspector_app.reports.export import ExportError, FileFormat
from inspector_app.reports.leak_guard import LeakFound, LeakGuard
from inspector_app.reports.standalone import write_document
from inspector_app.services import Workspace, audit_trail, cases, good_practice, inspections
from inspector_app.services.pseudonyms import Pseudonymiser


def build_case_study(ws: Workspace, inspection_id: int) -> d.Document:
    info = inspections.get_inspection(ws, inspection_id)
    framework = ws.framework(inspection_id)
    study = good_practice.case_study(ws, inspection_id)
    chosen = [g for g in good_practice.list_flagged(ws, inspection_id) if g.in_case_study]
    if not chosen:
        raise ExportError("No good practice is chosen for the case study: flag evidence as good practice (Evidence "
                          "view) and tick it for the case study first.")
    case_list = cases.list_cases(ws, inspection_id)
    names = Pseudonymiser(case_list)
    where = info.authority if study.name_authority else "A local authority in England"
    doc = d.Document(title=f"Good practice case study: {study.title}", subject="Good practice case study (draft)",
                     author="Inspector App",
                     running_dates=date_range(info.start_date, info.end_date) if study.name_authority else "",
                     kind="case_study")
    doc.add(d.Title(f"Good practice case study: {study.title}"),
            d.Para(where, "meta", label="Local authority:"))
    if study.name_authority and info.delivery_body:
        doc.add(d.Para(info.delivery_body, "meta", label="Services delivered by:"))
    areas: list[str] = []
    for item in chosen:
        name = _area_name(framework, item.area_key)
        if name not in areas:
            areas.append(name)
    doc.add(d.Para(", ".join(areas), "meta", label="Practice area:"))
    if study.introduction:
        doc.add(d.Heading("Summary", 1, "summary"))
        doc.add(*(d.Para(p.strip(), "intro") for p in study.introduction.split("\n\n") if p.strip()))
    doc.add(d.Heading("What works well", 1, "what-works"))
    for item in sorted(chosen, key=lambda g: (areas.index(_area_name(framework, g.area_key)), g.evidence_id)):
        doc.add(d.Heading(item.title, 2, f"gp-{item.evidence_id}"),
                d.Para(names.scrub(item.text, item.case_id)))
    doc.add(d.Para("Children are referred to by pseudonym only. This is a draft for the inspectorate's editors; "
                   "check it with the authority before publication.", "small"))
    return doc


def _area_name(framework: Framework, key: str) -> str:
    return framework.area(key).short_name if framework.has_area(key) else key


def export_case_study(ws: Workspace, inspection_id: int, out: Path | str, fmt: FileFormat | None = None, *,
                      replace: bool = True) -> Path:
    """Write the anonymised case study as PDF or .docx (by suffix unless ``fmt`` says); the path returned
    has the format's suffix; ``replace=False`` refuses an existing file (reports.export.FileExists)."""
    info = inspections.get_inspection(ws, inspection_id)
    study = good_practice.case_study(ws, inspection_id)
    hidden = () if study.name_authority else tuple(n for n in (info.authority, info.delivery_body) if n)
    guard = LeakGuard(tuple(cases.list_cases(ws, inspection_id)), hidden)
    try:
        doc = guard.apply(build_case_study(ws, inspection_id))
    except LeakFound as exc:
        raise ExportError(str(exc)) from exc
    path, chosen, pages = write_document(doc, out, fmt, replace=replace)
    audit_trail.record_event(ws, inspection_id, "export", "report", {
        "document": "Good practice case study", "file": path.name, "format": chosen, "pages": pages,
        "authority_named": study.name_authority})
    return path
