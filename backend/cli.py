"""Administration from the command line.

python -m backend.cli migrate                       # alembic upgrade head
python -m backend.cli create-token --name NAME --role art|clinician|admin [--expires-in-days N]
python -m backend.cli list-tokens                   # accounts, roles, token dates
python -m backend.cli revoke-token --id ID | --name NAME
python -m backend.cli set-role --name NAME --role ROLE
python -m backend.cli send-notifications            # one pass over the e-mail outbox
python -m backend.cli send-followups                # one pass of the SMS follow-ups due
python -m backend.cli generate-key                  # a new FIELD_ENCRYPTION_KEY
python -m backend.cli rotate-keys                   # re-encrypt under the current key
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config

from backend.settings import REPO_ROOT, ConfigurationError, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from backend.service.unit_of_work import SqlAlchemyUnitOfWork


def alembic_config(database_url: str | None = None) -> Config:
    """The repository's alembic.ini, pointed at a database (default: settings)."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    if database_url:
        # configparser treats "%" as interpolation; URLs may carry %-escapes.
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(database_url: str | None = None, revision: str = "head") -> None:
    """Upgrade the schema. A SQLite database is opened through make_engine, so its
    folder is made 0700 if missing and the database and its -wal and -shm files 0600,
    before and after the upgrade (backend.adapters.db)."""
    command.upgrade(alembic_config(database_url), revision)


def _uow() -> tuple[SqlAlchemyUnitOfWork, Engine]:
    from backend.adapters.db import make_engine, make_session_factory
    from backend.service.unit_of_work import SqlAlchemyUnitOfWork

    engine = make_engine(get_settings().database_url)
    return SqlAlchemyUnitOfWork(make_session_factory(engine)), engine


def _create_token(args: argparse.Namespace) -> int:
    """A token for any account, new or existing: the server's operator answers for it
    (the API gives an administrator only a new account's first token, or their own).
    It lasts STAFF_TOKEN_DAYS unless --expires-in-days says otherwise, up to ten years."""
    from backend.security import issue_token

    uow, engine = _uow()
    try:
        issued = issue_token(
            uow,
            name=args.name,
            role=args.role,
            expires_in_days=(
                get_settings().staff_token_days
                if args.expires_in_days is None
                else args.expires_in_days
            ),
        )
    finally:
        engine.dispose()
    print(issued.token)
    print(
        f"Token {issued.id} for {issued.account} ({issued.role}). "
        f"It expires on {issued.expires_at:%-d %B %Y}. "
        "Keep this token safe: it is shown only once.",
        file=sys.stderr,
    )
    return 0


def _list_tokens(_args: argparse.Namespace) -> int:
    from backend.security import staff_accounts

    uow, engine = _uow()
    try:
        accounts, tokens = staff_accounts(uow)
    finally:
        engine.dispose()
    now = datetime.now(timezone.utc)
    for account in accounts:
        print(f"{account.name} ({account.role})")
        for token in (t for t in tokens if t.account == account.name):
            state = (
                f"revoked {token.revoked_at:%Y-%m-%d}"
                if token.revoked_at
                else "expired"
                if not token.is_active(now)
                else "active"
            )
            expiry = f", expires {token.expires_at:%Y-%m-%d}" if token.expires_at else ""
            print(f"  token {token.id}: made {token.created_at:%Y-%m-%d}{expiry}, {state}")
    return 0


def _revoke_token(args: argparse.Namespace) -> int:
    from backend.security import revoke_tokens

    uow, engine = _uow()
    try:
        revoked = revoke_tokens(uow, token_id=args.id, account=args.name)
    finally:
        engine.dispose()
    if not revoked:
        print("No active token matched; nothing was revoked.", file=sys.stderr)
        return 1
    print(f"Revoked token(s) {', '.join(str(i) for i in revoked)}.")
    return 0


def _set_role(args: argparse.Namespace) -> int:
    from backend.security import set_role

    uow, engine = _uow()
    try:
        set_role(uow, name=args.name, role=args.role)
    finally:
        engine.dispose()
    print(f"{args.name} now has the role {args.role}.")
    return 0


def _send_notifications(_args: argparse.Namespace) -> int:
    from backend.adapters.mailer import SmtpMailer
    from backend.service.notifications import deliver_pending

    settings = get_settings()
    mailer = SmtpMailer.from_settings(settings)
    if mailer is None:
        print("SMTP_HOST is not set: nothing sent; events wait in the outbox.", file=sys.stderr)
        return 1
    uow, engine = _uow()
    try:
        report = deliver_pending(uow, mailer, dashboard_url=settings.dashboard_url)
    finally:
        engine.dispose()
    print(f"Sent {report.sent}, failed {report.failed}, {report.pending} waiting in the outbox.")
    return 0 if report.failed == 0 else 1


def _send_followups(_args: argparse.Namespace) -> int:
    import asyncio

    from backend.adapters.twilio_sms import make_sender
    from backend.service.followup_schedule import FollowupPolicy, send_due_followups

    sms = get_settings().sms
    sender = make_sender(sms)
    if sender is None or not sms.followups_enabled:
        print(
            "TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, a sender (TWILIO_FROM_NUMBER or "
            "TWILIO_MESSAGING_SERVICE_SID) and SMS_NUMBER_KEY are needed: nothing sent.",
            file=sys.stderr,
        )
        return 1
    uow, engine = _uow()

    async def one_pass() -> Any:
        try:
            return await send_due_followups(
                uow,
                sender,
                number_key=sms.number_key_bytes,
                policy=FollowupPolicy.from_settings(sms),
            )
        finally:
            await sender.close()

    try:
        report = asyncio.run(one_pass())
    finally:
        engine.dispose()
    print(
        f"Sent {report.sent}, failed {report.failed}, closed {report.closed}; "
        f"{report.open} follow-up(s) open."
    )
    return 0 if report.failed == 0 else 1


def _rotate_keys(_args: argparse.Namespace) -> int:
    from backend.adapters.db import make_engine
    from backend.adapters.encryption import FieldCipher
    from backend.adapters.key_rotation import rotate_keys

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        changed = rotate_keys(engine, FieldCipher.from_settings(settings))
    finally:
        engine.dispose()
    print(f"Re-encrypted {changed} values under the current key.")
    return 0


def _generate_key(_args: argparse.Namespace) -> int:
    from backend.adapters.encryption import generate_key

    print(generate_key())
    return 0


def _migrate(args: argparse.Namespace) -> int:
    migrate(revision=args.revision)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m backend.cli", description=__doc__.split("\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    upgrade = commands.add_parser("migrate", help="bring the database schema up to date")
    upgrade.add_argument("--revision", default="head")
    upgrade.set_defaults(run=_migrate)
    roles = ("art", "clinician", "admin")
    token = commands.add_parser(
        "create-token",
        help="issue a staff API token (shown once); creates the account if it is new",
    )
    token.add_argument("--name", required=True)
    token.add_argument("--role", required=True, choices=roles)
    token.add_argument(
        "--expires-in-days",
        type=int,
        default=None,
        metavar="DAYS",
        help="how long it lasts: 1 to 3650 days (default STAFF_TOKEN_DAYS, 90)",
    )
    token.set_defaults(run=_create_token)
    commands.add_parser(
        "list-tokens", help="staff accounts, roles and their tokens' dates"
    ).set_defaults(run=_list_tokens)
    revoke = commands.add_parser("revoke-token", help="revoke a token, or all of an account's")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, help="the token's id (see list-tokens)")
    which.add_argument("--name", help="revoke every token of this account")
    revoke.set_defaults(run=_revoke_token)
    role = commands.add_parser("set-role", help="change a staff account's role")
    role.add_argument("--name", required=True)
    role.add_argument("--role", required=True, choices=roles)
    role.set_defaults(run=_set_role)
    commands.add_parser(
        "send-notifications", help="send the e-mails waiting in the outbox (one pass)"
    ).set_defaults(run=_send_notifications)
    commands.add_parser(
        "send-followups", help="send the SMS follow-ups that are due (one pass)"
    ).set_defaults(run=_send_followups)
    commands.add_parser("generate-key", help="print a new FIELD_ENCRYPTION_KEY").set_defaults(
        run=_generate_key
    )
    commands.add_parser(
        "rotate-keys", help="re-encrypt values written under FIELD_ENCRYPTION_OLD_KEYS"
    ).set_defaults(run=_rotate_keys)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (ConfigurationError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
