"""The actions, the field specification and the real domain.yml agree: every slot the
form asks for has a slot and a question, every field of the specification that is asked
has a validator, every action the domain names is implemented, and the referral fields
of the backend are all slots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.executor import ActionExecutor

from actions.field_hooks import CONVERSATION_VALIDATORS, FIELD_VALIDATORS
from actions.referral_flow import ASK_ORDER
from actions.slot_validation import VALIDATORS
from backend.domain.fields import FIELDS, FIELDS_BY_NAME

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text())
    return loaded


def test_every_referral_field_is_a_slot(domain: dict[str, Any]) -> None:
    assert {f.name for f in FIELDS} <= set(domain["slots"])


def test_the_form_lists_the_slots_in_asking_order(domain: dict[str, Any]) -> None:
    listed = domain["forms"]["referral_form"]["required_slots"]
    assert listed == list(ASK_ORDER)


def test_every_asked_slot_has_a_question_and_a_validator(domain: dict[str, Any]) -> None:
    asks = set(domain["responses"]) | set(domain["actions"])
    for slot in ASK_ORDER:
        if slot == "harmed_children":  # filled by the harmed-children loop, never asked
            continue
        assert f"utter_ask_{slot}" in asks or f"action_ask_{slot}" in asks, slot
        assert slot in VALIDATORS, slot


def test_every_asked_field_of_the_specification_has_a_validator() -> None:
    for slot in ASK_ORDER:
        if slot in FIELDS_BY_NAME and slot != "harmed_children":  # filled by the loop
            assert slot in FIELD_VALIDATORS, slot


def test_validators_are_keyed_by_the_specification() -> None:
    assert set(FIELD_VALIDATORS) <= set(FIELDS_BY_NAME)
    assert not set(CONVERSATION_VALIDATORS) & set(FIELDS_BY_NAME)


def test_the_form_asks_only_for_fields_and_conversation_slots(domain: dict[str, Any]) -> None:
    known = set(FIELDS_BY_NAME) | set(CONVERSATION_VALIDATORS)
    for slot in domain["forms"]["referral_form"]["required_slots"]:
        assert slot in known, slot
        assert slot in domain["slots"], slot


def test_every_domain_action_is_implemented(domain: dict[str, Any]) -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(domain["actions"]) <= set(executor.actions)


def test_buttons_are_few_and_short(domain: dict[str, Any]) -> None:
    for name, variants in domain["responses"].items():
        for variant in variants:
            buttons = variant.get("buttons", [])
            assert len(buttons) <= 7, name
            assert all(len(b["title"]) <= 30 for b in buttons), name
