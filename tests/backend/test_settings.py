"""Settings for notifications and logging: read, checked, and secrets kept out of logs."""

from __future__ import annotations

import logging

import pytest

from backend.adapters.mailer import SmtpMailer
from backend.log_setup import PathsWithoutQueries
from backend.settings import ConfigurationError, load_settings

BASE = {"DATABASE_URL": "sqlite:///:memory:"}


def test_defaults_send_nothing() -> None:
    settings = load_settings(BASE)
    assert settings.smtp_host is None and settings.notify_to == ()
    assert SmtpMailer.from_settings(settings) is None
    assert (settings.smtp_port, settings.smtp_starttls) == (587, True)
    assert settings.notify_interval_seconds == 60


def test_smtp_settings_are_read() -> None:
    settings = load_settings(
        {
            **BASE,
            "SMTP_HOST": "smtp.example.org",
            "SMTP_PORT": "2525",
            "SMTP_USER": "hsb",
            "SMTP_PASSWORD": "s3cret-value",
            "SMTP_STARTTLS": "false",
            "NOTIFY_FROM": "referrals@example.org",
            "NOTIFY_TO": "art@example.org, duty@example.org",
            "NOTIFY_INTERVAL_SECONDS": "30",
            "DASHBOARD_URL": "https://hsb.example.org/",
        }
    )
    assert (settings.SMTP_HOST, settings.smtp_port, settings.smtp_starttls) == (
        "smtp.example.org",
        2525,
        False,
    )
    assert settings.notify_to == ("art@example.org", "duty@example.org")
    assert settings.dashboard_url == "https://hsb.example.org"
    assert "s3cret-value" not in repr(settings)  # settings may be logged; secrets are not
    mailer = SmtpMailer.from_settings(settings)
    assert mailer is not None and mailer.recipients == settings.notify_to


@pytest.mark.parametrize(
    "bad",
    [
        {"SMTP_STARTTLS": "perhaps"},
        {"SMTP_PORT": "twenty-five"},
        {"NOTIFY_INTERVAL_SECONDS": "0"},
        {"RESUME_CODES_REDIS_URL": "127.0.0.1:6379"},
        {"API_WORKER_THREADS": "0"},
        {"API_WORKER_THREADS": "500"},
        {"API_WORKER_THREADS": "eight"},
        {"WEB_CONCURRENCY": "0"},
        {"WEB_CONCURRENCY": "2"},  # on SQLite: its writers queue within one process
    ],
)
def test_malformed_values_are_clear_errors(bad: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError, match=next(iter(bad))):
        load_settings({**BASE, **bad})


def test_resume_codes_are_shared_in_redis_only_when_told() -> None:
    assert load_settings(BASE).resume_codes_redis_url is None
    url = "rediss://:r3dis-pass@redis.internal:6380/2"
    settings = load_settings({**BASE, "RESUME_CODES_REDIS_URL": f" {url} "})
    assert settings.resume_codes_redis_url == url
    assert "r3dis-pass" not in repr(settings)


def test_a_mail_server_without_a_team_address_is_refused_at_start() -> None:
    with pytest.raises(ConfigurationError, match="NOTIFY_TO"):
        SmtpMailer.from_settings(load_settings({**BASE, "SMTP_HOST": "smtp.example.org"}))


def test_the_access_log_keeps_paths_but_not_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/api/referrals?q=Jordanna+Quillfeather&page=2", "1.1", 200),
        None,
    )
    assert PathsWithoutQueries().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/referrals HTTP/1.1" 200'


def test_staff_tokens_last_ninety_days_unless_told() -> None:
    assert load_settings(BASE).staff_token_days == 90
    assert load_settings({**BASE, "STAFF_TOKEN_DAYS": "30"}).staff_token_days == 30
    for bad in ("0", "-5", "1.5", "3651", "ninety"):
        with pytest.raises(ConfigurationError, match="STAFF_TOKEN_DAYS"):
            load_settings({**BASE, "STAFF_TOKEN_DAYS": bad})


def test_several_backend_processes_and_the_thread_pool_are_set_for_postgresql() -> None:
    assert (load_settings(BASE).api_worker_threads, load_settings(BASE).web_concurrency) == (4, 1)
    settings = load_settings(
        {
            "DATABASE_URL": "postgresql+psycopg://hsb@db:5432/hsb",
            "WEB_CONCURRENCY": "4",
            "API_WORKER_THREADS": "6",
        }
    )
    assert (settings.web_concurrency, settings.api_worker_threads) == (4, 6)
