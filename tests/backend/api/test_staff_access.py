"""Every staff route checks the role it needs: allowed roles get their answer, others
403 (audited), a missing or wrong token 401; never a stack trace. Both databases."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from backend.domain.record import RECORD_KEYS
from backend.security import ROLES, create_api_token
from backend.service.referrals import (
    record_consultation_request,
    record_handoff_request,
    record_immediate_risk,
    record_training_request,
    save_referral,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork

EVERYONE = frozenset(ROLES)
PRACTITIONERS = frozenset({"art", "clinician"})
FRONT_DOOR = frozenset({"art", "admin"})
ADMIN = frozenset({"admin"})


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # {reference}, {token_id}, {request_id} are filled in per role
    allowed: frozenset[str]
    body: dict[str, Any] | None = None


ROUTES = [
    Route("GET", "/api/me", EVERYONE),
    Route("GET", "/api/labels", EVERYONE),
    Route("GET", "/api/referrals", EVERYONE),
    Route("GET", "/api/referrals?status=submitted&page=1&per_page=10", EVERYONE),
    Route("GET", "/api/referrals/queue", EVERYONE),
    Route("GET", "/api/referrals/{reference}", EVERYONE),
    Route("GET", "/api/referrals/{reference}/transcript", EVERYONE),
    Route("GET", "/api/referrals/{reference}/history", EVERYONE),
    Route("GET", "/api/referrals/{reference}/notes", EVERYONE),
    Route("POST", "/api/referrals/{reference}/notes", PRACTITIONERS, {"text": "Rang the DSL."}),
    Route(
        "POST",
        "/api/referrals/{reference}/status",
        PRACTITIONERS,
        {"status": "accepted", "reason": "Meets the criteria; allocated to the team."},
    ),
    Route("GET", "/api/referrals/{reference}/export", PRACTITIONERS),
    Route("GET", "/api/referrals/{reference}/summary", PRACTITIONERS),
    Route("POST", "/api/referrals/{reference}/printed", PRACTITIONERS),
    Route("GET", "/api/requests/consultation", EVERYONE),
    Route("GET", "/api/requests/training", EVERYONE),
    Route("GET", "/api/requests/handoff", FRONT_DOOR),
    Route("GET", "/api/requests/consultation/{request_id}", EVERYONE),
    Route("GET", "/api/requests/training/{request_id}", EVERYONE),
    Route("GET", "/api/requests/handoff/{request_id}", FRONT_DOOR),
    Route("GET", "/api/audit", ADMIN),
    Route("GET", "/api/audit?action=referral.read&page=1", ADMIN),
    Route("GET", "/api/staff", ADMIN),
    Route("POST", "/api/staff/tokens", ADMIN, {"name": "New starter", "role": "clinician"}),
    Route("POST", "/api/staff/tokens/{token_id}/revoke", ADMIN),
]


@dataclass(frozen=True)
class Subjects:
    """What each role's calls act on, so one role's change never decides another's."""

    references: dict[str, str]
    token_ids: dict[str, int]
    request_id: int


@pytest.fixture
def subjects(uow: SqlAlchemyUnitOfWork) -> Subjects:
    references = {
        role: save_referral(
            uow,
            conversation_key=f"web:{role}",
            source="web",
            fields={"yp_first_name": "Alex", "referrer_organisation": "Yate Academy"},
            transcript=[{"speaker": "professional", "text": "Hello", "at": "2025-06-15T09:00:00Z"}],
            submit=True,
        ).reference
        for role in ROLES
    }
    for role in ROLES:
        create_api_token(uow, name=f"Leaver {role}", role="art")
    with uow:
        token_ids = {role: uow.tokens.tokens(f"Leaver {role}")[0].id for role in ROLES}
    record_handoff_request(
        uow, conversation_key="web:art", source="web", reason="x", transcript=[], contact=None
    )
    record_consultation_request(
        uow, conversation_key="web:c", source="web", details={"topic": "a case"}
    )
    record_training_request(uow, conversation_key="web:t", source="web", details={"topic": "AIM"})
    return Subjects(references, token_ids, request_id=1)


def call(
    client: TestClient, route: Route, token: str | None, subjects: Subjects, role: str
) -> Response:
    path = route.path.format(
        reference=subjects.references[role],
        token_id=subjects.token_ids[role],
        request_id=subjects.request_id,
    )
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = route.body
    if body and "name" in body:
        body = {**body, "name": f"{body['name']} for {role}"}
    return client.request(route.method, path, headers=headers, json=body)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_every_route_checks_the_role(
    api: TestClient,
    staff_tokens: dict[str, str],
    subjects: Subjects,
    uow: SqlAlchemyUnitOfWork,
    route: Route,
) -> None:
    for role in ROLES:
        response = call(api, route, staff_tokens[role], subjects, role)
        assert "Traceback" not in response.text
        if role in route.allowed:
            assert response.status_code in (200, 201, 204), (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)
            assert response.json() == {"detail": f"The {role} role does not allow this."}

    for token in (None, "not-a-token", staff_tokens["art"] + "x"):
        refused = call(api, route, token, subjects, "art")
        assert refused.status_code == 401
        assert refused.json() == {"detail": "A valid staff token is required."}

    with uow:
        refusals = [e for e in uow.audit.events() if e.action == "access.refused"]
    assert sorted(e.actor.split(":")[1] for e in refusals) == sorted(
        {"art": "Sam Price", "clinician": "Dr Rowan Lee", "admin": "Ops Admin"}[role]
        for role in ROLES
        if role not in route.allowed
    )


DRAFT_ROUTES = [
    ("GET", "/api/referrals/{reference}", None),
    ("GET", "/api/referrals/{reference}/transcript", None),
    ("GET", "/api/referrals/{reference}/history", None),
    ("GET", "/api/referrals/{reference}/notes", None),
    ("POST", "/api/referrals/{reference}/notes", {"text": "A note."}),
    ("POST", "/api/referrals/{reference}/status", {"status": "withdrawn", "reason": "Duplicate."}),
    ("GET", "/api/referrals/{reference}/export", None),
    ("GET", "/api/referrals/{reference}/summary", None),
    ("POST", "/api/referrals/{reference}/printed", None),
]


def test_clinicians_see_referrals_once_submitted_and_art_sees_drafts(
    api: TestClient, staff_tokens: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    draft = record_immediate_risk(
        uow, conversation_key="sms:+447700900123", source="sms", fields={}, transcript=[]
    )
    clinician = {"Authorization": f"Bearer {staff_tokens['clinician']}"}
    art = {"Authorization": f"Bearer {staff_tokens['art']}"}

    for method, path, body in DRAFT_ROUTES:
        refused = api.request(method, path.format(reference=draft), headers=clinician, json=body)
        assert refused.status_code == 403, path
        assert "only the Access and Response Team" in refused.json()["detail"]
        allowed = api.request(method, path.format(reference=draft), headers=art, json=body)
        assert allowed.status_code in (200, 201, 204), (path, allowed.text)

    def references(path: str, headers: dict[str, str]) -> list[str]:
        return [item["reference"] for item in api.get(path, headers=headers).json()["items"]]

    assert references("/api/referrals", clinician) == []
    assert references("/api/referrals", art) == [draft]
    assert references("/api/referrals/queue", clinician) == []
    with uow:
        refused_reads = [e for e in uow.audit.events(draft) if e.detail == "refused: not submitted"]
    assert len(refused_reads) == len(DRAFT_ROUTES)
    assert {e.actor for e in refused_reads} == {"staff:Dr Rowan Lee"}


def test_unknown_references_are_404_for_every_referral_route(
    api: TestClient, staff_tokens: dict[str, str]
) -> None:
    art = {"Authorization": f"Bearer {staff_tokens['art']}"}
    for method, path, body in DRAFT_ROUTES:
        for reference in ("HSB-2025-99999", "nonsense"):
            response = api.request(method, path.format(reference=reference), headers=art, json=body)
            assert response.status_code == 404, path
            assert response.json() == {"detail": "No referral has that reference."}


def test_an_unexpected_error_is_a_plain_500(
    api: TestClient, staff_tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from backend.service import review

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("Jordanna Quillfeather, 3 May 2011")

    monkeypatch.setattr(review, "work_queue", broken)
    response = api.get(
        "/api/referrals/queue", headers={"Authorization": f"Bearer {staff_tokens['art']}"}
    )
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong; the error has been logged."}
    assert "Quillfeather" not in response.text and "Traceback" not in response.text


def test_the_api_is_documented(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    paths = document["paths"]
    for route in ROUTES:
        template = re.sub(r"/api/requests/\w+", "/api/requests/{kind}", route.path.split("?")[0])
        assert route.method.lower() in paths[template], template
    record = document["components"]["schemas"]["ReferralRecord"]["properties"]
    assert tuple(record) == RECORD_KEYS
    assert not [path for path in paths if path.startswith("/dashboard")]
