"""Team work: bundles sent and received, what each inspector contributed, export and import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.bundles import history
from inspector_app.bundles.export import SUFFIX, BundleError, bundle_path, export_bundle
from inspector_app.bundles.wording import bundle_in_words
from inspector_app.domain.enums import TeamRole
from inspector_app.gui.a11y import say
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.bundle_export import BundleExportDialog
from inspector_app.gui.dialogs.roster_member import RosterMemberDialog
from inspector_app.gui.models.table import Column, RowsModel
from inspector_app.gui.pages.base import Page
from inspector_app.gui.replace_file import ask_replace
from inspector_app.gui.widgets import fit_columns, page_title, subtitle, table_view
from inspector_app.services import identity, inspections, roster

BUNDLE_FILTER = f"Inspection bundles (*{SUFFIX})"


class TeamPage(Page):
    title = "Team"
    import_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.senders: RowsModel[history.SenderSummary] = RowsModel([
            Column("Inspector", lambda s: s.exporter), Column("Rows received", lambda s: s.rows, True),
            Column("New in the last merge", lambda s: s.new_since_last_merge, True),
            Column("Last bundle", lambda s: f"{s.last_bundle.astimezone():%a %d %b %H:%M}")])
        self.log: RowsModel[history.Exchange] = RowsModel([
            Column("When", lambda e: f"{e.at.astimezone():%a %d %b %H:%M}"),
            Column("Direction", lambda e: "Sent to" if e.direction == "export" else "Received from"),
            Column("Who", lambda e: e.peer), Column("What", lambda e: e.summary),
            Column("Changes since", lambda e: f"{e.since.astimezone():%d %b %H:%M}" if e.since else "everything")])
        self.roster: RowsModel[roster.RosterEntry] = RowsModel([
            Column("Member", lambda m: m.name), Column("Role", lambda m: m.role.label),
            Column("Key fingerprint (check face to face)", lambda m: m.fingerprint)])
        self.my_key = subtitle()
        self.my_key.setAccessibleName("Your signing key's fingerprint")
        senders_view = table_view("What each inspector has sent", self.senders, stretch_column=0)
        log_view = table_view("Bundles sent and received", self.log, stretch_column=3)
        roster_view = table_view("Team roster", self.roster, stretch_column=0)
        self._views = (senders_view, log_view, roster_view)
        export_button = QPushButton("E&xport bundle…")
        export_button.clicked.connect(self.export_dialog)
        import_button = QPushButton("&Import bundle…")
        import_button.clicked.connect(self.import_dialog)
        sync_button = QPushButton("&Sync with the regional store…")
        sync_button.setToolTip("Send what the regional store lacks of this inspection and bring what this laptop "
                               "lacks (needs the network; bundles work without it)")
        sync_button.clicked.connect(self.sync_dialog)
        across_button = QPushButton("Across inspec&tions…")
        across_button.setToolTip("The authority's previous inspection (carry its grades here) and evidence searched "
                                 "across every inspection you may see")
        across_button.clicked.connect(self.across_dialog)
        self.add_member_button = QPushButton("&Add to roster…")
        self.add_member_button.clicked.connect(self.add_member)
        self.copy_key_button = QPushButton("&Copy my public key")
        self.copy_key_button.setToolTip("Copies your public key to give to your lead for the team roster")
        self.copy_key_button.clicked.connect(self.copy_my_key)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Import progress")
        self.progress.setRange(0, 1)
        self.progress.setVisible(False)  # shown only while a merge runs
        self.status = subtitle()
        buttons = QHBoxLayout()
        buttons.addWidget(export_button)
        buttons.addWidget(import_button)
        buttons.addWidget(sync_button)
        buttons.addWidget(across_button)
        buttons.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(page_title("Team"))
        layout.addWidget(subtitle("Each inspector exports a bundle from their laptop; the lead imports them here "
                                  "to merge everyone's work. Rows changed on two laptops are shown side by side "
                                  "to decide; nothing is overwritten silently."))
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        key_row = QHBoxLayout()
        key_row.addWidget(self.my_key, 1)
        key_row.addWidget(self.copy_key_button)
        key_row.addWidget(self.add_member_button)
        layout.addLayout(key_row)
        for title, view in (("Team roster: whose bundles are accepted", roster_view),
                            ("What each inspector has sent", senders_view), ("Bundles sent and received", log_view)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(view)
            layout.addWidget(box, 1)

    def refresh(self) -> None:
        if self.ctx.inspection_id is None:
            return
        self.senders.set_rows(history.senders(self.ctx.ws, self.ctx.inspection_id))
        self.roster.set_rows(roster.list_roster(self.ctx.ws, self.ctx.inspection_id))
        mine = identity.signing_key(self.ctx.ws)
        self.my_key.setText(f"Your signing key's fingerprint: {mine.fingerprint}. Copy your public key for your "
                            "lead and read the fingerprint aloud to them." if mine else
                            "You have no signing key on this database yet.")
        self.copy_key_button.setEnabled(mine is not None)
        lead = self.ctx.identity.role is TeamRole.LEAD
        self.add_member_button.setEnabled(lead)
        self.add_member_button.setToolTip("Put a team member and their public key on the roster" if lead else
                                          "Only the lead inspector changes the team roster")
        self.log.set_rows(history.exchanges(self.ctx.ws, self.ctx.inspection_id))
        for view in self._views:
            fit_columns(view)

    # --- roster ----------------------------------------------------------------------------
    def copy_my_key(self) -> None:
        mine = identity.signing_key(self.ctx.ws)
        if mine is not None:
            QApplication.clipboard().setText(mine.public_key)
            say(self.status, f"Your public key is copied; its fingerprint is {mine.fingerprint}.")

    def add_member(self) -> None:
        inspection_id = self.ctx.inspection_id
        assert inspection_id is not None
        dialog: RosterMemberDialog

        def save(name: str, role: TeamRole, key: str) -> roster.RosterEntry | None:
            return self.ctx.attempt(dialog, lambda: roster.add_member(self.ctx.ws, inspection_id, name, role, key),
                                    "Add to the team roster", show_error=dialog.error.setText)

        dialog = RosterMemberDialog(save, self)
        if dialog.exec() and dialog.saved is not None:
            say(self.status, f"{dialog.saved.name} is on the roster as {dialog.saved.role.label.lower()}.")
            self.ctx.changed()

    # --- the regional store ----------------------------------------------------------------
    def sync_dialog(self) -> None:
        from inspector_app.gui.dialogs.store_sync import StoreSyncDialog

        assert self.ctx.inspection_id is not None
        if self.ctx.identity.database_read_only:
            QMessageBox.information(self, "Sync with the regional store",
                                    "This database is open read-only, so it cannot be synced.")
            return
        self.sync_window: StoreSyncDialog | None = StoreSyncDialog(self.ctx, self.ctx.inspection_id, self)
        self.sync_window.exec()
        self.sync_window = None
        self.ctx.changed()

    def across_dialog(self) -> None:
        from inspector_app.gui.dialogs.across import AcrossDialog

        assert self.ctx.inspection_id is not None
        AcrossDialog(self.ctx, self.ctx.inspection_id, self).exec()

    # --- export ----------------------------------------------------------------------------
    def export_dialog(self) -> None:
        assert self.ctx.inspection_id is not None
        info = inspections.get_inspection(self.ctx.ws, self.ctx.inspection_id)
        lead = info.lead.name if info.lead and info.lead.name != self.ctx.identity.name else "team"
        # an encrypted database's bundles are encrypted too
        dialog = BundleExportDialog(lead, self, must_encrypt=self.ctx.ws.status().encrypted)
        if not dialog.exec():
            return
        name = f"{info.authority}-{self.ctx.identity.initials or 'me'}-to-{dialog.recipient.text()}".replace(" ", "-")
        path, _ = QFileDialog.getSaveFileName(self, "Save bundle as", str(Path.home() / f"{name.lower()}{SUFFIX}"),
                                              BUNDLE_FILTER)
        if path:
            self.export_to(Path(path), dialog.recipient.text(), dialog.since_last.isChecked(),
                           dialog.chosen_passphrase())

    def export_to(self, path: Path, recipient: str, since_last: bool, passphrase: str | None) -> None:
        assert self.ctx.inspection_id is not None
        if path.suffix != SUFFIX:  # the save dialog asked about the name typed, not the one written
            path = bundle_path(path)
            if path.exists() and not ask_replace(self, path):
                say(self.status, f"Not exported: {path.name} is kept. Choose another name to export beside it.")
                return
        try:
            summary = export_bundle(self.ctx.ws, self.ctx.inspection_id, path, recipient=recipient,
                                    since_last=since_last, passphrase=passphrase)
        except BundleError as exc:
            QMessageBox.warning(self, "Export bundle", str(exc))
            return
        say(self.status, f"Saved {summary.path.name} for {recipient}: {bundle_in_words(summary.counts)}"
                            + (". Protected by a passphrase." if passphrase else "."))
        self.ctx.changed()

    # --- import (the window's one importer does the work, so it also runs with no inspection open) ---
    def import_dialog(self) -> None:
        self.import_requested.emit()

    def show_busy(self, busy: bool) -> None:
        self.progress.setRange(0, 0)  # busy: one transaction, all or nothing
        self.progress.setVisible(busy)

    def show_status(self, text: str) -> None:
        say(self.status, text)
