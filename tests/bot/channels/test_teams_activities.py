"""What the Teams channel reads from an activity and the activities it sends back."""

from __future__ import annotations

from typing import Any

import pytest

from bot.channels.teams_activities import (
    HERO_CARD,
    InvalidActivity,
    buttons_activity,
    custom_activity,
    parse_message,
    sender_id_for,
    text_activity,
)


def activity(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "type": "message",
        "id": "1700000000001",
        "serviceUrl": "https://smba.trafficmanager.net/uk/",
        "channelId": "msteams",
        "from": {"id": "29:1abc", "name": "Sarah Jones", "aadObjectId": "6b1c-aad"},
        "conversation": {"id": "a:1xyz", "conversationType": "personal"},
        "recipient": {"id": "28:app-id", "name": "HSB Service referrals"},
        "text": "  Hello  ",
    }
    base.update(changes)
    return base


def test_the_sender_id_is_stable_per_user_and_conversation_and_opaque() -> None:
    message = parse_message(activity())
    assert message.sender_id == parse_message(activity(id="another")).sender_id
    assert message.sender_id == sender_id_for("a:1xyz", "6b1c-aad")
    assert message.sender_id.startswith("teams:")
    assert "a:1xyz" not in message.sender_id and "6b1c" not in message.sender_id

    other_user = activity(**{"from": {"id": "29:1def", "aadObjectId": "7c2d-aad"}})
    other_chat = activity(conversation={"id": "a:1uvw"})
    same_person_new_client_id = activity(**{"from": {"id": "29:1new", "aadObjectId": "6b1c-aad"}})
    assert parse_message(other_user).sender_id != message.sender_id
    assert parse_message(other_chat).sender_id != message.sender_id
    assert parse_message(same_person_new_client_id).sender_id == message.sender_id


def test_a_message_is_read_with_where_its_replies_go() -> None:
    message = parse_message(activity())
    assert message.text == "Hello"
    assert message.conversation_type == "personal"
    assert message.reply.service_url == "https://smba.trafficmanager.net/uk/"
    assert message.reply.reply_to_id == "1700000000001"
    assert message.reply.bot == {"id": "28:app-id", "name": "HSB Service referrals"}


@pytest.mark.parametrize("missing", ["id", "serviceUrl", "conversation", "from", "recipient"])
def test_a_message_without_addressing_is_invalid(missing: str) -> None:
    broken = activity()
    del broken[missing]
    with pytest.raises(InvalidActivity):
        parse_message(broken)


def test_text_is_escaped_and_keeps_its_line_breaks() -> None:
    reply = parse_message(activity()).reply
    sent = text_activity(reply, "Name: <b>Jake</b> & co\nDate of birth: 3/5/2011")
    assert sent["text"] == "Name: &lt;b&gt;Jake&lt;/b&gt; &amp; co<br>Date of birth: 3/5/2011"
    assert sent["textFormat"] == "xml"
    assert sent["replyToId"] == "1700000000001"
    assert sent["recipient"] == {"id": "29:1abc"}


def test_buttons_become_hero_cards_of_at_most_six() -> None:
    reply = parse_message(activity())
    buttons = [{"title": "Make a referral", "payload": "/start_referral"}] + [
        {"title": f"Option {n}", "payload": f"Option {n}"} for n in range(1, 7)
    ]
    sent = buttons_activity(reply.reply, "What would you like to do?", buttons)
    assert sent["text"] == "What would you like to do?"
    cards = sent["attachments"]
    assert [c["contentType"] for c in cards] == [HERO_CARD, HERO_CARD]
    assert [len(c["content"]["buttons"]) for c in cards] == [6, 1]
    first, second = cards[0]["content"]["buttons"][:2]
    # An intent is sent to the bot but the chat shows the button's title.
    assert first == {
        "type": "messageBack",
        "title": "Make a referral",
        "text": "/start_referral",
        "displayText": "Make a referral",
        "value": {"payload": "/start_referral"},
    }
    assert second == {"type": "imBack", "title": "Option 1", "value": "Option 1"}


def test_a_custom_payload_cannot_redirect_the_reply() -> None:
    reply = parse_message(activity()).reply
    sent = custom_activity(
        reply,
        {"conversation": {"id": "a:someone-else"}, "serviceUrl": "https://evil.example/", "x": 1},
    )
    assert sent["conversation"] == {"id": "a:1xyz"}
    assert "serviceUrl" not in sent
    assert sent["x"] == 1
