"""Regenerate docs/screenshots/ from the demo data: every main view and the first PDF pages.

    python packaging/scripts/update_screenshots.py

Needs pdftoppm (Debian: poppler-utils) for the PDF pages.
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
    ("Fenbridge", "report-sif-2013", 1),
    ("Eastwold", "letter-focused-visit", 1),
    ("Kestrel Bay", "letter-monitoring-visit", 1),
]


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "inspector_app", *args], check=True)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.sqlite"
        run("demo", "--db", str(db))
        run("screenshots", "--db", str(db), "--out", str(OUT))
        from inspector_app.services import inspections, open_workspace

        ws = open_workspace(db, create=True, plaintext=True)
        ids = {i.authority: i.id for i in inspections.list_inspections(ws)}
        ws.close()
        for authority, stem, pages in DOCUMENTS:
            pdf = Path(tmp) / f"{stem}.pdf"
            run("report", "--db", str(db), "--inspection", str(ids[authority]), "--out", str(pdf))
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", str(pages), str(pdf),
                            str(OUT / f"pdf-{stem}")], check=True)
        if shutil.which("pdftoppm") is None:
            raise SystemExit("pdftoppm is missing: apt-get install poppler-utils")
    print("\n".join(sorted(p.name for p in OUT.glob("*.png"))))


if __name__ == "__main__":
    main()
