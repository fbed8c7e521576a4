"""When the database file goes away under the window: one plain line, and the offer to save the work.

The bar shows the line the rescue service words (what happened, the last save, how much is kept) and
one button; the dialog asks where the new database goes and its passphrase (twice, under the same
rule as creating a database). The work itself is written by ``services.rescue``: this module only
asks and reports.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.a11y import say
from inspector_app.services.rescue import OFFER
from inspector_app.services.workspace import PASSPHRASES_DIFFER, judge_passphrase


class LostFileBar(QFrame):
    """Across the top of the window while the work is kept in memory only."""

    rescue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lostFileBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.line = QLabel()
        self.line.setObjectName("lostFileLine")
        self.line.setWordWrap(True)
        self.button = QPushButton(OFFER.replace("Save", "&Save", 1))
        self.button.setAccessibleName(OFFER.rstrip("…"))
        self.button.clicked.connect(self.rescue_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setVisible(False)

    def show_line(self, line: str) -> None:
        self.setVisible(True)
        say(self.line, line, assertive=True)


class RescueDialog(QDialog):
    """Where to write the new database, and its passphrase (asked twice)."""

    def __init__(self, suggested: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save my recent work to a new database")
        intro = QLabel("Everything saved before the file went away, and everything since, is written to a new "
                       "encrypted database. Choose where, and a passphrase for it; the window then saves there.")
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(str(suggested))
        self.path_edit.setAccessibleName("New database file")
        browse = QPushButton("&Choose…")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        self.first = self._secret("New passphrase")
        self.second = self._secret("Repeat the new passphrase")
        form = QFormLayout()
        file_label = QLabel("&File")
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, where)
        form.addRow("&New passphrase", self.first)
        form.addRow("&Repeat", self.second)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(520)
        self.first.setFocus()

    @staticmethod
    def _secret(name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setAccessibleName(name)
        return edit

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "New database", self.path_edit.text(),
                                                "Inspector App database (*.sqlite)")
        if chosen:
            self.path_edit.setText(chosen)

    def show_error(self, text: str) -> None:
        say(self.error, text, assertive=True)
        self.adjustSize()

    def _check(self) -> None:
        if not self.path_edit.text().strip():
            self.show_error("Choose where the new database goes.")
            return
        if self.first.text() != self.second.text():  # said before the strength, as on creating a database
            self.show_error(PASSPHRASES_DIFFER)
            return
        verdict = judge_passphrase(self.first.text())
        if not verdict.ok:  # the same rule, in the same words, as creating a database
            self.show_error(verdict.problem)
            return
        self.accept()

    def target(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def passphrase(self) -> str:
        return self.first.text()
