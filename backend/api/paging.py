"""Paging and the filters the listing routes share, checked at the edge.

Every list (referrals, requests, the audit log) answers one page in the same envelope,
``{items, total, page, per_page}`` (``Paged``), with bounded ``page`` and ``per_page``
so no request can ask the database for an offset it cannot hold. Filters are checked
here too, so a bad one gets a 422 in FastAPI's validation shape:

- a choice (status, outcome, flag, source, kind) must be one of its values; an empty
  ``flag=`` is a wrong choice like any other, not "no filter";
- a day is an ISO 8601 calendar day, ``YYYY-MM-DD``, from 0001-01-01 to 9999-12-31;
  other spellings pydantic would take (``0`` as a Unix time, a date and time) are
  refused, and a range whose last day is before its first is refused;
- free text (``q``, the audit log's reference, actor and action) is bounded in length;
  left empty, it does not filter.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Generic, Literal, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from backend.api.responses import validation_error
from backend.domain.flags import FLAG_CODES
from backend.service.review import MAX_PAGE, MAX_PER_PAGE

# Row ids are PostgreSQL integers: a larger id can name nothing, and is refused (422)
# rather than sent to the database.
MAX_ROW_ID = 2**31 - 1

PageNumber = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_PAGE,
        description=f"Which page, from 1 to {MAX_PAGE:,}; past the last page, no items.",
    ),
]
PerPage = Annotated[
    int, Query(ge=1, le=MAX_PER_PAGE, description=f"Items per page, 1 to {MAX_PER_PAGE}.")
]
RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]

if TYPE_CHECKING:
    FlagCode = str
else:  # the codes are data (backend.domain.flags); the API documents them as an enum
    FlagCode = Literal[FLAG_CODES]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def _iso_day_only(value: Any) -> Any:
    """Refuse any spelling of a day but YYYY-MM-DD before pydantic reads it: pydantic
    would also take "0" or 0 (1970-01-01, as a Unix time), or a date with a time."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("date_format", "Input should be a day written YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_iso_day_only)]


def check_day_range(
    first: date | None, last: date | None, *, first_name: str, last_name: str
) -> None:
    """422 (FastAPI's shape) when a range ends before it starts: OpenAPI cannot state
    a rule between two parameters, so it is checked here."""
    if first is not None and last is not None and last < first:
        raise validation_error(
            ("query", last_name), f"{last_name} is before {first_name}", last.isoformat()
        )


ItemT = TypeVar("ItemT")


class Paged(BaseModel, Generic[ItemT]):
    """One page of a list: routes return the service's review.Page, which has these
    fields, and declare a subclass naming the item type as their response model."""

    items: list[ItemT]
    total: int = Field(ge=0, description="How many items match, over all pages.")
    page: int = Field(ge=1, le=MAX_PAGE)
    per_page: int = Field(ge=1, le=MAX_PER_PAGE)
