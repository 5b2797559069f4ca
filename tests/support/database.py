"""Database fixtures for every test that needs one (a pytest plugin, tests/conftest.py):
an encryption key, and a database, SQLite and PostgreSQL when it can be reached.

PostgreSQL tests run in a schema of their own, made fresh for each test and dropped
after it, so the database is left as it was found. Set HSB_TEST_POSTGRES_URL to use
another server; when none answers, those tests are skipped and the summary says why.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from backend.adapters.db import make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher, generate_key, parse_key
from backend.adapters.orm import Base
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from scripts.harness.postgres import unreachable

POSTGRES_URL = os.environ.get(
    "HSB_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SHOWN_URL = make_url(POSTGRES_URL).render_as_string(hide_password=True)
TEST_KEY = generate_key()


@pytest.fixture(scope="session")
def encryption_key() -> str:
    return TEST_KEY


@pytest.fixture(scope="session")
def cipher(encryption_key: str) -> FieldCipher:
    return FieldCipher(parse_key(encryption_key))


@lru_cache(maxsize=1)
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    return unreachable(POSTGRES_URL)


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL whose connections work in a new, empty schema, dropped afterwards."""
    problem = postgres_problem()
    if problem:
        pytest.skip(f"PostgreSQL unreachable at {SHOWN_URL} ({problem})")
    schema = f"hsb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if postgres_problem.cache_info().currsize and postgres_problem():
        terminalreporter.write_line(
            f"PostgreSQL tests were skipped: unreachable at {SHOWN_URL} ({postgres_problem()})",
            yellow=True,
        )


# Every database test runs once on SQLite and once on PostgreSQL.
@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hsb.db'}"
    else:
        yield request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def uow(engine: Engine, cipher: FieldCipher) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(make_session_factory(engine), cipher)
