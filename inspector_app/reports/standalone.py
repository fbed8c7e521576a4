"""Writing a finished document model to PDF or Word, safely: beside the target, then moved into place.

For documents other than the draft report and letters (the good-practice case study, the joint
inspection letter), which need no progress reporting.
"""

from __future__ import annotations

import os
from pathlib import Path

from inspector_app.reports import document as d
from inspector_app.reports.export import ExportError, FileFormat, export_target, refuse_existing


def write_document(doc: d.Document, out: Path | str, fmt: FileFormat | None = None, *,
                   replace: bool = True) -> tuple[Path, str, int]:
    """Write ``doc``; returns (path, format, pages — 0 for Word). A failure leaves no partial file.

    The path gets the format's suffix and an existing file is refused unless ``replace``, by the rule
    every export follows (reports.export.export_target)."""
    out, chosen = export_target(out, fmt)
    refuse_existing(out, replace)
    if not out.parent.is_dir():
        raise ExportError(f"The folder {out.parent} does not exist: choose another place to save it.")
    temp = out.with_name(f".inspector-export-{os.getpid()}-{out.name}")
    pages = 0
    try:
        if chosen == "docx":
            from inspector_app.reports.word import render_docx

            render_docx(doc, str(temp))
        else:
            from inspector_app.reports.pdf import render_pdf

            pages = render_pdf(doc, str(temp))
        os.replace(temp, out)
    except OSError as exc:
        raise ExportError(f"Could not write {out}: {exc.strerror or exc}. Free some space or choose another "
                          "folder; no existing file was changed.") from exc
    finally:
        temp.unlink(missing_ok=True)
    return out, chosen, pages
