"""The backend's worker thread pool (API_WORKER_THREADS): the app sizes it at start-up,
and a small pool is not starved by slow calls to the bot. The transcript handoff and the
SMS relay await the Rasa server on the event loop (backend/adapters/bot_relay.py), so a
bot that never answers holds no worker thread: /health and the staff lists, which do
their database work in the pool, still answer."""

from __future__ import annotations

import base64
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from anyio import to_thread
from fastapi.testclient import TestClient

from backend.api.main import create_app
from backend.settings import load_settings
from scripts.harness.stack import Stack, make_stack
from scripts.harness.staff_api import new_token

TRANSCRIPT = "ART: Hello, how can I help?\nCaller: I'd like to refer a boy, he's 14\n" * 3


def test_the_pool_is_sized_from_the_setting(tmp_path: Path) -> None:
    settings = load_settings(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'hsb.db'}",
            "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "API_WORKER_THREADS": "3",
        }
    )

    async def pool_size() -> float:
        return to_thread.current_default_thread_limiter().total_tokens

    with TestClient(create_app(settings)) as client:
        assert client.portal is not None
        assert client.portal.call(pool_size) == 3


class SilentBot:
    """A Rasa server that takes every connection and never answers."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        self.arrived = threading.Semaphore(0)
        threading.Thread(target=self._take, daemon=True).start()

    def _take(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.held.append(connection)
            self.arrived.release()

    def close(self) -> None:
        self.listener.close()
        for connection in self.held:
            connection.close()


@pytest.fixture
def silent_bot() -> Iterator[SilentBot]:
    bot = SilentBot()
    yield bot
    bot.close()


@pytest.fixture
def two_thread_backend(tmp_path: Path, silent_bot: SilentBot) -> Iterator[Stack]:
    stack = make_stack(tmp_path)
    stack.env.update(
        {
            "API_WORKER_THREADS": "2",
            "TRANSCRIPT_RELAY_URL": f"http://127.0.0.1:{silent_bot.port}/webhook",
        }
    )
    try:
        stack.cli("migrate")
        stack.start_backend(wait=True)
        yield stack
    finally:
        stack.stop()


def test_slow_calls_to_the_bot_do_not_starve_a_small_pool(
    two_thread_backend: Stack, silent_bot: SilentBot
) -> None:
    stack = two_thread_backend
    headers = {"Authorization": "Bearer " + new_token(stack, "threads", "art")}
    waiting = 6  # three times the pool
    answered: list[int] = []

    def draft() -> None:
        try:
            response = httpx.post(
                f"{stack.backend_url}/api/transcripts",
                json={"transcript": TRANSCRIPT},
                headers=headers,
                timeout=120,
            )
            answered.append(response.status_code)
        except httpx.HTTPError:
            answered.append(0)

    drafts = [threading.Thread(target=draft, daemon=True) for _ in range(waiting)]
    for thread in drafts:
        thread.start()
    for _ in range(waiting):  # every draft is now waiting on the bot
        assert silent_bot.arrived.acquire(timeout=60)

    with httpx.Client(base_url=stack.backend_url, headers=headers, timeout=30) as client:
        for _ in range(5):
            assert client.get("/health").status_code == 200
            assert client.get("/api/referrals").status_code == 200
    assert answered == [] and all(thread.is_alive() for thread in drafts)
