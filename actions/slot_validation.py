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


def validate_slot(slot: str, value: Any, slots: Mapping[str, Any], today: date) -> Outcome:
    """Run one slot's validator; values already None pass through (a reset)."""
    if value is None:
        return {slot: None}
    validator = VALIDATORS.get(slot)
    return validator(value, slots, today) if validator else {slot: value}


class TurnValidation:
    """The slots' validators for one message, each run once per value.

    Deciding how to read a message (is it the answer to the question asked, or a
    question, a disclosure, a request?) runs the asked slot's validator on it; taking
    the answer then uses that same outcome instead of reading the words again. An
    outcome depends on the slots it was checked against, so what is remembered holds
    only until a value is applied."""

    def __init__(self, slots: Mapping[str, Any], today: date) -> None:
        self.slots: dict[str, Any] = dict(slots)
        self.today = today
        self._outcomes: dict[tuple[str, str], Outcome] = {}

    def outcome(self, slot: str, value: Any) -> Outcome:
        if not isinstance(value, str):
            return validate_slot(slot, value, self.slots, self.today)
        key = (slot, value)
        if key not in self._outcomes:
            self._outcomes[key] = validate_slot(slot, value, self.slots, self.today)
        return self._outcomes[key]

    def accepts(self, slot: str, text: str) -> bool:
        """Whether a strict slot's validator takes this text as its answer."""
        return slot in STRICT_SLOTS and isinstance(self.outcome(slot, text), dict)

    def apply(self, values: Mapping[str, Any]) -> None:
        self.slots.update(values)
        self._outcomes.clear()

    def take(self, candidates: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """Each candidate through its slot's validator, in order, each seeing the values
        taken before it: the clean values to set, and what was wrong with the rest (a
        refused candidate leaves its slot empty)."""
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for slot, value in candidates.items():
            outcome = self.outcome(slot, value)
            if isinstance(outcome, str):
                problems[slot] = outcome
                outcome = {slot: None}
            values.update(outcome)
            self.apply(outcome)
        return values, problems
