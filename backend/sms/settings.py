"""The SMS settings, from the environment and the repository's .env (see .env.example).

Kept apart from ``backend/settings.py``: SMS is optional, and every part of it switches
itself off while its settings are missing.

- Without TWILIO_AUTH_TOKEN or TWILIO_INBOUND_URL every inbound request is refused (403).
- Without TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a sender (TWILIO_FROM_NUMBER or
  TWILIO_MESSAGING_SERVICE_SID) nothing is sent.
- Without SMS_NUMBER_KEY (or without sending) no follow-up is scheduled; without
  SMS_NUMBER_KEY and SMS_RELAY_SECRET no text is relayed to the bot, whose SMS channel
  refuses everything without SMS_RELAY_SECRET.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from dotenv import dotenv_values

from backend.settings import (
    DEFAULT_RASA_PUBLIC_URL,
    REPO_ROOT,
    ConfigurationError,
    number_setting,
)

RELAY_PATH = "/webhooks/twilio_sms/webhook"
MIN_SECRET_CHARS = 32


@dataclass(frozen=True)
class SmsSettings:
    twilio_account_sid: str = ""
    twilio_auth_token: str = field(default="", repr=False)
    twilio_from_number: str = ""
    twilio_messaging_service_sid: str = ""
    # The public URL Twilio posts inbound texts to, exactly as set in the Twilio console:
    # signatures are computed over it (not over whatever URL the request arrived on).
    twilio_inbound_url: str = ""
    relay_url: str = DEFAULT_RASA_PUBLIC_URL + RELAY_PATH
    relay_secret: str = field(default="", repr=False)
    number_key: str = field(default="", repr=False)
    max_segments: int = 3
    followup_delay_minutes: float = 60.0
    followup_reminder_interval_minutes: float = 1440.0
    followup_max_reminders: int = 2
    followup_interval_seconds: float = 60.0
    # Follow-up texts go only between these hours, UK time (from inclusive, to exclusive);
    # replies to a referrer's own texts go at any time.
    followup_send_hours: tuple[int, int] = (8, 20)

    @property
    def accepts_inbound(self) -> bool:
        return bool(self.twilio_auth_token and self.twilio_inbound_url)

    @property
    def can_send(self) -> bool:
        return bool(
            self.twilio_account_sid
            and self.twilio_auth_token
            and (self.twilio_from_number or self.twilio_messaging_service_sid)
        )

    @property
    def can_relay(self) -> bool:
        return bool(self.relay_secret and self.number_key)

    @property
    def number_key_bytes(self) -> bytes:
        return self.number_key.encode()

    @property
    def followups_enabled(self) -> bool:
        """Follow-ups are scheduled and sent only when numbers can be hashed and Twilio is
        set up: none wait for months to go out the day Twilio is configured."""
        return bool(self.number_key) and self.can_send

    @property
    def max_texts(self) -> int:
        """The first follow-up text and its reminders."""
        return 1 + self.followup_max_reminders


def _int(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    value = (environ.get(name) or "").strip()
    try:
        number = int(value) if value else default
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ConfigurationError(f"{name} must be a whole number of at least {minimum}")
    return number


def _url(environ: Mapping[str, str], name: str, default: str = "") -> str:
    value = (environ.get(name) or "").strip() or default
    if value:
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigurationError(f"{name} must be an absolute http(s) URL")
    return value


def _secret(environ: Mapping[str, str], name: str) -> str:
    value = (environ.get(name) or "").strip()
    if value and len(value) < MIN_SECRET_CHARS:
        raise ConfigurationError(f"{name} must be at least {MIN_SECRET_CHARS} characters")
    return value


def _hours(environ: Mapping[str, str], name: str, default: tuple[int, int]) -> tuple[int, int]:
    value = (environ.get(name) or "").strip()
    if not value:
        return default
    match = re.fullmatch(r"(\d{1,2})(?::00)?\s*-\s*(\d{1,2})(?::00)?", value)
    start, end = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not match or not 0 <= start < end <= 24:
        raise ConfigurationError(f"{name} must be hours like 08-20 (from, to; 0-24 for always)")
    return start, end


def load_sms_settings(environ: Mapping[str, str] | None = None) -> SmsSettings:
    if environ is None:
        dotenv = {k: v for k, v in dotenv_values(REPO_ROOT / ".env").items() if v is not None}
        environ = {**dotenv, **os.environ}
    rasa = (environ.get("RASA_PUBLIC_URL") or DEFAULT_RASA_PUBLIC_URL).strip().rstrip("/")
    sender = (environ.get("TWILIO_FROM_NUMBER") or "").strip()
    return SmsSettings(
        twilio_account_sid=(environ.get("TWILIO_ACCOUNT_SID") or "").strip(),
        twilio_auth_token=(environ.get("TWILIO_AUTH_TOKEN") or "").strip(),
        twilio_from_number=sender,
        twilio_messaging_service_sid=(environ.get("TWILIO_MESSAGING_SERVICE_SID") or "").strip(),
        twilio_inbound_url=_url(environ, "TWILIO_INBOUND_URL"),
        relay_url=_url(environ, "SMS_RELAY_URL", rasa + RELAY_PATH),
        relay_secret=_secret(environ, "SMS_RELAY_SECRET"),
        number_key=_secret(environ, "SMS_NUMBER_KEY"),
        max_segments=_int(environ, "SMS_MAX_SEGMENTS", 3, 1),
        followup_delay_minutes=number_setting(environ, "SMS_FOLLOWUP_DELAY_MINUTES", 60, minimum=0),
        followup_reminder_interval_minutes=number_setting(
            environ, "SMS_FOLLOWUP_REMINDER_INTERVAL_MINUTES", 1440, minimum=1
        ),
        followup_max_reminders=_int(environ, "SMS_FOLLOWUP_MAX_REMINDERS", 2, 0),
        followup_interval_seconds=number_setting(
            environ, "SMS_FOLLOWUP_INTERVAL_SECONDS", 60, minimum=1
        ),
        followup_send_hours=_hours(environ, "SMS_FOLLOWUP_SEND_HOURS", (8, 20)),
    )


@lru_cache(maxsize=1)
def get_sms_settings() -> SmsSettings:
    return load_sms_settings()
