"""The command line: migrate, and create-token printing a token that works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.adapters.db import make_engine
from backend.adapters.orm import ApiTokenRow
from backend.api.main import create_app
from backend.security import hash_token
from backend.settings import REPO_ROOT, load_settings


def run_cli(*args: str, database_url: str, key: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FIELD_ENCRYPTION_KEY": key,
        "PYTHONPATH": str(REPO_ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_migrate_then_create_token_that_works(
    database_url: str, encryption_key: str, tmp_path: Path
) -> None:
    # Run from another directory: nothing may depend on the working directory.
    migrated = run_cli("migrate", database_url=database_url, key=encryption_key, cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr

    created = run_cli(
        "create-token",
        "--name",
        "Dr Lee",
        "--role",
        "clinician",
        database_url=database_url,
        key=encryption_key,
        cwd=tmp_path,
    )
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip()
    assert len(token) >= 40 and "\n" not in token
    assert "shown only once" in created.stderr

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(select(ApiTokenRow.name, ApiTokenRow.token_hash)).all()
    finally:
        engine.dispose()
    assert stored == [("Dr Lee", hash_token(token))]

    settings = load_settings({"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key})
    with TestClient(create_app(settings)) as client:
        ok = client.get("/api/referrals", headers={"Authorization": f"Bearer {token}"})
        refused = client.get("/api/referrals", headers={"Authorization": f"Bearer {token}x"})
    assert (ok.status_code, ok.json(), refused.status_code) == (200, [], 401)


def test_create_token_refuses_an_unknown_role(
    database_url: str, encryption_key: str, tmp_path: Path
) -> None:
    result = run_cli(
        "create-token",
        "--name",
        "X",
        "--role",
        "superuser",
        database_url=database_url,
        key=encryption_key,
        cwd=tmp_path,
    )
    assert result.returncode != 0 and result.stdout == ""


def test_missing_key_is_a_clear_error(database_url: str, tmp_path: Path) -> None:
    migrated = run_cli("migrate", database_url=database_url, key="", cwd=tmp_path)
    assert migrated.returncode == 0, migrated.stderr  # migrating needs no key
    result = run_cli(
        "create-token",
        "--name",
        "X",
        "--role",
        "art",
        database_url=database_url,
        key="",
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "FIELD_ENCRYPTION_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
