"""The backend's test set-up: the app over HTTP on the test database, and a token per
staff role. The database fixtures are tests/support/database.py's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.api.main import create_app
from backend.security import create_api_token
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import load_settings


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
