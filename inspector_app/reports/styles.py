"""Fonts and paragraph styles: a sober, readable house style with an embedded Unicode font.

ReportLab's built-in Helvetica lacks many glyphs, so Liberation Sans (metric-compatible with
Arial, SIL OFL) ships in ``resources/fonts`` and is embedded in every PDF.
"""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from inspector_app import paths

FONT = "LiberationSans"
FONT_BOLD = "LiberationSans-Bold"
FONT_ITALIC = "LiberationSans-Italic"
FONT_BOLD_ITALIC = "LiberationSans-BoldItalic"

INK = colors.HexColor("#1b1b1b")
ACCENT = colors.HexColor("#123e5c")
MUTED = colors.HexColor("#555b61")
RULE = colors.HexColor("#b8c2cc")
TABLE_HEAD = colors.HexColor("#e4eaf0")
WARNING = colors.HexColor("#a4271b")


@cache
def register_fonts() -> None:
    folder = paths.resource("fonts")
    for name, file in ((FONT, "LiberationSans-Regular.ttf"), (FONT_BOLD, "LiberationSans-Bold.ttf"),
                       (FONT_ITALIC, "LiberationSans-Italic.ttf"),
                       (FONT_BOLD_ITALIC, "LiberationSans-BoldItalic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC,
                                  boldItalic=FONT_BOLD_ITALIC)


@cache
def stylesheet() -> StyleSheet1:
    register_fonts()
    sheet = StyleSheet1()
    base = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=14.5, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=7, bulletFontName=FONT)
    sheet.add(base)
    sheet.add(ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=21, leading=26,
                             textColor=ACCENT, spaceAfter=14))
    sheet.add(ParagraphStyle("meta", parent=base, fontSize=11, leading=15, spaceAfter=3))
    sheet.add(ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=15, leading=19,
                             textColor=ACCENT, spaceBefore=14, spaceAfter=8, keepWithNext=1))
    sheet.add(ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16,
                             textColor=ACCENT, spaceBefore=10, spaceAfter=5, keepWithNext=1))
    sheet.add(ParagraphStyle("h3", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14.5,
                             textColor=INK, spaceBefore=8, spaceAfter=4, keepWithNext=1))
    sheet.add(ParagraphStyle("h4", parent=base, fontName=FONT_BOLD_ITALIC, fontSize=10.5, leading=14.5,
                             textColor=INK, spaceBefore=6, spaceAfter=3, keepWithNext=1))
    sheet.add(ParagraphStyle("intro", parent=base))
    sheet.add(ParagraphStyle("numbered", parent=base, leftIndent=24, bulletIndent=0, bulletFontName=FONT))
    sheet.add(ParagraphStyle("bullet", parent=base, leftIndent=16, firstLineIndent=0, bulletIndent=4,
                             spaceAfter=4, bulletFontName=FONT))
    sheet.add(ParagraphStyle("footnote", parent=base, fontSize=8, leading=10, textColor=MUTED, spaceAfter=0))
    sheet.add(ParagraphStyle("box_headline", parent=base, fontName=FONT_BOLD, fontSize=13, leading=17,
                             textColor=ACCENT, spaceAfter=5))
    sheet.add(ParagraphStyle("toc1", parent=base, fontName=FONT_BOLD, leftIndent=0, spaceAfter=2))
    sheet.add(ParagraphStyle("toc2", parent=base, leftIndent=14, spaceAfter=1))
    sheet.add(ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12.5, spaceAfter=0))
    sheet.add(ParagraphStyle("cell_head", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=12.5,
                             spaceAfter=0))
    sheet.add(ParagraphStyle("cell_small", parent=base, fontSize=8.5, leading=11, spaceAfter=0))
    sheet.add(ParagraphStyle("cell_head_small", parent=base, fontName=FONT_BOLD, fontSize=8.5, leading=11,
                             spaceAfter=0))
    sheet.add(ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=MUTED))
    sheet.add(ParagraphStyle("notice", parent=base, fontName=FONT_BOLD, textColor=WARNING))
    sheet.add(ParagraphStyle("letter", parent=base, fontSize=11, leading=15.5, spaceAfter=9))
    sheet.add(ParagraphStyle("address", parent=base, fontSize=11, leading=14.5, spaceAfter=0))
    return sheet
