"""What the accessibility tests measure, shared by the in-process tests and the 150% zoom probe.

* ``tab_chain``: press Tab (or Shift+Tab) from a control until focus comes back to it, failing if
  a key press leaves focus where it was (a trap) or the chain never closes.
* ``reachable_controls``: every control of a window that Tab should reach.
* ``unnamed_objects``: the accessible objects (what a screen reader is given) with an interactive
  role and no name.
* ``geometry_problems``: controls a person cannot see or scroll to, and windows larger than the
  screen.
* ``dialogs``: every dialog of the app, built on an open inspection, for the walks above.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QScrollArea,
    QTableView,
    QWidget,
)

from inspector_app.gui.main_window import NAV

VIEWS = [key for key, _label, _icon in NAV]
VIEWS.insert(VIEWS.index("cases") + 1, "case")  # a case's own page, reached from the cases list

Role = QAccessible.Role
INTERACTIVE = {Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText, Role.SpinBox,
               Role.Slider, Role.List, Role.ListItem, Role.Table, Role.Tree, Role.TreeItem, Role.Cell,
               Role.ColumnHeader, Role.PageTab, Role.ButtonDropDown, Role.ButtonMenu, Role.Link}
DATE_SECTIONS = 3
CHILDREN_PER_VIEW = 80  # cells beyond the first screenful of a long table add time, not information


def reachable_controls(root: QWidget) -> list[QWidget]:
    """Every visible, enabled control inside ``root``'s window that takes focus by Tab."""
    window = root.window()
    found = []
    for widget in window.findChildren(QWidget):
        if widget.window() is not window or not widget.isVisible() or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or widget.focusProxy() is not None:
            continue
        if isinstance(widget.parentWidget(), QComboBox) or _in_combo_popup(widget):
            continue
        found.append(widget)
    return found


def _in_combo_popup(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if type(parent).__name__ == "QComboBoxPrivateContainer":
            return True
        parent = parent.parentWidget()
    return False


def describe(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")() or widget.objectName()
    return f"{type(widget).__name__} {name!r}"


def tab_chain(start: QWidget, backwards: bool = False, limit: int = 400) -> list[QWidget]:
    """The controls Tab visits from ``start`` until focus returns to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert QApplication.focusWidget() is start, f"{describe(start)} does not take focus"
    key, modifier = ((Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) if backwards
                     else (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier))
    visited = [start]
    stayed = 0
    for _ in range(limit):
        before = QApplication.focusWidget()
        assert before is not None, f"focus was lost after {describe(visited[-1])}"
        QTest.keyClick(before, key, modifier)
        after = QApplication.focusWidget()
        if after is before and isinstance(before, QAbstractSpinBox) and stayed < DATE_SECTIONS:
            stayed += 1  # a date field's Tab steps through day, month and year, then leaves
            continue
        if after is before and after is start and reachable_controls(start) == [start]:
            return visited  # the only control there is: Tab has nowhere else to go
        assert after is not before, f"Tab is trapped in {describe(before)}"
        stayed = 0
        if after is start:
            return visited
        visited.append(after)
    raise AssertionError(f"Tab from {describe(start)} never came back to it: "
                         f"{', '.join(describe(w) for w in visited[-5:])} …")


def missed_by_tab(start: QWidget, backwards: bool = False) -> list[str]:
    chain = set(tab_chain(start, backwards))
    return [describe(w) for w in reachable_controls(start) if w not in chain]


def unnamed_objects(root: QWidget) -> list[str]:
    """Accessible objects with an interactive role and no name, as a screen reader meets them."""
    problems: list[str] = []
    top = QAccessible.queryAccessibleInterface(root)
    assert top is not None and top.isValid()

    def walk(node, path: str, depth: int) -> None:  # type: ignore[no-untyped-def]
        if depth > 40:
            return
        for index in range(min(node.childCount(), CHILDREN_PER_VIEW)):
            child = node.child(index)
            if child is None or not child.isValid() or child.state().invisible:
                continue
            role = child.role()
            name = child.text(QAccessible.Text.Name).strip()
            where = f"{path} > {role.name}"
            if role in INTERACTIVE and not name:
                problems.append(f"{where} #{index} ({type(child.object()).__name__})")
            walk(child, f"{where} {name[:30]!r}", depth + 1)

    walk(top, type(root).__name__, 0)
    return problems


def _clip_parent(widget: QWidget) -> QWidget | None:
    return widget.parentWidget()


def geometry_problems(top: QWidget) -> list[str]:
    """Controls outside what can be seen or scrolled to, and a window larger than its screen."""
    problems = []
    screen = (top.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    if top.width() > screen.width() or top.height() > screen.height():
        problems.append(f"{describe(top)} is {top.width()}×{top.height()} on a {screen.width()}×{screen.height()} "
                        "screen")
    minimum = top.minimumSizeHint().expandedTo(top.minimumSize())
    if minimum.width() > screen.width() or minimum.height() > screen.height():
        problems.append(f"{describe(top)} cannot be smaller than {minimum.width()}×{minimum.height()}")
    for widget in reachable_controls(top):
        if widget.width() < 4 or widget.height() < 4:
            problems.append(f"{describe(widget)} is squeezed to {widget.width()}×{widget.height()}")
            continue
        child: QWidget = widget
        parent = child.parentWidget()
        while parent is not None:
            area = parent.parentWidget()
            if isinstance(area, QScrollArea) and parent is area.viewport():
                child, parent = area, area.parentWidget()  # the area can scroll to it: check the area instead
                continue
            if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
                child, parent = area, area.parentWidget()  # an editor inside a table's cell
                continue
            rect = QRect(child.mapTo(parent, child.rect().topLeft()), child.size())
            if not parent.rect().contains(rect):
                visible = parent.rect().intersected(rect)
                if visible.width() < rect.width() - 2 or visible.height() < rect.height() - 2:
                    problems.append(f"{describe(widget)} is cut off by {describe(parent)} "
                                    f"({rect.x()},{rect.y()} {rect.width()}×{rect.height()} in "
                                    f"{parent.width()}×{parent.height()})")
                    break
            if parent.isWindow():
                break
            child, parent = parent, parent.parentWidget()
    return problems


def sideways(window: QWidget) -> list[str]:
    """A view that scrolls sideways: what is beyond the right edge is missed by someone reading down
    the page (the case page's History… button, at 150%, until its buttons moved to a second row).
    Its tables and lists count too: a column past the edge, or a heading cut short."""
    area = window.stack.currentWidget()  # type: ignore[attr-defined]  # the main window's page, in its frame
    problems = []
    if isinstance(area, QScrollArea) and area.horizontalScrollBar().maximum() > 0:
        problems.append(f"{describe(area)} scrolls sideways by {area.horizontalScrollBar().maximum()} px")
    return problems + cut_tables(area)


def cut_tables(root: QWidget) -> list[str]:
    """Tables and lists inside ``root`` that scroll sideways or cut a column's heading."""
    problems = []
    for view in root.findChildren(QAbstractItemView):
        if not view.isVisible():
            continue
        if view.horizontalScrollBar().maximum() > 0:
            problems.append(f"{describe(view)} scrolls sideways ({view.horizontalScrollBar().maximum()} steps)")
        header = view.horizontalHeader() if isinstance(view, QTableView) else None
        if header is None or not header.isVisible():
            continue
        reading = 30 * view.fontMetrics().averageCharWidth()  # a stretched column holds the text people read
        stretched = [c for c in range(header.count()) if header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch]
        for column in range(header.count()):
            if stretched == [column] and header.sectionSize(column) < min(reading, view.width() * 0.3):
                title = view.model().headerData(column, Qt.Orientation.Horizontal)
                problems.append(f"{describe(view)}: the column {title!r} shows {header.sectionSize(column)} px")
            if not header.isSectionHidden(column) and header.sectionSize(column) < header.sectionSizeHint(column) - 2:
                title = view.model().headerData(column, Qt.Orientation.Horizontal)
                problems.append(f"{describe(view)}: the heading {title!r} is cut to {header.sectionSize(column)} px")
    return problems


def cut_identifiers(root: QWidget) -> list[str]:
    """Tables inside ``root`` whose columns that tell the rows apart (``ColumnFitter.whole``: a case's
    reference, an event's time) are narrower than what they hold: "NM-100…" names no case."""
    from inspector_app.gui.widgets import ColumnFitter

    problems = []
    for view in root.findChildren(QTableView):
        fitter = view.findChild(ColumnFitter)
        if not view.isVisible() or fitter is None or view.model().rowCount() == 0:
            continue
        header = view.horizontalHeader()
        for column in fitter.whole:
            if column < header.count() and not header.isSectionHidden(column) \
                    and header.sectionSize(column) < view.sizeHintForColumn(column) - 2:
                title = view.model().headerData(column, Qt.Orientation.Horizontal)
                problems.append(f"{describe(view)}: the column {title!r} is cut to {header.sectionSize(column)} px "
                                f"of {view.sizeHintForColumn(column)}")
    return problems


def clipped_labels(root: QWidget) -> list[str]:
    """Visible labels whose text does not fit them: a line cut off, or wrapped lines hidden."""
    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text().strip() or not label.pixmap().isNull():
            continue
        hint = label.sizeHint()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 2:
                problems.append(f"{describe(label)} needs {needed} px of height and has {label.height()}")
        elif hint.width() > label.width() + 2 or hint.height() > label.height() + 2:
            problems.append(f"{describe(label)} needs {hint.width()}×{hint.height()} and has "
                            f"{label.width()}×{label.height()}")
    return problems


def focus_hidden(widget: QWidget | None) -> list[str]:
    """The focused control outside what its scroll areas show (WCAG 2.4.11): it must be in view."""
    if widget is None:
        return ["nothing has the focus"]
    from inspector_app.gui.a11y import labels_of

    child: QWidget = widget
    parent = child.parentWidget()
    while parent is not None and not child.isWindow():
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            rect = QRect(widget.mapTo(parent, widget.rect().topLeft()), widget.size())
            seen = parent.rect().intersected(rect)
            if seen.height() < min(rect.height(), parent.height() // 3) - 2 or seen.width() < 4:
                return [f"the focused {describe(widget)} is outside {describe(area)} "
                        f"({rect.x()},{rect.y()} {rect.width()}×{rect.height()} in "
                        f"{parent.width()}×{parent.height()})"]
            for label in labels_of(widget):
                top = label.mapTo(parent, label.rect().topLeft())
                if not parent.rect().contains(top):
                    return [f"the label {label.text()!r} of the focused {describe(widget)} is outside {describe(area)}"]
        child, parent = parent, parent.parentWidget()
    return []


def show_dialog(dialog: QWidget) -> QWidget:
    dialog.show()
    dialog.activateWindow()
    for _ in range(50):
        QApplication.processEvents()
        if dialog.isActiveWindow():
            break
        QTest.qWait(10)
    return dialog


def conflict_plan(window, scratch: Path):  # type: ignore[no-untyped-def]
    """A bundle whose import has one row changed on both laptops, for the import preview."""
    from inspector_app.bundles.export import export_bundle
    from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
    from inspector_app.domain.enums import EvidenceSource, Polarity
    from inspector_app.services import evidence, open_workspace
    from inspector_app.services.evidence import EvidenceFilter
    from tests.factories import make_inspection

    ws = window.ctx.ws
    from inspector_app.domain.enums import TeamRole

    info = make_inspection(ws, "ilacs@2023", authority="Bundleshire",  # Amir is on the team, so may edit
                           team=[("Lena Lead", "LL", TeamRole.LEAD), ("Amir", "AM", TeamRole.TEAM)])
    shared = evidence.add_evidence(ws, info.id, text="Original wording.", area_key="leaders",
                                   polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
    start = scratch / "start.inspbundle"
    export_bundle(ws, info.id, start, recipient="amir")
    other = open_workspace(scratch / "amir.sqlite", user="Amir", create=True, plaintext=True)
    theirs_id = apply_import(other, plan_import(other, read_bundle(start))).inspection_id
    theirs = evidence.find_evidence(other, theirs_id, EvidenceFilter(query="Original"))[0]
    evidence.update_evidence(other, theirs.id, text="Amir's wording.")
    back = scratch / "back.inspbundle"
    export_bundle(other, theirs_id, back, recipient="lead")
    other.close()
    evidence.update_evidence(ws, shared.id, text="The lead's wording.")
    return plan_import(ws, read_bundle(back))


def dialogs(window, scratch: Path) -> Iterator[tuple[str, Callable[[], QDialog]]]:  # type: ignore[no-untyped-def]
    """Every dialog of the app, each built on demand on the window's open inspection."""
    from inspector_app.gui.dialogs.audit import AuditDialog
    from inspector_app.gui.dialogs.backups import BackupsDialog
    from inspector_app.gui.dialogs.bundle_export import BundleExportDialog
    from inspector_app.gui.dialogs.capture import CaptureDialog
    from inspector_app.gui.dialogs.case import CaseDialog
    from inspector_app.gui.dialogs.descriptor_evidence import DescriptorEvidenceDialog
    from inspector_app.gui.dialogs.finding import FindingDialog
    from inspector_app.gui.dialogs.help import ShortcutsDialog
    from inspector_app.gui.dialogs.identity import IdentityDialog
    from inspector_app.gui.dialogs.import_preview import ImportPreviewDialog
    from inspector_app.gui.dialogs.inspection import InspectionDialog
    from inspector_app.gui.dialogs.item_history import ItemHistoryDialog
    from inspector_app.gui.dialogs.link_evidence import LinkEvidenceDialog
    from inspector_app.gui.dialogs.passphrase import PassphraseDialog
    from inspector_app.gui.dialogs.retention import DestroyDialog, PurgeDialog
    from inspector_app.gui.guard import UnexpectedErrorDialog
    from inspector_app.services import cases, inspections

    ctx = window.ctx
    inspection_id = ctx.inspection_id
    info = inspections.get_inspection(ctx.ws, inspection_id)
    case = cases.list_cases(ctx.ws, inspection_id)[0]

    def finding_text() -> QDialog:
        dialog = QInputDialog(window)
        dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setWindowTitle("Add finding")
        dialog.setLabelText("Strength")
        return dialog

    yield "capture", lambda: CaptureDialog(ctx, window, case_id=case.id)
    yield "new case", lambda: CaseDialog(ctx, window)
    yield "edit case", lambda: CaseDialog(ctx, window, existing=case)
    yield "record audit", lambda: AuditDialog(ctx, window, case_id=case.id)
    yield "new inspection", lambda: InspectionDialog(ctx, window)
    yield "edit inspection", lambda: InspectionDialog(ctx, window, existing=info)
    yield "who am I", lambda: IdentityDialog(ctx.identity, window)
    yield "passphrase", lambda: PassphraseDialog("Set or change passphrase", "Type the current passphrase and "
                                                 "the new one.", new=True, current=True, parent=window)
    yield "bundle export", lambda: BundleExportDialog("team", window)
    yield "import preview", lambda: ImportPreviewDialog(conflict_plan(window, scratch), window)
    yield "link evidence", lambda: LinkEvidenceDialog(ctx, (), "leaders", window)
    yield "item history", lambda: ItemHistoryDialog(ctx, "case", case.id, f"case {case.reference}", window)
    yield "backups", lambda: BackupsDialog(ctx, window)
    yield "purge", lambda: PurgeDialog(ctx, info, window)
    yield "destroy", lambda: DestroyDialog(ctx, window)
    yield "shortcuts", lambda: ShortcutsDialog([*window.actions()], window)
    yield "finding text", finding_text
    yield "unexpected error", lambda: UnexpectedErrorDialog("inspector_app/gui/pages/evidence.py:1 in save", window)

    def annex_preview() -> QDialog:
        from datetime import date

        from inspector_app.demo.annex_a import synthetic_rows, write_csv
        from inspector_app.gui.pages.annex import PreviewDialog
        from inspector_app.services import annex_import

        headings, rows = synthetic_rows(9, 40, seed=4, today=date(2026, 11, 2), style="northshire")
        path = write_csv(scratch / "care leavers.csv", headings, rows)
        return PreviewDialog(annex_import.preview(ctx.ws, inspection_id, path, 9), window)

    yield "annex preview", annex_preview
    yield "finding editor", lambda: FindingDialog("Edit finding", "Strength", "Leaders know their services.",
                                                  window)

    def descriptor_evidence() -> QDialog:
        framework = ctx.framework
        descriptor = next(d for a in framework.areas for d in a.descriptors)
        return DescriptorEvidenceDialog(ctx, descriptor.key, window)

    yield "descriptor evidence", descriptor_evidence


def demo_lead(db: Path):  # type: ignore[no-untyped-def]
    """The lead inspector of the demo inspection the walks use: every control of theirs is enabled."""
    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.settings import Identity
    from inspector_app.services import inspections, open_workspace

    ws = open_workspace(db)
    try:
        lead = inspections.get_inspection(ws, choose_demo_inspection(ws)).lead
    finally:
        ws.close()
    assert lead is not None
    return Identity(lead.name, lead.initials, TeamRole.LEAD)


def choose_demo_inspection(ws) -> int:  # type: ignore[no-untyped-def]
    from inspector_app.gui.screenshots import _choose_inspection

    return _choose_inspection(ws, None)




def first_on_entering(page: QWidget, chain: list[QWidget], main: QWidget) -> QWidget | None:
    """Tab coming into ``page`` from the sidebar lands on its ``main`` control (where Ctrl+number goes) or on
    one read before it (a search box above its table): what it lands on instead, if it lands below it, past
    what should be read first. ``chain`` is one whole Tab cycle through the window."""
    inside = [page.isAncestorOf(w) for w in chain]
    if all(inside) or not any(inside):
        return None
    entry = next(chain[i] for i in range(len(chain)) if inside[i] and not inside[i - 1])
    if entry is main or main.isAncestorOf(entry):
        return None
    return entry if entry.mapTo(page, entry.rect().topLeft()).y() > main.mapTo(page, main.rect().topLeft()).y() \
        else None
