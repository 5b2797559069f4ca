"""Starting, reading back, submitting, cancelling and resuming a referral."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import backend_gateway, resuming, sms_gateway
from actions.conversation import (
    conversation_key,
    field_values,
    source_of,
    state_time,
    transcript_from_events,
)
from actions.progress import say_finished
from actions.referral_flow import ASK_ORDER, CONFIRM_SLOT, RISK_CHECK_SLOT, SOURCES_SLOT
from actions.summary import next_steps_text, outcome_text, summary_text
from actions.turns import last_active_form, latest_intent, today
from backend.domain.fields import FIELDS, FIELDS_BY_NAME
from backend.settings import get_settings

log = logging.getLogger(__name__)
FOLLOWUP_SCHEDULED = ("scheduled", "reopened", "already scheduled")
# A submission the case backend could not take yet: kept by the action server and
# retried; the confirmation is asked again as "try again".
SUBMISSION_KEPT_SLOT = "submission_kept"
SUBMISSION_KEPT_TEXT = (
    "I couldn't reach the case system to submit your referral just now. Nothing is "
    "lost: I've kept every answer, and I'll keep trying to submit it for you. You can "
    "also try again in a minute to get your reference number."
)
SUBMISSION_REFUSED_TEXT = (
    "Sorry, the case system couldn't accept this referral. Nothing you've told me is "
    "lost. You can try again, change something, or ask for a person and the Access and "
    "Response Team will help."
)


def refused_answers_text(fields: tuple[str, ...]) -> str:
    """What to say when the case system refused some answers, naming them."""
    labels = [FIELDS_BY_NAME[f].label.lower() for f in fields if f in FIELDS_BY_NAME]
    if not labels:
        return SUBMISSION_REFUSED_TEXT
    return (
        "Sorry, the case system couldn't accept the answer given for "
        + ", ".join(labels)
        + ". Nothing you've told me is lost: please choose 'Change something' and give "
        "it again, or ask for a person and the Access and Response Team will help."
    )


# Everything a referral fills, cleared when a new referral starts.
REFERRAL_SLOTS = tuple(dict.fromkeys([*ASK_ORDER, *(f.name for f in FIELDS), "hc_collected"]))


# What a resume code carries to another conversation: the answers and where they came
# from, the referral's key and a disclosed risk.
RESUMED_SLOTS = (*REFERRAL_SLOTS, "referral_key", SOURCES_SLOT, "immediate_risk")


def _cleared_referral_events() -> list[EventType]:
    return [SlotSet(slot, None) for slot in REFERRAL_SLOTS] + [
        SlotSet("referral_key", None),
        SlotSet("referral_reference", None),
        SlotSet(SOURCES_SLOT, None),
        SlotSet("immediate_risk", None),
        SlotSet(RISK_CHECK_SLOT, None),
        SlotSet(SUBMISSION_KEPT_SLOT, None),
    ]


def _fresh_referral_events() -> list[EventType]:
    return [*_cleared_referral_events(), SlotSet("referral_key", uuid.uuid4().hex)]


class ActionStartReferral(Action):
    """Starts a referral, resumes one in progress, or reopens a submitted one to amend
    it (a correction after submission updates the same record)."""

    def name(self) -> str:
        return "action_start_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent, _ = latest_intent(tracker)
        if intent == "resume":
            redeemed = resuming.redeem_in(
                dispatcher, tracker, _cleared_referral_events(), retention_period()
            )
            if redeemed is not None:
                return redeemed
        key = tracker.get_slot("referral_key")
        submitted = tracker.get_slot(CONFIRM_SLOT) is True
        if key and submitted and intent == "correct":
            return [SlotSet(CONFIRM_SLOT, None)]
        if key and not submitted:
            moved = resuming.moved_away(dispatcher, tracker, _cleared_referral_events())
            if moved is not None:
                return moved
            if intent == "resume":
                dispatcher.utter_message(text="Welcome back. Let's carry on where you left off.")
            else:
                dispatcher.utter_message(text="Let's carry on with your referral.")
            return []
        if intent == "resume":
            dispatcher.utter_message(
                text="I can't find a referral in progress here, so let's start a new one."
            )
        dispatcher.utter_message(response="utter_start_referral")
        return _fresh_referral_events()


class ActionAskConfirmSubmission(Action):
    def name(self) -> str:
        return "action_ask_confirm_submission"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        again = bool(tracker.get_slot(SUBMISSION_KEPT_SLOT))
        if not again:
            dispatcher.utter_message(text=summary_text(tracker.slots))
        dispatcher.utter_message(
            text=(
                "Shall I try to submit it again now, or would you like to change something?"
                if again
                else "Shall I submit the referral, or would you like to change something?"
            ),
            buttons=[
                {"title": "Submit referral", "payload": "Submit referral"},
                {"title": "Change something", "payload": "Change something"},
            ],
        )
        return []


class ActionSubmitReferral(Action):
    def name(self) -> str:
        return "action_submit_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        key = tracker.get_slot("referral_key") or uuid.uuid4().hex
        sent = await backend_gateway.save_referral(
            conversation_key=conversation_key(tracker.sender_id, key),
            source=source_of(tracker.get_latest_input_channel()),
            fields=field_values(tracker.slots),
            transcript=transcript_from_events(tracker.events),
            submit=True,
            referral_date=today(),
            as_of=state_time(tracker.events),
            sources=dict(tracker.get_slot(SOURCES_SLOT) or {}),
        )
        if not sent.applied:
            # Every answer stays in the conversation, and the form asks again.
            dispatcher.utter_message(
                text=refused_answers_text(sent.refused_fields)
                if sent.refused
                else SUBMISSION_KEPT_TEXT
            )
            return [
                SlotSet("referral_key", key),
                SlotSet(CONFIRM_SLOT, None),
                SlotSet(SUBMISSION_KEPT_SLOT, None if sent.refused else sent.command_id),
                FollowupAction("referral_form"),
            ]
        result = sent.result
        say_finished(dispatcher, tracker)
        dispatcher.utter_message(
            text=outcome_text(result.reference, result.outcome, result.criteria, result.flags)
        )
        dispatcher.utter_message(text=next_steps_text(list(result.next_steps)))
        if await _schedule_sms_followup(result.reference) in FOLLOWUP_SCHEDULED:
            dispatcher.utter_message(
                text="As you agreed, we'll text you the reference number and what's missing."
            )
        return [
            SlotSet("referral_key", key),
            SlotSet("referral_reference", result.reference),
            SlotSet(SUBMISSION_KEPT_SLOT, None),
        ]


async def _schedule_sms_followup(reference: str) -> str | None:
    """A follow-up text for missing fields, if the referrer agreed (the backend decides)."""
    if not sms_gateway.enabled():
        return None
    try:
        return await sms_gateway.schedule_followup(reference)
    except Exception as error:  # the referral is saved; a missing follow-up is not fatal
        log.error("SMS follow-up not scheduled for %s (%s)", reference, type(error).__name__)
        return None


def referral_in_progress(tracker: Tracker) -> bool:
    """A referral has been started and not yet submitted."""
    return bool(tracker.get_slot("referral_key")) and tracker.get_slot(CONFIRM_SLOT) is not True


REQUEST_SLOTS = ("req_name", "req_organisation", "req_contact", "req_topic", "req_times")
REQUEST_FORMS = ("consultation_form", "training_form")


def resume_where_stepped_out(
    dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType] | None:
    """Back into the request or referral that was stepped out of; None when there is none."""
    last_form = last_active_form(list(tracker.events))
    if last_form in REQUEST_FORMS and any(tracker.get_slot(slot) for slot in REQUEST_SLOTS):
        dispatcher.utter_message(text="OK, carrying on.")
        return [FollowupAction(last_form)]
    if referral_in_progress(tracker):
        moved = resuming.moved_away(dispatcher, tracker, _cleared_referral_events())
        if moved is not None:
            return moved
        dispatcher.utter_message(text="OK, carrying on.")
        return [FollowupAction("referral_form")]
    return None


class ActionResumeReferral(Action):
    """'Carry on': back into the request or referral that was stepped out of, if any."""

    def name(self) -> str:
        return "action_resume_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        resumed = resume_where_stepped_out(dispatcher, tracker)
        if resumed is None:
            dispatcher.utter_message(response="utter_help")
            return []
        return resumed


def retention_period(minutes: int | None = None) -> str:
    """How long answers are kept, in words: '2 days', '12 hours', '90 minutes'."""
    if minutes is None:
        minutes = get_settings().conversation_retention_minutes
    for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
        if minutes >= size and minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}" + ("s" if count != 1 else "")
    return f"{minutes} minutes"


class ActionPauseReferral(Action):
    """'I need to go, can I finish later?': the referral is kept, not cancelled."""

    def name(self) -> str:
        return "action_pause_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        in_progress = referral_in_progress(tracker)
        if not in_progress:
            dispatcher.utter_message(text="That's fine. Come back whenever you're ready.")
            return []
        dispatcher.utter_message(
            text=resuming.pause_reply(tracker, RESUMED_SLOTS, retention_period())
        )
        return []
