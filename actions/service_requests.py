"""Requests for a consultation about a case, or for training for a team."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions import backend_gateway
from actions.conversation import conversation_key, source_of
from actions.parsing import (
    find_email,
    find_phone,
    is_carry_on,
    is_dont_know,
    parse_person_name,
)
from actions.referral_flow import INTERRUPTION_CONFIDENCE, asks_for_a_way_out, is_risk_disclosure
from actions.turns import is_fresh_user_turn, latest_intent, today
from backend.domain.fields import UNKNOWN

REQUEST_SLOTS = ("req_name", "req_organisation", "req_contact", "req_topic", "req_times")
_INTERRUPTING = {"request_human", "cancel"}


def _interrupts(text: str, intent: str | None, confidence: float, requested: str) -> bool:
    """A reply here is free text (a topic can sound like a question about the service),
    so only a clear request to stop, a person or a safety concern steps out of the form,
    or a service question that is asked as a question."""
    if intent == "immediate_risk":  # as action_weigh_immediate_risk read it
        return is_risk_disclosure(text, intent, confidence, requested, {}, today())
    if confidence < INTERRUPTION_CONFIDENCE or not asks_for_a_way_out(intent, text):
        return False
    return intent in _INTERRUPTING or (intent == "faq" and "?" in text)


def known_requester(slots: dict[str, Any]) -> dict[str, Any]:
    """The request's name, organisation and contact from a referral in progress."""

    def known(slot: str) -> Any:
        value = slots.get(slot)
        return None if value in (None, UNKNOWN) else value

    found = {
        "req_name": known("referrer_name"),
        "req_organisation": known("referrer_organisation"),
        "req_contact": known("referrer_email") or known("referrer_phone"),
    }
    return {slot: value for slot, value in found.items() if value is not None}


class _ValidateRequestForm(FormValidationAction, ABC):
    """Shared by the consultation and training forms: the same five questions."""

    @abstractmethod
    def name(self) -> str: ...

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # Someone who switched from a referral has already said who they are.
        known = [
            SlotSet(slot, value)
            for slot, value in known_requester(tracker.slots).items()
            if tracker.get_slot(slot) is None
        ]
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message.get("text") or "").strip()
        if not requested or not text or not is_fresh_user_turn(tracker, self.form_name()):
            return known
        intent, confidence = latest_intent(tracker)
        if _interrupts(text, intent, confidence, requested):
            return known
        if is_carry_on(text):  # "I'm back" / "carry on" is not the topic or the times
            dispatcher.utter_message(text="OK, carrying on.")
            return known
        return [*known, SlotSet(requested, text)]

    def validate_req_name(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"req_name": parse_person_name(str(value)) or str(value)[:100]}

    def validate_req_organisation(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"req_organisation": str(value)[:200]}

    def validate_req_contact(
        self, value: Any, dispatcher: CollectingDispatcher, *_: Any
    ) -> dict[str, Any]:
        contact = find_email(str(value)) or find_phone(str(value))
        if not contact:
            dispatcher.utter_message(text="Please give an email address or a UK phone number.")
        return {"req_contact": contact}

    def validate_req_topic(self, value: Any, *_: Any) -> dict[str, Any]:
        return {"req_topic": str(value)[:2000]}

    def validate_req_times(self, value: Any, *_: Any) -> dict[str, Any]:
        text = str(value)
        return {"req_times": "no preference" if is_dont_know(text) else text[:500]}


class ValidateConsultationForm(_ValidateRequestForm):
    def name(self) -> str:
        return "validate_consultation_form"


class ValidateTrainingForm(_ValidateRequestForm):
    def name(self) -> str:
        return "validate_training_form"


def _details(tracker: Tracker) -> dict[str, Any]:
    return {slot.removeprefix("req_"): tracker.get_slot(slot) for slot in REQUEST_SLOTS}


class _SubmitRequest(Action, ABC):
    kind = ""

    @abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        record = (
            backend_gateway.record_consultation_request
            if self.kind == "consultation"
            else backend_gateway.record_training_request
        )
        sent = await record(
            conversation_key=conversation_key(tracker.sender_id, uuid.uuid4().hex),
            source=source_of(tracker.get_latest_input_channel()),
            details=_details(tracker),
        )
        if sent.refused:  # the answers stay, so nothing is lost; a person can help
            dispatcher.utter_message(
                text=f"Sorry, I couldn't pass on your {self.kind} request. Please contact "
                "the Access and Response Team, who can pass it on for you."
            )
            return []
        dispatcher.utter_message(
            text=f"Thank you. I've passed your {self.kind} request to the service; "
            "they'll contact you to arrange it."
            if sent.applied
            else f"Thank you. The service's system is slow to answer just now, so your "
            f"{self.kind} request is queued: it will reach them shortly, and they'll "
            "contact you to arrange it."
        )
        return [SlotSet(slot, None) for slot in REQUEST_SLOTS]


class ActionSubmitConsultation(_SubmitRequest):
    kind = "consultation"

    def name(self) -> str:
        return "action_submit_consultation"


class ActionSubmitTraining(_SubmitRequest):
    kind = "training"

    def name(self) -> str:
        return "action_submit_training"
