"""PDF exports, checked by opening the PDF: table, sections, numbering, marking, outline, privacy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from factories import make_case, make_inspection
from pypdf import PdfReader
from sqlalchemy import text

from inspector_app.domain.enums import EvidenceSource, FindingKind, Grade, Polarity
from inspector_app.reports import ExportCancelled, ExportError, ExportOptions, export_pdf
from inspector_app.services import cases, evidence, findings, inspections, judgements

GRADE_WORDS = re.compile(r"outstanding|\bgood\b|requires improvement|inadequate", re.IGNORECASE)


def _id(ws, authority: str) -> int:
    return next(i.id for i in inspections.list_inspections(ws) if i.authority == authority)


def _export(ws, inspection_id, tmp_path: Path, name="out.pdf", **options) -> tuple[PdfReader, list[str]]:
    path = tmp_path / name
    export_pdf(ws, inspection_id, path, ExportOptions(**options))
    reader = PdfReader(path)
    return reader, [page.extract_text() for page in reader.pages]


def _flat(pages: list[str]) -> str:
    return re.sub(r"\s+", " ", " ".join(pages))


def _outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_ilacs_2023_report_table_sections_and_numbering(demo_ws, tmp_path):
    _, pages = _export(demo_ws, _id(demo_ws, "Northmoor"), tmp_path)
    first = re.sub(r"\s+", " ", pages[0])
    assert "Inspection of Northmoor local authority children's services" in first
    assert "Inspection dates: 2 to 13 March 2026" in first
    assert "Lead inspector: Priya Raman, His Majesty’s Inspector" in first
    table_order = [
        "The impact of leaders on social work practice with children and families Good",
                   "The experiences and progress of children who need help and protection Requires improvement",
                   "The experiences and progress of children in care Good",
                   "The experiences and progress of care leavers Good",
                   "Overall effectiveness Good"]
    positions = [first.find(row) for row in table_order]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    body = _flat(pages)
    sections = ["What needs to improve?",
                "The experiences and progress of children who need help and protection: "
                "requires improvement to be good",
                "The experiences and progress of children in care: good",
                "The experiences and progress of care leavers: good",
                "The impact of leaders on social work practice with children and families: good"]
    found = [body.find(s) for s in sections]
    assert all(p >= 0 for p in found) and found == sorted(found), found
    numbers = [int(n) for n in re.findall(r"(?:^|\n)(\d+)\. ", "\n".join(pages[1:]))]
    assert numbers[:3] == [1, 2, 3] and numbers == sorted(numbers), "paragraphs numbered across sections"
    assert not re.search(r"\b[A-Z]{1,4}-[1-9]\d*\b", body), "the publishable draft carries no evidence references"
    assert "Previous grade" not in first and "departure" not in body


def test_every_page_has_marking_and_page_x_of_y(demo_ws, tmp_path):
    _, pages = _export(demo_ws, _id(demo_ws, "Northmoor"), tmp_path, appendix=True)
    total = len(pages)
    assert total > 3
    for number, page in enumerate(pages, start=1):
        assert page.count("OFFICIAL-SENSITIVE — DRAFT") == 2, number
        assert f"Page {number} of {total}" in page
        if number > 1:
            assert "Inspection of Northmoor local authority children's services" in page
            assert "2 to 13 March 2026" in page


def test_outline_and_metadata(demo_ws, tmp_path):
    reader, _ = _export(demo_ws, _id(demo_ws, "Northmoor"), tmp_path, appendix=True)
    titles = _outline_titles(reader)
    assert titles[0] == "Inspection of Northmoor local authority children's services"
    assert "What needs to improve?" in titles and "Appendix: evidence cited" in titles
    assert any(t.startswith("The experiences and progress of care leavers") for t in titles)
    meta = reader.metadata
    assert meta.title == "Inspection of Northmoor local authority children's services"
    assert meta.author == "Priya Raman"
    assert "Draft inspection report" in meta.subject


def test_children_appear_only_by_pseudonym(demo_ws, tmp_path):
    northmoor = _id(demo_ws, "Northmoor")
    case = cases.list_cases(demo_ws, northmoor)[0]
    item = evidence.add_evidence(
        demo_ws, northmoor, text=f"The file for {case.reference} shows that {case.initials} was seen alone.",
        area_key="help_protection", polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case.id)
    finding = findings.list_findings(demo_ws, northmoor, kind=FindingKind.STRENGTH)[0]
    findings.update_finding(demo_ws, finding.id, evidence_ids=[*finding.evidence_ids, item.id])
    _, pages = _export(demo_ws, northmoor, tmp_path, appendix=True)
    body = _flat(pages)
    assert "Child " in body
    for c in cases.list_cases(demo_ws, northmoor):
        assert c.reference not in body
    assert f" {case.initials} was seen" not in body
    assert "was seen alone" in body
    _, pages = _export(demo_ws, northmoor, tmp_path, "internal.pdf", appendix=True, internal_references=True)
    internal = _flat(pages)
    assert case.reference in internal and "INTERNAL — NOT FOR PUBLICATION" in internal


def test_ilacs_2026_has_no_overall_and_cross_references_recommendations(demo_ws, tmp_path):
    _, pages = _export(demo_ws, _id(demo_ws, "Harrowdale"), tmp_path)
    body = _flat(pages)
    assert "Overall effectiveness" not in body
    assert "(outcome 3, national framework)" in body
    assert "Children’s Social Care National Framework" in body


def test_sif_report_has_its_own_published_shape(demo_ws, tmp_path):
    from datetime import date

    from inspector_app.services.deadlines import set_publication

    set_publication(demo_ws, _id(demo_ws, "Fenbridge"), date(2016, 3, 29))
    _, pages = _export(demo_ws, _id(demo_ws, "Fenbridge"), tmp_path)
    first = re.sub(r"\s+", " ", pages[0])
    assert "Fenbridge Inspection of services for children in need of help and protection, children looked after " \
           "and care leavers and Review of the effectiveness of the Local Safeguarding Children Board" in first
    assert "Inspection dates: 1 to 19 February 2016 Report published: 29 March 2016" in first
    assert "The overall judgement is that children’s services are inadequate" in first
    assert "widespread or serious failures" in first and "section 152 of the Education and Inspections Act" in first
    rows = ["1. Children who need help and protection Inadequate",
            "2. Children looked after and achieving permanence Requires improvement",
            "2.1 Adoption performance Good", "2.2 Experiences and progress of care leavers Requires improvement",
            "3. Leadership, management and governance Inadequate"]
    positions = [first.find(r) for r in rows]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), positions
    assert "Requires improvement to be good" not in first, "SIF tables use the short grade"
    assert "Local Safeguarding Children Board Requires" not in first, "the LSCB is not in the authority's table"
    assert "Overall effectiveness: Inadequate because" not in _flat(pages), "no rule-engine sentence"
    assert "Contents" in pages[1]
    body = _flat(pages[2:])  # after the contents page
    parts = ["The local authority", "Summary of findings", "What does the local authority need to improve?",
             "Areas for improvement", "The local authority’s strengths", "Progress since the last inspection",
             "Summary for children and young people", "Information about this local authority area",
             "Children who need help and protection: Inadequate", "The Local Safeguarding Children Board",
             "What does the LSCB need to improve?", "Inspection judgement about the LSCB: Requires improvement",
             "What the inspection judgements mean", "Information about this inspection"]
    found, start = [], 0
    for part in parts:
        found.append(body.find(part, start))
        start = max(found[-1], start)
    assert all(p >= 0 for p in found) and found == sorted(found), list(zip(parts, found, strict=True))
    numbers = [int(n) for n in re.findall(r"(?:^|\n)(\d+)\. ", "\n".join(pages[2:]))]
    assert numbers[0] == 1 and numbers == list(range(1, len(numbers) + 1)), "one numbering to the end"


def test_focused_visit_letter_has_no_grade_anywhere(demo_ws, tmp_path):
    visit = _id(demo_ws, "Eastwold")
    with demo_ws.db.session() as session:  # data the window would never allow, but the letter must ignore
        session.execute(text("INSERT INTO judgement (uuid, created_at, updated_at, created_by, updated_by, "
                             "inspection_id, area_key, grade, rationale) VALUES ('x', '2026-01-01', '2026-01-01', "
                             "'', '', :i, 'overall_effectiveness', 'inadequate', 'Requires improvement')"),
                        {"i": visit})
        session.execute(text("UPDATE evidence SET grade = 'outstanding' WHERE inspection_id = :i"), {"i": visit})
    reader, pages = _export(demo_ws, visit, tmp_path, appendix=True)
    body = _flat(pages)
    assert "Focused visit to Eastwold children's services" in body
    for heading in ("Areas covered by the visit", "Headline findings", "Areas for priority action",
                    "What needs to improve in this area of social work practice?", "Main findings",
                    "Yours sincerely"):
        assert heading in body
    assert "Dear Mark," in body and "Director of Children’s Services" in body
    assert GRADE_WORDS.findall(body) == []
    assert reader.metadata.subject == "Draft focused visit letter"


def test_monitoring_letter_reports_against_the_last_recommendations(demo_ws, tmp_path):
    _, pages = _export(demo_ws, _id(demo_ws, "Kestrel Bay"), tmp_path)
    body = _flat(pages)
    assert "third monitoring visit since the local authority was judged inadequate in January 2025" in body
    assert "Progress against the recommendations of the last inspection" in body
    assert "1. The timeliness and quality of assessments" in body
    assert "Where progress has been made" in body and "What still needs to improve" in body


def test_unicode_text_survives_with_an_embedded_font(ws, tmp_path):
    sample = "Zoë’s “key” worker – at the café – said: naïve façade, Łódź, Ελληνικά, Кириллица."
    insp = make_inspection(ws, "ilacs@2023", summary=sample)
    _, pages = _export(ws, insp.id, tmp_path)
    assert sample in _flat(pages)
    reader = PdfReader(tmp_path / "out.pdf")
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "LiberationSans" in str(font["/BaseFont"]), font["/BaseFont"]
            assert font["/Subtype"] in ("/TrueType", "/Type0")


def test_user_text_with_markup_characters_is_printed_not_interpreted(ws, tmp_path):
    insp = make_inspection(ws, "ilacs@2023", summary="Caseloads <b>rose</b> & fell; 5 < 7 > 3.")
    _, pages = _export(ws, insp.id, tmp_path)
    assert "Caseloads <b>rose</b> & fell; 5 < 7 > 3." in _flat(pages)


def test_missing_judgements_are_clearly_marked(ws, tmp_path):
    insp = make_inspection(ws, "ilacs@2023")
    judgements.set_judgement(ws, insp.id, "leaders", Grade.GOOD)
    _, pages = _export(ws, insp.id, tmp_path)
    body = _flat(pages)
    assert ("Draft: not yet judged — Children who need help and protection, Children in care, Care leavers, "
            "Overall effectiveness.") in body
    assert "The experiences and progress of care leavers: not yet judged" in body
    assert "[Summary not yet written]" in body


def test_long_content_splits_cleanly_and_repeats_table_headers(ws, tmp_path):
    insp = make_inspection(ws, "ilacs@2023")
    case = make_case(ws, insp.id)
    long_text = " ".join(["Inspectors found that visits were purposeful and the child’s views were recorded."] * 40)
    items = [evidence.add_evidence(ws, insp.id, text=f"Item {i}. {long_text[:600]}", area_key="leaders",
                                   polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER, case_id=case.id)
             for i in range(40)]
    findings.add_finding(ws, insp.id, kind=FindingKind.STRENGTH, area_key="leaders", text=long_text * 3,
                         evidence_ids=[i.id for i in items])
    _, pages = _export(ws, insp.id, tmp_path, appendix=True)
    refs = [i.ref for i in items]
    assert len(set(refs)) == 40 and all(re.fullmatch(r"[A-Z]{1,4}-[1-9]\d*", r) for r in refs)
    appendix_pages = [p for p in pages if re.search(rf"\b{re.escape(refs[0].split('-')[0])}-\d+\b", p)
                      and ("Seen" in p)]
    assert len(appendix_pages) >= 3
    for page in appendix_pages:
        assert re.search(r"Ref\s+Area\s+Source\s+Seen\s+Child\s+Evidence", page), "header row repeated"
    assert "Item 39." in _flat(pages)


def test_wrong_document_kind_is_refused_with_a_clear_message(demo_ws, tmp_path):
    with pytest.raises(ExportError, match="not graded, so it has no inspection report: export a letter"):
        export_pdf(demo_ws, _id(demo_ws, "Eastwold"), tmp_path / "x.pdf", ExportOptions(kind="report"))
    with pytest.raises(ExportError, match="Letters are for focused and monitoring visits"):
        export_pdf(demo_ws, _id(demo_ws, "Northmoor"), tmp_path / "x.pdf", ExportOptions(kind="letter"))
    assert not (tmp_path / "x.pdf").exists()


def test_cancel_and_write_failures_leave_existing_file_untouched(demo_ws, tmp_path):
    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"earlier export")
    calls = []

    def cancel_after_a_few() -> bool:
        calls.append(1)
        return len(calls) > 5

    with pytest.raises(ExportCancelled):
        export_pdf(demo_ws, _id(demo_ws, "Northmoor"), target, cancelled=cancel_after_a_few)
    assert target.read_bytes() == b"earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"], "no temporary file left behind"
    with pytest.raises(ExportError, match="does not exist"):
        export_pdf(demo_ws, _id(demo_ws, "Northmoor"), tmp_path / "missing" / "x.pdf")


def test_disk_full_gives_a_clear_message(demo_ws, tmp_path, monkeypatch):
    import os

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    tmp_path = tmp_path / "exports"
    tmp_path.mkdir()
    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ExportError, match=r"No space left on device\. Free some space"):
        export_pdf(demo_ws, _id(demo_ws, "Northmoor"), tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported_from_start_to_end(demo_ws, tmp_path):
    seen: list[float] = []
    export_pdf(demo_ws, _id(demo_ws, "Northmoor"), tmp_path / "p.pdf", progress=lambda f, _m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_cli_report_command(demo_db_file, tmp_path, capsys):
    import shutil

    from inspector_app.cli import run

    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_file, db)
    assert run(["report", "--db", str(db), "--inspection", "1", "--out", str(tmp_path / "r.pdf"), "--appendix"]) == 0
    assert "report" in capsys.readouterr().out
    assert PdfReader(tmp_path / "r.pdf").pages
    code = run(["report", "--db", str(db), "--inspection", "2", "--out", str(tmp_path / "l.pdf"), "--kind", "report"])
    assert code == 1 and "export a letter instead" in capsys.readouterr().err
