"""Each channel keeps its own conversations and names itself (issue 11, item 3): a
request body chooses neither the channel a record comes from nor whose conversation it
continues, and the shipped configuration has no stock REST channel to reach."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest
import yaml

from scripts.harness.chat import Chat, texts
from scripts.harness.referral_script import asked_slot
from scripts.harness.stack import ROOT, Stack
from scripts.harness.staff_api import new_token, newest_flagged_reference
from tests.e2e.test_referral_conversations import fetch_record, reference_in

pytestmark = pytest.mark.e2e


def test_the_shipped_credentials_have_no_stock_rest_channel() -> None:
    channels = yaml.safe_load(Path(ROOT / "credentials.yml").read_text())
    assert "rest" not in channels
    assert not any("dev_rest" in name for name in channels)
    assert "bot.channels.webchat.WebChatInput" in channels


def test_a_body_cannot_choose_the_channel_a_record_comes_from(stack: Stack) -> None:
    response = httpx.post(
        f"{stack.rasa_url}/webhooks/rest/webhook",
        json={
            "sender": uuid.uuid4().hex,
            "message": "I'm worried, she is in danger right now at home",
            "input_channel": "teams",
            "metadata": {"channel": "teams", "tenant": "x"},
        },
        timeout=60,
    )
    assert response.status_code == 200
    assert "call 999" in texts(response.json())
    token = new_token(stack, "isolation", "admin")
    record = fetch_record(stack, token, newest_flagged_reference(stack, token))
    assert record["source"] == "rest"


def test_rest_cannot_continue_a_web_chat_conversation(stack: Stack) -> None:
    sender = str(uuid.uuid4())
    web = Chat(stack.rasa_url, sender=sender, channel="webchat")
    web.say("/greet")
    web.say("I'd like to make a referral")
    assert asked_slot(web.say("Jo Smith")) == "referrer_role"

    # The same id over REST is another conversation: a referral starts from the top.
    rest = Chat(stack.rasa_url, sender=sender, channel="rest")
    assert asked_slot(rest.say("social worker")) == "referrer_name"

    # The web chat's own conversation is untouched and carries on.
    assert asked_slot(web.say("social worker")) == "referrer_organisation"


def test_a_reference_is_given_only_to_its_own_conversation(stack: Stack) -> None:
    owner = Chat(stack.rasa_url)
    replies = owner.say("I'm worried, she is in danger right now at home")
    assert "call 999" in texts(replies)
    token = new_token(stack, "isolation-owner", "admin")
    reference = newest_flagged_reference(stack, token)
    other = Chat(stack.rasa_url, sender=owner.sender, channel="webchat")
    said = texts(other.say(f"what's the status of {reference}?"))
    assert "can't find" in said
    assert reference_in(said) == reference  # named back, nothing more


def test_the_web_chat_takes_json_only(stack: Stack) -> None:
    """A page on another site can post text/plain without a CORS preflight: refused."""
    body = json.dumps({"sender": str(uuid.uuid4()), "message": "a child is in danger now"})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", ""):
        response = httpx.post(
            f"{stack.rasa_url}/webhooks/webchat/webhook",
            content=body,
            headers={"Content-Type": content_type, "Origin": "https://evil.example"},
            timeout=30,
        )
        assert response.status_code == 415, content_type
        assert "access-control-allow-origin" not in response.headers
