"""Who sent a bundle: the manifest is signed with the exporter's Ed25519 key.

The manifest holds the SHA-256 of every other member, so signing its exact bytes signs the whole
bundle. ``signature.json`` carries the public key and the signature; the manifest names the same
key, so neither can be swapped alone. Whether the key belongs to someone on the inspection's roster
is decided later, against the database (see ``importer.plan_import``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from inspector_app.services import identity


@dataclass(frozen=True)
class Signer:
    name: str  # as the sender's manifest names them; the roster's name is what the lead sees
    public_key: str

    @property
    def fingerprint(self) -> str:
        return identity.fingerprint(self.public_key)


@dataclass(frozen=True)
class Refusal:
    reason: str


def unmatched_checksum(checksums: dict[str, Any], members: dict[str, bytes]) -> str | None:
    """The first member (data.json, then attachments) whose SHA-256 is not the manifest's, or None.

    The manifest and the signature are not listed: the signature covers the manifest's bytes.
    """
    names = ["data.json", *sorted(n for n in members if n.startswith("attachments/"))]
    for part in names:
        expected = checksums.get(part)
        actual = hashlib.sha256(members[part]).hexdigest()
        if not isinstance(expected, str) or not hmac.compare_digest(actual, expected):
            return part
    return None


def signature_member(session: Session, person: str, raw_manifest: bytes) -> bytes:
    public_key, signature = identity.sign_with(session, person, raw_manifest)
    return json.dumps({"public_key": public_key, "signature": signature}).encode()


def verify_bundle(manifest: dict[str, Any], raw_manifest: bytes,
                  raw_signature: bytes | None) -> Signer | Refusal | None:
    """The bundle's signer; None for a format-1 bundle (written before signing); a Refusal if it does not hold."""
    claimed = manifest.get("signer")
    if manifest["version"] < 2 and claimed is None and raw_signature is None:
        return None
    if not isinstance(claimed, dict) or raw_signature is None:
        return Refusal("it is not signed")
    try:
        signature = json.loads(raw_signature)
    except (ValueError, RecursionError):
        return Refusal("its signature is damaged")
    if not isinstance(signature, dict) or set(signature) != {"public_key", "signature"}:
        return Refusal("its signature is damaged")
    key, value = signature["public_key"], signature["signature"]
    if not isinstance(key, str) or not isinstance(value, str) or key != claimed.get("public_key"):
        return Refusal("its signature does not belong to the key its manifest names")
    if not identity.verify(key, raw_manifest, value):
        return Refusal("its signature does not match: it was changed after it was signed")
    return Signer(str(claimed.get("name", "")), key)
