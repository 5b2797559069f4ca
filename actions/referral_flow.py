"""The referral form's flow, as pure functions: what to ask next, and what one message
says (the answer to the question asked, other facts, or a correction)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping

from actions.parsing import (
    extract_facts,
    parse_correction,
    parse_first_name,
    parse_last_name,
    parse_person_name,
)
from actions.parsing.risk import (
    MODEL_SURE_OF_RISK,
    mentions_immediate_risk,
    risk_intent_weighed,
    words_disclose_risk,
)
from actions.parsing.service_questions import is_question_to_the_service
from actions.slot_validation import STRICT_SLOTS, TurnValidation
from backend.domain.fields import FIELDS, FIELDS_BY_NAME, applies

HARMED_CHILD_SLOTS = ("hc_details", "hc_same_home_or_school", "hc_protection_plan", "hc_more")
CONFIRM_SLOT = "confirm_submission"
# Set by validators, never asked: the age comes from the date of birth, the children
# collected so far from the harmed-children loop.
DERIVED_SLOTS = ("yp_age", "hc_collected")

# The order questions are asked in: the spec's field order, with the harmed-children
# loop where the list belongs. The age is derived from the date of birth, never asked.
ASK_ORDER: tuple[str, ...] = tuple(
    slot
    for f in FIELDS
    if f.name != "yp_age"
    for slot in ((*HARMED_CHILD_SLOTS, f.name) if f.name == "harmed_children" else (f.name,))
) + (CONFIRM_SLOT,)

# Answers not read for other facts: they mention ages, dates and places that belong to
# someone else (a harmed child, a meeting), not to the young person or the referrer.
UNMINED_SLOTS = frozenset(
    {
        "hc_details",
        "concern_first_noticed",
        "concern_most_recent",
        "multi_agency_meetings",
        "previous_assessment_date",
        "household",
        "safe_place_details",
        "safety_plan",
        "concern_description",
        "yp_additional_needs",
        "severity_view",
        "previous_harmful_behaviour_details",
        "professionals_involved",
        "parent_consent_reason",
        "yp_consent_reason",
        "ap_contact",
    }
)

# Intents that are not an answer: the form steps aside and the rules handle them.
INTERRUPTING_INTENTS = frozenset(
    {
        "faq",
        "help",
        "immediate_risk",
        "request_human",
        "cancel",
        "ask_referral_status",
        "bot_challenge",
        "out_of_scope",
        "abuse",
        "pause",
        "request_consultation",
        "request_training",
    }
)
INTERRUPTION_CONFIDENCE = 0.7
# A question to the service that ends in "?" needs less: no answer to the form's
# questions does ("quick question, do you use AIM3?" read as faq at 0.61 was taken as
# the name of a school).
QUESTION_CONFIDENCE = 0.5
# Questions and asides: they interrupt an answer only when put as a question ("ADHD,
# has an EHCP" may read as off-topic, but it answers "any additional needs?").
QUESTION_INTENTS = frozenset(
    {"faq", "help", "ask_referral_status", "bot_challenge", "out_of_scope"}
)
_QUESTION_FORM = re.compile(
    r"\?|^\W*(what|who|whom|how|can|could|do|does|did|is|are|was|when|where|why|which|"
    r"would|will|should|tell me|explain|any idea)\b",
    re.IGNORECASE,
)
# Never overridden by a plausible answer: safety first, and a way out (stopping for now
# included: "I need to go, can I finish later?" is never taken for an answer).
SAFETY_INTENTS = frozenset({"immediate_risk", "request_human", "cancel", "pause"})
# Answers that describe what happened: they may quote rude or sexual words, so an insult
# never interrupts them.
NARRATIVE_SLOTS = UNMINED_SLOTS - {"ap_contact"}
_REQUEST_FORM = re.compile(
    r"\b(instead|rather|first|before|can (i|we)|could (i|we)|i'?d like|i want|i need|"
    r"we'?d like|we want|we need|switch|change to|please|pls|request\w*|book|arrange)\b",
    re.IGNORECASE,
)
# Switching to another request, or an insult aimed at the bot, must say so in words.
_SWITCH_AND_ABUSE_WORDS = {
    "request_consultation": re.compile(
        r"\b(consult\w*|advice|advise|discuss\w*|talk (it |this |a case )?through|steer|"
        r"guidance|run (it|this|a case) past)\b",
        re.IGNORECASE,
    ),
    "request_training": re.compile(r"\b(train\w*|session|workshop|inset|cpd)\b", re.IGNORECASE),
    "abuse": re.compile(
        r"\b(you|your|you'?re|u|ur|bot|chatbot|machine|computer|this (chat|thing|form|system)|"
        r"waste of (my )?time|useless|pointless|rubbish|ridiculous|crap|shit\w*|f\w*ing)\b",
        re.IGNORECASE,
    ),
}


def is_put_as_abuse(text: str) -> bool:
    """Whether a message classified as an insult has words that make it one (the
    classifier also reads keyboard mash and nonsense as insults)."""
    return bool(_SWITCH_AND_ABUSE_WORDS["abuse"].search(text))


# A way out must be asked for in words that say so: a name answering "what's your
# name?" is never taken for "cancel" however the classifier reads it.
_WAY_OUT_WORDS = {
    "cancel": re.compile(
        r"\b(cancel\w*|stop|scrap|abandon|quit|forget (it|this|that)|never ?mind|"
        r"start (again|over)|leave it|don'?t want to|not now|end this|delete)\b",
        re.IGNORECASE,
    ),
    "request_human": re.compile(
        r"\b(person|human|someone|somebody|anyone|people|real|call|ring|phone|speak|talk|"
        r"art|team|worker|practitioner|clinician|advisor|adviser|staff|agent)\b",
        re.IGNORECASE,
    ),
    "pause": re.compile(
        r"\b(later|another time|come back|get back|pick (it|this) up|finish|save|pause|break|"
        r"hold|hang on|wait|go|going|gotta|got to|have to|dash|leave|run|meeting|visit|call|"
        r"back|brb|bk|l8r|tomorrow|tonight|afterwards|sec|secs|second|minute|mins?|moment|"
        r"stop)\b",
        re.IGNORECASE,
    ),
}


# Questions whose answer is a name: a name is never a disclosure, however it reads.
_NAME_PARSERS = {
    "referrer_name": parse_person_name,
    "yp_first_name": parse_first_name,
    "yp_last_name": parse_last_name,
    "ap_name": parse_person_name,
    "sa_name": parse_person_name,
    "req_name": parse_person_name,
}


# Asked after an account the classifier is sure reads as current risk although its words
# say neither danger nor now (accounts of past harm read so at 0.99): one tap decides.
RISK_CHECK_SLOT = "risk_now"
# For fields read from a pasted note, the words each came from (sent with the referral).
SOURCES_SLOT = "field_sources"


def risk_reading(
    text: str,
    intent: str | None,
    confidence: float,
    requested_slot: str | None,
    slots: Mapping[str, Any],
    today: date,
    checks: TurnValidation | None = None,
) -> str:
    """How a message in a form is read: "disclosure" of current risk, "answer" to the
    question asked, or "check": an answer to take, then ask whether a child is at risk
    right now.

    Words of danger, or of now with a classifier reading of risk, make a disclosure; a
    reading of risk whose risk words all point elsewhere ("at risk of exclusion") is set
    aside. Else a message the classifier reads as risk is the answer only when it is
    nothing more than the answer: a name that is the whole message for "your name?"
    ("Dan Wright" reads as "right now"; "urgent, he's got the 7yo with him" is not the
    name "Urgent"), or a short choice when the classifier is not sure. An account in
    the referrer's own words, or a choice wrapped in more words than it needs, is taken
    and checked; anything else is a disclosure. A missed disclosure costs more than an
    extra question or safety message."""
    checks = checks or TurnValidation(slots, today)
    if words_disclose_risk(text, intent, confidence):
        return (
            "check"
            if _a_choice_said_with_a_time(text, confidence, requested_slot, checks)
            else "disclosure"
        )
    if risk_intent_weighed(text, intent, confidence) != "immediate_risk":
        return "answer"
    if requested_slot is None:
        return "disclosure"
    name_of = _NAME_PARSERS.get(requested_slot)
    if name_of is not None:
        name = name_of(text)
        whole = name is not None and len(text.split()) <= len(name.split()) + _WORDS_AROUND_A_NAME
        return "answer" if whole else "disclosure"
    if not isinstance(checks.outcome(requested_slot, text), dict):
        return "disclosure"
    if requested_slot not in STRICT_SLOTS:
        return "check"
    if confidence >= MODEL_SURE_OF_RISK:
        return "disclosure"
    return "answer" if len(text.split()) <= _WORDS_IN_A_SHORT_ANSWER else "check"


def _a_choice_said_with_a_time(
    text: str, confidence: float, requested_slot: str | None, checks: TurnValidation
) -> bool:
    """A choice answered in more words that speak of now ("yes hes at his nans tonight"
    for "is there a safe place?"), read as risk by an unsure classifier and by no risk
    rule: taken and checked with one tap, not a safety message on a word of time."""
    return (
        requested_slot in STRICT_SLOTS
        and confidence < MODEL_SURE_OF_RISK
        and not mentions_immediate_risk(text)
        and len(text.split()) > _WORDS_IN_A_SHORT_ANSWER
        and isinstance(checks.outcome(requested_slot, text), dict)
    )


# "It's Dan Wright, sorry" is a name; "urgent, he's got the 7yo with him" is not.
_WORDS_AROUND_A_NAME = 3
# "yes", "no he hasn't", "not sure at all": a choice and no more.
_WORDS_IN_A_SHORT_ANSWER = 4


def is_risk_disclosure(
    text: str,
    intent: str | None,
    confidence: float,
    requested_slot: str | None,
    slots: Mapping[str, Any],
    today: date,
    checks: TurnValidation | None = None,
) -> bool:
    """Where nothing can be asked back (a request form, a text message), a message to
    check is a disclosure when the classifier is sure of it, and the answer otherwise
    (as it was before the chat could ask)."""
    reading = risk_reading(text, intent, confidence, requested_slot, slots, today, checks)
    return reading == "disclosure" or (reading == "check" and confidence >= MODEL_SURE_OF_RISK)


def answer_kept_with_disclosure(
    requested_slot: str | None, text: str, slots: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """An account that answers "what happened?" (or another question answered in the
    referrer's own words, a request's topic included) and also discloses current risk is
    kept as the answer: the safety message comes first, and carrying on afterwards must
    not ask for the account again."""
    if requested_slot == "req_topic":
        return {"req_topic": text}
    if requested_slot not in NARRATIVE_SLOTS:
        return {}
    outcome = TurnValidation(slots, today).outcome(requested_slot, text)
    return outcome if isinstance(outcome, dict) else {}


def asks_for_a_way_out(intent: str | None, text: str) -> bool:
    """Whether a message classified as cancel / a person really asks for it."""
    words = _WAY_OUT_WORDS.get(intent or "")
    return words is None or bool(words.search(text))


# Buttons that send an intent instead of text.
_PAYLOAD_TEXT = {"/affirm": "yes", "/deny": "no", "/dont_know": "don't know"}

_CORRECTION_CUE = re.compile(
    r"\b(actually|sorry|correction|change|changed|should be|not\s+\w+\s*,?\s*it'?s|wrong|"
    r"i meant|update)\b",
    re.IGNORECASE,
)


def slots_to_ask(slots: Mapping[str, Any], *, texts_possible: bool = True) -> list[str]:
    """Every slot the form needs given the answers so far, in asking order.

    The form asks the first of these that is still empty. Consent to texts is asked only
    when the service can send them (texts_possible): a promise it can't keep is not
    asked for."""
    values = dict(slots)
    wanted: list[str] = []
    for slot in ASK_ORDER:
        if slot == "referrer_sms_followup" and not texts_possible:
            continue
        if slot in HARMED_CHILD_SLOTS:
            if values.get("harmed_children") is None:
                wanted.append(slot)
        elif slot == CONFIRM_SLOT or slot not in FIELDS_BY_NAME:
            wanted.append(slot)
        elif applies(slot, values):
            wanted.append(slot)
    return wanted


def answer_text(text: str | None) -> str:
    text = (text or "").strip()
    return _PAYLOAD_TEXT.get(text.split("{")[0], text)


def corrections_in(
    text: str, intent: str | None, requested_slot: str | None, slots: Mapping[str, Any], today: date
) -> dict[str, Any]:
    """What a message corrects, if it is a correction.

    Words like "actually" or "change" make it one. Without them the classifier's
    `correct` intent counts only when the message changes something already known and
    is not simply the answer to the question just asked ("The Castle School" answering
    "which organisation?" names a school, but corrects nothing), and the question does
    not ask for an account."""
    explicit = bool(_CORRECTION_CUE.search(text))
    if not explicit and (intent != "correct" or requested_slot in UNMINED_SLOTS):
        # An account in the referrer's own words names places and ages that belong to
        # others ("younger girls at school"): only words of correction make it one.
        return {}
    changes = parse_correction(text, today)
    if explicit:
        return dict(changes)
    changes_known = any(slots.get(slot) is not None for slot in changes)
    if changes_known and requested_slot not in changes:
        return dict(changes)
    return {}


def interpret_turn(
    text: str,
    intent: str | None,
    confidence: float,
    requested_slot: str | None,
    slots: Mapping[str, Any],
    today: date,
    checks: TurnValidation | None = None,
) -> tuple[dict[str, Any], list[str]]:
    """Slot candidates from one message, and the known slots it corrected.

    Candidates are what the message says for each slot (the words answering the
    question asked, or a value read from them); each slot's validator, run through
    `checks` (TurnValidation.take), turns them into clean values. Known facts are only
    overwritten by a correction or by an answer to the question being asked; other facts
    in the message fill slots still empty."""
    text = answer_text(text)
    if not text or text.startswith("/"):
        return {}, []

    asked = intent in QUESTION_INTENTS and text.rstrip().endswith("?")
    interrupting = (
        intent in INTERRUPTING_INTENTS
        and confidence >= (QUESTION_CONFIDENCE if asked else INTERRUPTION_CONFIDENCE)
        and asks_for_a_way_out(intent, text)
    )
    words = _SWITCH_AND_ABUSE_WORDS.get(intent or "")
    if interrupting and words is not None:
        # A consultation or training request says so in words and is put as a request
        # ("Jo Consulting Ltd" is an organisation); an insult aimed at the bot never
        # interrupts an account of what happened, which may quote rude words.
        interrupting = bool(words.search(text)) and (
            requested_slot not in NARRATIVE_SLOTS
            if intent == "abuse"
            else bool(_REQUEST_FORM.search(text))
        )
    if interrupting and intent not in SAFETY_INTENTS and requested_slot:
        # "about three weeks ago" may read like a status question, but it answers "when?";
        # "South Glos CS" may read like a service question, but it is not asked as one.
        # A question to the service is one whatever it carries ("do you see 17 year olds?").
        checks = checks or TurnValidation(slots, today)
        interrupting = (
            is_question_to_the_service(text) or not checks.accepts(requested_slot, text)
        ) and (intent not in QUESTION_INTENTS or bool(_QUESTION_FORM.search(text)))
    if interrupting:
        return {}, []
    corrections = corrections_in(text, intent, requested_slot, slots, today)
    candidates: dict[str, Any] = dict(corrections)
    if not corrections and requested_slot:
        candidates[requested_slot] = text

    if requested_slot not in UNMINED_SLOTS or corrections:
        for slot, value in extract_facts(text, today).items():
            if slots.get(slot) is None and slot not in candidates:
                candidates[slot] = value
    corrected = [s for s in corrections if slots.get(s) not in (None, corrections[s])]
    return candidates, corrected
