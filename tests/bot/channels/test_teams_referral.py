"""A whole referral made in a Teams one-to-one chat, with the answers of the web
referral in tests/e2e/test_referral_conversations.py: the record read back through
the staff API comes from `teams`, and the Rasa server's log holds neither what was
said nor any token."""

from __future__ import annotations

import pytest

from scripts.harness.referral_script import run_referral
from scripts.harness.stack import Stack
from tests.bot.channels.microsoft import FakeConnector, FakeLogin
from tests.bot.channels.teams_chat import TeamsChat
from tests.e2e.test_referral_conversations import (
    CRITERIA_MET_BEFORE,
    CRITERIA_MET_OPENING,
    TOP_LEVEL_KEYS,
    criteria_met_answers,
    fetch_record,
    reference_in,
    years_ago,
)

pytestmark = pytest.mark.e2e

OPENING = CRITERIA_MET_OPENING


def test_a_referral_made_in_teams_is_recorded_from_teams(
    teams_stack: Stack,
    teams_staff_token: str,
    teams_chat: TeamsChat,
    login: FakeLogin,
    connector: FakeConnector,
) -> None:
    dob = years_ago(14)
    run = run_referral(
        teams_chat,  # type: ignore[arg-type]  # the same interface as scripts.harness.chat.Chat
        OPENING,
        criteria_met_answers(dob),
        before=CRITERIA_MET_BEFORE,
    )
    assert "HSB-" in run.bot_text
    record = fetch_record(teams_stack, teams_staff_token, reference_in(run.bot_text))

    assert set(record) == TOP_LEVEL_KEYS
    assert record["source"] == "teams"
    assert record["status"] == "submitted"
    assert record["referrer"]["name"] == "Sarah Jones"
    assert record["referrer"]["email"] == "sarah.jones@southglos.gov.uk"
    assert record["young_person"]["date_of_birth"] == dob.isoformat()
    assert record["young_person"]["location"] == "BS37 5AB"
    assert record["screening"]["outcome"] == "criteria_met"
    assert OPENING in " ".join(t["text"] for t in record["transcript"])

    # Every reply went to this conversation, with a token from the app's tenant.
    sent = [s for s in connector.everything() if s.conversation_id == teams_chat.conversation_id]
    assert len(sent) >= teams_chat.turns
    assert all(s.authorization.removeprefix("Bearer ") in login.issued for s in sent)
    # Choice questions came with buttons Teams shows.
    cards = [a for s in sent for a in s.activity.get("attachments", [])]
    assert cards and all(c["contentType"] == "application/vnd.microsoft.card.hero" for c in cards)

    log = (teams_stack.workdir / "rasa.log").read_text(errors="replace")
    for secret in [OPENING, "sarah.jones@southglos.gov.uk", "Jake", *login.issued]:
        assert secret not in log
    assert "eyJ" not in log  # no JWT
    assert teams_chat.conversation_id not in log
