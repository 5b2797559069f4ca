"""Staff accounts and tokens on both databases: expiry, revocation, and the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from backend.security import authenticate, hash_token, issue_token, revoke_tokens
from backend.service.unit_of_work import SqlAlchemyUnitOfWork


def test_an_expired_token_no_longer_signs_in(uow: SqlAlchemyUnitOfWork) -> None:
    issued = issue_token(uow, name="Temp Worker", role="art", expires_in_days=1)
    assert issued.expires_at is not None
    user = authenticate(uow, issued.token)
    assert user is not None and (user.name, user.role) == ("Temp Worker", "art")
    with uow:
        tomorrow_and_a_bit = datetime.now(timezone.utc) + timedelta(days=1, minutes=1)
        assert uow.tokens.find_active(hash_token(issued.token), tomorrow_and_a_bit) is None


def test_an_account_keeps_one_role(uow: SqlAlchemyUnitOfWork) -> None:
    issue_token(uow, name="Jo Bloggs", role="art")
    again = issue_token(uow, name="  Jo   Bloggs ", role="art")  # the same person, tidied
    assert again.account == "Jo Bloggs"
    with pytest.raises(ValueError, match="has the role art"):
        issue_token(uow, name="Jo Bloggs", role="admin")
    for name in ("", "   ", "x" * 101):
        with pytest.raises(ValueError):
            issue_token(uow, name=name, role="art")
    with pytest.raises(ValueError):
        issue_token(uow, name="Someone", role="superuser")


def test_token_changes_are_audited(uow: SqlAlchemyUnitOfWork) -> None:
    issued = issue_token(uow, name="Jo Bloggs", role="art", actor="staff:Ops Admin")
    assert revoke_tokens(uow, token_id=issued.id, actor="staff:Ops Admin") == [issued.id]
    assert revoke_tokens(uow, token_id=issued.id) == []
    with uow:
        events = [(e.actor, e.action) for e in uow.audit.events()]
    assert events == [
        ("staff:Ops Admin", "account.created"),
        ("staff:Ops Admin", "token.created"),
        ("staff:Ops Admin", "token.revoked"),
    ]


def test_an_administrator_manages_tokens_over_the_api(
    api: TestClient, staff_tokens: dict[str, str]
) -> None:
    admin = {"Authorization": f"Bearer {staff_tokens['admin']}"}
    created = api.post(
        "/api/staff/tokens",
        headers=admin,
        json={"name": "New Starter", "role": "clinician", "expires_in_days": 90},
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["account"], body["role"]) == ("New Starter", "clinician")
    new = {"Authorization": f"Bearer {body['token']}"}
    assert api.get("/api/me", headers=new).json()["role"] == "clinician"

    staff = api.get("/api/staff", headers=admin).json()
    starter = next(account for account in staff if account["name"] == "New Starter")
    assert [t["active"] for t in starter["tokens"]] == [True]
    assert starter["tokens"][0]["expires_at"] is not None
    assert body["token"] not in str(staff)

    clash = api.post(
        "/api/staff/tokens", headers=admin, json={"name": "New Starter", "role": "admin"}
    )
    assert clash.status_code == 409
    bad = api.post("/api/staff/tokens", headers=admin, json={"name": "X", "role": "root"})
    assert bad.status_code == 422

    revoked = api.post(f"/api/staff/tokens/{body['id']}/revoke", headers=admin)
    assert revoked.json() == {"revoked": [body["id"]]}
    assert api.get("/api/me", headers=new).status_code == 401
    assert api.post(f"/api/staff/tokens/{body['id']}/revoke", headers=admin).status_code == 404
