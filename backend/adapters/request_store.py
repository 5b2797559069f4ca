"""Requests that are not referrals: consultation, training, and hand-off to a person."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import (
    ConsultationRequestRow,
    HandoffRequestRow,
    ReferralRow,
    TrainingRequestRow,
)
from backend.adapters.referral_rows import as_utc
from backend.domain.requests import (
    AnyRequestKind,
    RequestKind,
    RequestSummary,
    StoredRequest,
)

_DETAIL_ROWS: dict[RequestKind, type[ConsultationRequestRow] | type[TrainingRequestRow]] = {
    "consultation": ConsultationRequestRow,
    "training": TrainingRequestRow,
}
_ROWS: dict[
    AnyRequestKind,
    type[ConsultationRequestRow] | type[TrainingRequestRow] | type[HandoffRequestRow],
] = {
    "consultation": ConsultationRequestRow,
    "training": TrainingRequestRow,
    "handoff": HandoffRequestRow,
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

    # -- reading, for staff ------------------------------------------------------

    def _query(self, kind: AnyRequestKind) -> Any:
        model = _ROWS[kind]
        if kind == "handoff":
            return select(model, ReferralRow.reference).outerjoin(
                ReferralRow, HandoffRequestRow.referral_id == ReferralRow.id
            )
        return select(model, null().label("reference"))

    def count(self, kind: AnyRequestKind) -> int:
        return int(self.session.scalar(select(func.count()).select_from(_ROWS[kind])) or 0)

    def summaries(self, kind: AnyRequestKind, *, offset: int, limit: int) -> list[RequestSummary]:
        """Newest first."""
        model = _ROWS[kind]
        rows = self.session.execute(
            self._query(kind).order_by(model.id.desc()).offset(offset).limit(limit)
        )
        return [
            RequestSummary(kind, row.id, as_utc(row.created_at), row.source, reference)
            for row, reference in rows
        ]

    def get(self, kind: AnyRequestKind, request_id: int) -> StoredRequest | None:
        model = _ROWS[kind]
        found = self.session.execute(self._query(kind).where(model.id == request_id)).first()
        if found is None:
            return None
        row, reference = found
        decrypt = self.cipher.decrypt_json
        if isinstance(row, HandoffRequestRow):
            details: dict[str, Any] = {
                "reason": self.cipher.decrypt(row.reason) if row.reason else None,
                "contact": decrypt(row.contact),
                "transcript": decrypt(row.transcript) or [],
            }
        else:
            details = decrypt(row.details) or {}
        return StoredRequest(
            kind, row.id, as_utc(row.created_at), row.source, reference, details=details
        )

    def handoffs_for(self, referral_id: int) -> list[RequestSummary]:
        rows = self.session.scalars(
            select(HandoffRequestRow)
            .where(HandoffRequestRow.referral_id == referral_id)
            .order_by(HandoffRequestRow.id)
        )
        return [
            RequestSummary("handoff", row.id, as_utc(row.created_at), row.source, None)
            for row in rows
        ]
