"""Which regional store this data folder syncs with: given once, remembered, never with a password.

The address is a PostgreSQL URL (``postgresql://amir@store.region.example/inspections?sslmode=verify-full``
or ``postgresql:///?service=region``); libpq finds the password in ``~/.pgpass`` or the service
file, so none is ever typed on a command line, saved in the settings or written to a log. An
address that holds one is refused before anything connects. A file path names a SQLite file
standing in for a store (one office with a shared folder, and the tests).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from inspector_app import paths
from inspector_app.bundles.sync import StoreUnreachable, SyncError
from inspector_app.frameworks import FrameworkRegistry
from inspector_app.services.workspace import DatabaseOpenError, Workspace, open_workspace, passphrase_from_env
from inspector_app.storage.engines import PASSWORD_IN_ENVIRONMENT, password_in_environment

SETTINGS_FILE = "regional-store.json"
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


class StoreAddressError(SyncError):
    """The store's address is not one the app can use; nothing was connected to or saved."""


def is_url(address: str) -> bool:
    return "://" in address


def check_address(text: str) -> str:
    """The address, trimmed, if it is usable; one line saying what is wrong otherwise."""
    address = text.strip()
    if not address:
        raise StoreAddressError("Give the regional store's address (postgresql://you@server/database?sslmode="
                                "verify-full); ask your administrator for it.")
    if not is_url(address):
        return address
    try:
        parts = urlsplit(address)
        query = parse_qs(parts.query)
        password = parts.password
    except ValueError:
        raise StoreAddressError("The regional store's address is not a valid URL: it looks like postgresql://you@"
                                "server/database?sslmode=verify-full.") from None
    if parts.scheme not in SCHEMES:
        raise StoreAddressError("The regional store is a PostgreSQL database: its address starts with "
                                "postgresql:// (ask your administrator for it).")
    if password is not None or "password" in query:
        raise StoreAddressError("The store's address holds a password, which would be kept in the settings and "
                                "shown to other programs: put the password in ~/.pgpass (or a pg_service.conf "
                                "entry) and give the address without it. Nothing was saved or connected to.")
    if password_in_environment():
        raise StoreAddressError(PASSWORD_IN_ENVIRONMENT)
    return address


def shown(address: str) -> str:
    """The address as it may appear in a message: no user name, no query."""
    if not is_url(address):
        return address
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.hostname or 'localhost'}{parts.path}"


def _settings_path() -> Path:
    return paths.user_data_dir() / SETTINGS_FILE


def saved_address() -> str | None:
    """The address remembered for this data folder, or None."""
    try:
        value = json.loads(_settings_path().read_text(encoding="utf-8")).get("address")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value.strip() else None


def save_address(address: str) -> None:
    """Remember the (checked) address for this data folder, replacing the file in one step."""
    address = check_address(address)
    target = _settings_path()
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps({"address": address}), encoding="utf-8")
    os.replace(temporary, target)


def open_store(address: str, *, user: str, registry: FrameworkRegistry | None = None) -> Workspace:
    """Connect to the store as ``user`` (on PostgreSQL, as the person's own role): one line if it cannot be."""
    address = check_address(address)
    if not is_url(address) and not Path(address).expanduser().is_file():
        raise StoreAddressError(f"There is no regional store at {address}: check the address (a store is made by "
                                "'inspector-app store init').")
    try:
        if is_url(address):
            return open_workspace(address, user=user, registry=registry)
        return open_workspace(Path(address).expanduser(), user=user, registry=registry,
                              passphrase=passphrase_from_env())
    except DatabaseOpenError as exc:
        raise StoreUnreachable(f"{exc} Nothing was changed on this laptop.") from None
