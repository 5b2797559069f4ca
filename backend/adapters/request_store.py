"""Requests that are not referrals: consultation, training, and hand-off to a person."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Literal

from sqlalchemy.orm import Session

from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import ConsultationRequestRow, HandoffRequestRow, TrainingRequestRow

RequestKind = Literal["consultation", "training"]
_DETAIL_ROWS: dict[RequestKind, type[ConsultationRequestRow] | type[TrainingRequestRow]] = {
    "consultation": ConsultationRequestRow,
    "training": TrainingRequestRow,
}


class SqlAlchemyRequestStore:
    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher

    def add(
        self, kind: RequestKind, *, conversation_key: str, source: str, details: dict[str, Any]
    ) -> int:
        """A consultation or training request; its details are encrypted whole."""
        row = _DETAIL_ROWS[kind](details=self.cipher.encrypt_json(details))
        return self._add(row, conversation_key, source)

    def add_handoff(
        self,
        *,
        conversation_key: str,
        source: str,
        referral_id: int | None,
        reason: str,
        contact: str | None,
        transcript: list[dict[str, str]],
    ) -> int:
        row = HandoffRequestRow(
            referral_id=referral_id,
            reason=self.cipher.encrypt(reason),
            contact=self.cipher.encrypt_json(contact),
            transcript=self.cipher.encrypt_json(transcript),
        )
        return self._add(row, conversation_key, source)

    def _add(
        self,
        row: ConsultationRequestRow | TrainingRequestRow | HandoffRequestRow,
        conversation_key: str,
        source: str,
    ) -> int:
        row.created_at = datetime.now(timezone.utc)
        row.source = source
        row.conversation_key = self.cipher.encrypt(conversation_key)
        self.session.add(row)
        self.session.flush()  # to hand back the new id
        return row.id
