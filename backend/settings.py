"""All configuration in one place: read from the environment and the repository's .env.

Attributes are lower case (settings.database_url); the upper-case names of the
environment variables work too (settings.DATABASE_URL).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dotenv import dotenv_values
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RASA_PUBLIC_URL = "http://localhost:5005"


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    field_encryption_key: str | None = None
    # Earlier keys, comma-separated in the environment, still read after a rotation.
    field_encryption_old_keys: tuple[str, ...] = ()
    rasa_public_url: str = DEFAULT_RASA_PUBLIC_URL
    log_level: str = "INFO"

    @property
    def DATABASE_URL(self) -> str:
        return self.database_url

    @property
    def FIELD_ENCRYPTION_KEY(self) -> str | None:
        return self.field_encryption_key

    @property
    def FIELD_ENCRYPTION_OLD_KEYS(self) -> tuple[str, ...]:
        return self.field_encryption_old_keys

    @property
    def RASA_PUBLIC_URL(self) -> str:
        return self.rasa_public_url

    @property
    def LOG_LEVEL(self) -> str:
        return self.log_level


def sqlite_url_in_repo(url: str) -> str:
    """A relative SQLite path is taken from the repository root, not the working
    directory, so the action server and the API always open the same file; its folder
    is created if missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    path = Path(parsed.database)
    if not path.is_absolute():
        path = REPO_ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True)
    return parsed.set(database=str(path)).render_as_string(hide_password=False)


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment, then .env at the repository root for what is unset."""
    if environ is None:
        dotenv = {k: v for k, v in dotenv_values(REPO_ROOT / ".env").items() if v is not None}
        environ = {**dotenv, **os.environ}
    old_keys = environ.get("FIELD_ENCRYPTION_OLD_KEYS", "")
    rasa_url = environ.get("RASA_PUBLIC_URL") or DEFAULT_RASA_PUBLIC_URL
    return Settings(
        database_url=sqlite_url_in_repo(environ.get("DATABASE_URL") or "sqlite:///var/hsb.db"),
        field_encryption_key=environ.get("FIELD_ENCRYPTION_KEY") or None,
        field_encryption_old_keys=tuple(k.strip() for k in old_keys.split(",") if k.strip()),
        rasa_public_url=rasa_url.rstrip("/"),
        log_level=(environ.get("LOG_LEVEL") or "INFO").upper(),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def configure_logging(settings: Settings) -> None:
    """Plain logs of events and references only; callers never pass message text."""
    logging.basicConfig(
        level=getattr(logging, settings.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Even at DEBUG, no SQL statements in the logs.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
