"""Optional passphrase protection for bundles, which travel on memory sticks and by email.

AES-256-GCM with a key derived from the passphrase. The key-derivation settings are chosen by the
app, never by the file: the header names a format version, and each version maps to fixed settings
in :data:`KDF_VERSIONS` (Argon2id for new bundles; the scrypt settings of the first format, so old
bundles still open). A header naming anything else, or doctored settings, is refused before any key
is derived, so a crafted file cannot make an import take minutes or gigabytes. The header is bound
to the ciphertext as associated data, so tampering with either is detected.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAGIC = b"INSPECTOR-APP-BUNDLE-ENCRYPTED\n"
MAX_HEADER_BYTES = 512


@dataclass(frozen=True)
class Kdf:
    name: str  # "argon2id" or "scrypt"
    params: Mapping[str, int]


# Format version -> key derivation. Only these are ever used; the file only says which one.
KDF_VERSIONS: dict[int, Kdf] = {
    1: Kdf("scrypt", {"n": 2**15, "r": 8, "p": 1}),  # bundles written before format 2: read only
    2: Kdf("argon2id", {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}),  # 64 MiB
}
CURRENT_VERSION = 2


class WrongPassphrase(Exception):
    pass


class DamagedHeader(WrongPassphrase):
    """The header is not one this app writes: unknown version, doctored settings, bad salt or nonce."""


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def derive_key(passphrase: str, salt: bytes, kdf: Kdf) -> bytes:
    if kdf.name == "argon2id":
        from argon2.low_level import Type, hash_secret_raw

        return hash_secret_raw(passphrase.encode(), salt, time_cost=kdf.params["time_cost"],
                               memory_cost=kdf.params["memory_cost"], parallelism=kdf.params["parallelism"],
                               hash_len=32, type=Type.ID)
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=kdf.params["n"], r=kdf.params["r"], p=kdf.params["p"]).derive(
        passphrase.encode())


def encrypt(data: bytes, passphrase: str, version: int | None = None) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    version = CURRENT_VERSION if version is None else version
    kdf = KDF_VERSIONS[version]
    salt, nonce = os.urandom(16), os.urandom(12)
    fields: dict[str, Any] = {"v": version, "kdf": kdf.name, "salt": salt.hex(), "nonce": nonce.hex(),
                              "cipher": "AES-256-GCM"}
    if version == 1:  # the first format's header: settings written out, no version
        del fields["v"]
        fields.update(kdf.params)
    header = json.dumps(fields).encode()
    sealed = AESGCM(derive_key(passphrase, salt, kdf)).encrypt(nonce, data, header)
    return MAGIC + len(header).to_bytes(4, "big") + header + sealed


def _hex(value: object, size: int) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * size:
        raise DamagedHeader("the encrypted bundle's header is damaged")
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise DamagedHeader("the encrypted bundle's header is damaged") from None


def read_header(blob: bytes) -> tuple[Kdf, bytes, bytes, bytes, bytes]:
    """(kdf, salt, nonce, header bytes, ciphertext) of an encrypted bundle, all checked, nothing derived."""
    body = blob[len(MAGIC):]
    size = int.from_bytes(body[:4], "big")
    if not 0 < size <= MAX_HEADER_BYTES or len(body) < 4 + size + 16:  # + the 16-byte tag: never shorter
        raise DamagedHeader("the encrypted bundle's header is damaged")
    header_bytes = body[4:4 + size]
    try:
        header = json.loads(header_bytes)
    except (ValueError, RecursionError):
        raise DamagedHeader("the encrypted bundle's header is damaged") from None
    if not isinstance(header, dict):
        raise DamagedHeader("the encrypted bundle's header is damaged")
    version = header.get("v", 1)  # format 1 headers carried no version
    kdf = KDF_VERSIONS.get(version) if type(version) is int else None
    if kdf is None:
        raise DamagedHeader("the encrypted bundle uses an encryption setting this version of Inspector App does "
                            "not know; update the app or ask for a new export")
    expected = {"v", "kdf", "salt", "nonce", "cipher"} | (set(kdf.params) if version == 1 else set())
    if version == 1:
        expected.discard("v")
    if set(header) != expected or header.get("kdf") != kdf.name or header.get("cipher") != "AES-256-GCM":
        raise DamagedHeader("the encrypted bundle's header is damaged")
    if version == 1 and any(type(header[k]) is not int or header[k] != v for k, v in kdf.params.items()):
        raise DamagedHeader("the encrypted bundle's key-derivation settings are not ones Inspector App writes; "
                            "it is refused")
    return kdf, _hex(header["salt"], 16), _hex(header["nonce"], 12), header_bytes, body[4 + size:]


def decrypt(blob: bytes, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kdf, salt, nonce, header_bytes, sealed = read_header(blob)
    key = derive_key(passphrase, salt, kdf)
    try:
        return AESGCM(key).decrypt(nonce, sealed, header_bytes)
    except InvalidTag as exc:
        raise WrongPassphrase("wrong passphrase, or the file was damaged") from exc
