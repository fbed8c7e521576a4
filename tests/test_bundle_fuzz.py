"""Damaged bundles of every kind: a clear BundleError, never a traceback, the database untouched."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from factories import make_case, make_inspection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_merge import content

from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.bundles.importer import apply_import, parse_bundle, plan_import
from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, open_workspace

FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


class Target:
    """The lead's database that every damaged bundle is thrown at, restored if one applies."""

    def __init__(self, tmp: Path, registry) -> None:
        self.tmp, self.registry = tmp, registry
        source = open_workspace(tmp / "source.sqlite", user="Sender", registry=registry, create=True, plaintext=True)
        info = make_inspection(source, "ilacs@2023")
        case = make_case(source, info.id)
        for i in range(3):
            item = evidence.add_evidence(source, info.id, text=f"Item {i} – “quoted”", area_key="leaders",
                                         polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE,
                                         case_id=case.id, tags=["x"])
        evidence.add_attachment_bytes(source, item.id, "a.txt", b"attachment body")
        self.bundle = tmp / "good.inspbundle"
        export_bundle(source, info.id, self.bundle)
        source.close()
        self.blob = self.bundle.read_bytes()
        self.pristine = tmp / "pristine.sqlite"
        lead = open_workspace(self.pristine, user="Lead", registry=registry, create=True, plaintext=True)
        make_inspection(lead, "ilacs@2023", authority="Other")
        lead.close()
        self.path = tmp / "lead.sqlite"
        shutil.copyfile(self.pristine, self.path)
        self.ws = open_workspace(self.path, user="Lead", registry=registry, create=True, plaintext=True)
        self.snapshot = content(self.ws)

    def throw(self, blob: bytes) -> None:
        try:
            bundle = parse_bundle(blob, None, "fuzz.inspbundle")
            plan = plan_import(self.ws, bundle)
            apply_import(self.ws, plan, default="theirs")
        except BundleError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            assert content(self.ws) == self.snapshot, "a refused bundle changed the database"
            return
        self.ws.close()  # it was still a valid bundle and applied: start again from a clean copy
        shutil.copyfile(self.pristine, self.path)
        self.ws = open_workspace(self.path, user="Lead", registry=self.registry, create=True, plaintext=True)


@pytest.fixture(scope="module")
def target(tmp_path_factory, registry):
    made = Target(tmp_path_factory.mktemp("fuzz"), registry)
    yield made
    made.ws.close()


def _rezip(blob: bytes, data: object) -> bytes:
    """The bundle with data.json replaced and its checksum made to match, to reach deeper checks."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    payload = json.dumps(data).encode()
    manifest = json.loads(source.read("manifest.json"))
    manifest["checksums"]["data.json"] = hashlib.sha256(payload).hexdigest()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            archive.writestr(name, json.dumps(manifest) if name == "manifest.json"
                             else payload if name == "data.json" else source.read(name))
    return out.getvalue()


@FUZZ
@given(cut=st.integers(min_value=0, max_value=10**6))
def test_truncated_bundles(target, cut):
    target.throw(target.blob[: cut % len(target.blob)])


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(min_value=0, max_value=10**6), st.integers(1, 255)),
                      min_size=1, max_size=6))
def test_bytes_flipped(target, flips):
    blob = bytearray(target.blob)
    for position, value in flips:
        blob[position % len(blob)] ^= value
    target.throw(bytes(blob))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6)


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(choice=st.data())
def test_json_content_mutated_with_valid_checksums(target, choice):
    data = json.loads(zipfile.ZipFile(io.BytesIO(target.blob)).read("data.json"))
    table = choice.draw(st.sampled_from(sorted(data)))
    rows = data[table]
    action = choice.draw(st.sampled_from(["replace_table", "drop_key", "set_value", "drop_row"]))
    if action == "replace_table" or not rows:
        data[table] = choice.draw(JSON_VALUES)
    else:
        row = rows[choice.draw(st.integers(0, len(rows) - 1))]
        if action == "drop_row":
            rows.remove(row)
        else:
            key = choice.draw(st.sampled_from(sorted(row)))
            if action == "drop_key":
                del row[key]
            else:
                row[key] = choice.draw(JSON_VALUES)
    target.throw(_rezip(target.blob, data))


def test_not_a_bundle_at_all(target, tmp_path):
    for blob in (b"", b"hello", b"PK\x03\x04", b"%PDF-1.7\n", b"INSPECTOR-APP-BUNDLE-ENCRYPTED\n\x00"):
        target.throw(blob)
