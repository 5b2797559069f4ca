"""The staff API and the chat page, over HTTP, on both databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from backend.adapters.orm import ApiTokenRow, StaffAccountRow
from backend.api.main import create_app
from backend.api.routes.webchat import WEBCHAT_DIR
from backend.domain.record import RECORD_KEYS
from backend.security import create_api_token, hash_token
from backend.service.referrals import save_referral
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import load_settings

RASA_URL = "https://rasa.example.org"


@pytest.fixture
def webchat_dir(tmp_path: Path) -> Path:
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.html").write_text("<!doctype html><title>Chat</title>", encoding="utf-8")
    (static / "chat.js").write_text("console.log('chat');", encoding="utf-8")
    return static


@pytest.fixture
def client(
    engine: Engine, database_url: str, encryption_key: str, webchat_dir: Path
) -> Iterator[TestClient]:
    settings = load_settings(
        {
            "DATABASE_URL": database_url,
            "FIELD_ENCRYPTION_KEY": encryption_key,
            "RASA_PUBLIC_URL": RASA_URL,
        }
    )
    with TestClient(create_app(settings, webchat_dir=webchat_dir)) as client:
        yield client


@pytest.fixture
def token(uow: SqlAlchemyUnitOfWork) -> str:
    return create_api_token(uow, name="Jo Bloggs", role="art")


@pytest.fixture
def reference(uow: SqlAlchemyUnitOfWork) -> str:
    return save_referral(
        uow,
        conversation_key="web:api",
        source="web",
        transcript=[],
        submit=True,
        fields={"yp_first_name": "Alex", "yp_location": "Yate", "referrer_organisation": "ART"},
    ).reference


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_health_checks_the_database(client: TestClient) -> None:
    response = client.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
    ],
    ids=["none", "wrong token", "wrong scheme", "empty"],
)
@pytest.mark.parametrize("path", ["/api/referrals", "/api/referrals/HSB-2025-00001"])
def test_staff_endpoints_need_a_valid_token(
    client: TestClient, reference: str, path: str, headers: dict[str, str]
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.json() == {"detail": "A valid staff token is required."}
    assert "Traceback" not in response.text and "Alex" not in response.text


def test_list_and_read_a_record(client: TestClient, token: str, reference: str) -> None:
    listing = client.get("/api/referrals", headers=bearer(token))
    assert listing.status_code == 200
    assert [r["reference"] for r in listing.json()["items"]] == [reference]
    assert listing.headers["Cache-Control"] == "no-store"

    record = client.get(f"/api/referrals/{reference}", headers=bearer(token))
    assert record.status_code == 200
    assert tuple(record.json()) == RECORD_KEYS
    assert record.json()["young_person"]["first_name"] == "Alex"


def test_list_filters(client: TestClient, token: str, reference: str) -> None:
    def references(query: str) -> list[str]:
        response = client.get(f"/api/referrals?{query}", headers=bearer(token))
        assert response.status_code == 200
        return [r["reference"] for r in response.json()["items"]]

    assert references("status=submitted") == [reference]
    assert references("status=draft") == []
    assert references("outcome=incomplete") == [reference]
    assert references("outcome=criteria_met") == []
    assert client.get("/api/referrals?status=lost", headers=bearer(token)).status_code == 422


def test_unknown_reference_is_404(client: TestClient, token: str) -> None:
    for reference in ("HSB-2025-99999", "nonsense", "x" * 300):
        response = client.get(f"/api/referrals/{reference}", headers=bearer(token))
        assert response.status_code == 404


def test_reads_are_audited_with_who_what_and_when(
    client: TestClient, token: str, reference: str, uow: SqlAlchemyUnitOfWork
) -> None:
    client.get(f"/api/referrals/{reference}", headers=bearer(token))
    client.get("/api/referrals", headers=bearer(token))
    with uow:
        events = uow.audit.events()
    read = [e for e in events if e.action == "referral.read"]
    assert [(e.actor, e.reference) for e in read] == [("staff:Jo Bloggs", reference)]
    assert read[0].at is not None
    assert any(e.action == "referral.list" and e.actor == "staff:Jo Bloggs" for e in events)


def test_only_the_token_hash_is_stored(token: str, engine: Engine) -> None:
    with engine.connect() as connection:
        stored = connection.execute(
            select(ApiTokenRow.token_hash, StaffAccountRow.role).join(
                StaffAccountRow, ApiTokenRow.account_id == StaffAccountRow.id
            )
        ).all()
    assert stored == [(hash_token(token), "art")]
    assert token not in str(stored)


def test_security_headers(client: TestClient) -> None:
    response = client.get("/health")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert f"connect-src 'self' {RASA_URL} wss://rasa.example.org" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_only_the_api_docs_page_may_load_its_cdn_assets(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "https://cdn.jsdelivr.net" in docs.headers["Content-Security-Policy"]
    assert "cdn.jsdelivr.net" not in client.get("/").headers["Content-Security-Policy"]


def test_chat_page_and_its_files(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "<title>Chat</title>" in page.text
    assert "Content-Security-Policy" in page.headers
    script = client.get("/webchat/chat.js")
    assert script.status_code == 200 and "console.log" in script.text
    assert client.get("/webchat/config.json").json() == {"rasaUrl": RASA_URL}
    assert client.get("/webchat/missing.js").status_code == 404
    assert client.get("/webchat/../../etc/passwd").status_code == 404


def test_default_chat_page_folder_is_found_from_the_package() -> None:
    assert WEBCHAT_DIR == Path(__file__).resolve().parents[3] / "bot" / "webchat" / "static"
