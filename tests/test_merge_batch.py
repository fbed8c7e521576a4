"""A lead's round of the team's bundles in one command: one backup before them, each merged in turn."""

from __future__ import annotations

from test_merge import _add, team  # noqa: F401  (the three inspectors' fixture)

from inspector_app.bundles.export import export_bundle
from inspector_app.cli import run
from inspector_app.services import evidence
from inspector_app.services.backups import backups_of
from inspector_app.services.evidence import EvidenceFilter


def test_several_bundles_merge_after_one_backup(team, tmp_path):  # noqa: F811
    lead, info, members, _shared, _case = team
    paths = []
    for name in ("amir", "bea"):
        ws, inspection_id = members[name]
        _add(ws, inspection_id, f"{name.title()}: supervision is reflective.", "leaders")
        paths.append(tmp_path / f"{name}.inspbundle")
        export_bundle(ws, inspection_id, paths[-1], recipient="lead")
    before = [b for b in backups_of(lead) if b.reason == "before-import"]

    assert run(["bundle", "import", "--db", lead.db.location, *map(str, paths)]) == 0

    taken = [b for b in backups_of(lead) if b.reason == "before-import"]  # none of a store's: it has no file
    expected = 0 if lead.db.on_server else 1  # a store's backups are its operator's (pg_dump), none of the app's
    assert len(taken) == len(before) + expected, "one verified backup for the whole round, not one per bundle"
    for name in ("Amir", "Bea"):
        found = evidence.find_evidence(lead, info.id, EvidenceFilter(query=f"{name}: supervision"))
        assert [e.text for e in found] == [f"{name}: supervision is reflective."]
