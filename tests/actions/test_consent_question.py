"""The referral form's question about texts: asked only for a UK mobile, right after the
phone number, answered yes or no (or don't know), and never a missing field."""

from __future__ import annotations

from datetime import date

import pytest

from actions.referral_flow import ASK_ORDER, slots_to_ask
from actions.slot_validation import validate_slot
from actions.summary import summary_text
from backend.domain.fields import FIELDS_BY_NAME, UNKNOWN, applies, is_uk_mobile
from backend.domain.screening import missing_fields

TODAY = date(2026, 6, 1)


@pytest.mark.parametrize(
    ("phone", "mobile"),
    [
        ("+447700900123", True),
        ("+447911123456", True),
        ("+447624123456", True),  # Isle of Man mobile
        ("+441454868008", False),  # landline
        ("+447012345678", False),  # personal number
        ("+447612345678", False),  # pager
        ("+4477009001234", False),  # too long
        (UNKNOWN, False),
        (None, False),
    ],
)
def test_only_a_uk_mobile_can_get_texts(phone: str | None, mobile: bool) -> None:
    assert is_uk_mobile(phone) is mobile
    assert applies("referrer_sms_followup", {"referrer_phone": phone}) is mobile


def test_asked_right_after_the_phone_number_and_only_for_a_mobile() -> None:
    assert ASK_ORDER.index("referrer_sms_followup") == ASK_ORDER.index("referrer_phone") + 1
    assert "referrer_sms_followup" in slots_to_ask({"referrer_phone": "+447700900123"})
    assert "referrer_sms_followup" not in slots_to_ask({"referrer_phone": "+441454868008"})
    assert "referrer_sms_followup" not in slots_to_ask({})


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("Yes", "yes"),
        ("yes please", "yes"),
        ("No", "no"),
        ("no thanks", "no"),
        ("don't know", UNKNOWN),
    ],
)
def test_the_answer_is_yes_or_no(answer: str, value: str) -> None:
    assert validate_slot("referrer_sms_followup", answer, {}, TODAY) == {
        "referrer_sms_followup": value
    }
    assert isinstance(validate_slot("referrer_sms_followup", "perhaps", {}, TODAY), str)


def test_it_is_never_a_missing_field_and_shows_in_the_read_back() -> None:
    field = FIELDS_BY_NAME["referrer_sms_followup"]
    assert (field.group, field.key, field.required) == ("referrer", "sms_followup", False)
    slots = {"referrer_phone": "+447700900123", "referrer_sms_followup": UNKNOWN}
    assert "referrer_sms_followup" not in missing_fields(slots)
    assert "- Texts about missing details: don't know" in summary_text(slots)
    assert "Texts about missing details" not in summary_text({"referrer_phone": "+441454868008"})


def test_consent_to_texts_is_not_asked_when_the_service_cannot_send_them() -> None:
    mobile = {"referrer_phone": "+447700900123"}
    assert "referrer_sms_followup" in slots_to_ask(mobile, texts_possible=True)
    assert "referrer_sms_followup" not in slots_to_ask(mobile, texts_possible=False)
