"""What an SMS follow-up may ask for, and how a text names it. Pure.

By text the bot asks only for short, structured answers. The description of the
behaviour, the children harmed, the household (other children) and the safety plan are
never asked for by SMS: they are not for an unencrypted text, and the service talks
them through with the referrer instead. A text names what is needed by these labels,
never by any value from the record.
"""

from __future__ import annotations

from collections.abc import Iterable

from backend.domain.fields import FIELDS

NOT_BY_SMS = frozenset(
    {
        "concern_description",
        "harmed_children",
        "household",
        "safety_plan",
        "safe_place_details",
        "previous_harmful_behaviour_details",
    }
)

# How a text names each field the screening may find missing (the required ones).
SMS_LABELS: dict[str, str] = {f.name: f.sms_label for f in FIELDS if f.sms_label}

REQUIRED_FIELDS = tuple(f.name for f in FIELDS if f.required)


def askable_by_sms(missing: Iterable[str]) -> list[str]:
    """The missing fields a text conversation may ask for, in the form's order."""
    return [name for name in missing if name not in NOT_BY_SMS]


def not_by_sms(missing: Iterable[str]) -> list[str]:
    return [name for name in missing if name in NOT_BY_SMS]


def sms_label(name: str) -> str:
    return SMS_LABELS.get(name, name.replace("_", " "))
