"""The rules about fields that go beyond one field's own facts: the longest answer kept,
an age's range, the record's groups, and when a conditional field applies.

backend/domain/field_values.py checks every value stored against the lengths and ranges.
"""

from __future__ import annotations

import re

from backend.domain.choices import UNKNOWN
from backend.domain.transcripts import MAX_TURN_CHARS

# The longest answer kept, in characters, for a text or period field (and a choice's own
# words); every other one holds up to TEXT_MAX_LENGTH, one turn of a call transcript read
# as an answer whole (the chat keeps 4,000 characters of a message).
TEXT_MAX_LENGTH = MAX_TURN_CHARS
_NAMES = ("referrer_name", "yp_first_name", "yp_last_name", "ap_name", "sa_name")
_ROLES = ("referrer_role", "ap_role", "sa_relationship")
_PLACES_AND_TIMES = (
    "yp_location",
    "yp_education_setting",
    "concern_first_noticed",
    "concern_most_recent",
    "previous_assessment_date",
)
MAX_LENGTHS: dict[str, int] = {
    **dict.fromkeys(_NAMES + _ROLES, 100),
    **dict.fromkeys(_PLACES_AND_TIMES, 200),
    "yp_gender": 60,
}
# The range of an int field's answers: the ages the service takes a referral for.
INT_RANGES: dict[str, tuple[int, int]] = {"yp_age": (5, 25)}


def max_length(name: str) -> int:
    """The longest answer, in characters, a text or period field (or a choice in the
    professional's own words) keeps."""
    return MAX_LENGTHS.get(name, TEXT_MAX_LENGTH)


# The record's groups, in the order the spec lists the top-level keys.
GROUPS: tuple[str, ...] = (
    "referrer",
    "young_person",
    "allocated_professional",
    "significant_adult",
    "living_situation",
    "concern",
    "investigation",
    "multi_agency_meetings",
    "history",
    "professionals_involved",
    "consent",
    "service_requested",
)


# Conditional fields: asked (and required) only when an earlier answer makes them relevant.
_CONDITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ap_exists": ("referrer_is_allocated", ("no", UNKNOWN)),
    "ap_name": ("ap_exists", ("yes",)),
    "ap_role": ("ap_exists", ("yes",)),
    "ap_agency": ("ap_exists", ("yes",)),
    "ap_contact": ("ap_exists", ("yes",)),
    "safe_place_details": ("safe_place", ("no", "unsure")),
    "police_status": ("police_involved", ("yes",)),
    "previous_harmful_behaviour_details": ("previous_harmful_behaviour", ("yes",)),
    "previous_assessment_date": ("previous_assessment", ("aim", "aim3", "erasor", "other")),
    "previous_assessment_report": ("previous_assessment", ("aim", "aim3", "erasor", "other")),
    "parent_consent_reason": ("parent_consent", ("refused", "not_sought")),
    "yp_consent_reason": ("yp_consent", ("refused", "not_sought")),
}
_NAMED_ADULT_FIELDS = ("sa_relationship", "sa_willing")

# A UK mobile in E.164, as the phone parser normalises it: 07 numbers except 070
# (personal numbers) and 076 (pagers), apart from 07624 (Isle of Man mobiles).
_UK_MOBILE = re.compile(r"\+44(?:7[1-57-9]\d{8}|7624\d{6})")


def is_uk_mobile(value: object) -> bool:
    """Whether a phone value (E.164) is a UK mobile number, which can get texts."""
    return isinstance(value, str) and _UK_MOBILE.fullmatch(value) is not None


def applies(name: str, values: dict[str, object]) -> bool:
    """Whether a field is relevant given the answers so far (e.g. the allocated
    professional's details only when the referrer is not them)."""
    if name in _NAMED_ADULT_FIELDS:
        return values.get("sa_name") not in (None, "none", UNKNOWN)
    if name == "referrer_sms_followup":
        return is_uk_mobile(values.get("referrer_phone"))
    condition = _CONDITIONS.get(name)
    if condition is None:
        # a condition on a condition: the ap_* details need ap_exists to apply too
        return True
    parent, allowed = condition
    return applies(parent, values) and values.get(parent) in allowed
