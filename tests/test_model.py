"""The domain model through the services: what is stored, who wrote it, and what is refused."""

from __future__ import annotations

import hashlib
import time
import uuid
from datetime import date

import pytest
from factories import make_case, make_inspection
from sqlalchemy import text

from inspector_app.domain.enums import (
    AgeBand,
    EvidenceSource,
    Grade,
    InspectionKind,
    InspectionStatus,
    LegalStatus,
    Polarity,
    RecordType,
    SelectionReason,
    TeamRole,
)
from inspector_app.services import ValidationError, cases, evidence, inspections
from inspector_app.services.evidence import EvidenceFilter
from inspector_app.services.workspace import NotFoundError
from inspector_app.storage.models import Evidence, Inspection


def _evidence(ws, inspection_id, text="Visits are regular and purposeful.", **kw):
    values = dict(text=text, area_key="help_protection", polarity=Polarity.STRENGTH,
                  source=EvidenceSource.CASE_FILE)
    values.update(kw)
    return evidence.add_evidence(ws, inspection_id, **values)


@pytest.mark.sqlite_only
def test_sqlite_runs_with_wal_and_foreign_keys(ws):
    with ws.db.read_session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_inspection_keeps_framework_kind_dates_team_and_previous_grades(ws):
    info = make_inspection(
        ws, previous={"help_protection": Grade.INADEQUATE, "overall_effectiveness": Grade.REQUIRES_IMPROVEMENT},
        status=InspectionStatus.ON_SITE, delivery_body="Testshire Children's Trust",
    )
    again = inspections.get_inspection(ws, info.id)
    assert (again.framework_id, again.framework_version, again.kind) == ("ilacs", "2023", InspectionKind.ILACS_STANDARD)
    assert again.status is InspectionStatus.ON_SITE
    assert again.lead.name == "Lena Lead" and len(again.team) == 2
    assert again.previous == {"help_protection": Grade.INADEQUATE,
                              "overall_effectiveness": Grade.REQUIRES_IMPROVEMENT}
    assert again.delivery_body == "Testshire Children's Trust"
    assert again.days_on_site == 12
    uuid.UUID(again.uuid)


def test_inspection_input_is_validated(ws):
    with pytest.raises(ValidationError, match="cannot be before"):
        make_inspection(ws, end_date=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="not a focused visit"):
        make_inspection(ws, kind=InspectionKind.FOCUSED_VISIT)
    with pytest.raises(ValidationError, match="not installed"):
        inspections.create_inspection(
            ws, authority="X", framework_uid="ilacs@1999", kind=InspectionKind.ILACS_STANDARD,
            start_date=date(2026, 1, 5), end_date=date(2026, 1, 9))
    with pytest.raises(ValidationError, match="one lead"):
        make_inspection(ws, team=[("A", "A", TeamRole.LEAD), ("B", "B", TeamRole.LEAD)])
    with pytest.raises(ValidationError, match="no judgement area 'adoption'"):
        make_inspection(ws, previous={"adoption": Grade.GOOD})
    with pytest.raises(ValidationError, match="local authority cannot be empty"):
        make_inspection(ws, authority="  ")


def test_update_inspection_changes_status_and_team(ws):
    info = make_inspection(ws)
    updated = inspections.update_inspection(
        ws, info.id, status=InspectionStatus.QUALITY_ASSURANCE,
        team=[("New Lead", "NL", TeamRole.LEAD)],
    )
    assert updated.status is InspectionStatus.QUALITY_ASSURANCE
    assert [m.name for m in updated.team] == ["New Lead"]


def test_case_is_pseudonymous_with_notes_and_audits(ws):
    insp = make_inspection(ws)
    case = cases.add_case(ws, insp.id, reference="TS-1042", initials="jd", age_band=AgeBand.AGE_5_9,
                          legal_status=LegalStatus.LOOKED_AFTER, team="Children in care team",
                          selection_reason=SelectionReason.COUNCIL_AUDIT)
    assert case.initials == "JD"
    cases.add_note(ws, case.id, "Read the care plan; it is up to date.")
    time.sleep(0.01)
    cases.add_note(ws, case.id, "Spoke with the IRO.")
    audit = cases.add_audit(ws, case.id, record_type=RecordType.CARE_PLAN, record_date=date(2026, 1, 5),
                            quality=Grade.GOOD, timely=True, note="Specific and current.")
    notes = cases.list_notes(ws, case.id)
    assert [n.text for n in notes] == ["Read the care plan; it is up to date.", "Spoke with the IRO."]
    assert all(n.author == "Tess Tester" for n in notes)
    listed = cases.list_cases(ws, insp.id)
    assert listed[0].note_count == 2 and listed[0].audit_count == 1
    assert cases.list_audits(ws, insp.id)[0] == audit
    assert audit.case_reference == "TS-1042"


def test_case_initials_cannot_be_a_name_and_references_are_unique(ws):
    insp = make_inspection(ws)
    with pytest.raises(ValidationError, match="not a name"):
        make_case(ws, insp.id, initials="John Smith")
    make_case(ws, insp.id, reference="TS-1")
    with pytest.raises(ValidationError, match="already has a case"):
        make_case(ws, insp.id, reference="TS-1")


def test_case_filters(ws):
    insp = make_inspection(ws)
    make_case(ws, insp.id, reference="TS-1", legal_status=LegalStatus.CARE_LEAVER, team="Leaving care")
    make_case(ws, insp.id, reference="TS-2", legal_status=LegalStatus.CHILD_IN_NEED, team="Assessment")
    assert [c.reference for c in cases.list_cases(ws, insp.id, legal_status=LegalStatus.CARE_LEAVER)] == ["TS-1"]
    assert [c.reference for c in cases.list_cases(ws, insp.id, text="assess")] == ["TS-2"]


def test_escalation_records_recipient_and_time(ws):
    insp = make_inspection(ws)
    case = make_case(ws, insp.id)
    from inspector_app.services import escalations

    escalations.record_notice(ws, case.id, raised="Bruising seen, not referred.",
                              notified_to="Head of service, front door")
    escalated = cases.get_case(ws, case.id)  # the notice marks the case escalated, to whom and when
    assert escalated.escalated_to == "Head of service, front door" and escalated.escalated_at is not None


def test_evidence_round_trip_with_descriptors_tags_links(ws):
    insp = make_inspection(ws)
    case = make_case(ws, insp.id)
    audit = cases.add_audit(ws, case.id, record_type=RecordType.ASSESSMENT, record_date=date(2026, 2, 1))
    item = _evidence(ws, insp.id, descriptors=["hp.go3", "hp.go3"], grade=Grade.GOOD, case_id=case.id,
                     record_audit_id=audit.id, tags=["Voice of the child", " drift ", "voice of the child"],
                     seen_on=date(2026, 3, 3))
    again = evidence.get_evidence(ws, item.id)
    assert again.descriptors == ("hp.go3",)
    assert again.tags == ("voice of the child", "drift")
    assert again.case_reference == case.reference and again.record_audit_id == audit.id
    assert again.author == "Tess Tester" and again.created_at.tzinfo is not None


def test_evidence_is_checked_against_the_framework(ws):
    insp = make_inspection(ws)
    with pytest.raises(ValidationError, match="no judgement area 'adoption'"):
        _evidence(ws, insp.id, area_key="adoption")
    with pytest.raises(ValidationError, match="does not belong to"):
        _evidence(ws, insp.id, descriptors=["cic.go1"])
    visit = make_inspection(ws, "focused_visit@2018", authority="Elsewhere")
    with pytest.raises(ValidationError, match="not graded"):
        _evidence(ws, visit.id, area_key="front_door", grade=Grade.GOOD)
    other_case = make_case(ws, visit.id, reference="EL-1")
    with pytest.raises(ValidationError, match="not part of this inspection"):
        _evidence(ws, insp.id, case_id=other_case.id)
    with pytest.raises(ValidationError, match="cannot be empty"):
        _evidence(ws, insp.id, text="   ")


def test_evidence_update_tracks_the_editor(ws):
    insp = make_inspection(ws)
    item = _evidence(ws, insp.id)
    ws.user = "Tariq Team"
    updated = evidence.update_evidence(ws, item.id, text="Visits are regular.", polarity=Polarity.DEVELOPMENT)
    assert updated.text == "Visits are regular." and updated.polarity is Polarity.DEVELOPMENT
    assert updated.author == "Tess Tester"
    assert updated.updated_at >= item.updated_at
    with ws.db.read_session() as session:
        assert session.get(Evidence, item.id).updated_by == "Tariq Team"


def test_moving_evidence_to_another_area_clears_descriptors(ws):
    insp = make_inspection(ws)
    item = _evidence(ws, insp.id, descriptors=["hp.go1"])
    moved = evidence.update_evidence(ws, item.id, area_key="leaders")
    assert moved.area_key == "leaders" and moved.descriptors == ()


def test_full_text_search_finds_words_inside_text_and_follows_edits(ws):
    insp = make_inspection(ws)
    a = _evidence(ws, insp.id, "Strategy discussions were timely and involved the police.")
    b = _evidence(ws, insp.id, "Supervision is reflective and regular.", tags=["supervision"])
    assert [e.id for e in evidence.find_evidence(ws, insp.id, EvidenceFilter(query="strat"))] == [a.id]
    assert [e.id for e in evidence.find_evidence(ws, insp.id, EvidenceFilter(query="police timely"))] == [a.id]
    assert evidence.find_evidence(ws, insp.id, EvidenceFilter(query='"timely and"'))[0].id == a.id
    assert {e.id for e in evidence.find_evidence(ws, insp.id, EvidenceFilter(query="re"))} == {a.id, b.id}
    evidence.update_evidence(ws, a.id, text="Strategy meetings were late.")
    assert evidence.find_evidence(ws, insp.id, EvidenceFilter(query="police")) == []
    evidence.delete_evidence(ws, b.id)
    assert evidence.find_evidence(ws, insp.id, EvidenceFilter(query="reflective")) == []


def test_search_survives_fts_syntax_in_user_input(ws):
    insp = make_inspection(ws)
    _evidence(ws, insp.id, 'He said "NEAR" and AND OR * ( - done')
    for query in ['"', "AND", "NEAR(", "*", "(-)", 'a"b', "^", "OR OR"]:
        evidence.find_evidence(ws, insp.id, EvidenceFilter(query=query))


def test_evidence_filters(ws):
    insp = make_inspection(ws)
    case = make_case(ws, insp.id)
    a = _evidence(ws, insp.id, descriptors=["hp.go1"], case_id=case.id)
    b = _evidence(ws, insp.id, area_key="leaders", polarity=Polarity.DEVELOPMENT, source=EvidenceSource.MANAGER,
                  grade=Grade.REQUIRES_IMPROVEMENT)
    ws.user = "Tariq Team"
    c = _evidence(ws, insp.id, area_key="leaders")

    def ids(**kw):
        return {e.id for e in evidence.find_evidence(ws, insp.id, EvidenceFilter(**kw))}

    assert ids(area_key="leaders") == {b.id, c.id}
    assert ids(descriptor="hp.go1") == {a.id}
    assert ids(polarity=Polarity.DEVELOPMENT) == {b.id}
    assert ids(source=EvidenceSource.MANAGER) == {b.id}
    assert ids(author="Tariq Team") == {c.id}
    assert ids(case_id=case.id) == {a.id}
    assert ids(grade=Grade.REQUIRES_IMPROVEMENT) == {b.id}
    assert ids(area_key="leaders", author="Tess Tester") == {b.id}
    assert evidence.count_evidence(ws, insp.id, EvidenceFilter(area_key="leaders")) == 2
    assert evidence.evidence_authors(ws, insp.id) == ["Tariq Team", "Tess Tester"]


def test_evidence_rows_keep_the_requested_order(ws):
    insp = make_inspection(ws)
    items = [_evidence(ws, insp.id, f"Item number {i}") for i in range(5)]
    wanted = [items[3].id, items[0].id, items[4].id]
    assert [e.id for e in evidence.evidence_rows(ws, wanted)] == wanted


def test_attachments_are_kept_with_sha256_and_checked(ws, tmp_path):
    insp = make_inspection(ws)
    item = _evidence(ws, insp.id)
    path = tmp_path / "chronology.txt"
    path.write_bytes(b"synthetic chronology\n")
    info = evidence.add_attachment(ws, item.id, path)
    assert info.sha256 == hashlib.sha256(b"synthetic chronology\n").hexdigest()
    assert info.media_type == "text/plain"
    assert evidence.attachment_data(ws, info.id) == b"synthetic chronology\n"
    with ws.db.session() as session:
        session.execute(text("UPDATE attachment SET data = :d"), {"d": b"tampered"})
    with pytest.raises(ValidationError, match="damaged"):
        evidence.attachment_data(ws, info.id)
    with pytest.raises(ValidationError, match="cannot read"):
        evidence.add_attachment(ws, item.id, tmp_path / "missing.pdf")


def test_deleting_a_case_keeps_its_evidence_unlinked(ws):
    insp = make_inspection(ws)
    case = make_case(ws, insp.id)
    item = _evidence(ws, insp.id, case_id=case.id)
    cases.delete_case(ws, case.id)
    assert evidence.get_evidence(ws, item.id).case_id is None
    with pytest.raises(NotFoundError):
        cases.get_case(ws, case.id)


def test_deleting_an_inspection_row_removes_everything_of_it(ws):
    """The model's cascades (a store's operator or the purge relies on them; no person deletes a whole
    inspection: docs/regional-store.md, "Leaving an inspection")."""
    insp = make_inspection(ws)
    case = make_case(ws, insp.id)
    cases.add_note(ws, case.id, "note")
    _evidence(ws, insp.id, case_id=case.id)
    with ws.db.session() as session:
        session.delete(session.get(Inspection, insp.id))
    with ws.db.read_session() as session:
        for table in ("case_record", "tracking_note", "evidence", "team_member"):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_every_row_has_a_distinct_uuid(demo_ws):
    with demo_ws.db.read_session() as session:
        seen: set[str] = set()
        for table in ("inspection", "case_record", "tracking_note", "record_audit", "evidence",
                      "judgement", "finding", "finding_evidence", "team_member"):
            values = session.execute(text(f"SELECT uuid FROM {table}")).scalars().all()
            assert values, table
            assert not (set(values) & seen)
            assert len(set(values)) == len(values)
            seen |= set(values)
