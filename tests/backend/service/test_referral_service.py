"""The service layer on a real database: one record per conversation, flags, reads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from backend.domain.field_values import InvalidFieldValue
from backend.domain.record import RECORD_KEYS
from backend.service.referrals import (
    get_record,
    list_referrals,
    record_consultation_request,
    record_handoff_request,
    record_immediate_risk,
    record_training_request,
    referral_status_for_owner,
    save_referral,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

TRANSCRIPT = [
    {
        "speaker": "professional",
        "text": "I'd like to refer Alex, 14, from Yate.",
        "at": "2025-06-15T09:00:00Z",
    },
    {
        "speaker": "bot",
        "text": "Thank you. What is Alex's date of birth?",
        "at": "2025-06-15T09:00:02Z",
    },
]
FIELDS: dict[str, Any] = {
    "referrer_name": "Sam Carter",
    "referrer_email": "Sam.Carter@example.org",
    "referrer_organisation": "Chipping Sodbury School",
    "yp_first_name": "Alex",
    "yp_date_of_birth": "2011-01-10",
    "yp_location": "Yate",
    "concern_description": "Touching a younger cousin at a family party.",
}


def save(uow: SqlAlchemyUnitOfWork, key: str = "web:conv-1", **overrides: Any) -> Any:
    arguments: dict[str, Any] = {
        "conversation_key": key,
        "source": "web",
        "fields": FIELDS,
        "transcript": TRANSCRIPT,
        "submit": True,
        "referral_date": date(2025, 6, 15),
    }
    return save_referral(uow, **{**arguments, **overrides})


def test_saving_twice_keeps_one_record(uow: SqlAlchemyUnitOfWork) -> None:
    first = save(uow, submit=False)
    second = save(uow, fields={"yp_gender": "male"})
    assert first.reference == second.reference
    assert first.status == "draft" and second.status == "submitted"
    summaries = list_referrals(uow, actor="staff:test")
    assert [s["reference"] for s in summaries] == [first.reference]
    record = get_record(uow, first.reference, actor="staff:test")
    assert record is not None
    assert record["young_person"]["first_name"] == "Alex"  # kept from the first save
    assert record["young_person"]["gender"] == "male"


def test_reference_format_and_sequence(uow: SqlAlchemyUnitOfWork) -> None:
    references = [save(uow, key=f"web:{n}").reference for n in range(3)]
    year = references[0][4:8]
    assert references == [f"HSB-{year}-0000{n}" for n in (1, 2, 3)]


def test_submission_result_carries_the_screening(uow: SqlAlchemyUnitOfWork) -> None:
    result = save(uow)
    assert result.outcome == "incomplete"
    assert [c.criterion for c in result.criteria][0] == "age"
    assert "referrer_phone" in result.missing_fields
    assert result.next_steps


def test_needs_discussion_outcome_sets_the_status(uow: SqlAlchemyUnitOfWork) -> None:
    result = save(uow, fields={**FIELDS, "safe_place": "unsure"})
    assert (result.outcome, result.status) == ("needs_discussion", "needs_discussion")


def test_immediate_risk_creates_a_draft_and_the_flag_sticks(uow: SqlAlchemyUnitOfWork) -> None:
    reference = record_immediate_risk(
        uow, conversation_key="teams:abc", source="teams", fields={}, transcript=TRANSCRIPT
    )
    record = get_record(uow, reference, actor="staff:test")
    assert record is not None and record["status"] == "draft"
    assert [f["code"] for f in record["screening"]["flags"]] == ["IMMEDIATE_RISK"]

    result = save(uow, key="teams:abc", source="teams", fields={**FIELDS, "safe_place": "yes"})
    assert result.reference == reference
    assert "IMMEDIATE_RISK" in {f.code for f in result.flags}
    assert result.status == "needs_discussion"
    again = save(uow, key="teams:abc", source="teams")
    assert "IMMEDIATE_RISK" in {f.code for f in again.flags}


def test_immediate_risk_on_a_submitted_referral_moves_it_to_discussion(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    reference = save(uow).reference
    assert (
        record_immediate_risk(
            uow, conversation_key="web:conv-1", source="web", fields={}, transcript=[]
        )
        == reference
    )
    record = get_record(uow, reference, actor="staff:test")
    assert record is not None and record["status"] == "needs_discussion"
    assert record["transcript"] == [
        {**turn, "at": turn["at"].replace("Z", "+00:00")} for turn in TRANSCRIPT
    ]  # an empty transcript does not wipe the stored one


def test_record_json_has_exactly_the_top_level_keys(uow: SqlAlchemyUnitOfWork) -> None:
    reference = save(uow, fields={**FIELDS, "multi_agency_meetings": []}).reference
    record = get_record(uow, reference, actor="staff:test")
    assert record is not None
    assert tuple(record) == RECORD_KEYS
    assert record["reference"] == reference and record["source"] == "web"
    assert record["referrer"]["organisation"] == "Chipping Sodbury School"
    assert record["referrer"]["email"] == "Sam.Carter@example.org"
    assert record["multi_agency_meetings"] == []
    assert record["screening"]["outcome"] == "criteria_not_met"
    assert {"criterion", "result", "reason"} == set(record["screening"]["criteria"][0])
    assert record["missing_fields"] and record["transcript"][0]["speaker"] == "professional"
    assert record["created_at"].endswith("+00:00") and record["submitted_at"]


def test_transcript_is_replaced_not_appended(uow: SqlAlchemyUnitOfWork) -> None:
    save(uow)
    shorter = TRANSCRIPT[:1]
    reference = save(uow, transcript=shorter).reference
    record = get_record(uow, reference, actor="staff:test")
    assert record is not None and len(record["transcript"]) == 1


def test_reads_are_audited(uow: SqlAlchemyUnitOfWork) -> None:
    reference = save(uow).reference
    get_record(uow, reference, actor="staff:Jo")
    get_record(uow, "HSB-1999-00001", actor="staff:Jo")
    list_referrals(uow, actor="staff:Jo")
    with uow:
        events = [(e.actor, e.action, e.reference, e.detail) for e in uow.audit.events()]
    assert ("staff:Jo", "referral.read", reference, None) in events
    assert ("staff:Jo", "referral.read", "HSB-1999-00001", "not found") in events
    assert any(e[:2] == ("staff:Jo", "referral.list") for e in events)
    assert ("bot:web", "referral.status_changed", reference, "draft -> submitted") in events


def test_list_filters_and_newest_first(uow: SqlAlchemyUnitOfWork) -> None:
    first = save(uow, key="web:a", submit=False).reference
    second = save(uow, key="web:b", fields={**FIELDS, "safe_place": "unsure"}).reference
    assert [s["reference"] for s in list_referrals(uow, actor="t")] == [second, first]
    assert [s["reference"] for s in list_referrals(uow, status="draft", actor="t")] == [first]
    by_outcome = list_referrals(uow, outcome="needs_discussion", actor="t")
    assert [s["reference"] for s in by_outcome] == [second]
    assert by_outcome[0]["flags"] == ["SAFETY_UNSURE"]
    assert "young_person" not in by_outcome[0]  # summaries carry no personal data
    with pytest.raises(ValueError):
        list_referrals(uow, status="lost", actor="t")


def test_status_only_for_the_owner(uow: SqlAlchemyUnitOfWork) -> None:
    reference = save(uow, key="sms:+447700900123:1").reference
    owner = referral_status_for_owner
    assert (
        owner(uow, reference, conversation_key_prefix="sms:+447700900123", email=None)
        == "submitted"
    )
    assert (
        owner(uow, reference, conversation_key_prefix=None, email=" sam.carter@EXAMPLE.org")
        == "submitted"
    )
    assert owner(uow, reference, conversation_key_prefix="sms:+447700900999", email=None) is None
    assert owner(uow, reference, conversation_key_prefix="", email="other@example.org") is None
    assert owner(uow, "HSB-2025-99999", conversation_key_prefix="sms:", email=None) is None
    assert owner(uow, "not a reference", conversation_key_prefix="sms:", email=None) is None


def test_a_decided_referral_is_not_changed_by_the_bot(uow: SqlAlchemyUnitOfWork) -> None:
    reference = save(uow).reference
    with uow:
        referral = uow.referrals.get(reference)
        assert referral is not None
        referral.status = "accepted"
        uow.commit()
    result = save(uow, fields={"yp_first_name": "Changed"})
    assert result.status == "accepted"
    record = get_record(uow, reference, actor="t")
    assert record is not None and record["young_person"]["first_name"] == "Alex"


def test_requests_are_stored(uow: SqlAlchemyUnitOfWork) -> None:
    reference = save(uow).reference
    handoff = record_handoff_request(
        uow,
        conversation_key="web:conv-1",
        source="web",
        reason="asked for a person",
        transcript=TRANSCRIPT,
        contact="01454 000000",
    )
    consultation = record_consultation_request(
        uow, conversation_key="web:conv-2", source="web", details={"topic": "a case", "name": "Jo"}
    )
    training = record_training_request(
        uow, conversation_key="teams:x", source="teams", details={"team": "DSLs", "size": 12}
    )
    assert all(isinstance(n, int) and n > 0 for n in (handoff, consultation, training))
    with uow:
        actions = {(e.action, e.reference) for e in uow.audit.events()}
    assert ("handoff.requested", reference) in actions
    assert ("consultation.requested", None) in actions and ("training.requested", None) in actions


def test_bad_input_is_refused_before_anything_is_written(uow: SqlAlchemyUnitOfWork) -> None:
    with pytest.raises(ValueError):
        save(uow, source="carrier-pigeon")
    with pytest.raises(ValueError):
        save(uow, transcript=[{"speaker": "someone", "text": "x", "at": "2025-01-01T00:00:00"}])
    assert list_referrals(uow, actor="t") == []


def test_a_forged_value_stores_nothing(uow: SqlAlchemyUnitOfWork) -> None:
    """Issue 11: a submission with made-up values is refused whole, whoever sends it."""
    forged = {"yp_gender": "banana", "yp_date_of_birth": "not a date", "referrer_email": "x"}
    with pytest.raises(InvalidFieldValue) as refused:
        save(uow, fields={**FIELDS, **forged})
    assert refused.value.field_names == ("referrer_email", "yp_date_of_birth", "yp_gender")
    assert "banana" not in str(refused.value)
    assert list_referrals(uow, actor="t") == []

    reference = save(uow, submit=False).reference
    with pytest.raises(InvalidFieldValue):
        save(uow, fields={"yp_first_name": "Al\ud83dex", "yp_location": "Thornbury"})
    record = get_record(uow, reference, actor="t")
    assert record is not None and record["status"] == "draft"
    assert record["young_person"]["first_name"] == "Alex"
    assert record["young_person"]["location"] == "Yate"
    with uow:
        saves = [e for e in uow.audit.events() if e.action == "referral.saved"]
    assert len(saves) == 1
