"""A writer for the crash harness (tests/test_crash_harness.py), killed with SIGKILL at a random moment.

    python tests/crash_child.py MODE DATABASE

MODE ``saves`` saves evidence as fast as it can; ``backups`` takes a verified backup every few saves;
``migration`` opens a database at an older schema (the migration runs first), then saves. Each save
that returned is printed as one line (its UUID), flushed: a confirmed save. Passphrase from
INSPECTOR_APP_PASSPHRASE, as a script would give it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from inspector_app.domain.enums import EvidenceSource, Polarity
from inspector_app.services import evidence, inspections, open_workspace
from inspector_app.storage.backups import create_backup


def main(mode: str, path: Path) -> None:
    print("started", flush=True)
    ws = open_workspace(path, user="Setup")  # the harness's inspection's lead (its roster names only them):
    # anyone else's saves are refused by the role check, and the harness would kill a writer that saves nothing
    inspection_id = inspections.list_inspections(ws)[0].id
    print("ready", flush=True)
    for n in range(1_000_000):
        item = evidence.add_evidence(ws, inspection_id, text=f"{mode} item {n}", area_key="leaders",
                                     polarity=Polarity.STRENGTH, source=EvidenceSource.CASE_FILE)
        print(item.uuid, flush=True)
        if mode == "backups" and n % 5 == 4:
            create_backup(ws.db, "automatic")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
