"""What the actions need from a conversation: its source, its key, its transcript and
the referral's field values. Pure functions over the tracker's data."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

from backend.domain.fields import FIELDS, applies
from bot.nlu.resume_code_format import hides_codes

# The slot bot/outage_disclosures.py sets to a disclosure it kept while the action server
# was down ({"text", "at"}); the words are in the conversation only there.
OUTAGE_SLOT = "outage_disclosure"

# Rasa input channel name -> the record's source channel.
_SOURCE_BY_CHANNEL = {
    "webchat": "web",
    "rest": "rest",
    "teams": "teams",
    "botframework": "teams",
    "twilio_sms": "sms",
    "twilio": "sms",
}


def source_of(input_channel: str | None) -> str:
    return _SOURCE_BY_CHANNEL.get(input_channel or "", "rest")


def conversation_key(sender_id: str, referral_key: str) -> str:
    """One referral per key: the same conversation submitting twice updates one record,
    and a referral started afresh after cancelling gets a new key."""
    return f"{sender_id}:{referral_key}"


def _when(event: Mapping[str, Any]) -> str:
    stamp = event.get("timestamp") or datetime.now(timezone.utc).timestamp()
    return datetime.fromtimestamp(float(stamp), tz=timezone.utc).isoformat()


def _bot_text(event: Mapping[str, Any]) -> str:
    text = event.get("text") or ""
    buttons = (event.get("data") or {}).get("buttons") or []
    if buttons:
        titles = " | ".join(str(b.get("title", "")) for b in buttons)
        text = f"{text}\n[{titles}]" if text else f"[{titles}]"
    return text


def _user_text(event: Mapping[str, Any]) -> str:
    text = event.get("text") or ""
    if text.startswith("/"):  # a button that sends an intent, e.g. /start_referral
        return f"[chose: {text[1:].split('{')[0].replace('_', ' ')}]"
    return text


def transcript_from_events(events: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Who said what, when: the professional's messages and the bot's replies. Resume
    codes are left out: the record is no place for a key to the answers."""
    turns: list[dict[str, str]] = []
    kept_seen: set[tuple[str, str]] = set()
    for event in events:
        kind = event.get("event")
        if kind == "user":
            turns.append(
                {
                    "speaker": "professional",
                    "text": hides_codes(_user_text(event)),
                    "at": _when(event),
                }
            )
        elif kind == "bot":
            text = hides_codes(_bot_text(event))
            if text:
                turns.append({"speaker": "bot", "text": text, "at": _when(event)})
        elif kind == "slot" and event.get("name") == OUTAGE_SLOT:
            # Kept during an outage: said then, so every save keeps it, not only the one
            # that recorded the flag (a later save replaces the transcript).
            kept = event.get("value")
            if isinstance(kept, dict) and isinstance(kept.get("text"), str):
                at = str(kept.get("at") or _when(event))
                if (kept["text"], at) in kept_seen:
                    continue  # set again for a retry after an attempt that failed
                kept_seen.add((kept["text"], at))
                turns.append(
                    {"speaker": "professional", "text": hides_codes(kept["text"]), "at": at}
                )
    return turns


def state_time(events: Iterable[Mapping[str, Any]]) -> float:
    """When the conversation was last changed: the time of its latest event. Saves carry
    it, so one replayed late never overwrites answers saved from a later state."""
    return max((float(e["timestamp"]) for e in events if e.get("timestamp")), default=0.0)


def field_values(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The referral's fields from the slots, leaving out those that do not apply."""
    values = dict(slots)
    return {f.name: values.get(f.name) for f in FIELDS if applies(f.name, values)}
