"""Reading what the stack stored, straight from its database (decrypting with its key),
for requests the staff API does not list yet."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from backend.adapters.encryption import FieldCipher, parse_key
from scripts.harness.stack import Stack


def stored_rows(stack: Stack, row_class: Any) -> list[Any]:
    engine = create_engine(stack.database_url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(row_class).order_by(row_class.id)))
    finally:
        engine.dispose()


def cipher_of(stack: Stack) -> FieldCipher:
    return FieldCipher(parse_key(stack.env["FIELD_ENCRYPTION_KEY"]))
