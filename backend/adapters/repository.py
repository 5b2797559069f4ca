"""The referral repository: loads Referral objects from their rows and writes them back.

Referrals loaded or added through the repository are remembered; the unit of work's
commit writes them all back (save_all), so the service layer never touches rows.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, cast

from sqlalchemy import Row, Select, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import (
    CriterionResultRow,
    FlagRow,
    PersonRow,
    ReferenceCounterRow,
    ReferralRow,
    TranscriptTurnRow,
)
from backend.adapters.referral_rows import (
    PERSON_COLUMNS,
    as_utc,
    read_case_groups,
    read_person,
    write_case_groups,
    write_person,
)
from backend.adapters.referral_search import search_summaries
from backend.domain.model import (
    Referral,
    ReferralSummary,
    Source,
    Speaker,
    Status,
    Turn,
    format_reference,
)
from backend.domain.referral_query import ReferralQuery
from backend.domain.screening import (
    Criterion,
    CriterionResult,
    Flag,
    Outcome,
    Result,
    Screening,
)

# Built once: a record is read with them on every read of one, and building a statement
# costs SQLAlchemy more than the database takes to run it. Only the referral's own row
# is an ORM object (a change is written back through it); the rest are plain rows.
_BY_REFERENCE = select(ReferralRow).where(ReferralRow.reference == bindparam("reference"))
_BY_REFERENCE_FOR_UPDATE = _BY_REFERENCE.with_for_update()  # PostgreSQL: one writer at once
_ID_OF = select(ReferralRow.id).where(ReferralRow.reference == bindparam("reference"))
_PEOPLE = select(PersonRow.__table__).where(
    PersonRow.__table__.c.referral_id == bindparam("referral_id")
)


def _in_order(model: type[CriterionResultRow | FlagRow | TranscriptTurnRow]) -> Select[Any]:
    table = model.__table__
    return (
        select(table)
        .where(table.c.referral_id == bindparam("referral_id"))
        .order_by(table.c.position)
    )


_CHILDREN = {model: _in_order(model) for model in (CriterionResultRow, FlagRow, TranscriptTurnRow)}


@dataclass
class _Seen:
    """A referral this session knows, its row, and how it looked when loaded."""

    referral: Referral
    row: ReferralRow
    loaded: Referral | None  # None: new, write everything


class SqlAlchemyReferralRepository:
    def __init__(self, session: Session, cipher: FieldCipher) -> None:
        self.session = session
        self.cipher = cipher
        self._seen: dict[str, _Seen] = {}

    def add(self, referral: Referral) -> None:
        row = ReferralRow(
            reference=referral.reference,
            conversation_key=self.cipher.encrypt(referral.conversation_key),
            conversation_digest=self.cipher.digest(referral.conversation_key),
            source=referral.source,
            created_at=referral.created_at,
        )
        self.session.add(row)
        self._seen[referral.reference] = _Seen(referral, row, loaded=None)

    def get(self, reference: str, *, for_update: bool = False) -> Referral | None:
        """The referral; with for_update, its row locked until the transaction ends
        (PostgreSQL: one decision at a time)."""
        query = _BY_REFERENCE_FOR_UPDATE if for_update else _BY_REFERENCE
        return self._load(self.session.scalars(query, {"reference": reference}).one_or_none())

    def get_by_conversation_key(self, key: str, *, for_update: bool = False) -> Referral | None:
        query = select(ReferralRow).where(
            ReferralRow.conversation_digest.in_(self.cipher.digests(key))
        )
        if for_update:
            query = query.with_for_update()  # PostgreSQL: one writer per conversation
        return self._load(self.session.scalars(query).first())

    def id_of(self, reference: str) -> int | None:
        if reference in self._seen:
            self.session.flush()
            return self._seen[reference].row.id
        return self.session.scalar(_ID_OF, {"reference": reference})

    def list_summaries(
        self, *, status: str | None = None, outcome: str | None = None
    ) -> list[ReferralSummary]:
        summaries, _total = self.search(ReferralQuery(status=status, outcome=outcome))
        return summaries

    def search(
        self, query: ReferralQuery, *, offset: int = 0, limit: int | None = None
    ) -> tuple[list[ReferralSummary], int]:
        """One page of summaries, newest first, and how many match in all."""
        return search_summaries(self.session.connection(), query, offset=offset, limit=limit)

    def next_reference(self, year: int) -> str:
        """The next number in the year: one atomic UPDATE ... RETURNING on a counter row.

        The row is locked until the transaction ends, so concurrent callers on either
        database wait for each other and never get the same number.
        """
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        self.session.execute(
            insert(ReferenceCounterRow)
            .values(year=year, value=0)
            .on_conflict_do_nothing(index_elements=["year"])
        )
        value = self.session.execute(
            update(ReferenceCounterRow)
            .where(ReferenceCounterRow.year == year)
            .values(value=ReferenceCounterRow.value + 1)
            .returning(ReferenceCounterRow.value)
            .execution_options(synchronize_session=False)
        ).scalar_one()
        return format_reference(year, value)

    def save_all(self) -> None:
        """Write back every referral that changed since it was loaded (reads write nothing)."""
        for seen in self._seen.values():
            if seen.referral != seen.loaded:
                self._write(seen)
                seen.loaded = copy.deepcopy(seen.referral)

    # -- reading --------------------------------------------------------------

    def _load(self, row: ReferralRow | None) -> Referral | None:
        if row is None:
            return None
        if row.reference in self._seen:
            return self._seen[row.reference].referral
        fields = read_case_groups(row, self.cipher)
        for person in self.session.connection().execute(_PEOPLE, {"referral_id": row.id}):
            fields.update(read_person(person, self.cipher))
        flag_rows = self._children(FlagRow, row.id)
        referral = Referral(
            reference=row.reference,
            conversation_key=self.cipher.decrypt(row.conversation_key or ""),
            source=cast(Source, row.source),
            created_at=as_utc(row.created_at),
            status=cast(Status, row.status),
            submitted_at=as_utc(row.submitted_at) if row.submitted_at else None,
            fields=fields,
            screening=self._screening(row, flag_rows),
            screened_on=row.screened_on,
            transcript=[
                Turn(cast(Speaker, t.speaker), self.cipher.decrypt(t.text or ""), t.at)
                for t in self._children(TranscriptTurnRow, row.id)
            ],
            sticky_flags=[f.code for f in flag_rows if f.sticky],
            sources=dict(self.cipher.decrypt_json(row.field_sources) or {}),
        )
        self._seen[referral.reference] = _Seen(referral, row, copy.deepcopy(referral))
        return referral

    def _children(
        self, model: type[CriterionResultRow | FlagRow | TranscriptTurnRow], referral_id: int
    ) -> Sequence[Row[Any]]:
        """A referral's rows of this kind, in order, as plain rows."""
        found = self.session.connection().execute(_CHILDREN[model], {"referral_id": referral_id})
        return found.all()

    def _screening(self, row: ReferralRow, flag_rows: Sequence[Row[Any]]) -> Screening | None:
        if row.outcome is None:
            return None
        decrypt = self.cipher.decrypt
        return Screening(
            outcome=cast(Outcome, row.outcome),
            criteria=[
                CriterionResult(
                    cast(Criterion, c.criterion), cast(Result, c.result), decrypt(c.reason or "")
                )
                for c in self._children(CriterionResultRow, row.id)
            ],
            flags=[Flag(f.code, decrypt(f.reason or "")) for f in flag_rows],
            missing_fields=list(row.missing_fields),
            next_steps=list(row.next_steps),
        )

    # -- writing --------------------------------------------------------------

    def _write(self, seen: _Seen) -> None:
        referral, row, before = seen.referral, seen.row, seen.loaded
        now = datetime.now(timezone.utc)
        row.status = referral.status
        row.submitted_at = referral.submitted_at
        row.updated_at = now
        row.screened_on = referral.screened_on
        write_case_groups(row, referral.fields, self.cipher)
        if before is None or before.sources != referral.sources:
            row.field_sources = self.cipher.encrypt_json(referral.sources or None)
        screening = referral.screening
        row.outcome = screening.outcome if screening else None
        row.missing_fields = list(screening.missing_fields) if screening else []
        row.next_steps = list(screening.next_steps) if screening else []
        self.session.flush()  # a new referral needs its id before its children
        if before is None or before.fields != referral.fields:
            self._write_people(referral, row.id)
        if before is None or (before.screening, before.sticky_flags) != (
            referral.screening,
            referral.sticky_flags,
        ):
            self._write_screening(referral, row.id, now)
        if before is None or before.transcript != referral.transcript:
            self._write_transcript(referral, row.id)

    def _write_people(self, referral: Referral, referral_id: int) -> None:
        existing = {
            p.kind: p
            for p in self.session.scalars(
                select(PersonRow).where(PersonRow.referral_id == referral_id)
            )
        }
        for kind in PERSON_COLUMNS:
            person = existing.get(kind) or PersonRow(referral_id=referral_id, kind=kind)
            write_person(person, referral.fields, self.cipher)
            self.session.add(person)

    def _write_screening(self, referral: Referral, referral_id: int, now: datetime) -> None:
        raised_at = {
            code: at
            for code, at in self.session.execute(
                select(FlagRow.code, FlagRow.raised_at).where(FlagRow.referral_id == referral_id)
            )
        }
        # Replace in place: delete first, so the unique constraints see no duplicates.
        for model in (CriterionResultRow, FlagRow):
            self.session.execute(delete(model).where(model.referral_id == referral_id))
        screening = referral.screening
        if screening is None:
            return
        encrypt = self.cipher.encrypt
        for position, c in enumerate(screening.criteria):
            self.session.add(
                CriterionResultRow(
                    referral_id=referral_id,
                    position=position,
                    criterion=c.criterion,
                    result=c.result,
                    reason=encrypt(c.reason),
                )
            )
        for position, f in enumerate(screening.flags):
            self.session.add(
                FlagRow(
                    referral_id=referral_id,
                    position=position,
                    code=f.code,
                    reason=encrypt(f.reason),
                    sticky=f.code in referral.sticky_flags,
                    raised_at=raised_at.get(f.code, now),
                )
            )

    def _write_transcript(self, referral: Referral, referral_id: int) -> None:
        self.session.execute(
            delete(TranscriptTurnRow).where(TranscriptTurnRow.referral_id == referral_id)
        )
        for position, turn in enumerate(referral.transcript):
            self.session.add(
                TranscriptTurnRow(
                    referral_id=referral_id,
                    position=position,
                    speaker=turn.speaker,
                    text=self.cipher.encrypt(turn.text),
                    at=turn.at,
                )
            )
