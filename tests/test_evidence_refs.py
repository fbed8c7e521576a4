"""Evidence references (``AA-5``): given where an item is made, the same on every laptop, in every document.

Two inspectors and their lead are built once (tests/templates.py): the lead sends the inspection out, Amir
and Priya record evidence on their own laptops, the lead merges both bundles and sends the result back to
Amir. Each test then reads those files or a copy of the lead's database from before the merge.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import enrol, make_inspection
from pypdf import PdfReader
from templates import copy_of, template

from inspector_app.bundles import importer
from inspector_app.bundles.evidence_refs import RefClash, fill_and_check
from inspector_app.bundles.export import BundleError, export_bundle
from inspector_app.bundles.importer import parse_bundle, plan_import
from inspector_app.domain.enums import EvidenceSource, FindingKind, Polarity, TeamRole
from inspector_app.domain.refs import format_ref, ref_prefix, ref_sort_key
from inspector_app.frameworks import load_registry
from inspector_app.reports import ExportOptions, export_document
from inspector_app.services import Workspace, evidence, findings, open_workspace, validation
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.services.workspace import ValidationError
from inspector_app.storage import integrity

TEAM = [("Lena Lead", "LL", TeamRole.LEAD), ("Amir Ahmed", "AA", TeamRole.TEAM), ("Priya Rao", "PR", TeamRole.TEAM)]
_FACTORY: list[pytest.TempPathFactory] = []


@pytest.fixture(scope="module", autouse=True)
def _factory(tmp_path_factory: pytest.TempPathFactory) -> None:
    _FACTORY[:] = [tmp_path_factory]


def _add(ws: Workspace, inspection_id: int, text: str) -> Any:
    return evidence.add_evidence(ws, inspection_id, text=text, area_key="leaders", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))


def _merge(ws: Workspace, path: Path, **kw: Any) -> int:
    return importer.apply_import(ws, plan_import(ws, importer.read_bundle(path)), backed_up=True, **kw).inspection_id


def _build(folder: Path) -> None:
    registry = load_registry(None)

    def laptop(name: str, user: str) -> Workspace:
        return open_workspace(folder / name, user=user, registry=registry, create=True, plaintext=True)

    lead, amir, priya = laptop("lead.sqlite", "Lena Lead"), laptop("amir.sqlite", "Amir Ahmed"), \
        laptop("priya.sqlite", "Priya Rao")
    info = make_inspection(lead, team=TEAM)
    first = _add(lead, info.id, "The lead's first item.")
    enrol(lead, info.id, amir)
    enrol(lead, info.id, priya)
    for ws in (amir, priya):
        export_bundle(lead, info.id, folder / f"to-{ws.user}.inspbundle", recipient=ws.user)
        _merge(ws, folder / f"to-{ws.user}.inspbundle")
    amir_id = evidence.find_evidence(amir, 1)[0].inspection_id
    for n in range(1, 4):
        _add(amir, amir_id, f"Amir's item {n}.")
    [lead_item_at_amir] = [e for e in evidence.find_evidence(amir, amir_id) if e.uuid == first.uuid]
    evidence.update_evidence(amir, lead_item_at_amir.id, text="Amir's wording of the lead's item.")
    priya_id = evidence.find_evidence(priya, 1)[0].inspection_id
    for n in range(1, 3):
        _add(priya, priya_id, f"Priya's item {n}.")
    export_bundle(amir, amir_id, folder / "from-amir.inspbundle", recipient="Lena Lead")
    export_bundle(priya, priya_id, folder / "from-priya.inspbundle", recipient="Lena Lead")
    priya.close()
    lead.close()
    shutil.copyfile(folder / "lead.sqlite", folder / "lead-before.sqlite")  # closed: the file is whole
    lead = open_workspace(folder / "lead.sqlite", user="Lena Lead", registry=registry)
    _merge(lead, folder / "from-amir.inspbundle")
    _merge(lead, folder / "from-priya.inspbundle")
    export_bundle(lead, info.id, folder / "back-to-amir.inspbundle", recipient="Amir Ahmed")
    _merge(amir, folder / "back-to-amir.inspbundle")
    lead.close()
    amir.close()
    (folder / "ids.json").write_text(json.dumps({"inspection": info.id}), encoding="utf-8")


def _folder() -> Path:
    return template(_FACTORY[0], "evidence-refs", _build, __file__)


def _refs(path: Path) -> dict[str, tuple[str, str]]:
    """Each item's uuid: (reference, text), read straight from a laptop's file."""
    with sqlite3.connect(path) as con:
        return {u: (r, t) for u, r, t in con.execute("SELECT uuid, ref, text FROM evidence")}


@pytest.fixture
def lead_before() -> Iterator[Callable[..., Workspace]]:
    """A copy of the lead's database from before the merge, opened as ``user``."""
    opened: list[Workspace] = []

    def open_copy(user: str = "Lena Lead") -> Workspace:
        ws = open_workspace(copy_of(_FACTORY[0], _folder() / "lead-before.sqlite"), user=user,
                            registry=load_registry(None))
        opened.append(ws)
        return ws

    yield open_copy
    for ws in opened:
        ws.close()


# -- the references themselves --------------------------------------------------------------------------------

def test_a_reference_is_the_initials_and_a_number_read_in_order():
    assert ref_prefix("aa", "Amir Ahmed") == "AA" and ref_prefix("", "Priya van Rao") == "PVR"
    assert ref_prefix(None, "Jo Anne Bea Cee Dee") == "JABC" and ref_prefix("A.B.", "x") == "AB"
    assert ref_prefix("", "—") == "X"
    assert format_ref("PR", 12) == "PR-12"
    assert sorted(["AA-10", "PR-1", "AA-2"], key=ref_sort_key) == ["AA-2", "AA-10", "PR-1"]


def test_the_shared_rules_refuse_an_empty_or_malformed_reference():
    row = {"uuid": "u", "text": "Seen.", "area_key": "leaders", "source": "case_file", "polarity": "strength",
           "seen_on": "2026-03-03", "descriptors": [], "tags": []}
    assert validation.check_rows("evidence", [row]) == validation.Problem("evidence", 1, "ref", "is missing")
    for bad in ("aa-1", "AA-0", "AA1", "ABCDE-1", "E-0772x"):
        problem = validation.check_rows("evidence", [dict(row, ref=bad)])
        assert problem is not None and problem.field == "ref", bad
    assert validation.check_rows("evidence", [dict(row, ref=" ")]).reason == "is empty"
    assert validation.check_rows("evidence", [dict(row, ref="PR-12")]) is None
    assert validation.repeated_references(["AA-1", "PR-1", "AA-1"]) == {"AA-1"}


def test_two_team_members_cannot_number_their_evidence_with_the_same_initials(ws):
    with pytest.raises(ValidationError, match=r"^Amir Ahmed and Anna Adams would both number their evidence "
                                              r"AA-1, AA-2…: give one of them other initials"):
        make_inspection(ws, team=[*TEAM, ("Anna Adams", "aa", TeamRole.TEAM)])
    make_inspection(ws, team=[*TEAM, ("Anna Adams", "AAD", TeamRole.TEAM)])


# -- two laptops and the lead ----------------------------------------------------------------------------------

def test_every_laptop_names_each_item_by_the_same_reference():
    folder = _folder()
    lead, amir, priya = (_refs(folder / f"{n}.sqlite") for n in ("lead", "amir", "priya"))
    by_text = {text: ref for ref, text in lead.values()}
    assert by_text == {"Amir's wording of the lead's item.": "LL-1", "Amir's item 1.": "AA-1",
                       "Amir's item 2.": "AA-2", "Amir's item 3.": "AA-3", "Priya's item 1.": "PR-1",
                       "Priya's item 2.": "PR-2"}
    for other in (amir, priya):
        assert {u: r for u, (r, _t) in other.items()} == {u: lead[u][0] for u in other}
    assert set(amir) == set(lead), "Amir has Priya's items from the lead, under Priya's references"


def test_a_bundle_from_before_references_gets_them_numbered_as_its_author_did(lead_before):
    ws = lead_before()
    bundle = parse_bundle((_folder() / "from-amir.inspbundle").read_bytes(), None, "from-amir.inspbundle")
    for row in bundle.data["evidence"]:
        del row["ref"]
    importer.apply_import(ws, plan_import(ws, bundle), backed_up=True)
    at_amir = _refs(_folder() / "amir.sqlite")
    mine = {u: r for u, (r, _t) in _refs(Path(ws.db.path)).items()}
    assert mine == {u: at_amir[u][0] for u in mine}, "numbered here as Amir's laptop numbered them"


def test_an_item_numbered_with_someone_elses_initials_is_refused_in_one_line(lead_before):
    ws = lead_before()
    path = Path(ws.db.path)
    ws.close()
    with sqlite3.connect(path) as con:  # as a team whose two members once shared the initials AA would number
        con.execute("UPDATE evidence SET ref = 'AA-1'")
    before = _refs(path)
    ws = open_workspace(path, user="Lena Lead", registry=load_registry(None))
    try:
        with pytest.raises(BundleError) as refused:
            plan_import(ws, importer.read_bundle(_folder() / "from-amir.inspbundle"))
    finally:
        ws.close()
    assert str(refused.value) == (
        "This bundle's evidence item AA-1 is a different item from AA-1 here (two people number their evidence "
        "with the same initials); it is refused and nothing was imported. Give each team member their own "
        "initials (docs/bundle-format.md, Evidence references).")
    assert _refs(path) == before


def test_a_copy_kept_of_a_conflicting_item_is_numbered_as_the_person_merging(lead_before):
    ws = lead_before()
    [lead_item] = evidence.find_evidence(ws, 1)
    evidence.update_evidence(ws, lead_item.id, text="The lead's second wording.")
    _merge(ws, _folder() / "from-amir.inspbundle", default="both")
    refs = {t: r for r, t in _refs(Path(ws.db.path)).values()}
    assert refs["The lead's second wording."] == "LL-1"
    assert refs["Amir's wording of the lead's item."] == "LL-2"
    assert _add(ws, 1, "After the merge.").ref == "LL-3"


def test_a_copy_kept_is_numbered_past_the_new_items_the_same_bundle_brings(lead_before):
    ws = lead_before("Amir Ahmed")  # as a laptop restored from before Amir's items: the bundle brings AA-1 to AA-3
    [lead_item] = evidence.find_evidence(ws, 1)
    evidence.update_evidence(ws, lead_item.id, text="Amir's restored wording.")
    _merge(ws, _folder() / "from-amir.inspbundle", default="both")
    refs = {t: r for r, t in _refs(Path(ws.db.path)).values()}
    assert refs["Amir's wording of the lead's item."] == "AA-4"
    assert [refs[f"Amir's item {n}."] for n in (1, 2, 3)] == ["AA-1", "AA-2", "AA-3"]


def test_a_copy_kept_takes_the_initials_the_team_here_gives_the_person_merging(lead_before):
    ws = lead_before()
    path = Path(ws.db.path)
    ws.close()
    with sqlite3.connect(path) as con:  # Lena's initials on this team are not her name's
        con.execute("UPDATE team_member SET initials = 'LN' WHERE name = 'Lena Lead'")
    ws = open_workspace(path, user="Lena Lead", registry=load_registry(None))
    try:
        [lead_item] = evidence.find_evidence(ws, 1)
        evidence.update_evidence(ws, lead_item.id, text="The lead's second wording.")
        _merge(ws, _folder() / "from-amir.inspbundle", default="both")
    finally:
        ws.close()
    assert {t: r for r, t in _refs(path).values()}["Amir's wording of the lead's item."] == "LN-1"


def test_an_update_keeps_the_reference_held_here_whatever_the_bundle_says(lead_before):
    ws = lead_before()
    bundle = parse_bundle((_folder() / "from-amir.inspbundle").read_bytes(), None, "from-amir.inspbundle")
    [lead_row] = [r for r in bundle.data["evidence"] if r["ref"] == "LL-1"]
    lead_row["ref"] = "LL-7"  # doctored: a reference never changes once given
    importer.apply_import(ws, plan_import(ws, bundle), backed_up=True)
    assert _refs(Path(ws.db.path))[lead_row["uuid"]] == ("LL-1", "Amir's wording of the lead's item.")


def test_a_deleted_items_number_is_not_given_again_and_new_numbers_follow_those_merged(lead_before):
    ws = lead_before("Amir Ahmed")  # Amir's numbers, brought to this laptop, are passed
    _merge(ws, _folder() / "from-amir.inspbundle")
    newest = _add(ws, 1, "Amir's fourth item.")
    assert newest.ref == "AA-4"
    evidence.delete_evidence(ws, newest.id)
    assert _add(ws, 1, "Amir's fifth item.").ref == "AA-5"


def test_a_first_import_passes_the_counters_on_so_a_deleted_items_number_is_not_given_again(tmp_path):
    ws = open_workspace(tmp_path / "fresh.sqlite", user="Amir Ahmed", registry=load_registry(None), create=True,
                        plaintext=True)  # as Amir's new laptop, receiving his own work
    try:
        inspection_id = _merge(ws, _folder() / "from-amir.inspbundle", accept_unknown_signer=True)
        [third] = [e for e in evidence.find_evidence(ws, inspection_id) if e.ref == "AA-3"]
        evidence.delete_evidence(ws, third.id)
        assert _add(ws, inspection_id, "Amir's fourth item.").ref == "AA-4"
    finally:
        ws.close()


def test_search_finds_an_item_by_its_reference(lead_before):
    ws = lead_before()
    _merge(ws, _folder() / "from-amir.inspbundle")
    ids = evidence.evidence_ids(ws, 1, EvidenceFilter(query=" aa-2 "))
    assert [e.text for e in evidence.evidence_rows(ws, ids)] == ["Amir's item 2."]
    assert evidence.count_evidence(ws, 1, EvidenceFilter(query="AA-2")) == 1
    assert evidence.evidence_ids(ws, 1, EvidenceFilter(query="AA-9")) == []


def test_check_reports_an_item_without_a_reference(lead_before):
    ws = lead_before()
    path = Path(ws.db.path)
    ws.close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE evidence SET ref = ''")
    found = {f.check: f for f in integrity.check_file(path, None).findings}
    assert found["evidence references are filled in and unique within each inspection"].ok is False


# -- a bundle's references filled in and checked, row by row (bundles/evidence_refs.py) ---------------------

AMIR, NEW = "Amir Ahmed", [f"{n:08x}-0000-4000-8000-000000000000" for n in range(1, 6)]


def _item(uuid: str, by: Any = AMIR, at: str = "2026-03-04T10:00:00", **ref: Any) -> dict[str, Any]:
    return {"uuid": uuid, "created_by": by, "created_at": at, **ref}


def _fill(ws: Workspace, data: dict[str, Any], here: bool = True) -> list[Any]:
    """Each evidence row's reference after :func:`fill_and_check`, for the lead's inspection or a new one."""
    inspection = json.loads((_folder() / "ids.json").read_text("utf-8"))["inspection"] if here else None
    with ws.db.read_session() as session:
        fill_and_check(session, data, inspection)
    return [row.get("ref") for row in data.get("evidence", [])]


def _lead_item(ws: Workspace) -> str:
    [item] = evidence.find_evidence(ws, 1)
    assert item.ref == "LL-1"
    return item.uuid


def test_an_item_held_here_keeps_its_reference_and_items_without_one_are_numbered(lead_before):
    ws = lead_before()
    rows = [_item(_lead_item(ws)), _item(NEW[0], ref="", at="2026-03-04T10:01:00"),
            _item(NEW[1], ref=None, at="2026-03-04T10:02:00"), _item(NEW[2], ref="AA-7", at="2026-03-04T10:00:00")]
    assert _fill(ws, {"evidence": rows, "team_member": []}) == ["LL-1", "AA-8", "AA-9", "AA-7"]


def test_the_initials_are_the_team_held_heres_then_the_bundles_then_the_name(lead_before):
    ws = lead_before()
    team = [{"name": "amir ahmed ", "initials": "AM"}, {"name": "Nadia Noor", "initials": "NX"},
            {"name": "Omar Odi", "initials": ""}, {"name": "Zed Ziff"}, {"initials": "QX"},
            {"name": "Xxxx", "initials": "XQ"}]  # an author that is not text is nobody, not someone so named
    authors = [AMIR, "Nadia Noor", " omar odi", "Zed Ziff", "Quentin Quill", None, 5]
    rows = [_item(NEW[0][:-1] + str(n), by=by) for n, by in enumerate(authors)]
    assert _fill(ws, {"evidence": rows, "team_member": team}) == ["AA-1", "NX-1", "OO-1", "ZZ-1", "QQ-1", "X-1",
                                                                  "X-2"]
    fresh = [_item(NEW[0], by=AMIR), _item(NEW[1], by="Nadia Noor")]  # a new inspection: only the bundle's team
    assert _fill(ws, {"evidence": fresh, "team_member": team}, here=False) == ["AM-1", "NX-1"]


def test_items_made_at_one_moment_are_numbered_in_the_order_of_their_uuids(lead_before):
    ws = lead_before()
    assert _fill(ws, {"evidence": [_item(NEW[1]), _item(NEW[0])], "team_member": []}) == ["AA-2", "AA-1"]


def test_numbers_follow_the_counters_here_and_the_references_the_bundle_brings(lead_before):
    ws = lead_before()
    path = Path(ws.db.path)
    ws.close()
    with sqlite3.connect(path) as con:  # Priya's items 1 to 4 were merged here and deleted since
        con.execute("INSERT INTO evidence_ref_counter (inspection_id, prefix, last) VALUES (?, 'PR', 4)",
                    (json.loads((_folder() / "ids.json").read_text("utf-8"))["inspection"],))
    ws = open_workspace(path, user="Lena Lead", registry=load_registry(None))
    try:
        rows = [_item(NEW[0], ref="AA-12"), _item(NEW[1]), _item(NEW[2], by="Priya Rao"), _item(NEW[3], by="Lena Lead")]
        assert _fill(ws, {"evidence": rows, "team_member": []}) == ["AA-12", "AA-13", "PR-5", "LL-2"]
    finally:
        ws.close()


def test_a_bundle_without_evidence_or_a_team_is_read_as_empty(lead_before):
    ws = lead_before()
    assert _fill(ws, {}) == []
    assert _fill(ws, {"evidence": [_item(NEW[0])]}) == ["AA-1"]


def test_a_clash_names_the_new_items_reference_not_one_a_row_held_here_claims(lead_before):
    ws = lead_before()
    rows = [_item(_lead_item(ws), ref="AA-1"),  # doctored: a reference never changes, and this one is not held here
            _item(NEW[0], ref="LL-1"), _item(NEW[1], ref="AA-1"), _item(NEW[2], ref="AA-1")]
    with pytest.raises(RefClash) as clash:
        _fill(ws, {"evidence": rows, "team_member": []})
    assert (clash.value.ref, clash.value.args) == ("LL-1", ("LL-1",))


# -- documents -------------------------------------------------------------------------------------------------

def test_the_internal_copy_cites_and_lists_the_references_in_pdf_and_word(lead_before, tmp_path):
    from docx import Document

    ws = lead_before()
    _merge(ws, _folder() / "from-amir.inspbundle")
    _merge(ws, _folder() / "from-priya.inspbundle")
    cited = {e.ref: e.id for e in evidence.find_evidence(ws, 1) if e.ref in ("AA-2", "PR-1", "LL-1")}
    findings.add_finding(ws, 1, kind=FindingKind.STRENGTH, area_key="leaders", text="Leaders know their services.",
                         evidence_ids=list(cited.values()))
    options = ExportOptions(internal=True)
    export_document(ws, 1, tmp_path / "r.pdf", options)
    export_document(ws, 1, tmp_path / "r.docx", options)
    pdf = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(tmp_path / "r.pdf").pages))
    word = Document(str(tmp_path / "r.docx"))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    texts = " ".join([p.text for p in word.paragraphs] + cells)
    notes = " ".join(c.text for c in word.comments)
    for text in (pdf, notes):
        assert "Evidence: AA-2, LL-1, PR-1" in text
    for text in (pdf, texts, notes):
        assert not re.search(r"E-\d{4}", text)
    appendix = pdf[pdf.index("Appendix: evidence cited"):]
    assert [m for m in re.findall(r"\b(?:AA|PR|LL)-\d+\b", appendix)][:3] == ["AA-2", "LL-1", "PR-1"]
    assert {"AA-2", "LL-1", "PR-1"} <= set(cells)


def test_a_roster_member_whose_evidence_would_start_with_anothers_letters_is_refused(ws):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from inspector_app.services import roster

    info = make_inspection(ws, team=TEAM)

    def key(n: int) -> str:
        return Ed25519PrivateKey.from_private_bytes(bytes([n]) * 32).public_key().public_bytes_raw().hex()

    with pytest.raises(ValidationError, match=r"^Amir Ahmed and Anna Adams would both number their evidence AA-1"):
        roster.add_member(ws, info.id, "Anna Adams", TeamRole.TEAM, key(3))  # not on the team list: her name's
    roster.add_member(ws, info.id, "Amir Ahmed", TeamRole.TEAM, key(4))  # the team's own AA
    roster.add_member(ws, info.id, "Sam Sender", TeamRole.TEAM, key(5))
    with pytest.raises(ValidationError, match=r"^Sam Sender and Sara Smith would both number their evidence SS-1"):
        roster.add_member(ws, info.id, "Sara Smith", TeamRole.TEAM, key(6))
