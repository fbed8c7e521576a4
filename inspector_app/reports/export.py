"""Export a draft report or letter to PDF: choose the document, build it, write it safely.

The file is written beside its destination and moved into place only when complete, so a full
disk or a cancelled export never leaves a half-written PDF or damages an earlier one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from inspector_app.reports.content import ReportData, gather
from inspector_app.services import Workspace

DocumentKind = Literal["report", "letter"]
DEFAULT_MARKING = "OFFICIAL-SENSITIVE — DRAFT"


class ExportError(Exception):
    """The export cannot be made; the message says why and what to do."""


class ExportCancelled(Exception):
    """The person cancelled the export; nothing was written."""


@dataclass(frozen=True)
class ExportOptions:
    kind: DocumentKind | None = None  # None: a report for graded inspections, a letter for visits
    appendix: bool = False
    internal_references: bool = False
    moderation_annex: bool = False  # internal copies only: proposals, spread, alpha, settled grades
    marking: str = DEFAULT_MARKING


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: DocumentKind
    pages: int
    title: str


def choose_kind(data: ReportData, wanted: DocumentKind | None) -> DocumentKind:
    graded = data.framework.graded and data.inspection.kind.graded
    kind_label = data.inspection.kind.label.lower()
    if wanted is None:
        return "report" if graded else "letter"
    if wanted == "report" and not graded:
        raise ExportError(
            f"A {kind_label} is not graded, so it has no inspection report: export a letter instead "
            "(--kind letter)."
        )
    if wanted == "letter" and graded:
        raise ExportError(
            f"Letters are for focused and monitoring visits; a {kind_label} is exported as a report "
            "(--kind report)."
        )
    return wanted


def export_pdf(
    ws: Workspace,
    inspection_id: int,
    out: Path | str,
    options: ExportOptions | None = None,
    *,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    from inspector_app.reports.inspection_report import build_report_story, report_title
    from inspector_app.reports.letters import build_letter_story, letter_subject
    from inspector_app.reports.template import DocumentTemplate, Furniture

    options = options or ExportOptions()
    out = Path(out).expanduser()

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled("export cancelled")
        if progress is not None:
            progress(fraction, message)

    step(0.0, "Gathering judgements, findings and evidence")
    data = gather(ws, inspection_id)
    kind = choose_kind(data, options.kind)
    info = data.inspection
    from inspector_app.reports.dates import date_range

    title = report_title(data) if kind == "report" else letter_subject(data)
    lead = info.lead.name if info.lead else "Inspector App"
    subject = (f"Draft inspection report, {data.framework.short_name}" if kind == "report"
               else f"Draft {info.kind.label.lower()} letter")
    furniture = Furniture(options.marking, title, date_range(info.start_date, info.end_date))
    if not out.parent.is_dir():
        raise ExportError(f"The folder {out.parent} does not exist: choose another place to save the PDF.")

    step(0.1, "Laying out the document")
    temp = out.with_name(f".inspector-export-{os.getpid()}-{out.name}")
    try:
        state = {"done": 0, "total": 1}

        def on_flowable() -> None:
            state["done"] += 1
            step(min(0.1 + 0.85 * state["done"] / state["total"], 0.95), "Laying out the document")

        doc = DocumentTemplate(str(temp), furniture=furniture, title=title, author=lead, subject=subject,
                               on_flowable=on_flowable)
        if kind == "report":
            story = build_report_story(data, doc.width, appendix=options.appendix,
                                       internal_references=options.internal_references)
        else:
            story = build_letter_story(data, doc.width, appendix=options.appendix,
                                       internal_references=options.internal_references)
        if options.moderation_annex and kind == "report":
            from inspector_app.reports.moderation_annex import moderation_annex

            story += moderation_annex(ws, data, doc.width)
        state["total"] = max(len(story), 1)
        doc.build_story(story)
        step(0.97, "Saving")
        os.replace(temp, out)
    except OSError as exc:
        raise ExportError(
            f"Could not write {out}: {exc.strerror or exc}. Free some space or choose another folder; "
            "no existing file was changed."
        ) from exc
    finally:
        temp.unlink(missing_ok=True)
    from inspector_app.services import audit_trail

    audit_trail.record_event(ws, inspection_id, "export", "report", {
        "document": "Draft report" if kind == "report" else "Draft letter", "file": out.name,
        "pages": doc.page, "appendix": options.appendix, "internal_references": options.internal_references})
    if progress is not None:
        progress(1.0, "Done")
    return ExportResult(out, kind, doc.page, title)
