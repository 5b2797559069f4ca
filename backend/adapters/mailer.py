"""Sending the team's notification e-mails over SMTP (STARTTLS and login when configured)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from backend.domain.notifications import DeliveryFailed, Message
from backend.settings import ConfigurationError, Settings

SMTP_TIMEOUT_SECONDS = 15


class SmtpMailer:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        recipients: tuple[str, ...],
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.recipients = recipients
        self.username = username
        self.password = password
        self.starttls = starttls

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpMailer | None:
        """The configured mailer, or None when SMTP_HOST is not set (nothing is sent)."""
        if not settings.smtp_host:
            return None
        if not settings.notify_to:
            raise ConfigurationError(
                "SMTP_HOST is set but NOTIFY_TO is not: give the team's address for notifications"
            )
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.notify_from,
            recipients=settings.notify_to,
            username=settings.smtp_user,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )

    def compose(self, message: Message) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = ", ".join(self.recipients)
        email["Subject"] = message.subject
        email["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or None)
        email.set_content(message.body)
        return email

    def send(self, message: Message) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(self.compose(message), self.sender, list(self.recipients))
        except (smtplib.SMTPException, OSError) as error:
            # The class name says enough (refused, timed out, unreachable); server replies
            # can echo addresses back, so their text is not kept.
            raise DeliveryFailed(type(error).__name__) from error
