"""Signing in reads outside any transaction, and SQLite's writers take turns.

A request is signed in by a block that only reads (SqlAlchemyUnitOfWork.reading): it
sees what is committed, at once (a revocation counts from its commit), it waits for no
writer, and it can commit nothing. Within one process, SQLite's write transactions
queue on a lock per database file, given back however the transaction ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from backend.adapters.db import _writer_lock, make_engine, make_session_factory, sqlite_file
from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import Base
from backend.security import authenticate, issue_token
from backend.service.unit_of_work import SqlAlchemyUnitOfWork


def _another(uow: SqlAlchemyUnitOfWork) -> SqlAlchemyUnitOfWork:
    """A second unit of work on the same database: another connection."""
    return SqlAlchemyUnitOfWork(uow.session_factory, uow.cipher)


def test_a_sign_in_sees_what_is_committed_and_waits_for_no_writer(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    issued = issue_token(uow, name="Jo Bloggs", role="art")
    writer = _another(uow)
    with writer:
        # Revoked but not committed: on SQLite this transaction holds the write lock,
        # which a sign-in that began a transaction of its own would wait for.
        assert writer.tokens.revoke([issued.id], datetime.now(timezone.utc)) == [issued.id]
        signed_in = authenticate(uow, issued.token)
        assert signed_in is not None and signed_in.name == "Jo Bloggs"
        writer.commit()
    assert authenticate(uow, issued.token) is None  # refused from the commit on
    assert authenticate(uow, issued.token + "x") is None
    assert authenticate(uow, "") is None


def test_a_reading_block_commits_nothing(uow: SqlAlchemyUnitOfWork) -> None:
    with uow.reading():
        assert uow.tokens.accounts() == []
        with pytest.raises(RuntimeError, match="commits nothing"):
            uow.commit()
    with uow:  # an ordinary block after it commits as before
        uow.audit.record(actor="cli", action="test.after_reading")
        uow.commit()
    with uow:
        assert [e.action for e in uow.audit.events()] == ["test.after_reading"]


def test_an_audit_entry_is_written_or_rolled_back_with_its_transaction(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    # The connection a sign-in read with goes back to the pool as it came: the next
    # block on it is a transaction again, and rolls back.
    assert authenticate(uow, "no such token") is None
    with uow:
        uow.audit.record(actor="cli", action="test.rolled_back")  # left without commit
    with uow:
        uow.audit.record(actor="cli", action="test.committed", reference="HSB-2025-00001")
        uow.commit()
    with uow:
        events = uow.audit.events()
    assert [(e.action, e.reference) for e in events] == [("test.committed", "HSB-2025-00001")]


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _turn(engine: Engine) -> threading.Lock:
    file = sqlite_file(make_url(str(engine.url)).database)
    assert file is not None
    return _writer_lock(file)


def test_a_sqlite_write_turn_is_given_back_however_the_transaction_ends(
    sqlite_engine: Engine, cipher: FieldCipher
) -> None:
    uow = SqlAlchemyUnitOfWork(make_session_factory(sqlite_engine), cipher)
    turn = _turn(sqlite_engine)
    with uow:
        uow.audit.record(actor="cli", action="test.committed")
        assert turn.locked()  # held from BEGIN IMMEDIATE...
        uow.commit()
        assert not turn.locked()  # ...to the commit
    with pytest.raises(LookupError), uow:
        uow.audit.record(actor="cli", action="test.failed")
        raise LookupError("the block fails")
    assert not turn.locked()  # rolled back
    with uow.reading():
        uow.tokens.accounts()
        assert not turn.locked()  # a reading block never takes it
    with sqlite_engine.connect() as connection:
        connection.begin()
        assert turn.locked()
        connection.invalidate()  # its connection closed mid-transaction
    assert not turn.locked()
    with uow:
        assert [e.action for e in uow.audit.events()] == ["test.committed"]


def test_sqlite_writers_in_threads_all_get_their_turn(
    sqlite_engine: Engine, cipher: FieldCipher
) -> None:
    uow = SqlAlchemyUnitOfWork(make_session_factory(sqlite_engine), cipher)
    barrier = threading.Barrier(8)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            for i in range(10):
                with uow:
                    uow.audit.record(actor="cli", action="test.write", detail=f"{n}-{i}")
                    uow.commit()
        except BaseException as error:  # reported below, with the thread's name
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with uow:
        details = sorted(e.detail or "" for e in uow.audit.events())
    assert details == sorted(f"{n}-{i}" for n in range(8) for i in range(10))
    assert not _turn(sqlite_engine).locked()
