"""Finding referrals: a ReferralQuery as SQL, and one page of their summaries.

The list is the staff API's busiest read. Its statements are built once for each shape
of query (which filters are set) and kept, the filters' values passed as parameters:
building a statement costs SQLAlchemy more than the database takes to run it. The rows
come back as plain columns, not ORM objects: a summary needs no encrypted column.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Row,
    Select,
    bindparam,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Connection

from backend.adapters.orm import FlagRow, ReferralRow
from backend.adapters.referral_rows import as_utc
from backend.domain.model import ReferralSummary, Source, Status
from backend.domain.referral_query import ReferralQuery

# Every filter a query may set, in the order their conditions are written.
FILTERS = (
    "status",
    "statuses",
    "outcome",
    "source",
    "flag",
    "created_from",
    "created_before",
    "text",
    "submitted_only",
)
_SUMMARY_COLUMNS = (
    ReferralRow.id,
    ReferralRow.reference,
    ReferralRow.status,
    ReferralRow.source,
    ReferralRow.outcome,
    ReferralRow.referrer_organisation,
    ReferralRow.created_at,
    ReferralRow.submitted_at,
)
_FLAGS_OF = (
    select(FlagRow.referral_id, FlagRow.code)
    .where(FlagRow.referral_id.in_(bindparam("referral_ids", expanding=True)))
    .order_by(FlagRow.position)
)


def _like(text: str) -> str:
    """A LIKE pattern matching the text anywhere, its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _parameters(query: ReferralQuery) -> dict[str, Any]:
    """The filters the query sets, by name, with the values their conditions take
    (submitted_only, which takes none, as True)."""
    text = query.text.strip() if query.text else ""
    values: dict[str, Any] = {
        "status": query.status or None,
        "statuses": list(query.statuses) if query.statuses is not None else None,
        "outcome": query.outcome or None,
        "source": query.source or None,
        "flag": query.flag or None,
        "created_from": query.created_from or None,
        "created_before": query.created_before or None,
        "text": _like(text) if text else None,
        "submitted_only": True if query.submitted_only else None,
    }
    return {name: value for name, value in values.items() if value is not None}


def _condition(name: str) -> ColumnElement[bool]:
    """One filter's condition, its value the parameter of the same name."""
    value: BindParameter[Any] = bindparam(name)
    match name:
        case "status":
            return ReferralRow.status == value
        case "statuses":
            return ReferralRow.status.in_(bindparam(name, expanding=True))
        case "outcome":
            return ReferralRow.outcome == value
        case "source":
            return ReferralRow.source == value
        case "flag":
            return exists().where(FlagRow.referral_id == ReferralRow.id, FlagRow.code == value)
        case "created_from":
            return ReferralRow.created_at >= value
        case "created_before":
            return ReferralRow.created_at < value
        case "text":
            return or_(
                ReferralRow.reference.ilike(value, escape="\\"),
                ReferralRow.referrer_organisation.ilike(value, escape="\\"),
            )
        case "submitted_only":
            return ReferralRow.submitted_at.is_not(None)
    raise ValueError(f"no filter {name!r}")


@lru_cache(maxsize=2 * 2 ** len(FILTERS))  # every shape there is
def _statements(filters: tuple[str, ...], limited: bool) -> tuple[Select[Any], Select[Any]]:
    """How many referrals match, and one page of their summaries, newest first, for a
    query setting these filters."""
    conditions = [_condition(name) for name in filters]
    count = select(func.count(ReferralRow.id)).where(*conditions)
    page = (
        select(*_SUMMARY_COLUMNS)
        .where(*conditions)
        .order_by(ReferralRow.created_at.desc(), ReferralRow.id.desc())
        .offset(bindparam("offset", type_=Integer))
    )
    if limited:
        page = page.limit(bindparam("limit", type_=Integer))
    return count, page


def search_summaries(
    connection: Connection, query: ReferralQuery, *, offset: int = 0, limit: int | None = None
) -> tuple[list[ReferralSummary], int]:
    """One page of summaries, newest first, and how many match in all."""
    parameters = _parameters(query)
    count, page = _statements(tuple(n for n in FILTERS if n in parameters), limit is not None)
    parameters.pop("submitted_only", None)  # a condition, not a value
    total = connection.execute(count, parameters).scalar() or 0
    paging = {"offset": offset} if limit is None else {"offset": offset, "limit": limit}
    rows = connection.execute(page, {**parameters, **paging}).all()
    return summaries(connection, rows), int(total)


def summaries(connection: Connection, rows: Sequence[Row[Any]]) -> list[ReferralSummary]:
    """The summaries of these referral rows (any rows with the summary's columns), with
    their flags in order."""
    flags: dict[int, list[str]] = {}
    if rows:
        found = connection.execute(_FLAGS_OF, {"referral_ids": [row.id for row in rows]})
        for referral_id, code in found:
            flags.setdefault(referral_id, []).append(code)
    return [
        ReferralSummary(
            reference=row.reference,
            status=cast(Status, row.status),
            source=cast(Source, row.source),
            outcome=row.outcome,
            flags=tuple(flags.get(row.id, ())),
            referrer_organisation=row.referrer_organisation,
            created_at=as_utc(row.created_at),
            submitted_at=as_utc(row.submitted_at) if row.submitted_at else None,
        )
        for row in rows
    ]
