"""The command line: migrate, and create-token printing a token that works."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.adapters.db import make_engine
from backend.adapters.orm import ApiTokenRow, StaffAccountRow
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
            stored = connection.execute(
                select(StaffAccountRow.name, ApiTokenRow.token_hash).join(
                    StaffAccountRow, ApiTokenRow.account_id == StaffAccountRow.id
                )
            ).all()
    finally:
        engine.dispose()
    assert stored == [("Dr Lee", hash_token(token))]

    settings = load_settings({"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key})
    with TestClient(create_app(settings)) as client:
        ok = client.get("/api/referrals", headers={"Authorization": f"Bearer {token}"})
        refused = client.get("/api/referrals", headers={"Authorization": f"Bearer {token}x"})
    assert (ok.status_code, ok.json()["items"], refused.status_code) == (200, [], 401)


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


def token_of(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_tokens_are_listed_revoked_and_roles_changed(
    database_url: str, encryption_key: str, tmp_path: Path
) -> None:
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, database_url=database_url, key=encryption_key, cwd=tmp_path)

    assert cli("migrate").returncode == 0
    first = token_of(cli("create-token", "--name", "Jo Bloggs", "--role", "art"))
    second = token_of(
        cli("create-token", "--name", "Jo Bloggs", "--role", "art", "--expires-in-days", "30")
    )
    other = token_of(cli("create-token", "--name", "Dr Lee", "--role", "clinician"))

    clash = cli("create-token", "--name", "Jo Bloggs", "--role", "admin")
    assert clash.returncode == 2 and "has the role art" in clash.stderr and clash.stdout == ""
    bad_expiry = cli("create-token", "--name", "X", "--role", "art", "--expires-in-days", "0")
    assert bad_expiry.returncode == 2 and bad_expiry.stdout == ""

    listing = cli("list-tokens")
    assert listing.returncode == 0
    assert "Jo Bloggs (art)" in listing.stdout and "Dr Lee (clinician)" in listing.stdout
    assert "token 1: made" in listing.stdout and ", expires " in listing.stdout
    for token in (first, second, other):
        assert token not in listing.stdout and hash_token(token) not in listing.stdout

    settings = load_settings({"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key})
    with TestClient(create_app(settings)) as client:

        def me(token: str) -> int:
            return client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).status_code

        assert (me(first), me(second), me(other)) == (200, 200, 200)

        revoked = cli("revoke-token", "--id", "1")
        assert revoked.returncode == 0 and "Revoked token(s) 1." in revoked.stdout
        assert (me(first), me(second)) == (401, 200)
        assert cli("revoke-token", "--id", "1").returncode == 1  # already revoked

        assert cli("revoke-token", "--name", "Jo Bloggs").returncode == 0
        assert me(second) == 401
        assert "revoked" in cli("list-tokens").stdout

        changed = cli("set-role", "--name", "Dr Lee", "--role", "art")
        assert changed.returncode == 0
        role = client.get("/api/me", headers={"Authorization": f"Bearer {other}"}).json()["role"]
        assert role == "art"
        assert cli("set-role", "--name", "Nobody", "--role", "art").returncode == 2
        assert cli("revoke-token").returncode == 2  # which one?


def test_the_command_line_makes_tokens_for_any_account_and_any_life(
    database_url: str, encryption_key: str, tmp_path: Path
) -> None:
    """The server's operator may give an existing account a new token (the API may not),
    and a token a longer life than STAFF_TOKEN_DAYS, when asked; unasked, it lasts
    STAFF_TOKEN_DAYS, like every other."""

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(*args, database_url=database_url, key=encryption_key, cwd=tmp_path)

    assert cli("migrate").returncode == 0
    made = cli("create-token", "--name", "Sam Price", "--role", "art")
    token_of(made)
    assert "It expires on" in made.stderr
    token_of(
        cli("create-token", "--name", "Sam Price", "--role", "art", "--expires-in-days", "400")
    )
    too_long = cli("create-token", "--name", "X", "--role", "art", "--expires-in-days", "3651")
    assert too_long.returncode == 2 and "1 to 3650" in too_long.stderr
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(ApiTokenRow.created_at, ApiTokenRow.expires_at).order_by(ApiTokenRow.id)
            ).all()
    finally:
        engine.dispose()
    lives = [round((expires - created) / timedelta(days=1)) for created, expires in rows]
    assert lives == [90, 400]
