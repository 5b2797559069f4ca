"""What the Teams channel does with genuine activities: replies through the Bot
Connector with a token from the app's own tenant, buttons Teams shows, one answer per
activity however often it is delivered, and referrals in one-to-one chats only."""

from __future__ import annotations

import time

import pytest

from tests.bot.channels.microsoft import TENANT_ID, FakeLogin
from tests.bot.channels.teams_chat import TeamsChat

pytestmark = pytest.mark.e2e


def test_a_genuine_message_is_answered_through_the_bot_connector(
    teams_chat: TeamsChat, login: FakeLogin
) -> None:
    activity = teams_chat.activity("Hello")
    sent = teams_chat.send(activity)

    assert sent, "the bot sent no reply"
    for reply in sent:
        assert reply.authorization.removeprefix("Bearer ") in login.issued
        assert reply.activity["type"] == "message"
        assert reply.activity["replyToId"] == activity["id"]
        assert reply.activity["conversation"] == {"id": teams_chat.conversation_id}
        assert reply.activity["from"] == activity["recipient"]
        assert reply.activity["recipient"] == {"id": teams_chat.user_id}
    # single-tenant: reply tokens come from the app's own tenant
    assert {r["tenant"] for r in login.token_requests} == {TENANT_ID}
    greeting = sent[-1].activity
    actions = [a for card in greeting["attachments"] for a in card["content"]["buttons"]]
    assert {
        "type": "messageBack",
        "title": "Make a referral",
        "text": "/start_referral",
        "displayText": "Make a referral",
        "value": {"payload": "/start_referral"},
    } in actions


def test_a_redelivered_activity_is_answered_once(teams_chat: TeamsChat) -> None:
    activity = teams_chat.activity("Hello")
    first = teams_chat.send(activity)
    assert first
    assert teams_chat.post(activity, f"Bearer {teams_chat.token()}").status_code == 200
    time.sleep(0.5)
    assert len(teams_chat.connector.replies_to(teams_chat.conversation_id, activity["id"])) == len(
        first
    )


def test_a_group_chat_is_told_to_use_a_one_to_one_chat(teams_chat: TeamsChat) -> None:
    teams_chat.conversation_type = "groupChat"
    replies = teams_chat.say("I'd like to refer a 14 year old boy from Yate")
    assert len(replies) == 1
    assert "one-to-one chat" in replies[0]["text"]


def test_a_message_without_text_is_answered_without_the_assistant(teams_chat: TeamsChat) -> None:
    image = {"contentType": "image/png", "contentUrl": "https://example.org/a.png"}
    sent = teams_chat.send(teams_chat.activity(None, attachments=[image]))
    assert [s.activity["text"] for s in sent] == [
        "Sorry, I can only read typed messages. Please type your answer."
    ]
