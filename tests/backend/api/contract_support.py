"""What the API contract test works on: the app in-process with its seeded data and a
token per role (ContractBackend, built by the contract_backend fixture in conftest.py),
and the figures it reports at the end of the run (ContractFigures)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from backend.security import authenticate, create_api_token
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

ROLES = ("art", "clinician", "admin")
ACCOUNTS = {"art": "Sam Price", "clinician": "Dr Rowan Lee", "admin": "Ops Admin"}
UNKNOWN_REFERENCE = "HSB-2099-99999"  # well formed, names nothing: the 404 path


class ReadingBot:
    """Stands in for the bot's art_transcript channel (backend.adapters.bot_relay.BotRelay): it
    answers a readable transcript as the bot does once it has saved the draft. The bot
    itself is tested end to end in tests/e2e/test_transcript_handoff.py."""

    def __init__(self, reference: str) -> None:
        self.reference = reference

    async def post(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "status": "draft",
            "outcome": "incomplete",
            "flags": [],
            "extracted": [],
            "missing": ["yp_first_name"],
        }

    async def close(self) -> None:
        return None


class AppUnderTest:
    """The ASGI app schemathesis calls: it forwards to the app the contract_backend
    fixture builds. The schema, and so the generated tests, exist at collection time,
    before any fixture has made a database and an app to send them to. Schemathesis
    starts its app's lifespan once per process; each real app's lifespan is run by the
    fixture instead, so this one's is empty."""

    def __init__(self) -> None:
        self.target: FastAPI | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # the fixture runs each app's own lifespan
            await _empty_lifespan(receive, send)
            return
        if self.target is None:
            raise RuntimeError("the contract_backend fixture has not built the app yet")
        await self.target(scope, receive, send)


async def _empty_lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


APP_UNDER_TEST = AppUnderTest()


@dataclass
class ContractBackend:
    """The app under test for one role, and what its database holds."""

    role: str
    app: FastAPI
    uow: SqlAlchemyUnitOfWork
    references: list[str]
    request_ids: list[int]
    spare_token_ids: list[int]
    tokens: dict[str, str]
    path_value_turns: Counter[str] = field(default_factory=Counter)

    @property
    def path_values(self) -> dict[str, list[Any]]:
        """Path parameters the database can answer, by name."""
        return {
            "reference": self.references,
            "request_id": self.request_ids,
            "token_id": self.spare_token_ids,
        }

    def next_path_value(self, name: str) -> Any:
        """The next of the values the database holds for this path parameter, in turn;
        None once a round, to keep the generated value."""
        values = [*self.path_values[name], None]
        turn = self.path_value_turns[name]
        self.path_value_turns[name] += 1
        return values[turn % len(values)]

    def authorization(self, role: str) -> dict[str, str]:
        """The role's Authorization header. An administrator's generated call may revoke
        any token, this one included: then the account gets a new one, so each case is
        still sent as a signed-in member of staff with that role."""
        token = self.tokens[role]
        if authenticate(self.uow, token) is None:
            token = self.tokens[role] = create_api_token(self.uow, name=ACCOUNTS[role], role=role)
        return {"Authorization": f"Bearer {token}"}


@dataclass
class ContractFigures:
    """What the contract test sent, per role: cases, and the operations that answered
    with success at least once (so the role's token did sign it in)."""

    cases: Counter[str] = field(default_factory=Counter)
    succeeded: dict[str, set[str]] = field(default_factory=dict)
    workflow_steps: Counter[str] = field(default_factory=Counter)

    def record(self, role: str, operation: str, status_code: int) -> None:
        self.cases[role] += 1
        if 200 <= status_code < 300:
            self.succeeded.setdefault(role, set()).add(operation)
