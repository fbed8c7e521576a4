"""Light and dark looks that follow the system's colour scheme, from one templated style sheet.

Every colour the app paints with is named here, once per look, and ``CONTRAST_PAIRS`` lists which
colour is drawn on which, with the ratio WCAG 2.2 AA asks of that pair: 4.5:1 for text (1.4.3),
3:1 for the boundaries of controls and the focus indicator (1.4.11, 2.4.7). A test computes every
ratio in both looks, so a colour change that makes something unreadable fails before anyone sees it.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from inspector_app import paths

LIGHT = {
    # the palette Qt paints plain widgets with
    "window": "#f4f6f8", "window_text": "#1b1f23", "base": "#ffffff", "alt_base": "#eef2f5",
    "text": "#1b1f23", "button": "#f9fafb", "button_text": "#1b1f23", "highlight": "#1f5a82",
    "highlighted_text": "#ffffff", "placeholder": "#5b6670", "link": "#1f5a82", "tooltip_bg": "#ffffff",
    "tooltip_text": "#1b1f23", "disabled_text": "#6b7580",
    # component boundaries and the keyboard focus indicator
    "border": "#7a8591", "focus": "#002d72",
    # the app's own surfaces and messages
    "nav_bg": "#eef2f5", "nav_text": "#1b1f23", "accent": "#1f5a82", "accent_text": "#ffffff",
    "heading": "#123e5c", "muted": "#5b6670", "card_bg": "#ffffff", "warning": "#8a5200",
    "error": "#b3261e", "ok": "#2e6b30",
}
DARK = {
    "window": "#1b2025", "window_text": "#e6e9ec", "base": "#20262b", "alt_base": "#262d33",
    "text": "#e6e9ec", "button": "#2a3238", "button_text": "#e6e9ec", "highlight": "#2b7ab2",
    "highlighted_text": "#ffffff", "placeholder": "#9aa3ab", "link": "#9fc6e6", "tooltip_bg": "#262d33",
    "tooltip_text": "#e6e9ec", "disabled_text": "#7b858d",
    "border": "#6f7a84", "focus": "#ffd54f",
    "nav_bg": "#1e2429", "nav_text": "#e6e9ec", "accent": "#2b5f8a", "accent_text": "#ffffff",
    "heading": "#9fc6e6", "muted": "#a4adb5", "card_bg": "#262d33", "warning": "#f2b233",
    "error": "#ff8a80", "ok": "#8bc48d",
}

THEMED = "inspectorTheme"  # application property: which look is applied
FOLLOWING = "inspectorFollowsSystem"  # application property: the system's light/dark changes are followed
POLISH_WATCHER = "inspectorPolishWatcher"  # application property: keeps the watcher alive
TEXT = 4.5  # WCAG 1.4.3 contrast (minimum) for normal-size text
NON_TEXT = 3.0  # WCAG 1.4.11 non-text contrast: control boundaries, focus indicator

# (foreground, background, minimum ratio, where the pair is drawn)
CONTRAST_PAIRS: list[tuple[str, str, float, str]] = [
    ("window_text", "window", TEXT, "labels on the window"),
    ("text", "base", TEXT, "typed text and table cells"),
    ("text", "alt_base", TEXT, "text in alternate table rows"),
    ("button_text", "button", TEXT, "button captions"),
    ("highlighted_text", "highlight", TEXT, "selected table rows and list items"),
    ("highlight", "base", NON_TEXT, "a selected cell or row against the unselected ones"),
    ("highlight", "alt_base", NON_TEXT, "a selected row against an alternate row"),
    ("placeholder", "base", TEXT, "placeholder text in empty fields"),
    ("link", "base", TEXT, "links"),
    ("tooltip_text", "tooltip_bg", TEXT, "tooltips"),
    ("nav_text", "nav_bg", TEXT, "sidebar items"),
    ("accent_text", "accent", TEXT, "the selected sidebar item"),
    ("heading", "window", TEXT, "page titles"),
    ("heading", "nav_bg", TEXT, "the open inspection's name in the sidebar"),
    ("heading", "card_bg", TEXT, "numbers on the overview cards"),
    ("muted", "window", TEXT, "subtitles and hints"),
    ("muted", "card_bg", TEXT, "captions on the overview cards"),
    ("warning", "window", TEXT, "warnings"),
    ("warning", "card_bg", TEXT, "warnings on white panels"),
    ("error", "window", TEXT, "error messages"),
    ("ok", "window", TEXT, "confirmations"),
    ("border", "window", NON_TEXT, "field, button, check box and table borders on the window"),
    ("border", "base", NON_TEXT, "check box and radio button outlines on their white fill"),
    ("border", "card_bg", NON_TEXT, "borders on panels"),
    ("focus", "window", NON_TEXT, "the focus ring against the window"),
    ("focus", "base", NON_TEXT, "the focus ring against a field's fill, and the current cell's ring in a table"),
    ("focus", "alt_base", NON_TEXT, "the current cell's ring in an alternate row"),
    ("highlighted_text", "highlight", NON_TEXT, "the current cell's ring on a selected cell"),
    ("focus", "button", NON_TEXT, "the focus ring against a button's fill"),
    ("focus", "nav_bg", NON_TEXT, "the focus ring around the sidebar"),
    ("focus", "card_bg", NON_TEXT, "the focus ring on panels"),
    ("focus", "border", NON_TEXT, "focused against unfocused: the ring replaces the border"),
]


def relative_luminance(colour: str) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour written #rrggbb."""
    value = colour.lstrip("#")

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_failures(dark: bool) -> list[str]:
    """Every pair of the look that falls short of its ratio, described for a person."""
    scheme = colours(dark)
    failures = []
    for fg, bg, minimum, where in CONTRAST_PAIRS:
        ratio = contrast_ratio(scheme[fg], scheme[bg])
        if ratio < minimum:
            failures.append(f"{where}: {fg} {scheme[fg]} on {bg} {scheme[bg]} is {ratio:.2f}:1, needs {minimum}:1")
    return failures


def system_prefers_dark() -> bool:
    from PySide6.QtCore import Qt  # Qt's namespace costs ≈10 ms to load: not before the shell's first paint

    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


PALETTE_ROLES = {
    QPalette.ColorRole.Window: "window", QPalette.ColorRole.WindowText: "window_text",
    QPalette.ColorRole.Base: "base", QPalette.ColorRole.AlternateBase: "alt_base", QPalette.ColorRole.Text: "text",
    QPalette.ColorRole.Button: "button", QPalette.ColorRole.ButtonText: "button_text",
    QPalette.ColorRole.Highlight: "highlight", QPalette.ColorRole.HighlightedText: "highlighted_text",
    QPalette.ColorRole.ToolTipBase: "tooltip_bg", QPalette.ColorRole.ToolTipText: "tooltip_text",
    QPalette.ColorRole.PlaceholderText: "placeholder", QPalette.ColorRole.Link: "link",
}


def palette(dark: bool) -> QPalette:
    """The look's palette, the same in active and inactive windows (a selection stays readable)."""
    scheme = colours(dark)
    result = QPalette()
    for role, key in PALETTE_ROLES.items():
        result.setColor(role, QColor(scheme[key]))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        result.setColor(QPalette.ColorGroup.Disabled, role, QColor(scheme["disabled_text"]))
    return result


def colours(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def style_sheet(dark: bool) -> str:
    sheet = paths.resource("styles", "app.qss").read_text(encoding="utf-8")
    values = {**colours(dark), "look": "dark" if dark else "light",
              "styles": paths.resource("styles").as_posix()}
    for key, value in values.items():
        sheet = sheet.replace("{" + key + "}", value)
    return sheet


def looks_dark() -> bool:
    """Whether the system's palette is a dark one: the shell's guess before its first paint, made without
    loading Qt's namespace (``system_prefers_dark`` asks the platform, once the shell is on screen)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply_look(app: QApplication, dark: bool) -> None:
    """The colours and style sheet alone, on Qt's Fusion style: what the start-up shell paints with.

    ``apply_theme`` adds the keyboard and screen-reader behaviour (``gui.a11y``) right after the first
    paint; it draws the same colours, so the shell does not change its look when it arrives."""
    app.setStyle("Fusion")
    app.setPalette(palette(dark))
    app.setStyleSheet(style_sheet(dark))


def apply_theme(app: QApplication, dark: bool | None = None) -> bool:
    """Style the application; returns whether the dark look is in use."""
    from inspector_app.gui.a11y import AccessibleStyle, PolishWatcher

    if dark is None:
        dark = system_prefers_dark()
    if app.property(POLISH_WATCHER) is None:
        watcher = PolishWatcher(app)
        app.installEventFilter(watcher)
        app.setProperty(POLISH_WATCHER, watcher)
    app.setStyle(AccessibleStyle(colours(dark)))
    app.setPalette(palette(dark))
    app.setStyleSheet(style_sheet(dark))
    app.setProperty(THEMED, "dark" if dark else "light")
    return dark


def follow_system_theme(app: QApplication) -> None:
    apply_theme(app)
    if not app.property(FOLLOWING):  # once: start-up may call this before and after the shell paints
        app.setProperty(FOLLOWING, True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app))
