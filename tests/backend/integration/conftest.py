"""Every integration test runs once on SQLite and once on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.adapters.db import make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import Base
from backend.api.main import create_app
from backend.security import create_api_token
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import load_settings


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


@pytest.fixture
def api(engine: Engine, database_url: str, encryption_key: str) -> Iterator[TestClient]:
    """The whole app over HTTP on the test database, sending no mail."""
    settings = load_settings(
        {"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key, "SMTP_HOST": ""}
    )
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def staff_tokens(uow: SqlAlchemyUnitOfWork) -> dict[str, str]:
    """One token per role: art, clinician, admin."""
    names = {"art": "Sam Price", "clinician": "Dr Rowan Lee", "admin": "Ops Admin"}
    return {role: create_api_token(uow, name=name, role=role) for role, name in names.items()}
