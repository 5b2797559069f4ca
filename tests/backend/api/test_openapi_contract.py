"""The staff API keeps the promises of its OpenAPI document: schemathesis with every
check, against the app in-process (ASGI), signed in as each role in turn.

Every operation in /openapi.json is exercised, for art, clinician and admin alike, through
schemathesis' coverage phase (boundary values, each parameter and body property broken
one at a time, undeclared methods, missing auth) and its fuzzing phase (generated valid
and invalid requests), then as generated workflows (the stateful phase: one call's
output fed to the next). Path parameters are drawn, most of the time, from what the
database holds (conftest.py: submitted referrals, a draft, one request of each kind,
spare tokens), so the routes are reached past their 404. Generation is derandomized
(a fixed seed), so a run is reproducible and a failure replays.

Nothing in the document is left out. Routes that are not in it at all: the chat page
and the dashboard (static files), and POST /sms/twilio/inbound, Twilio's webhook, which
answers only requests signed with the Twilio auth token (an HMAC schemathesis cannot
make) and is tested in tests/backend/api/test_inbound_webhook.py.

Four rules cannot be stated in OpenAPI, so a request the schema calls valid may still
be refused (422); there, and only when the rule explains the refusal, the
positive_data_acceptance check gives way to the assertion in refusal_expected():
- a date range whose last day is before its first (two parameters);
- a transcript the service cannot read as a call (two speakers, turns...: a parser), or
  a call date in the future (depends on today);
- text that is blank once stripped by Python but not blank to the schema's ``\\S``
  (U+001C to U+001F are whitespace to Python's str.strip() only);
- a token's life longer than the STAFF_TOKEN_DAYS setting (the schema allows up to ten
  years, which only the command line gives).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from hypothesis import settings
from schemathesis import AuthContext, Case, Response
from schemathesis.specs.openapi.checks import positive_data_acceptance

from backend.adapters.encryption import generate_key
from backend.api.main import create_app
from backend.domain.transcripts import TranscriptError, parse_transcript
from backend.settings import DEFAULT_STAFF_TOKEN_DAYS, load_settings
from tests.backend.api.contract_support import (
    APP_UNDER_TEST,
    ContractBackend,
    ContractFigures,
)

# Per operation and role: examples for the fuzzing phase (the coverage phase adds its
# own, about as many). 3 roles x 22 operations; see the summary line for the total.
FUZZ_EXAMPLES = 40
WORKFLOWS = 25  # generated workflows per role, each up to WORKFLOW_STEPS calls
WORKFLOW_STEPS = 6
SEED = 20250611


def _document() -> dict[str, Any]:
    """The app's OpenAPI document. It depends on the routes alone, so an app on an empty
    in-memory database gives it at collection time; the cases go to contract_backend's
    app, through APP_UNDER_TEST."""
    settings = load_settings(
        {"DATABASE_URL": "sqlite://", "FIELD_ENCRYPTION_KEY": generate_key(), "SMTP_HOST": ""}
    )
    return create_app(settings).openapi()


# All checks (the default), the coverage and fuzzing phases per operation and the
# stateful phase below, derandomized: a run is reproducible and a failure replays.
contract = schemathesis.openapi.from_dict(
    _document(),
    config=schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {
                "max-examples": FUZZ_EXAMPLES,
                "deterministic": True,
                "database": "none",
            },
            # Generation that learns from responses would follow the random tokens and
            # timestamps in them from run to run, and constants gathered from the loaded
            # modules would follow what else the run imported: off, so a run replays.
            "analysis": {"constants": {"enabled": False}},
            "phases": {
                "examples": {"extra-data-sources": {"responses": False}},
                "coverage": {"extra-data-sources": {"responses": False}},
                "fuzzing": {
                    "extra-data-sources": {"responses": False},
                    "error-feedback": {"enabled": False},
                },
            },
        }
    ),
)
contract.app = APP_UNDER_TEST  # what from_asgi() sets: cases are sent in-process


# The cases of the coverage phase are made when the tests are collected, before any
# token exists: they are signed in with this stand-in, which sign_in() replaces with a
# token of the role under test just before each call.
TOKEN_STAND_IN = "the-role-under-test"


@contract.auth(refresh_interval=None)
class StaffTokenAuth:
    """How the cases carry a staff token, told to schemathesis as auth: it leaves the
    header out of the cases that test a missing one, and its ignored_auth check sends
    each case again without a token, and with a wrong one."""

    def get(self, case: Case, context: AuthContext) -> str:
        return TOKEN_STAND_IN

    def set(self, case: Case, data: str, context: AuthContext) -> None:
        case.headers["Authorization"] = f"Bearer {data}"


def sign_in(case: Case, backend: ContractBackend, role: str) -> None:
    if case.headers.get("Authorization") == f"Bearer {TOKEN_STAND_IN}":
        case.headers.update(backend.authorization(role))


@contextmanager
def sent_as(case: Case, backend: ContractBackend, role: str) -> Iterator[Case]:
    """The case with seeded path values and the role's token, for one call; then as it
    was, since the coverage phase's cases are made once and run for each role."""
    path_parameters = dict(case.path_parameters)
    authorization = case.headers.get("Authorization")
    with_seeded_path_values(case, backend)
    sign_in(case, backend, role)
    try:
        yield case
    finally:
        case.path_parameters.clear()
        case.path_parameters.update(path_parameters)
        if authorization is not None:
            case.headers["Authorization"] = authorization


# What each role may do, and so must have been answered with success at least once by
# the end of its run: proof that its cases were signed in and reached the routes.
EVERYONE = {
    "GET /health",
    "GET /webchat/config.json",
    "GET /api/me",
    "GET /api/labels",
    "GET /api/referrals",
    "GET /api/referrals/queue",
    "GET /api/referrals/{reference}",
    "GET /api/referrals/{reference}/transcript",
    "GET /api/referrals/{reference}/history",
    "GET /api/referrals/{reference}/notes",
    "GET /api/requests/{kind}",
    "GET /api/requests/{kind}/{request_id}",
}
PRACTITIONERS = {
    "POST /api/referrals/{reference}/status",
    "POST /api/referrals/{reference}/notes",
    "GET /api/referrals/{reference}/export",
    "GET /api/referrals/{reference}/summary",
    "POST /api/referrals/{reference}/printed",
}
MUST_SUCCEED = {
    "art": EVERYONE | PRACTITIONERS | {"POST /api/transcripts"},
    "clinician": EVERYONE | PRACTITIONERS,
    "admin": EVERYONE
    | {
        "GET /api/audit",
        "GET /api/staff",
        "POST /api/staff/tokens",
        "POST /api/staff/tokens/{token_id}/revoke",
    },
}


@pytest.fixture(scope="module")
def staff_role(
    contract_backend: ContractBackend, contract_figures: ContractFigures
) -> Iterator[str]:
    """Each role in turn (contract_backend's): art, clinician, admin. After its run, the
    operations the role may use have each succeeded at least once."""
    role = contract_backend.role
    yield role
    never = MUST_SUCCEED[role] - contract_figures.succeeded.get(role, set())
    assert never == set(), f"the {role} role never succeeded with these"


def with_seeded_path_values(case: Case, backend: ContractBackend) -> None:
    """Point most valid cases at what the database holds (a referral, a request, a spare
    token), so the routes are reached past their 404. The values are taken in turn, with
    the generated value itself every so often; generation is deterministic, so the
    choices are too. Invalid cases keep their invalid values: they are there to be
    refused."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    for name in backend.path_values:
        if name in case.path_parameters:
            seeded = backend.next_path_value(name)
            if seeded is not None:
                case.path_parameters[name] = seeded


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _reversed_range(query: dict[str, Any], first: str, last: str) -> bool:
    start, end = _day(query.get(first)), _day(query.get(last))
    return start is not None and end is not None and end < start


def _unreadable_transcript(body: Any) -> bool:
    if not isinstance(body, dict) or not isinstance(body.get("transcript"), str):
        return False
    call_date = _day(body.get("call_date"))
    if call_date and call_date > datetime.now(ZoneInfo("Europe/London")).date():
        return True
    speaker = body.get("referrer_speaker")
    try:
        parse_transcript(body["transcript"], speaker if isinstance(speaker, str) else None)
    except TranscriptError:
        return True
    return False


def _blank_to_python(body: Any, name: str) -> bool:
    text = body.get(name) if isinstance(body, dict) else None
    return isinstance(text, str) and not text.strip()


def _longer_than_the_setting(body: Any) -> bool:
    days = body.get("expires_in_days") if isinstance(body, dict) else None
    # JSON has one number type: 457.0 is a whole number of days to the schema
    number = isinstance(days, (int, float)) and not isinstance(days, bool)
    return number and days > DEFAULT_STAFF_TOKEN_DAYS


def refusal_expected(case: Case) -> bool:
    """A schema-valid request that a rule OpenAPI cannot state refuses (see above)."""
    operation = case.operation.label
    query = case.query or {}
    return (
        (operation == "GET /api/referrals" and _reversed_range(query, "created_from", "created_to"))
        or (operation == "GET /api/audit" and _reversed_range(query, "since", "until"))
        or (operation == "POST /api/transcripts" and _unreadable_transcript(case.body))
        or (operation == "POST /api/staff/tokens" and _blank_to_python(case.body, "name"))
        or (operation == "POST /api/staff/tokens" and _longer_than_the_setting(case.body))
        or (operation.endswith("/notes") and _blank_to_python(case.body, "text"))
        or (operation.endswith("/status") and _blank_to_python(case.body, "reason"))
    )


def checks_to_relax(case: Case) -> list[Any]:
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    return [positive_data_acceptance] if positive and refusal_expected(case) else []


def assert_refused_for_the_rule(case: Case, response: Response, relaxed: list[Any]) -> None:
    """Where positive_data_acceptance gave way, the answer is that rule's 422 (or the
    role's 401/403, which come first)."""
    if relaxed and case.method.upper() == case.operation.method.upper():
        assert response.status_code in (401, 403, 422), response.text


@contract.parametrize()
def test_every_operation_keeps_its_contract(
    case: Case,
    staff_role: str,
    contract_backend: ContractBackend,
    contract_figures: ContractFigures,
) -> None:
    with sent_as(case, contract_backend, staff_role):
        relaxed = checks_to_relax(case)
        response = case.call_and_validate(excluded_checks=relaxed)
        contract_figures.record(staff_role, case.operation.label, response.status_code)
        assert_refused_for_the_rule(case, response, relaxed)


def test_generated_workflows_keep_the_contract(
    staff_role: str,
    contract_backend: ContractBackend,
    contract_figures: ContractFigures,
) -> None:
    """The stateful phase: workflows along the links schemathesis infers from the
    document (a token listed by GET /api/staff, then revoked; a request listed, then
    read), between random calls, all checks on each step."""
    base = contract.as_state_machine()

    class StaffWorkflow(base):  # type: ignore[valid-type,misc]
        def before_call(self, case: Case) -> None:
            with_seeded_path_values(case, contract_backend)
            sign_in(case, contract_backend, staff_role)

        def validate_response(
            self,
            response: Response,
            case: Case,
            additional_checks: list[Any] | None = None,
            **kwargs: Any,
        ) -> None:
            contract_figures.workflow_steps[staff_role] += 1
            relaxed = checks_to_relax(case)
            case.validate_response(
                response,
                additional_checks=additional_checks,
                excluded_checks=relaxed,
                transport_kwargs=kwargs,
            )
            assert_refused_for_the_rule(case, response, relaxed)

    StaffWorkflow.run(
        settings=settings(
            max_examples=WORKFLOWS,
            stateful_step_count=WORKFLOW_STEPS,
            derandomize=True,
            database=None,
            deadline=None,
        )
    )
    assert contract_figures.workflow_steps[staff_role] > 0
