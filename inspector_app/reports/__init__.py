"""Draft reports and letters as PDF (ReportLab) and Word (python-docx), from one document model. No Qt here.

ReportLab is imported only when a document is built, so the window starts without it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ExportCancelled", "ExportError", "ExportOptions", "ExportResult", "build_document", "export_document",
           "export_pdf"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from inspector_app.reports import export

        return getattr(export, name)
    raise AttributeError(name)
