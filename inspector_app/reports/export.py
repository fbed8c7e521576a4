"""Export a draft report or letter to PDF or Word: choose the document, build it once, render it, write it safely.

The file is written beside its destination and moved into place only when complete, so a full
disk or a cancelled export never leaves a half-written file or damages an earlier one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from inspector_app.domain.enums import InspectionKind
from inspector_app.reports.content import ReportData, gather
from inspector_app.reports.document import DEFAULT_MARKING, Document
from inspector_app.services import Workspace

DocumentKind = Literal["report", "letter"]
FileFormat = Literal["pdf", "docx"]
FORMATS: tuple[FileFormat, ...] = ("pdf", "docx")


class ExportError(Exception):
    """The export cannot be made; the message says why and what to do."""


class FileExists(ExportError):
    """The file is there already and replacing it was not asked for: the window asks, the CLI refuses."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists: choose another name, or replace it; nothing was written.")
        self.path = path


class ExportCancelled(Exception):
    """The person cancelled the export; nothing was written."""


@dataclass(frozen=True)
class ExportOptions:
    kind: DocumentKind | None = None  # None: a report for graded inspections, a letter for visits
    appendix: bool = False  # the evidence appendix (always in the internal copy)
    internal_references: bool = False  # the pseudonym key (never for publication)
    moderation_annex: bool = False  # internal copies only: proposals, spread, alpha, settled grades
    marking: str = DEFAULT_MARKING
    internal: bool = False  # the lead's working copy: evidence notes, previous grades, rationale
    format: FileFormat | None = None  # None: from the file's suffix (.docx, otherwise PDF)
    template: Path | None = None  # a .docx whose styles the Word document takes


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: DocumentKind
    pages: int  # 0 for a Word document: the word processor paginates it
    title: str
    format: FileFormat = "pdf"
    document: Document | None = field(default=None, compare=False, repr=False)  # what was rendered


SUFFIXES: dict[FileFormat, str] = {"pdf": ".pdf", "docx": ".docx"}


def file_format(out: Path, wanted: FileFormat | None) -> FileFormat:
    if wanted is not None:
        return wanted
    return "docx" if out.suffix.lower() == ".docx" else "pdf"


def with_suffix_for(out: Path | str, fmt: FileFormat) -> Path:
    """``out`` with the suffix of ``fmt``: the other format's suffix is replaced (northmoor.pdf chosen as
    Word becomes northmoor.docx: a Word file under a .pdf name opened as a broken PDF, and overwrote one);
    any other suffix is kept and the right one added (notes.v2 becomes notes.v2.pdf)."""
    out = Path(out).expanduser()
    current = out.suffix.lower()
    if current == SUFFIXES[fmt]:
        return out
    if current in SUFFIXES.values():
        return out.with_suffix(SUFFIXES[fmt])
    return out.with_name(out.name + SUFFIXES[fmt])


def export_target(out: Path | str, wanted: FileFormat | None = None) -> tuple[Path, FileFormat]:
    """Where an export is written and in which format (``wanted``, else the one the suffix names): the one
    rule every export follows (draft reports and letters, the case study; window and command line), so the
    suffix always names the format. Callers show the returned path, which may differ from ``out``."""
    out = Path(out).expanduser()
    fmt = file_format(out, wanted)
    return with_suffix_for(out, fmt), fmt


def refuse_existing(out: Path, replace: bool) -> None:
    """Raise :class:`FileExists` when ``out`` is there and replacing it was not asked for."""
    if not replace and out.exists():
        raise FileExists(out)


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


def build_document(data: ReportData, options: ExportOptions, *, today: date | None = None) -> Document:
    """The document model for this inspection and audience, before any renderer sees it."""
    from inspector_app.reports.common import Audience

    audience = Audience(internal=options.internal, appendix=options.appendix,
                        case_references=options.internal_references)
    kind = choose_kind(data, options.kind)
    today = today or date.today()
    if kind == "letter" and data.inspection.kind is InspectionKind.JOINT_TARGETED:
        from inspector_app.reports.joint_letter import build_joint_letter

        doc = build_joint_letter(data, audience, today=today)
    elif kind == "letter":
        from inspector_app.reports.letters import build_letter

        doc = build_letter(data, audience, today=today)
    elif data.framework.id == "sif":
        from inspector_app.reports.sif_report import build_sif_report

        doc = build_sif_report(data, audience, today_year=today.year)
    else:
        from inspector_app.reports.inspection_report import build_report

        doc = build_report(data, audience, today_year=today.year)
    doc.marking = options.marking
    return doc


def export_document(
    ws: Workspace,
    inspection_id: int,
    out: Path | str,
    options: ExportOptions | None = None,
    *,
    progress: Callable[[float, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    replace: bool = True,
) -> ExportResult:
    """Build the inspection's draft and write it as PDF or .docx (by ``options.format`` or the suffix).

    The file gets the format's suffix (:func:`export_target`; the result's ``path`` says where it went).
    ``replace=False``: an existing file there is refused with :class:`FileExists` before any work.
    """
    options = options or ExportOptions()
    out, fmt = export_target(out, options.format)
    refuse_existing(out, replace)

    def step(fraction: float, message: str) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled("export cancelled")
        if progress is not None:
            progress(fraction, message)

    step(0.0, "Gathering judgements, findings and evidence")
    data = gather(ws, inspection_id)
    doc = build_document(data, options)
    if options.moderation_annex:
        if not options.internal or doc.kind == "letter":
            raise ExportError("The moderation annex belongs in the internal copy of a graded report only: "
                              "export the report with --internal (Internal copy in the Export view).")
        from inspector_app.reports.moderation_annex import moderation_annex

        doc.add_annex(*moderation_annex(ws, data))
    if options.internal:
        from inspector_app.services import qa

        if qa.list_comments(ws, inspection_id) or qa.qa_state(ws, inspection_id).set_by:
            from inspector_app.reports.qa_draft import open_comments_annex

            doc.add_annex(*open_comments_annex(ws, inspection_id, build_document(data, ExportOptions())))
    kind: DocumentKind = "letter" if doc.kind == "letter" else "report"
    if not out.parent.is_dir():
        raise ExportError(f"The folder {out.parent} does not exist: choose another place to save the "
                          f"{'Word document' if fmt == 'docx' else 'PDF'}.")
    if options.template is not None and not Path(options.template).is_file():
        raise ExportError(f"The template {options.template} does not exist: choose a .docx file or leave it out.")

    step(0.1, "Laying out the document")
    temp = out.with_name(f".inspector-export-{os.getpid()}-{out.name}")
    state = {"done": 0, "total": max(len(doc.blocks), 1)}

    def placed() -> None:
        state["done"] += 1
        step(min(0.1 + 0.85 * state["done"] / state["total"], 0.95), "Laying out the document")

    def sized(total: int) -> None:
        state["total"] = max(total, 1)

    pages = 0
    try:
        if fmt == "docx":
            from inspector_app.reports.word import TemplateError, render_docx

            try:
                render_docx(doc, str(temp), template=options.template, on_block=placed)
            except TemplateError as exc:
                raise ExportError(str(exc)) from exc
        else:
            from inspector_app.reports.pdf import render_pdf

            pages = render_pdf(doc, str(temp), on_flowable=placed, story_size=sized)
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
        "document": "Draft report" if kind == "report" else "Draft letter", "file": out.name, "format": fmt,
        "pages": pages, "appendix": options.appendix, "internal": options.internal,
        "internal_references": options.internal_references})
    if progress is not None:
        progress(1.0, "Done")
    return ExportResult(out, kind, pages, doc.title, fmt, doc)


export_pdf = export_document  # the name callers used before Word export existed; the suffix still decides
