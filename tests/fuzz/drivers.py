"""Sending a message on each of the bot's channels, as that channel's client does, and
reading what came back: the HTTP status and the bot's replies.

* ``webchat``: the chat page's channel, ``POST /webhooks/webchat/webhook`` (UUID4 sender);
* ``rest``: the REST channel for tests (bot/channels/dev_rest.py);
* ``teams``: a Bot Framework activity with a Bot Connector token signed by the fake
  Microsoft login (tests/bot/channels/microsoft.py); the replies are what the fake Bot
  Connector received in answer to that activity;
* ``sms``: a text relayed to the bot's ``twilio_sms`` channel, signed with
  ``SMS_RELAY_SECRET`` as the backend signs it (backend/adapters/bot_relay.py);
* ``twilio``: a text through the backend's own Twilio webhook, ``POST
  /sms/twilio/inbound``, signed as Twilio signs it (tests/support/twilio.py), from a
  number that opted out first (STOP): the backend then handles every text itself and
  sends nothing, so no text ever heads for the real Twilio. (A text from a number with
  no open follow-up would be answered through Twilio's real API; one with an open
  follow-up needs a whole referral first. The relayed path is fuzzed through ``sms``.)
* ``art``: an ART call transcript, ``POST /api/transcripts`` with an ART staff token.

Bodies are serialised here with ``json.dumps`` (ASCII, so an unpaired surrogate goes as
the JSON escape ``"\\ud83d"``, as a browser's ``JSON.stringify`` sends it).
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from backend.adapters.bot_relay import signed_headers
from backend.domain.sms.keywords import keyword_of
from scripts.harness.stack import Stack
from tests.bot.channels.microsoft import APP_ID, TENANT_ID, FakeConnector, FakeLogin
from tests.bot.channels.teams_chat import TeamsChat, reply_as_message
from tests.fuzz.generate import Message
from tests.support.twilio import inbound_params, signed

#: The start of the reply to a turn that failed behind the channel (bot/turn_guard.py).
TURN_FAILED = "Sorry, something went wrong on our side"
TIMEOUT = httpx.Timeout(120.0, connect=10.0)
#: Longest wait for the replies to a Teams message answered 202 (still being handled).
TEAMS_LATE_REPLY_SECONDS = 90.0


@dataclass
class Sent:
    channel: str
    conversation: str
    kind: str
    status: int | None  # None: no HTTP answer at all (the connection failed, a timeout)
    replies: list[str] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    problem: str | None = None  # the transport's error, or what was wrong with the answer
    index: int = 0  # the message's number in its conversation
    text: str = ""  # what was typed

    @property
    def server_error(self) -> bool:
        """A 5xx, no answer at all, or a turn that failed behind the channel."""
        return (
            self.status is None
            or self.status >= 500
            or any(reply.startswith(TURN_FAILED) for reply in self.replies)
        )

    @property
    def answered(self) -> bool:
        return any(reply.strip() for reply in self.replies)


def _dumps(body: Any) -> bytes:
    return json.dumps(body).encode()


def _rest_replies(response: httpx.Response) -> tuple[list[str], list[dict[str, str]], str | None]:
    try:
        parsed = response.json()
    except ValueError:
        return [], [], "not JSON"
    if response.status_code != 200:
        error = parsed.get("error") if isinstance(parsed, dict) else None
        return ([error] if isinstance(error, str) else []), [], None
    if not isinstance(parsed, list):
        return [], [], "not a list of replies"
    texts = [str(r.get("text") or "") for r in parsed if isinstance(r, dict)]
    buttons = [b for r in parsed if isinstance(r, dict) for b in r.get("buttons") or []]
    return texts, buttons, None


class Conversation:
    """One conversation on one channel; its messages are sent one after another."""

    channel = ""

    def __init__(self, stack: Stack, label: str) -> None:
        self.stack = stack
        self.label = label
        self._http: httpx.Client | None = None
        self.last_buttons: list[dict[str, str]] = []

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            self._http = httpx.Client(timeout=TIMEOUT)
        return self._http

    def text_for(self, message: Message) -> str:
        """What is typed: a press of one of the buttons just offered, or the text."""
        if message.kind == "press" and self.last_buttons:
            button = self.last_buttons[message.button % len(self.last_buttons)]
            return str(button.get("payload") or button.get("title") or "")
        return message.text

    def send(self, message: Message, index: int = 0) -> Sent:
        text = self.text_for(message)
        started = time.monotonic()
        try:
            sent = self._send(text)
        except httpx.HTTPError as error:
            sent = Sent(self.channel, self.label, "", None, problem=type(error).__name__)
        sent.kind, sent.index, sent.text = message.kind, index, text
        sent.seconds = time.monotonic() - started
        if sent.status == 200:
            self.last_buttons = sent.buttons
        return sent

    def say(self, text: str) -> Sent:
        return self.send(Message("plain", text), -1)

    def _send(self, text: str) -> Sent:
        raise NotImplementedError

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None


class WebChat(Conversation):
    channel = "webchat"
    path = "/webhooks/webchat/webhook"

    def __init__(self, stack: Stack, label: str, sender: str) -> None:
        super().__init__(stack, label)
        self.sender = sender

    def _send(self, text: str) -> Sent:
        response = self.http.post(
            self.stack.rasa_url + self.path,
            content=_dumps({"sender": self.sender, "message": text}),
            headers={"Content-Type": "application/json"},
        )
        texts, buttons, problem = _rest_replies(response)
        return Sent(self.channel, self.label, "", response.status_code, texts, buttons,
                    problem=problem)  # fmt: skip


class Rest(WebChat):
    channel = "rest"
    path = "/webhooks/rest/webhook"


class SmsRelay(Conversation):
    """Texts as the backend relays them: signed, with a fresh id in every body."""

    channel = "sms"

    def __init__(self, stack: Stack, label: str, sender: str) -> None:
        super().__init__(stack, label)
        self.sender = sender
        self.secret = stack.env["SMS_RELAY_SECRET"]

    def text_for(self, message: Message) -> str:
        # A text has no buttons: the person types the option's words.
        if message.kind == "press" and self.last_buttons:
            button = self.last_buttons[message.button % len(self.last_buttons)]
            return str(button.get("title") or "")
        return message.text

    def _send(self, text: str) -> Sent:
        body = _dumps({"sender": self.sender, "message": text, "id": uuid.uuid4().hex})
        response = self.http.post(
            f"{self.stack.rasa_url}/webhooks/twilio_sms/webhook",
            content=body,
            headers={"Content-Type": "application/json", **signed_headers(self.secret, body)},
        )
        texts, buttons, problem = _rest_replies(response) if response.content else ([], [], None)
        return Sent(self.channel, self.label, "", response.status_code, texts, buttons,
                    problem=problem)  # fmt: skip


def sms_sender(name: str) -> str:
    """A relayed sender id: ``sms-`` and 64 hex digits (a keyed hash of a number)."""
    return "sms-" + hashlib.sha256(name.encode()).hexdigest()


class Teams(Conversation):
    channel = "teams"

    def __init__(
        self, stack: Stack, label: str, login: FakeLogin, connector: FakeConnector
    ) -> None:
        super().__init__(stack, label)
        self.chat = TeamsChat(
            webhook_url=f"{stack.rasa_url}/webhooks/teams/webhook",
            login=login,
            connector=connector,
            app_id=APP_ID,
            tenant_id=TENANT_ID,
        )
        self.connector = connector
        self.token = f"Bearer {self.chat.token()}"  # valid for an hour

    def _send(self, text: str) -> Sent:
        activity = self.chat.activity(text)
        response = self.http.post(
            self.chat.webhook_url,
            content=_dumps(activity),
            headers={"Authorization": self.token, "Content-Type": "application/json"},
        )
        status = response.status_code
        sent = []
        if status == 200:
            # Handled before the webhook answered: every reply has reached the connector.
            sent = self.connector.replies_to(self.chat.conversation_id, activity["id"])
        elif status == 202:
            # Still being handled: wait for the replies (a turn always sends one).
            deadline = time.monotonic() + TEAMS_LATE_REPLY_SECONDS
            while not sent and time.monotonic() < deadline:
                time.sleep(0.2)
                sent = self.connector.replies_to(self.chat.conversation_id, activity["id"])
            time.sleep(1.0)
            sent = self.connector.replies_to(self.chat.conversation_id, activity["id"])
        replies = [reply_as_message(s) for s in sent]
        return Sent(
            self.channel,
            self.label,
            "",
            status,
            [str(r.get("text") or "") for r in replies],
            [b for r in replies for b in r.get("buttons") or []],
        )


class Twilio(Conversation):
    """Texts through the backend's Twilio webhook from a number that opted out (STOP):
    each is checked, parsed and looked up, and nothing is sent back."""

    channel = "twilio"

    def __init__(self, stack: Stack, label: str, number: str) -> None:
        super().__init__(stack, label)
        self.number = number

    @staticmethod
    def textable(text: str) -> str:
        """What a phone can send: valid Unicode (no lone surrogates in an SMS), and never
        an opt-in keyword (START, YES), whose confirmation would be texted back."""
        valid = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return f"please {valid}" if keyword_of(valid, opted_out=True) == "start" else valid

    def _send(self, text: str) -> Sent:
        body, headers = signed(inbound_params(self.number, self.textable(text)))
        response = self.http.post(
            f"{self.stack.backend_url}/sms/twilio/inbound", content=body, headers=headers
        )
        return Sent(self.channel, self.label, "", response.status_code)


@dataclass
class Transcripts:
    """ART call transcripts, posted as a member of the Access and Response Team."""

    stack: Stack
    token: str

    def post(self, label: str, transcript: str, turns: int) -> tuple[Sent, dict[str, Any]]:
        started = time.monotonic()
        body = {"transcript": transcript, "call_date": "2026-11-20"}
        try:
            response = httpx.post(
                f"{self.stack.backend_url}/api/transcripts",
                content=_dumps(body),
                headers={
                    "Authorization": f"Bearer {self.token}",
                    "Content-Type": "application/json",
                },
                timeout=TIMEOUT,
            )
        except httpx.HTTPError as error:
            problem = type(error).__name__
            return Sent("art", label, "transcript", None, problem=problem, text=transcript), {}
        seconds = time.monotonic() - started
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        sent = Sent("art", label, "transcript", response.status_code, seconds=seconds,
                    text=transcript)  # fmt: skip
        if response.status_code == 201:
            sent.replies = [str(answer.get("reference") or "")]
        return sent, answer if isinstance(answer, dict) else {}


def json_transcript(turns: list[tuple[str, str]], ascii: bool = True) -> str:
    """The JSON shape: ``[{"speaker", "text"}]``, with every character outside ASCII as
    a ``\\u`` escape, or as it is."""
    turns_json = [{"speaker": speaker, "text": text} for speaker, text in turns]
    return json.dumps(turns_json, ensure_ascii=ascii)


# Every character str.splitlines breaks a line at.
_LINE_BREAKS = str.maketrans(dict.fromkeys("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def text_transcript(turns: list[tuple[str, str]]) -> str:
    """'Speaker: words' lines; each turn's own line breaks (of every kind) made spaces,
    so that each turn stays one line (whatever else it holds is kept)."""
    lines = []
    for speaker, text in turns:
        flat = text.translate(_LINE_BREAKS).strip()
        lines.append(f"{speaker}: {flat if flat else '.'}")
    return "\n".join(lines)
