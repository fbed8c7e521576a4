"""Small building blocks shared by the screens: headings and cards (from ``gui.labels``), enum pickers, delegates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import Enum
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from inspector_app.gui.labels import NumberCard as NumberCard
from inspector_app.gui.labels import page_title as page_title
from inspector_app.gui.labels import styled_label as styled_label
from inspector_app.gui.labels import subtitle as subtitle


def explained(check: QAbstractButton, what: str) -> QLabel:
    """A wrapped line under a check box or radio button saying what it adds, indented to its text,
    given to screen readers as the box's description and enabled with it."""
    label = subtitle(what)
    indent = check.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + \
        check.style().pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
    label.setContentsMargins(indent, 0, 0, 0)
    check.setAccessibleDescription(what)
    label.setEnabled(check.isEnabled())
    check.installEventFilter(_FollowEnabled(label, check))
    return label


class _FollowEnabled(QObject):
    def __init__(self, label: QLabel, parent: QAbstractButton) -> None:
        super().__init__(parent)
        self.label = label

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.EnabledChange and isinstance(watched, QWidget):
            self.label.setEnabled(watched.isEnabled())
        return False


def short_text_edit(name: str, placeholder: str, height: int = 60) -> QPlainTextEdit:
    """A few lines of prose (a rationale, a comment) that Tab leaves rather than fills with a tab."""
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def fill_enum(combo: QComboBox, members: Iterable[Enum], none_label: str | None = None,
              labels: Mapping[Any, str] | None = None) -> None:
    """Fill a combo with enum members shown by label; ``none_label`` adds an empty choice first.

    Qt stores a string enum's value as a plain string, so the members are remembered here and
    :func:`current` hands back the enum member itself.
    """
    members = list(members)
    combo.clear()
    key = _key(combo)
    if key not in _ENUM_CHOICES:
        combo.destroyed.connect(lambda *_a: _ENUM_CHOICES.pop(key, None))
    _ENUM_CHOICES[key] = {m.value: m for m in members}
    if none_label is not None:
        combo.addItem(none_label, None)
    for member in members:
        label = labels[member] if labels and member in labels else getattr(member, "label", str(member))
        combo.addItem(label, member.value)


_ENUM_CHOICES: dict[int, dict[Any, Enum]] = {}


def _key(combo: QComboBox) -> int:
    """The C++ object's address: stable for the widget's life, whichever Python wrapper asks."""
    return shiboken6.getCppPointer(combo)[0]


def current(combo: QComboBox) -> Any:
    """The chosen item's data; for combos filled by :func:`fill_enum`, the enum member."""
    data = combo.currentData()
    choices = _ENUM_CHOICES.get(_key(combo))
    if choices is not None and data is not None:
        return choices.get(data, data)
    return data


def select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value.value if isinstance(value, Enum) else value)
    combo.setCurrentIndex(max(index, 0))


def table_view(name: str, model: QAbstractItemModel, *, stretch_column: int | None = None,
               whole: tuple[int, ...] = (0,)) -> QTableView:
    """A row-selecting table on ``model``; resize modes are set after the model, or Qt drops them.

    Its columns always fit its width (``ColumnFitter``): at 150% zoom a table never scrolls sideways;
    ``whole`` are the columns that tell rows apart (the first, unless told), never cut short."""
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_column is None)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    ColumnFitter(view, stretch_column, whole)
    # a page that is short of room scrolls rather than squeezing a table to a single row
    view.setMinimumHeight(header.sizeHint().height() + 3 * view.verticalHeader().defaultSectionSize() + 6)
    return view


class ColumnFitter(QObject):
    """Keeps a table's columns within its width, so nothing lies past its right edge.

    Each column wants its content's width (``fit_columns``); the stretched column (the text a person
    reads, or the last) keeps at least STRETCH_SHARE of the width. When the wanted widths do not fit
    (a narrow window, 150% zoom), the widest of the other columns give up room first, never below
    their heading: a heading is never cut, a long cell is elided instead. The ``whole`` columns (the
    first, unless the table says) tell the rows apart (a case's reference, an event's time): each keeps
    its content's width (up to WHOLE_SHARE of the table), so at 150% "NM-10042" is not cut to "NM-100…"."""

    STRETCH_SHARE = 0.4
    WHOLE_SHARE = 0.35

    def __init__(self, view: QTableView, stretch_column: int | None, whole: tuple[int, ...] = (0,)) -> None:
        super().__init__(view)
        self.view = view
        self.stretch = stretch_column
        self.whole = tuple(c for c in whole if c != stretch_column)  # the stretched one has the room left
        self.wanted: dict[int, int] = {}
        view.setProperty("columnFitter", True)
        view.horizontalHeader().setMinimumSectionSize(view.fontMetrics().horizontalAdvance("M…") + 8)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.columnsInserted):
            signal.connect(self.fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit_to_contents(self, skip: Iterable[int] = ()) -> None:
        """Remember each column's content width (what ``resizeColumnToContents`` would give)."""
        skipped = set(skip)
        header = self.view.horizontalHeader()
        for column in range(self.view.model().columnCount()):
            if column not in skipped and column != self.stretch:
                self.wanted[column] = max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))
        self.fit()

    def fit(self) -> None:
        if not shiboken6.isValid(self.view):
            return
        header = self.view.horizontalHeader()
        columns = [c for c in range(self.view.model().columnCount()) if not header.isSectionHidden(c)]
        if not columns:
            return
        stretch = self.stretch if self.stretch is not None else columns[-1]
        others = [c for c in columns if c != stretch]
        room = self.view.viewport().width()
        headings = {c: max(header.sectionSizeHint(c), header.minimumSectionSize()) for c in others}
        for column in self.whole:  # what tells the rows apart: its whole width is its floor
            if column in headings and column in self.wanted:
                headings[column] = max(headings[column], min(self.wanted[column], int(room * self.WHOLE_SHARE)))
        floor = max(header.sectionSizeHint(stretch), min(int(room * self.STRETCH_SHARE), room - sum(headings.values())))
        wanted = {c: max(self.wanted.get(c, header.sectionSize(c)), headings[c]) for c in others}
        spare = room - floor
        if sum(wanted.values()) > spare:  # cap the widest first: a date or a grade keeps its width
            low, high = 0, max(wanted.values())
            while low < high:
                cap = (low + high + 1) // 2
                if sum(min(wanted[c], max(headings[c], cap)) for c in others) <= spare:
                    low = cap
                else:
                    high = cap - 1
            wanted = {c: min(wanted[c], max(headings[c], low)) for c in others}
        for column in others:
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive:
                header.resizeSection(column, wanted[column])


class AutoHeightTable(QTableView):
    """A table as tall as its wrapped rows, for boards that scroll as a whole page."""

    def __init__(self, model: QAbstractItemModel) -> None:
        super().__init__()
        self.setModel(model)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        model.modelReset.connect(self.fit_height)

    def fit_height(self) -> None:
        self.resizeRowsToContents()
        rows = sum(self.rowHeight(r) for r in range(self.model().rowCount()))
        self.setFixedHeight(self.horizontalHeader().height() + rows + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event) -> None:
        width_changed = event.size().width() != event.oldSize().width()
        super().resizeEvent(event)
        if width_changed:
            self.fit_height()


def fit_columns(view: QTableView, skip: Iterable[int] = ()) -> None:
    """Size columns to their contents once data is in, leaving stretched ones alone; a table from
    ``table_view`` keeps them within its width."""
    fitter = view.findChild(ColumnFitter)
    if fitter is not None:
        fitter.fit_to_contents(skip)
        return
    skipped = set(skip)
    for column in range(view.model().columnCount()):
        if column not in skipped:
            view.resizeColumnToContents(column)


def set_column_widths(view: QTableView, widths: dict[int, int]) -> None:
    """Give columns the widths they want without measuring their rows (a table of 50,000 rows); a table
    from ``table_view`` keeps them within its width as it keeps measured ones."""
    fitter = view.findChild(ColumnFitter)
    for column, width in widths.items():
        view.setColumnWidth(column, width)
        if fitter is not None:
            fitter.wanted[column] = width
    if fitter is not None:
        fitter.fit()


class EnumDelegate(QStyledItemDelegate):
    """Edits an enum cell with a combo box of its members' labels."""

    def __init__(self, members: Iterable[Enum], none_label: str | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._members = list(members)
        self._none_label = none_label

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        combo = QComboBox(parent)
        fill_enum(combo, self._members, self._none_label)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        select_data(editor, index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        value = current(editor)
        model.setData(index, value.value if value is not None else None, Qt.ItemDataRole.EditRole)


# What a closed drop-down list does with these keys (jump to the first or last value, or a page of
# values) is what a person scrolling the view means by them: the page scrolls instead.
PAGE_KEYS = {
    Qt.Key.Key_PageUp: QAbstractSlider.SliderAction.SliderPageStepSub,
    Qt.Key.Key_PageDown: QAbstractSlider.SliderAction.SliderPageStepAdd,
    Qt.Key.Key_Home: QAbstractSlider.SliderAction.SliderToMinimum,
    Qt.Key.Key_End: QAbstractSlider.SliderAction.SliderToMaximum,
}


class PageKeysScroll(QObject):
    """Keeps a saved choice (a grade) from changing when the person only meant to scroll the view.

    On a closed drop-down list Qt takes PgUp/PgDown/Home/End (with or without Ctrl) and the mouse
    wheel, even while it has focus, to step to another value: pressing PgDown to read further down
    the Judgements board turned "Good" into "Inadequate", saved when focus left. Here those keys
    scroll the nearest scrollable view holding the list, and the wheel goes to the view too; the
    value changes only by the arrow keys, typing its first letter, or the opened list (Alt+Down)."""

    def __init__(self, combo: QComboBox) -> None:
        super().__init__(combo)
        self._combo = combo
        combo.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            action = PAGE_KEYS.get(Qt.Key(event.key()))
            if action is None or event.modifiers() & ~(Qt.KeyboardModifier.ControlModifier
                                                       | Qt.KeyboardModifier.KeypadModifier):
                return False
            scroll_page(self._combo, action)
            return True
        if kind == QEvent.Type.Wheel:
            parent = self._combo.parentWidget()
            if parent is not None:  # scroll whatever holds the list, as if the list were not there
                QCoreApplication.sendEvent(parent, event)
            return True
        return False


def scroll_page(widget: QWidget, action: QAbstractSlider.SliderAction) -> None:
    """Scroll the nearest view around ``widget`` that can scroll (the Judgements board, else the page)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            bar = parent.verticalScrollBar()
            if bar.maximum() > bar.minimum():
                bar.triggerAction(action)
                return
        parent = parent.parentWidget()


def keep_for_choosing(combo: QComboBox) -> QComboBox:
    """A drop-down list whose value is saved: the page's scrolling keys and the wheel scroll the page."""
    PageKeysScroll(combo)
    return combo


class DeliberateChoice(QObject):
    """Saves a drop-down list's value when it is chosen on purpose, not at each arrow-key step.

    Up and Down on a closed list step through the values (and Qt reports each step as chosen): saving
    each one wrote "Outstanding", then "Outstanding → Good" to the history on the way to "Good". The
    value is saved when the person picks it from the opened list, presses Enter, or moves the focus on.
    The page's scrolling keys and the wheel never change it (``PageKeysScroll``)."""

    def __init__(self, combo: QComboBox, save: Any) -> None:
        super().__init__(combo)
        keep_for_choosing(combo)
        self._combo = combo
        self._save = save
        self._from_popup = False
        combo.installEventFilter(self)
        combo.view().installEventFilter(self)
        combo.activated.connect(self._activated)

    def _activated(self, _index: int) -> None:
        if self._from_popup or not self._combo.hasFocus():  # picked from the list (or by the mouse)
            self._from_popup = False
            self._save()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._combo:
            left = kind == QEvent.Type.FocusOut and event.reason() != Qt.FocusReason.PopupFocusReason  # type: ignore[attr-defined]
            entered = kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
            if left or entered:
                self._save()
        elif kind == QEvent.Type.Show:  # the opened list: what is picked there is meant
            self._from_popup = True
        elif kind == QEvent.Type.Hide:  # closed (Qt reports the pick just after): forget it after that
            QTimer.singleShot(0, self, self._forget_popup)
        return False

    def _forget_popup(self) -> None:
        self._from_popup = False
