"""An unpaired surrogate in a JSON body (the escape "\\ud83d" with no partner: what a
browser's JSON.stringify sends for half an emoji) must get a 4xx, never a 500.

Found by the fuzz (tests/fuzz): an ART transcript of 'Speaker: words' lines with one
such character made POST /api/transcripts answer 500 and log
``ERROR backend.api.main: unexpected UnicodeEncodeError on POST /api/transcripts``.
pydantic refuses the string (``string_unicode``) as a 422, and FastAPI's handler then
fails to encode its own answer, which quotes the input, to UTF-8. Every body field with
a constraint (length, pattern) is read the same way."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi.testclient import TestClient

CASES = [
    ("/api/transcripts", "art",
     {"transcript": "ART: Hello, how can I help?\nCaller: hi \udc20 I'd like to refer a boy\n"
                    "ART: Go on.\nCaller: he is 14"}),
    ("/api/referrals/HSB-2026-00001/notes", "clinician", {"text": "a note \ud83d"}),
    ("/api/referrals/HSB-2026-00001/status", "clinician",
     {"status": "accepted", "reason": "why \udfff"}),
    ("/api/staff/tokens", "admin", {"name": "Sam \udc00 Price", "role": "art"}),
]  # fmt: skip


@pytest.mark.parametrize(("path", "role", "body"), CASES, ids=[c[0] for c in CASES])
def test_an_unpaired_surrogate_in_a_json_body_is_refused_not_a_server_error(
    api: TestClient,
    staff_tokens: dict[str, str],
    caplog: pytest.LogCaptureFixture,
    path: str,
    role: str,
    body: dict[str, str],
) -> None:
    caplog.set_level(logging.INFO)
    response = api.post(
        path,
        content=json.dumps(body).encode(),  # ASCII: the surrogate as its JSON escape
        headers={
            "Authorization": f"Bearer {staff_tokens[role]}",
            "Content-Type": "application/json",
        },
    )
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
