"""Optional passphrase protection for bundles, which travel on memory sticks and by email.

AES-256-GCM with a key derived by scrypt; the header (with salt and parameters) is bound to
the ciphertext as associated data, so tampering with either is detected.
"""

from __future__ import annotations

import json
import os

MAGIC = b"INSPECTOR-APP-BUNDLE-ENCRYPTED\n"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}


class WrongPassphrase(Exception):
    pass


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=params["n"], r=params["r"], p=params["p"]).derive(passphrase.encode())


def encrypt(data: bytes, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    header = json.dumps({"kdf": "scrypt", **SCRYPT, "salt": salt.hex(), "nonce": nonce.hex(),
                         "cipher": "AES-256-GCM"}).encode()
    sealed = AESGCM(_key(passphrase, salt, SCRYPT)).encrypt(nonce, data, header)
    return MAGIC + len(header).to_bytes(4, "big") + header + sealed


def decrypt(blob: bytes, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    body = blob[len(MAGIC):]
    try:
        size = int.from_bytes(body[:4], "big")
        header_bytes = body[4:4 + size]
        header = json.loads(header_bytes)
        params = {k: int(header[k]) for k in ("n", "r", "p")}
        if params["n"] > 2**20 or params["r"] > 32 or params["p"] > 16:
            raise ValueError("unreasonable key-derivation parameters")
        salt, nonce = bytes.fromhex(header["salt"]), bytes.fromhex(header["nonce"])
        key = _key(passphrase, salt, params)
        return AESGCM(key).decrypt(nonce, body[4 + size:], header_bytes)
    except InvalidTag as exc:
        raise WrongPassphrase("wrong passphrase, or the file was damaged") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise WrongPassphrase("the encrypted bundle's header is damaged") from exc
