"""What happens after a visit: when its report or letter was published.

Kept apart from ``inspection`` so that the council's working-day deadlines (counted from
publication) have one source, and the row travels in bundles like any other.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from inspector_app.storage.base import Base, Tracked


class Publication(Tracked, Base):
    __tablename__ = "publication"

    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("inspection.id", ondelete="CASCADE"), unique=True)
    published_on: Mapped[date] = mapped_column(Date)
