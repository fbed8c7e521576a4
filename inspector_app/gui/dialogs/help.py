"""Help: the keyboard shortcuts (read from the window's own actions) and About."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector_app import APP_NAME, __version__

BUNDLED = [
    ("Qt 6 and PySide6", "LGPL-3.0"), ("SQLAlchemy", "MIT"), ("Alembic", "MIT"), ("ReportLab", "BSD"),
    ("platformdirs", "MIT"), ("fastjsonschema", "BSD-3-Clause"), ("Liberation Sans font", "SIL Open Font License 1.1"),
]


SHORTCUT_NAME = "shortcutName"  # an action's name in the shortcuts list, when its text changes as it is used


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        # an action whose text follows what it acts on (Undo "Edit summary") is listed by its lasting name
        rows = [(a.property(SHORTCUT_NAME) or a.text().replace("&", "").rstrip("…"), a.shortcut().toString())
                for a in actions if not a.shortcut().isEmpty()]
        table = QTableWidget(len(rows), 2)
        table.setAccessibleName("Keyboard shortcuts")
        table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        table.verticalHeader().setVisible(False)
        for r, (name, keys) in enumerate(rows):
            table.setItem(r, 0, QTableWidgetItem(name))
            table.setItem(r, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel("Everything can be done from the keyboard. Tab and Shift+Tab move between controls and "
                       "out of tables and lists; the arrow keys move within them. Ctrl+1 to Ctrl+9 put the focus "
                       "on a view's main control; Alt+G then a view's underlined letter goes to any view (Alt+G, M: "
                       "Moderation). On the Judgements board, Ctrl+PgDown and Ctrl+PgUp move from "
                       "area to area. In quick capture, Tab moves between fields, Up/Down choose a descriptor "
                       "and Ctrl+Enter saves.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(480, 560)


def show_about(parent: QWidget | None) -> None:
    licences = "".join(f"<li>{name}: {licence}</li>" for name, licence in BUNDLED)
    QMessageBox.about(parent, f"About {APP_NAME}",
                      f"<h3>{APP_NAME} {__version__}</h3>"
                      "<p>Evidence, judgements and draft reports for inspections of children's services. "
                      "Works offline; your data stays on this computer.</p>"
                      f"<p>Bundled components and their licences:</p><ul>{licences}</ul>")
