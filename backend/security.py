"""Security in one place: staff accounts, roles and tokens, what each role may do, and
the HTTP security headers.

A token is shown once when created; only its SHA-256 hash is stored, so a copy of the
database does not give access. Lookups go by hash, so there is no timing to compare.
A token belongs to a staff account, which has one role; it is revoked from the command
line or by an administrator.

Who may issue a token (the rule the information-governance lead signs off):

- Every token expires. Made without a stated lifetime it lasts STAFF_TOKEN_DAYS (90 by
  default); through the API an administrator may choose a shorter life, never a longer
  one. Only the command line on the server (create-token --expires-in-days N) makes a
  longer one, up to MAX_STAFF_TOKEN_DAYS, and only when asked to.
- Through the API an administrator may create a NEW account, of any role, with its
  first token (to hand to its holder), or take a new token for their own account. A
  token for anyone else's existing account is refused (AccountExists, a 409): whoever
  holds a token can act as its account, and the audit log would name that account. A
  lost or expired token is replaced on the server (create-token), where the operator
  answers for it; an administrator only revokes.
- Every audit entry records the id of the token that acted (StaffUser.actor carries it),
  and the token.created entry records who made each token, with the id of their own
  token. So whatever a token does, even one an administrator made for a new account,
  traces back to the administrator who made it.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal, cast, get_args
from urllib.parse import urlsplit

from backend.domain.audit import Actor
from backend.domain.staff import StaffAccount, TokenInfo
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import DEFAULT_STAFF_TOKEN_DAYS, MAX_STAFF_TOKEN_DAYS

Role = Literal["art", "clinician", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
MAX_NAME_LENGTH = 100

Permission = Literal[
    "read_referrals",  # lists, the queue, records, transcripts, history, notes
    "export_referrals",  # the JSON export and the printable summary for the case file
    "decide",  # change a referral's status, with a reason
    "write_notes",
    "read_requests",  # consultation and training requests
    "read_handoffs",  # requests for a person, with their transcripts
    "manage_staff",  # accounts and tokens
    "read_audit",
    "draft_from_transcripts",  # hand over a referral call's transcript for a draft
]
# Who may do what. ART is the front door and sees everything, drafts included;
# clinicians see referrals once submitted (see sees_drafts); an administrator manages
# accounts and reads the audit log, and may read records but decides nothing.
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    "read_referrals": frozenset({"art", "clinician", "admin"}),
    "export_referrals": frozenset({"art", "clinician"}),
    "decide": frozenset({"art", "clinician"}),
    "write_notes": frozenset({"art", "clinician"}),
    "read_requests": frozenset({"art", "clinician", "admin"}),
    "read_handoffs": frozenset({"art", "admin"}),
    "manage_staff": frozenset({"admin"}),
    "read_audit": frozenset({"admin"}),
    "draft_from_transcripts": frozenset({"art"}),
}


@dataclass(frozen=True)
class StaffUser:
    name: str
    role: Role
    # The token they signed in with; not part of who they are (two tokens of one
    # account are the same person), but recorded with everything they do.
    token_id: int | None = field(default=None, compare=False)

    @property
    def actor(self) -> Actor:
        """How the audit log names them ("staff:Jo Bloggs"), carrying the id of the token
        they signed in with, which the audit log records beside the name."""
        return Actor(f"staff:{self.name}", self.token_id)

    def may(self, permission: Permission) -> bool:
        return self.role in PERMISSIONS[permission]

    @property
    def sees_drafts(self) -> bool:
        """Drafts (a conversation not yet submitted) are for the front door only."""
        return self.role in ("art", "admin")


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    return cast(Role, role)


def _check_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a staff account needs a name")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"a name has at most {MAX_NAME_LENGTH} characters")
    return cleaned


def _folded(name: str) -> str:
    """A name as a reader of the audit log would take it: case and look-alike forms of
    the same letters (NFKC) are one name."""
    return unicodedata.normalize("NFKC", name).casefold()


@dataclass(frozen=True)
class IssuedToken:
    """A new token: shown once, here, and never again."""

    token: str
    id: int
    account: str
    role: Role
    expires_at: datetime


class AccountExists(ValueError):
    """A token asked for someone else's existing account through the API. Whoever holds
    a token acts as its account, and the audit log names that account: so only the
    command line on the server issues one (see the module's docstring)."""


def issue_token(
    uow: SqlAlchemyUnitOfWork,
    *,
    name: str,
    role: str,
    expires_in_days: int = DEFAULT_STAFF_TOKEN_DAYS,
    actor: str = "cli",
    existing_account_allowed: bool = True,
) -> IssuedToken:
    """A new token for the named account, created with this role if it does not exist.

    An existing account keeps its role: asking for another role is refused (change it
    with set_role), so a token never quietly grants more than the account has. With
    existing_account_allowed False (an administrator in the API, for anyone but
    themselves), a token is only issued with a new account: AccountExists otherwise.
    A new account's name may not differ from an existing one's only in case or in
    look-alike characters (ValueError), so no entry seems to name someone it does not.
    Every token expires, expires_in_days (1 to MAX_STAFF_TOKEN_DAYS) after it is made; the
    callers pass STAFF_TOKEN_DAYS when nobody chose. The audit entries name the actor
    and record the token they acted with (an Actor carries it).
    """
    checked_role = check_role(role)
    name = _check_name(name)
    if not 1 <= expires_in_days <= MAX_STAFF_TOKEN_DAYS:
        raise ValueError(f"a token expires 1 to {MAX_STAFF_TOKEN_DAYS} days after it is made")
    expires_at = _now() + timedelta(days=expires_in_days)
    token = new_token()
    with uow:
        account = uow.tokens.account(name)
        if account is not None and not existing_account_allowed:
            raise AccountExists(
                f"The account {name!r} exists already, and only its holder may have a new "
                "token for it: an administrator may make a new account with its first token, "
                "or a token for their own account. A replacement for someone else is issued "
                "on the server (python -m backend.cli create-token)."
            )
        if account is None:
            twin = next(
                (a.name for a in uow.tokens.accounts() if _folded(a.name) == _folded(name)), None
            )
            if twin is not None:  # "sam price" beside "Sam Price" would pass for them
                raise ValueError(
                    f"The name {name!r} is too like the existing account {twin!r}: the audit "
                    "log would seem to name them. Choose a name nobody could take for theirs."
                )
            account = uow.tokens.add_account(name=name, role=checked_role)
            uow.audit.record(actor=actor, action="account.created", detail=f"{name} ({role})")
        elif account.role != checked_role:
            raise ValueError(
                f"the account {name!r} has the role {account.role}; "
                "change it with set-role first, or choose another name"
            )
        token_id = uow.tokens.add(
            account_id=account.id, token_hash=hash_token(token), expires_at=expires_at
        )
        uow.audit.record(
            actor=actor,
            action="token.created",
            detail=f"token {token_id} for {name} ({role}), expires {expires_at.date().isoformat()}",
        )
        uow.commit()
    return IssuedToken(token, token_id, name, checked_role, expires_at)


def create_api_token(uow: SqlAlchemyUnitOfWork, *, name: str, role: str) -> str:
    """Store a new token's hash (for the default lifetime) and return the token itself,
    to be shown once."""
    return issue_token(uow, name=name, role=role).token


def revoke_tokens(
    uow: SqlAlchemyUnitOfWork,
    *,
    token_id: int | None = None,
    account: str | None = None,
    actor: str = "cli",
) -> list[int]:
    """Revoke one token by id, or every token of an account; the ids revoked."""
    if (token_id is None) == (account is None):
        raise ValueError("revoke one token (by id) or every token of one account (by name)")
    with uow:
        if token_id is not None:
            ids = [token_id]
        else:
            ids = [t.id for t in uow.tokens.tokens(_check_name(account or ""))]
        revoked = uow.tokens.revoke(ids, _now())
        for revoked_id in revoked:
            uow.audit.record(actor=actor, action="token.revoked", detail=f"token {revoked_id}")
        uow.commit()
    return revoked


def set_role(uow: SqlAlchemyUnitOfWork, *, name: str, role: str, actor: str = "cli") -> None:
    checked_role = check_role(role)
    with uow:
        account = uow.tokens.account(_check_name(name))
        if account is None:
            raise ValueError(f"there is no account named {name!r}")
        uow.tokens.set_role(account.id, checked_role)
        uow.audit.record(
            actor=actor, action="account.role_changed", detail=f"{name}: {account.role} -> {role}"
        )
        uow.commit()


def staff_accounts(
    uow: SqlAlchemyUnitOfWork, *, actor: str = "cli"
) -> tuple[list[StaffAccount], list[TokenInfo]]:
    """Every account and every token's metadata (never a token or its hash); audited."""
    with uow:
        accounts, tokens = uow.tokens.accounts(), uow.tokens.tokens()
        uow.audit.record(actor=actor, action="staff.list", detail=f"count={len(accounts)}")
        uow.commit()
    return accounts, tokens


def authenticate(uow: SqlAlchemyUnitOfWork, token: str) -> StaffUser | None:
    """The member of staff this token signs in, or None: looked up on every request, so
    a revoked or expired token is refused at once."""
    if not token:
        return None
    with uow.reading():  # one lookup: no transaction, no write lock
        found = uow.tokens.find_active(hash_token(token), _now())
    if found is None:
        return None
    return StaffUser(found.account, cast(Role, found.role), token_id=found.id)


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


# The staff dashboard talks to its own API only and runs only its own script and styles:
# a referrer's text shown in it can never become code.
DASHBOARD_PREFIX = "/dashboard"
DASHBOARD_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)


def summary_policy(style_hash: str) -> str:
    """The printable summary: its one inline stylesheet (by hash), nothing else at all."""
    return "; ".join(
        (
            "default-src 'none'",
            f"style-src '{style_hash}'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'",
        )
    )


# The chat page is the one page other sites may frame: the embeddable widget
# (bot/webchat/static/widget.js) shows it on the pages of WIDGET_HOST_ORIGINS only.
CHAT_PAGE_PATH = "/"


def chat_page_policy(default_policy: str, host_origins: tuple[str, ...]) -> str:
    """The default policy, but framed by the chat's own origin and the widget's hosts.
    X-Frame-Options cannot name several sites, so the chat page goes without it and
    frame-ancestors, which browsers obey in its place, decides."""
    allowed = " ".join(("'self'", *host_origins))
    return default_policy.replace("frame-ancestors 'none'", f"frame-ancestors {allowed}")


def content_policy_for(path: str, default_policy: str, chat_policy: str) -> str:
    if path == CHAT_PAGE_PATH:
        return chat_policy
    if path in DOCS_PATHS:
        return DOCS_POLICY
    if path == DASHBOARD_PREFIX or path.startswith(DASHBOARD_PREFIX + "/"):
        return DASHBOARD_POLICY
    return default_policy
