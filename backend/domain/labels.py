"""How staff see the record named: groups, fields, choices, statuses, outcomes, criteria,
results, sources, flags and roles.

fields.py names fields the way the bot reads them back to the referrer ("Your name");
staff read about the referrer, so those labels are turned round here.
"""

from __future__ import annotations

from typing import Any

from backend.domain.fields import (
    ADMISSION,
    AGENCIES,
    ASSESSMENTS,
    CONSENT,
    CONTEXTS,
    FIELDS,
    GENDERS,
    GROUPS,
    LEGAL_STATUS,
    LIVES_WITH,
    MEETINGS,
    POLICE_STATUS,
    SERVICES,
    UNKNOWN,
    YES_NO_UNKNOWN,
    YES_NO_UNSURE,
    Field,
)
from backend.domain.flags import FLAG_TEXT

GROUP_TITLES: dict[str, str] = {
    "referrer": "Referrer",
    "young_person": "Young person",
    "allocated_professional": "Allocated professional",
    "significant_adult": "Significant adult",
    "living_situation": "Living situation",
    "concern": "The concern",
    "investigation": "Investigation",
    "multi_agency_meetings": "Multi-agency meetings",
    "history": "History",
    "professionals_involved": "Professionals involved",
    "consent": "Consent",
    "service_requested": "Service requested",
}

_STAFF_FIELD_LABELS: dict[str, str] = {
    "referrer_name": "Name",
    "referrer_role": "Role",
    "referrer_organisation": "Organisation",
    "referrer_email": "Email",
    "referrer_phone": "Phone",
    "referrer_is_allocated": "Is the allocated professional",
    "ap_name": "Name",
    "ap_role": "Role",
    "ap_agency": "Agency",
    "ap_contact": "Contact",
    "sa_name": "Name",
    "severity_view": "Referrer's view of severity (their opinion)",
    "parent_consent_reason": "Parent/carer: reason",
    "yp_consent_reason": "Young person: reason",
    "previous_harmful_behaviour_details": "Previous harmful behaviour: details",
}

STATUS_LABELS: dict[str, str] = {
    "draft": "Draft",
    "submitted": "Submitted",
    "needs_discussion": "Needs discussion",
    "accepted": "Accepted",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
}
OUTCOME_LABELS: dict[str, str] = {
    "criteria_not_met": "Criteria not met",
    "needs_discussion": "Needs individual discussion",
    "incomplete": "Incomplete",
    "criteria_met": "Criteria met",
    "not_screened": "Not screened",
}
CRITERION_LABELS: dict[str, str] = {
    "age": "Age",
    "area": "Lives in South Gloucestershire",
    "allocated_professional": "Allocated professional",
    "significant_adult": "Significant adult",
    "safe_place": "Safe place",
    "investigation": "Investigation complete",
    "consent": "Consent",
    "multi_agency_meetings": "Multi-agency meetings",
}
RESULT_LABELS: dict[str, str] = {
    "met": "Met",
    "not_met": "Not met",
    "unknown": "Unknown",
    "exception": "Exception",
}
# A flag named in a few words, for badges, counts and filters; FLAG_TEXT gives its reason.
FLAG_LABELS: dict[str, str] = {
    "AGE_NEAR_18": "Nearly 18",
    "AREA_UNCERTAIN": "Area uncertain",
    "NO_ALLOCATED_PROFESSIONAL": "No allocated professional",
    "SIGNIFICANT_ADULT_UNSURE": "Significant adult unsure",
    "SAFETY_UNSURE": "Safety unsure",
    "POLICE_INVESTIGATION_ONGOING": "Police investigation ongoing",
    "CONSENT_REFUSED": "Consent refused",
    "CONSENT_NOT_SOUGHT": "Consent not sought",
    "IMMEDIATE_RISK": "Immediate risk",
}
SOURCE_LABELS: dict[str, str] = {
    "web": "Web chat",
    "teams": "Microsoft Teams",
    "sms": "SMS",
    "art_transcript": "ART call transcript",
    "rest": "REST",
}

# Staff roles (backend.security.ROLES), as the dashboard names them.
ROLE_LABELS: dict[str, str] = {
    "art": "Access and Response Team",
    "clinician": "Clinician",
    "admin": "Administrator",
}

# The values the record stores for a choice (backend.domain.choices) as staff read them;
# most are their own words with a capital ("no_further_action": "No further action").
_CHOICE_WORDS: dict[str, str] = {
    UNKNOWN: "Not known",
    "kinship": "Kinship care",
    "foster": "Foster care",
    "residential": "Residential care",
    "aim": "AIM",
    "aim3": "AIM3",
    "erasor": "ERASOR",
}
CHOICE_LABELS: dict[str, str] = {
    value: _CHOICE_WORDS.get(value) or value[:1].upper() + value[1:].replace("_", " ")
    for values in (
        YES_NO_UNKNOWN,
        YES_NO_UNSURE,
        LEGAL_STATUS,
        LIVES_WITH,
        CONTEXTS,
        ADMISSION,
        POLICE_STATUS,
        MEETINGS,
        ASSESSMENTS,
        CONSENT,
        SERVICES,
        GENDERS,
        AGENCIES,
    )
    for value in values
}


def field_label(field: Field) -> str:
    return _STAFF_FIELD_LABELS.get(field.name, field.label or field.key.replace("_", " "))


def field_title(field: Field) -> str:
    """A field named on its own, e.g. in a list of missing fields: "Referrer: Email"."""
    return f"{GROUP_TITLES[field.group]}: {field_label(field)}"


def record_layout() -> dict[str, Any]:
    """Everything the dashboard needs to name what it shows; no personal data."""
    return {
        "groups": [
            {
                "group": group,
                "title": GROUP_TITLES[group],
                "fields": [
                    {"key": f.key, "name": f.name, "label": field_label(f), "kind": f.kind}
                    for f in FIELDS
                    if f.group == group
                ],
            }
            for group in GROUPS
        ],
        "statuses": STATUS_LABELS,
        "outcomes": OUTCOME_LABELS,
        "criteria": CRITERION_LABELS,
        "results": RESULT_LABELS,
        "sources": SOURCE_LABELS,
        "roles": ROLE_LABELS,
        # a stored choice (a field's value, or a meeting's type) in words
        "choices": CHOICE_LABELS,
        # flags: the reason for each flag; flag_names: the flag in a few words
        "flags": {code: reason for code, (reason, _step) in FLAG_TEXT.items()},
        "flag_names": {code: FLAG_LABELS[code] for code in FLAG_TEXT},
        # missing_fields holds field names: how to show each of them
        "fields": {f.name: field_title(f) for f in FIELDS},
    }
