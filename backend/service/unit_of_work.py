"""The unit of work: one transaction, its repositories, commit or roll back.

    with uow:
        referral = uow.referrals.get(reference)
        ...
        uow.commit()

Leaving the block without commit rolls back. Each `with` opens a new session, and the
session lives in thread-local state, so one instance may be shared by threads (the
action server calls the service from worker threads); do not nest blocks.

    with uow.reading():
        found = uow.tokens.find_active(...)

is a block that only reads, statement by statement outside any transaction (cheaper:
see backend.adapters.db.autocommit_options); it commits nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from backend.adapters.audit_log import SqlAlchemyAuditLog
from backend.adapters.command_ledger import SqlAlchemyCommandLedger
from backend.adapters.db import autocommit_options, make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher
from backend.adapters.outbox import SqlAlchemyOutbox
from backend.adapters.repository import SqlAlchemyReferralRepository
from backend.adapters.request_store import SqlAlchemyRequestStore
from backend.adapters.review_store import SqlAlchemyReviewStore
from backend.adapters.sms_store import SqlAlchemySmsStore
from backend.adapters.token_store import SqlAlchemyTokenStore
from backend.settings import get_settings


class Conflict(Exception):
    """Another transaction wrote the same unique value first; retrying will see it."""


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    return make_engine(get_settings().database_url)


class SqlAlchemyUnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session] | None = None,
        cipher: FieldCipher | None = None,
    ) -> None:
        self.session_factory = session_factory or make_session_factory(default_engine())
        self.cipher = cipher or FieldCipher.from_settings(get_settings())
        self._local = threading.local()

    # Each thread sees its own session and repositories.
    def _state(self, name: str) -> Any:
        try:
            return getattr(self._local, name)
        except AttributeError:
            raise RuntimeError("use the unit of work inside a `with` block") from None

    @property
    def session(self) -> Session:
        return self._state("session")

    @property
    def referrals(self) -> SqlAlchemyReferralRepository:
        return self._state("referrals")

    @property
    def requests(self) -> SqlAlchemyRequestStore:
        return self._state("requests")

    @property
    def audit(self) -> SqlAlchemyAuditLog:
        return self._state("audit")

    @property
    def tokens(self) -> SqlAlchemyTokenStore:
        return self._state("tokens")

    @property
    def review(self) -> SqlAlchemyReviewStore:
        return self._state("review")

    @property
    def outbox(self) -> SqlAlchemyOutbox:
        return self._state("outbox")

    @property
    def commands(self) -> SqlAlchemyCommandLedger:
        return self._state("commands")

    @property
    def sms(self) -> SqlAlchemySmsStore:
        return self._state("sms")

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        if getattr(self._local, "session", None) is not None:
            raise RuntimeError("this unit of work is already open in this thread")
        session = self.session_factory()
        self._local.session = session
        self._local.referrals = SqlAlchemyReferralRepository(session, self.cipher)
        self._local.requests = SqlAlchemyRequestStore(session, self.cipher)
        self._local.audit = SqlAlchemyAuditLog(session)
        self._local.tokens = SqlAlchemyTokenStore(session)
        self._local.review = SqlAlchemyReviewStore(session, self.cipher)
        self._local.outbox = SqlAlchemyOutbox(session)
        self._local.commands = SqlAlchemyCommandLedger(session, self.cipher)
        self._local.sms = SqlAlchemySmsStore(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            session.rollback()  # a no-op after commit
        finally:
            session.close()
            self._local.__dict__.clear()

    @contextmanager
    def reading(self) -> Iterator[SqlAlchemyUnitOfWork]:
        """A block that only reads: each statement on its own, seeing what is committed,
        outside any transaction (no write lock on SQLite, no BEGIN and ROLLBACK round
        trips on PostgreSQL). For a lookup such as signing a request in; it must not
        write, and commit is refused."""
        with self:
            session = self.session
            session.connection(execution_options=autocommit_options(session.get_bind().engine))
            self._local.reading = True
            yield self

    def commit(self) -> None:
        if getattr(self._local, "reading", False):
            raise RuntimeError("a reading block commits nothing")
        try:
            self.referrals.save_all()
            self.session.commit()
        except IntegrityError as error:
            self.session.rollback()
            raise Conflict(type(error.orig).__name__) from error

    def flush(self) -> None:
        """Write what changed so far without committing, e.g. so a new referral has its
        row (and id) before rows that point at it are added."""
        try:
            self.referrals.save_all()
            self.session.flush()
        except IntegrityError as error:
            self.session.rollback()
            raise Conflict(type(error.orig).__name__) from error

    def rollback(self) -> None:
        self.session.rollback()

    def ping(self) -> None:
        """Raise if the database cannot be reached."""
        self.session.execute(text("SELECT 1"))
