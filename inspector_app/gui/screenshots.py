"""``inspector-app screenshots``: PNGs of every main view, made offscreen from a real window.

Used to keep docs/screenshots current and to look at the product as a person sees it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

VIEWS = ["home", "overview", "cases", "case", "audits", "evidence", "judgements", "findings", "export", "team",
         "history", "item-history", "capture", "moderation", "qa-review", "good-practice"]
SIZE = (1366, 768)  # a common laptop screen: what inspectors work on


def _settle(app) -> None:
    for _ in range(6):
        app.processEvents()


def _choose_inspection(ws, wanted: int | None) -> int:
    from inspector_app.services import evidence, inspections

    listed = inspections.list_inspections(ws)
    if not listed:
        raise ValueError("the database has no inspections: add the demo first (inspector-app demo)")
    if wanted is not None:
        if wanted not in {i.id for i in listed}:
            raise ValueError(f"inspection {wanted} does not exist")
        return wanted
    graded = [i for i in listed if i.kind.graded] or listed
    return max(graded, key=lambda i: evidence.count_evidence(ws, i.id)).id


def take_screenshots(db_path: Path, out_dir: Path, inspection_id: int | None = None, dark: bool = False) -> list[Path]:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.app import application, build_main_window
    from inspector_app.gui.settings import AppSettings, Identity
    from inspector_app.gui.theme import apply_theme
    from inspector_app.services import cases, inspections, open_workspace

    app = application()
    apply_theme(app, dark=dark)
    out_dir.mkdir(parents=True, exist_ok=True)
    probe = open_workspace(db_path)
    try:
        chosen = _choose_inspection(probe, inspection_id)
        lead = inspections.get_inspection(probe, chosen).lead
    finally:
        probe.close()
    identity = Identity(lead.name if lead else "Inspector", lead.initials if lead else "IN", TeamRole.LEAD)
    with tempfile.TemporaryDirectory() as scratch:
        window = build_main_window(db_path, identity, AppSettings(Path(scratch) / "settings.ini"))
        window.resize(*SIZE)
        window.show()
        written: list[Path] = []

        def shot(name: str, widget=None) -> None:
            while any(page.busy() for page in window.pages.values()):  # numbers still arriving
                app.processEvents()
            _settle(app)
            path = out_dir / f"{name}.png"
            (widget or window).grab().save(str(path))
            written.append(path)

        window.go("home")
        shot("home")
        window.open_inspection(chosen)
        for view in ("overview", "cases", "audits"):
            window.go(view)
            shot(view)
        first_case = cases.list_cases(window.ctx.ws, chosen)[0]
        window.show_case(first_case.id)
        shot("case")
        window.go("evidence")
        window.pages["evidence"].view.selectRow(0)
        shot("evidence")
        for view in ("judgements", "findings", "export", "team"):
            window.go(view)
            shot(view)
        window.go("history")
        window.pages["history"].panel.view.selectRow(0)
        shot("history")
        window.go("moderation")
        window.pages["moderation"].area_view.selectRow(0)
        shot("moderation")
        window.go("qa")
        window.pages["qa"].comment_view.selectRow(2)  # the orphaned comment
        shot("qa-review")
        window.go("good_practice")
        shot("good-practice")
        from inspector_app.gui.dialogs.item_history import ItemHistoryDialog

        window.show_case(first_case.id)
        item = ItemHistoryDialog(window.ctx, "case", first_case.id, f"case {first_case.reference}", window)
        item.show()
        shot("item-history", item)
        item.reject()
        window.show_case(first_case.id)
        dialog = window.capture()
        if dialog is not None:
            dialog.ui.textEdit.setPlainText("The social worker saw the child alone at every visit and recorded "
                                            "their wishes in their own words.")
            dialog.ui.descriptorSearch.setText("voice")
            shot("capture", dialog)
            dialog.done(0)  # the example text is discarded without the question a person gets (gui/unsaved.py)
        window.go("joint")
        shot("joint-inspection")
        from inspector_app.gui.screenshot_dialogs import shoot_dialogs

        shoot_dialogs(window, chosen, first_case, shot)
        window.close()
        window.ctx.ws.close()
        window.deleteLater()  # gone before the next window re-themes the application
        _settle(app)
    from inspector_app.gui.focus_sheet import focus_indicator_sheet

    written.append(focus_indicator_sheet(out_dir / "focus-indicator.png"))
    return written + take_plan_screenshots(out_dir, dark=dark)


PLAN_VIEWS = ["plan-whats-next", "plan-recommendations", "plan-escalations", "plan-annex-a", "overview-outlook",
              "plan-annex-preview"]


def take_plan_screenshots(out_dir: Path, dark: bool = False) -> list[Path]:
    """The Plan view's tabs and the Overview's outlook, on a scratch database of synthetic follow-up data."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from inspector_app.demo.followup import generate_followup_demo
    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.app import application, build_main_window
    from inspector_app.gui.settings import AppSettings, Identity
    from inspector_app.gui.theme import apply_theme
    from inspector_app.services import open_workspace

    app = application()
    apply_theme(app, dark=dark)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        db = Path(scratch) / "followup.sqlite"
        ws = open_workspace(db, user="Priya Shah", create=True, plaintext=True)  # a throwaway demo copy
        try:
            visit = generate_followup_demo(ws)
        finally:
            ws.close()
        window = build_main_window(db, Identity("Priya Shah", "PS", TeamRole.LEAD),
                                   AppSettings(Path(scratch) / "settings.ini"))
        window.resize(*SIZE)
        window.show()
        window.open_inspection(visit)

        def shot(name: str) -> None:
            _settle(app)
            path = out_dir / f"{name}.png"
            window.grab().save(str(path))
            written.append(path)

        window.go("plan")
        page = window.pages["plan"]
        for name, tab in zip(PLAN_VIEWS[:4], (page.whats_next, page.recommendations, page.escalations, page.annex),
                             strict=True):
            page.tabs.setCurrentWidget(tab)
            if tab is page.recommendations and tab.rows.rowCount():
                tab.view.selectRow(0)
            shot(name)
        window.go("overview")
        shot("overview-outlook")
        from datetime import date

        from inspector_app.demo.annex_a import synthetic_rows, write_csv
        from inspector_app.gui.pages.annex import PreviewDialog
        from inspector_app.services import annex_import

        headings, rows = synthetic_rows(8, 400, seed=7, today=date(2025, 10, 27), style="northshire")
        rows[11][3] = date(2026, 1, 9)  # a child born in the future, to show an unreadable row
        rows[30][0] = rows[29][0]
        path = write_csv(Path(scratch) / "Northshire CLA list.csv", headings, rows)
        preview = annex_import.preview(window.ctx.ws, visit, path, 8, today=date(2025, 10, 27),
                                       mapping=dict(annex_import.propose_mapping(headings, {}),
                                                    LA_CHILD_REF="council_id"))
        dialog = PreviewDialog(preview, window)
        dialog.show()
        dialog.resize(1100, 700)
        _settle(app)
        target = out_dir / "plan-annex-preview.png"
        dialog.grab().save(str(target))
        written.append(target)
        dialog.reject()
        window.close()
        window.ctx.ws.close()
    return written
