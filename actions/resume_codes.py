"""Resume codes: a paused web chat referral, reopened by a code in another tab or device.

A code is made at random (bot/nlu/resume_code_format.py: about 2^59 of them) and shown
once. Only its keyed digest is kept (FieldCipher.digest: a leaked file gives no codes,
and can't be searched for one without the key), beside the answers it reopens, sealed
with the field encryption key like every other answer at rest. A code

* lasts as long as the conversation would (CONVERSATION_RETENTION_MINUTES) and no longer;
* works once: redeeming deletes it, and each pause replaces the conversation's
  earlier code with a new one;
* is guarded against guessing: a conversation that gives MAX_FAILURES wrong codes within
  FAILURE_WINDOW_SECONDS is refused until its failures age out, and so is every
  conversation once GLOBAL_MAX_FAILURES wrong codes were given in that window (new
  conversations are free to make, so the global limit is what bounds a guesser; its
  cost is that a flood of guesses pauses redeeming for everyone for a while, never the
  referrals themselves, which carry on in their own tabs).

A wrong code and an expired one get the same answer: the store keeps nothing of a code
once it has expired, and telling them apart would tell a guesser which codes existed.

Conversations are named here by a keyed digest of their sender id, never the id itself.
One SQLite file on local disk (RESUME_CODES_PATH), like the spool (actions/spool.py).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from actions.local_database import LocalDatabase
from backend.adapters.encryption import FieldCipher
from bot.nlu.resume_code_format import ALPHABET, CODE_LENGTH, canonical, is_mixed

MAX_FAILURES = 5
GLOBAL_MAX_FAILURES = 50
FAILURE_WINDOW_SECONDS = 15 * 60

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS codes (
        code_digest TEXT PRIMARY KEY,
        conversation_digest TEXT NOT NULL,
        sealed_answers TEXT NOT NULL,
        expires_at REAL NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS codes_by_conversation ON codes (conversation_digest)",
    # A conversation whose referral was carried on elsewhere, until its code would
    # have expired: its own tab no longer offers the answers (no second submission).
    """CREATE TABLE IF NOT EXISTS moved (
        conversation_digest TEXT PRIMARY KEY,
        expires_at REAL NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS failures (
        conversation_digest TEXT NOT NULL,
        at REAL NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS failures_by_time ON failures (at)",
)

Refusal = Literal["not_a_code", "unknown", "locked"]


def new_code() -> str:
    """A fresh code, canonical (12 symbols, letters and digits both)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if is_mixed(code):
            return code


@dataclass(frozen=True)
class Redeemed:
    """The answers a code reopened."""

    answers: dict[str, Any]


@dataclass(frozen=True)
class Refused:
    reason: Refusal


class ResumeCodes:
    def __init__(self, path: Path, cipher: FieldCipher, lifetime_seconds: float) -> None:
        self.path = path
        self.cipher = cipher
        self.lifetime_seconds = lifetime_seconds
        self._database = LocalDatabase(path, _SCHEMA)

    def _conversation(self, sender_id: str) -> str:
        return self.cipher.digest("resume-conversation:" + sender_id)

    def _purge(self, connection: sqlite3.Connection, now: float) -> None:
        connection.execute("DELETE FROM codes WHERE expires_at <= ?", (now,))
        connection.execute("DELETE FROM moved WHERE expires_at <= ?", (now,))
        connection.execute("DELETE FROM failures WHERE at <= ?", (now - FAILURE_WINDOW_SECONDS,))

    def issue(self, sender_id: str, answers: dict[str, Any], now: float | None = None) -> str:
        """A new code for this conversation's answers; its earlier code stops working."""
        at = time.time() if now is None else now
        code = new_code()
        conversation = self._conversation(sender_id)
        sealed = self.cipher.encrypt(json.dumps(answers, ensure_ascii=False))
        with self._database.transaction() as connection:
            self._purge(connection, at)
            connection.execute("DELETE FROM codes WHERE conversation_digest = ?", (conversation,))
            connection.execute("DELETE FROM moved WHERE conversation_digest = ?", (conversation,))
            connection.execute(
                "INSERT INTO codes (code_digest, conversation_digest, sealed_answers, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (self.cipher.digest(code), conversation, sealed, at + self.lifetime_seconds),
            )
        return code

    def redeem(self, sender_id: str, typed: str, now: float | None = None) -> Redeemed | Refused:
        """The answers behind a code given by this conversation, once; or why not.

        Locked out is checked first, so a locked-out guesser learns nothing, not even
        whether a guess was right."""
        at = time.time() if now is None else now
        code = canonical(typed)
        redeemer = self._conversation(sender_id)
        with self._database.transaction() as connection:
            self._purge(connection, at)
            if self._locked(connection, redeemer):
                return Refused("locked")
            if code is None:
                return Refused("not_a_code")
            # Under every configured key: a code issued before a key rotation still works.
            rows = (
                connection.execute(
                    "SELECT code_digest, conversation_digest, sealed_answers FROM codes"
                    " WHERE code_digest = ?",
                    (digest,),
                ).fetchone()
                for digest in self.cipher.digests(code)
            )
            row = next((found for found in rows if found is not None), None)
            if row is None:
                connection.execute(
                    "INSERT INTO failures (conversation_digest, at) VALUES (?, ?)", (redeemer, at)
                )
                return Refused("unknown")
            connection.execute("DELETE FROM codes WHERE code_digest = ?", (row[0],))
            connection.execute("DELETE FROM moved WHERE conversation_digest = ?", (redeemer,))
            if row[1] != redeemer:
                connection.execute(
                    "INSERT OR REPLACE INTO moved (conversation_digest, expires_at) VALUES (?, ?)",
                    (row[1], at + self.lifetime_seconds),
                )
        return Redeemed(json.loads(self.cipher.decrypt(row[2])))

    @staticmethod
    def _locked(connection: sqlite3.Connection, conversation: str) -> bool:
        mine, everyone = connection.execute(
            "SELECT coalesce(sum(conversation_digest = ?), 0), count(*) FROM failures",
            (conversation,),
        ).fetchone()
        return int(mine) >= MAX_FAILURES or int(everyone) >= GLOBAL_MAX_FAILURES

    def take_move(self, sender_id: str, now: float | None = None) -> bool:
        """Whether this conversation's referral was carried on elsewhere with its code
        since it was last asked: told once, after which the conversation is its own."""
        at = time.time() if now is None else now
        with self._database.transaction() as connection:
            moved = connection.execute(
                "DELETE FROM moved WHERE conversation_digest = ? AND expires_at > ?",
                (self._conversation(sender_id), at),
            ).rowcount
        return bool(moved)
