"""The case sample drawn from the imported Annex A lists, edited by hand, then made into cases.

The council's child ID links a sampled child to the lists; it stays in this database. Cases made
from the sample carry a pseudonymous reference (``S-001``...), so every document, export and
bundle that shows cases shows no council identifier.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from inspector_app.domain.annex_a import BY_NUMBER, STATUS_PRIORITY, age_band, age_on, ethnic_group
from inspector_app.domain.enums import LegalStatus, SelectionReason
from inspector_app.domain.sampling import Candidate, draw, spread_pick
from inspector_app.services import permissions
from inspector_app.services.workspace import ValidationError, Workspace, get_or_404
from inspector_app.storage.models import AnnexChild, AnnexSample, Case, Inspection

REFERENCE_PREFIX = "S-"


@dataclass(frozen=True)
class SampleSpec:
    size: int
    seed: int
    lists: tuple[int, ...] = ()
    statuses: tuple[LegalStatus, ...] = ()


@dataclass(frozen=True)
class SampledChild:
    council_id: str
    stratum: LegalStatus
    lists: tuple[int, ...]
    team: str
    worker: str
    age_band: str
    ethnic_group: str
    added_by_hand: bool
    case_id: int | None


def _candidates(session: Session, inspection_id: int, lists: tuple[int, ...] = (),
                today: date | None = None, only: set[str] | None = None) -> dict[str, Candidate]:
    today = today or date.today()
    query = select(AnnexChild.council_id, AnnexChild.list_number, AnnexChild.team, AnnexChild.worker,
                   AnnexChild.age, AnnexChild.date_of_birth, AnnexChild.ethnicity, AnnexChild.event_date
                   ).where(AnnexChild.inspection_id == inspection_id)
    if lists:
        query = query.where(AnnexChild.list_number.in_(lists))
    if only is not None:
        query = query.where(AnnexChild.council_id.in_(sorted(only)))
    rank = {a.number: STATUS_PRIORITY.index(a.status) for a in BY_NUMBER.values()}
    best: dict[str, tuple[tuple[int, int], tuple[Any, ...]]] = {}
    on_lists: dict[str, set[int]] = {}
    for row in session.execute(query):
        cid, number, event = row[0], row[1], row[7]
        on_lists.setdefault(cid, set()).add(number)
        key = (rank[number], -(event or date.min).toordinal())
        current = best.get(cid)
        if current is None or key < current[0]:
            best[cid] = (key, tuple(row))
    out: dict[str, Candidate] = {}
    for cid, ((status_rank, _e), (_c, _n, team, worker, age, born, ethnicity, _ev)) in best.items():
        years = age if age is not None else (age_on(born, today) if born else None)
        out[cid] = Candidate(cid, STATUS_PRIORITY[status_rank].value, tuple(sorted(on_lists[cid])), team or "",
                             worker or "", age_band(years), ethnic_group(ethnicity))
    return out


def _info(row: AnnexSample, cand: Candidate | None) -> SampledChild:
    return SampledChild(row.council_id, LegalStatus(row.stratum), cand.lists if cand else (),
                        cand.team if cand else "", cand.worker if cand else "",
                        cand.age_band.label if cand and cand.age_band else "Not known",
                        cand.ethnic_group if cand else "Not known", row.added_by_hand, row.case_id)


def sample(ws: Workspace, inspection_id: int) -> list[SampledChild]:
    with ws.db.read_session() as session:
        get_or_404(session, Inspection, inspection_id)
        rows = list(session.scalars(select(AnnexSample).where(AnnexSample.inspection_id == inspection_id)
                                    .order_by(AnnexSample.stratum, AnnexSample.id)))
        cands = _candidates(session, inspection_id, only={r.council_id for r in rows})
        return [_info(r, cands.get(r.council_id)) for r in rows]


def strata(ws: Workspace, inspection_id: int, lists: tuple[int, ...] = ()) -> dict[LegalStatus, int]:
    """How many distinct children each status holds on the chosen lists (the population)."""
    with ws.db.read_session() as session:
        cands = _candidates(session, inspection_id, lists)
    counts: dict[LegalStatus, int] = {}
    for c in cands.values():
        counts[LegalStatus(c.stratum)] = counts.get(LegalStatus(c.stratum), 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: STATUS_PRIORITY.index(kv[0])))


def draw_sample(ws: Workspace, inspection_id: int, spec: SampleSpec) -> list[SampledChild]:
    """Draw (or redraw) the sample; children already made into cases are kept and count towards it."""
    if spec.size < 1:
        raise ValidationError("the sample needs at least one child")
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        permissions.require_may_change(session, inspection_id, ws.user, {"annex_sample"})  # Core deletes below
        cands = _candidates(session, inspection_id, spec.lists)
        if not cands:
            raise ValidationError("no children are on the chosen lists: import an Annex A list first")
        statuses = {s.value for s in spec.statuses}
        pool = [c for c in cands.values() if not statuses or c.stratum in statuses]
        if not pool:
            raise ValidationError("no child on the chosen lists has the chosen legal statuses")
        session.execute(delete(AnnexSample).where(AnnexSample.inspection_id == inspection_id,
                                                  AnnexSample.case_id.is_(None)))
        kept_ids = set(session.scalars(select(AnnexSample.council_id)
                                       .where(AnnexSample.inspection_id == inspection_id)))
        kept = [cands[k] for k in kept_ids if k in cands]
        chosen = draw([c for c in pool if c.council_id not in kept_ids], spec.size, spec.seed, kept)
        session.add_all(AnnexSample(inspection_id=inspection_id, council_id=c.council_id, stratum=c.stratum,
                                    seed=spec.seed) for c in chosen)
    return sample(ws, inspection_id)


def _row(session: Session, inspection_id: int, council_id: str) -> AnnexSample | None:
    return session.scalar(select(AnnexSample).where(AnnexSample.inspection_id == inspection_id,
                                                    AnnexSample.council_id == council_id))


def add_child(ws: Workspace, inspection_id: int, council_id: str) -> list[SampledChild]:
    """Add a child by the council's ID (a child the lead wants to see whatever the draw)."""
    council_id = council_id.strip()
    with ws.db.session() as session:
        cands = _candidates(session, inspection_id)
        if council_id not in cands:
            raise ValidationError("that child ID is not on any imported list: check it against the council's list")
        if _row(session, inspection_id, council_id) is not None:
            raise ValidationError("that child is already in the sample")
        session.add(AnnexSample(inspection_id=inspection_id, council_id=council_id,
                                stratum=cands[council_id].stratum, added_by_hand=True))
    return sample(ws, inspection_id)


def remove_child(ws: Workspace, inspection_id: int, council_id: str) -> list[SampledChild]:
    with ws.db.session() as session:
        row = _row(session, inspection_id, council_id.strip())
        if row is None:
            raise ValidationError("that child is not in the sample")
        if row.case_id is not None:
            raise ValidationError("that child is already a case: delete the case first if they should not be seen")
        session.delete(row)
    return sample(ws, inspection_id)


def swap_child(ws: Workspace, inspection_id: int, council_id: str, replacement: str | None = None,
               seed: int = 0) -> list[SampledChild]:
    """Replace a sampled child: by the given child, or by the best-spread child of the same status."""
    with ws.db.session() as session:
        row = _row(session, inspection_id, council_id.strip())
        if row is None:
            raise ValidationError("that child is not in the sample")
        if row.case_id is not None:
            raise ValidationError("that child is already a case: delete the case first if they should not be seen")
        cands = _candidates(session, inspection_id)
        taken = set(session.scalars(select(AnnexSample.council_id).where(AnnexSample.inspection_id == inspection_id)))
        if replacement is not None:
            replacement = replacement.strip()
            if replacement not in cands:
                raise ValidationError("the replacement child ID is not on any imported list")
            if replacement in taken:
                raise ValidationError("the replacement child is already in the sample")
            new = cands[replacement]
        else:
            pool = [c for c in cands.values() if c.stratum == row.stratum and c.council_id not in taken]
            if not pool:
                raise ValidationError("no other child with the same status is left to swap in")
            others = [cands[t] for t in taken if t in cands and t != row.council_id]
            new = spread_pick(pool, 1, random.Random(seed or len(taken)), others)[0]
        row.council_id, row.stratum, row.added_by_hand = new.council_id, new.stratum, True
    return sample(ws, inspection_id)


def accept_sample(ws: Workspace, inspection_id: int) -> int:
    """Make every sampled child not yet a case into a case with a pseudonymous reference."""
    with ws.db.session() as session:
        get_or_404(session, Inspection, inspection_id)
        cands = _candidates(session, inspection_id)
        refs = set(session.scalars(select(Case.reference).where(Case.inspection_id == inspection_id)))
        number = 0
        made = 0
        for row in session.scalars(select(AnnexSample).where(AnnexSample.inspection_id == inspection_id,
                                                             AnnexSample.case_id.is_(None))
                                   .order_by(AnnexSample.stratum, AnnexSample.id)):
            number += 1
            while f"{REFERENCE_PREFIX}{number:03d}" in refs:
                number += 1
            reference = f"{REFERENCE_PREFIX}{number:03d}"
            refs.add(reference)
            cand = cands.get(row.council_id)
            lists = ", ".join(f"{n} {BY_NUMBER[n].name}" for n in (cand.lists if cand else ()))
            case = Case(inspection_id=inspection_id, reference=reference, legal_status=LegalStatus(row.stratum),
                        age_band=cand.age_band if cand else None, team=(cand.team if cand else "")[:120],
                        selection_reason=SelectionReason.SAMPLED,
                        summary=f"Sampled from Annex A list(s): {lists}." if lists else "Sampled from Annex A.")
            session.add(case)
            session.flush()
            row.case_id = case.id
            made += 1
        return made


def council_ids(ws: Workspace, inspection_id: int) -> dict[int, str]:
    """Case id -> the council's child ID, for cases made from the sample (the internal pseudonym key only)."""
    with ws.db.read_session() as session:
        rows = session.execute(select(AnnexSample.case_id, AnnexSample.council_id).where(
            AnnexSample.inspection_id == inspection_id, AnnexSample.case_id.is_not(None))).all()
        return {case_id: council_id for case_id, council_id in rows if case_id is not None}
