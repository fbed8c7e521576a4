"""Retention from the window: purge a published inspection's case details, or destroy the database.

Both are irreversible, so each says exactly what goes and what stays and asks for a typed
confirmation; the work runs off the GUI thread with a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.context import AppContext
from inspector_app.gui.guard import guarded
from inspector_app.gui.workers import Task
from inspector_app.services import retention
from inspector_app.services.dto import InspectionInfo

PURGE_TEXT = (
    "<p>This keeps what the published report rests on: judgements, findings, evidence and record-audit "
    "grades.</p><p>It removes what identifies children: case references and initials become “Child A”, "
    "“Child B”…; tracking notes, record-audit notes, case summaries and attachments on case evidence are "
    "deleted; case references and initials in evidence, findings and rationales are replaced; the history"
    " keeps who did what and when, but no longer what was written about cases.</p><p>A verified backup is"
    " taken first. Once the purged database passes its check, every older backup is shredded (they still "
    "hold the removed details) and a new one is made. <b>This cannot be undone.</b></p>")
DESTROY_TEXT = (
    "<p>This destroys the database and every backup and copy of it, then closes Inspector App. The files' key "
    "material is overwritten, so whatever the disk still holds can never be decrypted, and they are deleted. "
    "A record of what was destroyed, when and by whom is kept in the app's data folder "
    f"({retention.SHRED_LOG}).</p><p>Bundles and PDFs exported earlier are not touched: delete them "
    "separately. <b>This cannot be undone.</b></p>")


class _ConfirmedTask(QDialog):
    """A typed confirmation, then the work in the background with progress; the result or a clear error."""

    def __init__(self, title: str, explanation: str, prompt: str, parent: QWidget | None,
                 background: bool = True) -> None:
        super().__init__(parent)
        self.work: Callable[[], object] = lambda: None
        self.background = background
        self.setWindowTitle(title)
        self.resize(620, 420)
        self.result_value: object = None
        text = QLabel(explanation)
        text.setWordWrap(True)
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName("Confirmation")
        self.form = QFormLayout()
        self.form.addRow(prompt, self.confirm)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.task: Task | None = None

    def _start(self) -> None:
        self.error.clear()
        if not self.background:
            try:
                value = self.work()
            except retention.RetentionError as exc:
                self.error.setText(str(exc))
                return
            except Exception as exc:
                failure = exc
                guarded(self, lambda: _reraise(failure), doing=self.windowTitle().split(" — ")[0],
                        show_error=self.error.setText)
                return
            self._done(value)
            return
        self.buttons.setEnabled(False)
        self.progress.setVisible(True)
        self.task = Task(lambda _progress, _cancelled: self.work())
        self.task.succeeded.connect(self._done)
        self.task.failed.connect(self._failed)
        self.task.finished.connect(self._finished)
        self.task.start()

    def _finished(self) -> None:
        if self.task is not None:
            self.task.wait()  # the thread is ending; let it finish before its object goes
            self.task = None
        if self.result_value is not None:
            self.accept()

    def _done(self, value: object) -> None:
        self.result_value = value
        if self.task is None:  # ran in this thread
            self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.buttons.setEnabled(True)
        if isinstance(exc, retention.RetentionError):
            self.error.setText(str(exc))
            return
        guarded(self, lambda: _reraise(exc), doing=self.windowTitle().split(" — ")[0], show_error=self.error.setText)


def _reraise(exc: BaseException) -> None:
    raise exc


class PurgeDialog(_ConfirmedTask):
    def __init__(self, ctx: AppContext, inspection: InspectionInfo, parent: QWidget | None = None) -> None:
        super().__init__(f"Purge case details — {inspection.authority}", PURGE_TEXT,
                         f"Type “{inspection.authority}” to confirm", parent)
        self.work = lambda: retention.purge_case_details(ctx.ws, inspection.id, confirm=self.confirm.text())


class DestroyDialog(_ConfirmedTask):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        # In the GUI thread: quick (key material only), and nothing else may touch the database meanwhile.
        super().__init__(f"Destroy {ctx.ws.status().name}", DESTROY_TEXT, "Type DESTROY to confirm", parent,
                         background=False)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("e.g. retention period ended after publication")
        self.form.addRow("Reason (for the log)", self.reason)
        self.work = lambda: retention.destroy_database(ctx.ws, confirm=self.confirm.text(), reason=self.reason.text())
