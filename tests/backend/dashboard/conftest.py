"""The dashboard in a real browser: the backend alone (uvicorn on a free port, a fresh
SQLite database, migrated, seeded through the service layer: seed.py) and Debian's
Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from backend.adapters.db import make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher, parse_key
from backend.cli import migrate
from backend.security import create_api_token
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import REPO_ROOT
from scripts.harness.stack import free_port
from tests.backend.dashboard.seed import Backend, seed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the backend exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the backend did not start: {log.read_text()[-2000:]}")


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory, encryption_key: str) -> Iterator[Backend]:
    folder = tmp_path_factory.mktemp("dashboard")
    database_url = f"sqlite:///{folder / 'hsb.db'}"
    migrate(database_url)
    engine = make_engine(database_url)
    uow = SqlAlchemyUnitOfWork(make_session_factory(engine), FieldCipher(parse_key(encryption_key)))
    tokens = {
        role: create_api_token(uow, name=name, role=role)
        for role, name in (("art", "Sam Price"), ("clinician", "Dr Rowan Lee"), ("admin", "Ops"))
    }
    referrals = seed(uow)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FIELD_ENCRYPTION_KEY": encryption_key,
        "SMTP_HOST": "",  # whatever .env says: this backend sends no mail
        "PYTHONPATH": str(REPO_ROOT),
    }
    log = folder / "backend.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "backend.api.main:app", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log)
        yield Backend(url, tokens, referrals, uow)
    finally:
        process.terminate()
        process.wait(timeout=30)
        engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"the page raised errors: {errors}"
