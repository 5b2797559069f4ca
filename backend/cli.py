"""Administration from the command line.

python -m backend.cli migrate                       # alembic upgrade head
python -m backend.cli create-token --name NAME --role art|clinician|admin
python -m backend.cli generate-key                  # a new FIELD_ENCRYPTION_KEY
python -m backend.cli rotate-keys                   # re-encrypt under the current key
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from alembic import command
from alembic.config import Config

from backend.settings import REPO_ROOT, ConfigurationError, get_settings


def alembic_config(database_url: str | None = None) -> Config:
    """The repository's alembic.ini, pointed at a database (default: settings)."""
    config = Config(str(REPO_ROOT / "alembic.ini"))
    if database_url:
        # configparser treats "%" as interpolation; URLs may carry %-escapes.
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def migrate(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def _create_token(args: argparse.Namespace) -> int:
    from backend.adapters.db import make_engine, make_session_factory
    from backend.security import create_api_token
    from backend.service.unit_of_work import SqlAlchemyUnitOfWork

    engine = make_engine(get_settings().database_url)
    uow = SqlAlchemyUnitOfWork(make_session_factory(engine))
    try:
        token = create_api_token(uow, name=args.name, role=args.role)
    finally:
        engine.dispose()
    print(token)
    print("Keep this token safe: it is shown only once.", file=sys.stderr)
    return 0


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
    token = commands.add_parser("create-token", help="issue a staff API token (shown once)")
    token.add_argument("--name", required=True)
    token.add_argument("--role", required=True, choices=("art", "clinician", "admin"))
    token.set_defaults(run=_create_token)
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
