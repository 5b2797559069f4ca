"""Staff accounts and tokens on both databases: expiry, revocation, and the audit trail."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backend.domain.audit import Actor, token_of
from backend.security import StaffUser, authenticate, hash_token, issue_token, revoke_tokens
from backend.service.referrals import save_referral
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import MAX_STAFF_TOKEN_DAYS


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


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_an_administrator_cannot_act_as_someone_else(
    api: TestClient, staff_tokens: dict[str, str]
) -> None:
    """Found by an attacker probe: an admin could take a new token for an existing ART
    account, act with it, and the audit log named the ART member. Through the API only
    a new account (with its first token) or the admin's own account gets a token."""
    admin = bearer(staff_tokens["admin"])
    me = api.get("/api/me", headers=admin).json()
    others = [a for a in api.get("/api/staff", headers=admin).json() if a["name"] != me["name"]]
    assert {a["role"] for a in others} == {"art", "clinician"}
    for existing in others:
        for name in (existing["name"], f"  {existing['name']} "):  # the same account, tidied
            taken = api.post(
                "/api/staff/tokens", headers=admin, json={"name": name, "role": existing["role"]}
            )
            assert taken.status_code == 409, existing["name"]
            detail = taken.json()["detail"]
            assert "exists already" in detail and "backend.cli create-token" in detail
    after = {a["name"]: len(a["tokens"]) for a in api.get("/api/staff", headers=admin).json()}
    assert all(after[a["name"]] == len(a["tokens"]) for a in others)  # no token was made

    own = api.post("/api/staff/tokens", headers=admin, json={"name": me["name"], "role": "admin"})
    assert own.status_code == 201 and own.json()["account"] == me["name"]
    assert api.get("/api/me", headers=bearer(own.json()["token"])).json()["role"] == "admin"
    another_role = api.post(
        "/api/staff/tokens", headers=admin, json={"name": me["name"], "role": "art"}
    )
    assert another_role.status_code == 409 and "has the role admin" in another_role.json()["detail"]


def test_every_entry_names_the_token_that_acted(
    api: TestClient, staff_tokens: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    """The probe's case: an administrator makes a new ART account and acts with its
    first token. The entries name the ART account, and record the token, whose
    token.created entry names the administrator and the administrator's own token."""
    admin = bearer(staff_tokens["admin"])
    reference = save_referral(
        uow,
        conversation_key="web:probe",
        source="web",
        fields={"referrer_organisation": "Yate Academy", "yp_first_name": "Alex"},
        transcript=[],
        submit=True,
    ).reference
    made = api.post("/api/staff/tokens", headers=admin, json={"name": "probe-art", "role": "art"})
    assert made.status_code == 201
    probe = made.json()
    noted = api.post(
        f"/api/referrals/{reference}/notes", headers=bearer(probe["token"]), json={"text": "Hi"}
    )
    assert noted.status_code == 201
    again = api.post("/api/staff/tokens", headers=admin, json={"name": "probe-art", "role": "art"})
    assert again.status_code == 409

    with uow:
        events = uow.audit.events()
        admin_token = uow.tokens.find_active(
            hash_token(staff_tokens["admin"]), datetime.now(timezone.utc)
        )
    assert admin_token is not None and admin_token.account == "Ops Admin"
    note = next(e for e in events if e.action == "referral.note_added")
    assert (note.actor, note.reference, note.token_id) == (
        "staff:probe-art",
        reference,
        probe["id"],
    )
    created = next(
        e for e in events if e.action == "token.created" and e.detail and "probe-art" in e.detail
    )
    assert created.detail is not None and created.detail.startswith(f"token {probe['id']} for ")
    assert (created.actor, created.token_id) == ("staff:Ops Admin", admin_token.id)
    # Every entry a member of staff caused records a token; the bot's and the command
    # line's (the fixtures' tokens were made there) record none.
    for event in events:
        assert (event.token_id is not None) == event.actor.startswith("staff:"), event
    assert str(probe["token"]) not in str(events)


def test_a_token_made_without_a_lifetime_expires(
    api: TestClient, staff_tokens: dict[str, str]
) -> None:
    admin = bearer(staff_tokens["admin"])
    made = api.post("/api/staff/tokens", headers=admin, json={"name": "Temp", "role": "art"})
    assert made.status_code == 201
    expires = datetime.fromisoformat(made.json()["expires_at"])
    assert timedelta(days=89) < expires - datetime.now(timezone.utc) <= timedelta(days=90)


def test_the_api_makes_no_token_longer_than_the_setting(
    api: TestClient, staff_tokens: dict[str, str]
) -> None:
    admin = bearer(staff_tokens["admin"])

    def make(name: str, days: int) -> Any:
        body = {"name": name, "role": "clinician", "expires_in_days": days}
        return api.post("/api/staff/tokens", headers=admin, json=body)

    assert make("Short", 7).status_code == 201
    assert make("Longest", 90).status_code == 201
    longer = make("Longer", 91)
    assert longer.status_code == 422
    [problem] = longer.json()["detail"]
    assert problem["loc"] == ["body", "expires_in_days"] and "at most 90 days" in problem["msg"]
    staff = {a["name"] for a in api.get("/api/staff", headers=admin).json()}
    assert {"Short", "Longest"} <= staff and "Longer" not in staff


def test_every_token_expires(uow: SqlAlchemyUnitOfWork) -> None:
    """Made in code without a lifetime: the default; the command line's longest, ten
    years; nothing longer, and nothing that never expires."""
    now = datetime.now(timezone.utc)
    default = issue_token(uow, name="Default", role="art")
    assert timedelta(days=89) < default.expires_at - now <= timedelta(days=90, minutes=1)
    longest = issue_token(uow, name="Service", role="art", expires_in_days=MAX_STAFF_TOKEN_DAYS)
    assert longest.expires_at - now > timedelta(days=MAX_STAFF_TOKEN_DAYS - 1)
    for days in (0, -1, MAX_STAFF_TOKEN_DAYS + 1, 10**9):
        with pytest.raises(ValueError, match="expires 1 to"):
            issue_token(uow, name="Default", role="art", expires_in_days=days)
    with uow:
        assert all(token.expires_at is not None for token in uow.tokens.tokens())


def test_the_token_id_is_not_part_of_who_someone_is() -> None:
    one, other = (
        StaffUser("Jo Bloggs", "art", token_id=1),
        StaffUser("Jo Bloggs", "art", token_id=2),
    )
    assert one == other and one.actor == other.actor == "staff:Jo Bloggs"
    assert (token_of(one.actor), token_of(other.actor), token_of("cli")) == (1, 2, None)
    assert Actor("staff:Jo Bloggs", 3)[:5] == "staff" and isinstance(one.actor, str)


def test_the_refusal_is_documented(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    refused = document["paths"]["/api/staff/tokens"]["post"]["responses"]["409"]
    assert "issued only on the server" in refused["description"]
    example = refused["content"]["application/json"]["example"]["detail"]
    assert "exists already" in example


def test_no_new_account_passes_for_an_existing_one(
    api: TestClient, staff_tokens: dict[str, str], uow: SqlAlchemyUnitOfWork
) -> None:
    """A name that differs from an existing account's only in case or in look-alike
    characters would make the audit log seem to name that person: refused, in the API
    (409) and on the command line alike."""
    admin = bearer(staff_tokens["admin"])
    for name in ("sam price", "SAM PRICE", "Ｓam Price", "ops admin"):
        made = api.post("/api/staff/tokens", headers=admin, json={"name": name, "role": "art"})
        assert made.status_code == 409, name
        assert "too like the existing account" in made.json()["detail"]
    with pytest.raises(ValueError, match="too like the existing account 'Dr Rowan Lee'"):
        issue_token(uow, name="DR ROWAN LEE", role="clinician")
    assert (
        api.post(
            "/api/staff/tokens", headers=admin, json={"name": "Sam Pryce", "role": "art"}
        ).status_code
        == 201
    )
