"""Keyboard, screen-reader and zoom support applied once for the whole window.

``AccessibleStyle`` is the application's style (Fusion underneath). Qt polishes every widget with
the style before it is first shown, so what it sets there holds for every view, dialog and form,
including the ones Qt builds itself (input dialogs, file dialogs):

* item views (tables, lists) never keep Tab for themselves: Tab and Shift+Tab move between
  controls, the arrow keys move within the view (WCAG 2.1.1 and 2.1.2);
* multi-line text boxes pass Tab on too (Ctrl+Tab still types a tab, as in Qt's own editors);
* check boxes and radio buttons get an outline in the theme's border colour, which passes 3:1
  where Fusion's own outline does not (1.4.11).

The rest of the module holds small helpers the screens share: an explicit Tab order, live
announcements for screen readers, scroll areas that let a screen reflow at 150% zoom, and sizing a
window to the screen it opens on.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QColor,
    QPainter,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QBoxLayout,
    QComboBox,
    QDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QProxyStyle,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOption,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

_OUTLINED = {
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
}


class AccessibleStyle(QProxyStyle):
    """Fusion, with Tab that always leaves a widget and check marks whose outline can be seen."""

    def __init__(self, scheme: dict[str, str]) -> None:
        super().__init__("Fusion")
        self._border = QColor(scheme["border"])
        self._focus = QColor(scheme["focus"])
        self._on_selected = QColor(scheme["highlighted_text"])  # the ring on a selected cell's fill


    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption,
                      painter: QPainter, widget: QWidget | None = None) -> None:
        if element is QStyle.PrimitiveElement.PE_FrameFocusRect and isinstance(widget, QAbstractItemView):
            selected = bool(option.state & QStyle.StateFlag.State_Selected)
            self._draw_current_cell(option.rect, painter, selected)  # Fusion's is a faint tint few could see
            return
        super().drawPrimitive(element, option, painter, widget)
        if element not in _OUTLINED:
            return
        painter.save()
        round_mark = element is QStyle.PrimitiveElement.PE_IndicatorRadioButton
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, round_mark)
        painter.setPen(QPen(self._border, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        rect = option.rect
        if round_mark:
            painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
        else:
            side = min(rect.width(), rect.height())
            box = QRect(0, 0, side, side)
            box.moveCenter(rect.center())
            painter.drawRect(box.adjusted(0, 0, -1, -1))
        painter.restore()


    def _draw_current_cell(self, rect: QRect, painter: QPainter, selected: bool) -> None:
        """The current cell of a focused table or list: a 2-pixel ring in the focus colour (on a selected
        cell, in the selection's text colour), 3:1 against the fill it is drawn on
        (``theme.CONTRAST_PAIRS``), as every other control's focus ring is."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(self._on_selected if selected else self._focus, 2)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.restore()


class PolishWatcher(QObject):
    """Makes every widget keyboard- and screen-reader-friendly as Qt polishes it.

    An application event filter on QEvent.Polish rather than an override of QStyle.polish: PySide
    mishandles the value a Python override of that overloaded virtual returns, and after enough
    re-polishing (a theme switch restyles every widget) the interpreter aborts on a refcount error."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish and isinstance(watched, QWidget):
            free_tab(watched)
            name_input(watched)
            if isinstance(watched, QDialog):
                fit_to_screen(watched, watched.size())  # a dialog sized for a big screen opens within a small one
        return False


def free_tab(widget: QWidget) -> None:
    """Let Tab and Shift+Tab leave ``widget`` (arrow keys still move inside item views)."""
    if isinstance(widget, QAbstractItemView):
        widget.setTabKeyNavigation(False)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.setTabChangesFocus(True)


def name_input(widget: QWidget) -> None:
    """Name the fields Qt makes itself: the prompt of an input dialog (QInputDialog does not tie its
    label to the field), and the typing box of an editable drop-down list (named as the list); and
    describe every drop-down list by its name, which Qt on Linux replaces with the current value."""
    if isinstance(widget, QComboBox) and widget.accessibleName() and not widget.accessibleDescription():
        # Qt on Linux names a combo box by its value; the description still says what the list is for
        widget.setAccessibleDescription(widget.accessibleName())
    dialog = widget.parentWidget()
    if isinstance(dialog, QComboBox) and isinstance(widget, QLineEdit) and not widget.accessibleName():
        widget.setAccessibleName(dialog.accessibleName() or dialog.toolTip() or "Type to choose")
        return
    if (isinstance(dialog, QInputDialog) and not widget.accessibleName()
            and isinstance(widget, QPlainTextEdit | QLineEdit | QComboBox | QAbstractSpinBox)):
        widget.setAccessibleName(dialog.labelText().replace("&", "") or dialog.windowTitle())


def tab_order(*widgets: QWidget) -> None:
    """Tab visits ``widgets`` in the order given (the order they are read on screen)."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def announce(source: QObject, text: str, assertive: bool = False) -> None:
    """Have a screen reader say ``text`` now; ``assertive`` interrupts (for errors).

    A label's new text is only drawn; this sends the accessibility events a screen reader
    listens for: the source's name changed, and an announcement of the text itself.
    """
    if not text:
        return
    QAccessible.updateAccessibility(QAccessibleEvent(source, QAccessible.Event.NameChanged))
    event = QAccessibleAnnouncementEvent(source, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive if assertive
                        else QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)


def say(label: QWidget, text: str, assertive: bool = False) -> None:
    """Show ``text`` in a status or error label and announce it."""
    label.setText(text)  # type: ignore[attr-defined]
    announce(label, text, assertive)


def scrolling(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` inside a frameless scroll area: at 150% zoom or on a small screen it scrolls
    instead of growing past the screen. The area itself never takes focus: the controls inside
    do, and the area scrolls to whichever has it."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setAccessibleName(name)
    area.setWidget(widget)
    return area


def scroll_body(dialog: QDialog, name: str) -> QScrollArea:
    """Put everything in ``dialog`` but its last row (the OK/Save and Cancel buttons) in a scroll area,
    so that at 150% zoom on a laptop screen the form scrolls and the buttons stay in view."""
    outer = dialog.layout()
    assert isinstance(outer, QBoxLayout)
    tab_order = focus_chain(dialog)  # moving widgets reorders them; the first Tab stop had become OK
    body = QWidget()
    inner = QVBoxLayout(body)
    inner.setContentsMargins(0, 0, 0, 0)
    moved: list[tuple[QLayoutItem, int]] = []
    while outer.count() > 1:
        stretch = outer.stretch(0)
        taken = outer.takeAt(0)
        assert taken is not None
        moved.append((taken, stretch))
    for item, stretch in moved:
        widget, layout = item.widget(), item.layout()
        if widget is not None:
            inner.addWidget(widget, stretch)
        elif layout is not None:
            layout.setParent(None)
            inner.addLayout(layout, stretch)
        else:
            inner.addItem(item)
    area = scrolling(body, name)
    outer.insertWidget(0, area, 1)
    fields = [w for w in tab_order if body.isAncestorOf(w)]  # in the form's own order, then the buttons
    for before, after in pairwise(fields + [w for w in tab_order if w not in fields]):
        QWidget.setTabOrder(before, after)
    if fields:
        fields[0].setFocus()  # where typing goes when the dialog opens: the first field, not OK
    return area


def focus_chain(window: QWidget) -> list[QWidget]:
    """The widgets that take focus by Tab in ``window``, in the order Tab visits them."""
    chain: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and widget not in chain:
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.window() is window:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def fit_to_screen(window: QWidget, wanted: QSize) -> None:
    """Size a window to ``wanted`` but never larger than the screen it opens on."""
    available = window.screen().availableGeometry()
    frame = 40  # room for the title bar the window manager adds
    width = min(wanted.width(), available.width())
    height = min(wanted.height(), available.height() - frame)
    window.resize(max(width, 1), max(height, 1))


class FocusInView(QObject):
    """Scrolls every scroll area holding the focused control so the control can be seen, however
    focus got there (Tab, a shortcut, a click): WCAG 2.2's 2.4.11, focus not obscured.

    It waits for the event loop to lay the view out (a view shown for the first time has no
    geometry yet when its shortcut focuses it), and leaves a control alone that already shows its
    top and at least a third of itself, so a view opened at its top stays there."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        bring_into_view(new)
        # Again once laid out, for whatever has the focus then: a widget kept from here could be gone
        # (a closed dialog's field), and one Qt made itself is not known to be gone.
        QTimer.singleShot(0, self, self._again)

    def _again(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None:
            bring_into_view(focused)


def opened_at_top(area: QWidget | None) -> None:
    """Scroll a view's frame back to its top left, where its heading is."""
    if isinstance(area, QScrollArea):
        area.verticalScrollBar().setValue(0)
        area.horizontalScrollBar().setValue(0)


def bring_into_view(widget: QWidget) -> None:
    """Scroll each scroll area holding ``widget`` (innermost first) until it can be seen, with two
    lines of room above it for its label: all of it, or its top part when it is taller than the area.

    Not ``QScrollArea.ensureWidgetVisible``: for a table or a text box that only shows the cursor's
    line, leaving the box itself half below the edge."""
    margin = widget.fontMetrics().height() * 2
    child: QWidget | None = widget
    while child is not None and not child.isWindow():  # a dialog's field never scrolls the page it came from
        parent = child.parentWidget()
        area = parent.parentWidget() if parent is not None else None
        if isinstance(area, QScrollArea) and area.widget() is child:
            place = QRect(widget.mapTo(child, widget.rect().topLeft()), widget.size())
            for label in labels_of(widget):  # its visible label comes into view with it
                place = place.united(QRect(label.mapTo(child, label.rect().topLeft()), label.size()))
            _scroll_to(area.verticalScrollBar(), place.top(), place.height(), area.viewport().height(), margin)
            _scroll_to(area.horizontalScrollBar(), place.left(), place.width(), area.viewport().width(), 8)
        child = parent


def labels_of(widget: QWidget) -> list[QLabel]:
    """The visible labels beside ``widget`` whose buddy it is (a form's "Summary", "Area" …)."""
    parent = widget.parentWidget()
    if parent is None:
        return []
    return [label for label in parent.findChildren(QLabel, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if label.buddy() is widget and label.isVisible()]


def _scroll_to(bar: QScrollBar, start: int, length: int, room: int, margin: int) -> None:
    """Move ``bar`` the least that shows ``start``…``start + length`` (or its start, when too long)."""
    shown = start - bar.value()
    wanted = min(length, room // 3)
    if shown >= 0 and shown + wanted <= room:
        return  # its start and at least a third of it are in view already: leave the page where it is
    if length + 2 * margin <= room and shown >= 0:
        bar.setValue(start + length + margin - room)
    else:
        bar.setValue(max(start - margin, 0))


def first_focusable(root: QWidget) -> QWidget | None:
    """The first control inside ``root`` that Tab can reach, in Tab order."""
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root:
        if (root.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None):
            return widget
        widget = widget.nextInFocusChain()
    return None
