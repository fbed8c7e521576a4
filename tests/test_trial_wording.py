"""Words a new user tripped over in the trial: one case is "Child A", not "Child A to Child A"; a
mistyped repeat of a new passphrase is said before its strength; a fault outside a save is not called
"not saved"."""

from __future__ import annotations

import dataclasses

from factories import make_inspection

from inspector_app.reports.content import gather
from inspector_app.reports.readiness import readiness


def _children_line(data) -> str:  # type: ignore[no-untyped-def]
    return next(check.text for check in readiness(data) if check.text.startswith("Children appear"))


def test_the_pseudonym_range_reads_naturally_for_one_case_and_for_several(ws):
    data = gather(ws, make_inspection(ws, "ilacs@2023").id)
    one = _children_line(dataclasses.replace(data, case_count=1))
    assert one.startswith("Children appear as Child A (1 case);") and "to Child" not in one
    assert _children_line(dataclasses.replace(data, case_count=3)).startswith(
        "Children appear as Child A to Child C (3 cases);")
