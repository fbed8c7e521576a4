"""Sync the open inspection with the regional store: the address, progress, Cancel, and a decision
for every row changed both here and in the store.

The sync runs off the window's thread (a ``Task``); each direction is one transaction, so Cancel
or a lost connection leaves each side whole and the next sync finishes the work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector_app.bundles import store_link
from inspector_app.bundles.export import BundleError
from inspector_app.bundles.importer import Change
from inspector_app.bundles.sync import SyncConflicts, SyncResult, sync
from inspector_app.gui.a11y import say
from inspector_app.gui.context import AppContext
from inspector_app.gui.dialogs.import_preview import CHOICES, ConflictModel, DecisionDelegate, difference_html
from inspector_app.gui.workers import Task
from inspector_app.services.workspace import NotFoundError, ValidationError

SYNC_COLUMNS = ["What", "On this laptop (mine)", "In the regional store (theirs)", "Decision"]


class _SyncConflictModel(ConflictModel):
    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return SYNC_COLUMNS[section]
        return None


class SyncConflictsDialog(QDialog):
    """Rows changed on both sides since they last met, side by side; nothing is overwritten silently."""

    def __init__(self, conflicts: list[Change], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Changed here and in the regional store")
        self.resize(960, 560)
        self.model = _SyncConflictModel(conflicts, self)
        self.view = QTableView()
        self.view.setAccessibleName("Rows changed on both sides")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(3, DecisionDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.difference = QTextBrowser()
        self.difference.setAccessibleName("The difference between the two versions")
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.difference.setHtml(difference_html(self.model.conflicts[current.row()]))
            if current.isValid() else None)
        bulk = QDialogButtonBox()
        for value, label in CHOICES:
            button = bulk.addButton(f"{label} for all", QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(lambda _c=False, v=value: self.model.decide_all(v))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("&Sync with these decisions")
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.model.dataChanged.connect(lambda *_a: self.apply_button.setEnabled(self.model.complete()))
        layout = QVBoxLayout(self)
        intro = QLabel(f"{len(conflicts)} row(s) were changed both on this laptop and in the regional store since "
                       "they last met. Decide for each: keep mine (this laptop's), take theirs (the store's) or keep "
                       "both. Nothing is synced until you decide.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.view, 2)
        layout.addWidget(self.difference, 1)
        layout.addWidget(bulk)
        layout.addWidget(self.buttons)
        self.view.resizeRowsToContents()
        self.view.setCurrentIndex(self.model.index(0, 0))
        self.apply_button.setEnabled(self.model.complete())

    def decisions(self) -> dict[str, str]:
        return dict(self.model.decisions)


class StoreSyncDialog(QDialog):
    """Address, Sync, progress and Cancel; the result in words, read out to screen readers."""

    def __init__(self, ctx: AppContext, inspection_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.task: Task | None = None
        self.decisions: dict[str, str] = {}  # mine/theirs/both by row uuid, kept across retries
        self.outcome: SyncResult | None = None
        self._pending: SyncConflicts | None = None
        self._address = ""
        self.setWindowTitle("Sync with the regional store")
        self.address = QLineEdit(store_link.saved_address() or "")
        self.address.setPlaceholderText("postgresql://you@server/inspections?sslmode=verify-full")
        self.address.setAccessibleName("The regional store's address")
        note = QLabel("No password here: your administrator sets it in your password file (~/.pgpass) or service "
                      "file. The address is remembered for this data folder.")
        note.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Sync progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel("Sends what the store lacks of this inspection and brings what this laptop lacks.")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName("Sync status")
        self.sync_button = QPushButton("&Sync")
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QDialogButtonBox()
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        form = QFormLayout()
        form.addRow("&Store address:", self.address)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(620, 0)

    def start(self) -> None:
        if self.task is not None:
            return
        try:
            address = store_link.check_address(self.address.text())
        except BundleError as exc:
            say(self.status, str(exc))
            return
        ws, inspection_id, decisions = self.ctx.ws, self.inspection_id, dict(self.decisions)

        def work(progress: Any, cancelled: Any) -> SyncResult:
            progress(0.0, "Connecting to the regional store…")
            store = store_link.open_store(address, user=ws.user, registry=ws.registry)
            try:
                return sync(ws, store, inspection_id, decisions=decisions,  # type: ignore[arg-type]
                            progress=progress, cancelled=cancelled)
            finally:
                store.close()

        self.address.setEnabled(False)
        self.sync_button.setEnabled(False)
        self.cancel_button.setText("Cancel")
        self.progress.setValue(0)
        self.task = Task(work)
        self.task.progress.connect(self._progress)
        self._address = address
        self.task.succeeded.connect(self._done)  # bound methods of this dialog: delivered on the window's thread
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.task.start()

    def cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            say(self.status, "Cancelling… what has been sent or received so far is kept.")
        else:
            self.reject()

    def reject(self) -> None:
        if self.task is not None:  # closing the window cancels; the dialog goes once the work has stopped
            self.task.cancel()
            return
        super().reject()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.status.setText(message)

    def _done(self, result: SyncResult) -> None:
        self.outcome = result
        store_link.save_address(self._address)
        self.progress.setValue(100)
        say(self.status, " ".join(i.describe() for i in result.inspections) or "Nothing to sync.")
        self.ctx.changed()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, SyncConflicts):
            self._settle(error)
            return
        message = (str(error) if isinstance(error, BundleError | NotFoundError | ValidationError) else
                   "The sync stopped unexpectedly. What had been sent or received before is kept; sync again.")
        say(self.status, message)
        self.ctx.changed()  # a push may have gone through before the stop

    def _settle(self, conflicts: SyncConflicts) -> None:
        say(self.status, str(conflicts))
        self._pending = conflicts

    def _finished(self) -> None:
        if self.task is not None:
            self.task.wait()
        self.task = None
        self.address.setEnabled(True)
        self.sync_button.setEnabled(True)
        self.cancel_button.setText("Close")
        pending = self._pending
        if pending is not None:  # the worker has stopped: ask the person, then sync again with their decisions
            self._pending = None
            dialog = SyncConflictsDialog(pending.conflicts, self)
            if dialog.exec():
                self.decisions.update(dialog.decisions())
                self.start()
            else:
                say(self.status, f"Not synced: {pending.authority} has rows to decide. Nothing of it was changed.")
