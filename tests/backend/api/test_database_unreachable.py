"""While the case database cannot be reached, the staff API says so: 503, as
/health does, not 500 "Something went wrong".

Found by the sentinel test (tests/fuzz/test_no_personal_data_at_rest.py): with the
PostgreSQL server stopped, POST /api/transcripts answered 500 and the backend logged
``ERROR backend.api.main: unexpected OperationalError on POST /api/transcripts`` (the
staff token cannot be checked). Every signed-in endpoint does the same; the transcript
handoff documents a 503 for "could not read it now; nothing was saved"."""

from __future__ import annotations

import base64
import os
import socket

import pytest
from fastapi.testclient import TestClient

from backend.api.main import create_app
from backend.settings import load_settings


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens there once closed


TRANSCRIPT = {"transcript": "ART: Hello\nCaller: Hi\nART: Go on\nCaller: A boy"}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/referrals", None),
        ("GET", "/api/referrals/queue", None),
        ("POST", "/api/transcripts", TRANSCRIPT),
    ],
)
def test_the_api_answers_503_while_the_database_is_unreachable(
    method: str, path: str, body: dict[str, str] | None
) -> None:
    settings = load_settings(
        {
            "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{closed_port()}/hsb"
            "?connect_timeout=2",
            "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "SMTP_HOST": "",
        }
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/health").status_code == 503
        response = client.request(
            method, path, json=body, headers={"Authorization": "Bearer " + "x" * 43}
        )
    assert response.status_code == 503, (response.status_code, response.text)
