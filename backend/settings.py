"""All configuration in one place: read from the environment and the repository's .env.

Attributes are lower case (settings.database_url); the upper-case names of the
environment variables work too (settings.DATABASE_URL).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dotenv import dotenv_values
from sqlalchemy.engine import make_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RASA_PUBLIC_URL = "http://localhost:5005"
DEFAULT_NOTIFY_FROM = "hsb-referrals@localhost"
# Staff tokens: how long one lasts when nobody chose (STAFF_TOKEN_DAYS), and the longest
# life the command line may give one when asked (backend.security says who may do what).
DEFAULT_STAFF_TOKEN_DAYS = 90
MAX_STAFF_TOKEN_DAYS = 3650
# The conversation store keeps a conversation this long after its last message; the
# bot's tracker store (bot/tracker_store.py, another process) reads the same variable.
DEFAULT_CONVERSATION_RETENTION_MINUTES = 2880
# API_WORKER_THREADS: measured with scripts/bench (README, "Measuring speed").
DEFAULT_API_WORKER_THREADS = 4
MAX_API_WORKER_THREADS = 200
# The SQLite database's folder and files are the service account's alone: references,
# flags and the audit log are kept in clear there (backend.adapters.db).
PRIVATE_FOLDER_MODE = 0o700
# The bot's SMS channel (bot/channels/sms_relay.py), under RASA_PUBLIC_URL by default.
RELAY_PATH = "/webhooks/twilio_sms/webhook"
MIN_SECRET_CHARS = 32


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; the message says how to fix it."""


@dataclass(frozen=True)
class SmsSettings:
    """SMS is optional, and every part of it switches itself off while its settings
    are missing:

    - Without TWILIO_AUTH_TOKEN or TWILIO_INBOUND_URL every inbound request is refused
      (403).
    - Without TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and a sender (TWILIO_FROM_NUMBER or
      TWILIO_MESSAGING_SERVICE_SID) nothing is sent.
    - Without SMS_NUMBER_KEY (or without sending) no follow-up is scheduled; without
      SMS_NUMBER_KEY and SMS_RELAY_SECRET no text is relayed to the bot, whose SMS
      channel refuses everything without SMS_RELAY_SECRET.
    """

    twilio_account_sid: str = ""
    twilio_auth_token: str = field(default="", repr=False)
    twilio_from_number: str = ""
    twilio_messaging_service_sid: str = ""
    # The public URL Twilio posts inbound texts to, exactly as set in the Twilio console:
    # signatures are computed over it (not over whatever URL the request arrived on).
    twilio_inbound_url: str = ""
    relay_url: str = DEFAULT_RASA_PUBLIC_URL + RELAY_PATH
    relay_secret: str = field(default="", repr=False)
    number_key: str = field(default="", repr=False)
    max_segments: int = 3
    followup_delay_minutes: float = 60.0
    followup_reminder_interval_minutes: float = 1440.0
    followup_max_reminders: int = 2
    followup_interval_seconds: float = 60.0
    # Follow-up texts go only between these hours, UK time (from inclusive, to exclusive);
    # replies to a referrer's own texts go at any time.
    followup_send_hours: tuple[int, int] = (8, 20)

    @property
    def accepts_inbound(self) -> bool:
        return bool(self.twilio_auth_token and self.twilio_inbound_url)

    @property
    def can_send(self) -> bool:
        return bool(
            self.twilio_account_sid
            and self.twilio_auth_token
            and (self.twilio_from_number or self.twilio_messaging_service_sid)
        )

    @property
    def can_relay(self) -> bool:
        return bool(self.relay_secret and self.number_key)

    @property
    def number_key_bytes(self) -> bytes:
        return self.number_key.encode()

    @property
    def followups_enabled(self) -> bool:
        """Follow-ups are scheduled and sent only when numbers can be hashed and Twilio is
        set up: none wait for months to go out the day Twilio is configured."""
        return bool(self.number_key) and self.can_send

    @property
    def max_texts(self) -> int:
        """The first follow-up text and its reminders."""
        return 1 + self.followup_max_reminders


@dataclass(frozen=True)
class Settings:
    database_url: str
    field_encryption_key: str | None = field(default=None, repr=False)
    # Earlier keys, comma-separated in the environment, still read after a rotation.
    field_encryption_old_keys: tuple[str, ...] = ()
    rasa_public_url: str = DEFAULT_RASA_PUBLIC_URL
    log_level: str = "INFO"
    # Notifications to the team (backend/adapters/mailer.py). No SMTP host: the outbox
    # keeps every event and nothing is sent.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_starttls: bool = True
    notify_from: str = DEFAULT_NOTIFY_FROM
    # The team's address(es), comma-separated in the environment.
    notify_to: tuple[str, ...] = ()
    notify_interval_seconds: float = 60.0
    # Where staff open the dashboard, for links in notifications (optional).
    dashboard_url: str | None = None
    # ART call transcripts are relayed to the bot's art_transcript channel, signed with
    # this secret; without it the transcript handoff is switched off.
    transcript_relay_url: str = DEFAULT_RASA_PUBLIC_URL + "/webhooks/art_transcript/webhook"
    transcript_relay_secret: str = field(default="", repr=False)
    # The action server (actions/server.py): where it listens, the secret the Rasa
    # server must send with every call, and its spool of side effects waiting for the
    # database (actions/spool.py).
    action_server_host: str = "127.0.0.1"
    action_server_port: int = 5055
    action_server_token: str = field(default="", repr=False)
    action_spool_path: Path = REPO_ROOT / "var" / "action-spool.sqlite3"
    action_spool_retry_max_seconds: float = 60.0
    # Resume codes for a paused web chat referral, with the answers they reopen, sealed
    # (actions/resume_codes.py).
    resume_codes_path: Path = REPO_ROOT / "var" / "resume-codes.sqlite3"
    # Redis shared by every action server instead (redis:// or rediss://): a
    # deployment with several action servers needs it (actions/resume_codes_redis.py).
    # Not in repr: the URL may carry Redis's password.
    resume_codes_redis_url: str | None = field(default=None, repr=False)
    # How long a staff token lasts, in days, when nobody chose; through the API, the
    # longest life an administrator may give one (the command line may go further).
    staff_token_days: int = DEFAULT_STAFF_TOKEN_DAYS
    # How long the bot keeps a conversation after its last message, in minutes (the
    # action server tells a referrer who pauses).
    conversation_retention_minutes: int = DEFAULT_CONVERSATION_RETENTION_MINUTES
    # Follow-ups by text message through Twilio; off unless set up (SmsSettings).
    sms: SmsSettings = field(default_factory=SmsSettings)
    # The sites whose pages may show the chat in the widget's frame (frame-ancestors),
    # as origins ("https://www.example.org"); empty: none but the chat's own.
    widget_host_origins: tuple[str, ...] = ()
    # Worker threads for the API's blocking work (its database calls): more threads
    # than cores only contend for the GIL, which stretched the staff API's tail
    # latency under load (README, "Measuring speed").
    api_worker_threads: int = DEFAULT_API_WORKER_THREADS
    # Backend processes (uvicorn reads WEB_CONCURRENCY itself); more than one needs
    # PostgreSQL, see _web_concurrency.
    web_concurrency: int = 1

    def __getattr__(self, name: str) -> Any:
        """The environment variable's name works too: settings.DATABASE_URL."""
        if name.isupper() and name.lower() in self.__dataclass_fields__:
            return getattr(self, name.lower())
        raise AttributeError(name)


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    value = (environ.get(name) or "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def _bounded(
    environ: Mapping[str, str],
    name: str,
    default: float,
    minimum: float,
    parse: Callable[[str], float],
    kind: str,
) -> float:
    value = (environ.get(name) or "").strip()
    try:
        number = parse(value) if value else default
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ConfigurationError(f"{name} must be {kind} of at least {minimum:g}")
    return number


def number_setting(
    environ: Mapping[str, str], name: str, default: float, *, minimum: float
) -> float:
    """A number setting, at least minimum; a clear error for anything else."""
    return _bounded(environ, name, default, minimum, float, "a number")


def _int(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    return int(_bounded(environ, name, default, minimum, int, "a whole number"))


def _url(environ: Mapping[str, str], name: str, default: str = "") -> str:
    value = (environ.get(name) or "").strip() or default
    if value:
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ConfigurationError(f"{name} must be an absolute http(s) URL")
    return value


def _secret(environ: Mapping[str, str], name: str) -> str:
    value = (environ.get(name) or "").strip()
    if value and len(value) < MIN_SECRET_CHARS:
        raise ConfigurationError(f"{name} must be at least {MIN_SECRET_CHARS} characters")
    return value


def _hours(environ: Mapping[str, str], name: str, default: tuple[int, int]) -> tuple[int, int]:
    value = (environ.get(name) or "").strip()
    if not value:
        return default
    match = re.fullmatch(r"(\d{1,2})(?::00)?\s*-\s*(\d{1,2})(?::00)?", value)
    start, end = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not match or not 0 <= start < end <= 24:
        raise ConfigurationError(f"{name} must be hours like 08-20 (from, to; 0-24 for always)")
    return start, end


# One origin as WIDGET_HOST_ORIGINS takes it: scheme, host name or address, optional port.
_ORIGIN = re.compile(
    r"(https?)://([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(?::([0-9]{1,5}))?/?",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def widget_host_origins(value: str) -> tuple[str, ...]:
    """WIDGET_HOST_ORIGINS: comma-separated origins, lower-cased, without a trailing
    slash or a default port, in order, each once. Anything else (a wildcard, a path, a
    query, a keyword) is refused: each one goes into the chat page's
    Content-Security-Policy as it stands."""
    origins: list[str] = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        match = _ORIGIN.fullmatch(item)
        port = int(match.group(3)) if match and match.group(3) else None
        if not match or port == 0 or (port or 0) > 65535:
            raise ConfigurationError(
                "WIDGET_HOST_ORIGINS must be origins separated by commas, like "
                f"https://www.example.org or http://localhost:8010; not {item!r}"
            )
        scheme, host = match.group(1).lower(), match.group(2).lower()
        origin = f"{scheme}://{host}"
        if port and port != _DEFAULT_PORTS[scheme]:
            origin += f":{port}"
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


def _token_days(environ: Mapping[str, str]) -> int:
    days = number_setting(environ, "STAFF_TOKEN_DAYS", DEFAULT_STAFF_TOKEN_DAYS, minimum=1)
    if days != int(days) or days > MAX_STAFF_TOKEN_DAYS:
        raise ConfigurationError(
            f"STAFF_TOKEN_DAYS must be a whole number of days, 1 to {MAX_STAFF_TOKEN_DAYS}"
        )
    return int(days)


def path_in_repo(path_text: str) -> Path:
    """A relative path is taken from the repository root, as SQLite URLs are."""
    path = Path(path_text)
    return path if path.is_absolute() else REPO_ROOT / path


def private_folder(folder: Path) -> None:
    """The SQLite database's folder, made if missing, readable by this account only
    (0700). The repository's var/ (where the default database lives), or a folder in
    it, is tightened too if it is this account's: earlier versions made it 0755. Any
    other folder that exists already is the operator's to set (the database files in it
    are 0600 all the same: backend.adapters.db)."""
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    in_var = folder.resolve().is_relative_to(REPO_ROOT / "var")
    if in_var and folder.stat().st_uid == os.getuid():
        folder.chmod(PRIVATE_FOLDER_MODE)


def sqlite_url_in_repo(url: str) -> str:
    """A relative SQLite path is taken from the repository root, not the working
    directory, so the action server and the API always open the same file; its folder
    is created if missing, private to this account (private_folder)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return url
    path = path_in_repo(parsed.database)
    private_folder(path.parent)
    return parsed.set(database=str(path)).render_as_string(hide_password=False)


def _sms_settings(environ: Mapping[str, str]) -> SmsSettings:
    """The SMS section: TWILIO_* and SMS_* (see .env.example)."""
    rasa = (environ.get("RASA_PUBLIC_URL") or DEFAULT_RASA_PUBLIC_URL).strip().rstrip("/")
    sender = (environ.get("TWILIO_FROM_NUMBER") or "").strip()
    return SmsSettings(
        twilio_account_sid=(environ.get("TWILIO_ACCOUNT_SID") or "").strip(),
        twilio_auth_token=(environ.get("TWILIO_AUTH_TOKEN") or "").strip(),
        twilio_from_number=sender,
        twilio_messaging_service_sid=(environ.get("TWILIO_MESSAGING_SERVICE_SID") or "").strip(),
        twilio_inbound_url=_url(environ, "TWILIO_INBOUND_URL"),
        relay_url=_url(environ, "SMS_RELAY_URL", rasa + RELAY_PATH),
        relay_secret=_secret(environ, "SMS_RELAY_SECRET"),
        number_key=_secret(environ, "SMS_NUMBER_KEY"),
        max_segments=_int(environ, "SMS_MAX_SEGMENTS", 3, 1),
        followup_delay_minutes=number_setting(environ, "SMS_FOLLOWUP_DELAY_MINUTES", 60, minimum=0),
        followup_reminder_interval_minutes=number_setting(
            environ, "SMS_FOLLOWUP_REMINDER_INTERVAL_MINUTES", 1440, minimum=1
        ),
        followup_max_reminders=_int(environ, "SMS_FOLLOWUP_MAX_REMINDERS", 2, 0),
        followup_interval_seconds=number_setting(
            environ, "SMS_FOLLOWUP_INTERVAL_SECONDS", 60, minimum=1
        ),
        followup_send_hours=_hours(environ, "SMS_FOLLOWUP_SEND_HOURS", (8, 20)),
    )


def _at_most(value: int, name: str, maximum: int) -> int:
    if value > maximum:
        raise ConfigurationError(f"{name} must be at most {maximum}")
    return value


def _web_concurrency(environ: Mapping[str, str], database_url: str) -> int:
    """How many backend processes uvicorn runs. Several are safe on PostgreSQL: the
    scheduled passes claim their rows with FOR UPDATE SKIP LOCKED. Not on SQLite: its
    writers queue on a lock held in one process, so two processes' writers would meet
    in SQLite's busy handler instead. Refused at start-up rather than run slowly."""
    workers = _at_most(_int(environ, "WEB_CONCURRENCY", 1, 1), "WEB_CONCURRENCY", 64)
    if workers > 1 and database_url.startswith("sqlite"):
        raise ConfigurationError(
            "WEB_CONCURRENCY above 1 needs PostgreSQL (DATABASE_URL): SQLite's writers "
            "queue within one process"
        )
    return workers


def _redis_url(environ: Mapping[str, str], name: str) -> str | None:
    url = (environ.get(name) or "").strip()
    if url and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(f"{name} must be a redis://, rediss:// or unix:// URL")
    return url or None


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from the environment, then .env at the repository root for what is unset."""
    if environ is None:
        dotenv = {k: v for k, v in dotenv_values(REPO_ROOT / ".env").items() if v is not None}
        environ = {**dotenv, **os.environ}
    old_keys = environ.get("FIELD_ENCRYPTION_OLD_KEYS", "")
    rasa_url = environ.get("RASA_PUBLIC_URL") or DEFAULT_RASA_PUBLIC_URL
    notify_to = environ.get("NOTIFY_TO") or ""
    database_url = sqlite_url_in_repo(environ.get("DATABASE_URL") or "sqlite:///var/hsb.db")
    return Settings(
        database_url=database_url,
        field_encryption_key=environ.get("FIELD_ENCRYPTION_KEY") or None,
        field_encryption_old_keys=tuple(k.strip() for k in old_keys.split(",") if k.strip()),
        rasa_public_url=rasa_url.rstrip("/"),
        log_level=(environ.get("LOG_LEVEL") or "INFO").upper(),
        smtp_host=(environ.get("SMTP_HOST") or "").strip() or None,
        smtp_port=int(number_setting(environ, "SMTP_PORT", 587, minimum=1)),
        smtp_user=environ.get("SMTP_USER") or None,
        smtp_password=environ.get("SMTP_PASSWORD") or None,
        smtp_starttls=_flag(environ, "SMTP_STARTTLS", True),
        notify_from=(environ.get("NOTIFY_FROM") or "").strip() or DEFAULT_NOTIFY_FROM,
        notify_to=tuple(a.strip() for a in notify_to.split(",") if a.strip()),
        notify_interval_seconds=number_setting(environ, "NOTIFY_INTERVAL_SECONDS", 60, minimum=1),
        dashboard_url=(environ.get("DASHBOARD_URL") or "").strip().rstrip("/") or None,
        transcript_relay_url=(environ.get("TRANSCRIPT_RELAY_URL") or "").strip()
        or rasa_url.rstrip("/") + "/webhooks/art_transcript/webhook",
        transcript_relay_secret=(environ.get("TRANSCRIPT_RELAY_SECRET") or "").strip(),
        action_server_host=(environ.get("ACTION_SERVER_HOST") or "").strip() or "127.0.0.1",
        action_server_port=int(number_setting(environ, "ACTION_SERVER_PORT", 5055, minimum=1)),
        action_server_token=(environ.get("ACTION_SERVER_TOKEN") or "").strip(),
        action_spool_path=path_in_repo(
            environ.get("ACTION_SPOOL_PATH") or "var/action-spool.sqlite3"
        ),
        action_spool_retry_max_seconds=number_setting(
            environ, "ACTION_SPOOL_RETRY_MAX_SECONDS", 60, minimum=1
        ),
        resume_codes_path=path_in_repo(
            environ.get("RESUME_CODES_PATH") or "var/resume-codes.sqlite3"
        ),
        resume_codes_redis_url=_redis_url(environ, "RESUME_CODES_REDIS_URL"),
        staff_token_days=_token_days(environ),
        conversation_retention_minutes=int(
            environ.get("CONVERSATION_RETENTION_MINUTES") or DEFAULT_CONVERSATION_RETENTION_MINUTES
        ),
        sms=_sms_settings(environ),
        widget_host_origins=widget_host_origins(environ.get("WIDGET_HOST_ORIGINS") or ""),
        api_worker_threads=_at_most(
            _int(environ, "API_WORKER_THREADS", DEFAULT_API_WORKER_THREADS, 1),
            "API_WORKER_THREADS",
            MAX_API_WORKER_THREADS,
        ),
        web_concurrency=_web_concurrency(environ, database_url),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
