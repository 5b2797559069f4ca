"""Security in one place: staff API tokens and the HTTP security headers.

A token is shown once when created; only its SHA-256 hash is stored, so a copy of the
database does not give access. Lookups go by hash, so there is no timing to compare.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Literal, cast, get_args
from urllib.parse import urlsplit

from backend.service.unit_of_work import SqlAlchemyUnitOfWork

Role = Literal["art", "clinician", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)


@dataclass(frozen=True)
class StaffUser:
    name: str
    role: Role

    @property
    def actor(self) -> str:
        """How the audit log names them."""
        return f"staff:{self.name}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(uow: SqlAlchemyUnitOfWork, *, name: str, role: str) -> str:
    """Store a new token's hash and return the token itself, to be shown once."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if not name.strip():
        raise ValueError("a token needs a name")
    token = new_token()
    with uow:
        uow.tokens.add(name=name.strip(), role=role, token_hash=hash_token(token))
        uow.audit.record(actor="cli", action="token.created", detail=f"{name.strip()} ({role})")
        uow.commit()
    return token


def authenticate(uow: SqlAlchemyUnitOfWork, token: str) -> StaffUser | None:
    if not token:
        return None
    with uow:
        found = uow.tokens.find_active(hash_token(token))
    if found is None:
        return None
    name, role = found
    return StaffUser(name, cast(Role, role))


def bearer_token(authorization: str | None) -> str | None:
    """The token from an "Authorization: Bearer <token>" header, if well formed."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _websocket_origin(url: str) -> str:
    parts = urlsplit(url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return f"{scheme}://{parts.netloc}"


# FastAPI's /docs and /redoc pages load their scripts and styles from a CDN and start
# with an inline script; only those two staff-facing pages get this looser policy.
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
DOCS_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net",
        "style-src 'self' https://cdn.jsdelivr.net https://fonts.googleapis.com",
        "font-src https://fonts.gstatic.com",
        "img-src 'self' data: https://fastapi.tiangolo.com https://cdn.redoc.ly",
        "worker-src blob:",
        "frame-ancestors 'none'",
    )
)


def security_headers(rasa_public_url: str) -> dict[str, str]:
    """Headers for every response: the chat page may talk to itself and to Rasa only."""
    parts = urlsplit(rasa_public_url)
    rasa = f"{parts.scheme}://{parts.netloc}"
    policy = "; ".join(
        (
            "default-src 'self'",
            f"connect-src 'self' {rasa} {_websocket_origin(rasa_public_url)}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )
    return {
        "Content-Security-Policy": policy,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
    }
