"""How the case backend authenticates what it relays to the bot (SMS texts, ART call
transcripts). Standard library only, so both environments' tests can use it.

The backend signs ``<timestamp>.<body>`` with HMAC-SHA256 under the channel's shared
secret (``SMS_RELAY_SECRET``, ``TRANSCRIPT_RELAY_SECRET``) and sends the timestamp and
signature in two headers. The channel
accepts a request only with a valid signature made within ``MAX_SKEW_SECONDS`` of its
own clock, and only once (``ReplayGuard``). The backend's signer is
``backend/adapters/bot_relay.py``; ``tests/backend/adapters/test_relay_and_sender.py``
checks that the two agree.

Runs inside the Rasa server: no imports from ``backend/``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections import OrderedDict

TIMESTAMP_HEADER = "X-HSB-Relay-Timestamp"
SIGNATURE_HEADER = "X-HSB-Relay-Signature"
SCHEME = "v1="
MAX_SKEW_SECONDS = 300


class RelayAuthError(Exception):
    """Why a relayed request was refused (a short code, never request content)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SCHEME + mac.hexdigest()


def verify(
    secret: str,
    timestamp: str | None,
    given: str | None,
    body: bytes,
    now: float | None = None,
) -> None:
    """Raise RelayAuthError unless the request is signed with the secret, recently."""
    if not secret:
        raise RelayAuthError("not_configured")
    if not timestamp or not given:
        raise RelayAuthError("unsigned")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise RelayAuthError("bad_timestamp") from None
    if abs((time.time() if now is None else now) - sent_at) > MAX_SKEW_SECONDS:
        raise RelayAuthError("stale")
    if not hmac.compare_digest(signature(secret, timestamp, body), given):
        raise RelayAuthError("bad_signature")


class ReplayGuard:
    """Signatures accepted recently: a request captured and sent again is refused."""

    def __init__(self, size: int = 10_000) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._size = size

    def first_time(self, given: str, now: float | None = None) -> bool:
        moment = time.time() if now is None else now
        while self._seen and next(iter(self._seen.values())) < moment - 2 * MAX_SKEW_SECONDS:
            self._seen.popitem(last=False)
        if given in self._seen:
            return False
        self._seen[given] = moment
        while len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


def check_request(
    secret: str, replays: ReplayGuard, timestamp: str | None, given: str | None, body: bytes
) -> None:
    """Raise RelayAuthError unless the request is signed, recent and new."""
    verify(secret, timestamp, given, body)
    if not replays.first_time(given or ""):
        raise RelayAuthError("replayed")
