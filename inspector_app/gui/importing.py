"""Importing a bundle from anywhere in the window: the File menu, the inspections list, the Team
view, or a bundle file dropped onto the window.

A team inspector's first import happens on a fresh laptop with no inspection open, so nothing
here needs one: the bundle says which inspection it is for, the preview shows what it will
change, and after the merge that inspection is opened.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from inspector_app.bundles import crypto
from inspector_app.bundles.export import SUFFIX, BundleError
from inspector_app.bundles.importer import ImportPlan, ImportResult, apply_import, parse_bundle, plan_import
from inspector_app.gui.context import AppContext
from inspector_app.gui.workers import Task

BUNDLE_FILTER = f"Inspection bundles (*{SUFFIX})"


def is_bundle(path: Path) -> bool:
    return path.suffix == SUFFIX and path.is_file()


class BundleImporter(QObject):
    """One import at a time; says what it is doing through ``status`` and ``busy``."""

    status = Signal(str)
    busy = Signal(bool)
    merged = Signal(int)  # the inspection the bundle was merged into

    def __init__(self, ctx: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.task: Task | None = None
        self.preview: QWidget | None = None

    def choose(self, parent: QWidget | None = None) -> None:
        if self.ctx.identity.read_only:
            QMessageBox.information(parent or self.window, "Import a bundle",
                                    "A read-only session cannot import bundles: nothing can be changed.")
            return
        path, _ = QFileDialog.getOpenFileName(parent or self.window, "Import a bundle", str(Path.home()),
                                              BUNDLE_FILTER)
        if path:
            self.import_from(Path(path), parent=parent)

    def import_from(self, path: Path, passphrase: str | None = None, parent: QWidget | None = None) -> None:
        from inspector_app.gui.dialogs.import_preview import ImportPreviewDialog

        parent = parent or self.window
        if self.task is not None:
            QMessageBox.information(parent, "Import a bundle", "A bundle is being merged; wait for it to finish.")
            return
        try:
            blob = path.read_bytes()
            if crypto.is_encrypted(blob) and passphrase is None:
                passphrase, ok = QInputDialog.getText(parent, "Import a bundle", f"Passphrase for {path.name}:",
                                                      QLineEdit.EchoMode.Password)
                if not ok:
                    return
            bundle = parse_bundle(blob, passphrase, name=path.name)
            plan = plan_import(self.ctx.ws, bundle)
        except BundleError as exc:
            QMessageBox.warning(parent, "Import a bundle", f"{exc}\n\nNothing was changed.")
            return
        except OSError:
            QMessageBox.warning(parent, "Import a bundle", f"{path.name} could not be read. Check that the file is "
                                "still there (a USB stick may have been removed) and try again. Nothing was changed.")
            return
        accept_unknown = False
        if not plan.signer.on_roster:
            answer = self._ask_about_signer(parent, plan)
            if answer == "add":
                added = self._add_signer(parent, plan, path, passphrase)
                if added is None:
                    return
                plan = added
            elif answer != "yes":
                self.status.emit("The bundle was not imported: its signer is not on the team roster.")
                return
            else:
                accept_unknown = True
        from inspector_app.bundles.wording import preview_groups

        preview = ImportPreviewDialog(plan, parent, preview_groups(self.ctx.ws, plan))
        self.preview = preview
        if preview.exec():
            self.apply(plan, preview.decisions(), accept_unknown)

    def _ask_about_signer(self, parent: QWidget, plan: ImportPlan) -> str:
        """"yes" (this bundle once), "add" (its sender to the roster: the lead, on an inspection held here)
        or "no". The name shown is the one the bundle claims, marked as such: only the fingerprint proves."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Import a bundle",
                          f"{plan.signer.describe()}\n\nImport this one bundle anyway? Only do so after checking "
                          "the fingerprint with the sender face to face. Your acceptance is recorded in the history.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        add = None
        claimed = plan.signer.claimed_name.strip()
        if self.ctx.identity.is_lead and claimed and plan.signer.public_key and not plan.new_inspection:
            add = box.addButton(f"&Add “{claimed}” to the roster…", QMessageBox.ButtonRole.ActionRole)
            add.setToolTip("After checking the fingerprint face to face: add them as a team inspector (recorded "
                           "in the history), then import")
        box.exec()
        if add is not None and box.clickedButton() is add:
            return "add"
        return "yes" if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes) else "no"

    def _add_signer(self, parent: QWidget, plan: ImportPlan, path: Path, passphrase: str | None) -> ImportPlan | None:
        from inspector_app.services import roster

        claimed, key = plan.signer.claimed_name.strip(), plan.signer.public_key
        assert key is not None
        confirm = QMessageBox.question(
            parent, "Add to the roster", f"Add “{claimed}” as a team inspector, with the key whose fingerprint is "
            f"{plan.signer.fingerprint}? Do this only if you read that fingerprint with {claimed} face to face.")
        if confirm != QMessageBox.StandardButton.Yes:
            self.status.emit("The bundle was not imported: its signer is not on the team roster.")
            return None
        if self.ctx.attempt(parent, lambda: roster.add_bundle_signer(self.ctx.ws, plan.inspection_uuid, claimed, key),
                            "Add to the roster") is None:
            return None
        self.ctx.changed()
        try:  # planned again: the roster now knows the signer
            return plan_import(self.ctx.ws, parse_bundle(path.read_bytes(), passphrase, name=path.name))
        except (BundleError, OSError) as exc:
            QMessageBox.warning(parent, "Import a bundle", f"{exc}\n\nNothing was changed.")
            return None

    def apply(self, plan: ImportPlan, decisions: dict[str, str], accept_unknown: bool = False) -> None:
        ws = self.ctx.ws
        self.busy.emit(True)
        self.status.emit("Merging…")
        self.task = Task(lambda _progress, _cancelled: apply_import(
            ws, plan, decisions, accept_unknown_signer=accept_unknown))  # type: ignore[arg-type]
        self.task.succeeded.connect(self._merged)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.task.start()

    def _merged(self, result: ImportResult) -> None:
        from inspector_app.domain.wording import plural

        self.ctx.changed()
        if self.ctx.inspection_id != result.inspection_id:
            self.merged.emit(result.inspection_id)
        self.status.emit(f"Merged: {result.added} added, {result.updated} updated, {result.deleted} deleted, "
                         f"{plural(result.conflicts, 'conflict')} settled.")

    def _failed(self, error: Exception) -> None:
        message = str(error) if isinstance(error, BundleError) else "The bundle could not be merged."
        self.status.emit(f"{message} Nothing was changed.")

    def _finished(self) -> None:
        if self.task is not None:
            self.task.wait()
        self.task = None
        self.busy.emit(False)
