"""An SQLite file on the action server's local disk, readable by this user only, made
with its schema on first use and shared by several processes (write-ahead log). Home of
the spool (actions/spool.py) and the resume codes (actions/resume_codes.py)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 30


class LocalDatabase:
    def __init__(self, path: Path, schema: tuple[str, ...]) -> None:
        self.path = path
        self.schema = schema
        self._ready = False
        self._lock = threading.Lock()

    def _create(self) -> None:
        with self._lock:
            if self._ready:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch(mode=0o600, exist_ok=True)
            self.path.chmod(0o600)
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
            try:
                for statement in self.schema:
                    connection.execute(statement)
                connection.commit()
            finally:
                connection.close()
            self._ready = True

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode: each statement is its own transaction."""
        self._create()
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            # FULL: what was acknowledged as kept survives a power cut.
            connection.execute("PRAGMA synchronous=FULL")
            yield connection
        finally:
            connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once (no other writer until it ends): what is
        read in it is still true when it writes."""
        with self.connection() as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
