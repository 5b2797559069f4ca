"""Engines and sessions for SQLite and PostgreSQL.

SQLite is shared by two processes (the action server and the API) and by threads in
each, so it runs in WAL mode with a busy timeout, and every transaction starts with
BEGIN IMMEDIATE: a transaction that reads and then writes would otherwise fail at once
with "database is locked" instead of waiting its turn. Within one process, the threads'
transactions on a file also queue on a lock before BEGIN IMMEDIATE: a thread that found
the database locked would otherwise sleep in SQLite's busy handler, up to 100 ms at a
time, long after the lock came free. Between processes, the busy timeout still decides.

A block that only reads (autocommit_options) runs each statement on its own, outside
any transaction: on SQLite it does not queue for the write lock, on PostgreSQL it costs
no BEGIN and ROLLBACK round trips.

A SQLite database file holds what is kept in clear (references, statuses, flags,
organisations, the audit log), so it is private to the account the backend runs as:
its folder 0700 when the backend makes it, the database 0600 before SQLite first opens
it, and its -wal and -shm files 0600 too (SQLite gives them the database's mode; a file
left readable by an earlier version is tightened when a connection opens).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

from backend.settings import private_folder

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
PRIVATE_FILE_MODE = 0o600
# The database and the files SQLite keeps beside it.
SQLITE_SIDE_FILES = ("", "-wal", "-shm", "-journal")
# Connections each engine keeps open, and how many more it may open for a burst. The API
# serves a request with one connection at a time, and is sized for ten staff clients at
# once: with fewer kept open, every request past the fifth opened a connection and closed
# it after (a PostgreSQL connection takes milliseconds to open, and loses its prepared
# statements). The cap (pool + overflow) stays well inside PostgreSQL's 100 connections
# for the backend and two action servers.
POOL_SIZE = 10
POOL_OVERFLOW = 10
# The execution option that marks a SQLite connection's block as reads only.
AUTOCOMMIT_READS = "hsb_autocommit_reads"


def autocommit_options(engine: Engine) -> dict[str, Any]:
    """Execution options for a connection that only reads: each statement on its own,
    seeing what is committed, with no transaction around them. Nothing written through
    such a connection may be relied on to roll back, so it must only read."""
    if engine.dialect.name == "sqlite":
        return {AUTOCOMMIT_READS: True}  # the begin listener below starts no transaction
    return {"isolation_level": "AUTOCOMMIT"}


class _QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions take turns with the other threads'
    through writer_lock (one per database file in this process), held from BEGIN
    IMMEDIATE until the transaction ends (commit, rollback, close). A turn not given
    within the busy timeout is not waited for: BEGIN IMMEDIATE then waits as before."""

    writer_lock: threading.Lock | None = None
    _holding = False

    def wait_turn(self) -> None:
        if self.writer_lock is not None and not self._holding:
            self._holding = self.writer_lock.acquire(timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)

    def end_turn(self) -> None:
        if self._holding and self.writer_lock is not None:
            self._holding = False
            self.writer_lock.release()

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()

    def __del__(self) -> None:  # dropped without being closed: the turn is not lost
        self.end_turn()


_WRITER_LOCKS: dict[str, threading.Lock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(file: Path) -> threading.Lock:
    """The lock this process's writers to this database file queue on."""
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(os.path.realpath(file), threading.Lock())


def make_engine(url: str, **kwargs: Any) -> Engine:
    # Errors and SQL logs never show bound values: they may be personal data.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = sqlite_file(parsed.database, parsed.query)
        if file is not None:
            create_private(file)
            kwargs.setdefault("pool_size", POOL_SIZE)  # an in-memory database has one
            kwargs.setdefault("max_overflow", POOL_OVERFLOW)
        engine = create_engine(
            url,
            connect_args={
                "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                "factory": _QueuedWriterConnection,
            },
            **kwargs,
        )
        _configure_sqlite(engine, file)
        return engine
    kwargs.setdefault("pool_size", POOL_SIZE)
    kwargs.setdefault("max_overflow", POOL_OVERFLOW)
    return create_engine(url, pool_pre_ping=True, **kwargs)


def sqlite_file(database: str | None, query: Any = None) -> Path | None:
    """The file a SQLite URL's database names; None for an in-memory database."""
    if not database or database == ":memory:":
        return None
    if database.startswith("file:") and (query or {}).get("uri"):
        return None  # a URI filename (mode=memory and the like): SQLite's own business
    return Path(database)


def create_private(file: Path) -> None:
    """The database's folder (private_folder) and the database itself, created empty
    (SQLite takes an empty file as a new database) as 0600 if missing, so it is never
    readable by anyone else, not even for a moment; the files already there made 0600."""
    private_folder(file.parent)
    try:
        os.close(os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass
    make_private(file)


def make_private(file: Path) -> None:
    """The database and its -wal, -shm and -journal files, where they exist: 0600."""
    for suffix in SQLITE_SIDE_FILES:
        part = Path(f"{file}{suffix}")
        try:
            if part.stat().st_mode & 0o777 != PRIVATE_FILE_MODE:
                part.chmod(PRIVATE_FILE_MODE)
        except FileNotFoundError:  # not there (yet), or gone at the last checkpoint
            continue
        except PermissionError:  # another account's file: say so, and carry on
            log.warning("a database file is not this account's and could not be made 0600")


def _configure_sqlite(engine: Engine, file: Path | None) -> None:
    writer_lock = _writer_lock(file) if file is not None else None  # in memory: one connection

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, _QueuedWriterConnection):
            dbapi_connection.writer_lock = writer_lock
        # Let SQLAlchemy, not the driver, say when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")  # makes the -wal and -shm files
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        if file is not None:
            make_private(file)  # a -wal or -shm file left 0644 by an earlier version

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(AUTOCOMMIT_READS):
            return  # reads only: each statement on its own, no write lock
        raw = connection.connection.dbapi_connection
        queued = raw if isinstance(raw, _QueuedWriterConnection) else None
        if queued is not None:
            queued.wait_turn()
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            if queued is not None:
                queued.end_turn()
            raise


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit; each request or call gets its own session.
    return sessionmaker(engine, expire_on_commit=False)
