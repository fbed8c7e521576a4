"""PDF exports (ReportLab): the draft inspection report and the visit letters. No Qt here."""

from inspector_app.reports.export import ExportCancelled, ExportError, ExportOptions, export_pdf

__all__ = ["ExportCancelled", "ExportError", "ExportOptions", "export_pdf"]
