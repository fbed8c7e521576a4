"""Whom a bundle comes from and how far its audit events are believed (``bundles/trust.py``), as pure functions.

No database: fast enough to run against every mutant mutmut makes of ``trust.py``. Each test pins one
decision on both sides of it (the roster's verdict, the relay and lead rules, the date slack to the
microsecond, the exact words a person reads).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from inspector_app.bundles import trust
from inspector_app.bundles.signing import Signer
from inspector_app.bundles.trust import Member, SignerStatus, event_doubts, parse_time, roster_of, status
from inspector_app.domain.enums import TeamRole
from inspector_app.services import identity

LEAD_KEY, TEAM_KEY, QA_KEY, STRANGER_KEY = "a1" * 32, "b2" * 32, "c3" * 32, "d4" * 32
LEAD, TEAM, QA = Member("Lena Lead", TeamRole.LEAD), Member("Tom Team", TeamRole.TEAM), Member("Quinn QA", TeamRole.QA)
ROSTER = {LEAD_KEY: LEAD, TEAM_KEY: TEAM, QA_KEY: QA}
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
CREATED = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _iso(at: datetime) -> str:
    return at.isoformat()


def _event(**kw: Any) -> dict[str, Any]:
    return {"who": TEAM.name, "at": _iso(NOW - timedelta(days=3)), **kw}


def _signed(key: str | None, member: Member | None = None) -> SignerStatus:
    return SignerStatus(key, "as claimed", member)


def _doubts(*events: dict[str, Any], signer: SignerStatus | None = None,
            not_before: datetime | None = CREATED, now: datetime | None = NOW) -> list[str | None]:
    return event_doubts(list(events), signer or _signed(TEAM_KEY, TEAM), ROSTER, not_before, now)


# -- the signer's status ---------------------------------------------------------------------------------

def test_roster_of_reads_key_name_and_role():
    rows = [{"public_key": LEAD_KEY, "name": "Lena Lead", "role": "lead", "other": 1},
            {"public_key": TEAM_KEY, "name": "Tom Team", "role": "team"}]
    assert roster_of(rows) == {LEAD_KEY: LEAD, TEAM_KEY: TEAM}
    assert roster_of([]) == {}
    with pytest.raises(ValueError):
        roster_of([{"public_key": LEAD_KEY, "name": "x", "role": "chief"}])


def test_no_signer_is_an_unsigned_status():
    got = status(None, ROSTER, ROSTER, new_inspection=True)
    assert got == SignerStatus(None, "", None)
    assert (got.public_key, got.claimed_name, got.member, got.relay) == (None, "", None, False)
    assert not got.on_roster and not got.is_lead and got.fingerprint is None


def test_a_key_on_the_local_roster_is_that_member():
    for key, member in ROSTER.items():
        got = status(Signer("name in manifest", key), ROSTER, {}, new_inspection=False)
        assert got == SignerStatus(key, "name in manifest", member)
        assert got.on_roster and got.is_lead is (member is LEAD)


def test_a_key_not_on_the_local_roster_is_nobody_even_if_the_bundle_says_lead():
    carried = {STRANGER_KEY: Member("Mallory", TeamRole.LEAD)}
    for new in (False, True):
        got = status(Signer("Mallory", STRANGER_KEY), ROSTER, carried, new_inspection=new)
        assert got == SignerStatus(STRANGER_KEY, "Mallory", None)
        assert not got.on_roster and not got.is_lead


def test_a_local_roster_that_has_the_key_wins_over_the_carried_one():
    carried = {TEAM_KEY: Member("Tom as lead", TeamRole.LEAD)}
    got = status(Signer("Tom", TEAM_KEY), ROSTER, carried, new_inspection=True)
    assert got.member == TEAM and not got.is_lead


def test_a_new_inspection_trusts_the_carried_roster_only_when_its_lead_signed():
    carried = {LEAD_KEY: Member("Lena (carried)", TeamRole.LEAD), TEAM_KEY: Member("Tom (carried)", TeamRole.TEAM)}
    by_lead = status(Signer("Lena", LEAD_KEY), {}, carried, new_inspection=True)
    assert by_lead == SignerStatus(LEAD_KEY, "Lena", Member("Lena (carried)", TeamRole.LEAD))
    assert by_lead.on_roster and by_lead.is_lead
    by_team = status(Signer("Tom", TEAM_KEY), {}, carried, new_inspection=True)
    assert by_team == SignerStatus(TEAM_KEY, "Tom", None) and not by_team.on_roster
    by_stranger = status(Signer("M", STRANGER_KEY), {}, carried, new_inspection=True)
    assert by_stranger.member is None
    not_new = status(Signer("Lena", LEAD_KEY), {}, carried, new_inspection=False)
    assert not_new.member is None and not not_new.on_roster


def test_relay_is_on_the_roster_and_may_relay_without_a_key():
    relay = SignerStatus(None, "regional store", None, relay=True)
    assert relay.on_roster and relay.is_lead and relay.fingerprint is None
    assert relay.describe() == "From the regional store."
    assert SignerStatus(None, "", None).relay is False


def test_statuses_and_members_cannot_be_changed_after_the_decision():
    with pytest.raises(dataclasses.FrozenInstanceError):
        LEAD.role = TeamRole.TEAM  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        _signed(STRANGER_KEY).member = LEAD  # type: ignore[misc]


def test_what_a_person_reads_about_the_signer():
    assert _signed(None).describe() == "Not signed: the bundle was written by an older version of Inspector App."
    fp = identity.fingerprint(TEAM_KEY)
    assert _signed(TEAM_KEY, TEAM).fingerprint == fp
    assert _signed(TEAM_KEY, TEAM).describe() == f"Signed by Tom Team (team inspector), key {fp}."
    assert _signed(LEAD_KEY, LEAD).describe() == \
        f"Signed by Lena Lead (lead inspector), key {identity.fingerprint(LEAD_KEY)}."
    fp = identity.fingerprint(STRANGER_KEY)
    assert _signed(STRANGER_KEY).describe() == (
        f"Signed by a key that is not on this inspection's team roster: {fp} "
        "(check it with the sender face to face). The bundle says it is from “as claimed” (claimed, not "
        "verified: only the fingerprint, checked with that person face to face, says who it is).")


# -- audit events ----------------------------------------------------------------------------------------

def test_an_event_by_its_own_signer_on_the_roster_is_genuine():
    assert _doubts(_event(), _event(signer=TEAM_KEY)) == [None, None]
    assert _doubts() == []


def test_a_doubt_already_recorded_is_kept_and_not_repeated():
    assert _doubts(_event(doubt="marked before")) == ["marked before"]
    assert _doubts(_event(doubt="")) == [None]
    assert _doubts(_event(doubt=7)) == [None]
    repeated = "it names another author than its signer"
    assert _doubts(_event(doubt=repeated, who="Someone")) == [repeated]


def test_doubts_are_joined_in_order_and_cut_to_200_characters():
    assert _doubts(_event(doubt="earlier", who="Someone", at="soon")) == [
        "earlier; it names another author than its signer; its date is not a date"]
    long = "x" * 250
    assert _doubts(_event(doubt=long)) == ["x" * 200]
    assert _doubts(_event(doubt="y" * 199, who="Someone")) == ["y" * 199 + ";"]


def test_an_unsigned_bundle_brings_events_in_doubt_but_not_for_the_roster():
    unsigned = _signed(None)
    assert _doubts(_event(), signer=unsigned) == ["brought by an unsigned bundle"]
    assert _doubts(_event(signer=TEAM_KEY), signer=unsigned) == ["brought by an unsigned bundle"]
    assert _doubts(_event(signer=TEAM_KEY, who="Someone"), signer=unsigned) == [
        "brought by an unsigned bundle; it names another author than its signer"]
    assert _doubts(_event(signer=STRANGER_KEY), signer=unsigned) == ["brought by an unsigned bundle"]


def test_only_the_lead_may_bring_others_events():
    others = _event(signer=QA_KEY, who=QA.name)
    assert _doubts(others) == ["relayed by someone other than the lead"]
    assert _doubts(others, signer=_signed(LEAD_KEY, LEAD)) == [None]
    assert _doubts(_event(signer=TEAM_KEY, who=TEAM.name), signer=_signed(LEAD_KEY, LEAD)) == [None]
    assert _doubts(_event(who=LEAD.name), signer=_signed(LEAD_KEY, LEAD)) == [None]


def test_a_signer_off_the_roster_puts_its_events_in_doubt():
    stranger = _signed(STRANGER_KEY)
    assert _doubts(_event(who="Mallory"), signer=stranger) == ["its signer is not on the team roster"]
    assert _doubts(_event(signer=TEAM_KEY), signer=stranger) == [
        "relayed by someone other than the lead"]
    assert _doubts(_event(signer=STRANGER_KEY, who="M"), signer=_signed(LEAD_KEY, LEAD)) == [
        "its signer is not on the team roster"]


def test_the_regional_store_relays_events_as_first_pushed():
    relay = SignerStatus(None, "regional store", None, relay=True)
    assert _doubts(_event(signer=QA_KEY, who=QA.name), signer=relay) == [None]
    assert _doubts(_event(signer=QA_KEY, who="Someone"), signer=relay) == [
        "it names another author than its signer"]
    assert _doubts(_event(signer=STRANGER_KEY), signer=relay) == ["its signer is not on the team roster"]
    assert _doubts(_event(), signer=relay) == ["its signer is not on the team roster"]


def test_an_event_naming_another_author_is_in_doubt():
    assert _doubts(_event(who="Lena Lead")) == ["it names another author than its signer"]
    assert _doubts(_event(signer=LEAD_KEY, who="Lena Lead"), signer=_signed(LEAD_KEY, LEAD)) == [None]
    assert _doubts({k: v for k, v in _event().items() if k != "who"}) == ["it names another author than its signer"]


def test_future_dates_have_one_hour_of_slack():
    slack = trust.FUTURE_SLACK
    assert slack == timedelta(hours=1)
    assert _doubts(_event(at=_iso(NOW + slack))) == [None]
    assert _doubts(_event(at=_iso(NOW + slack + timedelta(microseconds=1)))) == ["it is dated in the future"]
    assert _doubts(_event(at=_iso(NOW))) == [None]


def test_past_dates_have_one_day_of_slack_before_the_inspection():
    slack = trust.PAST_SLACK
    assert slack == timedelta(days=1)
    assert _doubts(_event(at=_iso(CREATED - slack))) == [None]
    assert _doubts(_event(at=_iso(CREATED - slack - timedelta(microseconds=1)))) == [
        "it is dated before the inspection existed"]
    assert _doubts(_event(at=_iso(CREATED - timedelta(days=400))), not_before=None) == [None]


def test_an_event_undated_or_badly_dated_is_in_doubt():
    for at in (None, "", "yesterday", 20260601, "2026-13-01T00:00:00+00:00"):
        assert _doubts(_event(at=at)) == ["its date is not a date"]
    assert _doubts({k: v for k, v in _event().items() if k != "at"}) == ["its date is not a date"]


def test_now_defaults_to_the_clock_and_a_given_now_is_used():
    real_now = datetime.now(UTC)
    assert _doubts(_event(at=_iso(real_now)), now=None) == [None]
    assert _doubts(_event(at=_iso(real_now + timedelta(days=2))), now=None) == ["it is dated in the future"]
    assert _doubts(_event(at=_iso(NOW + timedelta(days=30))), now=NOW) == ["it is dated in the future"]


def test_parse_time_reads_iso_dates_and_nothing_else():
    assert parse_time("2026-12-03T05:00:00+00:00") == datetime(2026, 12, 3, 5, tzinfo=UTC)
    naive = parse_time("2026-12-03T05:00:00")
    assert naive == datetime(2026, 12, 3, 5, tzinfo=UTC) and naive is not None and naive.tzinfo is UTC
    plus_one = parse_time("2026-12-03T05:00:00+01:00")
    assert plus_one is not None and plus_one.utcoffset() == timedelta(hours=1)
    assert plus_one.tzinfo == timezone(timedelta(hours=1))
    forty = "2026-12-03T05:00:00." + "0" * 14 + "+00:00"
    assert len(forty) == 40 and parse_time(forty) == datetime(2026, 12, 3, 5, tzinfo=UTC)
    assert parse_time(forty.replace(".", ".0")) is None  # 41 characters
    for value in (None, 20261203, b"2026-12-03", "", "not a date", ["2026-12-03"]):
        assert parse_time(value) is None


def test_an_empty_key_is_nobody_even_if_a_roster_had_an_entry_for_it():
    roster_with_blank = {**ROSTER, "": TEAM}
    blank = SignerStatus("", "", None)
    assert event_doubts([_event()], blank, roster_with_blank, CREATED, NOW) == [
        "its signer is not on the team roster"]
    assert event_doubts([_event(signer="")], _signed(TEAM_KEY, TEAM), roster_with_blank, CREATED, NOW) == [None]
