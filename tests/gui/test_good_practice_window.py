"""Good practice in a real window: flag evidence, tick it for the case study, export it as Word."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from inspector_app.domain.enums import EvidenceSource, Polarity, TeamRole
from inspector_app.services import evidence, good_practice, open_workspace
from tests.factories import make_case, make_inspection
from tests.gui.conftest import answer_dialogs


def test_flag_evidence_and_export_the_case_study(qtbot, make_window, tmp_path, registry, monkeypatch):
    db = tmp_path / "gp.sqlite"
    ws = open_workspace(db, user="Lena Lead", registry=registry, create=True, plaintext=True)
    info = make_inspection(ws, "ilacs@2023", team=[("Lena Lead", "LL", TeamRole.LEAD)], authority="Testshire")
    case = make_case(ws, info.id, "NM-0042", initials="JB")
    item = evidence.add_evidence(ws, info.id, text="NM-0042: JB's worker visited the same day.",
                                 area_key="help_protection", polarity=Polarity.STRENGTH,
                                 source=EvidenceSource.CASE_FILE, case_id=case.id, seen_on=date(2026, 3, 3))
    ws.close()
    window = make_window(db)
    window.open_inspection(info.id)
    window.go("good_practice")
    page = window.pages["good_practice"]
    page.evidence_choice.setCurrentIndex(page.evidence_choice.findData(item.id))
    page.flag_title.setFocus()
    qtbot.keyClicks(page.flag_title, "Seeing children the same day")
    qtbot.mouseClick(page.flag_button, Qt.MouseButton.LeftButton)
    flagged = good_practice.list_flagged(window.ctx.ws, info.id)
    assert [(g.evidence_id, g.title, g.in_case_study) for g in flagged] == [(item.id, "Seeing children the same day",
                                                                             True)]
    page.study_title.clear()
    page.study_title.setFocus()
    qtbot.keyClicks(page.study_title, "Same-day visits")
    # a .pdf name typed for the Word export: a Word file under the .docx name, the PDF already there kept
    earlier = tmp_path / "study.pdf"
    earlier.write_bytes(b"%PDF-1.7 exported earlier")
    out = tmp_path / "study.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(earlier), ""))
    export = next(b for b in page.findChildren(type(page.flag_button)) if "Word" in b.text())
    qtbot.mouseClick(export, Qt.MouseButton.LeftButton)
    assert out.exists() and earlier.read_bytes() == b"%PDF-1.7 exported earlier"
    # exporting again over it asks first (the same question as the Export view); Escape keeps the file
    kept = out.read_bytes()
    [asked] = answer_dialogs(qtbot, [lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape)],
                             lambda: qtbot.mouseClick(export, Qt.MouseButton.LeftButton))
    assert asked.startswith("Replace the file? | study.docx already exists") and out.read_bytes() == kept
    assert good_practice.case_study(window.ctx.ws, info.id).title == "Same-day visits"
    from docx import Document

    text = " ".join(p.text for p in Document(str(out)).paragraphs)
    assert "Child A" in text and "NM-0042" not in text and "JB" not in text and "Testshire" not in text
