"""The action server's spool: commands to the case backend that have not taken effect yet.

Every write the bot asks of the case backend (submit a referral, flag a disclosure,
record a request for a person, a consultation or training) is a command with an id. It
is written here before it is applied and removed once applied; a command the backend
could not take (the database stopped, say) stays and is retried with backoff until it
has been (actions/backend_gateway.py). The backend's command ledger makes a command
applied twice take effect once, so a crash between applying and removing costs nothing.

One SQLite file on local disk (ACTION_SPOOL_PATH), independent of the case database it
waits for. A command carries a referral's answers, so its arguments are sealed with the
field encryption key: nothing here is plaintext. Several processes may share the file:
a command is claimed for a while before it is retried, so two never retry it at once.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actions.local_database import BUSY_TIMEOUT_SECONDS, LocalDatabase
from backend.adapters.encryption import FieldCipher

FIRST_RETRY_SECONDS = 2.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS commands (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    sealed_arguments TEXT NOT NULL,
    created_at REAL NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    due_at REAL NOT NULL,
    claimed_until REAL
)
"""


@dataclass(frozen=True)
class Command:
    """One write to the case backend: what to do (kind) and its JSON arguments."""

    id: str
    kind: str
    arguments: dict[str, Any]
    attempts: int = 0


def retry_delay(attempts: int, longest: float) -> float:
    """Seconds before the next try: doubling from FIRST_RETRY_SECONDS, at most longest."""
    return min(longest, FIRST_RETRY_SECONDS * 2 ** max(0, min(attempts - 1, 30)))


class Spool:
    def __init__(self, path: Path, cipher: FieldCipher, *, longest_retry: float = 60.0) -> None:
        self.path = path
        self.cipher = cipher
        self.longest_retry = longest_retry
        self._database = LocalDatabase(path, (_SCHEMA,))

    def add(self, command: Command, now: float | None = None) -> None:
        """Kept until removed; due at once (the caller applies it straight away, and a
        worker picks it up if that caller dies first)."""
        at = time.time() if now is None else now
        sealed = self.cipher.encrypt(json.dumps(command.arguments, ensure_ascii=False))
        with self._database.connection() as connection:
            connection.execute(
                "INSERT OR IGNORE INTO commands (id, kind, sealed_arguments, created_at, due_at,"
                " claimed_until) VALUES (?, ?, ?, ?, ?, ?)",
                # claimed by the caller for a while, so a worker does not race it
                (command.id, command.kind, sealed, at, at, at + BUSY_TIMEOUT_SECONDS),
            )

    def remove(self, command_id: str) -> None:
        with self._database.connection() as connection:
            connection.execute("DELETE FROM commands WHERE id = ?", (command_id,))

    def withdraw(self, command_id: str, now: float | None = None) -> bool:
        """Remove a command nobody is applying; False when it is gone or held (claimed
        by a process applying it right now)."""
        at = time.time() if now is None else now
        with self._database.connection() as connection:
            removed = connection.execute(
                "DELETE FROM commands"
                " WHERE id = ? AND (claimed_until IS NULL OR claimed_until < ?)",
                (command_id, at),
            ).rowcount
        return bool(removed)

    def failed(self, command_id: str, now: float | None = None) -> None:
        """Tried and not applied: due again after the backoff."""
        at = time.time() if now is None else now
        with self._database.connection() as connection:
            row = connection.execute(
                "SELECT attempts FROM commands WHERE id = ?", (command_id,)
            ).fetchone()
            if row is None:
                return
            attempts = int(row[0]) + 1
            connection.execute(
                "UPDATE commands SET attempts = ?, due_at = ?, claimed_until = NULL WHERE id = ?",
                (attempts, at + retry_delay(attempts, self.longest_retry), command_id),
            )

    def claim_due(self, *, hold: float, limit: int, now: float | None = None) -> list[Command]:
        """Commands due and not held by another process, oldest first, now held by the
        caller for hold seconds."""
        at = time.time() if now is None else now
        with self._database.transaction() as connection:
            rows = connection.execute(
                "SELECT id, kind, sealed_arguments, attempts FROM commands"
                " WHERE due_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
                " ORDER BY created_at LIMIT ?",
                (at, at, limit),
            ).fetchall()
            connection.executemany(
                "UPDATE commands SET claimed_until = ? WHERE id = ?",
                [(at + hold, row[0]) for row in rows],
            )
        return [
            Command(row[0], row[1], json.loads(self.cipher.decrypt(row[2])), int(row[3]))
            for row in rows
        ]

    def pending(self) -> int:
        with self._database.connection() as connection:
            return int(connection.execute("SELECT count(*) FROM commands").fetchone()[0])
