"""One document model, two renderers: the .docx (read back with python-docx) and the PDF (pypdf) carry
the same headings, numbers, bullets and table rows, in the same order, for every kind of document."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from factories import make_inspection
from pypdf import PdfReader

from inspector_app.domain.enums import EvidenceSource, FindingKind, InspectionKind, Polarity
from inspector_app.reports import ExportOptions, export_document
from inspector_app.reports import document as d
from inspector_app.reports.content import gather
from inspector_app.reports.export import build_document
from inspector_app.services import evidence, findings, inspections

KINDS = {"Northmoor": "report-ilacs-2023", "Harrowdale": "report-ilacs-2026", "Fenbridge": "report-sif-2013",
         "Eastwold": "letter-focused-visit", "Kestrel Bay": "letter-monitoring-visit"}
GRADE_WORDS = re.compile(r"outstanding|\bgood\b|requires improvement|inadequate", re.IGNORECASE)
EVIDENCE_REF = re.compile(r"\b[A-Z]{1,4}-[1-9]\d*\b")  # AA-5: the stored references (domain/refs.py)


def _id(ws, authority: str) -> int:
    return next(i.id for i in inspections.list_inspections(ws) if i.authority == authority)


def docx_outline(path: Path) -> list[str]:
    """What a Word user sees of the document's skeleton, numbering worked out as Word numbers."""
    from docx import Document

    word = Document(str(path))
    counters: dict[str, int] = {}
    starts: dict[str, int] = {}
    numbering = word.part.numbering_part.element
    out: list[str] = []
    body = word.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            from docx.table import Table

            table = Table(child, word)
            if len(table.columns) > 1:
                out += [" | ".join(c.text for c in row.cells) for row in table.rows[1:]]
            else:
                out.append(f"[{table.rows[0].cells[0].paragraphs[0].text}]")
            continue
        if tag != "p":
            continue
        from docx.text.paragraph import Paragraph

        p = Paragraph(child, word)
        style = p.style.name if p.style is not None else ""
        if style == "Title":
            out.append(f"T {p.text}")
        elif style.startswith("Heading "):
            out.append(f"H{style.split()[1]} {p.text}")
        elif style == "List Bullet":
            out.append(f"• {p.text}")
        elif style == "List Number":
            num_id = p._p.pPr.numPr.numId.val
            if num_id not in starts:
                num = numbering.num_having_numId(num_id)
                override = num.find(".//{*}startOverride")
                starts[num_id] = int(override.get(override.keys()[0])) if override is not None else 1
                counters[num_id] = starts[num_id] - 1
            counters[num_id] += 1
            out.append(f"{counters[num_id]}. {p.text}")
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(path: Path) -> str:
    return _flat(" ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.fixture(scope="module")
def exported(demo_db_file, registry, tmp_path_factory):
    """Every demo document, publishable and internal, in both formats: {(name, internal): (doc, pdf, docx)}."""
    import shutil

    from inspector_app.services.workspace import open_workspace

    tmp_path = tmp_path_factory.mktemp("documents")
    shutil.copyfile(demo_db_file, tmp_path / "demo.sqlite")
    demo_ws = open_workspace(tmp_path / "demo.sqlite", user="Priya Raman", registry=registry)
    out = {}
    for authority, name in KINDS.items():
        inspection_id = _id(demo_ws, authority)
        for internal in (False, True):
            options = ExportOptions(internal=internal)
            stem = tmp_path / f"{name}{'-internal' if internal else ''}"
            doc = export_document(demo_ws, inspection_id, stem.with_suffix(".pdf"), options).document
            export_document(demo_ws, inspection_id, stem.with_suffix(".docx"), options)
            assert doc is not None
            if not internal:  # internal annexes (QA, moderation) are added by the export itself
                assert d.outline(doc) == d.outline(build_document(gather(demo_ws, inspection_id), options))
            out[(name, internal)] = (doc, stem.with_suffix(".pdf"), stem.with_suffix(".docx"))
    demo_ws.close()
    return out


def test_pdf_and_docx_carry_the_same_content_in_the_same_order(exported):
    for (name, internal), (doc, pdf, docx) in exported.items():
        expected = d.outline(doc)
        # The model's outline is exactly what Word shows: headings, numbers, bullets, table rows.
        assert docx_outline(docx) == expected, (name, internal)
        # And the PDF shows the same items in the same order.
        text, position = pdf_text(pdf), 0
        for item in expected:
            shown = _flat(item.split(" ", 1)[1] if item[:2] in ("T ", "H1", "H2", "H3", "H4", "• ") else item)
            shown = shown.strip("[]").replace(" | ", " ")
            found = text.find(shown, position)
            assert found >= 0, (name, internal, item)
            position = found


def test_numbering_runs_across_sections_and_bullets_carry_cross_references(exported):
    doc, pdf, docx = exported[("report-ilacs-2023", False)]
    outline = docx_outline(docx)
    numbers = [int(line.split(".")[0]) for line in outline if line[0].isdigit()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 10
    sections = [i for i, line in enumerate(outline) if line.startswith("H1 The experiences")]
    assert len(sections) == 3 and all(outline[i + 1][0].isdigit() for i in sections)
    assert outline[sections[1] + 1].split(".")[0] != "1", "numbering does not restart per section"
    pdf_numbers = [int(n) for n in re.findall(r"(?:^|\n)(\d+)\. ", "\n".join(
        page.extract_text() for page in PdfReader(pdf).pages[1:]))]
    assert pdf_numbers == numbers
    bullets = [line for line in outline if line.startswith("• ")]
    assert bullets and all(re.search(r"\(National Framework (outcome|enabler) (one|two|three|four)\)$", b)
                           for b in bullets), bullets
    footnotes = zipfile.ZipFile(docx).read("word/footnotes.xml").decode()
    assert "Children’s Social Care National Framework" in footnotes
    assert "‘Leaders drive conditions for effective practice’" in footnotes, "enablers named by their own title"
    assert "Children’s Social Care National Framework" in pdf_text(pdf)
    _, _, docx_2026 = exported[("report-ilacs-2026", False)]
    assert any(line.endswith("(outcome 3, national framework)") for line in docx_outline(docx_2026))


def test_sif_table_numbering_and_separate_lscb_part(exported):
    _, pdf, docx = exported[("report-sif-2013", False)]
    outline = docx_outline(docx)
    rows = [line for line in outline if " | " in line][:5]
    assert rows == ["1. Children who need help and protection | Inadequate",
                    "2. Children looked after and achieving permanence | Requires improvement",
                    "2.1 Adoption performance | Good",
                    "2.2 Experiences and progress of care leavers | Requires improvement",
                    "3. Leadership, management and governance | Inadequate"]
    headings = [line for line in outline if line.startswith("H1 ")]
    assert headings[:5] == ["H1 Contents", "H1 The local authority", "H1 The Local Safeguarding Children Board",
                            "H1 What the inspection judgements mean", "H1 Information about this inspection"]
    assert "[The overall judgement is that children’s services are inadequate]" in outline
    h3 = [line for line in outline if line.startswith(("H2 ", "H3 "))]
    assert "H3 Priority and immediate action" in h3 or "H3 Areas for improvement" in h3


def test_publishable_draft_has_no_evidence_references_or_reasoning_and_internal_copy_does(exported):
    from docx import Document

    for (name, internal), (_, pdf, docx) in exported.items():
        text = pdf_text(pdf)
        word = Document(str(docx))
        word_text = "\n".join(p.text for p in word.paragraphs)
        word_text += "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
        comments = list(word.comments)
        if internal:
            assert EVIDENCE_REF.search(text), name  # as footnotes and in the appendix
            assert comments and any(EVIDENCE_REF.search(c.text) for c in comments), name
        else:
            for body in (text, word_text):
                assert not EVIDENCE_REF.search(body), name
                assert "Previous grade" not in body and "departure" not in body and "Rationale" not in body
            assert comments == [], name
            assert "OFFICIAL-SENSITIVE — DRAFT" in text
    _, pdf, docx = exported[("report-ilacs-2023", True)]
    text = pdf_text(pdf)
    assert "Previous grade" in text and "Internal notes: judgements and rationale" in text
    assert "Appendix: evidence cited" in text
    assert text.rfind("© Crown copyright") > max(text.rfind("Appendix: evidence cited"),
                                                 text.rfind("Internal annex")), "the back page stays last"


def test_letters_carry_no_grade_words(exported):
    # A monitoring letter opens, as published ones do, by recalling why the visits happen at all.
    context = "since the local authority was judged inadequate in"
    for name in ("letter-focused-visit", "letter-monitoring-visit"):
        for internal in (False, True):
            doc, pdf, docx = exported[(name, internal)]
            assert GRADE_WORDS.findall(pdf_text(pdf).replace(context, "")) == [], name
            assert GRADE_WORDS.findall(" ".join(docx_outline(docx))) == [], name
            assert GRADE_WORDS.findall(d.plain_text(doc).replace(context, "")) == [], name


def test_every_font_on_every_page_is_embedded(exported):
    for (name, _internal), (_, pdf, _) in exported.items():
        for number, page in enumerate(PdfReader(pdf).pages, start=1):
            fonts = page["/Resources"]["/Font"]
            for font in fonts.values():
                font = font.get_object()
                assert "Helvetica" not in str(font["/BaseFont"]), (name, number)
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, (name, number, font["/BaseFont"])
    raw = b"".join(p.read_bytes() for _, (_, p, _) in exported.items())
    assert b"/Helvetica" not in raw


def test_letter_without_cases_or_records_does_not_say_zero(ws, tmp_path):
    visit = make_inspection(ws, "focused_visit@2018", kind=InspectionKind.FOCUSED_VISIT, summary="Findings.")
    item = evidence.add_evidence(ws, visit.id, text="Thresholds are applied consistently.", area_key="front_door",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.MANAGER)
    findings.add_finding(ws, visit.id, kind=FindingKind.STRENGTH, area_key="front_door",
                         text="Thresholds are applied consistently.", evidence_ids=[item.id])
    export_document(ws, visit.id, tmp_path / "l.docx")
    export_document(ws, visit.id, tmp_path / "l.pdf")
    for text in (pdf_text(tmp_path / "l.pdf"), " ".join(p for p in docx_outline(tmp_path / "l.docx"))):
        assert not re.search(r"\b0 (children|records|cases)", text)
    assert "They discussed children’s experiences" in pdf_text(tmp_path / "l.pdf")


def test_dates_are_english_whatever_the_locale(ws, tmp_path, monkeypatch):
    import locale
    from datetime import date

    from inspector_app.reports.dates import date_range, long_date, month_year

    for name in ("de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    else:
        pytest.skip("no non-English locale is installed (packaging/debian/install-deps.sh generates de_DE.UTF-8)")
    try:
        assert f"{date(2026, 3, 2):%B}" != "March", "the locale is really German here"
        assert long_date(date(2026, 3, 2)) == "2 March 2026"
        assert date_range(date(2026, 2, 23), date(2026, 3, 6)) == "23 February to 6 March 2026"
        assert month_year(date(2025, 1, 20)) == "January 2025"
        insp = make_inspection(ws, "ilacs@2023")
        export_document(ws, insp.id, tmp_path / "r.pdf")
        text = pdf_text(tmp_path / "r.pdf")
        assert not re.search(r"März|Februar|Mai |Juni|Juli|Oktober|Dezember", text)
    finally:
        locale.setlocale(locale.LC_TIME, "C")


def test_no_strftime_month_names_in_documents():
    """%B and %b follow the process locale, which the window changes: documents must not use them."""
    folder = Path(__file__).resolve().parents[1] / "inspector_app" / "reports"
    for source in folder.glob("*.py"):
        assert not re.search(r"%[Bb]\b", source.read_text(encoding="utf-8").replace('"%B"', "")), source.name


def test_word_document_uses_real_word_styles_footer_fields_and_a_template(demo_ws, tmp_path):
    from docx import Document
    from docx.shared import Pt

    northmoor = _id(demo_ws, "Northmoor")
    export_document(demo_ws, northmoor, tmp_path / "r.docx")
    word = Document(str(tmp_path / "r.docx"))
    used = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "List Bullet", "List Number"} <= used
    assert word.tables[0].style.name == "Table Grid"
    footer = word.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "OFFICIAL-SENSITIVE — DRAFT" in footer
    assert word.core_properties.title == "Inspection of Northmoor local authority children's services"

    template = Document()
    template.styles["Heading 1"].font.size = Pt(27)
    template.add_paragraph("The template's own sample text, which must not survive.")
    template.save(str(tmp_path / "house.docx"))
    export_document(demo_ws, northmoor, tmp_path / "t.docx", ExportOptions(template=tmp_path / "house.docx"))
    styled = Document(str(tmp_path / "t.docx"))
    assert styled.styles["Heading 1"].font.size == Pt(27)
    assert "sample text" not in "\n".join(p.text for p in styled.paragraphs)
    assert docx_outline(tmp_path / "t.docx") == docx_outline(tmp_path / "r.docx")
    (tmp_path / "bad.docx").write_text("not a document")
    from inspector_app.reports import ExportError

    with pytest.raises(ExportError, match="is not a Word document"):
        export_document(demo_ws, northmoor, tmp_path / "x.docx", ExportOptions(template=tmp_path / "bad.docx"))
    assert not (tmp_path / "x.docx").exists()


def test_cli_report_format_by_suffix_and_option(demo_db_file, tmp_path, capsys):
    import shutil

    from docx import Document

    from inspector_app.cli import run

    db = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_db_file, db)
    assert run(["report", "--db", str(db), "--inspection", "1", "--out", str(tmp_path / "r.docx")]) == 0
    assert "Word" in capsys.readouterr().out
    assert Document(str(tmp_path / "r.docx")).paragraphs
    # the suffix always names the format: one is added to a name without it
    assert run(["report", "--db", str(db), "--inspection", "1", "--out", str(tmp_path / "w.bin"),
                "--format", "docx", "--internal"]) == 0
    assert list(Document(str(tmp_path / "w.bin.docx")).comments) and not (tmp_path / "w.bin").exists()
    assert run(["report", "--db", str(db), "--inspection", "1", "--out", str(tmp_path / "r.pdf")]) == 0
    assert PdfReader(tmp_path / "r.pdf").pages
    # the trial: --out r.pdf with --format docx wrote a Word file over the PDF; now it is r.docx, and the
    # r.docx already there is refused in one line, before any work, unless --force
    capsys.readouterr()
    earlier = (tmp_path / "r.pdf").read_bytes(), (tmp_path / "r.docx").read_bytes()
    word_over_pdf = ["report", "--db", str(db), "--inspection", "1", "--out", str(tmp_path / "r.pdf"),
                     "--format", "docx"]
    assert run(word_over_pdf) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "r.docx already exists: add --force to replace it" in err
    assert ((tmp_path / "r.pdf").read_bytes(), (tmp_path / "r.docx").read_bytes()) == earlier
    assert run([*word_over_pdf, "--force"]) == 0
    assert f"Wrote {tmp_path / 'r.docx'}" in capsys.readouterr().out
    assert (tmp_path / "r.pdf").read_bytes() == earlier[0] and Document(str(tmp_path / "r.docx")).paragraphs


@pytest.mark.slow
def test_libreoffice_opens_every_kind_with_the_same_headings_in_order(exported, tmp_path):
    """The .docx opens in a real word processor: one soffice call converts every kind to PDF."""
    import shutil
    import subprocess

    if shutil.which("soffice") is None:
        pytest.fail("soffice is missing: run packaging/debian/install-deps.sh (libreoffice-writer-nogui)")
    sources = []
    for (name, internal), (_, _, docx) in exported.items():
        copy = tmp_path / f"{name}{'-internal' if internal else ''}.docx"
        shutil.copyfile(docx, copy)
        sources.append((copy, exported[(name, internal)][0]))
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path / "out"), *(str(s) for s, _ in sources)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-500:]
    for source, doc in sources:
        converted = tmp_path / "out" / f"{source.stem}.pdf"
        assert converted.exists(), (source.name, result.stdout[-500:])
        text = pdf_text(converted)
        assert "OFFICIAL-SENSITIVE — DRAFT" in text
        position = 0
        for heading in [h.text for h in doc.headings()]:
            found = text.find(_flat(heading), position)
            assert found >= 0, (source.name, heading)
            position = found


def test_monitoring_letter_reports_progress_on_each_recommendation_in_both_formats(ws, tmp_path):
    from datetime import date

    from docx import Document

    from inspector_app.domain.enums import Grade, InspectionStatus
    from inspector_app.services import judgements, recommendations

    ilacs = inspections.create_inspection(ws, authority="Westvale", framework_uid="ilacs@2023",
                                          kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 9, 28),
                                          end_date=date(2026, 10, 9))
    for area in ("leaders", "help_protection", "children_in_care", "care_leavers"):
        judgements.set_judgement(ws, ilacs.id, area, Grade.INADEQUATE)
    judgements.set_overall(ws, ilacs.id, Grade.INADEQUATE)
    for text in ("The timeliness of strategy discussions.", "The quality of pathway plans."):
        findings.add_finding(ws, ilacs.id, kind=FindingKind.RECOMMENDATION, text=text)
    inspections.update_inspection(ws, ilacs.id, status=InspectionStatus.PUBLISHED)
    visit = inspections.create_inspection(ws, authority="Westvale", framework_uid="monitoring_visit@2018",
                                          kind=InspectionKind.MONITORING_VISIT, start_date=date(2027, 4, 20),
                                          end_date=date(2027, 4, 21), visit_number=1,
                                          previous_inspection_date=date(2026, 10, 9), summary="Some progress.")
    first, second = recommendations.follow_up(ws, visit.id)
    recommendations.record_progress(ws, first.id, visit.id, evidence="12 strategy discussions sampled",
                                    statement="Strategy discussions are now prompt.", sufficient=True)
    recommendations.record_progress(ws, second.id, visit.id, evidence="8 pathway plans read",
                                    statement="Pathway plans are still generic.", sufficient=False)
    export_document(ws, visit.id, tmp_path / "l.docx")
    export_document(ws, visit.id, tmp_path / "i.docx", ExportOptions(internal=True))
    outline = docx_outline(tmp_path / "l.docx")
    start = outline.index("H2 Progress against the recommendations of the last inspection")
    assert outline[start + 1:start + 3] == ["1. The timeliness of strategy discussions.",
                                            "2. The quality of pathway plans."]
    text = "\n".join(p.text for p in Document(str(tmp_path / "l.docx")).paragraphs)
    assert "Strategy discussions are now prompt. Progress is sufficient." in text
    assert "Pathway plans are still generic. Progress is not yet sufficient." in text
    assert "12 strategy discussions sampled" not in text, "the evidence is the lead's note, not the letter's"
    comments = [c.text for c in Document(str(tmp_path / "i.docx")).comments]
    assert any("12 strategy discussions sampled" in c for c in comments)
    export_document(ws, visit.id, tmp_path / "l.pdf")
    assert "Pathway plans are still generic. Progress is not yet sufficient." in pdf_text(tmp_path / "l.pdf")


def test_word_export_survives_markup_and_control_characters(tmp_path):
    """The services refuse control characters on input; the renderer still drops any (older data, imports)."""
    from docx import Document

    from inspector_app.reports.word import render_docx

    text = "Caseloads <b>rose</b> & fell;\x0b pasted\x07 from a form.\nSecond line."
    doc = d.Document(title="T", subject="S", author="A", running_dates="1 to 2 March 2026", blocks=[
        d.Para(text), d.Table(("Ref", "Evidence"), (d.Row(("E-0001", text)),), (0.2, 0.8))])
    render_docx(doc, tmp_path / "r.docx")
    word = Document(str(tmp_path / "r.docx"))
    assert "Caseloads <b>rose</b> & fell; pasted from a form." in "\n".join(p.text for p in word.paragraphs)
    cells = "\n".join(c.text for t in word.tables for r in t.rows for c in r.cells)
    assert "Caseloads <b>rose</b> & fell; pasted from a form.\nSecond line." in cells


def test_ilacs_2018_report_in_both_formats(ws, tmp_path):
    from datetime import date

    from inspector_app.domain.enums import Grade
    from inspector_app.services import judgements

    insp = make_inspection(ws, "ilacs@2018", start_date=date(2021, 6, 7), end_date=date(2021, 6, 18),
                           summary="Leaders have improved practice since the last inspection.")
    for area, grade in (("leaders", Grade.GOOD), ("help_protection", Grade.GOOD),
                        ("children_in_care", Grade.REQUIRES_IMPROVEMENT)):
        judgements.set_judgement(ws, insp.id, area, grade)
    judgements.set_overall(ws, insp.id, Grade.GOOD)
    for area in ("help_protection", "children_in_care", "leaders"):
        findings.add_finding(ws, insp.id, kind=FindingKind.STRENGTH, area_key=area, text=f"Strength in {area}.")
    findings.add_finding(ws, insp.id, kind=FindingKind.RECOMMENDATION, text="The quality of pathway plans.")
    export_document(ws, insp.id, tmp_path / "r.docx")
    export_document(ws, insp.id, tmp_path / "r.pdf")
    doc = build_document(gather(ws, insp.id), ExportOptions())
    assert docx_outline(tmp_path / "r.docx") == d.outline(doc)
    outline = d.outline(doc)
    assert outline[1:5] == [
        "The impact of leaders on social work practice with children and families | Good",
        "The experiences and progress of children who need help and protection | Good",
        "The experiences and progress of children in care and care leavers | Requires improvement to be good",
        "Overall effectiveness | Good"]
    assert "• The quality of pathway plans." in outline, "no national-framework cross-reference before 2023"
    headings = [line for line in outline if line.startswith("H1 ")]
    assert headings == ["H1 What needs to improve?",
                        "H1 The experiences and progress of children who need help and protection: good",
                        "H1 The experiences and progress of children in care and care leavers: requires "
                        "improvement to be good",
                        "H1 The impact of leaders on social work practice with children and families: good"]
    assert [line for line in outline if line[0].isdigit()] == [
        "1. Strength in help_protection.", "2. Strength in children_in_care.", "3. Strength in leaders."]
    text = pdf_text(tmp_path / "r.pdf")
    assert "Inspection dates: 7 to 18 June 2021" in text and "national framework" not in text.lower()


@pytest.mark.parametrize("framework_uid", ["ilacs@2018", "ilacs@2023", "ilacs@2026", "sif@2013",
                                           "focused_visit@2018", "monitoring_visit@2018"])
def test_an_empty_draft_of_every_framework_exports_in_both_formats(ws, tmp_path, framework_uid):
    """Nothing judged, written or cited yet: both files are still written, with draft notices, same outline."""
    insp = make_inspection(ws, framework_uid, team=[])
    for internal in (False, True):
        options = ExportOptions(internal=internal)
        result = export_document(ws, insp.id, tmp_path / "e.pdf", options)
        export_document(ws, insp.id, tmp_path / "e.docx", options)
        assert result.document is not None
        assert docx_outline(tmp_path / "e.docx") == d.outline(result.document)
        text = pdf_text(tmp_path / "e.pdf")
        assert "not yet" in text.lower() and not re.search(r"\b0 (children|records|cases)", text)
