"""A long evidence listing: the table reads the ids of the pages it paints, not every id, and a change
made from the detail pane keeps the selection on the item, however far down it is."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence
from tests.factories import make_inspection

CTRL = Qt.KeyboardModifier.ControlModifier
ITEMS = 450  # three pages of 200


def test_a_long_listing_reads_only_what_it_paints_and_keeps_the_selection(qtbot, make_window):
    window = make_window()
    window.resize(1366, 768)
    ws = window.ctx.ws
    info = make_inspection(ws)
    for n in range(ITEMS):
        evidence.add_evidence(ws, info.id, text=f"Item {n}.", area_key="leaders", polarity=Polarity.STRENGTH,
                              source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 2) + timedelta(days=n % 9))
    listing = evidence.evidence_ids(ws, info.id)  # newest seen first
    window.open_inspection(info.id)
    qtbot.keyClick(window, Qt.Key.Key_5, CTRL)
    page = window.pages["evidence"]
    qtbot.waitUntil(lambda: page.model.rowCount() == ITEMS and f"{ITEMS} of {ITEMS}" in page.count.text(),
                    timeout=10000)

    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_End, CTRL)
    last = listing[-1]
    qtbot.waitUntil(lambda: page.selected_id() == last, timeout=10000)
    assert page.model.id_pages_read == 2, "the first page and the last were read, never the middle one"
    assert page.detail.text.toPlainText() == evidence.get_evidence(ws, last).text

    page.detail.polarity.setFocus()
    qtbot.keyClick(page.detail.polarity, Qt.Key.Key_Down)  # strength → area for development, saved at once
    qtbot.waitUntil(lambda: evidence.get_evidence(ws, last).polarity is Polarity.DEVELOPMENT, timeout=10000)
    qtbot.waitUntil(lambda: page.selected_id() == last and page.view.currentIndex().row() == ITEMS - 1,
                    timeout=10000)
