"""Set-up every test shares: whatever a test runs in this process keeps its local
state in the test's own folder, never in the developer's var/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actions import backend_gateway, resuming
from backend.service.unit_of_work import default_engine
from backend.settings import get_settings

# A database for the tests that need one, on SQLite and PostgreSQL.
pytest_plugins = ["tests.support.database"]


@pytest.fixture(autouse=True)
def local_state_in_the_tests_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """The action server's spool, its resume codes and the default case database: a
    test that needs a database sets DATABASE_URL itself (after this)."""
    monkeypatch.setenv("ACTION_SPOOL_PATH", str(tmp_path / "action-spool.sqlite3"))
    monkeypatch.setenv("RESUME_CODES_PATH", str(tmp_path / "resume-codes.sqlite3"))
    monkeypatch.setenv("RESUME_CODES_REDIS_URL", "")  # a test that shares them sets it
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'unconfigured.db'}")
    caches = (get_settings, backend_gateway.spool, resuming.store)
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()
    backend_gateway.forget_unkept()
    if default_engine.cache_info().currsize:
        default_engine().dispose()
        default_engine.cache_clear()
