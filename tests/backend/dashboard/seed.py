"""Referrals for the dashboard's browser tests, made through the service layer, and
what the tests are handed: the running backend, a token per role, the seeded references.

The people, places and organisations are invented; phone numbers are in Ofcom's drama
range and e-mail addresses use example domains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from backend.service.referrals import (
    record_consultation_request,
    record_handoff_request,
    record_immediate_risk,
    save_referral,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

SCRIPT_IN_TEXT = '<script>document.title="pwned";window.__pwned=true</script>'
IMAGE_IN_TEXT = '<img src=x onerror="window.__pwned=true">'

BASE_FIELDS: dict[str, Any] = {
    "referrer_name": "Megan Holloway",
    "referrer_role": "Designated safeguarding lead",
    "referrer_organisation": "Frampton Vale Academy",
    "referrer_email": "m.holloway@framptonvale.example.org",
    "referrer_phone": "+447700900461",
    "referrer_is_allocated": "no",
    "ap_exists": "yes",
    "ap_name": "Daniel Okafor",
    "ap_role": "Social worker",
    "ap_agency": "South Gloucestershire Children's Social Care",
    "ap_contact": "d.okafor@southglos.example.org",
    "yp_first_name": "Tyler",
    "yp_last_name": "Brenton",
    "yp_date_of_birth": "2011-03-14",
    "yp_gender": "male",
    "yp_location": "BS37 5AB",
    "yp_education_setting": "Frampton Vale Academy, Year 9",
    "yp_legal_status": "child_in_need",
    "yp_additional_needs": "Dyslexia; prefers short written summaries.",
    "sa_name": "Karen Brenton",
    "sa_relationship": "mother",
    "sa_willing": "yes",
    "lives_with": "one_parent",
    "household": "Mother, and a sister aged 8",
    "safe_place": "yes",
    "safety_plan": "Supervised contact with his sister; no unsupervised babysitting.",
    "concern_description": "Sent sexual messages to a Year 7 pupil over Snapchat and "
    "pressured her to send images.",
    "concern_first_noticed": "September 2024",
    "concern_most_recent": "2025-01-20",
    "concern_context": ["online", "school"],
    "harmed_children": [
        {"relationship": "peer", "age": "11", "same_home_or_school": "yes", "protection_plan": "no"}
    ],
    "admission": "partial",
    "social_care_investigated": "yes",
    "police_involved": "yes",
    "police_status": "no_further_action",
    "multi_agency_meetings": [{"type": "strategy_meeting", "date": "2025-01-24"}],
    "previous_harmful_behaviour": "no",
    "previous_assessment": "none",
    "professionals_involved": [
        {"agency": "education", "details": "Head of Year 9, Frampton Vale Academy"}
    ],
    "parent_consent": "agreed",
    "yp_consent": "agreed",
    "service_requested": "assessment_and_therapy",
}


def turn(speaker: str, text: str, minute: int) -> dict[str, str]:
    return {"speaker": speaker, "text": text, "at": f"2025-02-03T10:{minute:02d}:00Z"}


@dataclass(frozen=True)
class SeededReferrals:
    immediate_risk: str  # submitted, IMMEDIATE_RISK, a <script> in its free text
    needs_discussion: str  # submitted, police investigation still open
    criteria_met: str
    draft_with_risk: str  # never submitted: ART sees it, clinicians do not


def seed(uow: SqlAlchemyUnitOfWork) -> SeededReferrals:
    on = date(2025, 2, 3)
    risky_transcript = [
        turn("professional", "I need to refer a Year 9 boy, Tyler.", 0),
        turn("bot", "Thank you. What is your name?", 1),
        turn("professional", f"Megan Holloway. He wrote {SCRIPT_IN_TEXT} in the chat", 2),
        turn("professional", "His sister is still at risk at home tonight.", 3),
        turn("bot", "If a child is in immediate danger, call 999 now.", 4),
    ]
    immediate = save_referral(
        uow,
        conversation_key="web:seed-immediate",
        source="web",
        fields={
            **BASE_FIELDS,
            "concern_description": f"Shared a note saying {SCRIPT_IN_TEXT} {IMAGE_IN_TEXT} "
            "and touched his younger sister.",
        },
        transcript=risky_transcript,
        submit=True,
        referral_date=on,
    ).reference
    record_immediate_risk(
        uow,
        conversation_key="web:seed-immediate",
        source="web",
        fields={},
        transcript=risky_transcript,
    )
    discussion = save_referral(
        uow,
        conversation_key="teams:seed-discussion",
        source="teams",
        fields={
            **BASE_FIELDS,
            "referrer_organisation": "Kingswood Youth Offending Team",
            "yp_first_name": "Jayden",
            "yp_date_of_birth": "2010-07-02",
            "police_status": "open",
        },
        transcript=[turn("professional", "Referral for Jayden, police still investigating.", 5)],
        submit=True,
        referral_date=on,
        sources={  # as a draft from a call keeps them
            "yp_first_name": "Referral for Jayden, police still investigating.",
            "police_status": "Referral for Jayden, police still investigating.",
        },
    ).reference
    met = save_referral(
        uow,
        conversation_key="web:seed-met",
        source="web",
        fields={**BASE_FIELDS, "yp_first_name": "Ellis", "referrer_organisation": "Yate GP"},
        transcript=[turn("professional", "Referral for Ellis, 13.", 6)],
        submit=True,
        referral_date=on,
    ).reference
    draft = record_immediate_risk(
        uow,
        conversation_key="sms:seed-draft",
        source="sms",
        fields={"referrer_organisation": "Thornbury Health Centre"},
        transcript=[turn("professional", "A child is in danger right now.", 7)],
    )
    record_handoff_request(
        uow,
        conversation_key="web:seed-immediate",
        source="web",
        reason="asked for a person",
        transcript=risky_transcript,
        contact="+447700900461",
    )
    record_consultation_request(
        uow,
        conversation_key="web:seed-consult",
        source="web",
        details={"name": "Asha Bennett", "organisation": "Patchway Primary", "topic": "a case"},
    )
    return SeededReferrals(immediate, discussion, met, draft)


@dataclass(frozen=True)
class Backend:
    url: str
    tokens: dict[str, str]  # role -> token
    referrals: SeededReferrals
    uow: SqlAlchemyUnitOfWork
