"""The referral as a record: the flat fields regrouped the way the spec lays them out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from backend.domain.fields import FIELDS, GROUPS, Field
from backend.domain.model import Referral, ReferralSummary

FIELDS_BY_GROUP: dict[str, tuple[Field, ...]] = {
    group: tuple(f for f in FIELDS if f.group == group) for group in GROUPS
}
# Groups that hold one field named after the group appear as that bare value.
BARE_GROUPS = frozenset(
    group
    for group, members in FIELDS_BY_GROUP.items()
    if len(members) == 1 and members[0].name == group
)

RECORD_KEYS: tuple[str, ...] = (
    "reference",
    "status",
    "source",
    "created_at",
    "submitted_at",
    *GROUPS,
    "screening",
    "missing_fields",
    "transcript",
)


def group_values(group: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """One group's answers keyed by field key, every key present (None when not given)."""
    return {f.key: fields.get(f.name) for f in FIELDS_BY_GROUP[group]}


def fields_from_group(group: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Back from a group's keys to flat field names, leaving out what was not given."""
    return {f.name: values[f.key] for f in FIELDS_BY_GROUP[group] if values.get(f.key) is not None}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def record_of(referral: Referral) -> dict[str, Any]:
    """The record as the API returns it, keys in the spec's order."""
    groups: dict[str, Any] = {}
    for group in GROUPS:
        values = group_values(group, referral.fields)
        groups[group] = next(iter(values.values())) if group in BARE_GROUPS else values
    screening = referral.screening
    return {
        "reference": referral.reference,
        "status": referral.status,
        "source": referral.source,
        "created_at": _iso(referral.created_at),
        "submitted_at": _iso(referral.submitted_at),
        **groups,
        "screening": None
        if screening is None
        else {
            "outcome": screening.outcome,
            "criteria": [
                {"criterion": c.criterion, "result": c.result, "reason": c.reason}
                for c in screening.criteria
            ],
            "flags": [{"code": f.code, "reason": f.reason} for f in screening.flags],
            "next_steps": list(screening.next_steps),
        },
        "missing_fields": list(screening.missing_fields) if screening else [],
        "transcript": [turn.to_dict() for turn in referral.transcript],
    }


def summary_of(summary: ReferralSummary) -> dict[str, Any]:
    """A line in the list of referrals: metadata only, no personal data."""
    return {
        "reference": summary.reference,
        "status": summary.status,
        "source": summary.source,
        "outcome": summary.outcome,
        "flags": list(summary.flags),
        "referrer_organisation": summary.referrer_organisation,
        "created_at": _iso(summary.created_at),
        "submitted_at": _iso(summary.submitted_at),
    }
