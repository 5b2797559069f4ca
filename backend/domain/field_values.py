"""What a referral field's value may be, checked before it is stored.

The chat form only ever produces clean values (actions/slot_validation.py). The case
backend keeps the same promise whoever calls it: every value is checked against the
field table (backend/domain/fields.py) by its field's kind, so nothing the form would
refuse (a gender of "banana", a date of birth of "not a date", a name with an unpaired
surrogate) reaches a record. No rule refuses anything the form gives: the form's own
validators are run against them (tests/actions/test_form_values_are_storable.py).

"unknown" (a professional's "don't know") is valid for every field. A reason names the
rule a value broke and never quotes the value: values are personal data, and reasons
reach logs and the audit trail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backend.domain.dates import add_years
from backend.domain.fields import (
    AGENCIES,
    FIELDS_BY_NAME,
    HARMED_CHILD_RELATIONSHIPS,
    INT_RANGES,
    MEETINGS,
    MOST_CHILDREN_IN_A_GROUP,
    SEVERAL_CHILDREN,
    TEXT_MAX_LENGTH,
    UNKNOWN,
    YES_NO_UNKNOWN,
    Field,
    max_length,
)

# A date may be the caller's today while it is still yesterday here: the chat and the
# case backend may count days in different time zones.
DATE_TOLERANCE = timedelta(days=1)
# A date of birth lies within this many years of today: the form takes ages up to 25,
# and a referral may wait a while before it is saved again.
DATE_OF_BIRTH_SPAN_YEARS = 30
# No answer names more entries than this: each takes a character and a separator.
MAX_ENTRIES = TEXT_MAX_LENGTH // 2
# The details given of one professional involved, and a meeting's date in words.
PROFESSIONAL_DETAILS_MAX_LENGTH = 500
MEETING_DATE_MAX_LENGTH = 100

# C0 and C1 control characters other than tab, newline and carriage return (a pasted
# "\r\n" is a line break, not an attack).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A surrogate code point in a str is never half of a valid pair: it cannot be encoded.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# An email address as the form reads one (actions/parsing/contacts.py).
_EMAIL_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_EMAIL_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"(?P<local>{_EMAIL_LOCAL})@(?:{_EMAIL_LABEL}\.)+[A-Za-z]{{2,24}}")
# A UK number (Crown dependencies included) in E.164: +44 and 7 to 10 national digits.
_UK_PHONE = re.compile(r"\+44[1-9][0-9]{6,9}")
# A harmed child's age as the form gives it: "8", "18 months", "4 years younger", "same
# age"; a group's ages as a range ("11-12"); "unknown" when the referrer said so.
_CHILD_AGE = re.compile(
    r"[0-9]{1,2}|[0-9]{1,2} months?|[0-9]{1,2} years? (?:younger|older)|same age|"
    r"[0-9]{1,2}-[0-9]{1,2}|unknown"
)
# One entry may stand for a group of children: "count" is how many, or "several" when the
# referrer did not say. Optional, so entries stored before groups were taken stay valid.
_HARMED_CHILD_KEYS = ("relationship", "age", "count", "same_home_or_school", "protection_plan")


class InvalidFieldValue(ValueError):
    """Field values the field table does not allow: the update was refused whole.

    `problems` maps each offending field's name to the rule its value broke, never the
    value. A ValueError: the values themselves are wrong, and sending them again cannot
    help (the action server's gateway does not retry a ValueError)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(sorted(problems.items()))
        super().__init__(
            "invalid field values: "
            + "; ".join(f"{name} {reason}" for name, reason in self.problems.items())
        )

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(self.problems)


# --- the building blocks -------------------------------------------------------------


def _text_problem(value: Any, longest: int, *, blank: bool = False) -> str | None:
    """Why a value is not text that can be stored (None when it is)."""
    if not isinstance(value, str):
        return "is not text"
    if len(value) > longest:
        return f"is longer than {longest} characters"
    if _SURROGATE.search(value):
        return "is not valid Unicode (an unpaired surrogate)"
    if _CONTROL.search(value):
        return "contains a control character"
    if not blank and not value.strip():
        return "is blank"
    return None


def _latest_date(today: date) -> date:
    try:
        return today + DATE_TOLERANCE
    except OverflowError:
        return date.max


def _years_before(today: date, years: int) -> date:
    try:
        return add_years(today, -years)
    except ValueError:  # before year 1
        return date.min


def _iso_date(value: Any) -> date | None:
    """The calendar date an ISO "YYYY-MM-DD" names; None for anything else."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _when_problem(value: Any, longest: int, today: date) -> str | None:
    """A period: an exact date (real, and not in the future) or a time in words."""
    problem = _text_problem(value, longest)
    if problem is not None:
        return problem
    if _ISO_DATE.fullmatch(value):
        exact = _iso_date(value)
        if exact is None:
            return "is not a real date"
        if exact > _latest_date(today):
            return "is in the future"
    return None


def _one_of(value: Any, allowed: tuple[str, ...]) -> bool:
    return isinstance(value, str) and value in allowed


# --- list entries ----------------------------------------------------------------------

EntryCheck = Callable[[Any, date], str | None]


def _only_keys(entry: dict[Any, Any], allowed: tuple[str, ...]) -> bool:
    return all(isinstance(key, str) and key in allowed for key in entry)


def _group_size_problem(count: Any) -> str | None:
    if count is None or count == SEVERAL_CHILDREN:
        return None
    if isinstance(count, bool) or not isinstance(count, int):
        return "has a count that is not a number of children"
    if not 2 <= count <= MOST_CHILDREN_IN_A_GROUP:
        return f"has a count outside 2 to {MOST_CHILDREN_IN_A_GROUP}"
    return None


def _harmed_child(entry: Any, today: date) -> str | None:
    """{"relationship", "age", "count" (a group only), "same_home_or_school",
    "protection_plan"}: described, never identified (identifying keys are dropped before
    the check, see model.py)."""
    if not isinstance(entry, dict):
        return "is not a description of a child"
    if not _only_keys(entry, _HARMED_CHILD_KEYS):
        return (
            "has a detail other than relationship, age, count, same home or school, protection plan"
        )
    # Neither a relationship nor an age is possible: "no" to "was another child harmed?"
    # before any child was described leaves an entry with only its yes/no answers.
    relationship, age = entry.get("relationship"), entry.get("age")
    if relationship is not None and not _one_of(relationship, HARMED_CHILD_RELATIONSHIPS):
        return "has a relationship that is not one of the relationships"
    if age is not None and not (isinstance(age, str) and _CHILD_AGE.fullmatch(age)):
        return "has an age that is not an age"
    if (problem := _group_size_problem(entry.get("count"))) is not None:
        return problem
    for key in ("same_home_or_school", "protection_plan"):
        if entry.get(key) is not None and not _one_of(entry[key], YES_NO_UNKNOWN):
            return f"has a {key.replace('_', ' ')} that is not yes, no or unknown"
    return None


def _meeting(entry: Any, today: date) -> str | None:
    """{"type": one of MEETINGS, "date": an ISO date, a time in words, or None}."""
    if not isinstance(entry, dict) or not _only_keys(entry, ("type", "date")):
        return "is not a meeting (a type and a date)"
    if not _one_of(entry.get("type"), MEETINGS):
        return "has a type that is not one of the meetings"
    when = entry.get("date")
    problem = None if when is None else _when_problem(when, MEETING_DATE_MAX_LENGTH, today)
    return None if problem is None else f"(date) {problem}"


def _professional(entry: Any, today: date) -> str | None:
    """{"agency": one of AGENCIES, "details": what was said of them}."""
    if not isinstance(entry, dict) or set(entry) != {"agency", "details"}:
        return "is not a professional (an agency and details)"
    if not _one_of(entry["agency"], AGENCIES):
        return "has an agency that is not one of the agencies"
    problem = _text_problem(entry["details"], PROFESSIONAL_DETAILS_MAX_LENGTH, blank=True)
    return None if problem is None else f"(details) {problem}"


@dataclass(frozen=True)
class EntryRule:
    check: EntryCheck
    may_be_empty: bool  # [] is an answer: "none yet"


# Every "list" field's entries (a test checks none is left out).
ENTRY_RULES: dict[str, EntryRule] = {
    "harmed_children": EntryRule(_harmed_child, may_be_empty=False),
    "multi_agency_meetings": EntryRule(_meeting, may_be_empty=True),
    "professionals_involved": EntryRule(_professional, may_be_empty=True),
}


# --- one check per kind ----------------------------------------------------------------


def _text(field: Field, value: Any, today: date) -> str | None:
    return _text_problem(value, max_length(field.name))


def _period(field: Field, value: Any, today: date) -> str | None:
    return _when_problem(value, max_length(field.name), today)


def _choice(field: Field, value: Any, today: date) -> str | None:
    if _one_of(value, field.choices):
        return None
    if field.own_words is not None and isinstance(value, str):
        problem = _text_problem(value, max_length(field.name))
        if problem is not None:
            return problem
        if field.own_words.fullmatch(value):
            return None
    return "is not one of the choices"


def _multi(field: Field, value: Any, today: date) -> str | None:
    if not isinstance(value, list) or not value:
        return "is not a list of one or more choices"
    if not all(_one_of(item, field.choices) for item in value):
        return "names something that is not one of the choices"
    if len(set(value)) != len(value):
        return "names a choice twice"
    return None


def _date_of_birth(field: Field, value: Any, today: date) -> str | None:
    born = _iso_date(value)
    if born is None:
        return "is not a real date (YYYY-MM-DD)"
    if born > _latest_date(today):
        return "is in the future"
    if born < _years_before(today, DATE_OF_BIRTH_SPAN_YEARS):
        return f"is more than {DATE_OF_BIRTH_SPAN_YEARS} years ago"
    return None


def _email(field: Field, value: Any, today: date) -> str | None:
    if not isinstance(value, str) or len(value) > 254:
        return "is not an email address"
    match = _EMAIL.fullmatch(value)
    if match is None or len(match.group("local")) > 64:
        return "is not an email address"
    return None


def _phone(field: Field, value: Any, today: date) -> str | None:
    if isinstance(value, str) and _UK_PHONE.fullmatch(value):
        return None
    return "is not a UK phone number in E.164 (+44...)"


def _int(field: Field, value: Any, today: date) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "is not a whole number"
    low, high = INT_RANGES[field.name]
    if not low <= value <= high:
        return f"is outside {low} to {high}"
    return None


def _bool(field: Field, value: Any, today: date) -> str | None:
    return None if isinstance(value, bool) else "is not yes or no (true or false)"


def _list(field: Field, value: Any, today: date) -> str | None:
    rule = ENTRY_RULES.get(field.name)
    if rule is None:
        return "has no rule for its entries"
    if not isinstance(value, list):
        return "is not a list"
    if len(value) > MAX_ENTRIES:
        return f"has more than {MAX_ENTRIES} entries"
    if not value and not rule.may_be_empty:
        return "is empty"
    for number, entry in enumerate(value, start=1):
        problem = rule.check(entry, today)
        if problem is not None:
            return f"entry {number} {problem}"
    return None


KindCheck = Callable[[Field, Any, date], str | None]
KIND_CHECKS: dict[str, KindCheck] = {
    "text": _text,
    "period": _period,
    "choice": _choice,
    "multi": _multi,
    "date": _date_of_birth,
    "email": _email,
    "phone": _phone,
    "int": _int,
    "bool": _bool,
    "list": _list,
}


# --- the checks callers use ------------------------------------------------------------


def value_problem(field: Field, value: Any, today: date) -> str | None:
    """Why a field cannot hold this value, or None when it can ("unknown" always can).

    `today` is the day dates are checked against: none may be later (give or take a day
    for time zones), and a date of birth no earlier than DATE_OF_BIRTH_SPAN_YEARS."""
    if isinstance(value, str) and value == UNKNOWN:
        return None
    return KIND_CHECKS[field.kind](field, value, today)


def field_value_problems(values: Mapping[str, Any], today: date) -> dict[str, str]:
    """Each invalid value's field name and reason. Names outside the field table and
    None ("not given") are not values to store, so they are not checked."""
    problems: dict[str, str] = {}
    for name, value in values.items():
        field = FIELDS_BY_NAME.get(name) if isinstance(name, str) else None
        if field is None or value is None:
            continue
        problem = value_problem(field, value, today)
        if problem is not None:
            problems[name] = problem
    return problems


def check_field_values(values: Mapping[str, Any], today: date) -> None:
    """Raise InvalidFieldValue naming every field whose value the table does not allow."""
    problems = field_value_problems(values, today)
    if problems:
        raise InvalidFieldValue(problems)


def without_invalid_values(
    values: Mapping[str, Any], today: date
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The values that may be stored, and the names of those left out: for a draft read
    from a call transcript, which is better saved without a value than not at all."""
    problems = field_value_problems(values, today)
    kept = {name: value for name, value in values.items() if name not in problems}
    return kept, tuple(sorted(problems))
