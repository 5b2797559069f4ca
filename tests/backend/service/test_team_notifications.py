"""E-mails to the team, through the outbox, against a real SMTP server (aiosmtpd) started
here: the reference and the kind of event only; a failing server loses nothing."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi.testclient import TestClient

from backend.adapters.mailer import SmtpMailer
from backend.api.main import create_app
from backend.service.notifications import deliver_pending
from backend.service.referrals import (
    record_consultation_request,
    record_handoff_request,
    record_immediate_risk,
    save_referral,
)
from backend.service.unit_of_work import SqlAlchemyUnitOfWork
from backend.settings import REPO_ROOT, load_settings

TEAM = "art-team@council.example.org"
PERSONAL = {
    "referrer_name": "Philippa Ormsby",
    "referrer_email": "p.ormsby@school.example.org",
    "referrer_phone": "+447700900321",
    "referrer_organisation": "Frampton Vale Academy",
    "yp_first_name": "Jordanna",
    "yp_last_name": "Quillfeather",
    "yp_date_of_birth": "2011-05-03",
    "yp_location": "BS37 5AB",
    "concern_description": "Showed explicit images to a younger cousin",
}
SPOKEN = "Thaddeus is still at risk at home tonight"


class Inbox:
    """What the team's mail server received; it can be told to refuse mail."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []
        self.refusing = False

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        if self.refusing:
            return "451 4.3.0 Mailbox busy, try again later"
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[tuple[Inbox, int]]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def mailer(port: int) -> SmtpMailer:
    return SmtpMailer(
        host="127.0.0.1",
        port=port,
        sender="hsb-referrals@council.example.org",
        recipients=(TEAM,),
        starttls=False,  # the local test server has no certificate
    )


def submit(uow: SqlAlchemyUnitOfWork, key: str = "web:1", **fields: Any) -> str:
    return save_referral(
        uow,
        conversation_key=key,
        source="web",
        fields={**PERSONAL, **fields},
        transcript=[{"speaker": "professional", "text": SPOKEN, "at": "2025-06-15T09:00:00Z"}],
        submit=True,
    ).reference


def outbox(uow: SqlAlchemyUnitOfWork) -> list[tuple[str, str | None, bool]]:
    with uow:
        return [(e.kind, e.reference, e.sent_at is not None) for e in uow.outbox.events()]


def test_events_are_written_with_the_change_that_caused_them(uow: SqlAlchemyUnitOfWork) -> None:
    plain = submit(uow, "web:plain")
    submit(uow, "web:plain")  # submitted again: no second message
    flagged = submit(uow, "web:flagged", safe_place="unsure")
    risk = record_immediate_risk(
        uow, conversation_key="web:risk", source="web", fields={}, transcript=[]
    )
    record_immediate_risk(uow, conversation_key="web:risk", source="web", fields={}, transcript=[])
    handoff = record_handoff_request(
        uow, conversation_key="web:none", source="web", reason="x", transcript=[], contact=None
    )
    record_consultation_request(uow, conversation_key="web:c", source="web", details={"a": "b"})
    with uow:
        events = [(e.kind, e.reference, e.request_id) for e in uow.outbox.events()]
    assert events == [
        ("referral_submitted", plain, None),
        ("referral_flagged", flagged, None),
        ("immediate_risk", risk, None),
        ("immediate_risk", risk, None),  # every disclosure is told
        ("handoff_requested", None, handoff),
    ]


def test_a_delivered_message_carries_the_reference_and_no_personal_data(
    uow: SqlAlchemyUnitOfWork, inbox: tuple[Inbox, int]
) -> None:
    received, port = inbox
    reference = submit(uow)
    record_immediate_risk(uow, conversation_key="web:1", source="web", fields={}, transcript=[])

    report = deliver_pending(uow, mailer(port), dashboard_url="https://hsb.council.example.org")

    assert (report.sent, report.failed, report.pending) == (2, 0, 0)
    assert [recipients for recipients, _ in received.messages] == [[TEAM], [TEAM]]
    subjects = [message["Subject"] for _, message in received.messages]
    assert subjects == [
        f"[HSB referrals] New referral submitted: {reference}",
        f"[HSB referrals] IMMEDIATE RISK recorded: {reference}",
    ]
    for _, message in received.messages:
        body = message.get_content()
        text = message.as_string() + body
        assert f"Reference: {reference}" in body
        assert f"https://hsb.council.example.org/dashboard#/referral/{reference}" in body
        for secret in [*PERSONAL.values(), SPOKEN, "Thaddeus", "Jordanna", "BS37"]:
            assert secret not in text, secret
    assert outbox(uow) == [
        ("referral_submitted", reference, True),
        ("immediate_risk", reference, True),
    ]
    with uow:
        sent = [
            (e.actor, e.reference) for e in uow.audit.events() if e.action == "notification.sent"
        ]
    assert sent == [("notifier", reference), ("notifier", reference)]


def test_a_refusing_server_keeps_the_event_and_a_later_pass_delivers_it(
    uow: SqlAlchemyUnitOfWork, inbox: tuple[Inbox, int]
) -> None:
    received, port = inbox
    received.refusing = True
    first = submit(uow, "web:1")
    second = submit(uow, "web:2")

    report = deliver_pending(uow, mailer(port))

    # The pass stops at the first failure; both events wait, nothing is lost.
    assert (report.sent, report.failed, report.pending) == (0, 1, 2)
    assert received.messages == []
    with uow:
        waiting = uow.outbox.events(pending_only=True)
    assert [(e.reference, e.attempts, e.last_error) for e in waiting] == [
        (first, 1, "SMTPDataError"),
        (second, 0, None),
    ]

    # Still refused: this pass tries the untried event first, so a message the server
    # keeps refusing never holds up the others.
    again = deliver_pending(uow, mailer(port))
    assert (again.sent, again.failed, again.pending) == (0, 1, 2)
    with uow:
        attempts = [(e.reference, e.attempts) for e in uow.outbox.events(pending_only=True)]
    assert attempts == [(first, 1), (second, 1)]

    received.refusing = False
    later = deliver_pending(uow, mailer(port))
    assert (later.sent, later.failed, later.pending) == (2, 0, 0)
    assert [message["Subject"].rsplit(" ", 1)[1] for _, message in received.messages] == [
        first,
        second,
    ]


def test_an_unreachable_server_keeps_the_event(uow: SqlAlchemyUnitOfWork) -> None:
    reference = submit(uow)
    closed_port = free_port()  # nothing listens there
    report = deliver_pending(uow, mailer(closed_port))
    assert (report.sent, report.failed, report.pending) == (0, 1, 1)
    with uow:
        (event,) = uow.outbox.events(pending_only=True)
    assert (event.reference, event.attempts, event.last_error) == (
        reference,
        1,
        "ConnectionRefusedError",
    )


def test_a_claimed_event_is_not_sent_twice(uow: SqlAlchemyUnitOfWork) -> None:
    submit(uow)
    now = datetime.now(timezone.utc)
    with uow:
        first = uow.outbox.claim_due(now, hold=timedelta(minutes=5), limit=10)
        uow.commit()
    with uow:
        meanwhile = uow.outbox.claim_due(now, hold=timedelta(minutes=5), limit=10)
        uow.commit()
    with uow:
        after_the_hold = uow.outbox.claim_due(
            now + timedelta(minutes=6), hold=timedelta(minutes=5), limit=10
        )
    assert (len(first), meanwhile, len(after_the_hold)) == (1, [], 1)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_the_api_process_sends_waiting_mail_by_itself(
    uow: SqlAlchemyUnitOfWork,
    inbox: tuple[Inbox, int],
    database_url: str,
    encryption_key: str,
) -> None:
    received, port = inbox
    reference = submit(uow)
    settings = load_settings(
        {
            "DATABASE_URL": database_url,
            "FIELD_ENCRYPTION_KEY": encryption_key,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(port),
            "SMTP_STARTTLS": "false",
            "NOTIFY_TO": TEAM,
            "NOTIFY_INTERVAL_SECONDS": "1",
        }
    )
    with TestClient(create_app(settings)):
        wait_for(lambda: len(received.messages) == 1, "the first message")
        later = record_handoff_request(
            uow, conversation_key="web:1", source="web", reason="x", transcript=[], contact=None
        )
        wait_for(lambda: len(received.messages) == 2, "the hand-off message")
    subjects = [message["Subject"] for _, message in received.messages]
    assert subjects == [
        f"[HSB referrals] New referral submitted: {reference}",
        f"[HSB referrals] Hand-off to a person requested: {reference}",
    ]
    assert later > 0 and outbox(uow)[-1] == ("handoff_requested", reference, True)


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        cwd=Path("/"),
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_send_notifications_from_the_command_line(
    inbox: tuple[Inbox, int], database_url: str, encryption_key: str, uow: SqlAlchemyUnitOfWork
) -> None:
    received, port = inbox
    reference = submit(uow)
    env = {"DATABASE_URL": database_url, "FIELD_ENCRYPTION_KEY": encryption_key}

    nothing = run_cli("send-notifications", env={**env, "SMTP_HOST": ""})
    assert nothing.returncode == 1 and "SMTP_HOST is not set" in nothing.stderr
    assert outbox(uow) == [("referral_submitted", reference, False)]

    mail = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "false"}
    unconfigured = run_cli("send-notifications", env={**env, **mail, "NOTIFY_TO": ""})
    assert unconfigured.returncode == 2 and "NOTIFY_TO" in unconfigured.stderr

    sent = run_cli("send-notifications", env={**env, **mail, "NOTIFY_TO": TEAM})
    assert sent.returncode == 0, sent.stderr
    assert "Sent 1, failed 0, 0 waiting" in sent.stdout
    assert [message["Subject"] for _, message in received.messages] == [
        f"[HSB referrals] New referral submitted: {reference}"
    ]
