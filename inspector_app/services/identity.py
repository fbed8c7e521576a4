"""Each person's signing key: made once, kept in their own database, shown as a short fingerprint.

Bundles are signed with it (Ed25519, from ``cryptography``) so the lead can tell who sent one; the
fingerprint is what two people read aloud to each other to check a key face to face.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from inspector_app.services.workspace import ValidationError, Workspace
from inspector_app.storage.models import SigningKey

PUBLIC_KEY_HEX = 64


@dataclass(frozen=True)
class KeyInfo:
    person: str
    public_key: str  # 64 hex digits
    fingerprint: str


def fingerprint(public_key: str) -> str:
    """Five groups of four hex digits of the key's SHA-256: short enough to read aloud, long enough to trust."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:20].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 20, 4))


def parse_public_key(text: str) -> str:
    """A public key as typed or pasted (spaces and case ignored), checked to be an Ed25519 key."""
    cleaned = "".join(text.split()).lower()
    if len(cleaned) != PUBLIC_KEY_HEX or any(c not in "0123456789abcdef" for c in cleaned):
        raise ValidationError("a public key is 64 hexadecimal digits (inspector-app identity shows yours)")
    Ed25519PublicKey.from_public_bytes(bytes.fromhex(cleaned))
    return cleaned


def _person(ws: Workspace, person: str | None) -> str:
    name = (person if person is not None else ws.user).strip()
    if not name:
        raise ValidationError("set your name first: a signing key belongs to a person")
    return name


def key_row(session: Session, person: str) -> SigningKey:
    """The person's key row, made the first time it is needed."""
    row = session.scalar(select(SigningKey).where(SigningKey.person == person))
    if row is None:
        private = Ed25519PrivateKey.generate()
        seed = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
        row = SigningKey(person=person, private_key=seed, public_key=public)
        session.add(row)
        session.flush()
    return row


def ensure_signing_key(ws: Workspace, person: str | None = None) -> KeyInfo:
    """The person's key, created when they first set up their identity on this laptop."""
    name = _person(ws, person)
    with ws.db.session() as session:
        row = key_row(session, name)
        return KeyInfo(name, row.public_key, fingerprint(row.public_key))


def signing_key(ws: Workspace, person: str | None = None) -> KeyInfo | None:
    """The person's key if they have one on this database (never creates one: safe read-only)."""
    name = (person if person is not None else ws.user).strip()
    with ws.db.read_session() as session:
        row = session.scalar(select(SigningKey).where(SigningKey.person == name))
        return KeyInfo(name, row.public_key, fingerprint(row.public_key)) if row is not None else None


def sign_with(session: Session, person: str, data: bytes) -> tuple[str, str]:
    """(public key, signature) of ``data`` by the person's key, both hex."""
    row = key_row(session, person)
    signature = Ed25519PrivateKey.from_private_bytes(row.private_key).sign(data)
    return row.public_key, signature.hex()


def verify(public_key: str, data: bytes, signature: str) -> bool:
    """Whether ``signature`` is the key's signature of ``data``; any malformed input is simply False."""
    try:
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
        key.verify(bytes.fromhex(signature), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def saved_name(settings: Path | None = None) -> str | None:
    """The name the person set up in the window (Team view, identity dialog), if any.

    The command line records and signs as this person by default, so it is one person with one key
    whether they work in the window or at the prompt (in the trial it was the login name, "root", with
    a key of its own). Read here without Qt: the window's INI file, as QSettings writes it (a value
    with a comma or quotes is quoted, its quotes and backslashes escaped)."""
    import configparser

    from inspector_app import paths

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(settings or paths.settings_file(), encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None  # an unreadable preferences file: the window would start without an identity too
    value = parser.get("user", "name", fallback="").strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = re.sub(r'\\(.)', r"\1", value[1:-1])
    return value.strip() or None
