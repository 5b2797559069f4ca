"""Running a slot's validator: the one entry point the form, the transcript reader and
the SMS follow-up use to turn a candidate value into slots to set.

The validators come from actions.field_hooks (one per field of the specification, and
one per conversation slot); STRICT_SLOTS are the slots whose validator only takes a
recognisable answer.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping

from actions.field_hooks import CONVERSATION_VALIDATORS, FIELD_VALIDATORS
from actions.validators import (
    Outcome,
    Validator,
    contexts,
    date_of_birth,
    email,
    meetings,
    more_children,
    phone,
)

VALIDATORS: dict[str, Validator] = {**FIELD_VALIDATORS, **CONVERSATION_VALIDATORS}


# Slots whose validator only accepts a recognisable answer (a date, a choice, a number),
# so a message it accepts is an answer even if it also reads like a question.
STRICT_SLOTS = frozenset(
    slot
    for slot, validator in VALIDATORS.items()
    if getattr(validator, "strict", False)
    or validator in (date_of_birth, email, phone, meetings, contexts, more_children)
)


def accepts(slot: str, text: str, slots: Mapping[str, Any], today: date) -> bool:
    """Whether a strict slot's validator takes this text as its answer."""
    return slot in STRICT_SLOTS and isinstance(validate_slot(slot, text, slots, today), dict)


def validate_slot(slot: str, value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    """Run one slot's validator; values already None pass through (a reset)."""
    if value is None:
        return {slot: None}
    validator = VALIDATORS.get(slot)
    return validator(value, slots, today) if validator else {slot: value}
