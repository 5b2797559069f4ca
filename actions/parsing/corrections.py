"""What a correction changes: "actually his date of birth is 3 May 2011".

A table maps the words people use for a field ("DOB", "surname", "mobile") to the slot
and the parser for its new value. The value is read after "to", "is", "should be" or
":", and "X not Y" keeps X. Without a field word, the message is read as a free
message ("actually she's 15").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from backend.domain.area import classify_location, find_postcode

from ._text import clean
from .answers import is_dont_know
from .contacts import find_email, find_phone, normalise_phone, parse_email
from .dates import parse_age, parse_date_of_birth
from .education import parse_education
from .facts import extract_facts
from .meetings import parse_meetings
from .names import parse_first_name, parse_last_name, parse_person_name
from .people import parse_gender, parse_relationship, parse_role
from .statuses import (
    parse_admission,
    parse_assessment,
    parse_consent,
    parse_legal_status,
    parse_lives_with,
    parse_police_status,
    parse_service,
)

Changes = dict[str, Any]
Reader = Callable[[str, str, date], Changes]
"""(value text, whole message, today) -> the slots it sets, or {} when unreadable."""

_LEAD_IN = re.compile(
    r"^(?:(?:actually|sorry|oops|apologies|correction|wait|hang\s+on|no|erm|um|oh|my\s+mistake|my\s+bad|"
    r"i\s+meant|i\s+mean|typo|please|pls|can\s+you|could\s+you|can\s+we|could\s+we|i\s+need\s+to|"
    r"i'?d\s+like\s+to|i\s+want\s+to)\W+)*",
    re.IGNORECASE,
)
_CHANGE = r"(?:change|update|amend|edit|correct|fix|alter|put|make)"
# The new value starts after the first of these that follows the field word.
_VALUE_START = re.compile(
    r"\b(?:to\s+be|to|is\s+now|is\s+actually|is|are|was|should\s+be|should\s+say|should\s+read|=|:|as|now)\b|[:=]",
    re.IGNORECASE,
)
_NOT_THE_OLD = re.compile(r"\s*(?:,\s*)?\b(?:not|rather\s+than|instead\s+of)\b.*$", re.IGNORECASE)


def _one(slot: str, parser: Callable[[str], Any], *, whole_message: bool = False) -> Reader:
    """A reader for one slot. With whole_message, a choice can be read from the whole
    correction when the part after the field word says nothing ("she's now CIN")."""

    def read(value: str, message: str, today: date) -> Changes:
        parsed = parser(value) if value else None
        if parsed is None and whole_message:
            parsed = parser(message)
        return {slot: parsed} if parsed is not None else {}

    return read


def _dont_know_or(slot: str, parser: Callable[[str], Any]) -> Reader:
    inner = _one(slot, parser, whole_message=True)

    def read(value: str, message: str, today: date) -> Changes:
        return {slot: "unknown"} if is_dont_know(value) else inner(value, message, today)

    return read


def _date_of_birth(value: str, message: str, today: date) -> Changes:
    result = parse_date_of_birth(value, today)
    if result.date_of_birth is not None:
        return {"yp_date_of_birth": result.date_of_birth.isoformat(), "yp_age": result.age}
    # Recognised but unreadable ("31/2/2011"): pass it on so the slot's validator can
    # say what is wrong with it.
    return {"yp_date_of_birth": value} if result.error else {}


def _age(value: str, message: str, today: date) -> Changes:
    result = parse_date_of_birth(value, today)
    if result.date_of_birth is not None:
        return {"yp_date_of_birth": result.date_of_birth.isoformat(), "yp_age": result.age}
    return {"yp_age": result.age} if result.age is not None else {}


def _location(value: str, message: str, today: date) -> Changes:
    area = classify_location(value)
    place = find_postcode(value) or area.postcode or area.town
    return {"yp_location": place} if place else {}


def _postcode(value: str, message: str, today: date) -> Changes:
    postcode = find_postcode(value) or find_postcode(message)
    return {"yp_location": postcode} if postcode else {}


def _email(value: str, message: str, today: date) -> Changes:
    email = parse_email(value) or find_email(value) or find_email(message)
    if email is None and "@" in value:
        return {"referrer_email": value}  # for the validator to explain
    return {"referrer_email": email} if email else {}


def _phone(value: str, message: str, today: date) -> Changes:
    phone = normalise_phone(value) or find_phone(value) or find_phone(message)
    if phone is None and len(re.sub(r"\D", "", value)) >= 6:
        return {"referrer_phone": value}  # for the validator to explain
    return {"referrer_phone": phone} if phone else {}


def _police(value: str, message: str, today: date) -> Changes:
    status = parse_police_status(value) or parse_police_status(message)
    if status is None:
        return {}
    if status == "unknown":
        return {"police_status": status}
    return {"police_status": status, "police_involved": "no" if status == "none" else "yes"}


def _yp_name(value: str, message: str, today: date) -> Changes:
    name = parse_person_name(value)
    if name is None:
        return {}
    first = parse_first_name(name)
    parts = name.split()
    changes: Changes = {"yp_first_name": first} if first else {}
    if first and len(parts) > 1:
        changes["yp_last_name"] = " ".join(parts[1:])
    return changes


def _significant_adult(value: str, message: str, today: date) -> Changes:
    changes: Changes = {}
    name_part, _, rest = value.partition(",")
    if name := parse_person_name(name_part):
        changes["sa_name"] = name
    if relationship := parse_relationship(rest or value):
        if relationship.lower() != (changes.get("sa_name") or "").lower():
            changes["sa_relationship"] = relationship
    return changes


def _consent(value: str, message: str, today: date) -> Changes:
    consent = parse_consent(value) or parse_consent(message)
    if consent is None:
        return {}
    lower = message.lower()
    if re.search(r"\b(?:mum|mom|dad|mother|father|parents?|carers?|gran|nan|family)\b", lower):
        return {"parent_consent": consent}
    if re.search(r"\b(?:young\s+person|yp|child|he|she|they|his|her|their|him)\b", lower):
        return {"yp_consent": consent}
    return {}  # whose consent is not said: don't guess


def _free_text(slot: str, max_chars: int = 200) -> Reader:
    def read(value: str, message: str, today: date) -> Changes:
        text = clean(value)
        return {slot: text[:max_chars]} if len(text) >= 2 else {}

    return read


def _meetings(value: str, message: str, today: date) -> Changes:
    meetings = parse_meetings(value, today)
    if meetings is None:
        meetings = parse_meetings(message, today)
    return {"multi_agency_meetings": meetings} if meetings is not None else {}


# (field words, reader), most specific first: "first name" before "name".
_FIELDS: tuple[tuple[str, Reader], ...] = (
    (r"post\s*code|postal\s+code", _postcode),
    (r"\bdate\s+of\s+birth\b|\bd\.?o\.?b\b\.?|\bbirth\s*day\b|\bbirth\s+date\b", _date_of_birth),
    (r"\bage\b|\bhow\s+old\b", _age),
    (
        r"(?:his|her|their|the\s+young\s+person'?s|the\s+child'?s|yp'?s)\s+first\s+name|\bfirst\s+name|\bforename|\bgiven\s+name",
        _one("yp_first_name", parse_first_name),
    ),
    (r"surname|last\s+name|family\s+name|second\s+name", _one("yp_last_name", parse_last_name)),
    (r"\bmy\s+(?:full\s+)?name\b", _one("referrer_name", parse_person_name)),
    (
        r"\b(?:his|her|their|the\s+young\s+person'?s|the\s+child'?s|yp'?s)\s+(?:full\s+)?name\b",
        _yp_name,
    ),
    (r"e-?mail(?:\s+address)?", _email),
    (
        r"phone(?:\s+number)?|mobile(?:\s+number)?|telephone|\btel\b|contact\s+number|\bnumber\b",
        _phone,
    ),
    (r"significant\s+adult|\bsa\b", _significant_adult),
    (r"relationship", _one("sa_relationship", parse_relationship)),
    (r"police(?:\s+status)?|\bnfa\b|\brui\b|\bbail\b", _police),
    (
        r"legal\s+status|\bstatus\b|\bcp\s+plan\b|\bplan\b",
        _dont_know_or("yp_legal_status", parse_legal_status),
    ),
    (
        r"lives?\s+with|living\s+with|living\s+situation|lives\s+at\s+home\s+with",
        _dont_know_or("lives_with", parse_lives_with),
    ),
    (
        r"school|college|education(?:\s+setting)?|academy",
        _one("yp_education_setting", parse_education),
    ),
    (r"\bmy\s+role\b|\bmy\s+job\b|\bjob\s+title\b|\brole\b", _one("referrer_role", parse_role)),
    (
        r"organi[sz]ation|\bagency\b|\bemployer\b|\bmy\s+team\b|\bi\s+work\s+(?:for|at)\b",
        _free_text("referrer_organisation"),
    ),
    (r"gender|\bsex\b", _one("yp_gender", parse_gender)),
    (r"consent|agree(?:d|s)?\b", _consent),
    (r"meetings?|\bstrat\b|\bicpc\b|\bfgc\b", _meetings),
    (r"admission|admits|admitted|denies|denied", _dont_know_or("admission", parse_admission)),
    (
        r"previous\s+assessment|\bassessment\b",
        _dont_know_or("previous_assessment", parse_assessment),
    ),
    (r"service|requesting|asking\s+for", _dont_know_or("service_requested", parse_service)),
    (r"additional\s+needs|\bsend\b|interpreter", _free_text("yp_additional_needs", 500)),
    (r"\baddress\b|\btown\b|\blocation\b|\barea\b|\blives\s+in\b|\bmoved\s+to\b", _location),
)
_GENDER_SAYING = re.compile(
    r"\b(?:it'?s|he'?s|she'?s|they'?re|is)\s+a\s+(?P<noun>boy|girl|lad|young\s+(?:man|woman))\b",
    re.IGNORECASE,
)


def _value_after(field: re.Match[str], message: str) -> str:
    """The new value: after "to"/"is"/":" following the field word, without "not Y"."""
    after = message[field.end() :]
    if from_old := re.match(r"\s*from\b.*?\bto\b", after, re.IGNORECASE):
        after = after[from_old.end() :]  # "from BS16 1AA to BS37 5AB"
    elif start := _VALUE_START.search(after):
        after = after[start.end() :]
    value = _NOT_THE_OLD.sub("", after).strip(" .,:;-")
    if not value:
        # "BS37 5AB is the postcode": the value came first.
        before = re.sub(rf"^\s*(?:{_CHANGE}\s+)?", "", message[: field.start()], flags=re.I)
        value = re.sub(
            r"\b(?:is|are|was|the|his|her|their|my)\s*$", "", before.strip(), flags=re.I
        ).strip(" .,:;-")
    return value


def parse_correction(text: str, today: date) -> dict[str, Any]:
    """The slots a correction sets, e.g. "change the postcode to BS37 5AB" ->
    {"yp_location": "BS37 5AB"}; {} when nothing can be read."""
    message = _LEAD_IN.sub("", clean(text))
    if not message:
        return {}
    # "he's at college now, change the school to college": the field is the one after
    # the verb.
    change = re.search(rf"\b{_CHANGE}\b", message, re.IGNORECASE)
    scope = message[change.start() :] if change else message
    for words, reader in _FIELDS:
        field = re.search(words, scope, re.IGNORECASE)
        if field is None:
            continue
        value = _value_after(field, scope)
        changes = reader(value, message, today)
        if changes:
            return changes
    facts = extract_facts(message, today)
    if "yp_age" not in facts and (age := parse_age(message)) is not None and 5 <= age <= 25:
        facts["yp_age"] = age
    if "yp_gender" not in facts and (saying := _GENDER_SAYING.search(message)):
        gender = parse_gender(saying.group("noun"))
        if gender:
            facts["yp_gender"] = gender
    return facts


# "School: Lyde Green Primary - no sorry, he's at Mangotsfield School now": a value the
# writer corrects as they go; what follows the correction is the value.
_CORRECTED_AS_WRITTEN = re.compile(
    r"(?:\s[-\u2013]|[,;.])\s*(?:no\s*,?\s+sorry|sorry\s*,?\s+no|no\s+wait|sorry\s+i\s+mean|i\s+mean)\b[\s,:-]*",
    re.IGNORECASE,
)


# "Connor Edwrds - sorry, Edwards - 13yo": a word the writer retypes at once, the typo
# then the word as meant.
_RETYPED = re.compile(
    r"\b(?P<typed>[A-Za-z'-]{3,})\s*(?:[-\u2013,]\s*)?\bsorry\s*[,:-]?\s*(?P<meant>[A-Za-z'-]{3,})\b"
)
# What a corrected value may open and end with that is no part of it: "he's at
# Mangotsfield School now" -> "Mangotsfield School".
_SAID_AROUND = re.compile(
    r"^(?:(?:he|she|they|it)(?:'s|\s+is|'re|\s+are)\s+(?:at|in|with)\s+)|\s+(?:now|instead)\s*$",
    re.IGNORECASE,
)


def _retyped(match: re.Match[str]) -> str:
    typed, meant = match["typed"], match["meant"]
    if SequenceMatcher(None, typed.lower(), meant.lower()).ratio() >= 0.75:
        return meant
    return match[0]


def value_as_corrected(value: str) -> str:
    """The part of a written value after the writer's last correction of it, with a word
    retyped at once ("Edwrds - sorry, Edwards") as meant."""
    value = _RETYPED.sub(_retyped, value)
    parts = _CORRECTED_AS_WRITTEN.split(value)
    if not parts[-1].strip():
        return value
    return _SAID_AROUND.sub("", parts[-1]) if len(parts) > 1 else parts[-1]
