"""PDF exports (ReportLab): the draft inspection report and the visit letters. No Qt here.

ReportLab is imported only when a document is built, so the window starts without it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ExportCancelled", "ExportError", "ExportOptions", "export_pdf"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from inspector_app.reports import export

        return getattr(export, name)
    raise AttributeError(name)
