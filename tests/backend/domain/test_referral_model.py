"""The Referral entity and the record built from it."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from backend.domain.fields import GROUPS
from backend.domain.model import (
    Referral,
    ReferralClosed,
    Turn,
    check_source,
    format_reference,
    is_reference,
)
from backend.domain.record import RECORD_KEYS, record_of

NOW = datetime(2025, 6, 15, 9, 30, tzinfo=timezone.utc)


def new_referral() -> Referral:
    return Referral("HSB-2025-00001", "web:abc", "web", NOW)


def test_reference_format() -> None:
    assert format_reference(2025, 7) == "HSB-2025-00007"
    assert is_reference("HSB-2025-00007")
    assert not is_reference("HSB-25-7")
    assert not is_reference("HSB-2025-00007; DROP TABLE")


def test_unknown_source_is_refused() -> None:
    assert check_source("teams") == "teams"
    with pytest.raises(ValueError):
        check_source("fax")


def test_fields_merge_and_none_never_erases() -> None:
    referral = new_referral()
    referral.update_fields({"yp_first_name": "Alex", "yp_age": 14})
    referral.update_fields({"yp_first_name": None, "yp_age": 15, "not_a_field": "x"})
    assert referral.fields == {"yp_first_name": "Alex", "yp_age": 15}


def test_harmed_children_are_described_never_identified() -> None:
    referral = new_referral()
    referral.update_fields(
        {"harmed_children": [{"relationship": "cousin", "age": "7", "name": "Kim", "dob": "x"}]}
    )
    assert referral.fields["harmed_children"] == [{"relationship": "cousin", "age": "7"}]


def test_draft_stays_draft_until_submitted() -> None:
    referral = new_referral()
    referral.rescreen(date(2025, 6, 15))
    assert referral.status == "draft"
    referral.submit(NOW)
    assert referral.status == "submitted"
    assert referral.submitted_at == NOW


def test_sticky_flag_survives_rescreening_and_drives_status() -> None:
    referral = new_referral()
    referral.raise_flag("IMMEDIATE_RISK")
    referral.rescreen(date(2025, 6, 15))
    referral.submit(NOW)
    referral.update_fields({"yp_age": 14})
    referral.rescreen(date(2025, 6, 16))
    assert referral.screening is not None
    assert "IMMEDIATE_RISK" in {f.code for f in referral.screening.flags}
    assert referral.status == "needs_discussion"


def test_only_sticky_flags_can_be_raised_by_hand() -> None:
    with pytest.raises(ValueError):
        new_referral().raise_flag("CONSENT_REFUSED")


def test_a_decided_referral_cannot_be_changed() -> None:
    referral = new_referral()
    referral.status = "declined"
    with pytest.raises(ReferralClosed):
        referral.update_fields({"yp_age": 14})
    referral.rescreen(date(2025, 6, 15))
    assert referral.status == "declined"


@pytest.mark.parametrize(
    "turn",
    [
        {"speaker": "parent", "text": "hi", "at": "2025-06-15T09:00:00Z"},
        {"speaker": "bot", "text": None, "at": "2025-06-15T09:00:00Z"},
        {"speaker": "bot", "text": "hi", "at": "yesterday"},
    ],
)
def test_bad_transcript_turns_are_refused(turn: dict) -> None:
    with pytest.raises(ValueError):
        Turn.from_dict(turn)


def test_transcript_time_is_normalised() -> None:
    turn = Turn.from_dict({"speaker": "bot", "text": "Hello", "at": "2025-06-15T09:00:00Z"})
    assert turn.to_dict() == {"speaker": "bot", "text": "Hello", "at": "2025-06-15T09:00:00+00:00"}


def test_record_has_exactly_the_spec_keys_in_order() -> None:
    referral = new_referral()
    referral.update_fields(
        {
            "yp_first_name": "Alex",
            "multi_agency_meetings": [{"type": "strategy_meeting", "date": None}],
            "service_requested": "assessment",
        }
    )
    referral.rescreen(date(2025, 6, 15))
    record = record_of(referral)
    assert tuple(record) == RECORD_KEYS
    assert list(record) == [
        "reference",
        "status",
        "source",
        "created_at",
        "submitted_at",
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
        "screening",
        "missing_fields",
        "transcript",
    ]
    assert set(GROUPS) <= set(record)
    assert record["young_person"]["first_name"] == "Alex"
    assert record["multi_agency_meetings"] == [{"type": "strategy_meeting", "date": None}]
    assert record["service_requested"] == "assessment"
    assert record["professionals_involved"] is None
    assert set(record["screening"]) == {"outcome", "criteria", "flags", "next_steps"}
