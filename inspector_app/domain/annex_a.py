"""The Annex A child-level lists a council sends before an inspection (domain brief 5.1).

Councils' extract tools reproduce Ofsted's request, but their headings vary ("Child Unique ID",
"LA Child ID", "CHILD_ID"...). This module names the lists, the fields the app reads from them,
the usual headings for each field, and how a row's values are read: dates in ISO or British
day/month/year form, ages (unborn = -1), yes/no flags. Nothing here touches a file or a database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from inspector_app.domain.enums import AgeBand, LegalStatus


@dataclass(frozen=True)
class AnnexList:
    number: int
    name: str
    window: str
    status: LegalStatus
    """The status a child on this list has, for sampling (a child on several lists takes the
    most intensive, see ``STATUS_PRIORITY``)."""
    event: str
    """What the list's dated event is called (the contact, the referral, entering care...)."""


LISTS: tuple[AnnexList, ...] = (
    AnnexList(1, "Contacts", "6 months", LegalStatus.OTHER, "contact date"),
    AnnexList(2, "Early help assessments", "6 months", LegalStatus.EARLY_HELP, "assessment start date"),
    AnnexList(3, "Referrals", "6 months", LegalStatus.OTHER, "referral date"),
    AnnexList(4, "Assessments", "6 months", LegalStatus.OTHER, "assessment start date"),
    AnnexList(5, "Section 47 enquiries and ICPCs", "6 months", LegalStatus.CHILD_PROTECTION,
              "strategy discussion date"),
    AnnexList(6, "Children in need", "now and the prior 6 months", LegalStatus.CHILD_IN_NEED, "CIN start date"),
    AnnexList(7, "Child protection", "now and plans ended in the prior 6 months", LegalStatus.CHILD_PROTECTION,
              "plan start date"),
    AnnexList(8, "Children in care", "now and those who left in the prior 6 months", LegalStatus.LOOKED_AFTER,
              "date entered care"),
    AnnexList(9, "Care leavers", "everyone entitled to support", LegalStatus.CARE_LEAVER, "latest contact date"),
    AnnexList(10, "Adoption", "prior 12 months", LegalStatus.ADOPTED, "adoption decision date"),
    AnnexList(11, "Adopters", "prior 12 months", LegalStatus.OTHER, "first contact date"),
)
BY_NUMBER = {a.number: a for a in LISTS}

STATUS_PRIORITY = (LegalStatus.LOOKED_AFTER, LegalStatus.CARE_LEAVER, LegalStatus.CHILD_PROTECTION,
                   LegalStatus.CHILD_IN_NEED, LegalStatus.ADOPTED, LegalStatus.EARLY_HELP, LegalStatus.OTHER)


def annex_list(number: int) -> AnnexList:
    try:
        return BY_NUMBER[number]
    except KeyError:
        raise ValueError(f"Annex A has lists 1 to {len(LISTS)}, not {number}") from None


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    AGE = "age"
    FLAG = "flag"


@dataclass(frozen=True)
class AnnexField:
    key: str
    label: str
    type: FieldType
    required: bool
    headings: tuple[str, ...]


FIELDS: tuple[AnnexField, ...] = (
    AnnexField("council_id", "Child's unique ID (the council's)", FieldType.TEXT, True,
               ("child unique id", "la child id", "child id", "unique id", "child identifier", "id", "person id")),
    AnnexField("gender", "Gender", FieldType.TEXT, False, ("gender", "sex")),
    AnnexField("ethnicity", "Ethnicity", FieldType.TEXT, False, ("ethnicity", "ethnic origin", "ethnicity code")),
    AnnexField("date_of_birth", "Date of birth", FieldType.DATE, False, ("date of birth", "dob", "birth date")),
    AnnexField("age", "Age", FieldType.AGE, False, ("age", "age at start", "age (years)")),
    AnnexField("disability", "Disability", FieldType.FLAG, False, ("disability", "disabled", "has disability")),
    AnnexField("uasc", "Unaccompanied asylum-seeking child", FieldType.FLAG, False,
               ("uasc", "unaccompanied asylum seeking child", "uasc flag")),
    AnnexField("team", "Allocated team", FieldType.TEXT, False, ("allocated team", "team", "team name")),
    AnnexField("worker", "Allocated worker", FieldType.TEXT, False,
               ("allocated worker", "social worker", "worker", "allocated social worker", "personal adviser")),
    AnnexField("legal_status", "Legal status", FieldType.TEXT, False,
               ("legal status", "latest legal status", "category of need", "legal status code")),
    AnnexField("event_date", "Date of the list's event", FieldType.DATE, False,
               ("contact date", "referral date", "assessment start date", "date entered care", "start date",
                "strategy discussion date", "cin start date", "plan start date", "cp plan start date",
                "latest contact date", "adoption decision date", "first contact date", "date")),
)
FIELD_BY_KEY = {f.key: f for f in FIELDS}


def normalise_heading(text: str) -> str:
    return re.sub(r"[\s_\-./]+", " ", text.strip().casefold()).strip()


def guess_field(heading: str) -> str | None:
    """The field a heading usually means, or None (the column is not read)."""
    wanted = normalise_heading(heading)
    for f in FIELDS:
        if wanted in f.headings or wanted == normalise_heading(f.label) or wanted == f.key.replace("_", " "):
            return f.key
    return None


class DateFormat(StrEnum):
    ISO = "YYYY-MM-DD"
    BRITISH = "DD/MM/YYYY"
    SPREADSHEET = "spreadsheet date"


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_BRITISH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def read_date(value: object) -> tuple[date, DateFormat]:
    """A date and the form it was written in; ValueError with a reason (never the value)."""
    if isinstance(value, datetime):
        return value.date(), DateFormat.SPREADSHEET
    if isinstance(value, date):
        return value, DateFormat.SPREADSHEET
    text = str(value).strip()
    for pattern, form in ((_ISO, DateFormat.ISO), (_BRITISH, DateFormat.BRITISH)):
        m = pattern.match(text)
        if m:
            a, b, c = (int(x) for x in m.groups())
            try:
                return (date(a, b, c) if form is DateFormat.ISO else date(c, b, a)), form
            except ValueError:
                raise ValueError("is not a real date") from None
    raise ValueError("is not a date in YYYY-MM-DD or DD/MM/YYYY form")


def read_age(value: object) -> int:
    text = str(value).strip().casefold()
    if text in ("unborn", "-1"):
        return -1
    try:
        number = float(text)
    except ValueError:
        raise ValueError("is not an age in years (unborn is -1)") from None
    if not number.is_integer() or not -1 <= number <= 30:
        raise ValueError("is not an age between -1 (unborn) and 30")
    return int(number)


def read_flag(value: object) -> bool:
    text = str(value).strip().casefold()
    if text in ("y", "yes", "true", "1"):
        return True
    if text in ("n", "no", "false", "0"):
        return False
    raise ValueError("is not Y or N")


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _band(age: int) -> AgeBand:
    if age < 0:
        return AgeBand.UNBORN
    for limit, band in ((0, AgeBand.UNDER_1), (4, AgeBand.AGE_1_4), (9, AgeBand.AGE_5_9),
                        (15, AgeBand.AGE_10_15), (17, AgeBand.AGE_16_17)):
        if age <= limit:
            return band
    return AgeBand.AGE_18_25


_BANDS = {age: _band(age) for age in range(-1, 31)}


def age_band(age: int | None) -> AgeBand | None:
    if age is None:
        return None
    return _BANDS.get(age) or _band(age)


def ethnic_group(code: str | None) -> str:
    """The broad group of a DfE ethnicity code (WBRI -> White), for spreading a sample."""
    if not code:
        return "Not known"
    c = code.strip().upper()
    if c in ("REFU", "NOBT", "NOT", "UNKN"):
        return "Not known"
    return {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black", "C": "Chinese", "O": "Other"}.get(c[:1], "Other")
