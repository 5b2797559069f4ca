"""Who a text is from, without the number: a keyed hash. Pure.

The bot, the follow-ups table and the suppression list know a phone number only by its
digest, HMAC-SHA256 under ``SMS_NUMBER_KEY``. The bot's conversation id for a number
is ``sms-`` and that digest, so the Rasa server never sees the number. Changing the key
orphans the suppression list and open follow-ups, so it is set once.
"""

from __future__ import annotations

import hashlib
import hmac
import re

SENDER_PREFIX = "sms-"
_E164 = re.compile(r"\+[1-9]\d{6,14}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_SENDER = re.compile(SENDER_PREFIX + r"([0-9a-f]{64})")


def e164(number: str | None) -> str | None:
    """The number when it is in E.164 form (as Twilio sends it), else None."""
    cleaned = re.sub(r"[\s()-]", "", number or "")
    return cleaned if _E164.fullmatch(cleaned) else None


def number_digest(number: str, key: bytes) -> str:
    """The number's keyed hash (64 hex digits); the number must be E.164."""
    if not key:
        raise ValueError("SMS_NUMBER_KEY is not set")
    normalised = e164(number)
    if normalised is None:
        raise ValueError("not an E.164 phone number")
    return hmac.new(key, b"hsb-sms-number:" + normalised.encode(), hashlib.sha256).hexdigest()


def sender_id(digest: str) -> str:
    if not _DIGEST.fullmatch(digest):
        raise ValueError("not a number digest")
    return SENDER_PREFIX + digest


def digest_of_sender(sender: str | None) -> str | None:
    """The number digest an SMS conversation id carries, or None for other channels."""
    match = _SENDER.fullmatch(sender or "")
    return match.group(1) if match else None
