"""What a caller's turn gives beyond what the chat reads from the same words, because
on a call the handler's question says what it answers: a "That's right" to "And you're
his allocated social worker?", a full name to "Name?", the significant adult's name,
relationship and willingness in one breath, "both have agreed", a date of birth
corrected by its day alone, "not yet" to a consent question, the allocated worker
named in the "no" to "are you his social worker?". Pure: no I/O, no Rasa.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping

from actions.parsing import (
    extract_facts,
    find_email,
    parse_gender,
    parse_lives_with,
    parse_person_name,
)
from actions.parsing.answers import opening_yes_no
from actions.parsing.consent_statements import consent_reasons, consent_statements, stated_reason
from actions.parsing.contacts import find_phone_as_corrected
from actions.parsing.names import find_full_name, parse_first_name, parse_last_name
from actions.parsing.questions import closed_question
from actions.parsing.significant_adult import (
    adult_by_first_name,
    adult_named_in_passing,
    parse_significant_adult,
)
from actions.parsing.young_person_named import young_person_named
from backend.domain.fields import UNKNOWN

_YES_NO = {"yes": "yes", "no": "no"}
# The value a yes or a no to a closed question gives the field it asks about. Not
# previous_harmful_behaviour: its yes needs the details the reader keeps with it.
_CLOSED_ANSWERS: dict[str, dict[str, str]] = {
    **dict.fromkeys(
        (
            "referrer_is_allocated",
            "ap_exists",
            "police_involved",
            "social_care_investigated",
            "hc_same_home_or_school",
            "hc_protection_plan",
            "safe_place",
            "sa_willing",
        ),
        _YES_NO,
    ),
    "parent_consent": {"yes": "agreed"},
    "yp_consent": {"yes": "agreed"},
}
# "Is mum aware?" - "No": she has not been asked, which is not a refusal.
_ASKS_AWARENESS = re.compile(r"\b(?:aware|know|knows|told)\b", re.IGNORECASE)
_CONSENT_SLOTS = ("parent_consent", "yp_consent")
# "And Riley?" - "Not yet.": not asked yet, which is not a refusal.
_NOT_YET = re.compile(r"^\W*(?:no\W+)?not\s+yet\b", re.IGNORECASE)
_BOTH_AGREED = re.compile(
    r"\bboth\b.{0,25}\b(?:agreed|consented|happy|on\s+board|fine)\b|"
    r"\b(?:agreed|consented|happy|on\s+board)\b.{0,15}\bboth\b",
    re.IGNORECASE,
)
_YP_NAME_SLOTS = ("yp_first_name", "yp_last_name")
# Asked who the young person is: "Lad called Tyler", "a girl named Amber-Rose", "surname
# Brooke, B-R-O-O-K-E".
_CALLED = re.compile(r"\b(?:called|named|known\s+as)\s+(?P<name>[A-Z][\w'-]+)")
_SURNAME_GIVEN = re.compile(
    r"(?i:\b(?:surname|last\s+name|family\s+name)(?:'s|\s+is)?)\s*[,:-]?\s+(?P<name>[A-Z][\w'-]+)"
)
_OTHER_NAME_SLOTS = ("referrer_name", "ap_name", "sa_name")
_SA_SLOTS = ("sa_name", "sa_relationship", "sa_willing")
_CONTACT_SLOTS = ("referrer_phone", "referrer_email")

# "Oh sorry, it's actually 4th May, not the 3rd": a day and month with no year.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{'|'.join(_MONTHS)})[a-z]*\b"
    r"(?!\s*,?\s*\d{2,4})",
    re.IGNORECASE,
)
_CORRECTING = re.compile(r"\b(?:actually|sorry|i\s+meant|should\s+be|not\s+the)\b", re.IGNORECASE)
# Words that put a corrected date on something other than the birthday.
_OTHER_DATE = re.compile(
    r"\b(?:incident|meeting|conference|strategy|happened|last|recent|first|started|visit)\b",
    re.IGNORECASE,
)


def _closed_answer(
    text: str, requested: str | None, asked: str | None
) -> tuple[dict[str, Any], frozenset[str]]:
    """The value a yes or no gives the field asked about, or the field left unread when
    the yes answers a question put in the negative ("You're not his worker?" - "Yes":
    which way is unclear, so the bot asks again)."""
    values = _CLOSED_ANSWERS.get(requested or "")
    shape = closed_question(asked or "")
    answer = opening_yes_no(text)
    if values is None or shape is None or answer is None or requested is None:
        return {}, frozenset()
    if shape == "negative" and answer == "yes":
        return {}, frozenset({requested})
    value = values.get(answer)
    if value is None and requested in _CONSENT_SLOTS and _ASKS_AWARENESS.search(asked or ""):
        value = "not_sought"
    return ({requested: value} if value else {}), frozenset()


def _name_given(text: str) -> dict[str, str]:
    """yp_first_name and yp_last_name, those the answer gives after "called" and
    "surname" (a "Lad" or "girl" before them is no name)."""
    given: dict[str, str] = {}
    if (called := _CALLED.search(text)) and (first := parse_first_name(called["name"])):
        given["yp_first_name"] = first
    if (surname := _SURNAME_GIVEN.search(text)) and (last := parse_last_name(surname["name"])):
        given["yp_last_name"] = last
    return given


def answers_to_the_question(
    text: str, requested: str | None, asked: str | None, slots: Mapping[str, Any]
) -> tuple[dict[str, Any], frozenset[str]]:
    """Candidates the handler's question gives the caller's turn, which replace the
    chat's reading of the same slots, and the slots the question rules out (a name
    given for the young person is not the caller's, however it is introduced)."""
    given: dict[str, Any] = {}
    ruled_out: frozenset[str] = frozenset()
    if requested in _YP_NAME_SLOTS and (full_name := find_full_name(text)):
        given.update(zip(_YP_NAME_SLOTS, full_name, strict=True))
    elif requested in _YP_NAME_SLOTS:
        # "Lad called Tyler, surname Brooke": the name after the words that give it.
        given.update(_name_given(text))
    if requested in _YP_NAME_SLOTS:
        ruled_out = frozenset({"referrer_name"})
    if requested in _SA_SLOTS:
        adult = parse_significant_adult(text)
        given.update(adult)
        if "sa_relationship" in adult and "sa_name" not in adult:
            # "His uncle, he's happy to": who they are, and no name to keep.
            ruled_out |= {"sa_name"}
    elif requested in _OTHER_NAME_SLOTS and parse_person_name(text) is None:
        # "Hannah Price in the Children in Care team": the name, without its team.
        if full_name := find_full_name(text):
            given[requested] = " ".join(full_name)
    if requested in _CONTACT_SLOTS:
        # Asked for their own contact, what they give is theirs, with whatever it sits
        # beside ("school office 01454 ..." is the caller's line, not the school's).
        for slot, found in (
            ("referrer_phone", find_phone_as_corrected(text)),
            ("referrer_email", find_email(text)),
        ):
            if found:
                given[slot] = found
    if requested == "yp_location" and slots.get("lives_with") is None:
        # "Frampton Cotterell, with mum and step dad": where they live, and with whom.
        if (lives_with := parse_lives_with(text)) not in (None, UNKNOWN):
            given["lives_with"] = lives_with
    closed, unclear = _closed_answer(text, requested, asked)
    given.update(closed)
    ruled_out |= unclear
    if requested in _CONSENT_SLOTS and _NOT_YET.search(text):
        given[requested] = "not_sought"
    if closed.get("referrer_is_allocated") == "no" and (worker := find_full_name(text)):
        # "Are you his social worker?" - "No, that's Mark Ellison": who is
        given["ap_name"] = " ".join(worker)
    if requested in _CONSENT_SLOTS and _BOTH_AGREED.search(text):
        given.update(dict.fromkeys(_CONSENT_SLOTS, "agreed"))
    return given, ruled_out


_NOT_GIVEN = ("not_sought", "refused")


def consent_in_passing(
    text: str, requested: str | None, slots: Mapping[str, Any]
) -> dict[str, Any]:
    """Consent and why it was not sought or refused, said whatever was asked ("Mum knows
    we're referring and she's fine with it", "Maisie doesn't know yet because grandma is
    worried how she'll react"), for fields still empty. Asked about consent, the reason
    may follow the answer on its own ("no we havent told her yet, mum wanted to speak to
    her first")."""
    young_person = slots.get("yp_first_name")
    named = young_person if isinstance(young_person, str) else None
    # Asked about dad's consent, "he's happy for us to go ahead" is dad's: the answer is
    # read as such, and a pronoun or another name in it says nothing of anyone else's.
    guess_whose = requested not in _CONSENT_SLOTS
    found: dict[str, Any] = {
        **consent_statements(text, named, guess_whose),
        **consent_reasons(text, named, guess_whose),
    }
    for slot in _CONSENT_SLOTS:
        reason_slot = f"{slot}_reason"
        if requested == slot and slots.get(slot) in _NOT_GIVEN and reason_slot not in found:
            if (reason := stated_reason(text)) is not None:
                found[reason_slot] = reason
        if found.get(slot, slots.get(slot)) not in _NOT_GIVEN:
            found.pop(reason_slot, None)
    return {slot: value for slot, value in found.items() if slots.get(slot) is None}


def adult_in_passing(text: str, requested: str | None, slots: Mapping[str, Any]) -> dict[str, str]:
    """The significant adult named beside their relationship while offering to take part
    ("mum - Rebecca Lindley - says she'll come along to any sessions"), while no adult is
    known and the handler was not asking about one (then the answer is read as such)."""
    if requested in _SA_SLOTS or any(slots.get(slot) for slot in _SA_SLOTS[:2]):
        return {}
    young_person = slots.get("yp_first_name")
    return adult_named_in_passing(text, young_person if isinstance(young_person, str) else None)


# Asked about someone else, a name in the answer is theirs, never the young person's.
_OTHER_PERSON_TOPICS = frozenset({*_OTHER_NAME_SLOTS, *_SA_SLOTS, "ap_exists"})


def young_person_in_passing(
    text: str, requested: str | None, slots: Mapping[str, Any]
) -> dict[str, str]:
    """The young person's name said before the handler asked for it ("His name's Oscar
    Lindley"), while no name is known (or only the first name it repeats) and the
    question was about no one else; never a name the call has given to someone else."""
    if slots.get("yp_last_name") is not None or requested in _YP_NAME_SLOTS:
        return {}
    if requested in _OTHER_PERSON_TOPICS or (requested or "").startswith("hc_"):
        return {}
    if requested == "concern_description":
        return {}  # an account names the children harmed as readily
    others: set[str] = set()
    for slot in _OTHER_NAME_SLOTS:
        if isinstance(name := slots.get(slot), str):
            others.add(name.lower())
            others.update(word.lower() for word in name.split())
    found = young_person_named(text, frozenset(others))
    known = slots.get("yp_first_name")
    if known is not None and found.get("yp_first_name") != known:
        return {}
    return found


_NUMBERS = re.compile(r"\d+")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_REFERRER_SLOTS = ("referrer_name", "referrer_role", "referrer_organisation")


def gender_in_the_naming(text: str, requested: str | None) -> dict[str, str]:
    """Asked who the call is about, "a lad on my caseload, 15" or "Ryan Mills, he's 16"
    says the young person is a boy: the answer speaks of them alone. Any word for the
    other sex ("a boy who hurt his sister, she's 6") leaves it to be asked."""
    if requested not in _YP_NAME_SLOTS:
        return {}
    gender = parse_gender(_NUMBERS.sub(" ", text))
    return {"yp_gender": gender} if gender in ("male", "female") else {}


# "Is Angela willing to be involved in the work?": the handler names the adult asked about.
_ADULT_ASKED = re.compile(
    r"^\W*(?i:(?:and\s+)?(?:is|would|will|could|does))\s+(?P<first>[A-Z][a-z'-]+)\s+"
    r"(?i:(?:be\s+)?(?:willing|happy|able|ok(?:ay)?|up\s+for|want))"
)


def adult_asked_about(
    asked: str | None, answer_willing: bool, said: list[str], slots: Mapping[str, Any]
) -> dict[str, str]:
    """The significant adult the handler asks about by first name ("Is Angela willing to
    be involved?"), named in full beside their relationship earlier in the call ("with
    Angela Byrne, her foster carer"), when the caller says they are willing."""
    if not asked or not answer_willing or any(slots.get(slot) for slot in _SA_SLOTS[:2]):
        return {}
    question = asked.rsplit(". ", 1)[-1]
    if (named := _ADULT_ASKED.match(question)) is None:
        return {}
    first = named["first"]
    if first.lower() in {str(slots.get("yp_first_name") or "").lower(), "he", "she", "they"}:
        return {}
    return adult_by_first_name(first, " ".join(said))


# The handler's questions about the young person themselves: a pronoun in them is theirs.
_ABOUT_THE_YOUNG_PERSON = frozenset(
    {
        "yp_age",
        "yp_date_of_birth",
        "yp_location",
        "yp_education_setting",
        "yp_legal_status",
        "yp_additional_needs",
        "lives_with",
    }
)
_MALE_PRONOUN = re.compile(r"\b(?:he|him|his|he's)\b", re.IGNORECASE)
_FEMALE_PRONOUN = re.compile(r"\b(?:she|her|hers|she's)\b", re.IGNORECASE)
# Words for someone else the question may be about ("how old is the girl he touched?").
_SOMEONE_ELSE_ASKED = re.compile(
    r"\b(?:girl|boy|child|children|kid|sister|brother|sibling|cousin|friend|victim|mum|mother|"
    r"dad|father|parents?|carers?|nan|gran\w*|aunt\w*|uncle|worker|teacher|other|another)\b",
    re.IGNORECASE,
)


def gender_in_the_question(question: str, topic: str | None) -> str | None:
    """ "male" or "female" from the pronoun in a handler's question about the young
    person themselves ("Where does he live?", "What's her legal status?"); None for a
    question about anyone else, or with pronouns for both."""
    if topic not in _ABOUT_THE_YOUNG_PERSON or _SOMEONE_ELSE_ASKED.search(question):
        return None
    male, female = _MALE_PRONOUN.search(question), _FEMALE_PRONOUN.search(question)
    if male and not female:
        return "male"
    if female and not male:
        return "female"
    return None


def introduction_after_greeting(text: str, today: date) -> dict[str, Any]:
    """The caller's name, role and organisation from their first turn when the
    introduction is not its first sentence ("Hi Priya, sorry I'm between visits so I'll
    be quick. Mark Davies, social worker, South Glos Children's Services.")."""
    for sentence in _SENTENCES.split(text)[1:]:
        facts = extract_facts(sentence, today)
        if "referrer_name" in facts:
            return {slot: facts[slot] for slot in _REFERRER_SLOTS if slot in facts}
    return {}


def corrected_birthday(text: str, slots: Mapping[str, Any]) -> str | None:
    """A date of birth corrected by day and month alone, with the year it had: only when
    the turn corrects something, names no other date, and changes one part of the known
    date of birth (so "4th May, not the 3rd" moves 2011-05-03 to 2011-05-04)."""
    known = slots.get("yp_date_of_birth")
    if not isinstance(known, str) or not _CORRECTING.search(text) or _OTHER_DATE.search(text):
        return None
    found = list(_DAY_MONTH.finditer(text))
    if len(found) != 1:
        return None
    try:
        old = date.fromisoformat(known)
        month = _MONTHS.index(found[0].group("month").lower()[:3]) + 1
        new = date(old.year, month, int(found[0].group("day")))
    except ValueError:
        return None
    if new == old or (new.day != old.day and new.month != old.month):
        return None
    return new.isoformat()
