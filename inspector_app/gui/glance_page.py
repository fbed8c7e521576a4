"""The top of the overview, shown by the start-up shell while the rest of the app loads.

The five numbers (``services.glance``) are read before SQLAlchemy is even imported; this page shows them
in the shell's empty page, laid out as the overview page lays out its own, so that when the main window
takes the shell's place the numbers stay where they were and the tables fill in below them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from inspector_app.gui.labels import NumberCard, page_title, subtitle
from inspector_app.services.glance import Glance

# The overview's number cards, in order: shared with gui/pages/overview.py.
CARDS = (("days", "Working days on site"), ("cases", "Cases sampled"), ("audits", "Records audited"),
         ("evidence", "Evidence items"), ("notes", "Tracking notes"))


class GlancePage(QWidget):
    """The overview's heading and number cards; the tables below arrive with the main window."""

    def __init__(self, glance: Glance, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inspection_id = glance.inspection_id
        self.heading = page_title(f"{glance.authority}: overview")
        self.meta = subtitle("Loading the rest of the overview…")
        self.cards = {key: NumberCard(label) for key, label in CARDS}
        for key, value in (("days", glance.days_on_site), ("cases", glance.cases), ("audits", glance.audits),
                           ("evidence", glance.evidence), ("notes", glance.notes)):
            self.cards[key].set_value(value)
        cards = QHBoxLayout()
        for card in self.cards.values():
            cards.addWidget(card)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.meta)
        layout.addLayout(cards)
        layout.addStretch(1)
