"""The bot's code for each field of the specification (backend.domain.fields): the
validator that turns an answer into the field's clean value.

FIELD_VALIDATORS is keyed by the specification's field names; the form's own slots that
are not referral fields (one harmed child at a time, the final confirmation) have
theirs in CONVERSATION_VALIDATORS. actions.slot_validation runs them.
"""

from __future__ import annotations

from actions import parsing as p
from actions.validators import (
    Validator,
    age,
    choice,
    confirmation,
    contexts,
    date_of_birth,
    education,
    email,
    free_text,
    harmed_child,
    location,
    meetings,
    more_children,
    optional_text,
    per_child_choice,
    period,
    person_name,
    phone,
    professionals,
    significant_adult,
)

FIELD_VALIDATORS: dict[str, Validator] = {
    "referrer_name": person_name("referrer_name", p.parse_person_name),
    "referrer_role": choice(
        "referrer_role", p.parse_role, "What's your role, for example social worker?", strict=False
    ),
    "referrer_organisation": free_text("referrer_organisation", 2),
    "referrer_email": email,
    "referrer_phone": phone,
    "referrer_sms_followup": choice("referrer_sms_followup", p.parse_yes_no),
    "referrer_is_allocated": choice("referrer_is_allocated", p.parse_yes_no),
    "yp_first_name": person_name("yp_first_name", p.parse_first_name),
    "yp_last_name": person_name("yp_last_name", p.parse_last_name),
    "yp_date_of_birth": date_of_birth,
    "yp_age": age,
    "yp_gender": choice("yp_gender", p.parse_gender),
    "yp_location": location,
    "yp_education_setting": education,
    "yp_legal_status": choice("yp_legal_status", p.parse_legal_status),
    "yp_additional_needs": optional_text("yp_additional_needs"),
    "ap_exists": choice("ap_exists", p.parse_yes_no),
    "ap_name": person_name("ap_name", p.parse_person_name),
    "ap_role": choice("ap_role", p.parse_role, "What's their role?", strict=False),
    "ap_agency": free_text("ap_agency", 2),
    "ap_contact": free_text("ap_contact", 5, "Please give a phone number or email address."),
    "sa_name": significant_adult,
    "sa_relationship": choice(
        "sa_relationship",
        p.parse_relationship,
        "How are they related, for example mum or foster carer?",
        strict=False,
    ),
    "sa_willing": choice("sa_willing", p.parse_yes_no_unsure),
    "lives_with": choice("lives_with", p.parse_lives_with),
    "household": free_text("household", 2),
    "safe_place": choice("safe_place", p.parse_yes_no_unsure),
    "safe_place_details": free_text("safe_place_details", 2),
    "safety_plan": free_text("safety_plan", 2),
    "concern_description": free_text(
        "concern_description", 15, "Please describe what happened in at least a sentence."
    ),
    "concern_first_noticed": period("concern_first_noticed"),
    "concern_most_recent": period("concern_most_recent"),
    "concern_context": contexts,
    "admission": choice("admission", p.parse_admission),
    "severity_view": optional_text("severity_view"),
    "social_care_investigated": choice("social_care_investigated", p.parse_yes_no_unknown),
    "police_involved": choice("police_involved", p.parse_yes_no_unknown),
    "police_status": choice("police_status", p.parse_police_status),
    "multi_agency_meetings": meetings,
    "previous_harmful_behaviour": choice("previous_harmful_behaviour", p.parse_yes_no_unknown),
    "previous_harmful_behaviour_details": free_text("previous_harmful_behaviour_details", 2),
    "previous_assessment": choice("previous_assessment", p.parse_assessment),
    "previous_assessment_date": period("previous_assessment_date"),
    "previous_assessment_report": choice("previous_assessment_report", p.parse_report_shareable),
    "professionals_involved": professionals,
    "parent_consent": choice("parent_consent", p.parse_consent),
    "parent_consent_reason": free_text("parent_consent_reason", 2),
    "yp_consent": choice("yp_consent", p.parse_consent),
    "yp_consent_reason": free_text("yp_consent_reason", 2),
    "service_requested": choice("service_requested", p.parse_service),
}

CONVERSATION_VALIDATORS: dict[str, Validator] = {
    "hc_details": harmed_child,
    "hc_same_home_or_school": per_child_choice(
        "hc_same_home_or_school", p.parse_same_home_or_school
    ),
    "hc_protection_plan": per_child_choice("hc_protection_plan", p.parse_yes_no_unknown),
    "hc_more": more_children,
    "confirm_submission": confirmation,
}
