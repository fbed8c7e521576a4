"""The ZIP limits and the key-derivation whitelist as pure functions (fast, for mutation testing too)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from inspector_app.bundles import crypto, limits


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, blob in members:
            archive.writestr(name, blob)
    return out.getvalue()


def test_member_names_and_their_limits():
    assert limits.member_limit("manifest.json") == limits.MAX_MANIFEST_BYTES
    assert limits.member_limit("data.json") == limits.MAX_DATA_BYTES
    assert limits.member_limit("signature.json") == limits.MAX_SIGNATURE_BYTES
    assert limits.member_limit("attachments/" + "a" * 64) == limits.MAX_ATTACHMENT_BYTES
    for name in ("attachments/" + "A" * 64, "attachments/" + "a" * 63, "attachments/../x", "x/data.json",
                 "../data.json", "attachments/" + "a" * 64 + "/", "DATA.JSON"):
        assert limits.member_limit(name) is None, name


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # the doctored archive repeats a member on purpose
def test_members_are_read_within_their_limits():
    members = limits.read_members(_zip([("manifest.json", b"{}"), ("data.json", b"[]")]))
    assert members == {"manifest.json": b"{}", "data.json": b"[]"}
    exact = b"x" * limits.MAX_SIGNATURE_BYTES
    assert limits.read_members(_zip([("signature.json", exact)]))["signature.json"] == exact
    with pytest.raises(limits.LimitExceeded, match=r"signature\.json is larger than 4 KB"):
        limits.read_members(_zip([("signature.json", exact + b"x")]))
    with pytest.raises(limits.NotABundle):
        limits.read_members(_zip([("data.json", b"[]"), ("data.json", b"[]")]))
    with pytest.raises(limits.NotABundle):
        limits.read_members(_zip([("notes.txt", b"")]))
    with pytest.raises(limits.LimitExceeded, match="larger than 100 MB"):
        limits.read_members(b"x" * (limits.MAX_BUNDLE_BYTES + 1))


def test_a_zip_that_lies_about_sizes_stops_at_the_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_SIGNATURE_BYTES", 10)
    monkeypatch.setitem(limits._FIXED, "signature.json", 10)
    blob = bytearray(_zip([("signature.json", b"y" * 50)], zipfile.ZIP_STORED))
    for header in (b"PK\x03\x04", b"PK\x01\x02"):  # say 5 bytes in both headers; 50 are there
        at = blob.find(header)
        offset = at + (22 if header == b"PK\x03\x04" else 24)
        blob[offset:offset + 4] = (5).to_bytes(4, "little")
    with pytest.raises((limits.LimitExceeded, *limits.ZIP_ERRORS)):
        limits.read_members(bytes(blob))


def test_totals_and_counts(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 5)
    with pytest.raises(limits.LimitExceeded, match="unpacked"):
        limits.read_members(_zip([("manifest.json", b"abc"), ("data.json", b"abc")]))
    assert limits.read_members(_zip([("manifest.json", b"ab"), ("data.json", b"abc")]))
    monkeypatch.setattr(limits, "MAX_MEMBERS", 1)
    with pytest.raises(limits.LimitExceeded, match="more than 1 files"):
        limits.read_members(_zip([("manifest.json", b""), ("data.json", b"")]))


def test_nesting_depth_is_measured_without_recursion():
    assert not limits.too_deep("x") and not limits.too_deep({"a": [1, 2]})
    deep: object = "x"
    for _ in range(8):
        deep = [deep]
    assert not limits.too_deep(deep)
    assert limits.too_deep([deep])
    assert limits.too_deep({"a": {"b": {"c": 1}}}, limit=2) and not limits.too_deep({"a": {"b": 1}}, limit=2)
    very: object = []
    for _ in range(100_000):
        very = [very]
    assert limits.too_deep(very)


SALT, NONCE = "00" * 16, "00" * 12


def _blob(header: object, body: bytes = b"\x00" * 32) -> bytes:
    raw = json.dumps(header).encode()
    return crypto.MAGIC + len(raw).to_bytes(4, "big") + raw + body


def test_the_whitelist_decides_the_key_derivation(monkeypatch):
    kdf, salt, nonce, header, sealed = crypto.read_header(
        _blob({"v": 2, "kdf": "argon2id", "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM"}))
    assert kdf is crypto.KDF_VERSIONS[2] and salt == bytes(16) and nonce == bytes(12) and sealed == b"\x00" * 32
    old = {"kdf": "scrypt", "n": 2**15, "r": 8, "p": 1, "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM"}
    assert crypto.read_header(_blob(old))[0] is crypto.KDF_VERSIONS[1]
    for bad in (dict(old, n=2**16), dict(old, r=9), dict(old, p=2), dict(old, n=float(2**15)), dict(old, v=1)):
        with pytest.raises(crypto.DamagedHeader):
            crypto.read_header(_blob(bad))
    with pytest.raises(crypto.DamagedHeader, match="does not know"):
        crypto.read_header(_blob({"v": 99, "kdf": "argon2id", "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM"}))
    with pytest.raises(crypto.DamagedHeader, match="not ones Inspector App writes"):
        crypto.read_header(_blob(dict(old, n=-1)))
    assert crypto.KDF_VERSIONS[2].params == {"time_cost": 3, "memory_cost": 65536, "parallelism": 2}
    assert crypto.CURRENT_VERSION == 2


def test_round_trips_and_wrong_passphrases(monkeypatch):
    monkeypatch.setitem(crypto.KDF_VERSIONS, 99, crypto.Kdf("argon2id", {"time_cost": 1, "memory_cost": 8,
                                                                         "parallelism": 1}))
    sealed = crypto.encrypt(b"zip bytes", "right", 99)
    assert crypto.is_encrypted(sealed) and crypto.decrypt(sealed, "right") == b"zip bytes"
    with pytest.raises(crypto.WrongPassphrase) as caught:
        crypto.decrypt(sealed, "wrong")
    assert not isinstance(caught.value, crypto.DamagedHeader)
    header = json.loads(sealed[len(crypto.MAGIC) + 4:len(crypto.MAGIC) + 4 + int.from_bytes(
        sealed[len(crypto.MAGIC):len(crypto.MAGIC) + 4], "big")])
    assert header == {"v": 99, "kdf": "argon2id", "salt": header["salt"], "nonce": header["nonce"],
                      "cipher": "AES-256-GCM"}
    assert crypto.derive_key("p", b"s" * 16, crypto.KDF_VERSIONS[1]) != crypto.derive_key(
        "p", b"t" * 16, crypto.KDF_VERSIONS[1])
    assert len(crypto.derive_key("p", b"s" * 16, crypto.KDF_VERSIONS[99])) == 32


NOT_A_BUNDLE = "it holds a file a bundle never has"


def _flag_encrypted(blob: bytes) -> bytes:
    """Set the 'encrypted' flag bit (bit 0) of every member, in both the local and the central header."""
    out = bytearray(blob)
    for header, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(header)
        out[at + offset] |= 0x1
    return bytes(out)


@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # the doctored archive repeats a member on purpose
def test_every_limit_is_inclusive_and_every_refusal_says_which(monkeypatch):
    blob = _zip([("manifest.json", b"{}"), ("data.json", b"[]")])
    monkeypatch.setattr(limits, "MAX_BUNDLE_BYTES", len(blob))
    assert limits.read_members(blob)
    monkeypatch.setattr(limits, "MAX_BUNDLE_BYTES", len(blob) - 1)
    with pytest.raises(limits.LimitExceeded) as refused:
        limits.read_members(blob)
    assert str(refused.value) == "it is larger than 0 MB"
    monkeypatch.setattr(limits, "MAX_BUNDLE_BYTES", 100 * 2**20)
    monkeypatch.setattr(limits, "MAX_MEMBERS", 2)
    assert limits.read_members(blob)
    for members in ([("notes.txt", b"")], [("data.json", b"[]"), ("data.json", b"[]")]):
        with pytest.raises(limits.NotABundle) as refused:
            limits.read_members(_zip(members))
        assert str(refused.value) == NOT_A_BUNDLE
    with pytest.raises(limits.NotABundle) as refused:
        limits.read_members(_flag_encrypted(_zip([("data.json", b"[]")], zipfile.ZIP_STORED)))
    assert str(refused.value) == NOT_A_BUNDLE
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 3 * 2**20)
    with pytest.raises(limits.LimitExceeded) as refused:
        limits.read_members(_zip([("data.json", b"0" * (3 * 2**20 + 1))]))
    assert str(refused.value) == "it is larger than 3 MB unpacked"
    assert limits.read_members(_zip([("data.json", b"0" * (3 * 2**20))]))


def test_a_zip_reader_that_gives_more_than_the_header_said_is_still_stopped(monkeypatch):
    asked: list[int | None] = []

    class Generous(io.BytesIO):
        def __enter__(self):  # type: ignore[no-untyped-def]
            return self

        def read(self, size: int | None = -1) -> bytes:  # type: ignore[override]
            asked.append(size)
            return super().read(size)

    blob = _zip([("signature.json", b"{}")])
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, info: Generous(b"x" * (8 * 2**10)))
    with pytest.raises(limits.LimitExceeded) as refused:
        limits.read_members(blob)
    assert str(refused.value) == "signature.json is larger than 4 KB unpacked"
    assert asked == [limits.MAX_SIGNATURE_BYTES + 1]  # never more than one byte past the limit is held


def _sized(header: dict[str, object], size: int) -> bytes:
    raw = json.dumps(header).encode()
    return raw + b" " * (size - len(raw))  # JSON allows trailing spaces: a header of exactly ``size`` bytes


def test_the_header_frame_is_checked_to_the_byte():
    damaged = "the encrypted bundle's header is damaged"
    header = {"v": 2, "kdf": "argon2id", "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM"}
    exact = _sized(header, crypto.MAX_HEADER_BYTES)
    frame = crypto.MAGIC + len(exact).to_bytes(4, "big") + exact
    assert crypto.read_header(frame + b"t" * 16)[4] == b"t" * 16  # only the tag: the shortest there can be
    too_big = _sized(header, crypto.MAX_HEADER_BYTES + 1)
    for blob in (frame + b"t" * 15, crypto.MAGIC + len(too_big).to_bytes(4, "big") + too_big + b"t" * 64,
                 crypto.MAGIC + b"\x00\x00", crypto.MAGIC + bytes(4) + b"t" * 64,
                 _blob(header, b"t" * 15), _blob(dict(header, salt=5)), _blob(dict(header, nonce="00" * 11)),
                 _blob(dict(header, salt="zz" * 16)), _blob([header]), _blob(dict(header, cipher="AES-128-GCM")),
                 _blob(dict(header, kdf="scrypt")), crypto.MAGIC + (3).to_bytes(4, "big") + b"{{{" + b"t" * 16):
        with pytest.raises(crypto.DamagedHeader) as refused:
            crypto.read_header(blob)
        assert str(refused.value) == damaged, blob[:60]
    for version in (2.0, True, "2"):
        with pytest.raises(crypto.DamagedHeader) as refused:
            crypto.read_header(_blob(dict(header, v=version)))
        assert str(refused.value) == ("the encrypted bundle uses an encryption setting this version of Inspector "
                                      "App does not know; update the app or ask for a new export")
    old = {"kdf": "scrypt", "n": 2**14, "r": 8, "p": 1, "salt": SALT, "nonce": NONCE, "cipher": "AES-256-GCM"}
    with pytest.raises(crypto.DamagedHeader) as refused:
        crypto.read_header(_blob(old))
    assert str(refused.value) == ("the encrypted bundle's key-derivation settings are not ones Inspector App "
                                  "writes; it is refused")


def test_both_formats_are_written_and_read_back(monkeypatch):
    monkeypatch.setitem(crypto.KDF_VERSIONS, 2, crypto.Kdf("argon2id", {"time_cost": 1, "memory_cost": 8,
                                                                        "parallelism": 1}))

    def header_of(sealed: bytes) -> dict[str, object]:
        size = int.from_bytes(sealed[len(crypto.MAGIC):len(crypto.MAGIC) + 4], "big")
        return json.loads(sealed[len(crypto.MAGIC) + 4:len(crypto.MAGIC) + 4 + size])

    current = crypto.encrypt(b"zip bytes", "right")
    assert header_of(current)["v"] == crypto.CURRENT_VERSION == 2
    first = crypto.encrypt(b"zip bytes", "right", 1)  # the first format, as old bundles have it
    assert set(header_of(first)) == {"kdf", "n", "r", "p", "salt", "nonce", "cipher"}
    assert (header_of(first)["n"], header_of(first)["r"], header_of(first)["p"]) == (2**15, 8, 1)
    for sealed in (current, first):
        assert crypto.decrypt(sealed, "right") == b"zip bytes"
        with pytest.raises(crypto.WrongPassphrase) as refused:
            crypto.decrypt(sealed, "wrong")
        assert str(refused.value) == "wrong passphrase, or the file was damaged"
    assert len(crypto.derive_key("p", b"s" * 16, crypto.KDF_VERSIONS[1])) == 32
