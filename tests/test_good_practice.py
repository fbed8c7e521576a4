"""Good practice flagged on evidence, collected into an anonymised case study (PDF and Word)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from factories import make_case, make_inspection

from inspector_app.domain.enums import EvidenceSource, Polarity, TeamRole
from inspector_app.reports.case_study import export_case_study
from inspector_app.reports.export import ExportError
from inspector_app.reports.leak_guard import LeakGuard
from inspector_app.services import cases, evidence, good_practice
from inspector_app.services.workspace import ValidationError

TEAM = [("Tess Tester", "TT", TeamRole.LEAD), ("Amir A", "AA", TeamRole.TEAM)]


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def _docx_text(path) -> str:
    from docx import Document

    document = Document(str(path))
    return " ".join(p.text for p in document.paragraphs) + " " + " ".join(
        c.text for t in document.tables for r in t.rows for c in r.cells)


@pytest.fixture
def flagged(ws):
    info = make_inspection(ws, "ilacs@2023", team=TEAM, authority="Testshire", delivery_body="Testshire Futures")
    jb = make_case(ws, info.id, "NM-0042", initials="JB")
    make_case(ws, info.id, "NM-0107", initials="KT")

    def add(text: str, case_id: int | None = None, area: str = "help_protection") -> int:
        return evidence.add_evidence(ws, info.id, text=text, area_key=area, polarity=Polarity.STRENGTH,
                                     source=EvidenceSource.CASE_FILE, case_id=case_id, seen_on=date(2026, 3, 3)).id

    one = add("For NM-0042, JB's social worker met the family within a day and JB chose where to meet.", jb.id)
    two = add("Testshire's edge-of-care team kept NM-0107 at home; K.T. said the worker 'never gave up'.",
              area="children_in_care")
    left_out = add("Supervision records for NM-0042 are reflective.", jb.id, "leaders")
    good_practice.flag(ws, one, "Seeing children quickly")
    good_practice.flag(ws, two, "Edge-of-care support that lasts")
    good_practice.flag(ws, left_out, "Reflective supervision")
    good_practice.include(ws, left_out, False)
    good_practice.save_case_study(ws, info.id, "Keeping children safely at home",
                                  "Testshire Futures supports families early; NM-0107 is one example.")
    return info.id


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_case_study_has_no_case_references_initials_or_authority(ws, flagged, tmp_path, suffix):
    out = export_case_study(ws, flagged, tmp_path / f"case-study{suffix}")
    text = _pdf_text(out) if suffix == ".pdf" else _docx_text(out)
    assert "Good practice case study: Keeping children safely at home" in text
    assert "Seeing children quickly" in text and "Edge-of-care support that lasts" in text
    assert "Reflective supervision" not in text  # flagged but not chosen for the case study
    assert "Child A" in text and "Child B" in text
    for identifying in ("NM-0042", "NM-0107", "Testshire", "K.T.", "March 2026"):
        assert identifying not in text
    for initials in ("JB", "KT"):
        assert not re.search(rf"\b{initials}\b", text)
    assert "A local authority in England" in text


def test_the_case_study_suffix_follows_its_format_and_an_existing_file_is_replaced_only_when_asked(ws, flagged,
                                                                                                   tmp_path):
    from inspector_app.reports.export import FileExists

    earlier = tmp_path / "study.pdf"
    earlier.write_bytes(b"%PDF-1.7 exported earlier")
    written = export_case_study(ws, flagged, earlier, "docx", replace=False)
    assert written == tmp_path / "study.docx" and _docx_text(written)
    assert earlier.read_bytes() == b"%PDF-1.7 exported earlier"
    with pytest.raises(FileExists):
        export_case_study(ws, flagged, written, replace=False)
    assert export_case_study(ws, flagged, tmp_path / "study", "pdf") == tmp_path / "study.pdf"


def test_cli_case_study_refuses_to_overwrite_without_force(db_location, ws, flagged, tmp_path, capsys):
    from inspector_app.cli import run

    if not isinstance(db_location, Path):
        pytest.skip("the command line's --db is a file")
    out = tmp_path / "study.pdf"
    out.write_bytes(b"%PDF-1.7 exported earlier")
    ws.close()  # the command line opens the file itself, as a second program would
    command = ["case-study", "--db", str(db_location), "--user", "Tess Tester", "--inspection", str(flagged),
               "--out", str(out)]
    assert run(command) == 1
    err = capsys.readouterr().err
    assert "study.pdf already exists: add --force to replace it" in err and err.count("\n") == 1
    assert out.read_bytes() == b"%PDF-1.7 exported earlier"
    assert run([*command, "--force"]) == 0 and out.read_bytes().startswith(b"%PDF-")
    assert out.read_bytes() != b"%PDF-1.7 exported earlier"


def test_authority_is_named_only_when_the_lead_ticks_it(ws, flagged, tmp_path):
    good_practice.save_case_study(ws, flagged, "Keeping children safely at home", "", name_authority=True)
    text = _pdf_text(export_case_study(ws, flagged, tmp_path / "named.pdf"))
    assert "Testshire" in text and "NM-0107" not in text and "NM-0042" not in text


def test_bad_input_is_refused_with_a_reason(ws, flagged):
    item = evidence.find_evidence(ws, flagged)[0].id
    with pytest.raises(ValidationError, match="short heading"):
        good_practice.flag(ws, item, "x" * 200)
    with pytest.raises(ValidationError, match="cannot be empty"):
        good_practice.flag(ws, item, " ")
    ws.user = "Amir A"
    with pytest.raises(ValidationError, match="Only the lead"):
        good_practice.save_case_study(ws, flagged, "Mine", "")
    ws.user = "Tess Tester"
    for g in good_practice.list_flagged(ws, flagged):
        good_practice.include(ws, g.evidence_id, False)
    with pytest.raises(ExportError, match="No good practice is chosen"):
        export_case_study(ws, flagged, "/tmp/never-written.pdf")


def test_leak_guard_finds_and_removes_what_scrubbing_alone_would_miss(ws, flagged):
    guard = LeakGuard(tuple(cases.list_cases(ws, flagged)), ("Testshire",))
    text = "nm-0042 and J.B. met; testshire staff and KT agreed."
    assert guard.leaks(text) == 4
    cleaned = guard.clean(text)
    assert guard.leaks(cleaned) == 0 and "Child A" in cleaned and "Child B" in cleaned
