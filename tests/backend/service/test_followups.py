"""Follow-ups by text: scheduled only for a referrer who agreed, at a UK mobile, on a
submitted referral with missing fields; sent when due with reminders up to the limit,
carrying only the reference and what is needed; stopped by STOP and by Twilio's 21610;
and missing fields filled from the referrer's texts, audited and re-screened."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from backend.adapters.twilio_sms import TwilioSmsSender
from backend.domain.sms.followup import Followup
from backend.domain.sms.identity import number_digest
from backend.service import followup_schedule, sms_consent, sms_conversation
from backend.service.followup_schedule import FollowupPolicy
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from tests.support.sms import (
    IDENTIFYING,
    MOBILE,
    NUMBER_KEY,
    OTHER_MOBILE,
    complete_fields,
    dob,
    sms_settings,
    submit,
)
from tests.support.twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    RecordingTwilioHttpClient,
)

KEY = NUMBER_KEY.encode()
DIGEST = number_digest(MOBILE, KEY)
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=timezone.utc)


def schedule(uow: SqlAlchemyUnitOfWork, reference: str, policy: FollowupPolicy) -> str:
    return followup_schedule.schedule_followup(
        uow, reference, number_key=KEY, policy=policy, now=T0
    )


def send_pass(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy, at: datetime, fake: RecordingTwilioHttpClient
) -> followup_schedule.FollowupReport:
    sender = TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER, http_client=fake)
    return asyncio.run(
        followup_schedule.send_due_followups(uow, sender, number_key=KEY, policy=policy, now=at)
    )


def stored(uow: SqlAlchemyUnitOfWork) -> list[Followup]:
    with uow:
        return uow.sms.all()


def actions(uow: SqlAlchemyUnitOfWork, reference: str) -> list[str]:
    with uow:
        return [e.action for e in uow.audit.events(reference)]


def assert_no_personal_data(body: str, fields: dict[str, object]) -> None:
    """No name, date of birth, place or anything about the behaviour in a text."""
    born = complete_fields()["yp_date_of_birth"]
    for value in (*IDENTIFYING.values(), fields["referrer_name"], fields["sa_name"]):
        assert str(value).lower() not in body.lower(), value
    day = datetime.fromisoformat(str(born)).date()
    for shown in (born, day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day.year}"):
        assert str(shown) not in body
    for word in ("BS37", "cousin", "touching", "Zephyrine", "Quillfeather", "garden"):
        assert word.lower() not in body.lower()


def test_scheduled_only_with_consent_a_mobile_something_missing_and_a_submission(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    wanted = submit(uow, parent_consent="unknown")
    assert schedule(uow, wanted.reference, policy) == "scheduled"
    assert schedule(uow, wanted.reference, policy) == "already scheduled"
    (followup,) = stored(uow)
    assert followup.reference == wanted.reference
    assert followup.status == "pending"
    assert followup.next_due_at == T0 + timedelta(minutes=30)
    assert followup.phone_digest == DIGEST
    assert "sms_followup.scheduled" in actions(uow, wanted.reference)

    cases = {
        "no consent to texts": {"referrer_sms_followup": "no", "parent_consent": "unknown"},
        "no UK mobile": {"referrer_phone": "+441454868008", "parent_consent": "unknown"},
        "nothing missing": {},
    }
    for reason, changes in cases.items():
        assert schedule(uow, submit(uow, **changes).reference, policy) == reason
    assert len(stored(uow)) == 1


def test_an_opted_out_number_is_never_scheduled(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    sms_consent.opt_out(uow, DIGEST)
    referral = submit(uow, parent_consent="unknown")
    assert schedule(uow, referral.reference, policy) == "number opted out"
    assert stored(uow) == []


def test_texts_go_when_due_with_reminders_then_expire_and_carry_no_personal_data(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(
        uow, yp_date_of_birth="unknown", parent_consent="unknown", household="unknown"
    )
    schedule(uow, referral.reference, policy)
    fake = RecordingTwilioHttpClient()

    assert send_pass(uow, policy, T0 + timedelta(minutes=10), fake).sent == 0  # not yet due
    report = send_pass(uow, policy, T0 + timedelta(minutes=31), fake)
    assert (report.sent, report.open) == (1, 1)
    (first,) = fake.sent
    assert first.to == MOBILE and first.sender == FROM_NUMBER
    assert referral.reference in first.body
    assert "the young person's date of birth" in first.body
    assert "parent/carer consent" in first.body
    assert "household" not in first.body  # talked through, never asked by text
    assert "STOP" in first.body
    assert_no_personal_data(first.body, referral.fields)

    day = timedelta(days=1)
    assert send_pass(uow, policy, T0 + timedelta(minutes=40), fake).sent == 0  # no repeat
    assert send_pass(uow, policy, T0 + day + timedelta(minutes=32), fake).sent == 1
    assert send_pass(uow, policy, T0 + 2 * day + timedelta(minutes=33), fake).sent == 1
    last = send_pass(uow, policy, T0 + 3 * day + timedelta(minutes=34), fake)
    assert (last.sent, last.closed, last.open) == (0, 1, 0)
    assert len(fake.sent) == 3  # the first text and two reminders
    assert all(s.body.startswith("Reminder") for s in fake.sent[1:])
    for sent in fake.sent:
        assert_no_personal_data(sent.body, referral.fields)
    assert stored(uow)[0].status == "expired"
    assert actions(uow, referral.reference).count("sms_followup.sent") == 3


def test_everything_is_checked_again_before_each_text(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    fake = RecordingTwilioHttpClient()
    due = T0 + timedelta(hours=1)
    # consent withdrawn by a correction after scheduling
    withdrawn = submit(uow, parent_consent="unknown")
    schedule(uow, withdrawn.reference, policy)
    with uow:
        referral = uow.referrals.get(withdrawn.reference, for_update=True)
        assert referral is not None
        referral.fields["referrer_sms_followup"] = "no"
        uow.commit()
    # the referral decided by the service in the meantime
    decided = submit(uow, parent_consent="unknown", referrer_phone=OTHER_MOBILE)
    schedule(uow, decided.reference, policy)
    with uow:
        referral = uow.referrals.get(decided.reference, for_update=True)
        assert referral is not None
        referral.status = "withdrawn"
        uow.commit()
    report = send_pass(uow, policy, due, fake)
    assert (report.sent, report.closed) == (0, 2)
    assert fake.sent == []
    assert {f.status for f in stored(uow)} == {"cancelled"}


def test_twilio_21610_puts_the_number_on_the_suppression_list(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(uow, parent_consent="unknown")
    schedule(uow, referral.reference, policy)
    fake = RecordingTwilioHttpClient(fail={MOBILE: (400, 21610)})
    report = send_pass(uow, policy, T0 + timedelta(hours=1), fake)
    assert (report.sent, report.closed) == (0, 1)
    assert sms_consent.is_suppressed(uow, DIGEST)
    assert stored(uow)[0].status == "stopped"


def test_a_failed_text_is_tried_again_later(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(uow, parent_consent="unknown")
    schedule(uow, referral.reference, policy)
    fake = RecordingTwilioHttpClient(fail={MOBILE: (500, 20500)})
    at = T0 + timedelta(hours=1)
    assert send_pass(uow, policy, at, fake).failed == 1
    (followup,) = stored(uow)
    assert followup.last_error == "Twilio error 20500 (HTTP 500)"
    assert followup.texts_sent == 0
    assert send_pass(uow, policy, at + timedelta(minutes=5), fake).failed == 0  # waits
    fake.fail.clear()
    assert send_pass(uow, policy, at + timedelta(minutes=16), fake).sent == 1


def test_stop_ends_the_followups_and_start_lets_texts_be_sent_again(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(uow, parent_consent="unknown")
    schedule(uow, referral.reference, policy)
    assert sms_consent.opt_out(uow, DIGEST) == [referral.reference]
    assert sms_consent.is_suppressed(uow, DIGEST)
    assert not sms_consent.has_open_followup(uow, DIGEST)
    assert stored(uow)[0].status == "stopped"
    fake = RecordingTwilioHttpClient()
    assert send_pass(uow, policy, T0 + timedelta(hours=2), fake).sent == 0
    assert sms_consent.opt_in(uow, DIGEST)
    assert not sms_consent.is_suppressed(uow, DIGEST)
    assert stored(uow)[0].status == "stopped"  # a STOP is not undone for old follow-ups


def test_the_referrer_fills_missing_fields_by_text_audited_and_screened_again(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(
        uow, yp_date_of_birth="unknown", parent_consent="unknown", household="unknown"
    )
    schedule(uow, referral.reference, policy)
    view = sms_conversation.followup_for_sender(uow, DIGEST, number_key=KEY)
    assert view is not None
    assert view.reference == referral.reference
    assert view.askable == ["yp_date_of_birth", "parent_consent"]
    assert view.by_phone == ["household"]
    assert view.outcome == "incomplete"

    born = dob(14)
    exchange = [
        {
            "speaker": "bot",
            "text": "[SMS] What's their date of birth?",
            "at": "2026-06-02T09:00:00Z",
        },
        {"speaker": "professional", "text": "[SMS] 3/5/2012", "at": "2026-06-02T09:01:00Z"},
    ]
    view = sms_conversation.update_fields_by_reference(
        uow,
        referral.reference,
        # a known field is never changed by a text, nor is anything outside the referral
        {"yp_date_of_birth": born, "yp_age": 14, "referrer_name": "Someone Else", "x": 1},
        digest=DIGEST,
        number_key=KEY,
        transcript=exchange,
    )
    assert view.askable == ["parent_consent"]
    view = sms_conversation.update_fields_by_reference(
        uow, referral.reference, {"parent_consent": "agreed"}, digest=DIGEST, number_key=KEY
    )
    assert view.askable == []
    with uow:
        saved = uow.referrals.get(referral.reference)
    assert saved is not None
    assert saved.fields["yp_date_of_birth"] == born
    assert saved.fields["parent_consent"] == "agreed"
    assert saved.fields["referrer_name"] == "Sam Carter"
    assert saved.transcript[-2:][1].text == "[SMS] 3/5/2012"
    assert saved.screening is not None
    assert saved.screening.missing_fields == ["household"]
    assert saved.status == "submitted"
    log = actions(uow, referral.reference)
    assert log.count("referral.updated_by_sms") == 2
    # the follow-up stays open while something is missing; finishing closes it
    assert sms_consent.has_open_followup(uow, DIGEST)
    done = sms_conversation.finish_followup(uow, referral.reference, digest=DIGEST, number_key=KEY)
    assert done.by_phone == ["household"]
    assert not sms_consent.has_open_followup(uow, DIGEST)
    assert "sms_followup.completed" in actions(uow, referral.reference)


def test_completing_every_field_completes_the_followup(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(uow, police_involved="unknown")
    schedule(uow, referral.reference, policy)
    view = sms_conversation.update_fields_by_reference(
        uow, referral.reference, {"police_involved": "yes"}, digest=DIGEST, number_key=KEY
    )
    assert view.askable == ["police_status"]  # a follow-on question now applies
    view = sms_conversation.update_fields_by_reference(
        uow, referral.reference, {"police_status": "open"}, digest=DIGEST, number_key=KEY
    )
    assert view.askable == []
    assert view.outcome == "needs_discussion"
    assert view.status == "needs_discussion"  # the bot's own allowed move
    assert stored(uow)[0].status == "completed"


def test_another_number_gets_nothing_and_changes_nothing(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(uow, parent_consent="unknown")
    schedule(uow, referral.reference, policy)
    stranger = number_digest(OTHER_MOBILE, KEY)
    assert sms_conversation.followup_for_sender(uow, stranger, number_key=KEY) is None
    assert not sms_consent.has_open_followup(uow, stranger)
    with pytest.raises(sms_conversation.NotTheReferrer):
        sms_conversation.update_fields_by_reference(
            uow,
            referral.reference,
            {"parent_consent": "agreed"},
            digest=stranger,
            number_key=KEY,
        )
    with pytest.raises(sms_conversation.NotTheReferrer):
        sms_conversation.record_immediate_risk_by_sms(
            uow, referral.reference, digest=stranger, number_key=KEY
        )
    with uow:
        saved = uow.referrals.get(referral.reference)
    assert saved is not None and saved.fields["parent_consent"] == "unknown"
    assert "sms_followup.refused" in actions(uow, referral.reference)
    # a key that is not the service's cannot stand in for the number either
    forged = number_digest(MOBILE, b"guessed-key-" + b"g" * 30)
    assert sms_conversation.followup_for_sender(uow, forged, number_key=KEY) is None


def test_a_decided_referral_is_not_changed_by_text(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(uow, parent_consent="unknown")
    schedule(uow, referral.reference, policy)
    with uow:
        decided = uow.referrals.get(referral.reference, for_update=True)
        assert decided is not None
        decided.status = "accepted"
        uow.commit()
    assert sms_conversation.followup_for_sender(uow, DIGEST, number_key=KEY) is None
    with pytest.raises(sms_conversation.FollowupClosed):
        sms_conversation.update_fields_by_reference(
            uow, referral.reference, {"parent_consent": "agreed"}, digest=DIGEST, number_key=KEY
        )


def test_immediate_risk_by_text_flags_the_referral_and_tells_the_team(
    uow: SqlAlchemyUnitOfWork, policy: FollowupPolicy
) -> None:
    referral = submit(uow, parent_consent="unknown")
    schedule(uow, referral.reference, policy)
    sms_conversation.record_immediate_risk_by_sms(
        uow, referral.reference, digest=DIGEST, number_key=KEY
    )
    with uow:
        saved = uow.referrals.get(referral.reference)
        pending = [e.kind for e in uow.outbox.events(pending_only=True)]
    assert saved is not None and saved.screening is not None
    assert "IMMEDIATE_RISK" in {f.code for f in saved.screening.flags}
    assert saved.status == "needs_discussion"
    assert "immediate_risk" in pending


def test_the_followup_text_fits_the_segment_limit_whatever_is_missing(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    from backend.domain.sms import segments
    from backend.domain.sms.followup_fields import REQUIRED_FIELDS
    from backend.domain.sms.texts import followup_text

    for limit in (1, 2, 3):
        text = followup_text("HSB-2026-00001", REQUIRED_FIELDS, reminder=True, max_segments=limit)
        assert segments.count(text).segments <= limit
        assert "HSB-2026-00001" in text
    assert complete_fields()  # (the fixture data stays importable)


def test_no_followup_text_goes_at_night(uow: SqlAlchemyUnitOfWork) -> None:
    policy = FollowupPolicy.from_settings(sms_settings(followup_send_hours=(8, 20)))
    referral = submit(uow, parent_consent="unknown")
    schedule(uow, referral.reference, policy)
    fake = RecordingTwilioHttpClient()
    late = datetime(2026, 6, 1, 21, 30, tzinfo=timezone.utc)  # 22:30 in the UK (BST)
    assert send_pass(uow, policy, late, fake).sent == 0
    early = datetime(2026, 6, 2, 6, 30, tzinfo=timezone.utc)  # 07:30 BST
    assert send_pass(uow, policy, early, fake).sent == 0
    morning = datetime(2026, 6, 2, 7, 0, tzinfo=timezone.utc)  # 08:00 BST
    assert send_pass(uow, policy, morning, fake).sent == 1
    winter = datetime(2026, 12, 1, 7, 30, tzinfo=timezone.utc)  # 07:30 GMT
    assert not policy.may_send_at(winter)
