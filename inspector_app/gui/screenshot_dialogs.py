"""Every dialog of the window, opened on the demo inspection and grabbed for docs/screenshots/, so
that what clips or overflows at 1366×768 is seen in review, not by an inspector on site.

Each dialog is shown as a person would meet it (filled in from the demo data where it edits a
saved row), grabbed, then dismissed without saving anything.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

Shot = Callable[[str, QWidget], None]


def _dialogs(window: Any, inspection_id: int, first_case: Any) -> list[tuple[str, Callable[[], QDialog]]]:
    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.dialogs.across import AcrossDialog
    from inspector_app.gui.dialogs.audit import AuditDialog
    from inspector_app.gui.dialogs.backups import BackupsDialog
    from inspector_app.gui.dialogs.bundle_export import BundleExportDialog
    from inspector_app.gui.dialogs.case import CaseDialog
    from inspector_app.gui.dialogs.descriptor_evidence import DescriptorEvidenceDialog
    from inspector_app.gui.dialogs.finding import FindingDialog
    from inspector_app.gui.dialogs.help import ShortcutsDialog
    from inspector_app.gui.dialogs.identity import IdentityDialog
    from inspector_app.gui.dialogs.inspection import InspectionDialog
    from inspector_app.gui.dialogs.passphrase import PassphraseDialog
    from inspector_app.gui.dialogs.retention import DestroyDialog, PurgeDialog
    from inspector_app.gui.dialogs.roster_member import RosterMemberDialog
    from inspector_app.gui.dialogs.store_sync import StoreSyncDialog
    from inspector_app.gui.rescue import RescueDialog
    from inspector_app.services import identity, inspections

    ctx = window.ctx
    info = inspections.get_inspection(ctx.ws, inspection_id)
    framework = ctx.ws.framework(inspection_id)
    descriptor = next(d.key for area in framework.areas for d in area.descriptors)

    def not_saved(_name: str, _role: TeamRole, _key: str) -> None:
        return None

    return [
        ("dialog-inspection-details", lambda: InspectionDialog(ctx, window, existing=info)),
        ("dialog-case-details", lambda: CaseDialog(ctx, window, existing=first_case)),
        ("dialog-record-audit", lambda: AuditDialog(ctx, window, case_id=first_case.id)),
        ("dialog-finding", lambda: FindingDialog(
            "Add a strength", "Strength", "Leaders know their services well. They have strengthened the front "
            "door since the last inspection, and managers' oversight of casework is now regular and recorded.",
            parent=window)),
        ("dialog-descriptor-evidence", lambda: DescriptorEvidenceDialog(ctx, descriptor, window)),
        ("dialog-identity", lambda: IdentityDialog(ctx.person, window, key=identity.signing_key(ctx.ws))),
        ("dialog-passphrase-new", lambda: PassphraseDialog(
            "Protect your inspection data", "Choose a passphrase for the new database. Everything you record is "
            "encrypted with it, so a lost laptop gives nothing away.", new=True, parent=window)),
        ("dialog-shortcuts", lambda: ShortcutsDialog([*window.actions()], window)),
        ("dialog-backups", lambda: BackupsDialog(ctx, window)),
        ("dialog-bundle-export", lambda: BundleExportDialog(info.lead.name if info.lead else "", window)),
        ("dialog-roster-member", lambda: RosterMemberDialog(not_saved, window)),
        ("dialog-store-sync", lambda: StoreSyncDialog(ctx, inspection_id, window)),
        ("dialog-across-inspections", lambda: AcrossDialog(ctx, inspection_id, window)),
        ("dialog-purge", lambda: PurgeDialog(ctx, info, window)),
        ("dialog-destroy", lambda: DestroyDialog(ctx, window)),
        ("dialog-rescue", lambda: RescueDialog(Path.home() / "recovered-work.sqlite", window)),
    ]


def shoot_dialogs(window: Any, inspection_id: int, first_case: Any, shot: Shot) -> None:
    for name, make in _dialogs(window, inspection_id, first_case):
        dialog = make()
        dialog.show()
        shot(name, dialog)
        dialog.reject()
        dialog.deleteLater()
