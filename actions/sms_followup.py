"""The SMS follow-up conversation: a referrer replies to a follow-up text, and the bot
asks for the referral's missing fields one at a time, saves each answer to the same
record (audited, re-screened) and confirms the new screening outcome.

Every text from an SMS sender comes here: ``action_session_start`` marks conversations
whose id is an SMS sender's (``sms-`` and the keyed hash of the number, set by
``bot/channels/sms_relay.py``) with the slot ``sms_followup``, and one rule in
``data/rules.yml`` sends each of their messages to ``action_sms_followup``. The action
keeps its place in three slots (the reference, the field being asked, the fields the
referrer did not know) and asks the backend, every turn, what is still missing for the
referrer's open follow-up: the backend checks the number is the referrer's, so anyone
else is told nothing.

Safety first here too: a disclosure of immediate risk gets the safety message and the
IMMEDIATE_RISK flag on the referral before anything else; asking for a person records a
hand-off. What the bot sends never quotes the record: it asks questions and names the
reference and the outcome.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import backend_gateway, sms_gateway
from actions.conversation import transcript_from_events
from actions.parsing.notes import read_note
from actions.referral_flow import INTERRUPTION_CONFIDENCE, answer_text, is_risk_disclosure
from actions.slot_validation import TurnValidation
from actions.summary import OUTCOME_WORDS
from actions.turns import latest_intent, today
from backend.domain.field_values import InvalidFieldValue
from backend.domain.fields import UNKNOWN
from backend.domain.sms.identity import digest_of_sender

log = logging.getLogger(__name__)

FLAG_SLOT = "sms_followup"
REFERENCE_SLOT = "sms_followup_reference"
ASKING_SLOT = "sms_followup_asking"
SKIPPED_SLOT = "sms_followup_skipped"
STATE_SLOTS = (REFERENCE_SLOT, ASKING_SLOT, SKIPPED_SLOT)
# Rasa's own bookkeeping slots, not carried into a new session.
_NOT_CARRIED = frozenset({"session_started_metadata"})

NOTHING_OPEN_TEXT = (
    "There's nothing I need from you by text at the moment. For anything about a "
    "referral, please contact the Access and Response Team. If a child is in immediate "
    "danger, call 999."
)
HANDOFF_TEXT = (
    "I've asked the Access and Response Team to contact you. If it's urgent, please "
    "phone them now. If a child is in immediate danger, call 999."
)
TRY_AGAIN_TEXT = "Sorry, I couldn't save that just now. Please send it again in a few minutes."
NOT_TAKEN_TEXT = "Sorry, I couldn't use that answer. Please reply in other words, or 'don't know'."


class ActionSessionStart(Action):
    """Rasa's session start (slots carried over, as ``session_config`` says), marking a
    conversation with an SMS sender so that the SMS rule applies to it."""

    def name(self) -> str:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        config = domain.get("session_config") or {}
        if config.get("carry_over_slots_to_new_session", True):
            events += [
                SlotSet(name, value)
                for name, value in tracker.slots.items()
                if value is not None and name not in _NOT_CARRIED
            ]
        if digest_of_sender(tracker.sender_id) is not None:
            events.append(SlotSet(FLAG_SLOT, True))
        events.append(ActionExecuted("action_listen"))
        return events


def latest_exchange(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The bot's last messages before the latest user message, and that message, as
    transcript turns marked as texts."""
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    if last_user < 0:
        return []
    previous_user = max(
        (i for i, e in enumerate(events[:last_user]) if e.get("event") == "user"), default=-1
    )
    turns = transcript_from_events(events[previous_user + 1 : last_user + 1])
    return [{**turn, "text": f"[SMS] {turn['text']}"} for turn in turns]


def _reset() -> list[EventType]:
    return [SlotSet(slot, None) for slot in STATE_SLOTS]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class ActionSmsFollowup(Action):
    def name(self) -> str:
        return "action_sms_followup"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        digest = digest_of_sender(tracker.sender_id)
        text = answer_text(tracker.latest_message.get("text"))
        intent, confidence = latest_intent(tracker)
        # A reply is checked against the question it answers once, however many times
        # its reading is asked for below.
        checks = TurnValidation({}, today())
        # As in the chat's form: read as risk, but an answer to the question asked is
        # the answer unless its words or a sure classifier say otherwise.
        risky = is_risk_disclosure(
            text, intent, confidence, tracker.get_slot(ASKING_SLOT), {}, today(), checks
        )
        exchange = latest_exchange(tracker.events)
        if risky:  # the safety message first, whatever happens next
            dispatcher.utter_message(response="utter_immediate_risk")
        try:
            view = (
                await sms_gateway.followup_for_sender(digest)
                if digest is not None and sms_gateway.enabled()
                else None
            )
        except Exception as error:  # the database: the flag is kept and retried
            log.warning("SMS follow-up not read (%s)", type(error).__name__)
            if risky and digest is not None:
                await backend_gateway.record_sms_disclosure(digest=digest, transcript=exchange)
            dispatcher.utter_message(text=TRY_AGAIN_TEXT)
            return []
        if view is None or digest is None:
            dispatcher.utter_message(text=NOTHING_OPEN_TEXT)
            return _reset()

        reference = view.reference
        asking = tracker.get_slot(ASKING_SLOT)
        skipped = list(tracker.get_slot(SKIPPED_SLOT) or [])
        if tracker.get_slot(REFERENCE_SLOT) != reference:  # a new follow-up conversation
            asking, skipped = None, []

        if risky:
            await backend_gateway.record_sms_disclosure(
                reference=reference, digest=digest, transcript=exchange
            )
            return self._ask_next(dispatcher, view, asking, skipped, again=True)

        remaining = [f for f in view.askable if f not in skipped]
        if asking is None:
            first = remaining[0] if remaining else None
            if first is None or not checks.accepts(first, text):
                dispatcher.utter_message(
                    text=f"Thanks for replying about referral {reference}. "
                    + (
                        f"We need {_plural(len(remaining), 'more detail')}. I'll ask one at "
                        "a time; you can reply 'don't know' to any of them."
                        if remaining
                        else "There's nothing more I can ask you by text."
                    )
                )
                if first is None:
                    return await self._finish(dispatcher, view, digest, exchange)
                return self._ask_next(dispatcher, view, None, skipped)
            asking = first  # the first reply already answers the first question

        if (
            intent == "request_human"
            and confidence >= INTERRUPTION_CONFIDENCE
            and not checks.accepts(asking, text)
        ):
            await backend_gateway.record_sms_handoff(
                reference=reference, digest=digest, transcript=exchange
            )
            dispatcher.utter_message(text=HANDOFF_TEXT)
            return self._ask_next(dispatcher, view, asking, skipped, again=True)

        if asking in view.askable:
            outcome = checks.outcome(asking, text)
            if isinstance(outcome, str):
                dispatcher.utter_message(text=outcome)
                return self._ask_next(dispatcher, view, asking, skipped, again=True)
            answers = {k: v for k, v in outcome.items() if v is not None and v != UNKNOWN}
            answers.update(self._other_facts(text, view, {asking, *answers}, checks))
            if outcome.get(asking) in (None, UNKNOWN):
                skipped.append(asking)
            if answers:
                try:
                    view = await sms_gateway.update_fields(
                        reference, answers, digest=digest, transcript=exchange
                    )
                except (sms_gateway.NotTheReferrer, sms_gateway.FollowupClosed):
                    dispatcher.utter_message(text=NOTHING_OPEN_TEXT)
                    return _reset()
                except InvalidFieldValue:  # sending it again cannot help: ask again
                    dispatcher.utter_message(text=NOT_TAKEN_TEXT)
                    return self._ask_next(dispatcher, view, asking, skipped, again=True)
                except Exception as error:  # the database: say so, ask again later
                    log.error("SMS follow-up update failed (%s)", type(error).__name__)
                    dispatcher.utter_message(text=TRY_AGAIN_TEXT)
                    return self._ask_next(dispatcher, view, asking, skipped, again=True)
        if not [f for f in view.askable if f not in skipped]:
            return await self._finish(dispatcher, view, digest, exchange)
        dispatcher.utter_message(text="Thanks.")
        return self._ask_next(dispatcher, view, None, skipped)

    @staticmethod
    def _other_facts(
        text: str, view: sms_gateway.FollowupView, taken: set[str], checks: TurnValidation
    ) -> dict[str, Any]:
        """Other missing details the same reply gives ("3/5/2012, and he's at Yate
        Academy"), read as a pasted note is, through the validators."""
        wanted = {
            fact.slot: fact.value
            for fact in read_note(text, checks.today)
            if fact.slot in view.askable and fact.slot not in taken
        }
        values, _ = checks.take(wanted)
        return {k: v for k, v in values.items() if v is not None and v != UNKNOWN}

    @staticmethod
    def _ask_next(
        dispatcher: CollectingDispatcher,
        view: sms_gateway.FollowupView,
        asking: str | None,
        skipped: list[str],
        again: bool = False,
    ) -> list[EventType]:
        """Ask the question being asked again, or the next missing field."""
        field = asking if again and asking else None
        if field is None:
            field = next((f for f in view.askable if f not in skipped), None)
        if field is not None:
            dispatcher.utter_message(response=f"utter_ask_{field}")
        return [
            SlotSet(REFERENCE_SLOT, view.reference),
            SlotSet(ASKING_SLOT, field),
            SlotSet(SKIPPED_SLOT, skipped),
        ]

    @staticmethod
    async def _finish(
        dispatcher: CollectingDispatcher,
        view: sms_gateway.FollowupView,
        digest: str,
        exchange: list[dict[str, str]],
    ) -> list[EventType]:
        done = await sms_gateway.finish(view.reference, digest=digest, transcript=exchange)
        left = len(done.askable) + len(done.by_phone)
        lines = [
            f"Thank you. Referral {done.reference} is up to date.",
            OUTCOME_WORDS.get(done.outcome, ""),
        ]
        if left:
            lines.append(
                f"{_plural(left, 'detail')} still missing: the service will contact you about them."
            )
        lines.append("This is a first screening only: a practitioner will review it and decide.")
        dispatcher.utter_message(text=" ".join(line for line in lines if line))
        return _reset()
