"""The service's eight referral criteria, each checked on its own: a result and a reason.

A check never declines anything: "not_met" is a recommendation for a practitioner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

from backend.domain.area import classify_location
from backend.domain.dates import add_months, add_years, age_on, parse_iso_date
from backend.domain.fields import UNKNOWN
from backend.domain.flags import FLAG_TEXT

Criterion = Literal[
    "age",
    "area",
    "allocated_professional",
    "significant_adult",
    "safe_place",
    "investigation",
    "consent",
    "multi_agency_meetings",
]
Result = Literal["met", "not_met", "unknown", "exception"]
CRITERIA: tuple[Criterion, ...] = get_args(Criterion)
RESULTS: tuple[Result, ...] = get_args(Result)


@dataclass
class Check:
    """One criterion's result, the flags it raises and the next step it asks for."""

    result: Result
    reason: str
    flags: list[str] = field(default_factory=list)
    next_step: str | None = None


def is_missing(value: Any) -> bool:
    """Not given, or given as "don't know"."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip() or value.strip().lower() == UNKNOWN
    return False


def _text(value: Any) -> str:
    return value.strip().lower() if isinstance(value, str) else ""


def _check_age(fields: Mapping[str, Any], on: date) -> Check:
    dob = parse_iso_date(fields.get("yp_date_of_birth"))
    if dob is not None and dob > on:
        return Check(
            "unknown",
            "The date of birth given is after the referral date.",
            next_step="Check the young person's date of birth.",
        )
    if dob is not None:
        age = age_on(dob, on)
        flags = ["AGE_NEAR_18"] if on < add_years(dob, 18) <= add_months(on, 3) else []
        return _age_check(age, flags, "on the referral date")
    stated = _as_int(fields.get("yp_age"))
    if stated is not None:
        return _age_check(stated, [], "as stated (no date of birth given)")
    return Check(
        "unknown",
        "The young person's age is not known yet.",
        next_step="Give the young person's date of birth.",
    )


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _age_check(age: int, flags: list[str], how: str) -> Check:
    if age < 12:
        return Check(
            "not_met",
            f"Aged {age} {how}; the service starts at 12.",
            next_step="The service works with young people aged 12 to 17; contact "
            "the Access and Response Team about support for younger children.",
        )
    if age >= 18:
        return Check(
            "not_met",
            f"Aged {age} {how}; the service is for under-18s.",
            next_step="The service works with young people under 18; contact "
            "adult services or the Access and Response Team for advice.",
        )
    return Check("met", f"Aged {age} {how}, within 12 to 17.", flags)


def _check_area(fields: Mapping[str, Any], on: date) -> Check:
    area = classify_location(fields.get("yp_location"))
    if area.status == "in":
        return Check("met", "Lives in South Gloucestershire.")
    if area.status == "out":
        return Check(
            "not_met",
            "Lives outside South Gloucestershire.",
            next_step="The service is for young people living in South "
            "Gloucestershire; contact the young person's local authority.",
        )
    if area.status == "uncertain":
        return Check(
            "unknown",
            f"The postcode area {area.district} crosses the South Gloucestershire boundary.",
            ["AREA_UNCERTAIN"],
        )
    return Check(
        "unknown",
        "It is not yet known whether the young person lives in South Gloucestershire.",
        next_step="Give the young person's home postcode.",
    )


def _check_allocated_professional(fields: Mapping[str, Any], on: date) -> Check:
    if _text(fields.get("referrer_is_allocated")) == "yes":
        return Check("met", "The referrer is the allocated professional.")
    exists = _text(fields.get("ap_exists"))
    if exists == "yes":
        return Check("met", "The young person has an allocated professional.")
    if exists == "no":
        return Check(
            "exception",
            "There is no allocated professional; exceptions can be agreed with the service.",
            ["NO_ALLOCATED_PROFESSIONAL"],
        )
    return Check(
        "unknown",
        "It is not yet known whether there is an allocated professional.",
        next_step="Tell us who the allocated professional is.",
    )


def _check_significant_adult(fields: Mapping[str, Any], on: date) -> Check:
    name, willing = fields.get("sa_name"), _text(fields.get("sa_willing"))
    if _text(name) == "none":
        return Check(
            "not_met",
            "No significant adult has been named.",
            next_step="Identify an adult who can support the young person and "
            "take part in the programme.",
        )
    if willing == "no":
        return Check(
            "not_met",
            "The significant adult is not willing to take part.",
            next_step="Identify an adult who is willing to support the young "
            "person and take part in the programme.",
        )
    if willing == "unsure":
        return Check(
            "unknown",
            "It is not yet clear whether the significant adult will take part.",
            ["SIGNIFICANT_ADULT_UNSURE"],
        )
    if not is_missing(name) and willing == "yes":
        return Check("met", "A significant adult is named and willing to take part.")
    return Check(
        "unknown",
        "The significant adult is not yet known.",
        next_step="Name the significant adult and say whether they will take part.",
    )


def _check_safe_place(fields: Mapping[str, Any], on: date) -> Check:
    answer = _text(fields.get("safe_place"))
    if answer == "yes":
        return Check("met", "Living in a safe place to take part.")
    if answer == "no":
        return Check(
            "not_met",
            "Not currently living in a safe place to take part.",
            next_step="Make the young person's living situation safe first; "
            "the service can advise on a safety plan.",
        )
    if answer == "unsure":
        return Check(
            "unknown",
            "It is not clear whether the young person is living in a safe place.",
            ["SAFETY_UNSURE"],
        )
    return Check(
        "unknown",
        "It is not yet known whether the young person is living in a safe place.",
        next_step="Say whether the young person is living in a safe place.",
    )


POLICE_OPEN = frozenset({"open", "charged"})
POLICE_COMPLETE = frozenset({"no_further_action", "community_resolution", "caution", "convicted"})


def _check_investigation(fields: Mapping[str, Any], on: date) -> Check:
    social_care = _text(fields.get("social_care_investigated"))
    police = _text(fields.get("police_involved"))
    status = _text(fields.get("police_status"))
    if status in POLICE_OPEN:
        return Check(
            "exception",
            "A police investigation or prosecution is still open.",
            ["POLICE_INVESTIGATION_ONGOING"],
        )
    if social_care == "no" and police == "no":
        return Check(
            "not_met",
            "The concern has not been investigated by social care or the police.",
            next_step="Contact the Access and Response Team "
            "so the concern can be investigated first.",
        )
    if social_care == "yes" or status in POLICE_COMPLETE:
        return Check("met", "The concern has been investigated and any investigation is complete.")
    return Check(
        "unknown",
        "It is not yet known whether the concern has been investigated.",
        next_step="Say whether social care or the police have "
        "investigated, and where any police investigation stands.",
    )


def _check_consent(fields: Mapping[str, Any], on: date) -> Check:
    answers = [_text(fields.get("parent_consent")), _text(fields.get("yp_consent"))]
    flags = []
    if "refused" in answers:
        flags.append("CONSENT_REFUSED")
    if "not_sought" in answers:
        flags.append("CONSENT_NOT_SOUGHT")
    if flags:
        reason = " ".join(FLAG_TEXT[code][0] for code in flags)
        return Check("exception", reason, flags)
    if answers == ["agreed", "agreed"]:
        return Check("met", "The parent or carer and the young person agree to the referral.")
    return Check(
        "unknown",
        "Consent from the parent or carer and the young person is not yet known.",
        next_step="Say whether the parent or carer and the young person agree to the referral.",
    )


def _check_meetings(fields: Mapping[str, Any], on: date) -> Check:
    meetings = fields.get("multi_agency_meetings")
    if isinstance(meetings, list) and meetings:
        return Check("met", "At least one multi-agency meeting has taken place.")
    if isinstance(meetings, list):
        return Check(
            "not_met",
            "No multi-agency meeting has taken place.",
            next_step="Hold an appropriate multi-agency meeting (for example a "
            "strategy meeting) before the referral.",
        )
    return Check(
        "unknown",
        "It is not yet known whether a multi-agency meeting has taken place.",
        next_step="Say which multi-agency meetings have taken place, with dates.",
    )


CHECKS: dict[Criterion, Callable[[Mapping[str, Any], date], Check]] = {
    "age": _check_age,
    "area": _check_area,
    "allocated_professional": _check_allocated_professional,
    "significant_adult": _check_significant_adult,
    "safe_place": _check_safe_place,
    "investigation": _check_investigation,
    "consent": _check_consent,
    "multi_agency_meetings": _check_meetings,
}
