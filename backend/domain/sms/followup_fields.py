"""What an SMS follow-up may ask for, and how a text names it. Pure.

By text the bot asks only for short, structured answers. The description of the
behaviour, the children harmed, the household (other children) and the safety plan are
never asked for by SMS: they are not for an unencrypted text, and the service talks
them through with the referrer instead. A text names what is needed by these labels,
never by any value from the record.
"""

from __future__ import annotations

from collections.abc import Iterable

from backend.domain.fields import FIELDS

NOT_BY_SMS = frozenset(
    {
        "concern_description",
        "harmed_children",
        "household",
        "safety_plan",
        "safe_place_details",
        "previous_harmful_behaviour_details",
    }
)

# How a text names each field the screening may find missing (the required ones).
SMS_LABELS: dict[str, str] = {
    "referrer_name": "your name",
    "referrer_role": "your role",
    "referrer_organisation": "your organisation",
    "referrer_email": "your email address",
    "referrer_phone": "your phone number",
    "referrer_is_allocated": "whether you are the allocated professional",
    "yp_first_name": "the young person's first name",
    "yp_date_of_birth": "the young person's date of birth",
    "yp_gender": "the young person's gender",
    "yp_location": "the young person's postcode or town",
    "yp_education_setting": "their school or college",
    "yp_legal_status": "their legal status",
    "ap_exists": "whether there is an allocated professional",
    "ap_name": "the allocated professional's name",
    "ap_role": "the allocated professional's role",
    "ap_agency": "the allocated professional's agency",
    "ap_contact": "the allocated professional's contact details",
    "sa_name": "a significant adult",
    "sa_relationship": "the significant adult's relationship",
    "sa_willing": "whether the significant adult will take part",
    "lives_with": "who the young person lives with",
    "household": "the household",
    "safe_place": "whether they live somewhere safe",
    "safety_plan": "the safety plan",
    "concern_description": "the concern",
    "concern_first_noticed": "when it was first noticed",
    "concern_most_recent": "the most recent incident's date",
    "concern_context": "where it happened",
    "harmed_children": "the children harmed",
    "admission": "what the young person says",
    "social_care_investigated": "whether social care investigated",
    "police_involved": "whether the police are involved",
    "police_status": "the police status",
    "multi_agency_meetings": "multi-agency meetings",
    "previous_harmful_behaviour": "any earlier incidents",
    "previous_assessment": "any previous assessment",
    "professionals_involved": "other professionals involved",
    "parent_consent": "parent/carer consent",
    "yp_consent": "the young person's consent",
    "service_requested": "the service you're asking for",
}

REQUIRED_FIELDS = tuple(f.name for f in FIELDS if f.required)


def askable_by_sms(missing: Iterable[str]) -> list[str]:
    """The missing fields a text conversation may ask for, in the form's order."""
    return [name for name in missing if name not in NOT_BY_SMS]


def not_by_sms(missing: Iterable[str]) -> list[str]:
    return [name for name in missing if name in NOT_BY_SMS]


def sms_label(name: str) -> str:
    return SMS_LABELS.get(name, name.replace("_", " "))
