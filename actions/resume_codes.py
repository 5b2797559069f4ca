"""Resume codes: a paused web chat referral, reopened by a code in another tab or device.

A code is made at random (bot/nlu/resume_code_format.py: about 2^59 of them) and shown
once. Only its keyed digest is kept (FieldCipher.digest: a leaked store gives no codes,
and can't be searched for one without the key), beside the answers it reopens, sealed
with the field encryption key like every other answer at rest. A code

* lasts as long as the conversation would (CONVERSATION_RETENTION_MINUTES) and no longer;
* works once: redeeming deletes it, and each pause replaces the conversation's
  earlier code with a new one; two action servers redeeming one code at the same
  moment reopen it once between them;
* is guarded against guessing: a conversation that gives MAX_FAILURES wrong codes within
  FAILURE_WINDOW_SECONDS is refused until its failures age out, and so is every
  conversation once GLOBAL_MAX_FAILURES wrong codes were given in that window (new
  conversations are free to make, so the global limit is what bounds a guesser; its
  cost is that a flood of guesses pauses redeeming for everyone for a while, never the
  referrals themselves, which carry on in their own tabs). Failures are counted in the
  store, so every action server sharing it counts the same ones.

A wrong code and an expired one get the same answer: the store keeps nothing of a code
once it has expired, and telling them apart would tell a guesser which codes existed.

Conversations are named here by a keyed digest of their sender id, never the id itself.

`ResumeCodes` does what is common (codes, digests, sealing, the order of the checks);
its adapters keep the records, each in one atomic step per operation:

* `SqliteResumeCodes`, the embedded default: one SQLite file on local disk
  (RESUME_CODES_PATH), like the spool (actions/spool.py), for a single action server
  (or several on one host);
* `RedisResumeCodes` (actions/resume_codes_redis.py, RESUME_CODES_REDIS_URL): shared by
  every action server of a multi-replica deployment, where any turn may reach any of
  them, so a code made on one is redeemed on another.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from actions.local_database import LocalDatabase
from backend.adapters.encryption import FieldCipher
from bot.nlu.resume_code_format import ALPHABET, CODE_LENGTH, canonical, is_mixed

MAX_FAILURES = 5
GLOBAL_MAX_FAILURES = 50
FAILURE_WINDOW_SECONDS = 15 * 60

Refusal = Literal["not_a_code", "unknown", "locked"]


class ResumeCodesUnavailable(Exception):
    """The store could not be read or written (a full disk, Redis unreachable): the
    answers are still in the conversation that paused."""


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


class ResumeCodes(ABC):
    """Resume codes in a store (the adapters below): issue, redeem once, and tell a
    conversation, once, that its referral moved elsewhere."""

    def __init__(self, cipher: FieldCipher, lifetime_seconds: float) -> None:
        self.cipher = cipher
        self.lifetime_seconds = lifetime_seconds

    def _conversation(self, sender_id: str) -> str:
        return self.cipher.digest("resume-conversation:" + sender_id)

    def issue(self, sender_id: str, answers: dict[str, Any], now: float | None = None) -> str:
        """A new code for this conversation's answers; its earlier code stops working."""
        at = time.time() if now is None else now
        code = new_code()
        sealed = self.cipher.encrypt(json.dumps(answers, ensure_ascii=False))
        conversation = self._conversation(sender_id)
        expires_at = at + self.lifetime_seconds
        self._keep(conversation, self.cipher.digest(code), sealed, at, expires_at)
        return code

    def redeem(self, sender_id: str, typed: str, now: float | None = None) -> Redeemed | Refused:
        """The answers behind a code given by this conversation, once; or why not.

        Locked out is checked first, so a locked-out guesser learns nothing, not even
        whether a guess was right."""
        at = time.time() if now is None else now
        code = canonical(typed)
        # Under every configured key: a code issued before a key rotation still works.
        digests = None if code is None else list(self.cipher.digests(code))
        outcome = self._take(self._conversation(sender_id), digests, at, at + self.lifetime_seconds)
        if isinstance(outcome, Refused):
            return outcome
        return Redeemed(json.loads(self.cipher.decrypt(outcome)))

    def take_move(self, sender_id: str, now: float | None = None) -> bool:
        """Whether this conversation's referral was carried on elsewhere with its code
        since it was last asked: told once, after which the conversation is its own."""
        return self._take_move(self._conversation(sender_id), time.time() if now is None else now)

    @abstractmethod
    def _keep(
        self, conversation: str, code_digest: str, sealed: str, at: float, expires_at: float
    ) -> None:
        """Keeps a code for a conversation in place of its earlier one (and clears its
        having moved), in one atomic step."""

    @abstractmethod
    def _take(
        self, redeemer: str, digests: list[str] | None, at: float, moved_until: float
    ) -> Refused | str:
        """In one atomic step: refused as "locked" if the redeemer (or everyone) is
        locked out; else as "not_a_code" if there are no digests; else as "unknown" (a
        failure counted) if no
        unexpired code has one of them; else the code's sealed answers, the code deleted,
        the redeemer's having moved cleared and the code's own conversation marked moved
        until moved_until (unless the redeemer is that conversation)."""

    @abstractmethod
    def _take_move(self, conversation: str, at: float) -> bool:
        """Whether the conversation was marked moved (until after at), clearing the mark."""


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


class SqliteResumeCodes(ResumeCodes):
    """The codes in one SQLite file on local disk: every operation one immediate
    transaction, so processes sharing the file see each other's codes and failures."""

    def __init__(self, path: Path, cipher: FieldCipher, lifetime_seconds: float) -> None:
        super().__init__(cipher, lifetime_seconds)
        self.path = path
        self._database = LocalDatabase(path, _SCHEMA)

    @contextmanager
    def _transaction(self, at: float) -> Iterator[sqlite3.Connection]:
        try:
            with self._database.transaction() as connection:
                connection.execute("DELETE FROM codes WHERE expires_at <= ?", (at,))
                connection.execute("DELETE FROM moved WHERE expires_at <= ?", (at,))
                connection.execute(
                    "DELETE FROM failures WHERE at <= ?", (at - FAILURE_WINDOW_SECONDS,)
                )
                yield connection
        except (OSError, sqlite3.Error) as error:
            raise ResumeCodesUnavailable(type(error).__name__) from error

    def _keep(
        self, conversation: str, code_digest: str, sealed: str, at: float, expires_at: float
    ) -> None:
        with self._transaction(at) as connection:
            connection.execute("DELETE FROM codes WHERE conversation_digest = ?", (conversation,))
            connection.execute("DELETE FROM moved WHERE conversation_digest = ?", (conversation,))
            connection.execute(
                "INSERT INTO codes (code_digest, conversation_digest, sealed_answers, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (code_digest, conversation, sealed, expires_at),
            )

    def _take(
        self, redeemer: str, digests: list[str] | None, at: float, moved_until: float
    ) -> Refused | str:
        with self._transaction(at) as connection:
            mine, everyone = connection.execute(
                "SELECT coalesce(sum(conversation_digest = ?), 0), count(*) FROM failures",
                (redeemer,),
            ).fetchone()
            if int(mine) >= MAX_FAILURES or int(everyone) >= GLOBAL_MAX_FAILURES:
                return Refused("locked")
            if digests is None:
                return Refused("not_a_code")
            rows = (
                connection.execute(
                    "SELECT code_digest, conversation_digest, sealed_answers FROM codes"
                    " WHERE code_digest = ?",
                    (digest,),
                ).fetchone()
                for digest in digests
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
                    (row[1], moved_until),
                )
            return str(row[2])

    def _take_move(self, conversation: str, at: float) -> bool:
        with self._transaction(at) as connection:
            moved = connection.execute(
                "DELETE FROM moved WHERE conversation_digest = ?", (conversation,)
            ).rowcount
        return bool(moved)
