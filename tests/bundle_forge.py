"""Taking a bundle apart and putting a doctored one back together, signed as its sender would sign it.

An inspector on the roster can doctor their own bundle and sign it with their own key: the tests
re-sign every structured mutation so it reaches the importer's deeper checks (scope, validation,
trust), not just the signature check.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class Forger:
    def __init__(self, blob: bytes, seed: bytes | None) -> None:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        self.raw_manifest = archive.read("manifest.json")
        self.manifest: dict[str, Any] = json.loads(self.raw_manifest)
        self.data: dict[str, Any] = json.loads(archive.read("data.json"))
        self.files = {n: archive.read(n) for n in archive.namelist() if n.startswith("attachments/")}
        self.key = Ed25519PrivateKey.from_private_bytes(seed) if seed else None

    def copy_data(self) -> dict[str, Any]:
        return json.loads(json.dumps(self.data))

    def build(self, data: Any = None, *, manifest_edit: Callable[[dict[str, Any]], None] | None = None,
              files: dict[str, bytes] | None = None, raw_data: bytes | None = None, sign: bool = True,
              extra: dict[str, bytes] | None = None, keep_manifest: bool = False) -> bytes:
        payload = raw_data if raw_data is not None else json.dumps(self.data if data is None else data).encode()
        files = self.files if files is None else files
        manifest = json.loads(json.dumps(self.manifest))
        manifest["checksums"] = {"data.json": hashlib.sha256(payload).hexdigest(),
                                 **{n: hashlib.sha256(b).hexdigest() for n, b in files.items()}}
        if manifest_edit:
            manifest_edit(manifest)
        raw_manifest = self.raw_manifest if keep_manifest else json.dumps(manifest).encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", raw_manifest)
            archive.writestr("data.json", payload)
            if sign and self.key is not None:
                public = self.key.public_key().public_bytes_raw().hex()
                archive.writestr("signature.json", json.dumps(
                    {"public_key": public, "signature": self.key.sign(raw_manifest).hex()}))
            for name, blob in files.items():
                archive.writestr(name, blob)
            for name, blob in (extra or {}).items():
                archive.writestr(name, blob)
        return out.getvalue()
