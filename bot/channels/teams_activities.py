"""Bot Framework activities as Microsoft Teams sends and shows them.

Reading: a message activity becomes the text Rasa reads and a stable sender id.
Writing: the bot's messages become reply activities Teams renders: text as Teams'
HTML subset (escaped, so nothing a professional typed is ever read as markup when the
bot reads it back), buttons as hero cards.

Pure functions over dictionaries, no Rasa imports, so they are tested directly.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

PERSONAL = "personal"
HERO_CARD = "application/vnd.microsoft.card.hero"
#: Teams shows at most six buttons on a hero card; more go on further cards.
MAX_BUTTONS_PER_CARD = 6
# Activity fields that a custom response may not override: where the reply goes.
_ADDRESSING = frozenset({"type", "from", "recipient", "conversation", "replyToId", "serviceUrl"})


class InvalidActivity(ValueError):
    """A message activity without the fields a reply needs."""


@dataclass(frozen=True)
class Reply:
    """Where the replies to one incoming activity go."""

    service_url: str
    conversation_id: str
    reply_to_id: str
    bot: dict[str, str]
    user_id: str


@dataclass(frozen=True)
class IncomingMessage:
    text: str
    sender_id: str
    conversation_type: str
    reply: Reply


def sender_id_for(conversation_id: str, user_key: str) -> str:
    """Stable per Teams user and conversation, and opaque: the tracker store and the
    logs never see the Entra object id or the conversation id."""
    digest = hashlib.sha256(f"{conversation_id}\n{user_key}".encode()).hexdigest()
    return f"teams:{digest[:40]}"


def _mapping(container: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = container.get(key)
    if not isinstance(value, Mapping):
        raise InvalidActivity(key)
    return value


def _text(container: Mapping[str, Any], key: str, name: str) -> str:
    value = container.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidActivity(name)
    return value


def parse_message(activity: Mapping[str, Any]) -> IncomingMessage:
    conversation = _mapping(activity, "conversation")
    sender = _mapping(activity, "from")
    recipient = _mapping(activity, "recipient")
    conversation_id = _text(conversation, "id", "conversation.id")
    user_id = _text(sender, "id", "from.id")
    aad_object_id = sender.get("aadObjectId")
    user_key = aad_object_id if isinstance(aad_object_id, str) and aad_object_id else user_id
    bot = {"id": _text(recipient, "id", "recipient.id")}
    if isinstance(recipient.get("name"), str):
        bot["name"] = recipient["name"]
    text = activity.get("text")
    return IncomingMessage(
        text=text.strip() if isinstance(text, str) else "",
        sender_id=sender_id_for(conversation_id, user_key),
        # Older clients leave it out of one-to-one chats.
        conversation_type=str(conversation.get("conversationType") or PERSONAL),
        reply=Reply(
            service_url=_text(activity, "serviceUrl", "serviceUrl"),
            conversation_id=conversation_id,
            reply_to_id=_text(activity, "id", "id"),
            bot=bot,
            user_id=user_id,
        ),
    )


def teams_html(text: str) -> str:
    """Plain text as Teams' HTML subset: escaped, with its line breaks kept."""
    return html.escape(text, quote=False).replace("\n", "<br>")


def _base(reply: Reply) -> dict[str, Any]:
    return {
        "type": "message",
        "from": dict(reply.bot),
        "recipient": {"id": reply.user_id},
        "conversation": {"id": reply.conversation_id},
        "replyToId": reply.reply_to_id,
    }


def text_activity(reply: Reply, text: str) -> dict[str, Any]:
    return {**_base(reply), "text": teams_html(text), "textFormat": "xml"}


def card_action(button: Mapping[str, Any]) -> dict[str, Any]:
    title = str(button.get("title") or button.get("payload") or "")
    if button.get("url"):
        return {"type": "openUrl", "title": title, "value": str(button["url"])}
    payload = str(button.get("payload") or title)
    if payload.startswith("/"):
        # An intent payload such as "/start_referral" means nothing to a person:
        # messageBack sends it to the bot but shows the button's title in the chat.
        return {
            "type": "messageBack",
            "title": title,
            "text": payload,
            "displayText": title,
            "value": {"payload": payload},
        }
    return {"type": "imBack", "title": title, "value": payload}


def buttons_activity(
    reply: Reply, text: str | None, buttons: Iterable[Mapping[str, Any]]
) -> dict[str, Any]:
    actions = [card_action(b) for b in buttons]
    cards = [
        {"contentType": HERO_CARD, "content": {"buttons": actions[i : i + MAX_BUTTONS_PER_CARD]}}
        for i in range(0, len(actions), MAX_BUTTONS_PER_CARD)
    ]
    activity = text_activity(reply, text) if text else _base(reply)
    return {**activity, "attachmentLayout": "list", "attachments": cards}


def image_activity(reply: Reply, url: str) -> dict[str, Any]:
    card = {"contentType": HERO_CARD, "content": {"images": [{"url": url}]}}
    return {**_base(reply), "attachments": [card]}


def custom_activity(reply: Reply, custom: Mapping[str, Any]) -> dict[str, Any]:
    """A response's ``custom`` payload, sent as activity fields (attachments, cards)."""
    fields = {k: v for k, v in custom.items() if k not in _ADDRESSING}
    return {**_base(reply), **fields}
