"""The referral's fields: one table that the bot, the screening and the record share.

Each field has a flat name (the Rasa slot name), the record group and key it lands
in, its kind, and whether the screening needs it (a required field left unknown makes
the outcome `incomplete`). Values are plain JSON types. The sentinel UNKNOWN is what a
professional's "don't know" becomes: recorded as unknown, never guessed.

The table also says what a value may be (choices, the longest text, an age's range);
backend/domain/field_values.py checks every value stored against it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from backend.domain.transcripts import MAX_TURN_CHARS

UNKNOWN = "unknown"

# "period": when something happened, an ISO date when exact ("2026-03-03"), else the
# professional's words ("about 3 months ago").
Kind = Literal[
    "text", "choice", "multi", "date", "period", "email", "phone", "list", "bool", "int"
]


@dataclass(frozen=True)
class Field:
    name: str  # slot name, e.g. "yp_first_name"
    group: str  # record group, e.g. "young_person"
    key: str  # key inside the group, e.g. "first_name"
    kind: Kind
    required: bool = True
    choices: tuple[str, ...] = ()
    label: str = ""  # how the read-back summary and the dashboard name it
    # choice: an answer outside the choices is kept in the professional's own words when
    # the whole of it matches this (a self-described gender)
    own_words: re.Pattern[str] | None = None


YES_NO = ("yes", "no")
YES_NO_UNKNOWN = ("yes", "no", UNKNOWN)
YES_NO_UNSURE = ("yes", "no", "unsure")
LEGAL_STATUS = ("none", "child_in_need", "child_protection_plan", "looked_after", "other")
LIVES_WITH = ("parents", "one_parent", "kinship", "foster", "residential", "other")
CONTEXTS = ("home", "school", "community", "online")
ADMISSION = ("full", "partial", "minimising", "denial", "not_known")
POLICE_STATUS = (
    "none",
    "open",
    "no_further_action",
    "community_resolution",
    "caution",
    "charged",
    "convicted",
)
MEETINGS = (
    "strategy_meeting",
    "child_protection_conference",
    "child_care_review",
    "family_group_conference",
)
ASSESSMENTS = ("none", "aim", "aim3", "erasor", "other")
CONSENT = ("agreed", "refused", "not_sought")
SERVICES = ("assessment", "assessment_and_therapy", "consultation", "advice_for_family")
GENDERS = ("male", "female", "non-binary")
# A gender in the professional's own words (lower case, no digits): self-described or
# withheld, kept as written rather than re-labelled.
SELF_DESCRIBED_GENDER = re.compile(
    r"(?=.*\b(?:trans\w*|ftm|mtf|identif\w+|gender\s*fluid|fluid|questioning|intersex|"
    r"prefer\s+not|other|not\s+stated)\b)[^\d]*",
    re.DOTALL,
)
# A harmed child is described by relationship (one of these) and age, never named.
HARMED_CHILD_RELATIONSHIPS = (
    "friend's sibling",
    "half-sibling",
    "step-sibling",
    "foster sibling",
    "cousin",
    "sibling",
    "niece or nephew",
    "neighbour's child",
    "family friend's child",
    "classmate",
    "relative",
    "child being babysat",
    "partner",
    "friend",
    "peer",
    "stranger",
    "younger child",
)
AGENCIES = ("social care", "education", "health", "police", "YOT", "CAMHS", "other")

FIELDS: tuple[Field, ...] = (
    # referrer
    Field("referrer_name", "referrer", "name", "text", label="Your name"),
    Field("referrer_role", "referrer", "role", "text", label="Your role"),
    Field("referrer_organisation", "referrer", "organisation", "text", label="Your organisation"),
    Field("referrer_email", "referrer", "email", "email", label="Your email"),
    Field("referrer_phone", "referrer", "phone", "phone", label="Your phone"),
    # asked only when the phone is a UK mobile; "yes" lets the service text about gaps
    Field(
        "referrer_sms_followup",
        "referrer",
        "sms_followup",
        "choice",
        required=False,
        choices=YES_NO,
        label="Texts about missing details",
    ),
    Field(
        "referrer_is_allocated",
        "referrer",
        "is_allocated_professional",
        "choice",
        choices=YES_NO,
        label="You are the allocated professional",
    ),
    # young person
    Field("yp_first_name", "young_person", "first_name", "text", label="First name"),
    Field("yp_last_name", "young_person", "last_name", "text", required=False, label="Last name"),
    Field("yp_date_of_birth", "young_person", "date_of_birth", "date", label="Date of birth"),
    Field("yp_age", "young_person", "age", "int", required=False, label="Age"),
    Field(
        "yp_gender",
        "young_person",
        "gender",
        "choice",
        choices=GENDERS,
        label="Gender",
        own_words=SELF_DESCRIBED_GENDER,
    ),
    Field("yp_location", "young_person", "location", "text", label="Postcode or town"),
    Field(
        "yp_education_setting",
        "young_person",
        "education_setting",
        "text",
        label="School or college",
    ),
    Field(
        "yp_legal_status",
        "young_person",
        "legal_status",
        "choice",
        choices=LEGAL_STATUS,
        label="Legal status",
    ),
    Field(
        "yp_additional_needs",
        "young_person",
        "additional_needs",
        "text",
        required=False,
        label="Additional needs",
    ),
    # allocated professional: asked only when the referrer is not them
    Field(
        "ap_exists",
        "allocated_professional",
        "exists",
        "choice",
        choices=YES_NO,
        label="Has an allocated professional",
    ),
    Field("ap_name", "allocated_professional", "name", "text", label="Their name"),
    Field("ap_role", "allocated_professional", "role", "text", label="Their role"),
    Field("ap_agency", "allocated_professional", "agency", "text", label="Their agency"),
    Field("ap_contact", "allocated_professional", "contact", "text", label="Their contact"),
    # significant adult
    Field("sa_name", "significant_adult", "name", "text", label="Significant adult"),
    Field("sa_relationship", "significant_adult", "relationship", "text", label="Relationship"),
    Field(
        "sa_willing",
        "significant_adult",
        "willing_to_participate",
        "choice",
        choices=YES_NO_UNSURE,
        label="Willing to take part",
    ),
    # living situation
    Field(
        "lives_with",
        "living_situation",
        "lives_with",
        "choice",
        choices=LIVES_WITH,
        label="Lives with",
    ),
    Field("household", "living_situation", "household", "text", label="Household"),
    Field(
        "safe_place",
        "living_situation",
        "safe_place",
        "choice",
        choices=YES_NO_UNSURE,
        label="Living in a safe place",
    ),
    Field(
        "safe_place_details",
        "living_situation",
        "safe_place_details",
        "text",
        required=False,
        label="Safety details",
    ),
    Field("safety_plan", "living_situation", "safety_plan", "text", label="Safety plan"),
    # concern
    Field("concern_description", "concern", "description", "text", label="What happened"),
    Field("concern_first_noticed", "concern", "first_noticed", "period", label="First noticed"),
    Field("concern_most_recent", "concern", "most_recent", "period", label="Most recent"),
    Field("concern_context", "concern", "context", "multi", choices=CONTEXTS, label="Where"),
    # children harmed: a list of {"relationship": one of HARMED_CHILD_RELATIONSHIPS, "age":
    # str, "same_home_or_school": one of YES_NO_UNKNOWN, "protection_plan": the same}
    Field("harmed_children", "concern", "harmed_children", "list", label="Children harmed"),
    Field("admission", "concern", "admission", "choice", choices=ADMISSION, label="What they say"),
    Field(
        "severity_view",
        "concern",
        "severity_view",
        "text",
        required=False,
        label="Your view of severity (your opinion)",
    ),
    # investigation
    Field(
        "social_care_investigated",
        "investigation",
        "social_care_investigated",
        "choice",
        choices=YES_NO_UNKNOWN,
        label="Investigated by social care",
    ),
    Field(
        "police_involved",
        "investigation",
        "police_involved",
        "choice",
        choices=YES_NO_UNKNOWN,
        label="Police involved",
    ),
    Field(
        "police_status",
        "investigation",
        "police_status",
        "choice",
        choices=POLICE_STATUS,
        label="Police status",
    ),
    # multi-agency meetings: a list of {"type": one of MEETINGS, "date": str | None}; [] = none
    Field(
        "multi_agency_meetings",
        "multi_agency_meetings",
        "meetings",
        "list",
        label="Multi-agency meetings",
    ),
    # history
    Field(
        "previous_harmful_behaviour",
        "history",
        "previous_harmful_behaviour",
        "choice",
        choices=YES_NO_UNKNOWN,
        label="Previous harmful behaviour",
    ),
    Field(
        "previous_harmful_behaviour_details",
        "history",
        "previous_harmful_behaviour_details",
        "text",
        required=False,
        label="Details",
    ),
    Field(
        "previous_assessment",
        "history",
        "previous_assessment",
        "choice",
        choices=ASSESSMENTS,
        label="Previous assessment",
    ),
    Field(
        "previous_assessment_date",
        "history",
        "previous_assessment_date",
        "period",
        required=False,
        label="Assessment date",
    ),
    Field(
        "previous_assessment_report",
        "history",
        "previous_assessment_report_available",
        "choice",
        required=False,
        choices=YES_NO,
        label="Report available",
    ),
    # network: a list of {"agency": one of AGENCIES, "details": str}
    Field(
        "professionals_involved",
        "professionals_involved",
        "professionals",
        "list",
        label="Professionals involved",
    ),
    # consent
    Field(
        "parent_consent",
        "consent",
        "parent_carer_consent",
        "choice",
        choices=CONSENT,
        label="Parent/carer consent",
    ),
    Field(
        "parent_consent_reason",
        "consent",
        "parent_carer_consent_reason",
        "text",
        required=False,
        label="Reason",
    ),
    Field(
        "yp_consent",
        "consent",
        "young_person_consent",
        "choice",
        choices=CONSENT,
        label="Young person's consent",
    ),
    Field(
        "yp_consent_reason",
        "consent",
        "young_person_consent_reason",
        "text",
        required=False,
        label="Reason",
    ),
    # request
    Field(
        "service_requested",
        "service_requested",
        "service",
        "choice",
        choices=SERVICES,
        label="Service requested",
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}

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
