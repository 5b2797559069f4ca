"""The backend for the API contract test: the whole app in-process on a fresh SQLite
database, migrated and seeded with a few referrals and requests, a staff token per role;
and, at the end of the run, the figures the contract test gathered."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backend.adapters.db import make_engine, make_session_factory
from backend.adapters.encryption import FieldCipher, parse_key
from backend.api.main import create_app
from backend.cli import migrate
from backend.security import create_api_token
from backend.service.referrals import (
    record_consultation_request,
    record_handoff_request,
    record_immediate_risk,
    record_training_request,
    save_referral,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import load_settings
from tests.backend.api.contract_support import (
    ACCOUNTS,
    APP_UNDER_TEST,
    ROLES,
    UNKNOWN_REFERENCE,
    ContractBackend,
    ContractFigures,
    ReadingBot,
)

FIGURES = pytest.StashKey[ContractFigures]()


@pytest.fixture(scope="session")
def contract_figures(pytestconfig: pytest.Config) -> ContractFigures:
    return pytestconfig.stash.setdefault(FIGURES, ContractFigures())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    figures = terminalreporter.config.stash.get(FIGURES, None)
    if figures is None or not figures.cases:
        return
    per_role = ", ".join(f"{role} {n}" for role, n in sorted(figures.cases.items()))
    steps = sum(figures.workflow_steps.values())
    terminalreporter.write_line(
        f"API contract (schemathesis, all checks): {sum(figures.cases.values())} cases "
        f"({per_role}); {steps} workflow steps"
    )
    for role, ops in sorted(figures.succeeded.items()):
        terminalreporter.write_line(f"  {role}: 2xx from {sorted(ops)}")


def _turn(text: str) -> dict[str, str]:
    return {"speaker": "professional", "text": text, "at": "2025-06-02T10:00:00Z"}


def seed_references(uow: SqlAlchemyUnitOfWork) -> list[str]:
    """Two submitted referrals and a draft flagged IMMEDIATE_RISK (which clinicians may
    not see); a request of each kind. Invented people and places."""
    submitted = [
        save_referral(
            uow,
            conversation_key=f"{source}:contract-{name}",
            source=source,
            fields={"yp_first_name": name, "referrer_organisation": organisation},
            transcript=[_turn(f"A referral for {name}.")],
            submit=True,
        ).reference
        for name, organisation, source in (
            ("Alex", "Yate Academy", "web"),
            ("Jordan", "Kingswood Youth Offending Team", "teams"),
        )
    ]
    draft = record_immediate_risk(
        uow,
        conversation_key="sms:contract-draft",
        source="sms",
        fields={"referrer_organisation": "Thornbury Health Centre"},
        transcript=[_turn("A child is in danger right now.")],
    )
    record_handoff_request(
        uow,
        conversation_key="web:contract-handoff",
        source="web",
        reason="asked for a person",
        transcript=[_turn("Can I speak to someone?")],
        contact=None,
    )
    for record in (record_consultation_request, record_training_request):
        record(uow, conversation_key="web:contract-request", source="web", details={"topic": "x"})
    return [*submitted, draft]


@pytest.fixture(scope="module", params=ROLES)
def contract_backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, encryption_key: str
) -> Iterator[ContractBackend]:
    """For each role in turn, the app on a fresh migrated SQLite database holding
    seed_references()' data, a token per role and spare tokens for the administrator's
    generated calls to revoke: one role's generated decisions never decide another's."""
    role = str(request.param)
    database_url = f"sqlite:///{tmp_path_factory.mktemp(f'contract-{role}') / 'hsb.db'}"
    migrate(database_url)
    engine = make_engine(database_url)
    uow = SqlAlchemyUnitOfWork(make_session_factory(engine), FieldCipher(parse_key(encryption_key)))
    tokens = {name: create_api_token(uow, name=ACCOUNTS[name], role=name) for name in ROLES}
    for _ in range(3):
        create_api_token(uow, name="Leaver", role="clinician")
    with uow:
        spare_token_ids = [token.id for token in uow.tokens.tokens("Leaver")]
    references = seed_references(uow)
    settings = load_settings(
        {"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key, "SMTP_HOST": ""}
    )
    app = create_app(settings)
    app.state.transcript_relay = ReadingBot(references[-1])
    with TestClient(app):  # the app's lifespan: started here, and stopped after the role
        APP_UNDER_TEST.target = app
        yield ContractBackend(
            role=role,
            app=app,
            uow=uow,
            references=[*references, UNKNOWN_REFERENCE],
            request_ids=[1, 2],  # one of each kind was recorded; 2 names none
            spare_token_ids=spare_token_ids,
            tokens=tokens,
        )
        APP_UNDER_TEST.target = None
    engine.dispose()
