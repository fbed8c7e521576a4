"""The team roster and signing keys: who leads, who may change it, and what the window asks."""

from __future__ import annotations

import pytest
from factories import make_inspection

from inspector_app.domain.enums import TeamRole
from inspector_app.services import ValidationError, identity, open_workspace, roster


def test_creator_leads_with_their_own_key(ws):
    info = make_inspection(ws, "ilacs@2023")
    key = identity.ensure_signing_key(ws)
    entries = roster.list_roster(ws, info.id)
    assert [(e.name, e.role, e.public_key) for e in entries] == [("Tess Tester", TeamRole.LEAD, key.public_key)]
    assert roster.role_of(ws, info.id, "Tess Tester") is TeamRole.LEAD
    assert roster.role_of(ws, info.id, "Somebody Else") is None
    assert len(key.fingerprint.split()) == 5 and identity.ensure_signing_key(ws) == key  # made once


def test_lead_adds_members_and_only_the_lead_can(ws, tmp_path, registry):
    info = make_inspection(ws, "ilacs@2023")
    other = open_workspace(tmp_path / "ann.sqlite", user="Ann Inspector", registry=registry, create=True,
                           plaintext=True)
    ann = identity.ensure_signing_key(other)
    other.close()
    added = roster.add_member(ws, info.id, "Ann Inspector", TeamRole.TEAM, ann.public_key.upper())
    assert added.fingerprint == ann.fingerprint and roster.role_of(ws, info.id, "Ann Inspector") is TeamRole.TEAM
    assert roster.member_by_key(ws, info.id, ann.public_key).name == "Ann Inspector"
    with pytest.raises(ValidationError, match="already has a member"):
        roster.add_member(ws, info.id, "Ann Inspector", TeamRole.QA, identity.ensure_signing_key(ws, "X").public_key)
    with pytest.raises(ValidationError, match="64 hexadecimal"):
        roster.add_member(ws, info.id, "Bob", TeamRole.TEAM, "abc")
    lead = roster.list_roster(ws, info.id)[0]
    with pytest.raises(ValidationError, match="needs a lead"):
        roster.remove_member(ws, info.id, lead.id)
    ws.user = "Ann Inspector"  # same laptop, another name: not the lead's key
    with pytest.raises(ValidationError, match="only the lead"):
        roster.add_member(ws, info.id, "Bob", TeamRole.TEAM, identity.ensure_signing_key(ws, "Bob").public_key)
    ws.user = "Tess Tester"
    roster.remove_member(ws, info.id, added.id)
    assert [e.name for e in roster.list_roster(ws, info.id)] == ["Tess Tester"]


def test_signatures_verify_only_for_the_signed_bytes(ws):
    with ws.db.session() as session:
        public, signature = identity.sign_with(session, "Tess Tester", b"manifest")
    assert identity.verify(public, b"manifest", signature)
    assert not identity.verify(public, b"manifest!", signature)
    assert not identity.verify("00" * 32, b"manifest", signature)
    assert not identity.verify(public, b"manifest", "zz")
