"""A referral's review records: its status history and staff case notes, free text encrypted."""

from __future__ import annotations

from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import CaseNoteRow, StatusChangeRow
from backend.adapters.referral_rows import as_utc
from backend.domain.model import Status
from backend.domain.review import CaseNote, StatusChange


class SqlAlchemyReviewStore:
    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher

    def add_status_change(self, referral_id: int, change: StatusChange) -> None:
        self.session.add(
            StatusChangeRow(
                referral_id=referral_id,
                from_status=change.from_status,
                to_status=change.to_status,
                reason=self.cipher.encrypt(change.reason),
                actor=change.by[:120],
                at=change.at,
            )
        )

    def status_changes(self, referral_id: int) -> list[StatusChange]:
        """Oldest first."""
        rows = self.session.scalars(
            select(StatusChangeRow)
            .where(StatusChangeRow.referral_id == referral_id)
            .order_by(StatusChangeRow.id)
        )
        return [
            StatusChange(
                cast(Status, row.from_status),
                cast(Status, row.to_status),
                self.cipher.decrypt(row.reason or ""),
                row.actor,
                as_utc(row.at),
            )
            for row in rows
        ]

    def add_note(self, referral_id: int, note: CaseNote) -> int:
        row = CaseNoteRow(
            referral_id=referral_id,
            text=self.cipher.encrypt(note.text),
            actor=note.by[:120],
            at=note.at,
        )
        self.session.add(row)
        self.session.flush()  # for its id
        return row.id

    def notes(self, referral_id: int) -> list[tuple[int, CaseNote]]:
        """Each note with its id, oldest first."""
        rows = self.session.scalars(
            select(CaseNoteRow)
            .where(CaseNoteRow.referral_id == referral_id)
            .order_by(CaseNoteRow.id)
        )
        return [
            (row.id, CaseNote(self.cipher.decrypt(row.text or ""), row.actor, as_utc(row.at)))
            for row in rows
        ]
