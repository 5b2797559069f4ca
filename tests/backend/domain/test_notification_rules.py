"""Which events tell the team, and what the e-mail may say: reference and kind only."""

from __future__ import annotations

import pytest

from backend.domain.notifications import (
    NOTIFICATION_KINDS,
    ReferralState,
    after_save,
    message_for,
)

DRAFT = ReferralState(submitted=False, flags=frozenset())


def state(*flags: str, submitted: bool = True) -> ReferralState:
    return ReferralState(submitted=submitted, flags=frozenset(flags))


def test_submitting_tells_the_team_once() -> None:
    assert after_save(None, state()) == ["referral_submitted"]
    assert after_save(DRAFT, state()) == ["referral_submitted"]
    assert after_save(state(), state()) == []  # the same conversation submitted again


def test_a_flagged_submission_is_one_flagged_message() -> None:
    assert after_save(DRAFT, state("SAFETY_UNSURE")) == ["referral_flagged"]
    # IMMEDIATE_RISK was told when it was raised; submitting still says "flagged".
    assert after_save(state("IMMEDIATE_RISK", submitted=False), state("IMMEDIATE_RISK")) == [
        "referral_flagged"
    ]


def test_new_flags_on_a_submitted_referral_tell_the_team() -> None:
    assert after_save(state("SAFETY_UNSURE"), state("SAFETY_UNSURE", "CONSENT_REFUSED")) == [
        "referral_flagged"
    ]
    assert after_save(state("SAFETY_UNSURE"), state()) == []  # a flag cleared is not news
    assert after_save(state(), state("IMMEDIATE_RISK")) == []  # told when raised


def test_drafts_tell_nobody() -> None:
    assert after_save(None, state("SAFETY_UNSURE", submitted=False)) == []


@pytest.mark.parametrize("kind", NOTIFICATION_KINDS)
def test_a_message_carries_the_reference_and_the_kind(kind: str) -> None:
    message = message_for(
        kind,  # type: ignore[arg-type]
        reference="HSB-2025-00012",
        dashboard_url="https://hsb.example.org",
    )
    assert "HSB-2025-00012" in message.subject and "HSB-2025-00012" in message.body
    assert "https://hsb.example.org/dashboard#/referral/HSB-2025-00012" in message.body
    assert message.subject.startswith("[HSB referrals] ")


def test_a_hand_off_without_a_referral_names_its_request() -> None:
    message = message_for("handoff_requested", reference=None, request_id=7)
    assert "hand-off request 7" in message.subject
    assert "dashboard#" not in message.body


@pytest.mark.parametrize("kind", NOTIFICATION_KINDS)
def test_subjects_fit_one_header_line(kind: str) -> None:
    subject = message_for(kind, reference="HSB-2025-000123").subject  # type: ignore[arg-type]
    assert len("Subject: " + subject) <= 78
