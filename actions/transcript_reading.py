"""Reading a referral call's transcript into referral fields, the way the chat reads a
conversation.

Each of the call handler's turns sets the question being answered (``question_topic``);
each of the referrer's turns is then read by the chat's own ``interpret_turn`` (the
answer to that question, other facts, corrections) and every value goes through the
chat's slot validators. The referrer's intents come from the trained model. Pure: no
I/O, no Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from actions.parsing import extract_facts, parse_yes_no
from actions.parsing.corrections import value_as_corrected
from actions.parsing.dates import parse_age
from actions.parsing.education import OUR_PUPIL, school_of
from actions.parsing.harmed_in_account import harmed_child_in_account
from actions.parsing.names import same_person
from actions.parsing.note_entities import named_in_turn
from actions.parsing.note_young_person import gender_from_pronouns
from actions.parsing.passing_facts import passing_facts
from actions.parsing.questions import question_topic
from actions.parsing.risk import discloses_immediate_risk
from actions.referral_flow import HARMED_CHILD_SLOTS, interpret_turn
from actions.slot_validation import validate_slot
from actions.transcript_answers import (
    adult_asked_about,
    adult_in_passing,
    answers_to_the_question,
    consent_in_passing,
    corrected_birthday,
    gender_in_the_naming,
    gender_in_the_question,
    introduction_after_greeting,
    young_person_in_passing,
)
from backend.domain.fields import FIELDS_BY_NAME, UNKNOWN

# A referrer's turn that describes the behaviour, when no one asked "what happened?".
_BEHAVIOUR = re.compile(
    r"\b(?:sexual\w*|explicit|nudes?|naked|touch\w*|expos\w*|assault\w*|rap(?:e|ed|ing)|abus\w*|"
    r"grop\w*|masturbat\w*|porn\w*|indecent\w*|inappropriate\w*|pictures?|images?|photos?)\b",
    re.IGNORECASE,
)
_MIN_DESCRIPTION_WORDS = 12
# "There was an incident in year 8..." answering "anything like this before?" is a yes
# with its details.
_DESCRIBED_BEFORE = re.compile(
    r"^\W*(?:yes\b|there\s+(?:was|were|has\s+been|have\s+been)\b|(?:he|she|they)\s+(?:has|have|did)\b)",
    re.IGNORECASE,
)
_HARMED_CHILD_KEPT = ("hc_details", "hc_collected", "harmed_children")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


@dataclass(frozen=True)
class ReadTurn:
    """One turn as the action server receives it: role, words, and the model's intent."""

    role: str
    text: str
    intent: str | None = None
    confidence: float = 0.0

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReadTurn:
        return cls(
            role=str(data.get("role") or ""),
            text=str(data.get("text") or ""),
            intent=data.get("intent") if isinstance(data.get("intent"), str) else None,
            confidence=float(data.get("confidence") or 0.0),
        )


@dataclass
class TranscriptReading:
    fields: dict[str, Any] = field(default_factory=dict)
    immediate_risk: bool = False
    # Which referrer turn (0-based among all turns) gave each field first.
    sources: dict[str, int] = field(default_factory=dict)


def _apply(slots: dict[str, Any], outcome: Mapping[str, Any]) -> list[str]:
    changed = [slot for slot, value in outcome.items() if slots.get(slot) != value]
    slots.update(outcome)
    return changed


def _take_harmed_child(slots: dict[str, Any]) -> None:
    """Move the child being described onto the list (before another one is described)."""
    child = dict(slots.get("hc_details") or {})
    if not child or child == {"relationship": None, "age": None}:
        return
    child["same_home_or_school"] = slots.get("hc_same_home_or_school") or UNKNOWN
    child["protection_plan"] = slots.get("hc_protection_plan") or UNKNOWN
    slots["hc_collected"] = [*(slots.get("hc_collected") or []), child]
    for slot in ("hc_details", "hc_same_home_or_school", "hc_protection_plan"):
        slots[slot] = None


def _another_or_more_of(slots: dict[str, Any], outcome: dict[str, Any]) -> dict[str, Any]:
    """A second description is another child, or more about the one being described
    ("his sister" then "she's 8")."""
    known, new = slots.get("hc_details"), outcome.get("hc_details")
    if not isinstance(known, dict) or not isinstance(new, dict):
        return outcome
    if known.get("relationship") and known.get("age"):
        _take_harmed_child(slots)
        return outcome
    merged = {**known, **{key: value for key, value in new.items() if value is not None}}
    return {**outcome, "hc_details": merged}


def _child_in_account(text: str) -> dict[str, Any] | None:
    """The one child a caller's account describes as harmed by both relationship and
    age ("she's been touching her 5 year old cousin"). A group, or a child described by
    one of the two, is left for the call handler's questions: on a call the young person
    and the child harmed are often both "a boy of 12" in the same breath."""
    for sentence in _SENTENCE_END.split(text):
        child = harmed_child_in_account(sentence)
        if child is not None:
            described = child.get("relationship") and child.get("age")
            return dict(child) if described and child.get("count") is None else None
    return None


def _fill_from_context(slots: dict[str, Any], said: list[str], today: date) -> None:
    """Fields a call states without being asked for them, read only when still empty."""

    def fill(slot: str, value: Any) -> None:
        if slots.get(slot) is None:
            outcome = validate_slot(slot, value, slots, today)
            if isinstance(outcome, dict):
                slots.update(outcome)

    for text in said:
        if len(text.split()) >= _MIN_DESCRIPTION_WORDS and _BEHAVIOUR.search(text):
            fill("concern_description", text)
            break
    description = slots.get("concern_description")
    if isinstance(description, str) and slots.get("concern_context") is None:
        # Only where the description names one place: "a girl from his college at a bus
        # stop" names two, and only one of them is where it happened.
        outcome = validate_slot("concern_context", description, slots, today)
        if isinstance(outcome, dict) and len(outcome.get("concern_context") or []) == 1:
            slots.update(outcome)
    caller, allocated = slots.get("referrer_name"), slots.get("ap_name")
    if isinstance(caller, str) and isinstance(allocated, str):
        # "Yes, Amira Hassan in the Kingswood area team": the caller is not that worker
        same = same_person(caller, allocated)
        if same is not None:
            fill("referrer_is_allocated", "yes" if same else "no")
    organisation = slots.get("referrer_organisation")
    school = school_of(organisation) if isinstance(organisation, str) else None
    if school is not None and any(OUR_PUPIL.search(text) for text in said):
        fill("yp_education_setting", school)


def _finish(slots: dict[str, Any]) -> dict[str, Any]:
    if slots.get("harmed_children") is None and isinstance(slots.get("hc_details"), dict):
        _take_harmed_child(slots)
    if slots.get("harmed_children") is None and slots.get("hc_collected"):
        slots["harmed_children"] = slots["hc_collected"]
    return {name: slots[name] for name in FIELDS_BY_NAME if slots.get(name) is not None}


def _answer_as_corrected(
    turn: ReadTurn, requested: str, slots: dict[str, Any], today: date
) -> dict[str, Any]:
    """The requested field, read from what follows the caller's correction of their own
    answer ("Twelve. Sorry, no, thirteen, he had his birthday"): the whole turn gives
    both, and the validator can take neither from it. An age asked for ("How old is
    Riley?") is read as a number: the chat asks for a date of birth or an age instead,
    so its reading of the words keeps them as they are."""
    corrected = value_as_corrected(turn.text)
    if requested == "yp_age":
        said = parse_age(corrected)
        return {} if said is None else {"yp_age": said}
    if corrected == turn.text:
        return {}
    read, _ = interpret_turn(corrected, None, turn.confidence, requested, slots, today)
    return {requested: read[requested]} if requested in read else {}


def _is_risk(turn: ReadTurn) -> bool:
    # As in the chat: the model's word alone only when it is sure, else the words. On
    # tests/fixtures/transcripts the real disclosures scored 0.92 and 1.00, while "he's
    # happy for us to go ahead" scored 0.93.
    return discloses_immediate_risk(turn.text, turn.intent, turn.confidence)


def read_transcript(turns: Iterable[ReadTurn], today: date) -> TranscriptReading:
    """The referral fields a call's transcript states, validated as in the chat."""
    reading = TranscriptReading()
    slots: dict[str, Any] = {}
    topic: str | None = None
    asked: str | None = None  # the call handler's last turn, for "yes" to a read-back
    said: list[str] = []
    asked_as: set[str] = set()  # the genders the handler's pronouns give the young person
    for index, turn in enumerate(turns):
        if turn.role != "referrer":
            # An unrecognised question or a bare "okay" ends the last topic: an answer
            # given to the wrong field is worse than one left for the bot to ask.
            after_account = topic == "concern_description" or (topic or "").startswith("hc_")
            named = slots.get("yp_first_name")
            topic = question_topic(turn.text, topic, named if isinstance(named, str) else None)
            asked = turn.text
            # "How old is she?" straight after the account may be about the child harmed
            gender = None if after_account else gender_in_the_question(turn.text, topic)
            if gender is not None:
                asked_as.add(gender)
            continue
        said.append(turn.text)
        if _is_risk(turn):
            reading.immediate_risk = True
        requested = topic
        # Nothing interrupts a transcript (it asks the bot for nothing): safety is handled
        # above, and a turn read as a question, "cancel" or "a person" still carries its
        # facts. Only a correction changes how a turn is read.
        intent = turn.intent if turn.intent == "correct" else None
        candidates, _ = interpret_turn(turn.text, intent, turn.confidence, requested, slots, today)
        given, ruled_out = answers_to_the_question(turn.text, requested, asked, slots)
        candidates = {s: v for s, v in candidates.items() if s not in ruled_out} | given
        if requested is not None:
            # "Twelve. Sorry, no, thirteen": the answer as the caller corrected it
            candidates |= _answer_as_corrected(turn, requested, slots, today)
        if (birthday := corrected_birthday(turn.text, slots)) is not None:
            candidates.setdefault("yp_date_of_birth", birthday)
        if asked and "?" in asked and parse_yes_no(turn.text) == "yes" and len(turn.text) < 40:
            # "So that's Jake, 14, in Yate?" - "Yes": the read-back's facts are confirmed.
            for slot, value in extract_facts(asked, today).items():
                candidates.setdefault(slot, value)
        for slot, value in candidates.items():
            outcome = validate_slot(slot, value, slots, today)
            if slot == "hc_details" and isinstance(outcome, dict):
                outcome = _another_or_more_of(slots, outcome)
            if isinstance(outcome, dict):
                for changed in _apply(slots, outcome):
                    reading.sources.setdefault(changed, index)
        # Facts said in passing, and a name the patterns missed, fill only what no
        # answer has (the patterns' reading wins over the named-entity model's).
        in_passing = {
            **named_in_turn(turn.text, requested, slots),
            **passing_facts(turn.text, today),
            **consent_in_passing(turn.text, requested, slots),
            **adult_in_passing(turn.text, requested, slots),
            **gender_in_the_naming(turn.text, requested),
            **young_person_in_passing(turn.text, requested, slots),
            **(introduction_after_greeting(turn.text, today) if len(said) == 1 else {}),
        }
        in_passing |= adult_asked_about(asked, slots.get("sa_willing") == "yes", said, slots)
        for slot, value in in_passing.items():
            if slots.get(slot) is None:
                outcome = validate_slot(slot, value, slots, today)
                if isinstance(outcome, dict):
                    for changed in _apply(slots, outcome):
                        reading.sources.setdefault(changed, index)
        if requested not in HARMED_CHILD_SLOTS and not any(
            slots.get(slot) is not None for slot in _HARMED_CHILD_KEPT
        ):
            # The child harmed, described in the account before anyone asked: what the
            # handler asks later (same home? a plan?) is added to them.
            if (child := _child_in_account(turn.text)) is not None:
                outcome = validate_slot("hc_details", child, slots, today)
                if isinstance(outcome, dict):
                    for changed in _apply(slots, outcome):
                        reading.sources.setdefault(changed, index)
        if (
            requested == "previous_harmful_behaviour"
            and slots.get(requested) is None
            and _DESCRIBED_BEFORE.search(turn.text)
            and len(turn.text.split()) >= 6
        ):
            slots["previous_harmful_behaviour"] = "yes"
            slots["previous_harmful_behaviour_details"] = turn.text
        if requested in HARMED_CHILD_SLOTS and slots.get("harmed_children") is not None:
            topic = None
        asked = None
    named = slots.get("yp_first_name")
    if slots.get("yp_gender") is None and isinstance(named, str):
        # "Young person is Mason Gray, DOB 09/07/2013, he's 13": the caller's pronouns
        sentences = [part for text in said for part in _SENTENCE_END.split(text)]
        if (pronouns := gender_from_pronouns(sentences, named)) is not None:
            asked_as.add(pronouns[0])
    if slots.get("yp_gender") is None and len(asked_as) == 1:
        # "Where does he live?", "How old is he?": the handler's word for them, when
        # every question about them, and the caller's pronouns, agree
        outcome = validate_slot("yp_gender", asked_as.pop(), slots, today)
        if isinstance(outcome, dict):
            slots.update(outcome)
    _fill_from_context(slots, said, today)
    reading.fields = _finish(slots)
    return reading
