"""How much memory an import takes for the worst bundles the fuzz corpus has, measured, not derived.

    python bench/import_memory.py                 # every case, a table on stdout
    python bench/import_memory.py --cases baseline,largest
    python bench/import_memory.py --write docs/bundle-format.md   # replace the table there

Each case runs in its own process (``--child``): it opens a copy of the lead's encrypted database, reads
it once (so the database's own caches are in), notes the peak resident size so far (``VmHWM`` on
Linux, ``getrusage`` ``ru_maxrss`` elsewhere), then reads, plans and applies the bundle exactly as
``inspector-app bundle import`` does (the backup before an import included). The figure is the peak
over the database's own: the new high-water mark minus the one before the import. A second run of
the same case under ``tracemalloc`` gives the peak of Python's own allocations (which the resident
size includes with the C libraries').

The baseline is importing a small valid bundle. This is a measurement for docs/bundle-format.md, not a
test: nothing here asserts a ceiling (figures vary with the machine and the allocator).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the fuzz corpus's own forger and factories
sys.path.insert(0, str(ROOT))

PASSPHRASE = "a long passphrase for the memory bench"
BUNDLE_PASSPHRASE = "another long passphrase for bundles"
CASES = {
    "baseline": "a small valid bundle, encrypted as an encrypted database's bundles are",
    "largest": "the largest archive allowed: just under 100 MB, two ~48 MB incompressible attachments",
    "largest-encrypted": "the same, encrypted (Argon2id 64 MiB, then AES-GCM over 100 MB)",
    "members": "5,000 members (the most allowed)",
    "text": "data.json at its 24 MB limit: one evidence text of 24 MB",
    "tags": "an item with a million tags",
    "nesting": "data.json at its limit: 12 million [ then 12 million ]",
    "kdf": "an encrypted bundle whose header asks for Argon2id with 1 TiB (doctored)",
}
TABLE_START = "<!-- import-memory:start -->"
TABLE_END = "<!-- import-memory:end -->"


def _rss_mb() -> float:
    """This process's peak resident size. On Linux VmHWM, the high-water mark of this program's own memory
    (``ru_maxrss`` would also count the parent's, from before ``exec``); elsewhere ``getrusage``."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024


# --- making the database and the bundles (parent process) --------------------------------------------

def _build(folder: Path) -> tuple[Path, dict[str, Path]]:
    from bundle_forge import Forger
    from factories import enrol, make_case, make_inspection

    from inspector_app.bundles import crypto, importer
    from inspector_app.bundles.export import export_bundle
    from inspector_app.bundles.importer import apply_import, plan_import
    from inspector_app.domain.enums import EvidenceSource, Polarity
    from inspector_app.services import evidence, identity, open_workspace

    lead = open_workspace(folder / "lead.sqlite", user="Lena Lead", passphrase=PASSPHRASE, create=True)
    target = make_inspection(lead, "ilacs@2023", authority="Testshire")
    other = make_inspection(lead, "ilacs@2023", authority="Otherborough")
    for n in range(200):  # a database with some work in it, so its own caches are a realistic size
        evidence.add_evidence(lead, other.id, text=f"Item {n}: the child was seen alone. " * 5, area_key="leaders",
                              polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, seen_on=date(2026, 3, 3))
    sender = open_workspace(folder / "sam.sqlite", user="Sam Sender", passphrase=PASSPHRASE, create=True)
    enrol(lead, target.id, sender)
    export_bundle(lead, target.id, folder / "start.inspbundle", recipient="Sam Sender", passphrase=BUNDLE_PASSPHRASE)
    sam_id = apply_import(sender, plan_import(sender, importer.read_bundle(
        folder / "start.inspbundle", BUNDLE_PASSPHRASE))).inspection_id
    case = make_case(sender, sam_id, reference="TS-0001")
    item = evidence.add_evidence(sender, sam_id, text="Visits were timely.", area_key="leaders",
                                 polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE, case_id=case.id,
                                 seen_on=date(2026, 3, 3))
    evidence.add_attachment_bytes(sender, item.id, "note.txt", b"attachment body")
    export_bundle(sender, sam_id, folder / "good.inspbundle", recipient="Lena Lead", passphrase=BUNDLE_PASSPHRASE)
    with sender.db.session() as session:
        seed = identity.key_row(session, "Sam Sender").private_key
    sender.close()
    lead.close()
    forger = Forger(crypto.decrypt((folder / "good.inspbundle").read_bytes(), BUNDLE_PASSPHRASE), seed)

    def write(name: str, blob: bytes) -> Path:
        path = folder / f"{name}.inspbundle"
        path.write_bytes(blob)
        return path

    bundles = {"baseline": folder / "good.inspbundle"}
    big = {f"attachments/{hashlib.sha256(str(i).encode()).hexdigest()}": os.urandom(48 * 2**20) for i in range(2)}
    largest = forger.build(files={**forger.files, **big})
    bundles["largest"] = write("largest", largest)
    bundles["largest-encrypted"] = write("largest-encrypted", crypto.encrypt(largest, BUNDLE_PASSPHRASE))
    many = {f"attachments/{i:064x}": b"" for i in range(5_000 - 3)}
    bundles["members"] = write("members", forger.build(files=many))
    data = forger.copy_data()
    data["evidence"][0]["text"] = "x" * (24 * 2**20 - 64 * 2**10)
    bundles["text"] = write("text", forger.build(data))
    data = forger.copy_data()
    data["evidence"][0]["tags"] = [f"t{i}" for i in range(1_000_000)]
    bundles["tags"] = write("tags", forger.build(data))
    half = 12 * 2**20 - 16
    bundles["nesting"] = write("nesting", forger.build(raw_data=b"[" * half + b"]" * half))
    header = json.dumps({"v": 2, "kdf": "argon2id", "salt": "00" * 16, "nonce": "00" * 12, "cipher": "AES-256-GCM",
                         "memory_cost": 2**30}).encode()
    bundles["kdf"] = write("kdf", crypto.MAGIC + len(header).to_bytes(4, "big") + header + b"\x00" * 64)
    return folder / "lead.sqlite", bundles


# --- one case (child process) ---------------------------------------------------------------------------

def _child(db: Path, bundle: Path, trace: bool) -> dict[str, Any]:
    from inspector_app.bundles.export import BundleError
    from inspector_app.bundles.importer import apply_import, plan_import, read_bundle
    from inspector_app.services import inspections, open_workspace

    ws = open_workspace(db, user="Lena Lead", passphrase=PASSPHRASE, exclusive=True)
    for info in inspections.list_inspections(ws):  # the database's own working set
        inspections.get_inspection(ws, info.id)
    before = _rss_mb()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    outcome = "accepted"
    try:
        passphrase = BUNDLE_PASSPHRASE  # used only by the encrypted ones
        plan = plan_import(ws, read_bundle(bundle, passphrase))
        apply_import(ws, plan, default="theirs", accept_unknown_signer=True)
    except BundleError as exc:
        outcome = f"refused: {exc}"
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    ws.close()
    return {"before_mb": before, "peak_mb": _rss_mb(), "seconds": seconds, "traced_mb": traced, "outcome": outcome}


def _run_child(db: Path, bundle: Path, trace: bool, folder: Path) -> dict[str, Any]:
    copy = folder / f"lead-{bundle.stem}-{int(trace)}.sqlite"
    shutil.copyfile(db, copy)
    env = dict(os.environ, INSPECTOR_APP_DATA_DIR=str(folder / "data"))
    command = [sys.executable, __file__, "--child", str(copy), str(bundle), *(["--trace"] if trace else [])]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    copy.unlink()
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--write", type=Path, help="replace the figures between the markers in this file")
    parser.add_argument("--child", nargs=2, metavar=("DB", "BUNDLE"), help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(Path(args.child[0]), Path(args.child[1]), args.trace)))
        return 0
    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    with tempfile.TemporaryDirectory(prefix="import-memory-") as tmp:
        folder = Path(tmp)
        (folder / "data").mkdir()
        os.environ["INSPECTOR_APP_DATA_DIR"] = str(folder / "data")
        db, bundles = _build(folder)
        rows = []
        for case in wanted:
            plain = _run_child(db, bundles[case], False, folder)
            traced = _run_child(db, bundles[case], True, folder)
            size = bundles[case].stat().st_size / 2**20
            over = plain["peak_mb"] - plain["before_mb"]
            outcome = "accepted" if plain["outcome"] == "accepted" else "refused"
            rows.append(f"| {case} | {CASES[case]} | {size:.1f} | {outcome} | {plain['before_mb']:.0f} | "
                        f"**{max(over, 0):.0f}** | {traced['traced_mb']:.0f} | {plain['seconds']:.1f} |")
            print(rows[-1], flush=True)
            print(f"    ({plain['outcome'][:160]})", file=sys.stderr, flush=True)
    head = ("| Case | What | Bundle (MB) | Outcome | Database's own peak RSS (MB) | Peak RSS over it (MB) | "
            "Python allocations peak, tracemalloc (MB) | Time (s) |\n|---|---|---|---|---|---|---|---|")
    table = (f"Measured {datetime.now():%d %B %Y} with `python bench/import_memory.py` on "
             f"{platform.machine()}, Python {platform.python_version()}:\n\n{head}\n" + "\n".join(rows))
    print()
    print(table)
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
        args.write.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
