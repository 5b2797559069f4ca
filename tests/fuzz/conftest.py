"""One stack for the fuzz and the sentinel test (tests/fuzz): the trained bot, the action
server and the backend (scripts/harness/stack.py) on SQLite, in a workdir of their own, with
every channel live: Teams against the fakes of Microsoft's login and Bot Connector
(tests/bot/channels/microsoft.py), SMS with Twilio's test credentials and a relay secret
(tests/support/sms_stack.py), the transcript handoff with an ART token. Conversations rest
in the stack's own encrypted SQLite store (no Redis), so that its file can be searched.

The fuzz runs first (pytest runs this directory's files in name order) and judges every
line of the stack's logs, start-up included. The sentinel test kills and restarts the
action server, which logs errors on purpose; it says so (``faults_injected``), and a fuzz
run after it judges only the lines written while it ran (``LogMarks``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token
from tests.bot.channels.conftest import teams_env
from tests.bot.channels.microsoft import APP_ID, APP_PASSWORD, FakeConnector, FakeLogin
from tests.support.sms_stack import sms_env


@dataclass
class FuzzStack:
    stack: Stack
    login: FakeLogin
    connector: FakeConnector
    art_token: str
    admin_token: str
    #: Set by a test that made a process fail on purpose (its errors are in the logs).
    faults_injected: bool = False


def every_channel(stack: Stack, login: FakeLogin) -> None:
    """Teams and SMS configured, so that every channel takes messages."""
    stack.env.update(teams_env(login))
    stack.env.update(sms_env())


@pytest.fixture(scope="session")
def microsoft() -> Iterator[tuple[FakeLogin, FakeConnector]]:
    login = FakeLogin(APP_ID, APP_PASSWORD)
    login.start()
    connector = FakeConnector(login)
    connector.start()
    try:
        yield login, connector
    finally:
        connector.stop()
        login.stop()


@pytest.fixture(scope="session")
def fuzz_stack(
    tmp_path_factory: pytest.TempPathFactory, microsoft: tuple[FakeLogin, FakeConnector]
) -> Iterator[FuzzStack]:
    login, connector = microsoft
    train_model()
    stack = make_stack(tmp_path_factory.mktemp("fuzz-stack"))
    every_channel(stack, login)
    try:
        stack.start()
        yield FuzzStack(
            stack,
            login,
            connector,
            art_token=new_token(stack, "fuzz-art", "art"),
            admin_token=new_token(stack, "fuzz-admin", "admin"),
        )
    finally:
        stack.stop()


# --- the stack's logs ------------------------------------------------------------------

LOG_NAMES = ("rasa", "actions", "backend")
#: A record at ERROR level or above, in any of the three processes' formats (Python's
#: logging, Rasa's, uvicorn's "ERROR:    ..."), or a traceback printed without one.
ERROR_LINE = re.compile(r"\b(?:ERROR|CRITICAL|FATAL)\b|Traceback \(most recent call last\)")


@dataclass
class LogMarks:
    """Where each of the stack's current logs ended at a moment, to read what came after."""

    stack: Stack
    sizes: dict[str, int]

    @classmethod
    def now(cls, stack: Stack) -> LogMarks:
        return cls(stack, {name: _size(stack, name) for name in LOG_NAMES})

    @classmethod
    def start(cls, stack: Stack) -> LogMarks:
        """The logs from their first line."""
        return cls(stack, {})

    def since(self, name: str) -> str:
        path = self.stack.workdir / f"{name}.log"
        data = path.read_bytes() if path.exists() else b""
        start = self.sizes.get(name, 0)
        return data[start if start <= len(data) else 0 :].decode("utf-8", "replace")

    def error_lines(self) -> list[str]:
        return [
            f"{name}.log: {line}"
            for name in LOG_NAMES
            for line in self.since(name).splitlines()
            if ERROR_LINE.search(line)
        ]


def _size(stack: Stack, name: str) -> int:
    path = stack.workdir / f"{name}.log"
    return path.stat().st_size if path.exists() else 0
