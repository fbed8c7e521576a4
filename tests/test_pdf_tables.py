"""The PDF's tables are laid out with less work (issue 17) and print exactly what they printed before."""

from __future__ import annotations

import io

import pytest
from reportlab import rl_config
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from inspector_app.reports import document as d
from inspector_app.reports import pdf
from inspector_app.reports.styles import stylesheet

TEXTS = ("3 Dec 2026", "Children who need help and protection", "  two  spaces\tand a tab ", "café – ‘quoted’",
         "A\xa0B non-breaking", "Tom & Jerry <b>not bold</b>", "two\nlines", "x" * 70)


def _document() -> d.Document:
    rows = tuple(d.Row((f"B-{n:04d}", TEXTS[n % len(TEXTS)], "Case file", "3 Dec 2026", f"Child {n % 7}",
                        f"Evidence item {n}: the social worker visited regularly and saw the child alone. "
                        + TEXTS[(n + 3) % len(TEXTS)]), bold=n == 5, indent=1 if n == 9 else 0)
                 for n in range(60))
    doc = d.Document(title="Tables", subject="Tables", author="Tess Tester", running_dates="2 to 13 March 2026")
    doc.add(d.Table(("Ref", "Area", "Source", "Seen", "Child", "Evidence"), rows, (0.1, 0.17, 0.13, 0.1, 0.1, 0.4),
                    small=True))
    return doc


def _pdf_bytes(monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids in the file
    out = io.BytesIO()
    pdf.render_pdf(_document(), out)
    return out.getvalue()


def test_a_table_prints_the_same_bytes_as_with_every_cell_parsed_and_measured_each_time(monkeypatch):
    now = _pdf_bytes(monkeypatch)
    monkeypatch.setattr(pdf.CellParagraph, "wrap", Paragraph.wrap)
    monkeypatch.setattr(pdf._Cells, "paragraph", lambda self, text, style: pdf.CellParagraph(pdf._markup(text), style))
    monkeypatch.setattr(pdf._Cells, "fits", lambda self, text, style, room: stringWidth(
        text, style.fontName, style.fontSize) <= room)
    assert now == _pdf_bytes(monkeypatch)


def test_a_cell_breaks_its_lines_once_for_each_width(monkeypatch):
    broken: list[float] = []
    real = Paragraph.breakLines
    monkeypatch.setattr(Paragraph, "breakLines", lambda self, widths: broken.append(widths[0]) or real(self, widths))
    cell = pdf._Cells().paragraph("Evidence item 7: the social worker visited regularly", stylesheet()["cell_small"])
    first = cell.wrap(80, 1000)
    assert cell.wrap(80, 500) == first and cell.wrap(80, 1000) == first and len(broken) == 1
    wider = cell.wrap(300, 1000)
    assert wider[1] < first[1] and len(broken) == 2
    again = Paragraph(cell.text, cell.style).breakLines([80, 80])
    assert cell.wrap(80, 1000) == first and cell.blPara.lines == again.lines


@pytest.mark.parametrize("text", TEXTS)
def test_a_plain_cell_holds_what_the_markup_parser_would_make_of_it(text):
    style = stylesheet()["cell"]
    made = pdf._Cells().paragraph(text, style)
    parsed = Paragraph(pdf._markup(text), style)
    assert [vars(f) for f in made.frags] == [vars(f) for f in parsed.frags]
    assert made.getPlainText() == parsed.getPlainText()


def test_whether_a_cell_fits_on_one_line_is_its_whole_width():
    cells, style = pdf._Cells(), stylesheet()["cell"]
    for text in (*TEXTS, "i" * 61, "W" * 61, "i" * 59 + "W" * 30):
        width = stringWidth(text, style.fontName, style.fontSize)
        for room in (width - 0.5, width, width + 0.5, 40.0):
            assert cells.fits(text, style, room) is (width <= room), (text, room)
