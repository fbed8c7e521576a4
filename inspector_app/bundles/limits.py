"""How big a bundle may be, and reading its ZIP without trusting what the ZIP says about itself.

Every limit is checked before the bytes are held: the file's size before it is read, each member's
name against the few a bundle has (no folders, no ``..``, no duplicates), and each member is
inflated through a bounded read, so a ZIP that lies about its sizes (a zip bomb) stops at the limit.
Together they keep an import's memory under the ceiling stated in docs/bundle-format.md.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

MAX_BUNDLE_BYTES = 100 * 2**20  # the file as sent (encrypted or not)
MAX_DATA_BYTES = 24 * 2**20  # data.json, unpacked: about 100 MB once parsed
MAX_MANIFEST_BYTES = 256 * 2**10
MAX_SIGNATURE_BYTES = 4 * 2**10
MAX_ATTACHMENT_BYTES = 50 * 2**20  # the same limit as attaching a file in the window
MAX_UNPACKED_BYTES = 120 * 2**20  # all members together, unpacked
MAX_MEMBERS = 5_000
MAX_JSON_DEPTH = 8  # of any value an audit event's changes hold
_ATTACHMENT = re.compile(r"attachments/[0-9a-f]{64}")
_FIXED = {"manifest.json": MAX_MANIFEST_BYTES, "data.json": MAX_DATA_BYTES, "signature.json": MAX_SIGNATURE_BYTES}


class LimitExceeded(Exception):
    """The bundle breaks a limit; the message says which, in words for a person."""


class NotABundle(Exception):
    """The ZIP holds a member a bundle never has."""


def member_limit(name: str) -> int | None:
    """The most bytes the member may unpack to, or None if no bundle has a member of that name."""
    if name in _FIXED:
        return _FIXED[name]
    return MAX_ATTACHMENT_BYTES if _ATTACHMENT.fullmatch(name) else None


def read_members(blob: bytes) -> dict[str, bytes]:
    """Every member of the bundle's ZIP, each read through a bounded inflate.

    Raises :class:`LimitExceeded`, :class:`NotABundle`, or zipfile/zlib errors for a damaged file.
    """
    if len(blob) > MAX_BUNDLE_BYTES:
        raise LimitExceeded(f"it is larger than {MAX_BUNDLE_BYTES // 2**20} MB")
    archive = zipfile.ZipFile(io.BytesIO(blob))
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise LimitExceeded(f"it holds more than {MAX_MEMBERS} files")
    out: dict[str, bytes] = {}
    total = 0
    for info in infos:
        limit = member_limit(info.filename)
        if limit is None or info.filename in out:
            raise NotABundle("it holds a file a bundle never has")
        if info.flag_bits & 0x1:
            raise NotABundle("it holds a file a bundle never has")
        if info.file_size > limit:
            raise LimitExceeded(f"{info.filename} is larger than {limit // 2**10} KB unpacked")
        with archive.open(info) as handle:
            content = handle.read(limit + 1)
        if len(content) > limit:
            raise LimitExceeded(f"{info.filename} is larger than {limit // 2**10} KB unpacked")
        total += len(content)
        if total > MAX_UNPACKED_BYTES:
            raise LimitExceeded(f"it is larger than {MAX_UNPACKED_BYTES // 2**20} MB unpacked")
        out[info.filename] = content
    return out


ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, KeyError,
              NotImplementedError, RuntimeError, OverflowError, MemoryError)


def too_deep(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a JSON value nests deeper than ``limit``, checked without recursion."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False
