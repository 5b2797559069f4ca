"""Screening a referral against the service's criteria: a recommendation, never a decision.

Pure: takes the flat field values (keyed by the names in fields.py) and the referral
date, returns each criterion's result with a reason, the flags that need a person to
look, the required fields still missing, and what to do next. Nothing here declines a
referral; a practitioner decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from backend.domain.criteria import CHECKS, CRITERIA, RESULTS, Criterion, Result, is_missing
from backend.domain.fields import FIELDS, applies
from backend.domain.flags import FLAG_CODES, FLAG_TEXT, Flag, make_flag

__all__ = [
    "CRITERIA",
    "FLAG_CODES",
    "OUTCOMES",
    "RESULTS",
    "Criterion",
    "CriterionResult",
    "Flag",
    "Outcome",
    "Result",
    "Screening",
    "missing_fields",
    "screen",
]

Outcome = Literal["criteria_not_met", "needs_discussion", "incomplete", "criteria_met"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)


@dataclass(frozen=True)
class CriterionResult:
    criterion: Criterion
    result: Result
    reason: str


@dataclass(frozen=True)
class Screening:
    outcome: Outcome
    criteria: list[CriterionResult]
    flags: list[Flag]
    missing_fields: list[str]
    next_steps: list[str]


def missing_fields(fields: Mapping[str, Any]) -> list[str]:
    """Required fields that apply and are not given or are "don't know"."""
    values = dict(fields)
    return [
        f.name
        for f in FIELDS
        if f.required and applies(f.name, values) and is_missing(values.get(f.name))
    ]


_OUTCOME_STEP: dict[Outcome, str] = {
    "criteria_not_met": "The referral does not meet every criterion as it stands; the "
    "service will still look at it and may contact you to talk it through.",
    "needs_discussion": "The service will contact you to discuss the referral.",
    "incomplete": "Please give the missing details so the service can consider the referral.",
    "criteria_met": "The referral meets the criteria; the service will contact you about "
    "the next steps.",
}


def screen(
    fields: Mapping[str, Any], referral_date: date, extra_flags: Iterable[str] = ()
) -> Screening:
    """Screen the referral's fields on the referral date. A recommendation only."""
    checks = {criterion: check(fields, referral_date) for criterion, check in CHECKS.items()}
    codes = list(extra_flags) + [code for check in checks.values() for code in check.flags]
    flags = [make_flag(code) for code in dict.fromkeys(codes)]  # keeps order, drops repeats
    missing = missing_fields(fields)
    criteria = [CriterionResult(c, check.result, check.reason) for c, check in checks.items()]
    results = {check.result for check in checks.values()}
    outcome: Outcome
    if "not_met" in results:
        outcome = "criteria_not_met"
    elif flags:
        outcome = "needs_discussion"
    elif missing or "unknown" in results:
        outcome = "incomplete"
    else:
        outcome = "criteria_met"
    steps = [FLAG_TEXT[flag.code][1] for flag in flags]
    steps += [check.next_step for check in checks.values() if check.next_step]
    if missing and outcome != "incomplete":
        steps.append(_OUTCOME_STEP["incomplete"])
    steps.append(_OUTCOME_STEP[outcome])
    return Screening(outcome, criteria, flags, missing, list(dict.fromkeys(steps)))
