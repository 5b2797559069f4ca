"""Calendar arithmetic for ages and birthdays, without third-party date libraries."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any


def parse_iso_date(value: Any) -> date | None:
    """A date from "YYYY-MM-DD" (or a date), else None: "unknown" and rubbish included."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the end of a shorter month where it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """The anniversary `years` later. A 29 February birthday falls on 1 March in other
    years, as UK law counts it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years of age on a day."""
    years = on.year - date_of_birth.year
    return years if add_years(date_of_birth, years) <= on else years - 1
