"""Between a Referral and its rows: which answers go in which column, encrypted."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Row

from backend.adapters.encryption import FieldCipher
from backend.adapters.orm import PersonRow, ReferralRow
from backend.domain.fields import FIELDS, GROUPS
from backend.domain.record import fields_from_group, group_values


def _person_columns() -> dict[str, dict[str, str]]:
    columns: dict[str, dict[str, str]] = {}
    for field in FIELDS:
        if field.column:
            columns.setdefault(field.group, {})[field.key] = field.column
    return columns


# For each person, the answers kept in a column of their own; the rest go in `details`.
PERSON_COLUMNS = _person_columns()
# Kept in clear on the referral row, for filtering; never part of an encrypted column.
CLEAR_PERSON_KEYS = {"referrer": {"organisation"}}
# The groups that are not about a person: one encrypted JSON column each.
CASE_GROUPS: tuple[str, ...] = tuple(group for group in GROUPS if group not in PERSON_COLUMNS)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def write_person(row: PersonRow, fields: dict[str, Any], cipher: FieldCipher) -> None:
    values = group_values(row.kind, fields)
    for key in CLEAR_PERSON_KEYS.get(row.kind, ()):
        values.pop(key)
    for key, column in PERSON_COLUMNS[row.kind].items():
        setattr(row, column, cipher.encrypt_json(values.pop(key)))
    rest = {key: value for key, value in values.items() if value is not None}
    row.details = cipher.encrypt_json(rest or None)


def read_person(row: PersonRow | Row[Any], cipher: FieldCipher) -> dict[str, Any]:
    values: dict[str, Any] = dict(cipher.decrypt_json(row.details) or {})
    for key, column in PERSON_COLUMNS[row.kind].items():
        values[key] = cipher.decrypt_json(getattr(row, column))
    return fields_from_group(row.kind, values)


def write_case_groups(row: ReferralRow, fields: dict[str, Any], cipher: FieldCipher) -> None:
    organisation = fields.get("referrer_organisation")
    row.referrer_organisation = None if organisation is None else str(organisation)[:200]
    for group in CASE_GROUPS:
        given = {k: v for k, v in group_values(group, fields).items() if v is not None}
        setattr(row, group, cipher.encrypt_json(given or None))


def read_case_groups(row: ReferralRow, cipher: FieldCipher) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if row.referrer_organisation is not None:
        fields["referrer_organisation"] = row.referrer_organisation
    for group in CASE_GROUPS:
        fields.update(fields_from_group(group, cipher.decrypt_json(getattr(row, group)) or {}))
    return fields
