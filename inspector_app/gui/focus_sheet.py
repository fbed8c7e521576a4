"""A picture of the keyboard focus indicator on every kind of control, unfocused beside focused,
in the light and the dark look: what docs/screenshots/focus-indicator.png shows reviewers.

Each tile is a real widget styled by the app's theme, grabbed offscreen; only the focus differs
between the two tiles of a pair.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector_app.gui.theme import THEMED, apply_theme, colours
from inspector_app.gui.widgets import table_view

TILE = (230, 74)
MARGIN = 6


def _controls() -> list[tuple[str, QWidget]]:
    default = QPushButton("Export PDF")
    default.setDefault(True)
    combo = QComboBox()
    combo.addItems(["Good", "Outstanding", "Inadequate"])
    search = QLineEdit()
    search.setPlaceholderText("Search evidence (Ctrl+F)")
    text = QPlainTextEdit("Leaders know their services well.")
    check = QCheckBox("Include the internal appendix")
    radio = QRadioButton("a strength")
    radio.setChecked(True)
    nav_model = QStandardItemModel()
    for label in ("Overview", "Evidence", "Judgements"):
        nav_model.appendRow(QStandardItem(label))
    nav = QListView()
    nav.setObjectName("navigation")
    nav.setModel(nav_model)
    nav.setCurrentIndex(nav_model.index(1, 0))
    rows = QStandardItemModel(3, 2)
    rows.setHorizontalHeaderLabels(["Inspector", "Evidence"])
    for row, (name, count) in enumerate((("Grace Okafor", "41"), ("Tom Ellery", "37"), ("Priya Raman", "29"))):
        rows.setItem(row, 0, QStandardItem(name))
        rows.setItem(row, 1, QStandardItem(count))
    table: QTableView = table_view("Evidence by inspector", rows, stretch_column=0)
    table.setCurrentIndex(rows.index(0, 0))
    tabs = QTabWidget()
    tabs.addTab(QLabel("Record audits on this case"), "Record audits")
    tabs.addTab(QLabel("Evidence on this case"), "Evidence")
    tabs.setFixedHeight(46)
    return [("Default button", default), ("Button", QPushButton("History…")), ("Combo box", combo),
            ("Search field", search), ("Text box", text), ("Check box", check), ("Radio button", radio),
            ("Tabs", tabs), ("Sidebar", nav), ("Table", table)]


def _tiles(app: QApplication, dark: bool) -> list[tuple[str, QPixmap, QPixmap]]:
    apply_theme(app, dark=dark)
    out = []
    for label, control in _controls():
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(MARGIN, MARGIN, MARGIN, MARGIN)
        row = QHBoxLayout()
        row.addWidget(control)
        layout.addLayout(row)
        spare = QPushButton("elsewhere")  # somewhere for focus to be when the control has none
        spare.setFixedSize(1, 1)
        layout.addWidget(spare)
        tall = isinstance(control, QListView | QTableView | QPlainTextEdit)
        holder.resize(TILE[0], TILE[1] + (50 if tall else 0))
        holder.show()
        holder.activateWindow()
        shots = []
        for focused in (False, True):
            (control if focused else spare).setFocus(Qt.FocusReason.TabFocusReason)
            for _ in range(4):
                app.processEvents()
            area = control.geometry().adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
            shots.append(holder.grab(area))
        out.append((label, shots[0], shots[1]))
        holder.close()
        holder.deleteLater()
    return out


def focus_indicator_sheet(path: Path) -> Path:
    """Write the sheet to ``path``: one row per kind of control, light on the left, dark on the right."""
    from inspector_app.gui.app import application

    app = application()
    was_dark = app.property(THEMED) == "dark"
    light, dark = _tiles(app, False), _tiles(app, True)
    apply_theme(app, dark=was_dark)
    label_width, gap, head = 130, 10, 34
    tile_w = max(p.width() for _, a, b in light + dark for p in (a, b))
    tile_h = [max(a.height(), b.height(), c.height(), d.height())
              for (_, a, b), (_, c, d) in zip(light, dark, strict=True)]
    width = label_width + 4 * tile_w + 5 * gap
    height = head + sum(h + gap for h in tile_h) + gap
    sheet = QPixmap(width, height)
    sheet.fill(QColor("#ffffff"))
    painter = QPainter(sheet)
    dark_left = label_width + 2 * tile_w + 3 * gap - gap // 2
    painter.fillRect(QRect(dark_left, 0, width, height), QColor(colours(True)["window"]))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    titles = ["Light, unfocused", "Light, focused", "Dark, unfocused", "Dark, focused"]
    for index, title in enumerate(titles):
        painter.setPen(QColor("#1b1f23" if index < 2 else "#e6e9ec"))
        painter.drawText(label_width + gap + index * (tile_w + gap), 22, title)
    y = head
    for (label, light_off, light_on), (_, dark_off, dark_on), h in zip(light, dark, tile_h, strict=True):
        painter.setPen(QColor("#1b1f23"))
        painter.drawText(QRect(8, y, label_width - 8, h), Qt.AlignmentFlag.AlignVCenter, label)
        for index, pixmap in enumerate((light_off, light_on, dark_off, dark_on)):
            painter.drawPixmap(label_width + gap + index * (tile_w + gap), y, pixmap)
        y += h + gap
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(str(path))
    return path
