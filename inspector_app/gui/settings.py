"""Per-user preferences (identity, window geometry, last inspection) in an INI file.

The file sits in the user data folder, so ``INSPECTOR_APP_DATA_DIR`` isolates it for tests and
portable use exactly as it does the default database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from inspector_app import paths
from inspector_app.domain.enums import TeamRole


@dataclass(frozen=True)
class Identity:
    name: str
    initials: str
    role: TeamRole
    database_read_only: bool = False  # the database itself was opened read-only (damaged, or held elsewhere)

    @property
    def is_lead(self) -> bool:
        return self.role is TeamRole.LEAD

    @property
    def read_only(self) -> bool:
        return self.role is TeamRole.QA or self.database_read_only


class AppSettings:
    def __init__(self, path: Path | None = None) -> None:
        target = path or paths.settings_file()
        self._qs = QSettings(str(target), QSettings.Format.IniFormat)

    def identity(self) -> Identity | None:
        name = str(self._qs.value("user/name", "") or "")
        if not name:
            return None
        try:
            role = TeamRole(str(self._qs.value("user/role", TeamRole.TEAM.value)))
        except ValueError:
            role = TeamRole.TEAM
        return Identity(name, str(self._qs.value("user/initials", "") or ""), role)

    def set_identity(self, identity: Identity) -> None:
        self._qs.setValue("user/name", identity.name)
        self._qs.setValue("user/initials", identity.initials)
        self._qs.setValue("user/role", identity.role.value)
        self._qs.sync()

    def geometry(self) -> QByteArray | None:
        value = self._qs.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, value: QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    def lock_minutes(self) -> float:
        try:
            return float(str(self._qs.value("security/lock_minutes", 10)))
        except (TypeError, ValueError):
            return 10.0

    def last_inspection(self, db_key: str) -> int | None:
        value = self._qs.value(f"last_inspection/{db_key}")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_inspection(self, db_key: str, inspection_id: int | None) -> None:
        if inspection_id is None:
            self._qs.remove(f"last_inspection/{db_key}")
        else:
            self._qs.setValue(f"last_inspection/{db_key}", inspection_id)
        self._qs.sync()
