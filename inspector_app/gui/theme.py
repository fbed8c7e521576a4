"""Light and dark looks that follow the system's colour scheme, from one templated style sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from inspector_app import paths

LIGHT = {
    "nav_bg": "#eef2f5", "accent": "#1f5a82", "accent_text": "#ffffff", "heading": "#123e5c",
    "muted": "#5b6670", "card_bg": "#ffffff", "border": "#cfd8df", "warning": "#9a5b00",
    "error": "#b3261e", "ok": "#2e6b30",
}
DARK = {
    "nav_bg": "#1e2429", "accent": "#3d7fb0", "accent_text": "#ffffff", "heading": "#9fc6e6",
    "muted": "#a4adb5", "card_bg": "#262d33", "border": "#3a444c", "warning": "#f2b233",
    "error": "#ff8a80", "ok": "#8bc48d",
}


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1b2025", QPalette.ColorRole.WindowText: "#e6e9ec",
        QPalette.ColorRole.Base: "#20262b", QPalette.ColorRole.AlternateBase: "#262d33",
        QPalette.ColorRole.Text: "#e6e9ec", QPalette.ColorRole.Button: "#262d33",
        QPalette.ColorRole.ButtonText: "#e6e9ec", QPalette.ColorRole.Highlight: "#3d7fb0",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#262d33",
        QPalette.ColorRole.ToolTipText: "#e6e9ec", QPalette.ColorRole.PlaceholderText: "#8a949c",
        QPalette.ColorRole.Link: "#9fc6e6",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7b858d"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7b858d"))
    return palette


def colours(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def apply_theme(app: QApplication, dark: bool | None = None) -> bool:
    """Style the application; returns whether the dark look is in use."""
    if dark is None:
        dark = system_prefers_dark()
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())
    sheet = paths.resource("styles", "app.qss").read_text(encoding="utf-8")
    for key, value in colours(dark).items():
        sheet = sheet.replace("{" + key + "}", value)
    app.setStyleSheet(sheet)
    return dark


def follow_system_theme(app: QApplication) -> None:
    apply_theme(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
