"""Safety first, and a person when wanted: immediate risk, handoff, not understood."""

from __future__ import annotations

import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import backend_gateway
from actions.conversation import (
    OUTAGE_SLOT,
    conversation_key,
    field_values,
    source_of,
    state_time,
    transcript_from_events,
)
from actions.parsing import mentions_immediate_risk
from actions.parsing.risk import risk_intent_weighed
from actions.referral_flow import answer_kept_with_disclosure, answer_text, is_put_as_abuse
from actions.turns import today

FAILURES_BEFORE_OFFERING_A_PERSON = 2
HANDOFF_TEXT = (
    "I've asked the Access and Response Team to get in touch, and passed on this "
    "conversation. If it's urgent, please phone them now. If a child is in immediate "
    "danger, call 999."
)
HANDOFF_REFUSED_TEXT = (
    "Sorry, I couldn't pass this on to the Access and Response Team. Please phone them "
    "directly. If a child is in immediate danger, call 999."
)


def referral_key_of(tracker: Tracker) -> str:
    return tracker.get_slot("referral_key") or uuid.uuid4().hex


async def respond_to_immediate_risk(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """Tell them what to do now, then record the IMMEDIATE_RISK flag on the referral
    (a draft is created if none exists yet). The message goes first, whatever happens
    to the record: a flag the case backend cannot take now is kept and retried until it
    is recorded (and the team told), never dropped."""
    dispatcher.utter_message(response="utter_immediate_risk")
    key = referral_key_of(tracker)
    sent = await backend_gateway.record_immediate_risk(
        conversation_key=conversation_key(tracker.sender_id, key),
        source=source_of(tracker.get_latest_input_channel()),
        fields=field_values(tracker.slots),
        transcript=transcript_from_events(tracker.events),
        as_of=state_time(tracker.events),
    )
    events: list[EventType] = [SlotSet("immediate_risk", True), SlotSet("referral_key", key)]
    if sent.applied:
        events.append(SlotSet("referral_reference", sent.result))
    return events


class ActionImmediateRisk(Action):
    """A disclosure of current risk. In a form, an account given in answer to the
    question asked is kept, so carrying on afterwards does not ask for it again."""

    def name(self) -> str:
        return "action_immediate_risk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 1.0)
        if not tracker.active_loop.get("name") and risk_words_point_elsewhere_only(
            text, confidence
        ):
            # "he's at risk of permanent exclusion": no alarm and no flag, but the way
            # to act on a danger is still said.
            dispatcher.utter_message(response="utter_risk_elsewhere")
            return []
        events = await respond_to_immediate_risk(dispatcher, tracker)
        if not tracker.active_loop.get("name"):
            return events
        text = answer_text(tracker.latest_message.get("text"))
        requested = tracker.get_slot("requested_slot")
        kept = answer_kept_with_disclosure(requested, text, tracker.slots, today())
        return [*events, *(SlotSet(slot, value) for slot, value in kept.items())]


def risk_words_point_elsewhere_only(text: str, confidence: float = 1.0) -> bool:
    """A message read as a disclosure whose words of risk all point elsewhere (school,
    health, the past), or, read unsure, which names nobody who could be harmed; and
    which names no danger to a child."""
    weighed = risk_intent_weighed(text, "immediate_risk", confidence)
    return weighed is None and not mentions_immediate_risk(text)


class ActionRiskSafetyNet(Action):
    """Before a service question, "help" or another canned answer outside a form: a
    disclosure of current risk the classifier put there gets the safety message and the
    flag first ("the child is not safe, he's still there" read as a service question)."""

    def name(self) -> str:
        return "action_risk_safety_net"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if tracker.active_loop.get("name") or not mentions_immediate_risk(
            tracker.latest_message.get("text") or ""
        ):
            return []
        return await respond_to_immediate_risk(dispatcher, tracker)


class ActionRecordOutageDisclosure(Action):
    """A disclosure the Rasa server could not pass on when it was made (this server was
    unreachable; bot/outage_disclosures.py kept it and runs this once it can): the
    IMMEDIATE_RISK flag, with what was said added to the transcript. The person was
    given the safety message then; nothing is said now."""

    def name(self) -> str:
        return "action_record_outage_disclosure"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        kept = tracker.get_slot(OUTAGE_SLOT)
        if not isinstance(kept, dict) or not isinstance(kept.get("text"), str):
            return [SlotSet(OUTAGE_SLOT, None)]
        key = referral_key_of(tracker)
        sent = await backend_gateway.record_immediate_risk(
            conversation_key=conversation_key(tracker.sender_id, key),
            source=source_of(tracker.get_latest_input_channel()),
            fields=field_values(tracker.slots),
            # the kept words are among the events (the slot set to them)
            transcript=transcript_from_events(tracker.events),
            as_of=state_time(tracker.events),
        )
        events: list[EventType] = [
            SlotSet(OUTAGE_SLOT, None),
            SlotSet("immediate_risk", True),
            SlotSet("referral_key", key),
        ]
        if sent.applied:
            events.append(SlotSet("referral_reference", sent.result))
        return events


class ActionHandoff(Action):
    """Records a request to speak to a person, with the transcript, for the Access and
    Response Team, and tells the professional how to reach them now. A disclosure made
    in the same words ("the 5 year old is alone with him as we speak", read as a request
    for a person) gets the safety message and the flag first: outside a form nothing else
    reads the words (in a form, the form's own safety net already has)."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        disclosed: list[EventType] = []
        in_form = bool(tracker.active_loop.get("name"))
        if not in_form and mentions_immediate_risk(tracker.latest_message.get("text") or ""):
            disclosed = await respond_to_immediate_risk(dispatcher, tracker)
        # the flag and the request on one referral: the draft the flag may have created
        keys = [e["value"] for e in disclosed if e.get("name") == "referral_key"]
        key = keys[0] if keys else referral_key_of(tracker)
        contact = tracker.get_slot("referrer_phone") or tracker.get_slot("referrer_email")
        sent = await backend_gateway.record_handoff_request(
            conversation_key=conversation_key(tracker.sender_id, key),
            source=source_of(tracker.get_latest_input_channel()),
            reason=tracker.latest_message.get("intent", {}).get("name") or "request_human",
            transcript=transcript_from_events(tracker.events),
            contact=contact if contact and contact != "unknown" else None,
        )
        # Kept for retry counts as asked: the request reaches the team when it can.
        dispatcher.utter_message(text=HANDOFF_REFUSED_TEXT if sent.refused else HANDOFF_TEXT)
        if in_form:
            dispatcher.utter_message(text="In the meantime, we can carry on where we were.")
        return [*disclosed, SlotSet("referral_key", key), SlotSet("fallback_count", 0)]


def offer_a_person(dispatcher: CollectingDispatcher, in_form: bool) -> None:
    """After repeated misunderstandings: a person from the Access and Response Team."""
    if in_form:
        dispatcher.utter_message(
            text=(
                "Sorry, I'm still not understanding. You can answer the question again, "
                "say 'don't know', or I can ask a person from the Access and Response "
                "Team to get in touch."
            ),
            buttons=[{"title": "Speak to a person", "payload": "/request_human"}],
        )
        return
    dispatcher.utter_message(
        text=(
            "Sorry, I'm still not understanding. Would you like a person from the Access "
            "and Response Team to get in touch?"
        ),
        buttons=[
            {"title": "Yes, please", "payload": "/request_human"},
            {"title": "No, thanks", "payload": "/deny"},
        ],
    )


def failures_in_a_row(events: list[dict[str, Any]]) -> int:
    """How many messages in a row, counting the latest, the bot has not understood: the
    latest one, and each one before it that action_fallback answered."""
    failed: list[bool] = []
    for event in events:
        if event.get("event") == "user":
            failed.append(False)
        elif failed and (
            (event.get("event") == "action" and event.get("name") == "action_fallback")
            or (event.get("event") == "slot" and event.get("name") == "fallback_count")
            and bool(event.get("value"))
        ):
            failed[-1] = True
    failures = 1
    for earlier in reversed(failed[:-1]):
        if not earlier:
            break
        failures += 1
    return failures


async def not_understood(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """A clarifying reply; from the second failure in a row, the offer of a person.

    A disclosure of current risk the classifier could not place is still a disclosure:
    it gets the safety message and the flag, as in the form (safety net)."""
    if mentions_immediate_risk(tracker.latest_message.get("text") or ""):
        events = await respond_to_immediate_risk(dispatcher, tracker)
        if not tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_offer_continue")
        return events
    failures = failures_in_a_row(list(tracker.events))
    if failures >= FAILURES_BEFORE_OFFERING_A_PERSON:
        offer_a_person(dispatcher, in_form=bool(tracker.active_loop.get("name")))
    else:
        dispatcher.utter_message(response="utter_default")
    return [SlotSet("fallback_count", failures)]


class ActionFallback(Action):
    """A clarifying reply; after two failures in a row, the offer of a person."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return await not_understood(dispatcher, tracker)


class ActionRespondToAbuse(Action):
    """An insult gets a calm reply and nothing else; a message the classifier read as
    one without the words of one (keyboard mash, nonsense) was not understood."""

    def name(self) -> str:
        return "action_respond_to_abuse"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if is_put_as_abuse(tracker.latest_message.get("text") or ""):
            dispatcher.utter_message(response="utter_abuse")
            return []
        return await not_understood(dispatcher, tracker)
