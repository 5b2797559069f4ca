"""An entry in the audit log, and who acted: a name, and for staff the id of the token
they signed in with (never the token). See ``backend/adapters/audit_log.py``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class Actor(str):
    """Who acted, as the audit log names them ("staff:Jo Bloggs"), with the id of the
    staff token they acted with. It is a str, so everything that takes an actor's name
    (the audit log, a status change's or a note's "by") takes it unchanged; the audit
    log also records its token_id. Entries by the bot, the notifier or the command line
    name plain strings and record no token."""

    token_id: int | None

    def __new__(cls, name: str, token_id: int | None = None) -> Actor:
        actor = super().__new__(cls, name)
        actor.token_id = token_id
        return actor


def token_of(actor: str) -> int | None:
    """The id of the staff token an actor acted with, if they are staff."""
    return actor.token_id if isinstance(actor, Actor) else None


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    actor: str
    action: str
    reference: str | None
    detail: str | None
    # The staff token the actor acted with (its id in api_tokens); None for the bot,
    # the notifier, the command line, and entries made before tokens were recorded.
    token_id: int | None = None
