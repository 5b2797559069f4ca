"""The referral form's validation action: reads each message once for every fact it
carries, applies corrections, validates each slot, and decides what to ask next."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction
from rasa_sdk.types import DomainDict

from actions import safety, sms_gateway
from actions.parsing import is_carry_on, mentions_immediate_risk, parse_yes_no_unsure
from actions.parsing._text import clauses
from actions.parsing.notes import is_pasted_note, read_note
from actions.progress import PROGRESS_CHANNELS, progress
from actions.referral_flow import (
    ASK_ORDER,
    DERIVED_SLOTS,
    INTERRUPTING_INTENTS,
    INTERRUPTION_CONFIDENCE,
    NARRATIVE_SLOTS,
    RISK_CHECK_SLOT,
    SOURCES_SLOT,
    answer_text,
    interpret_turn,
    risk_reading,
    slots_to_ask,
)
from actions.slot_validation import TurnValidation
from actions.summary import taken_text
from actions.turns import is_fresh_user_turn, latest_intent, today
from backend.domain.fields import FIELDS_BY_NAME

# The risk check's slot while the question is waiting to be asked.
ASK = "ask"


class ValidateReferralForm(FormValidationAction):
    def name(self) -> str:
        return "validate_referral_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        # Every slot the form may set, so a correction or a derived value (the age from a
        # date of birth) is validated and kept even when it is not the next question.
        return [*ASK_ORDER, *DERIVED_SLOTS, RISK_CHECK_SLOT]

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType:
        """The first question still unanswered, given the answers so far; first of all
        whether a child is at risk right now, when an account needs that checked."""
        if tracker.get_slot(RISK_CHECK_SLOT) == ASK:
            return SlotSet(REQUESTED_SLOT, RISK_CHECK_SLOT)
        texts_possible = sms_gateway.enabled()
        wanted = slots_to_ask(tracker.slots, texts_possible=texts_possible)
        next_slot = next((slot for slot in wanted if tracker.slots.get(slot) is None), None)
        if tracker.get_latest_input_channel() in PROGRESS_CHANNELS:
            where = progress(tracker.slots, next_slot, texts_possible=texts_possible)
            if where is not None:
                dispatcher.utter_message(json_message={"progress": where})
        return SlotSet(REQUESTED_SLOT, next_slot)

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if not is_fresh_user_turn(tracker, "referral_form"):
            return []
        text = tracker.latest_message.get("text") or ""
        intent, confidence = latest_intent(tracker)
        requested = tracker.get_slot("requested_slot")
        if requested == RISK_CHECK_SLOT:
            return self._risk_check_reply(answer_text(text), intent, confidence)
        if requested is not None and is_carry_on(text):
            # "carry on" after coming back is not the answer to the question asked.
            dispatcher.utter_message(text="OK, carrying on.")
            return []
        checks = TurnValidation(tracker.slots, today())
        check: list[EventType] = []
        disclosed = False
        if intent == "immediate_risk":
            reading = risk_reading(
                text, intent, confidence, requested, tracker.slots, today(), checks
            )
            if reading == "disclosure":
                # Nothing taken: the form is rejected and the rules answer the
                # disclosure (action_immediate_risk), then stop the form.
                return []
            if reading == "check":
                check = [SlotSet(RISK_CHECK_SLOT, ASK)]
            intent = None  # an answer the classifier read as risk: "Dan Wright"
        elif mentions_immediate_risk(text):
            # A safety net under the intent classifier: a disclosure of current risk
            # gets the safety message and the flag even when worded unusually.
            await safety.respond_to_immediate_risk(dispatcher, tracker)
            disclosed = True
        if requested not in NARRATIVE_SLOTS and is_pasted_note(text):
            sources = tracker.get_slot(SOURCES_SLOT)
            return [*self._take_note(text, checks, dispatcher, sources), *check]
        candidates, corrected = interpret_turn(
            text, intent, confidence, requested, tracker.slots, today(), checks
        )
        if corrected:
            labels = ", ".join(
                FIELDS_BY_NAME[s].label.lower() for s in corrected if s in FIELDS_BY_NAME
            )
            dispatcher.utter_message(text=f"Thanks, I've changed: {labels}.")
        values, problems = checks.take(candidates)
        if (
            disclosed
            and requested not in NARRATIVE_SLOTS
            and _from_the_disclosure(values, requested, text)
        ):
            # The disclosure is not the answer to a short question: taken from it, it was
            # stored as the organisation (kept in clear) or a person's name. Asked again.
            values[requested] = None
        values.update(self._say_problems(problems, requested, tracker, dispatcher))
        if requested in values and requested not in problems:
            values["fallback_count"] = 0
        if "confirm_submission" in candidates and values.get("confirm_submission") is None:
            dispatcher.utter_message(response="utter_ask_what_to_change")
        sources = dict(tracker.get_slot(SOURCES_SLOT) or {})
        if sources.keys() & values.keys():  # answered again: the note's words no longer hold
            values[SOURCES_SLOT] = {k: v for k, v in sources.items() if k not in values}
        return [*(SlotSet(slot, value) for slot, value in values.items()), *check]

    @staticmethod
    def _take_note(
        text: str,
        checks: TurnValidation,
        dispatcher: CollectingDispatcher,
        sources: dict[str, str] | None,
    ) -> list[EventType]:
        """A pasted note: every fact in it not already known, said back grouped as in
        the read-back, then only what is still missing is asked. The note itself stays
        in the conversation, so the referral's transcript keeps all of it."""
        facts = [f for f in read_note(text, checks.today) if checks.slots.get(f.slot) is None]
        values, problems = checks.take({fact.slot: fact.value for fact in facts})
        taken = {slot: value for slot, value in values.items() if value is not None}
        if taken:
            dispatcher.utter_message(
                text="From your note I've taken:\n" + taken_text(taken) + "\n\n"
                "I'll only ask what is still missing. If anything above is wrong, say "
                "what to change (for example 'actually the date of birth is 4/5/2011')."
            )
        else:
            dispatcher.utter_message(
                text="I couldn't pick out any details from that note, so I'll ask for "
                "them one at a time. The note is kept with the referral."
            )
        unread = [FIELDS_BY_NAME[slot].label.lower() for slot in problems if slot in FIELDS_BY_NAME]
        if unread:
            dispatcher.utter_message(
                text="I couldn't use what the note says for: " + ", ".join(unread) + ". "
                "I'll ask about those."
            )
        words = {f.slot: f.words for f in facts if f.slot in taken}
        return [
            *(SlotSet(slot, value) for slot, value in taken.items()),
            SlotSet(SOURCES_SLOT, {**words, **(sources or {})}),
        ]

    @staticmethod
    def _say_problems(
        problems: dict[str, str],
        requested: str | None,
        tracker: Tracker,
        dispatcher: CollectingDispatcher,
    ) -> dict[str, Any]:
        """Say what was wrong with each value not taken. An answer to the question asked
        not understood twice in a row offers a person as well as the question again."""
        for message in problems.values():
            dispatcher.utter_message(text=message)
        if requested not in problems:
            return {}
        failures = int(tracker.get_slot("fallback_count") or 0) + 1
        if failures >= safety.FAILURES_BEFORE_OFFERING_A_PERSON:
            safety.offer_a_person(dispatcher, in_form=True)
        return {"fallback_count": failures}

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """The slots set this turn, as they are: the values read from the message were
        validated when they were read (get_extraction_events), and values filled before
        the form started were validated when they were set. Only the risk check's reply
        is acted on here."""
        slots = tracker.slots_to_validate()
        if RISK_CHECK_SLOT in slots:
            slots.update(
                await self.validate_risk_now(slots[RISK_CHECK_SLOT], dispatcher, tracker, domain)
            )
        return [SlotSet(slot, value) for slot, value in slots.items()]

    @staticmethod
    def _risk_check_reply(text: str, intent: str | None, confidence: float) -> list[EventType]:
        """The reply to the risk check. A question, a request for a person, cancel or
        pause instead is left to the rules (the form takes nothing), and the check is
        asked again afterwards; a disclosure instead is a yes."""
        if parse_yes_no_unsure(text) is None:
            if intent == "immediate_risk":
                return [SlotSet(RISK_CHECK_SLOT, "yes")]
            if intent in INTERRUPTING_INTENTS and confidence >= INTERRUPTION_CONFIDENCE:
                return []
            if mentions_immediate_risk(text):
                return [SlotSet(RISK_CHECK_SLOT, "yes")]
        return [SlotSet(RISK_CHECK_SLOT, text)]

    async def validate_risk_now(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        """The answer to "is a child at risk right now?": yes, or not sure, gets the
        safety message and the flag; the referral carries on either way."""
        if value == ASK:
            return {RISK_CHECK_SLOT: ASK}
        text = str(value)
        answer = parse_yes_no_unsure(text)
        if answer is None:
            dispatcher.utter_message(text="Sorry, please answer yes, no or not sure.")
            return {RISK_CHECK_SLOT: ASK}
        if answer == "no":
            return {RISK_CHECK_SLOT: answer}
        events = await safety.respond_to_immediate_risk(dispatcher, tracker)
        return {RISK_CHECK_SLOT: answer, **{e["name"]: e["value"] for e in events}}


def _from_the_disclosure(values: dict[str, Any], slot: str | None, text: str) -> bool:
    """Whether the text taken for the slot came from the words of the disclosure: the
    whole message, or a clause that itself reads as one ("Mr Smith is alone with the
    kids tonight"). A value in a clause of its own is kept: "Sarah Jones - he's alone
    with the kids tonight" gives the name."""
    value = values.get(slot) if slot else None
    if not isinstance(value, str) or not value.split():
        return False
    if _words(value) == _words(text):
        return True
    first = _words(value)[:1]
    for clause in clauses(text):
        if first and first[0] in _words(clause):
            return mentions_immediate_risk(clause)
    return False


def _words(text: str) -> list[str]:
    return [word.strip(".,;:!?'\"()").casefold() for word in text.split()]
