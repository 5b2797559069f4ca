"""The ledger of commands the action server sent that have taken effect.

A command (submit this referral, flag this disclosure, record this request) carries an
id made once by the action server. When the case backend cannot take it, the action
server keeps it in its spool and sends it again later, perhaps more than once, perhaps
from another replica; the ledger makes every send after the first return what the
first did, without doing it again. It also remembers, per conversation, how recent the
state was that the referral's fields were last taken from, so a save replayed late
never overwrites newer answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import AppliedCommandRow, ConversationStateRow

#: A command is remembered this long: far longer than the spool keeps retrying one.
KEEP_APPLIED_FOR = timedelta(days=30)


@dataclass(frozen=True)
class AppliedCommand:
    kind: str
    reference: str | None
    request_id: int | None


class SqlAlchemyCommandLedger:
    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher

    # The repository writes a referral's row only at commit (save_all): a query here must
    # not flush a row it has not finished yet, hence no_autoflush throughout.

    def applied(self, command_id: str) -> AppliedCommand | None:
        with self.session.no_autoflush:
            row = self.session.get(AppliedCommandRow, command_id)
        return AppliedCommand(row.kind, row.reference, row.request_id) if row else None

    def record(
        self,
        command_id: str,
        kind: str,
        now: datetime,
        *,
        reference: str | None = None,
        request_id: int | None = None,
    ) -> None:
        """Written in the command's own transaction: two sends racing meet at the
        primary key, and the loser's retry finds the winner's result."""
        with self.session.no_autoflush:
            self.session.execute(
                delete(AppliedCommandRow).where(
                    AppliedCommandRow.applied_at < now - KEEP_APPLIED_FOR
                )
            )
        self.session.add(
            AppliedCommandRow(
                id=command_id, kind=kind, reference=reference, request_id=request_id, applied_at=now
            )
        )

    def newer_state_saved(self, conversation_key: str, as_of: float) -> bool:
        """Whether fields from a later state of this conversation are already saved."""
        with self.session.no_autoflush:
            saved = self.session.scalar(
                # max: after a key rotation, rows under an earlier key's digest count too
                select(func.max(ConversationStateRow.as_of)).where(
                    ConversationStateRow.conversation_digest.in_(
                        self.cipher.digests(conversation_key)
                    )
                )
            )
        return saved is not None and saved > as_of

    def note_state_saved(self, conversation_key: str, as_of: float) -> None:
        digest = self.cipher.digest(conversation_key)
        with self.session.no_autoflush:
            row = self.session.get(ConversationStateRow, digest)
        if row is None:
            self.session.add(ConversationStateRow(conversation_digest=digest, as_of=as_of))
        elif as_of > row.as_of:
            row.as_of = as_of
