"""Engines and sessions for SQLite and PostgreSQL.

SQLite is shared by two processes (the action server and the API) and by threads in
each, so it runs in WAL mode with a busy timeout, and every transaction starts with
BEGIN IMMEDIATE: a transaction that reads and then writes would otherwise fail at once
with "database is locked" instead of waiting its turn.

A SQLite database file holds what is kept in clear (references, statuses, flags,
organisations, the audit log), so it is private to the account the backend runs as:
its folder 0700 when the backend makes it, the database 0600 before SQLite first opens
it, and its -wal and -shm files 0600 too (SQLite gives them the database's mode; a file
left readable by an earlier version is tightened when a connection opens).
"""

from __future__ import annotations

import logging
import os
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


def make_engine(url: str, **kwargs: Any) -> Engine:
    # Errors and SQL logs never show bound values: they may be personal data.
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = sqlite_file(parsed.database, parsed.query)
        if file is not None:
            create_private(file)
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
        )
        _configure_sqlite(engine, file)
        return engine
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
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
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
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Objects stay readable after commit; each request or call gets its own session.
    return sessionmaker(engine, expire_on_commit=False)
