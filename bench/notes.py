"""The words around the table in docs/performance.md: how each figure is measured, and for each figure
that misses its target, what limits it and what would close the gap. The profiles next to these
words are measured afresh by every ``bench/run.py --write``; the words are reviewed by hand."""

from __future__ import annotations

HOW = """\
## How it is measured

* **Data sets** are cached in `bench/.cache/`. Up to 50k the app's own demo generator is scaled so the
  main inspection holds about that many evidence items (cases, audits and notes in proportion). From
  200k the set is an archive: about 200 inspections, the main one holding a tenth of the items (100,000
  of a million), written once with the SQLite driver in bulk (`INSERT … SELECT` in one transaction, the
  full-text triggers firing as for the app; about two minutes for a million, with progress).
* **First paint and overview populated** are timed as a process: from spawning `bench/window_probe.py`
  (which starts the app as `inspector-app` does: the start-up shell, then the main window with the
  last inspection open, offscreen) to the shell's first paint, and to the overview's numbers on screen.
  The baseline is the same probe showing an empty `QMainWindow`. The same process then opens the
  evidence view, scrolls to the end and reports its peak RSS. The package is compiled to bytecode
  first, as an installed app is.
* **Saving** is `services.evidence.add_evidence` (validation, the audit trail) against a plain
  `sqlite3` INSERT + COMMIT into a copy of the evidence table with the same indexes, full-text triggers
  and pragmas (WAL, `synchronous=NORMAL`, as the app sets them).
* **Search** replays 15 queries typed letter by letter (`sup`, `supe`, …, `voice of the child`) through
  the service, asking for the 501 rows the evidence view asks for, against a bare FTS5 query that
  returns the same rows in the same order (checked, and said in the notes): a MATCH on the inspection's
  rowid range, newest first, words under three letters with FTS5's own LIKE. Each query is timed both
  ways in turn, after a pass that warms both connections.
* **Documents**: a 2,000-item, 200-case inspection exported with its evidence appendix, as PDF against
  plain ReportLab and as .docx against plain python-docx building the same paragraphs and table.
* **The merge** imports six bundles of 5,000 evidence items each into the lead's database, against a
  plain `executemany` of the same 30,000 rows.
* Timings on this shared 2-core virtual machine move by ±20% (more while other work runs); compare
  within one run, where every figure has its baseline.
"""

# What limits each kind of figure when it misses, and what would close it. Keyed by the start of the
# figure's name; the measured profile follows each one in the document.
WHY: dict[str, str] = {
    "first paint": """\
The shell (`gui/shell.py`) imports only Qt, the app's name and its icons, and paints before anything
else loads. What it still pays beyond a bare window: importing `inspector_app.gui.app` (settings, theme,
icons, ≈40 ms), loading the SVG icon plug-in for the sidebar's eleven icons, and laying out a list view
and a status bar. Closing the rest of the gap would mean drawing the sidebar's icons from a pre-rendered
PNG sprite and deferring the theme. Across runs the ratio is 1.3–1.9× (the bare window paints in 0.1 s
on a quiet machine, so 30 ms moves the ratio by 0.3).""",
    "overview populated": """\
Between the first paint and the numbers on screen, a background thread imports SQLAlchemy's ORM, the
services, the frameworks and the first screens (≈0.6 s with compiled bytecode on this machine, more
while other work runs); the GUI thread then opens the database, checks its schema revision, loads the
frameworks, builds the main window and asks for the overview, whose counts run in a thread and fill
in. The window answers input throughout. What remains is import time of the ORM itself: closing it
means not importing `sqlalchemy.orm` before the overview's numbers are needed (the overview's queries
are Core; the ORM is only needed for the first save), which is a restructuring of `services/` beyond
this issue.""",
    "evidence table": """\
Opening the view fetches the ids of the inspection in display order (an index on
`(inspection_id, seen_on, id)` serves the order: 100,000 ids in ≈80 ms), counts them, and fills the
filter boxes (authors and cases: each an index walk); rows are fetched 200 at a time, so scrolling to
the end reads two pages and memory stays flat. What remains is moving 100,000 ids into Python; an id
window (count first, fetch pages of ids by keyset as the view scrolls) would make opening independent
of the inspection's size.""",
    "save one": """\
The bare baseline is an INSERT + COMMIT with WAL and `synchronous=NORMAL`: no fsync, ≈50 µs. A save
through the service is a unit of work in SQLAlchemy's ORM: the inspection loaded for its framework, the
item validated against it (area, descriptors, the case belongs to the inspection), the flush, the audit
hook describing the new row and writing its audit event (with the UUIDs of the rows it refers to, and
its link in the hash chain), and the snapshot returned to the window; each SQL statement through
SQLAlchemy costs ≈100 µs of Python before SQLite sees it. p99 is dominated by WAL checkpoints (the
baseline pays them too) and by other work on this shared machine. Reaching 2× of 50 µs means writing
the item and its audit event with the driver directly, bypassing the session and the flush hook that
guarantees no save skips the audit trail: a trade this issue does not make. A save stays around a
millisecond, invisible to a person.""",
    "search": """\
Both sides read the same rows straight off the full-text index, newest first, and stop at 501 (the
table shows the first 500 and says when there are more). The service also checks, for each match, that
it belongs to the open inspection (a primary-key lookup, ≈0.2 µs a row): the bare query cannot express
the inspection and relies on its rowid range alone, which is exact only when no other inspection's
items lie inside it. The rest is the service's own cost per keystroke (parsing the words, a pooled
connection, the SQL compiled once per filter shape) of ≈40 µs. Where the bare query takes a fraction
of a millisecond those fixed costs make the ratio (best of seven, per query, at 1M: 1.05–1.56×); at
the slow end, which is what a person notices, the two are within 10–30%. On this shared machine single
samples stall by several milliseconds, which moves p50 and p95 from run to run; the absolute p95 stays
well under the 15 ms (50k) and 50 ms (1M) targets.""",
    "draft report export with appendix (PDF)": """\
The draft embeds a TrueType font subset (the baseline uses the built-in Helvetica), draws every page
twice for "Page X of Y", adds bookmarks and a contents list, and scrubs every paragraph for case
references and initials. Using the base-14 font for the appendix table would close most of the gap, at
the cost of the accessible typeface the report's style asks for.""",
    "draft report export with appendix (.docx)": """\
The Word document carries the same contents, styles, numbering and appendix as the PDF; python-docx's
per-cell API is the baseline.""",
    "merge": """\
Each bundle is read (unzipped, checksummed, its Ed25519 signature verified, validated against the
compiled JSON Schema), planned (scoped to its inspection, every row checked by the shared row
validation and hashed against the versions known locally), backed up before (a verified copy of the
whole database, which grows with every bundle merged) and applied in one transaction. The rows
themselves now go in with `executemany` on the session's own connection (`storage/bulk.py`: the column
types' bind processors, explicit ids), as do the known versions and the provenance; that part is now
about the cost of the inserts themselves. What remains is per-bundle, not per-row, work the baseline
does not do: six transactions instead of one (the full-text index flushes and merges its segments at
each commit, and foreign keys are checked), a verified backup before each import, and the validation
and hashing of every row in Python. Merging several bundles in one transaction with one backup would
halve the gap; validating and hashing in a compiled extension would take most of the rest.""",
}


def why(figure: str) -> str | None:
    return next((text for key, text in WHY.items() if figure.startswith(key)), None)
