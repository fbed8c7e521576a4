"""``inspector-app --self-test``: prove an installation works, without showing a window.

It checks what a packaged app most often loses: resources (frameworks, fonts, icons), the
migrations Alembic loads from disk, the database, PDF and Word export, and Qt's widgets.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from inspector_app.domain.wording import plural

Check = tuple[str, Callable[[], str]]


def _checks(db_path: Path, workdir: Path, passphrase: str | None) -> list[Check]:
    state: dict[str, Any] = {}

    def resources() -> str:
        from inspector_app import paths

        root = paths.resources_dir()
        needed = [root / "frameworks", root / "fonts" / "LiberationSans-Regular.ttf", root / "icons" / "app.svg",
                  root / "styles" / "app.qss"]
        missing = [str(p) for p in needed if not p.exists()]
        if missing:
            raise RuntimeError(f"missing: {', '.join(missing)}")
        return str(root)

    def frameworks() -> str:
        from inspector_app.frameworks import load_registry

        registry = load_registry(None)
        if registry.errors or len(registry.frameworks) < 6:
            raise RuntimeError(f"{plural(len(registry.frameworks), 'framework')}, errors: {registry.errors}")
        return ", ".join(f.short_name for f in registry.all())

    def database() -> str:
        from inspector_app.services import open_workspace
        from inspector_app.storage import migrations

        ws = open_workspace(db_path, user="Self-test", passphrase=passphrase, create=passphrase is not None)
        state["ws"] = ws
        encrypted = "encrypted with SQLCipher" if ws.db.encrypted else "not encrypted"
        return f"{db_path} ({encrypted}) at schema {migrations.current_revision(ws.db.engine)}"

    def evidence_round_trip() -> str:
        from inspector_app.domain.enums import EvidenceSource, InspectionKind, Polarity, TeamRole
        from inspector_app.services import evidence, inspections

        ws = state["ws"]
        info = inspections.create_inspection(
            ws, authority="Self-test", framework_uid="ilacs@2023", kind=InspectionKind.ILACS_STANDARD,
            start_date=date(2026, 3, 2), end_date=date(2026, 3, 6), team=[("Self Test", "ST", TeamRole.LEAD)])
        text = "Self-test evidence: the child’s views were recorded – “in their own words”."
        item = evidence.add_evidence(ws, info.id, text=text, area_key="help_protection",
                                     polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
        found = evidence.find_evidence(ws, info.id, evidence.EvidenceFilter(query="own words"))
        if [e.id for e in found] != [item.id] or found[0].text != text:
            raise RuntimeError("the evidence read back differs from what was written")
        state["inspection"] = info.id
        return f"evidence {item.uuid} written, found by full-text search and read back"

    def pdf() -> str:
        from inspector_app.reports import export_pdf

        result = export_pdf(state["ws"], state["inspection"], workdir / "self-test.pdf")
        head = result.path.read_bytes()[:5]
        if head != b"%PDF-":
            raise RuntimeError("the file written is not a PDF")
        return f"{result.path} ({plural(result.pages, 'page')})"

    def word() -> str:
        # python-docx reads its default template from package data, which a frozen build must carry.
        from inspector_app.reports import export_document

        result = export_document(state["ws"], state["inspection"], workdir / "self-test.docx")
        if result.path.read_bytes()[:2] != b"PK":
            raise RuntimeError("the file written is not a Word document")
        return f"{result.path}"

    def qt() -> str:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from inspector_app.domain.enums import TeamRole
        from inspector_app.gui.app import application
        from inspector_app.gui.context import AppContext
        from inspector_app.gui.main_window import PAGE_CLASSES, MainWindow
        from inspector_app.gui.settings import AppSettings, Identity

        app = application()
        ctx = AppContext(state["ws"], Identity("Self Test", "ST", TeamRole.LEAD),
                         AppSettings(workdir / "settings.ini"))
        window = MainWindow(ctx)
        window.open_inspection(state["inspection"])
        for key in PAGE_CLASSES:  # every screen, as screens are imported only when first shown
            window.pages[key].refresh()
        image = window.grab()
        window.close()
        if image.isNull():
            raise RuntimeError("the main window could not be drawn")
        return (f"main window and its {plural(len(PAGE_CLASSES), 'screen')} built and drawn offscreen "
                f"({app.platformName()})")

    return [("resources", resources), ("frameworks", frameworks), ("database and migrations", database),
            ("evidence write and read", evidence_round_trip), ("PDF export", pdf), ("Word export", word),
            ("Qt widgets", qt)]


def run_self_test(db: Path | None = None) -> int:
    from inspector_app import __version__

    print(f"Inspector App {__version__} self-test ({'frozen' if getattr(sys, 'frozen', False) else 'Python'} "
          f"{sys.version.split()[0]})")
    with tempfile.TemporaryDirectory(prefix="inspector-selftest-") as tmp:
        workdir = Path(tmp)
        # A temporary database is encrypted with a throwaway passphrase, so SQLCipher is checked too.
        passphrase = None if db else secrets.token_urlsafe(16)
        checks = _checks(db or workdir / "self-test.sqlite", workdir, passphrase)
        for name, check in checks:
            start = time.perf_counter()
            try:
                detail = check()
            except Exception as exc:  # the point is to report any failure in one line
                print(f"FAIL {name}: {type(exc).__name__}: {exc}")
                return 1
            print(f"ok   {name}: {detail} ({(time.perf_counter() - start) * 1000:.0f} ms)")
    print("All checks passed.")
    return 0
