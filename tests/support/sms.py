"""For the SMS follow-up tests on a real database (SQLite, and PostgreSQL when
reachable): a referral submitted with missing fields by a referrer who agreed to texts,
the SMS settings, and the follow-up policy fixture. The end-to-end tests' stack of real
processes is in sms_stack.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from backend.service.followup_schedule import FollowupPolicy
from backend.service.referrals import save_referral
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import Settings, SmsSettings
from tests.support.twilio import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, INBOUND_URL

NUMBER_KEY = "number-key-for-tests-" + "n" * 24
RELAY_SECRET = "relay-secret-for-tests-" + "r" * 24
MOBILE = "+447700900123"
OTHER_MOBILE = "+447700900456"


def dob(years: int) -> str:
    today = date.today()
    return (
        date(today.year - years, today.month, min(today.day, 28)) - timedelta(days=40)
    ).isoformat()


# What the referrer said; the young person's details are what no text may ever carry.
IDENTIFYING = {
    "yp_first_name": "Zephyrine",
    "yp_last_name": "Quillfeather",
    "yp_location": "BS37 5AB",
    "concern_description": "Found touching a younger cousin at a family party in the garden.",
    "household": "mum, stepdad, half-brother aged 6",
    "safety_plan": "No unsupervised contact with the half-brother",
}


def complete_fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "referrer_name": "Sam Carter",
        "referrer_role": "social worker",
        "referrer_organisation": "South Gloucestershire Council",
        "referrer_email": "sam.carter@example.org",
        "referrer_phone": MOBILE,
        "referrer_sms_followup": "yes",
        "referrer_is_allocated": "yes",
        **IDENTIFYING,
        "yp_date_of_birth": dob(14),
        "yp_gender": "female",
        "yp_education_setting": "school",
        "yp_legal_status": "child_in_need",
        "sa_name": "Chris Quillfeather",
        "sa_relationship": "mother",
        "sa_willing": "yes",
        "lives_with": "parents",
        "safe_place": "yes",
        "concern_first_noticed": "March 2026",
        "concern_most_recent": "May 2026",
        "concern_context": ["home"],
        "harmed_children": [{"relationship": "cousin", "age": "7"}],
        "admission": "partial",
        "social_care_investigated": "yes",
        "police_involved": "no",
        "multi_agency_meetings": [{"type": "strategy_meeting", "date": "2026-04-01"}],
        "previous_harmful_behaviour": "no",
        "previous_assessment": "none",
        "professionals_involved": [{"agency": "education", "details": "DSL"}],
        "parent_consent": "agreed",
        "yp_consent": "agreed",
        "service_requested": "assessment",
    }
    fields.update(changes)
    return fields


def sms_settings(**changes: Any) -> SmsSettings:
    values: dict[str, Any] = {
        "twilio_account_sid": ACCOUNT_SID,
        "twilio_auth_token": AUTH_TOKEN,
        "twilio_from_number": FROM_NUMBER,
        "twilio_inbound_url": INBOUND_URL,
        "relay_url": "http://bot.test/webhooks/twilio_sms/webhook",
        "relay_secret": RELAY_SECRET,
        "number_key": NUMBER_KEY,
        "followup_delay_minutes": 30,
        "followup_reminder_interval_minutes": 1440,
        "followup_max_reminders": 2,
        "followup_send_hours": (0, 24),
    }
    values.update(changes)
    return SmsSettings(**values)


def settings_with_sms(**changes: Any) -> Settings:
    """Settings whose SMS section is sms_settings(**changes); nothing else is read."""
    return Settings(database_url="sqlite://", sms=sms_settings(**changes))


@pytest.fixture
def policy() -> FollowupPolicy:
    return FollowupPolicy.from_settings(sms_settings())


@dataclass
class Submitted:
    reference: str
    fields: dict[str, Any] = field(default_factory=dict)


def submit(uow: SqlAlchemyUnitOfWork, **changes: Any) -> Submitted:
    """A referral submitted through the web chat, with the changes to complete_fields."""
    fields = complete_fields(**changes)
    result = save_referral(
        uow,
        conversation_key=f"{uuid.uuid4()}:{uuid.uuid4().hex}",
        source="web",
        fields=fields,
        transcript=[{"speaker": "professional", "text": "hello", "at": "2026-06-01T10:00:00Z"}],
        submit=True,
    )
    return Submitted(result.reference, fields)
