"""One running stack per test session: train once (cached by training-data hash), then
start the action server, the Rasa server and the backend on free ports."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token
from tests.support.sms_stack import sms_stack, sms_staff_token  # noqa: F401 (fixtures)

TEST_REDIS_URL = "redis://127.0.0.1:6379/5"


def redis_url() -> str | None:
    """The Redis the conversation store uses in tests, when one is reachable."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        print("\nNo Redis on 127.0.0.1:6379: the conversation store runs in memory.")
        return None
    return TEST_REDIS_URL


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    reuse = os.environ.get("HSB_E2E_STACK")
    if reuse:
        # A developer's already-running stack (see scripts/dev_stack.py): no restart.
        yield Stack.from_description(json.loads(Path(reuse).read_text()))
        return
    train_model()
    running = make_stack(tmp_path_factory.mktemp("stack"), tracker_store_url=redis_url())
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def staff_token(stack: Stack) -> str:
    return new_token(stack, "e2e-tests", "admin")


@pytest.fixture(scope="session")
def art_token(stack: Stack) -> str:
    return new_token(stack, "e2e-art", "art")
