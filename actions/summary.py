"""The read-back summary and the outcome message, as plain text. Pure functions."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping

from backend.domain.fields import FIELDS, UNKNOWN, applies

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

GROUP_TITLES = {
    "referrer": "You",
    "young_person": "Young person",
    "allocated_professional": "Allocated professional",
    "significant_adult": "Significant adult",
    "living_situation": "Living situation",
    "concern": "The concern",
    "investigation": "Investigation",
    "multi_agency_meetings": "Meetings",
    "history": "History",
    "professionals_involved": "Other professionals",
    "consent": "Consent",
    "service_requested": "Request",
}

OUTCOME_WORDS = {
    "criteria_met": "The referral appears to meet the service's criteria.",
    "needs_discussion": "The referral needs to be discussed individually by the service.",
    "incomplete": "Some information is missing, so the screening is not complete yet.",
    "criteria_not_met": "The referral does not appear to meet all of the service's criteria.",
}


def _show(value: Any) -> str:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return date.fromisoformat(value).strftime("%-d %B %Y")
    if value is None:
        return "not asked"
    if value == UNKNOWN:
        return "don't know"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        if not value:
            return "none"
        return "; ".join(_show_item(item) for item in value)
    return str(value).replace("_", " ")


def _show_item(item: Any) -> str:
    if isinstance(item, dict):
        return ", ".join(_show(v) for v in item.values() if v not in (None, ""))
    return str(item)


def summary_text(slots: Mapping[str, Any]) -> str:
    """Every answer, grouped as in the record, for the professional to check."""
    values = dict(slots)
    lines = ["Here's what you've told me. Please check it."]
    group = None
    for f in FIELDS:
        if not applies(f.name, values) or (f.name == "yp_age" and values.get(f.name) is None):
            continue
        if f.group != group:
            group = f.group
            lines.append(f"\n{GROUP_TITLES[group]}")
        lines.append(f"- {f.label}: {_show(values.get(f.name))}")
    return "\n".join(lines)


def outcome_text(reference: str, outcome: str, criteria: list[Any], flags: list[Any]) -> str:
    """The reference, the screening in plain words, with reasons for anything not met."""
    lines = [f"Thank you. Your referral reference is {reference}.", OUTCOME_WORDS.get(outcome, "")]
    # A flag often restates its criterion's reason; say each thing once.
    notes = list(
        dict.fromkeys([c.reason for c in criteria if c.result != "met"] + [f.reason for f in flags])
    )
    if notes:
        lines.append("Why:")
        lines.extend(f"- {note}" for note in notes)
    lines.append(
        "This is a first screening only: a practitioner will review the referral and decide."
    )
    return "\n".join(line for line in lines if line)


def next_steps_text(next_steps: list[str]) -> str:
    if not next_steps:
        return "What happens next: the service will contact you within a few working days."
    return "What happens next:\n" + "\n".join(f"- {step}" for step in next_steps)


def taken_text(values: Mapping[str, Any]) -> str:
    """What was taken from a pasted note, grouped as in the read-back."""
    lines: list[str] = []
    group = None
    shown = dict(values)
    if isinstance(values.get("hc_details"), dict) and values.get("harmed_children") is None:
        # the child the account describes: the rest about them is still asked
        shown["harmed_children"] = [values["hc_details"]]
    for f in FIELDS:
        if shown.get(f.name) is None:
            continue
        if f.group != group:
            group = f.group
            lines.append(f"\n{GROUP_TITLES[group]}")
        lines.append(f"- {f.label}: {_show(shown[f.name])}")
    return "\n".join(lines).strip()
