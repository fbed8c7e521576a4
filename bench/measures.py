"""The individual measurements, each beside its baseline from the same run."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

import scratch  # noqa: E402

from inspector_app.domain.enums import EvidenceSource, Polarity  # noqa: E402
from inspector_app.services import Workspace, evidence, open_workspace  # noqa: E402
from inspector_app.services.evidence import EvidenceFilter  # noqa: E402


@dataclass
class Row:
    figure: str
    size: str
    ours: float
    baseline: float | None
    unit: str
    target: str
    met: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def write_settings(folder: Path, db: Path, inspection_id: int) -> None:
    """The settings of someone who used the app on ``db`` (who they are, the inspection they had open),
    in ``folder`` as the app keeps them (``INSPECTOR_APP_DATA_DIR``): on disk before the app starts."""
    from inspector_app.domain.enums import TeamRole
    from inspector_app.gui.app import database_key
    from inspector_app.gui.settings import AppSettings, Identity

    settings = AppSettings(folder / "settings.ini")
    settings.set_identity(Identity("Bench", "BE", TeamRole.LEAD))
    settings.set_last_inspection(database_key(db), inspection_id)


def _process(args: list[str]) -> dict:
    """Run the window probe; its report's times are made to count from spawning the process. The app's
    runs get a fresh data folder each, holding the person's settings (``write_settings``)."""
    data_dir = None
    if args[0] == "app":
        data_dir = scratch.folder()
        write_settings(data_dir, Path(args[1]), int(args[2]))
    try:
        return _probe(args, data_dir)
    finally:
        if data_dir is not None:
            scratch.release(data_dir)


def _probe(args: list[str], data_dir: Path | None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if data_dir is not None:
        env["INSPECTOR_APP_DATA_DIR"] = str(data_dir)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(BENCH / "window_probe.py"), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    line = ""
    while not line.startswith("{"):
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("the window probe ended without reporting")
    elapsed = time.perf_counter() - start
    process.wait(timeout=120)
    report = json.loads(line)
    if "error" in report:
        raise RuntimeError(f"the window probe failed: {report['error']}")
    before = elapsed - report["report_seconds"]  # the interpreter starting, before the probe's first line
    for key in ("paint_seconds", "frame_seconds", "window_seconds", "populated_seconds", "glance_seconds",
                "page_seconds"):
        if key in report:
            report[key] += before
    return report


def cold_start(db: Path, inspection_id: int, size: str, repeat: int) -> list[Row]:
    bares = [_process(["bare"]) for _ in range(repeat)]
    bare = [r["paint_seconds"] for r in bares]
    runs = [_process(["app", str(db), str(inspection_id), "--scroll"]) for _ in range(repeat)]
    paint = [r["paint_seconds"] for r in runs]
    frame, bare_frame = (statistics.median(r["frame_seconds"] for r in rs) for rs in (runs, bares))
    filled = [r["populated_seconds"] for r in runs]
    view = [r["evidence_view_seconds"] for r in runs]
    rss = max(r["peak_rss_mb"] for r in runs)
    pages = runs[-1]["pages_fetched"]
    rows_total = runs[-1]["rows"]
    o, f, b = statistics.median(paint), statistics.median(filled), statistics.median(bare)
    whole = [r["page_seconds"] for r in runs]
    shell_first = sum("glance_seconds" in r for r in runs)
    return [
        Row("first paint (the window's shell)", size, o, b, "s", "≤ 1.5× bare Qt window", o <= 1.5 * b,
            f"spread {min(paint):.2f}–{max(paint):.2f} s; bare {min(bare):.2f}–{max(bare):.2f} s; the frame on "
            f"screen (the sidebar painted too) at {frame:.3f} s, bare {bare_frame:.3f} s"),
        Row("overview populated, inspection open", size, f, b, "s", "≤ 3× bare Qt window", f <= 3 * b,
            f"spread {min(filled):.2f}–{max(filled):.2f} s; the numbers on the shell's first look in "
            f"{shell_first} of {len(runs)} runs"),
        Row("overview page complete (main window, every table)", size, statistics.median(whole), b, "s", "—", None,
            f"spread {min(whole):.2f}–{max(whole):.2f} s; main window up at "
            f"{statistics.median(r['window_seconds'] for r in runs):.2f} s"),
        Row("evidence table: open and scroll to the end", size, statistics.median(view), None, "s", "< 0.2 s",
            statistics.median(view) < 0.2, f"{rows_total} rows, {pages} pages of 200 fetched"),
        Row("peak memory (RSS), window open + evidence scrolled", size, rss, None, "MB", "< 300 MB", rss < 300),
    ]


def disk_size(db: Path, size: str, main_items: int) -> Row:
    """The database file (and its write-ahead log) on disk, with how many items it holds."""
    con = sqlite3.connect(db)
    total, inspections = con.execute(
        "SELECT (SELECT count(*) FROM evidence), (SELECT count(*) FROM inspection)").fetchone()
    con.close()
    mb = sum(p.stat().st_size for p in (db, Path(f"{db}-wal")) if p.exists()) / 2**20
    return Row("database size on disk", size, mb, None, "MB", "—", None,
               f"{total:,} evidence items in {inspections} inspections, {main_items:,} in the one opened; "
               f"{mb * 2**20 / max(1, total):,.0f} bytes an item with its full-text index")


def _baseline_db(source: Path, folder: Path, with_audit: bool = False) -> Path:
    """An empty copy of the evidence table (same columns, indexes, FTS triggers, pragmas) in ``folder`` (the
    caller's scratch folder, which takes it away); ``with_audit`` adds the audit trail's table and indexes
    (not its triggers, which guard updates and deletes only).

    The full-text index's own tables are made by its CREATE VIRTUAL TABLE; its triggers are the
    evidence table's (until 2026-12-03 a LIKE whose ``_`` matched any letter dropped them, so the
    baselines of saves and merges skipped the full-text index the app keeps)."""
    target = folder / ("baseline-audit.sqlite" if with_audit else "baseline.sqlite")
    src = sqlite3.connect(source)
    audit = " OR (tbl_name = 'audit_event' AND type != 'trigger')" if with_audit else ""
    ddl = [r[0] for r in src.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND (tbl_name = 'evidence' OR name = 'evidence_fts'"
        f"{audit}) ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END")]  # the triggers last
    src.close()
    con = sqlite3.connect(target)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    for statement in ddl:
        con.execute(statement)
    con.commit()
    con.close()
    return target


def _copy(db: Path, folder: Path) -> Path:
    """A copy of the data set in ``folder`` for saves to write to (the cached set stays as it was)."""
    work = folder / "save.sqlite"
    src, dst = sqlite3.connect(db), sqlite3.connect(work)
    src.backup(dst)
    src.close()
    dst.close()
    return work


def _lead(ws: Workspace, inspection_id: int) -> str:
    from inspector_app.services import inspections

    lead = inspections.get_inspection(ws, inspection_id).lead
    return lead.name if lead is not None else ws.user


SAVED = dict(text="Supervision is regular and reflective.", area_key="leaders", polarity=Polarity.STRENGTH,
             source=EvidenceSource.MANAGER, descriptors=["lead.go2"])  # what every measured save saves
# The evidence row as the bare inserts write it (the app's columns; ``uuid`` and ``ref`` vary per row).
_ROW = {"created_at": "2026-03-02 09:00:00.000000", "updated_at": "2026-03-02 09:00:00.000000",
        "created_by": "Bench", "updated_by": "Bench", "text": "Supervision is regular and reflective.",
        "source": "manager", "seen_on": "2026-03-02", "area_key": "leaders", "descriptors": '["lead.go2"]',
        "polarity": "strength", "grade": None, "case_id": None, "record_audit_id": None, "tags": "[]",
        "inspectorate": None}
_EVENT_SQL = ("INSERT INTO audit_event (uuid, at, received_at, who, inspection_uuid, entity, row_uuid, action,"
              " changes, changes_hash, chain_hash) VALUES (?, '2026-03-02 09:00:00.000000',"
              " '2026-03-02 09:00:00.000000', 'Bench', ?, 'evidence', ?, 'create', ?, ?, ?)")
_CHANGES = ('{"area_key": "leaders", "case_uuid": null, "descriptors": ["lead.go2"], "grade": null, '
            '"inspectorate": null, "polarity": "strength", "record_audit_uuid": null, "seen_on": "2026-03-02", '
            '"source": "manager", "tags": [], "text": "Supervision is regular and reflective."}')


def _evidence_insert(con: sqlite3.Connection) -> tuple[str, list[str]]:
    columns = [r[1] for r in con.execute("PRAGMA table_info(evidence)") if r[1] != "id"]
    return (f"INSERT INTO evidence ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", columns)


def save_one(db: Path, inspection_id: int, size: str, repeat: int) -> list[Row]:
    """The app's saves and four bare ``sqlite3`` references, each save committed on its own:

    * the target's baseline: the evidence row alone into an empty copy of the evidence table;
    * the evidence row alone into the data set's own file (B-trees and full-text index as large as the app's);
    * the floor: the row and its audit event, the SQL a save runs, into the data set's own file;
    * the row and its audit event into empty copies of both tables.

    The two references on the full file take turns, on the copy the app's saves went to, after them; the
    copies live in a scratch folder removed once measured (a million-item copy is a gigabyte)."""
    folder = scratch.folder()
    try:
        work = _copy(db, folder)
        ws = open_workspace(work, user="Bench", create=True, plaintext=True)
        try:
            ws.user = _lead(ws, inspection_id)  # saves as the inspection's lead: someone off its roster changes nothing
            ours_times = timed(lambda: evidence.add_evidence(ws, inspection_id, **SAVED), repeat)
        finally:
            ws.close()
        single_times, floor_times = _driver_saves(work, inspection_id, repeat)
        for copy in folder.glob(f"{work.name}*"):  # a gigabyte at a million items, gone before the next copies
            copy.unlink()
        base_times = _empty_saves(db, folder, repeat, with_event=False)
        pair_times = _empty_saves(db, folder, repeat, with_event=True)
    finally:
        scratch.release(folder)
    rows = []
    for label, q, bound in (("p50", 0.5, 2), ("p99", 0.99, 3)):  # issue 17: p50 ≤ 2×, p99 ≤ 3×
        o, b, p = pct(ours_times, q), pct(base_times, q), pct(pair_times, q)
        f, s1 = pct(floor_times, q), pct(single_times, q)
        rows.append(Row(f"save one evidence item ({label})", size, o * 1000, b * 1000, "ms", f"≤ {bound}× sqlite3",
                        o <= bound * b, f"{len(ours_times)} saves; by sqlite3 into the full file, the evidence row "
                        f"alone: {s1 * 1000:.2f} ms ({o / s1:.2f}× of that), with its audit event (the floor): "
                        f"{f * 1000:.2f} ms ({o / f:.2f}×); into empty copies, the row with its audit event: "
                        f"{p * 1000:.2f} ms ({o / p:.2f}×)"))
    return rows


def _empty_saves(db: Path, folder: Path, repeat: int, *, with_event: bool) -> list[float]:
    """Bare inserts into empty copies of the evidence table (and of the audit trail's, ``with_event``): the
    evidence row alone is the target's baseline; with its event (JSON of what was saved, two SHA-256 hex
    digests) in the same transaction it is a figure for the notes."""
    con = sqlite3.connect(_baseline_db(db, folder, with_audit=with_event))
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("PRAGMA synchronous=NORMAL")  # per connection: the app's own setting (FULL would fsync each commit)
    sql, columns = _evidence_insert(con)
    counter = iter(range(10**9))

    def save() -> None:
        n = next(counter)
        row = dict(_ROW, uuid=f"u{n}", ref=f"BB-{n + 1}", inspection_id=1)  # each item its own reference
        con.execute(sql, [row.get(c) for c in columns])  # columns added later (nullable) stay NULL
        if with_event:
            con.execute(_EVENT_SQL, (f"e{n}", "i", f"u{n}", _CHANGES, "0" * 64, f"{n:064x}"))
        con.commit()

    try:
        return timed(save, repeat)
    finally:
        con.close()


def _driver_saves(work: Path, inspection_id: int, repeat: int) -> tuple[list[float], list[float]]:
    """Bare saves into the file the app's saves went to (the full data set: its B-trees and full-text index as
    large as the app's, where the baseline's copies start empty), each committed, the two kinds taking turns:
    the evidence row alone, and the floor (the row and its audit event, the SQL of a save without the app;
    what the app adds beyond it is Python). UUIDs are random, as the app's: each lands on another leaf of
    the unique indexes."""
    from inspector_app.storage.checkpoints import AUTOCHECKPOINT_PAGES

    con = sqlite3.connect(work)
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")  # the app's: its log is checkpointed off its
    # saves (storage.checkpoints), so a checkpoint inside one commit in forty would be work the app never does
    inspection_uuid = con.execute("SELECT uuid FROM inspection WHERE id = ?", (inspection_id,)).fetchone()[0]
    sql, columns = _evidence_insert(con)
    counter = iter(range(10**9))

    def save(with_event: bool) -> None:
        n = next(counter)
        row_uuid = str(uuid.uuid4())
        row = dict(_ROW, uuid=row_uuid, ref=f"BF-{n + 1}", inspection_id=inspection_id)
        con.execute(sql, [row.get(c) for c in columns])
        if with_event:
            con.execute(_EVENT_SQL, (str(uuid.uuid4()), inspection_uuid, row_uuid, _CHANGES, "0" * 64, f"{n:064x}"))
        con.commit()

    single: list[float] = []
    pair: list[float] = []
    try:
        for _ in range(repeat):
            single += timed(lambda: save(False), 1)
            pair += timed(lambda: save(True), 1)
        return single, pair
    finally:
        con.close()


def profile_save(db: Path, inspection_id: int, profiler: Callable[[Callable[[], object]], str]) -> str:
    folder = scratch.folder()
    try:
        ws = open_workspace(_copy(db, folder), user="Bench", create=True, plaintext=True)
        try:
            ws.user = _lead(ws, inspection_id)  # saves as the inspection's lead: someone off its roster changes nothing

            def saves() -> None:
                for _ in range(200):
                    evidence.add_evidence(ws, inspection_id, **SAVED)

            return profiler(saves)
        finally:
            ws.close()
    finally:
        scratch.release(folder)


def profile_search(db: Path, inspection_id: int, profiler: Callable[[Callable[[], object]], str]) -> str:
    ws = open_workspace(db, create=True, plaintext=True)

    def typing() -> None:
        for _ in range(5):
            for query in TYPED:
                evidence.evidence_ids(ws, inspection_id, EvidenceFilter(query=query), limit=SHOWN)

    try:
        return profiler(typing)
    finally:
        ws.close()


TYPED = ["sup", "supe", "super", "supervision", "str", "strat", "strategy", "pathway", "pathway plan",
         "placement", "placement moves", "voice", "voice of the child", "drift", "exploitation"]
SHOWN = 501  # the evidence page lists 500 matches and asks for one more to know whether there are more


def search(db: Path, inspection_id: int, size: str, repeat: int, items: int = 0) -> list[Row]:
    """Search as you type through the service, beside a bare FTS5 query returning the same rows in order.

    Each query is timed both ways in turn, after one untimed pass that warms both connections' caches.
    """
    from inspector_app.services import search as text_search

    ws = open_workspace(db, create=True, plaintext=True)
    con = sqlite3.connect(db)
    first, last = con.execute("SELECT min(id), max(id) FROM evidence WHERE inspection_id = ?",
                              (inspection_id,)).fetchone()

    def bare(query: str) -> list[int]:
        likes = text_search.like_patterns(query)  # words under three letters: FTS5's own LIKE on the column
        sql = ("SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ? AND rowid BETWEEN ? AND ?"
               + "".join(" AND text LIKE ? ESCAPE '\\'" for _ in likes) + " ORDER BY rowid DESC LIMIT ?")
        return [r[0] for r in con.execute(sql, (text_search.fts_match(query), first, last, *likes, SHOWN))]

    def ours(query: str) -> list[int]:
        return evidence.evidence_ids(ws, inspection_id, EvidenceFilter(query=query), limit=SHOWN)

    same = all(ours(query) == bare(query) for query in TYPED)
    ours_times: list[float] = []
    base_times: list[float] = []
    pairs = ((ours, ours_times), (bare, base_times))
    for n in range(repeat * 4):  # a keystroke costs milliseconds: more passes, steadier percentiles
        for query in TYPED:  # whichever runs second on a query finds it warmer (≈30% at 50k): take turns
            for fn, out in (pairs if n % 2 else pairs[::-1]):
                start = time.perf_counter()
                fn(query)
                out.append(time.perf_counter() - start)
    ws.close()
    con.close()
    limit_ms = 50.0 if items > 100_000 else 15.0
    rows = []
    for label, q in (("p50", 0.5), ("p95", 0.95)):
        o, b = pct(ours_times, q), pct(base_times, q)
        target = "≤ 1.5× FTS5" + (f", p95 < {limit_ms:.0f} ms" if label == "p95" else "")
        met = o <= 1.5 * b and (label != "p95" or o * 1000 < limit_ms)
        rows.append(Row(f"search as you type ({label})", size, o * 1000, b * 1000, "ms", target, met,
                        f"{len(TYPED)} queries × {repeat * 4}, taking turns, first {SHOWN} matches; "
                        + ("same rows in the same order" if same else "ROWS DIFFER from the baseline")))
    return rows


def report_export(size: str, repeat: int) -> list[Row]:
    """A 2,000-item, 200-case inspection exported with its evidence appendix, beside plain ReportLab."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from inspector_app.reports import ExportOptions, export_pdf
    from inspector_app.reports.content import gather

    db = report_dataset()
    ws = open_workspace(db, create=True, plaintext=True)
    inspection_id = 1
    out = scratch.folder()
    ours = timed(lambda: export_pdf(ws, inspection_id, out / "ours.pdf", ExportOptions(appendix=True)), repeat)
    data = gather(ws, inspection_id)
    ws.close()
    styles = getSampleStyleSheet()

    def plain() -> None:
        story = [Paragraph(f.text, styles["BodyText"]) for f in data.findings]
        rows = [["Ref", "Area", "Source", "Seen", "Child", "Evidence"]]
        rows += [[f"E-{e.id:04d}", e.area_key, e.source.label, e.seen_on.isoformat(), "Child",
                  Paragraph(e.text, styles["BodyText"])] for e in data.cited.values()]
        story.append(Table(rows, repeatRows=1, colWidths=[40, 70, 70, 50, 40, 200]))
        SimpleDocTemplate(str(out / "plain.pdf")).build(story)

    base = timed(plain, repeat)
    o, b = statistics.median(ours), statistics.median(base)
    return [Row("draft report export with appendix (PDF)", size, o, b, "s", "≤ 2× plain ReportLab", o <= 2 * b,
                f"{len(data.cited)} evidence items cited, {data.case_count} cases")]


def word_export(size: str, repeat: int) -> list[Row]:
    """The same inspection exported as .docx, beside plain python-docx writing the same paragraphs and table."""
    from docx import Document as WordDocument

    from inspector_app.reports import ExportOptions, export_pdf
    from inspector_app.reports.content import gather

    ws = open_workspace(report_dataset(), create=True, plaintext=True)
    inspection_id = 1
    out = scratch.folder()
    ours = timed(lambda: export_pdf(ws, inspection_id, out / "ours.docx", ExportOptions(appendix=True)), repeat)
    data = gather(ws, inspection_id)
    ws.close()

    def plain() -> None:
        doc = WordDocument()
        for finding in data.findings:
            doc.add_paragraph(finding.text)
        table = doc.add_table(rows=1, cols=6)
        for cell, text in zip(table.rows[0].cells, ("Ref", "Area", "Source", "Seen", "Child", "Evidence"),
                              strict=True):
            cell.text = text
        for e in data.cited.values():
            values = (f"E-{e.id:04d}", e.area_key, e.source.label, e.seen_on.isoformat(), "Child", e.text)
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
        doc.save(str(out / "plain.docx"))

    base = timed(plain, repeat)
    o, b = statistics.median(ours), statistics.median(base)
    return [Row("draft report export with appendix (.docx)", size, o, b, "s", "≤ 2× plain python-docx",
                o <= 2 * b, f"{len(data.cited)} evidence items cited, {data.case_count} cases")]


def profile_export(fmt: str, profiler: Callable[[Callable[[], object]], str]) -> str:
    from inspector_app.reports import ExportOptions, export_pdf

    ws = open_workspace(report_dataset(), create=True, plaintext=True)
    out = scratch.folder() / f"profile.{fmt}"
    try:
        return profiler(lambda: export_pdf(ws, 1, out, ExportOptions(appendix=True)))
    finally:
        ws.close()


def report_dataset() -> Path:
    """200 cases and 2,000 evidence items, every item cited by a finding (cached)."""
    from inspector_app.domain.enums import FindingKind, Grade, InspectionKind, LegalStatus, TeamRole
    from inspector_app.services import cases, findings, inspections, judgements

    path = BENCH / ".cache" / "report-2000.sqlite"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for leftover in path.parent.glob(partial.name + "*"):
        leftover.unlink()
    ws = open_workspace(partial, user="Bench", create=True, plaintext=True)
    info = inspections.create_inspection(
        ws, authority="Benchmark", framework_uid="ilacs@2023", kind=InspectionKind.ILACS_STANDARD,
        start_date=date(2026, 3, 2), end_date=date(2026, 3, 13), team=[("Bench Lead", "BL", TeamRole.LEAD)],
        summary="A synthetic inspection for measuring the report export. " * 6)
    framework = ws.registry.get("ilacs", "2023")
    case_ids = [cases.add_case(ws, info.id, reference=f"BM-{i:05d}", legal_status=LegalStatus.CHILD_IN_NEED,
                               initials="XY").id for i in range(200)]
    areas = [a.key for a in framework.areas]
    by_area: dict[str, list[int]] = {a: [] for a in areas}
    for i in range(2000):
        area = areas[i % len(areas)]
        item = evidence.add_evidence(
            ws, info.id, text=f"Evidence item {i}: the social worker visited regularly, saw the child alone and "
                              "recorded their wishes; the plan was reviewed on time with partners.",
            area_key=area, polarity=Polarity.STRENGTH if i % 3 else Polarity.DEVELOPMENT,
            source=EvidenceSource.CASE_FILE, case_id=case_ids[i % 200])
        by_area[area].append(item.id)
    for area, ids in by_area.items():
        judgements.set_judgement(ws, info.id, area, Grade.GOOD, "Balance of evidence.")
        for chunk in range(0, len(ids), 25):
            findings.add_finding(ws, info.id, kind=FindingKind.STRENGTH, area_key=area,
                                 text="Practice in this area is consistently strong, and children benefit. " * 3,
                                 evidence_ids=ids[chunk:chunk + 25])
    judgements.set_overall(ws, info.id, Grade.GOOD, "Settled.")
    ws.close()
    partial.rename(path)
    return path


def _merge_fixture(members: int, per_member: int) -> tuple[Path, list[Path], list[dict]]:
    """The lead's database and the members' bundles (each member added ``per_member`` items)."""
    from sqlalchemy import insert

    from inspector_app.bundles.export import export_bundle
    from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
    from inspector_app.domain.enums import InspectionKind, TeamRole
    from inspector_app.services import identity, inspections, roster
    from inspector_app.storage.base import new_uuid
    from inspector_app.storage.models import Evidence

    work = scratch.folder()
    lead = open_workspace(work / "lead.sqlite", user="Lead", create=True, plaintext=True)
    info = inspections.create_inspection(
        lead, authority="Mergeshire", framework_uid="ilacs@2023", kind=InspectionKind.ILACS_STANDARD,
        start_date=date(2026, 3, 2), end_date=date(2026, 3, 13), team=[("Lead", "LE", TeamRole.LEAD),
                                                            *((f"Inspector {m}", f"I{chr(65 + m)}", TeamRole.TEAM)
                                                              for m in range(members))])
    laptops = [open_workspace(work / f"member{m}.sqlite", user=f"Inspector {m}", create=True, plaintext=True)
               for m in range(members)]
    for ws in laptops:  # the lead puts each colleague on the roster with the key from their laptop
        roster.add_member(lead, info.id, ws.user, TeamRole.TEAM, identity.ensure_signing_key(ws).public_key)
    start = work / "start.inspbundle"
    export_bundle(lead, info.id, start, recipient="team")
    lead.close()
    bundles, rows_for_baseline = [], []
    for m, ws in enumerate(laptops):
        inspection_id = apply_import(ws, plan_import(ws, read_bundle(start))).inspection_id
        rows = [{"uuid": new_uuid(), "inspection_id": inspection_id, "text": f"Inspector {m}, item {i}: the plan "
                 "was reviewed on time and the child's views were recorded.", "source": "case_file",
                 "seen_on": date(2026, 3, 3), "area_key": "leaders", "descriptors": [], "polarity": "strength",
                 "grade": None, "case_id": None, "record_audit_id": None, "tags": [],
                 "created_by": f"Inspector {m}", "updated_by": f"Inspector {m}", "ref": f"I{chr(65 + m)}-{i + 1}"}
                for i in range(per_member)]
        with ws.db.session() as session:
            session.execute(insert(Evidence), rows)
        rows_for_baseline += rows
        path = work / f"member{m}.inspbundle"
        export_bundle(ws, inspection_id, path, recipient="lead")
        bundles.append(path)
        ws.close()

    return work, bundles, rows_for_baseline


def _merge_once(work: Path, bundles: list[Path]) -> None:
    """A copy of the lead's database with every bundle imported, planned and applied in turn."""
    from inspector_app.bundles.importer import apply_import, backup_before_import, plan_import, read_bundle

    target = work / "merge.sqlite"
    shutil.copyfile(work / "lead.sqlite", target)
    for suffix in ("-wal", "-shm"):
        Path(str(work / "lead.sqlite") + suffix).exists() and shutil.copyfile(
            str(work / "lead.sqlite") + suffix, str(target) + suffix)
    ws = open_workspace(target, user="Lead", create=True, plaintext=True)
    backup_before_import(ws)  # one verified backup before the round, as `bundle import` of several files takes
    for path in bundles:
        apply_import(ws, plan_import(ws, read_bundle(path)), backed_up=True)
    ws.close()
    target.unlink()


def profile_merge(profiler: Callable[[Callable[[], object]], str]) -> str:
    work, bundles, _rows = _merge_fixture(2, 5000)
    try:
        return profiler(lambda: _merge_once(work, bundles))
    finally:
        scratch.release(work)


def merge_bundles(size: str, repeat: int, members: int = 6, per_member: int = 5000) -> list[Row]:
    """Six inspectors' bundles of 5,000 evidence items each merged into the lead's database."""
    work, bundles, rows_for_baseline = _merge_fixture(members, per_member)

    def ours() -> None:
        _merge_once(work, bundles)

    ours_times = timed(ours, repeat)

    def plain() -> None:
        db = _baseline_db(work / "lead.sqlite", work)
        con = sqlite3.connect(db)
        con.executemany(
            "INSERT INTO evidence (uuid, created_at, updated_at, created_by, updated_by, inspection_id, text, source,"
            " seen_on, area_key, descriptors, polarity, grade, case_id, record_audit_id, tags, ref) VALUES "
            "(?, '2026-03-03 09:00:00', '2026-03-03 09:00:00', ?, ?, 1, ?, ?, ?, ?, '[]', ?, NULL, NULL, NULL, '[]',"
            " ?)",
            [(r["uuid"], r["created_by"], r["updated_by"], r["text"], r["source"], r["seen_on"].isoformat(),
              r["area_key"], r["polarity"], r["ref"]) for r in rows_for_baseline])  # each item its reference, as
        # the app's are (the column is required and unique in an inspection since evidence references)
        con.commit()
        con.close()
        for leftover in work.glob("baseline.sqlite*"):
            leftover.unlink()

    base_times = timed(plain, repeat)
    scratch.release(work)
    o, b = statistics.median(ours_times), statistics.median(base_times)
    return [Row(f"merge {members} bundles of {per_member:,} evidence items", size, o, b, "s",
                "≤ 3× sqlite3 executemany", o <= 3 * b, f"{members * per_member:,} rows, validated and planned")]
