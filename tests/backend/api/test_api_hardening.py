"""The staff API's answers at its edges, on both databases: bounded pages, filters
checked where they come in, every 422 in one shape, bodies bounded, an Allow header that
tells the truth, and every answer in the OpenAPI document. Each test here failed on the
API as issue 11 found it (the numbered failure 6: 500s on a huge page, a 422 of another
shape on an empty flag, until=0 taken as 1970, Allow without POST, undocumented 403s and
400s); tests/backend/api/test_openapi_contract.py runs schemathesis over all of it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.api.responses import MAX_BODY_BYTES
from backend.service.referrals import (
    record_consultation_request,
    record_handoff_request,
    record_training_request,
    save_referral,
)
from backend.service.review import MAX_PAGE, MAX_PER_PAGE
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

HUGE = "9223372036854775807"  # 2**63 - 1: no SQL offset holds (HUGE - 1) * per_page
LISTS = {  # each list, and a role that may read it
    "/api/referrals": "art",
    "/api/requests/consultation": "art",
    "/api/requests/handoff": "art",
    "/api/requests/training": "clinician",
    "/api/audit": "admin",
}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def problems(response: Any) -> list[dict[str, Any]]:
    """The body of a 422, which must be FastAPI's validation shape."""
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail, detail
    for problem in detail:
        assert {"loc", "msg", "type"} <= set(problem), problem
    return detail


def faulty_at(response: Any) -> list[list[Any]]:
    return [problem["loc"] for problem in problems(response)]


@pytest.fixture
def reference(uow: SqlAlchemyUnitOfWork) -> str:
    """A submitted referral, and a request of each kind."""
    record_handoff_request(
        uow, conversation_key="web:h", source="web", reason="x", transcript=[], contact=None
    )
    for record in (record_consultation_request, record_training_request):
        record(uow, conversation_key="web:r", source="web", details={"topic": "x"})
    return save_referral(
        uow,
        conversation_key="web:hardening",
        source="web",
        fields={"yp_first_name": "Alex", "referrer_organisation": "Yate Academy"},
        transcript=[],
        submit=True,
    ).reference


@pytest.mark.parametrize("path", list(LISTS))
@pytest.mark.parametrize(
    ("query", "field"),
    [
        (f"page={HUGE}", "page"),
        (f"page={MAX_PAGE + 1}", "page"),
        ("page=0", "page"),
        (f"per_page={HUGE}", "per_page"),
        (f"per_page={MAX_PER_PAGE + 1}", "per_page"),
    ],
)
def test_a_page_out_of_bounds_is_refused_not_a_server_error(
    api: TestClient, staff_tokens: dict[str, str], path: str, query: str, field: str
) -> None:
    response = api.get(f"{path}?{query}", headers=bearer(staff_tokens[LISTS[path]]))
    assert faulty_at(response) == [["query", field]]


@pytest.mark.parametrize("path", list(LISTS))
def test_the_deepest_page_is_answered_in_the_one_envelope(
    api: TestClient, staff_tokens: dict[str, str], path: str, reference: str
) -> None:
    response = api.get(
        f"{path}?page={MAX_PAGE}&per_page={MAX_PER_PAGE}",
        headers=bearer(staff_tokens[LISTS[path]]),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["items"], body["page"], body["per_page"]) == ([], MAX_PAGE, MAX_PER_PAGE)
    assert body["total"] >= 1


@pytest.mark.parametrize("flag", ["", "NOT_A_FLAG", "immediate_risk"])
def test_a_flag_that_is_not_a_flag_code_is_a_validation_error(
    api: TestClient, staff_tokens: dict[str, str], flag: str
) -> None:
    response = api.get(f"/api/referrals?flag={flag}", headers=bearer(staff_tokens["art"]))
    assert faulty_at(response) == [["query", "flag"]]


def test_a_flag_code_filters(api: TestClient, staff_tokens: dict[str, str], reference: str) -> None:
    response = api.get("/api/referrals?flag=IMMEDIATE_RISK", headers=bearer(staff_tokens["art"]))
    assert response.status_code == 200
    assert reference not in [item["reference"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("/api/audit?until=", "until"),
        ("/api/audit?since=", "since"),
        ("/api/referrals?created_from=", "created_from"),
        ("/api/referrals?created_to=", "created_to"),
    ],
)
@pytest.mark.parametrize("value", ["0", "86400", "1700000000", "2025-06-01T00:00:00", "2025-6-1"])
def test_a_day_is_written_yyyy_mm_dd(
    api: TestClient, staff_tokens: dict[str, str], path: str, day: str, value: str
) -> None:
    role = "admin" if path.startswith("/api/audit") else "art"
    response = api.get(path + value, headers=bearer(staff_tokens[role]))
    assert faulty_at(response) == [["query", day]]


@pytest.mark.parametrize(
    "query",
    [
        "/api/audit?since=0001-01-01&until=9999-12-31",
        "/api/audit?until=9999-12-31",
        "/api/referrals?created_from=0001-01-01&created_to=9999-12-31",
        "/api/referrals?created_to=9999-12-31",
    ],
)
def test_the_first_and_last_days_of_the_calendar_are_open_ends(
    api: TestClient, staff_tokens: dict[str, str], reference: str, query: str
) -> None:
    role = "admin" if query.startswith("/api/audit") else "art"
    response = api.get(query, headers=bearer(staff_tokens[role]))
    assert response.status_code == 200, response.text
    assert response.json()["total"] >= 1


@pytest.mark.parametrize(
    ("query", "last"),
    [
        ("/api/audit?since=2025-06-02&until=2025-06-01", "until"),
        ("/api/referrals?created_from=2025-06-02&created_to=2025-06-01", "created_to"),
    ],
)
def test_a_range_that_ends_before_it_starts_is_refused(
    api: TestClient, staff_tokens: dict[str, str], query: str, last: str
) -> None:
    role = "admin" if query.startswith("/api/audit") else "art"
    assert faulty_at(api.get(query, headers=bearer(staff_tokens[role]))) == [["query", last]]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/notes", {"text": "   "}, "text"),
        ("/notes", {"text": "\x1f"}, "text"),  # whitespace to Python only
        # found probing: a note of only a NUL (or another invisible character) was stored
        ("/notes", {"text": "\x00"}, "text"),
        ("/notes", {"text": "\x00\x07 \x7f\x9b"}, "text"),
        ("/notes", {"text": "\u200b\ufeff"}, "text"),
        ("/status", {"status": "accepted", "reason": "\x00"}, "reason"),
        ("/status", {"status": "accepted", "reason": " \t "}, "reason"),
        ("/status", {"status": "accepted", "reason": "\x1c"}, "reason"),
    ],
)
def test_a_blank_text_is_refused_in_the_validation_shape(
    api: TestClient,
    staff_tokens: dict[str, str],
    reference: str,
    path: str,
    body: dict[str, str],
    field: str,
) -> None:
    response = api.post(
        f"/api/referrals/{reference}{path}", headers=bearer(staff_tokens["art"]), json=body
    )
    assert faulty_at(response) == [["body", field]]


@pytest.mark.parametrize("name", ["   ", "\x1f\x1e", "\x00", "\u200b"])
def test_a_staff_account_with_a_blank_name_is_refused_in_the_validation_shape(
    api: TestClient, staff_tokens: dict[str, str], name: str
) -> None:
    response = api.post(
        "/api/staff/tokens",
        headers=bearer(staff_tokens["admin"]),
        json={"name": name, "role": "clinician"},
    )
    assert faulty_at(response) == [["body", "name"]]


@pytest.mark.parametrize("days", [True, "30", 30.5, 0, 3651])
def test_a_token_lifetime_is_a_whole_number_of_days_not_a_look_alike(
    api: TestClient, staff_tokens: dict[str, str], days: Any
) -> None:
    response = api.post(
        "/api/staff/tokens",
        headers=bearer(staff_tokens["admin"]),
        json={"name": "New starter", "role": "clinician", "expires_in_days": days},
    )
    assert faulty_at(response) == [["body", "expires_in_days"]]


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("/api/requests/training/99999999999999999999", "art"),
        ("/api/requests/training/2147483648", "art"),
        ("/api/staff/tokens/99999999999999999999/revoke", "admin"),
    ],
)
def test_an_id_no_row_can_have_is_refused_not_a_server_error(
    api: TestClient, staff_tokens: dict[str, str], path: str, role: str
) -> None:
    method = "POST" if path.endswith("/revoke") else "GET"
    response = api.request(method, path, headers=bearer(staff_tokens[role]))
    assert len(faulty_at(response)) == 1


def test_a_body_that_is_not_text_is_a_documented_400(
    api: TestClient, staff_tokens: dict[str, str], reference: str
) -> None:
    response = api.post(
        f"/api/referrals/{reference}/notes",
        headers={**bearer(staff_tokens["art"]), "Content-Type": "application/json"},
        content=b'{"text": "\xff\xfe"}',
    )
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("declared", [True, False])
def test_a_body_over_the_bound_is_413_before_it_is_read_whole(
    api: TestClient, staff_tokens: dict[str, str], reference: str, declared: bool
) -> None:
    body = b'{"text": "' + b"x" * MAX_BODY_BYTES + b'"}'
    headers = {**bearer(staff_tokens["art"]), "Content-Type": "application/json"}
    # Without a declared length the body arrives in chunks and is counted as it comes.
    content = body if declared else iter([body[i : i + 65536] for i in range(0, len(body), 65536)])
    response = api.post(f"/api/referrals/{reference}/notes", headers=headers, content=content)
    assert response.status_code == 413
    assert response.json() == {"detail": f"The body is larger than {MAX_BODY_BYTES:,} bytes."}
    assert response.headers["X-Content-Type-Options"] == "nosniff"  # the usual headers


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("OPTIONS", "/api/referrals/{reference}/notes", "GET, POST"),  # two routes
        ("DELETE", "/api/referrals/{reference}/notes", "GET, POST"),
        ("OPTIONS", "/api/referrals", "GET"),  # FastAPI's routes do not take HEAD
        ("PUT", "/api/staff/tokens", "POST"),
        ("TRACE", "/webchat/config.json", "GET, HEAD"),  # a route under a static mount
        ("POST", "/webchat/chat.js", "GET, HEAD"),
    ],
)
def test_405_lists_every_method_the_path_supports(
    api: TestClient,
    staff_tokens: dict[str, str],
    reference: str,
    method: str,
    path: str,
    allow: str,
) -> None:
    response = api.request(
        method, path.format(reference=reference), headers=bearer(staff_tokens["art"])
    )
    assert (response.status_code, response.headers.get("Allow")) == (405, allow)


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node).union(*(_keys(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(value) for value in node))
    return set()


def test_every_bound_is_stated_in_json_schema_terms(api: TestClient) -> None:
    """pydantic writes a bound it cannot translate as its own ge/le: JSON Schema ignores
    those, so the document would promise no bound at all."""
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    assert _keys(schemas) & {"ge", "le", "gt", "lt"} == set()


def test_every_answer_is_in_the_openapi_document(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    secured = [(label, op) for label, op in _operations(document) if op.get("security")]
    assert {label for label, _ in secured} >= {"GET /api/referrals", "GET /api/audit"}
    for label, operation in secured:
        answers = operation["responses"]
        assert "401" in answers, label
        assert answers["401"]["headers"]["WWW-Authenticate"]["required"], label
        assert "503" in answers, label  # the token is checked against the database
        if label not in ("GET /api/me", "GET /api/labels"):  # any signed-in member of staff
            assert "403" in answers, label
        if "requestBody" in operation:
            assert {"400", "413", "422"} <= set(answers), label
        if "{" in label and label != "GET /api/requests/{kind}":  # one record, or none
            assert "404" in answers, label
        for code, answer in answers.items():
            if code.startswith("4"):
                assert "application/json" in answer["content"], (label, code)
    schemas = document["components"]["schemas"]
    pages = ("ReferralPage", "RequestPage", "AuditPage")
    assert {tuple(schemas[page]["properties"]) for page in pages} == {
        ("items", "total", "page", "per_page")
    }
    page_parameters = {
        (label, parameter["name"]): parameter["schema"]
        for label, operation in _operations(document)
        for parameter in operation.get("parameters", [])
        if parameter["name"] in ("page", "per_page")
    }
    assert {label for label, _ in page_parameters} == {
        "GET /api/referrals",
        "GET /api/requests/{kind}",
        "GET /api/audit",
    }
    for schema in page_parameters.values():
        assert schema["minimum"] == 1 and schema["maximum"] in (MAX_PAGE, MAX_PER_PAGE)


def test_a_422_names_the_fault_without_quoting_what_was_sent(
    api: TestClient, staff_tokens: dict[str, str], reference: str
) -> None:
    """Found probing the staff API: a 422 quoted the input back whole (a note, a
    transcript), so personal data went into a response any proxy or log might keep."""
    sent = "Ruby Castle, 14, disclosed to her teacher " * 300  # over the note's bound
    response = api.post(
        f"/api/referrals/{reference}/notes",
        headers=bearer(staff_tokens["art"]),
        json={"text": sent},
    )
    assert faulty_at(response) == [["body", "text"]]
    assert "Ruby" not in response.text
    assert all(set(problem) == {"loc", "msg", "type"} for problem in response.json()["detail"])
