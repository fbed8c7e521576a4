"""Annex A import (CSV and XLSX, synthetic lists only), each kind of bad input, and nothing half-imported."""

from __future__ import annotations

import logging
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from inspector_app.demo.annex_a import synthetic_rows, write_csv, write_xlsx
from inspector_app.domain.enums import InspectionKind
from inspector_app.services import annex_import, inspections
from inspector_app.services.annex_import import AnnexFileError, AnnexProblem, ImportCancelled

TODAY = date(2026, 11, 2)


@pytest.fixture
def inspection_id(ws) -> int:  # type: ignore[no-untyped-def]
    return inspections.create_inspection(ws, authority="Northshire", framework_uid="ilacs@2023",
                                         kind=InspectionKind.ILACS_STANDARD, start_date=date(2026, 11, 9),
                                         end_date=date(2026, 11, 20)).id


def _children(ws, inspection_id: int) -> int:  # type: ignore[no-untyped-def]
    return sum(i.row_count for i in annex_import.imports(ws, inspection_id))


def test_csv_previewed_then_imported_whole(ws, inspection_id, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    headings, rows = synthetic_rows(8, 300, seed=4, today=TODAY)
    path = write_csv(tmp_path / "list8.csv", headings, rows)
    preview = annex_import.preview(ws, inspection_id, path, 8, today=TODAY)
    assert preview.ready and len(preview.rows) == 300 and not preview.issues
    assert preview.mapping["Child Unique ID"] == "council_id" and preview.mapping["Date Entered Care"] == "event_date"
    assert _children(ws, inspection_id) == 0  # nothing imported until the preview is accepted
    info = annex_import.accept(ws, preview)
    assert info.row_count == 300 and _children(ws, inspection_id) == 300
    again = annex_import.accept(ws, annex_import.preview(ws, inspection_id, path, 8, today=TODAY))
    assert _children(ws, inspection_id) == 300 and again.id != info.id  # a list imported again replaces it
    assert "SYN" not in caplog.text


def test_xlsx_with_a_councils_own_headings_is_mapped_once_and_remembered(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headings, rows = synthetic_rows(9, 120, seed=5, today=TODAY, style="northshire")
    path = write_xlsx(tmp_path / "care leavers.xlsx", headings, rows)
    first = annex_import.preview(ws, inspection_id, path, 9, today=TODAY)
    assert not first.ready and "Child's unique ID" in first.problems[0]
    assert any("LA_CHILD_REF" in w for w in first.warnings)  # unexpected column named
    mapping = dict(first.mapping, LA_CHILD_REF="council_id")
    fixed = annex_import.preview(ws, inspection_id, path, 9, today=TODAY, mapping=mapping)
    assert fixed.ready and len(fixed.rows) == 120
    assert fixed.rows[0]["date_of_birth"] == rows[0][3] and fixed.rows[0]["council_id"] == rows[0][0]
    annex_import.accept(ws, fixed)
    remembered = annex_import.preview(ws, inspection_id, path, 9, today=TODAY)
    assert remembered.ready and remembered.mapping["LA_CHILD_REF"] == "council_id"


def _bad_rows(tmp_path: Path) -> tuple[Path, list[list[object]]]:
    headings, rows = synthetic_rows(8, 10, seed=6, today=TODAY)
    rows[3][0] = rows[2][0]  # row 5 repeats the child of row 4
    rows[5][3] = TODAY + timedelta(days=30)  # a born-in-the-future child (not unborn)
    rows[5][4] = 3
    rows[6][10] = TODAY + timedelta(days=3)  # entered care next week
    rows[7][4] = "twelve"
    rows[8][0] = ""
    return write_csv(tmp_path / "bad.csv", headings, rows), rows


def test_unreadable_rows_are_listed_by_number_and_reason_without_content(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path, rows = _bad_rows(tmp_path)
    preview = annex_import.preview(ws, inspection_id, path, 8, today=TODAY)
    reasons = {i.row: i.reason for i in preview.issues}
    assert reasons[5].startswith("repeats row 4")
    assert reasons[7] == "Date of Birth is in the future (unborn children have age -1)"
    assert reasons[8] == "Date Entered Care is in the future"
    assert reasons[9].startswith("Age is not an age")
    assert "is empty" in reasons[10]
    assert len(preview.rows) == 5
    text = " ".join(preview.problems + preview.warnings + [i.reason for i in preview.issues])
    assert not any(str(r[0]) in text for r in rows if r[0]) and "twelve" not in text


def test_unborn_child_may_have_a_future_date_of_birth(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headings, rows = synthetic_rows(6, 3, seed=7, today=TODAY)
    rows[0][3], rows[0][4] = TODAY + timedelta(days=40), -1
    preview = annex_import.preview(ws, inspection_id, write_csv(tmp_path / "l6.csv", headings, rows), 6, today=TODAY)
    assert not preview.issues and preview.rows[0]["age"] == -1


def test_two_date_formats_are_read_and_flagged(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headings, rows = synthetic_rows(7, 6, seed=8, today=TODAY)
    path = write_csv(tmp_path / "l7.csv", headings, rows)
    lines = path.read_text().splitlines()
    british = write_csv(tmp_path / "b.csv", headings, rows[4:], british_dates=True).read_text().splitlines()[1:]
    path.write_text("\n".join(lines[:5] + british) + "\n")
    preview = annex_import.preview(ws, inspection_id, path, 7, today=TODAY)
    assert len(preview.rows) == 6 and preview.rows[5]["date_of_birth"] == rows[5][3]
    (warning,) = [w for w in preview.warnings if "formats" in w and "Date of Birth" in w]
    assert "YYYY-MM-DD in 4 row(s)" in warning and "DD/MM/YYYY in 2 row(s) (first at row 6)" in warning


def test_missing_required_column_imports_nothing(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headings, rows = synthetic_rows(8, 5, seed=9, today=TODAY)
    path = write_csv(tmp_path / "nochild.csv", headings[1:], [r[1:] for r in rows])
    preview = annex_import.preview(ws, inspection_id, path, 8, today=TODAY)
    assert not preview.ready and preview.problems[0].startswith("No column holds the Child's unique ID")
    with pytest.raises(annex_import.ValidationError, match="No column holds"):
        annex_import.accept(ws, preview)
    assert _children(ws, inspection_id) == 0


@pytest.mark.parametrize("case, reason", [
    ("empty", AnnexProblem.EMPTY), ("headings_only", AnnexProblem.NO_ROWS), ("formula", AnnexProblem.FORMULAS),
    ("merged", AnnexProblem.MERGED_CELLS), ("too_big", AnnexProblem.TOO_BIG), ("pdf", AnnexProblem.UNSUPPORTED),
    ("broken_xlsx", AnnexProblem.UNREADABLE), ("repeated_heading", AnnexProblem.DUPLICATE_HEADINGS),
])
def test_bad_files_refused_with_one_clear_message(ws, inspection_id, tmp_path, case, reason) -> None:  # type: ignore[no-untyped-def]
    headings, rows = synthetic_rows(8, 4, seed=10, today=TODAY)
    if case == "empty":
        path = tmp_path / "empty.csv"
        path.write_bytes(b"")
    elif case == "headings_only":
        path = write_csv(tmp_path / "h.csv", headings, [])
    elif case in ("formula", "merged"):
        book = Workbook()
        sheet = book.active
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        if case == "formula":
            sheet["E3"] = "=E2+1"
        else:
            sheet.merge_cells("H2:H3")
        path = tmp_path / f"{case}.xlsx"
        book.save(path)
    elif case == "too_big":
        path = tmp_path / "huge.csv"
        with path.open("wb") as handle:
            handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    elif case == "pdf":
        path = tmp_path / "list.pdf"
        path.write_bytes(b"%PDF-1.4")
    elif case == "broken_xlsx":
        path = tmp_path / "broken.xlsx"
        path.write_bytes(b"PK\x03\x04 not really a workbook")
    else:
        path = write_csv(tmp_path / "rep.csv", [*headings[:-1], "Gender"], rows)
    with pytest.raises(AnnexFileError) as caught:
        annex_import.preview(ws, inspection_id, path, 8, today=TODAY)
    assert caught.value.reason is reason
    message = str(caught.value)
    assert (message.startswith(path.name) or message[0].isupper()) and "\n" not in message and "SYN" not in message
    assert _children(ws, inspection_id) == 0


def test_formula_message_names_the_cell(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    sheet = book.active
    sheet.append(["Child Unique ID", "Age"])
    sheet.append(["SYN000001", "=1+2"])
    path = tmp_path / "f.xlsx"
    book.save(path)
    with pytest.raises(AnnexFileError, match="row 2, column B"):
        annex_import.read_table(path)


def test_cancel_or_failure_part_way_leaves_nothing_imported(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headings, rows = synthetic_rows(3, 6000, seed=11, today=TODAY)
    preview = annex_import.preview(ws, inspection_id, write_csv(tmp_path / "l3.csv", headings, rows), 3, today=TODAY)
    calls = iter(range(100))
    with pytest.raises(ImportCancelled):
        annex_import.accept(ws, preview, cancelled=lambda: next(calls) >= 1)  # after the first batch
    assert annex_import.imports(ws, inspection_id) == []
    preview.rows[5500]["council_id"] = None  # a row the database refuses (NOT NULL) in the second batch
    with pytest.raises(Exception):  # noqa: B017 - any failure must roll back
        annex_import.accept(ws, preview)
    assert annex_import.imports(ws, inspection_id) == []
    with pytest.raises(ImportCancelled):
        annex_import.preview(ws, inspection_id, tmp_path / "l3.csv", 3, today=TODAY, cancelled=lambda: True)


def test_bundles_never_carry_council_identifiers(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.bundles.export import export_bundle
    from inspector_app.services import sampling

    headings, rows = synthetic_rows(8, 50, seed=12, today=TODAY)
    annex_import.accept(ws, annex_import.preview(ws, inspection_id, write_csv(tmp_path / "l8.csv", headings, rows),
                                                 8, today=TODAY))
    sampling.draw_sample(ws, inspection_id, sampling.SampleSpec(size=6, seed=1))
    sampling.accept_sample(ws, inspection_id)
    out = export_bundle(ws, inspection_id, tmp_path / "b.inspbundle")
    with zipfile.ZipFile(Path(str(getattr(out, "path", tmp_path / "b.inspbundle")))) as archive:
        blob = b"".join(archive.read(n) for n in archive.namelist())
    assert b"SYN0" not in blob and b"S-001" in blob


def test_purge_after_publication_removes_the_lists_and_council_ids(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.domain.enums import InspectionStatus
    from inspector_app.services import retention, sampling

    headings, rows = synthetic_rows(8, 40, seed=13, today=TODAY)
    annex_import.accept(ws, annex_import.preview(ws, inspection_id, write_csv(tmp_path / "l8.csv", headings, rows),
                                                 8, today=TODAY))
    sampling.draw_sample(ws, inspection_id, sampling.SampleSpec(size=5, seed=1))
    sampling.accept_sample(ws, inspection_id)
    inspections.update_inspection(ws, inspection_id, status=InspectionStatus.PUBLISHED)
    retention.purge_case_details(ws, inspection_id, confirm="Northshire")
    assert sampling.strata(ws, inspection_id) == {} and sampling.sample(ws, inspection_id) == []


def test_cli_previews_maps_imports_and_samples(ws, inspection_id, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from inspector_app.cli import run

    headings, rows = synthetic_rows(8, 80, seed=14, today=TODAY, style="northshire")
    path = write_csv(tmp_path / "cla.csv", headings, rows)
    db = str(ws.db.path)
    ws.close()
    me = ["--user", "Tess Tester"]  # the inspection's lead: someone not on its roster changes nothing
    base = ["annex", "import", str(path), "--db", db, *me, "--inspection", str(inspection_id), "--list", "8"]
    assert run(base) == 1  # the child ID column is not recognised: a preview only, with the problem
    out = capsys.readouterr().out
    assert "problem: No column holds the Child's unique ID" in out and "Nothing imported" in out
    assert run([*base, "--map", "LA_CHILD_REF=council_id", "--accept"]) == 0
    assert "Imported list 8: 80 rows." in capsys.readouterr().out
    assert run(["annex", "sample", "--db", db, *me, "--inspection", str(inspection_id), "--size", "6", "--seed", "4",
                "--make-cases"]) == 0
    out = capsys.readouterr().out
    assert "Sample of 6 (seed 4)" in out and "6 case(s) made" in out and "SYN" not in out
    assert run([*base, "--map", "LA_CHILD_REF=nonsense"]) == 1
    assert "--map takes HEADING=FIELD" in capsys.readouterr().err


def test_a_mapping_for_another_file_is_refused_plainly(ws, inspection_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    headings, rows = synthetic_rows(8, 5, seed=15, today=TODAY)
    path = write_csv(tmp_path / "l8.csv", headings, rows)
    with pytest.raises(annex_import.ValidationError, match="no column headed 'Child ID'"):
        annex_import.preview(ws, inspection_id, path, 8, today=TODAY, mapping={"Child ID": "council_id"})
