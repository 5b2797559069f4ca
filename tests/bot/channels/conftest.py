"""One stack for the Teams channel tests: the trained bot, the action server and the
backend (scripts/harness/stack.py), with the Teams channel pointed at local fakes of
Microsoft's login and Bot Connector services (tests/bot/channels/microsoft.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts.harness.stack import Stack, make_stack, train_model
from scripts.harness.staff_api import new_token
from tests.bot.channels.microsoft import APP_ID, APP_PASSWORD, TENANT_ID, FakeConnector, FakeLogin
from tests.bot.channels.teams_chat import TeamsChat


@pytest.fixture(scope="session")
def login() -> Iterator[FakeLogin]:
    fake = FakeLogin(APP_ID, APP_PASSWORD)
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def connector(login: FakeLogin) -> Iterator[FakeConnector]:
    fake = FakeConnector(login)
    fake.start()
    yield fake
    fake.stop()


def teams_env(login: FakeLogin) -> dict[str, str]:
    return {
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": APP_PASSWORD,
        "TEAMS_TENANT_ID": TENANT_ID,
        "TEAMS_OPENID_METADATA_URL": login.metadata_url,
        "TEAMS_LOGIN_URL": login.url,
        # Every unknown key id may refresh the keys, so that the tests of forged
        # unknown keys and of a rotation do not depend on their order. The cool-down
        # itself is tested directly (test_botframework_unit.py).
        "TEAMS_KEY_REFRESH_COOLDOWN_SECONDS": "0",
    }


@pytest.fixture(scope="session")
def teams_stack(
    tmp_path_factory: pytest.TempPathFactory, login: FakeLogin, connector: FakeConnector
) -> Iterator[Stack]:
    train_model()
    stack = make_stack(tmp_path_factory.mktemp("teams-stack"))
    stack.env.update(teams_env(login))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def teams_staff_token(teams_stack: Stack) -> str:
    return new_token(teams_stack, "teams-tests", "admin")


@pytest.fixture
def teams_chat(teams_stack: Stack, login: FakeLogin, connector: FakeConnector) -> TeamsChat:
    return TeamsChat(
        webhook_url=f"{teams_stack.rasa_url}/webhooks/teams/webhook",
        login=login,
        connector=connector,
        app_id=APP_ID,
        tenant_id=TENANT_ID,
    )
