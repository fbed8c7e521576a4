"""Regenerate docs/screenshots/ from the demo data: every main view and the documents' first pages.

    python packaging/scripts/update_screenshots.py [--documents-only]

Each document is shown as the PDF the app writes (pdf-*.png) and as its Word version opened in
LibreOffice (docx-*.png), so the two renderers can be compared side by side. Needs pdftoppm
(Debian: poppler-utils) and soffice (libreoffice-writer-nogui).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots"
DOCUMENTS = [  # (authority, file stem, pages)
    ("Northmoor", "report-ilacs-2023", 2),
    ("Harrowdale", "report-ilacs-2026", 1),
    ("Fenbridge", "report-sif-2013", 2),
    ("Eastwold", "letter-focused-visit", 1),
    ("Kestrel Bay", "letter-monitoring-visit", 1),
]


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "inspector_app", *args], check=True)


def pages_to_png(pdf: Path, pages: int, prefix: Path) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf), str(prefix)], check=True)
    for padded in prefix.parent.glob(f"{prefix.name}-0*.png"):  # pdftoppm pads numbers in long documents
        padded.replace(padded.with_name(f"{prefix.name}-{int(padded.stem.rsplit('-', 1)[1])}.png"))


def documents(db: Path, tmp: Path) -> None:
    """pdf-<stem>-N.png from the app's PDF, docx-<stem>-N.png from the .docx as LibreOffice prints it."""
    from inspector_app.services import inspections, open_workspace

    for tool, package in (("pdftoppm", "poppler-utils"), ("soffice", "libreoffice-writer-nogui")):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install {package}")
    from inspector_app.demo.followup import generate_followup_demo

    ws = open_workspace(db)
    ids = {i.authority: i.id for i in inspections.list_inspections(ws)}
    ws.close()
    # A monitoring visit with progress recorded against each recommendation (Westvale's story).
    followup_db = tmp / "followup.sqlite"
    ws = open_workspace(followup_db, user="Priya Shah", create=True, plaintext=True)  # a throwaway demo copy
    visit = generate_followup_demo(ws)
    ws.close()
    documents = [(db, ids[authority], stem, pages) for authority, stem, pages in DOCUMENTS]
    documents.append((followup_db, visit, "letter-monitoring-visit-progress", 2))
    words = tmp / "word"
    words.mkdir()
    for database, inspection, stem, pages in documents:
        pdf = tmp / f"{stem}.pdf"
        run("report", "--db", str(database), "--inspection", str(inspection), "--out", str(pdf))
        run("report", "--db", str(database), "--inspection", str(inspection), "--out", str(words / f"{stem}.docx"))
        pages_to_png(pdf, pages, OUT / f"pdf-{stem}")
    converted = tmp / "converted"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(converted), *(str(words / f"{stem}.docx") for _, _, stem, _ in documents)],
                   check=True, capture_output=True)
    for _, _, stem, pages in documents:
        pages_to_png(converted / f"{stem}.pdf", pages, OUT / f"docx-{stem}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = tmp / "demo.sqlite"
        run("demo", "--no-encryption", "--db", str(db))
        if "--documents-only" not in sys.argv:
            run("screenshots", "--db", str(db), "--out", str(OUT))
        documents(db, tmp)
    print("\n".join(sorted(p.name for p in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
