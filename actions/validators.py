"""The validators: each turns what a professional wrote into a clean value for a slot.

Each validator takes the candidate (raw text, or a value that is already clean, e.g. from
a correction) and the current slots, and returns either the slots to set or a short,
plain message saying what was wrong. "Don't know" is accepted everywhere and recorded
as unknown, never guessed.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable, Mapping

from actions import parsing as p
from actions.parsing.dates import DobResult, check_date_of_birth
from actions.parsing.harmed_children import part_about_child
from backend.domain.area import classify_location
from backend.domain.dates import age_on, parse_iso_date
from backend.domain.fields import UNKNOWN

Outcome = dict[str, Any] | str
Validator = Callable[[Any, Mapping[str, Any], date], Outcome]

CHOOSE = "Sorry, I didn't catch that. Please choose one of the options, or say 'don't know'."
_SKIP = re.compile(r"^\s*(skip|pass|rather not|prefer not|n/?a|no view|none)\b", re.I)
_NONE = re.compile(r"^\s*(none|no|nope|nobody|no one|nothing|not applicable|n/?a)\b", re.I)


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _dont_know(value: Any) -> bool:
    return isinstance(value, str) and (value == UNKNOWN or p.is_dont_know(value))


def choice(
    slot: str, parser: Callable[[str], Any], error: str = CHOOSE, strict: bool = True
) -> Validator:
    def validate(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
        # The parser first: for some fields a hedge is an answer ("unsure", "not known").
        parsed = parser(_text(value).replace("_", " "))
        if parsed is not None:
            return {slot: parsed}
        return {slot: UNKNOWN} if _dont_know(value) else error

    validate.strict = strict  # type: ignore[attr-defined]
    return validate


def per_child_choice(slot: str, parser: Callable[[str], Any]) -> Validator:
    """A choice asked about one harmed child: an answer for several at once ("15 year
    old no; 14 year old yes") is read for the child asked about, by their age."""
    plain = choice(slot, parser)

    def validate(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
        outcome = plain(value, slots, today)
        child = slots.get("hc_details")
        if isinstance(outcome, dict) or not isinstance(child, dict):
            return outcome
        part = part_about_child(_text(value), child)
        parsed = parser(part) if part else None
        return {slot: parsed} if parsed is not None else outcome

    validate.strict = True  # type: ignore[attr-defined]
    return validate


def free_text(slot: str, min_chars: int = 1, error: str = "") -> Validator:
    def validate(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
        if _dont_know(value):
            return {slot: UNKNOWN}
        text = _text(value)
        if len(text) < min_chars:
            return error or "Could you tell me a little more?"
        return {slot: text[:4000]}

    return validate


def optional_text(slot: str) -> Validator:
    def validate(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
        text = _text(value)
        if _dont_know(text) or _SKIP.match(text):
            return {slot: "none" if _NONE.match(text) else UNKNOWN}
        return {slot: text[:4000]}

    return validate


def person_name(slot: str, parser: Callable[[str], str | None]) -> Validator:
    def validate(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
        if _dont_know(value):
            return {slot: UNKNOWN}
        name = parser(_text(value))
        return {slot: name} if name else "Please give a name (2 to 100 characters)."

    return validate


def period(slot: str) -> Validator:
    def validate(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
        if _dont_know(value):
            return {slot: UNKNOWN}
        period = p.parse_period(_text(value), today)
        return (
            {slot: period} if period else "A date or a rough time is fine, for example 'last June'."
        )

    validate.strict = True  # type: ignore[attr-defined]
    return validate


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _read_date_of_birth(text: str, today: date) -> DobResult:
    """A date of birth already clean (ISO, from a correction or a message's facts) is
    only checked against today; anything else is read from the words."""
    if _ISO_DATE.fullmatch(text) and (clean := parse_iso_date(text)) is not None:
        return check_date_of_birth(clean, today)
    return p.parse_date_of_birth(text, today)


def date_of_birth(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if _dont_know(value):
        return {"yp_date_of_birth": UNKNOWN}
    if isinstance(value, int):  # an age, from "actually she's 15"
        return {"yp_date_of_birth": None, "yp_age": value}
    result = _read_date_of_birth(_text(value), today)
    if result.error:
        return result.error
    if result.date_of_birth:
        return {"yp_date_of_birth": result.date_of_birth.isoformat(), "yp_age": result.age}
    if result.age is not None:
        # An age alone: keep it, record the date of birth as not known.
        return {"yp_date_of_birth": UNKNOWN, "yp_age": result.age}
    return "Please give their date of birth, for example 3/5/2011, or their age."


def age(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if isinstance(value, int) and 5 <= value <= 25:
        changes: dict[str, Any] = {"yp_age": value}
        dob = slots.get("yp_date_of_birth")
        if dob and dob != UNKNOWN and age_on(date.fromisoformat(dob), today) != value:
            changes["yp_date_of_birth"] = None  # no longer agrees: ask again
        return changes
    return {"yp_age": None}


def _contact(slot: str, parser: Callable[[str], str | None], error: str) -> Validator:
    """An email address or phone number: the parser's clean form, else what was wrong."""

    def validate(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
        if _dont_know(value):
            return {slot: UNKNOWN}
        contact = parser(_text(value))
        return {slot: contact} if contact else error

    return validate


email = _contact(
    "referrer_email",
    p.parse_email,
    "That doesn't look like an email address. Please check it, for example name@southglos.gov.uk.",
)
phone = _contact(
    "referrer_phone",
    p.normalise_phone,
    "I couldn't read that as a UK phone number. "
    "Please try again, for example 01454 868008 or 07700 900123.",
)


def location(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if _dont_know(value):
        return {"yp_location": UNKNOWN}
    text = _text(value)
    area = classify_location(text)
    tidy = area.postcode or area.town or text
    if len(tidy) < 2:
        return "Please give a postcode, or the town or village they live in."
    return {"yp_location": tidy[:200]}


def significant_adult(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if _dont_know(value):
        return {"sa_name": UNKNOWN}
    text = _text(value)
    if _NONE.match(text):
        return {"sa_name": "none"}
    name = p.parse_person_name(text) or text
    return {"sa_name": name[:100]} if len(name) >= 2 else "Please give their name, or say 'none'."


def education(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if _dont_know(value):
        return {"yp_education_setting": UNKNOWN}
    setting = p.parse_education(_text(value)) or _text(value)
    return {"yp_education_setting": setting[:200]} if setting else "Which school or college?"


def meetings(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if isinstance(value, list):
        return {"multi_agency_meetings": value}
    if _dont_know(value):
        return {"multi_agency_meetings": UNKNOWN}
    parsed = p.parse_meetings(_text(value), today)
    if parsed is None:
        return (
            "Which meetings? For example 'strategy meeting on 3 March' or 'ICPC last week'. "
            "Say 'none yet' if there haven't been any."
        )
    return {"multi_agency_meetings": parsed}


def contexts(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if isinstance(value, list):
        return {"concern_context": value}
    if _dont_know(value):
        return {"concern_context": UNKNOWN}
    parsed = p.parse_contexts(_text(value))
    return (
        {"concern_context": parsed}
        if parsed
        else "Where was it: home, school, community or online?"
    )


_AGENCY_WORDS = (
    ("social care", ("social", "sw", "children's services", "mash", "art")),
    ("education", ("school", "college", "dsl", "senco", "teacher", "academy")),
    ("health", ("gp", "nurse", "health", "paediatric", "doctor", "hospital")),
    ("police", ("police", "pc ", "dc ", "officer")),
    ("YOT", ("yot", "youth offending", "youth justice")),
    ("CAMHS", ("camhs", "mental health")),
)


def professionals(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    if isinstance(value, list):
        return {"professionals_involved": value}
    if _dont_know(value):
        return {"professionals_involved": UNKNOWN}
    text = _text(value)
    if _NONE.match(text):
        return {"professionals_involved": []}
    entries = []
    for part in re.split(r"[;\n]+|,\s*(?=[A-Za-z ]*(?:school|police|gp|camhs|yot|social))", text):
        part = part.strip(" .,")
        if not part:
            continue
        lower = f" {part.lower()} "
        agency = next((a for a, words in _AGENCY_WORDS if any(w in lower for w in words)), "other")
        entries.append({"agency": agency, "details": part[:500]})
    return {"professionals_involved": entries}


def harmed_child(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    collected = list(slots.get("hc_collected") or [])
    # Read first: "two boys he met online, ages not known" describes them, though it
    # says "not known".
    if not isinstance(value, dict) and p.describes_children_apart(_text(value)):
        # one entry per child: "his sister, 8, and his cousin, 5" would merge two
        return (
            "That sounds like more than one child. Please tell me about one of them first, "
            "for example 'sister, 8'. I'll ask about the others after that."
        )
    child = value if isinstance(value, dict) else p.parse_harmed_child(_text(value))
    if not child and _dont_know(value):
        done = collected or UNKNOWN
        return {
            "hc_details": UNKNOWN,
            "hc_same_home_or_school": UNKNOWN,
            "hc_protection_plan": UNKNOWN,
            "hc_more": False,
            "harmed_children": done,
        }
    # A group, a stranger, or ages not known are answers: any one of these describes them.
    if not child or not (child.get("relationship") or child.get("age") or child.get("count")):
        return (
            "Please describe them by their relationship to the young person and their age, "
            "for example 'cousin, 9'. A group is fine too, for example 'two boys he met "
            "online, ages not known'."
        )
    return {"hc_details": child}


def more_children(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    more = value if isinstance(value, bool) else p.parse_more(_text(value))
    if more is None and p.is_dont_know(_text(value)):
        more = False  # no other child the referrer knows of: the ones described are kept
    if more is None:
        return "Was another child harmed? Yes or no."
    details = slots.get("hc_details")
    # "don't know" to "tell me about the child" leaves nothing to describe them by
    child = dict(details) if isinstance(details, dict) else {}
    child["same_home_or_school"] = slots.get("hc_same_home_or_school") or UNKNOWN
    child["protection_plan"] = slots.get("hc_protection_plan") or UNKNOWN
    collected = [*(slots.get("hc_collected") or []), child]
    if more:
        return {
            "hc_collected": collected,
            "hc_details": None,
            "hc_same_home_or_school": None,
            "hc_protection_plan": None,
            "hc_more": None,
        }
    return {"hc_collected": collected, "hc_more": False, "harmed_children": collected}


def confirmation(value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    text = _text(value).lower()
    if value is True or re.search(r"\b(submit|send)\b", text) or p.parse_yes_no(text) == "yes":
        return {"confirm_submission": True}
    return {"confirm_submission": None}
