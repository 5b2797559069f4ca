"""`python -m backend.cli send-followups`: one pass over the follow-ups that are due."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine

from backend import cli
from backend.adapters import twilio_sms
from backend.adapters.twilio_sms import TwilioSmsSender
from backend.service import followup_schedule
from backend.service.followup_schedule import FollowupPolicy
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import Settings, SmsSettings
from tests.support.sms import (
    MOBILE,
    NUMBER_KEY,
    settings_with_sms,
    sms_settings,
    submit,
)
from tests.support.twilio import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    FROM_NUMBER,
    RecordingTwilioHttpClient,
)


def test_without_twilio_nothing_is_sent(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        cli, "get_settings", lambda: Settings(database_url="sqlite://", sms=SmsSettings())
    )
    assert cli.main(["send-followups"]) == 1
    assert "nothing sent" in capsys.readouterr().err


def test_one_pass_sends_what_is_due(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    uow: SqlAlchemyUnitOfWork,
    engine: Engine,
) -> None:
    referral = submit(uow, parent_consent="unknown")
    followup_schedule.schedule_followup(
        uow,
        referral.reference,
        number_key=NUMBER_KEY.encode(),
        policy=FollowupPolicy.from_settings(sms_settings()),
        now=datetime.now(timezone.utc) - timedelta(hours=1),
    )
    fake = RecordingTwilioHttpClient()

    def sender(_settings: Any) -> TwilioSmsSender:
        return TwilioSmsSender(ACCOUNT_SID, AUTH_TOKEN, from_number=FROM_NUMBER, http_client=fake)

    monkeypatch.setattr(cli, "get_settings", settings_with_sms)
    monkeypatch.setattr(twilio_sms, "make_sender", sender)
    monkeypatch.setattr(cli, "_uow", lambda: (uow, engine))
    assert cli.main(["send-followups"]) == 0
    assert "Sent 1, failed 0, closed 0; 1 follow-up(s) open." in capsys.readouterr().out
    assert [s.to for s in fake.sent] == [MOBILE]
    assert cli.main(["send-followups"]) == 0  # nothing more is due yet
    assert len(fake.sent) == 1
