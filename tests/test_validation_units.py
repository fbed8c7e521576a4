"""The shared validation rule by rule, on plain values and without a database (fast: mutation testing runs it
for every mutant of services/validation.py). Each expectation is exact: the table, row, field and words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from inspector_app.domain.framework import OVERALL_KEY
from inspector_app.domain.refs import ENTITY_LABELS
from inspector_app.services import ValidationError, validation
from inspector_app.services.validation import Problem, check_rows

CONTROL = "holds control or text-direction characters"


@pytest.fixture(scope="module")
def ilacs(registry):
    return registry.get("ilacs", "2023")


@pytest.fixture(scope="module")
def jtai(registry):
    return registry.get("jtai", "2023")


def test_a_problem_names_table_row_and_field():
    label = ENTITY_LABELS["case_record"]
    assert label != "case_record"
    assert Problem("case_record", 3, "summary", "is empty").where() == f"{label} 3, field summary"
    assert str(Problem("case_record", 3, "summary", "is empty")) == f"{label} 3, field summary: is empty"
    assert Problem("case_record", None, "summary", "is empty").where() == f"{label}, field summary"
    assert Problem("no_such_table", 1, "x", "r").where() == "no_such_table 1, field x"


def test_text():
    assert validation.text_problem(5, 10, multi_line=True) == "is not text"
    assert validation.text_problem("x" * 10, 10, multi_line=True) is None
    assert validation.text_problem("x" * 11, 10, multi_line=True) == "is longer than 10 characters"
    assert validation.text_problem("x" * 500, None, multi_line=False) is None
    assert validation.text_problem("a\nb\tc", None, multi_line=True) is None
    assert validation.text_problem("a\nb", None, multi_line=False) == CONTROL
    assert validation.text_problem("a\x00b", None, multi_line=True) == CONTROL
    assert validation.text_problem("a\u202eb", None, multi_line=True) == CONTROL


class _Clock(datetime):
    """datetime.now as the rules ask for it: in UTC (a local date could be a day off)."""

    today = date(2027, 3, 1)

    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        day = cls.today if tz is UTC else cls.today + timedelta(days=1)
        return datetime(day.year, day.month, day.day, 12, tzinfo=tz)


@pytest.mark.parametrize(("today", "latest"), [
    (date(2027, 3, 1), date(2032, 3, 1)), (date(2027, 2, 10), date(2032, 2, 10)),
    (date(2027, 3, 29), date(2032, 3, 29)), (date(2028, 2, 29), date(2033, 2, 27))])
def test_the_latest_plausible_date_is_five_years_ahead_in_utc(monkeypatch, today, latest):
    monkeypatch.setattr(_Clock, "today", today)
    monkeypatch.setattr(validation, "datetime", _Clock)
    assert validation._latest() == latest


def test_dates():
    as_date = validation.as_date
    assert as_date(datetime(2026, 3, 3, 10)) == date(2026, 3, 3) and as_date(date(2026, 3, 3)) == date(2026, 3, 3)
    for text in ("2026-03-03", "2026-03-03T10:00", "2026-03-03 10:00", "2026-03-03T10:00:00+01:00"):
        assert as_date(text) == date(2026, 3, 3), text
    forty = "2026-03-03T10:00:00.123456+00:00:00.1234"
    assert len(forty) == 40 and as_date(forty) == date(2026, 3, 3)
    for text in (forty[:-4] + "12345", "2026-03-03X10:00", "nonsense", ""):  # 41 characters; odd separator
        assert as_date(text) is None, text
    assert as_date(20260303) is None and as_date(None) is None

    problem = validation.date_problem
    assert problem("2026-03-03") is None and problem(date(2000, 1, 1)) is None
    assert problem(date(1999, 12, 31)) == "is not a plausible date (before 2000 or more than 5 years ahead)"
    assert problem(validation._latest()) is None
    assert problem(validation._latest() + timedelta(days=1)).startswith("is not a plausible date")
    assert problem("nonsense") == "is not a date" and problem(5) == "is not a date"
    assert problem("2026-03-03T10:00:00+00:00", with_time=True) is None
    assert problem(forty, with_time=True) is None
    assert problem(datetime(2026, 3, 3, 10, tzinfo=UTC), with_time=True) is None
    for text in ("2026-03-03T10:00:00", "nonsense", forty[:-4] + "12345", "2026-03-03"):
        assert problem(text, with_time=True) == "is not a date and time with its time zone", text
    assert problem(5, with_time=True) == "is not a date and time"
    assert problem(date(2026, 3, 3), with_time=True) == "is not a date and time"
    assert problem("1999-12-31T10:00:00+00:00", with_time=True).startswith("is not a plausible date")


def test_lists():
    problem = validation.list_problem
    assert problem("abc") == "is not a list" and problem(None) == "is not a list"
    assert problem(["a"] * 100) is None and problem(("a",)) is None
    assert problem(["a"] * 101) == "has more than 100 entries"
    assert problem(["x" * 120]) is None
    assert problem(["x" * 121]) == "has an entry that is longer than 120 characters"
    assert problem(["a\nb"]) == f"has an entry that {CONTROL}"
    assert problem([5]) == "has an entry that is not text"


def _check(entity, row, framework=None, **kw):
    return check_rows(entity, [row], framework, complete=False, **kw)


def test_each_kind_of_column():
    assert _check("inspection", {"focus_area": None}) is None  # nullable
    assert _check("inspection", {"summary": None}) == Problem("inspection", 1, "summary", "is missing")
    assert _check("inspection", {"summary": "two\nlines"}) is None  # text: more than one line
    assert _check("inspection", {"authority": "two\nlines"}) == Problem("inspection", 1, "authority", CONTROL)
    assert _check("inspection", {"start_date": "1900-01-01"}).reason.startswith("is not a plausible date")
    assert _check("inspection", {"created_at": "2026-03-03T10:00:00+00:00"}) is None
    for value in ("2026-03-03", "2026-03-03T10:00:00"):
        assert _check("inspection", {"created_at": value}) == Problem(
            "inspection", 1, "created_at", "is not a date and time with its time zone")
    assert _check("evidence", {"polarity": "strength"}) is None
    assert _check("evidence", {"polarity": "rumour"}) == Problem("evidence", 1, "polarity",
                                                                 "is not one of the allowed values")
    assert _check("evidence", {"polarity": 1}).reason == "is not one of the allowed values"
    assert _check("record_audit", {"timely": True}) is None and _check("record_audit", {"timely": None}) is None
    assert _check("record_audit", {"timely": 1}) == Problem("record_audit", 1, "timely", "is not yes or no")
    for good in (2**31 - 1, -(2**31), 0):
        assert _check("finding", {"position": good}) is None, good
    for bad in (2**31, -(2**31) - 1, True, 1.5, "1"):
        assert _check("finding", {"position": bad}) == Problem("finding", 1, "position", "is not a whole number")
    assert _check("evidence", {"tags": ["a"] * 101}).reason == "has more than 100 entries"
    assert _check("evidence", {"inspection_id": None, "case_id": "not checked here"}) is None  # keys: by uuid


def test_rows_complete_or_partial_and_where_they_are():
    full = {"reference": "AB-1", "initials": "AB", "legal_status": "child_in_need", "team": "East",
            "selection_reason": "sampled", "summary": ""}
    assert check_rows("case_record", [dict(full, reference=None)]) == Problem(
        "case_record", 1, "reference", "is missing")
    missing = dict(full)
    del missing["reference"]
    assert check_rows("case_record", [full, missing], first_row=5) == Problem("case_record", 6, "reference",
                                                                              "is missing")
    assert check_rows("case_record", [missing], complete=False) is None
    assert check_rows("case_record", [dict(full, reference="  ")], first_row=3) == Problem(
        "case_record", 3, "reference", "is empty")
    assert check_rows("case_record", [dict(full, reference="")], complete=False) == Problem(
        "case_record", 1, "reference", "is empty")
    assert check_rows("publication", [{}]) is None  # a table without required text
    assert check_rows("publication", [{}], complete=False) is None
    # a row without a field does not stop the next row's value from being checked
    assert check_rows("inspection", [{}, {"focus_area": "x\n"}], complete=False) == Problem(
        "inspection", 2, "focus_area", CONTROL)
    assert check_rows("case_record", [{"initials": "ABCDE"}], complete=False, first_row=4) == Problem(
        "case_record", 4, "initials", "are more than four letters")


def test_inspection_rules(ilacs):
    rule = validation._inspection
    assert rule({"start_date": "2026-03-02", "end_date": "2026-03-02"}, None) is None
    assert rule({"start_date": "2026-03-02", "end_date": "2026-03-01"}, None) == (
        "end_date", "is before the first day on site")
    assert rule({"start_date": "2026-03-02", "previous_inspection_date": "2026-03-01"}, None) is None
    assert rule({"start_date": "2026-03-02", "previous_inspection_date": "2026-03-02"}, None) == (
        "previous_inspection_date", "is not before this inspection")
    for visit in (None, 1, 100, "7"):
        assert rule({"visit_number": visit}, None) is None, visit
    for visit in (0, 101):
        assert rule({"visit_number": visit}, None) == ("visit_number", "is not between 1 and 100")
    assert rule({"kind": "ilacs_short", "focus_area": "leaders"}, ilacs) is None
    assert rule({}, ilacs) is None
    assert rule({"kind": "jtai"}, ilacs) == ("kind", f"is not a kind of visit {ilacs.short_name} covers")
    assert rule({"focus_area": "front_door"}, ilacs) == ("focus_area", f"is not an area of {ilacs.short_name}")
    assert rule({"kind": "jtai", "focus_area": "front_door"}, None) is None


def test_area_keys(ilacs, registry):
    area = validation._area
    assert area({"area_key": "leaders"}, ilacs) is None
    assert area({"area_key": "x"}, None) is None and area({}, ilacs) is None
    refused = ("area_key", f"is not a judgement area of {ilacs.short_name}")
    assert area({"area_key": OVERALL_KEY}, ilacs) == refused
    assert area({"area_key": OVERALL_KEY}, ilacs, overall=True) is None
    assert area({"area_key": "nope"}, ilacs, overall=True) == refused
    assert area({"area_key": None}, ilacs) == refused and area({"area_key": 5}, ilacs) == refused
    assert area({"area_key": None}, ilacs, optional=True) is None
    assert area({"area_key": "nope"}, ilacs, optional=True) == refused
    no_overall = registry.get("ilacs", "2026")
    assert not no_overall.has_overall
    assert area({"area_key": OVERALL_KEY}, no_overall, overall=True) is not None


def test_grades_and_descriptors(ilacs, jtai):
    assert validation._graded({"grade": "good"}, ilacs) is None and validation._graded({"grade": None}, jtai) is None
    assert validation._graded({"grade": "good"}, None) is None
    assert validation._graded({"grade": "good"}, jtai) == ("grade", f"is set, but {jtai.short_name} is not graded")
    evidence = validation._evidence
    jtai_area = jtai.areas[0].key
    assert evidence({"area_key": jtai_area, "grade": "good"}, jtai) == (
        "grade", f"is set, but {jtai.short_name} is not graded")
    assert evidence({"area_key": "x", "descriptors": ["a"]}, None) is None
    every = [d.key for d in ilacs.area("leaders").descriptors]
    assert evidence({"area_key": "leaders", "descriptors": every}, ilacs) is None
    assert evidence({"area_key": "leaders", "descriptors": None}, ilacs) is None
    assert evidence({"area_key": "leaders", "descriptors": ["nope"]}, ilacs) == (
        "descriptors", "names a descriptor that does not belong to the area")
    assert evidence({"area_key": "leaders", "descriptors": [every[0], every[0]]}, ilacs) == (
        "descriptors", "names a descriptor twice")
    assert evidence({"descriptors": ["a", "a"]}, ilacs) == ("descriptors", "names a descriptor twice")
    assert evidence({"area_key": "nope", "descriptors": []}, ilacs)[0] == "area_key"


def test_evidence_references_are_initials_a_hyphen_and_a_number(ilacs):
    evidence = validation._evidence
    words = "is not a reference such as AA-5 (up to four capital letters, a hyphen, a number)"
    for good in ("AA-5", "X-1", "ABCD-999999", "", "   ", None, 5):  # blank: the required-text rule; 5: the type's
        assert evidence({"area_key": "leaders", "ref": good}, ilacs) is None, good
    assert evidence({"area_key": "leaders"}, ilacs) is None
    for bad in ("aa-5", "AA5", "AA-0", "AA-05", "ABCDE-1", "AA-5 ", " AA-5", "AA-1234567", "A1-5"):
        assert evidence({"area_key": "leaders", "ref": bad}, ilacs) == ("ref", words), bad
    assert evidence({"area_key": "nope", "ref": "AA-"}, ilacs) == ("ref", words)  # the first problem of the row
    assert _check("evidence", {"area_key": "leaders", "ref": "AA-x"}, ilacs) == Problem("evidence", 1, "ref", words)
    assert check_rows("evidence", [{"text": "Seen.", "area_key": "leaders", "ref": " "}], ilacs) == Problem(
        "evidence", 1, "ref", "is empty")


def test_findings_attachments_and_initials(ilacs):
    finding = validation._finding
    ref = ilacs.national_framework[0].ref
    assert finding({"area_key": None, "national_ref": ref}, ilacs) is None
    assert finding({"national_ref": ""}, ilacs) is None and finding({"national_ref": "x"}, None) is None
    assert finding({"national_ref": "nope"}, ilacs) == (
        "national_ref", f"is not an item of {ilacs.short_name}'s national framework")
    assert finding({"area_key": "nope", "national_ref": "nope"}, ilacs) == (
        "area_key", f"is not a judgement area of {ilacs.short_name}")

    attachment = validation._attachment
    assert attachment({"sha256": "0a" * 32, "size": 0}, None) is None
    assert attachment({"sha256": None, "size": None}, None) is None and attachment({}, None) is None
    for digest in ("0A" * 32, "0a" * 31 + "0", "0a" * 32 + "0"):
        assert attachment({"sha256": digest}, None) == ("sha256", "is not a SHA-256 checksum"), digest
    assert attachment({"size": 50 * 1024 * 1024}, None) is None
    for size in (50 * 1024 * 1024 + 1, -1):
        assert attachment({"size": size}, None) == ("size", "is not a plausible attachment size")
    assert attachment({"size": "big"}, None) is None  # the column check says it is not a number

    initials = validation._initials
    assert initials({"initials": "ABCD"}, None) is None and initials({}, None) is None
    for bad in ("ABCDE", "A B"):
        assert initials({"initials": bad}, None) == ("initials", "are more than four letters")


def test_require_speaks_of_the_field_in_words(ilacs):
    from inspector_app.domain.enums import Polarity

    validation.require("evidence", {"polarity": Polarity.STRENGTH, "area_key": "leaders"}, ilacs)
    with pytest.raises(ValidationError) as refused:
        validation.require("evidence", {"area_key": "front_door"}, ilacs)
    assert str(refused.value) == f"area key is not a judgement area of {ilacs.short_name}"
    with pytest.raises(ValidationError) as refused:
        validation.require("inspection", {"start_date": "2026-03-02", "end_date": "2026-03-01"})
    assert str(refused.value) == "end date is before the first day on site"
    validation.require("case_record", {"summary": "partial edit"})  # complete=False: only what is given
    from enum import Enum

    class Plain(Enum):  # any enumeration counts by its value, not only the domain's string enumerations
        STRENGTH = "strength"

    validation.require("evidence", {"polarity": Plain.STRENGTH})
    with pytest.raises(ValidationError, match="reference is missing"):
        validation.require("case_record", {"summary": "x"}, complete=True)


def test_stored_rows_are_read_back_in_the_shapes_the_rules_expect():
    stored = validation._stored
    row = {"descriptors": '["a", "b"]', "tags": "not json", "area_key": "leaders", "text": None,
           "created_at": "2026-03-03 10:00:00.000000", "updated_at": "2026-03-03 10:00:00+01:00"}
    assert stored("evidence", row) == {
        "descriptors": ["a", "b"], "tags": "not json", "area_key": "leaders", "text": None,
        "created_at": "2026-03-03T10:00:00.000000+00:00", "updated_at": "2026-03-03T10:00:00+01:00"}
    assert stored("record_audit", {"timely": 1, "note": "n"}) == {"timely": True, "note": "n"}
    assert stored("record_audit", {"timely": 0})["timely"] is False
    assert stored("evidence", {"descriptors": ["kept"]}) == {"descriptors": ["kept"]}
    assert stored("finding", {"position": 3}) == {"position": 3} and stored("finding", {"position": 3})["position"] \
        is not True


def test_the_check_of_stored_rows_counts_what_breaks_a_rule(registry):
    from sqlalchemy import create_engine
    from sqlalchemy.pool import StaticPool

    from inspector_app.storage import cipher
    from inspector_app.storage.base import Base

    connection = cipher.dbapi().connect(":memory:", check_same_thread=False)
    engine = create_engine("sqlite://", module=cipher.dbapi(), creator=lambda: connection, poolclass=StaticPool)
    Base.metadata.create_all(engine)
    stamp = "'2026-03-03 10:00:00', '2026-03-03 10:00:00', 'me', 'me'"
    connection.execute("INSERT INTO inspection (id, uuid, authority, framework_id, framework_version, kind, status, "
                       "start_date, end_date, summary, created_at, updated_at, created_by, updated_by) VALUES "
                       "(1, 'u1', 'Testshire', 'ilacs', '2023', 'ilacs_standard', 'planning', '2026-03-02', "
                       f"'2026-03-13', '', {stamp})")
    for n, area in enumerate(("leaders", "front_door", "nowhere")):
        connection.execute("INSERT INTO evidence (id, uuid, inspection_id, text, source, seen_on, area_key, "
                           "descriptors, polarity, tags, ref, created_at, updated_at, created_by, updated_by) VALUES "
                           f"({n + 1}, 'e{n}', 1, 'Seen', 'case_file', '2026-03-03', '{area}', '[]', 'strength', "
                           f"'[]', 'ME-{n + 1}', {stamp})")
    check = validation.stored_rows_check(registry)
    name = "every row keeps the app's rules (framework keys, lengths, dates, characters)"
    [finding] = check(connection)
    assert (finding.ok, finding.check) == (False, name)
    assert finding.detail == f"no: 2 {ENTITY_LABELS['evidence']} rows"
    connection.execute("DELETE FROM evidence WHERE area_key != 'leaders'")
    connection.execute("INSERT INTO case_record (id, uuid, inspection_id, reference, initials, legal_status, team, "
                       "selection_reason, summary, created_at, updated_at, created_by, updated_by) VALUES "
                       f"(1, 'c1', 1, 'AB-1', 'TOOLONG', 'child_in_need', 'East', 'sampled', '', {stamp})")
    assert [(f.ok, f.detail) for f in check(connection)] == [(False, f"no: 1 {ENTITY_LABELS['case_record']} rows")]
    connection.execute("UPDATE evidence SET area_key = 'nowhere'")
    assert [f.detail for f in check(connection)] == [
        f"no: 1 {ENTITY_LABELS['case_record']} rows, 1 {ENTITY_LABELS['evidence']} rows"]
    connection.execute("DELETE FROM case_record")
    connection.execute("UPDATE evidence SET area_key = 'leaders'")
    assert [(f.ok, f.check, f.detail) for f in check(connection)] == [(True, name, "yes")]
    connection.execute("UPDATE inspection SET kind = 'jtai'")  # a kind of visit its own framework does not have
    assert [f.detail for f in check(connection)] == [f"no: 1 {ENTITY_LABELS['inspection']} rows"]
    connection.execute("UPDATE inspection SET kind = 'ilacs_standard', start_date = '2026-03-20'")  # after its end
    assert [f.detail for f in check(connection)] == [f"no: 1 {ENTITY_LABELS['inspection']} rows"]
    connection.execute("DROP TABLE evidence")
    assert [(f.ok, f.check, f.detail) for f in check(connection)] == [
        (False, name, "could not run: SQLite stopped with OperationalError")]
    engine.dispose()
