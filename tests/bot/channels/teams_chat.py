"""Talking to the bot as Microsoft Teams does: each message is an activity posted to
the Teams channel's webhook with a Bot Connector token; the bot's replies arrive
separately, at the fake Bot Connector, addressed to the message they answer.

``TeamsChat.say`` has the same shape as ``scripts.harness.chat.Chat.say`` (a list of
``{"text", "buttons"}`` replies), so ``scripts.harness.referral_script.run_referral``
drives a referral through Teams unchanged.
"""

from __future__ import annotations

import html
import itertools
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.bot.channels.microsoft import FakeConnector, FakeLogin, Sent
from tests.bot.channels.tokens import claims, sign

#: How long replies may keep coming after the webhook answered 202 (a slow turn that
#: carries on in the background).
QUIET_SECONDS = 3.0
REPLY_TIMEOUT_SECONDS = 90.0

_ids = itertools.count(1_700_000_000_000)


def reply_as_message(sent: Sent) -> dict[str, Any]:
    """A reply activity as the REST channel would give it: plain text and buttons."""
    activity = sent.activity
    text = html.unescape(str(activity.get("text") or "").replace("<br>", "\n"))
    buttons = [
        {"title": action["title"], "payload": action.get("text") or action.get("value")}
        for card in activity.get("attachments") or []
        for action in (card.get("content") or {}).get("buttons") or []
    ]
    return {"text": text, "buttons": buttons} if buttons else {"text": text}


@dataclass
class TeamsChat:
    webhook_url: str
    login: FakeLogin
    connector: FakeConnector
    app_id: str
    tenant_id: str
    conversation_type: str = "personal"
    conversation_id: str = field(default_factory=lambda: f"a:1{uuid.uuid4().hex}")
    user_id: str = field(default_factory=lambda: f"29:1{uuid.uuid4().hex}")
    aad_object_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    turns: int = 0
    log: list[tuple[str, str]] = field(default_factory=list)

    def activity(self, text: str | None, **fields: Any) -> dict[str, Any]:
        activity = {
            "type": "message",
            "id": str(next(_ids)),
            "timestamp": "2026-11-27T10:00:00.000Z",
            "serviceUrl": self.connector.service_url,
            "channelId": "msteams",
            "from": {
                "id": self.user_id,
                "name": "Test Professional",
                "aadObjectId": self.aad_object_id,
            },
            "conversation": {
                "id": self.conversation_id,
                "conversationType": self.conversation_type,
                "tenantId": self.tenant_id,
            },
            "recipient": {"id": f"28:{self.app_id}", "name": "HSB Service referrals"},
            "textFormat": "plain",
            "locale": "en-GB",
            "channelData": {"tenant": {"id": self.tenant_id}},
        }
        if text is not None:
            activity["text"] = text
        activity.update(fields)
        return activity

    def token(self, **overrides: Any) -> str:
        return sign(claims(self.app_id, self.connector.service_url, **overrides), self.login.key)

    def post(self, activity: dict[str, Any], authorization: str | None) -> httpx.Response:
        headers = {"Authorization": authorization} if authorization is not None else {}
        return httpx.post(self.webhook_url, json=activity, headers=headers, timeout=60)

    def send(self, activity: dict[str, Any]) -> list[Sent]:
        """Posts an activity with a valid token; returns the reply activities."""
        response = self.post(activity, f"Bearer {self.token()}")
        assert response.status_code in (200, 202), response.status_code
        return self.wait_for_replies(activity["id"], settled=response.status_code == 200)

    def wait_for_replies(self, activity_id: str, settled: bool) -> list[Sent]:
        # 200: the turn was handled before the webhook answered, so every reply has
        # reached the connector already. 202: wait until replies stop coming.
        if settled:
            return self.connector.replies_to(self.conversation_id, activity_id)
        deadline = time.monotonic() + REPLY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            sent = self.connector.replies_to(self.conversation_id, activity_id)
            if sent and time.monotonic() - sent[-1].at > QUIET_SECONDS:
                return sent
            time.sleep(0.2)
        return self.connector.replies_to(self.conversation_id, activity_id)

    def say(self, text: str) -> list[dict[str, Any]]:
        replies = [reply_as_message(s) for s in self.send(self.activity(text))]
        self.turns += 1
        self.log.append(("professional", text))
        self.log.extend(("bot", r.get("text", "")) for r in replies)
        return replies

    def transcript(self) -> str:
        return "\n".join(f"{who}: {text}" for who, text in self.log)
