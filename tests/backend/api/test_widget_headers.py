"""The chat page may be framed by the chat's own origin and WIDGET_HOST_ORIGINS only;
every other response by nobody; the widget's script is served to any site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from backend.api.main import create_app
from backend.api.routes.webchat import WEBCHAT_DIR
from backend.settings import load_settings

HOSTS = "https://www.example.org, http://localhost:8010"


def client_for(database_url: str, encryption_key: str, hosts: str) -> TestClient:
    settings = load_settings(
        {
            "DATABASE_URL": database_url,
            "FIELD_ENCRYPTION_KEY": encryption_key,
            "WIDGET_HOST_ORIGINS": hosts,
        }
    )
    return TestClient(create_app(settings, webchat_dir=WEBCHAT_DIR))


@pytest.fixture
def client(database_url: str, encryption_key: str) -> Iterator[TestClient]:
    with client_for(database_url, encryption_key, HOSTS) as client:
        yield client


def directives(policy: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in policy.split("; ")}


def test_chat_page_is_framed_by_the_configured_hosts_only(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    policy = directives(page.headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'self' https://www.example.org http://localhost:8010"
    # X-Frame-Options can name no list of sites: frame-ancestors decides alone.
    assert "X-Frame-Options" not in page.headers
    # The rest of the chat page's policy is as before.
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"


@pytest.mark.parametrize("path", ["/health", "/webchat/config.json", "/widget.js", "/docs"])
def test_everything_else_refuses_every_frame(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_without_hosts_only_the_chat_itself_may_frame_it(
    database_url: str, encryption_key: str
) -> None:
    with client_for(database_url, encryption_key, "") as client:
        policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == "'self'"


def test_widget_script_is_javascript_any_site_may_load(client: TestClient) -> None:
    script = client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert script.text == (WEBCHAT_DIR / "widget.js").read_text()
    # A classic <script> needs no CORS; nothing stops another site's page loading it.
    assert "Cross-Origin-Resource-Policy" not in script.headers
    assert "Set-Cookie" not in script.headers


def test_widget_script_missing_is_404(
    database_url: str, encryption_key: str, tmp_path: Path
) -> None:
    settings = load_settings({"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key})
    with TestClient(create_app(settings, webchat_dir=tmp_path)) as client:
        assert client.get("/widget.js").status_code == 404
