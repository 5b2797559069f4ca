"""The young person's facts stated in a free message: age, gender, date of birth, first
name, where they live and their school.

"14 year old boy from Yate" -> age, gender and location. A fact is left out when the
words around it make it about another child, or when the message says two things.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from backend.domain.area import find_postcode, find_town

from ._text import NUMBER, clauses, number_value
from .dates import MAX_AGE, MIN_AGE, DobResult, parse_date_of_birth
from .mentions import (
    NOT_FIRST_NAMES,
    ORGANISATION_WORD,
    OTHER_CHILD,
    OTHER_CHILD_WORDS,
    PRONOUN_GENDER,
    about_harmed_child,
)
from .names import parse_first_name
from .people import ROLES

_YP_NOUN = r"(?:boy|girl|lad|lass|young\s+(?:man|woman|person|lady)|yp|male|female|teen(?:ager)?)"
_MALE_NOUNS = {"boy", "lad", "young man", "male"}
_FEMALE_NOUNS = {"girl", "lass", "young woman", "young lady", "female"}

_AGE_NOUN = re.compile(
    # a number word ends at a word's end ("sixteen" is not "six" + "teen"); digits may
    # run on ("14yo")
    rf"\b(?P<n>{NUMBER})(?:(?<=\d)|\b)[\s-]*(?:years?|yrs?|yr|y/o|yo)?[\s-]*(?:old)?[\s-]*(?P<noun>{_YP_NOUN})\b"
)
_NOUN_AGE = re.compile(
    rf"\b(?P<noun>{_YP_NOUN})\s*(?:,\s*|\s+)(?:aged?\s+|who\s+is\s+|is\s+|\(\s*)?(?P<n>{NUMBER})\b(?!\s*(?:/|\.\d|:))"
    r"(?:\s*(?:years?|yrs?|yo|y/o)(?:\s+old)?|\s*\))?"
)
# "a girl, she's 13": the pronoun straight after the description is the same young person.
_NOUN_PRONOUN_AGE = re.compile(
    rf"\b(?P<noun>{_YP_NOUN})\s*,\s*(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+(?P<n>{NUMBER})\b"
    r"(?!\s*(?:/|\.\d|:|%|months?|weeks?))"
)
# Another child doing the harm ("his 16 year old brother has been ... touching him"): the
# "him" is then the harmed child, and a bare "he's 12" may be about either of them.
_OTHER_CHILD_HARMS = re.compile(
    rf"{OTHER_CHILD}\s+(?:has\s+|had\s+|have\s+|is\s+|was\s+)?(?:been\s+)?(?:\w+\s+){{0,8}}?"
    r"(?:touch|abus|assault|rap|expos|harm|hurt|groom)\w*\s+(?:him|her|them)\b"
)
_PRONOUN_AGE = re.compile(
    rf"\b(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+(?:now\s+|only\s+|just\s+)?(?P<n>{NUMBER})\b"
    r"(?!\s*(?:/|\.\d|:|%|feet|foot|ft|stone|kg|cm|months?|weeks?|minutes?|mins?|hours?))"
)
_REFERRAL_ABOUT = re.compile(
    r"\b(?:referral\s+(?:for|about|regarding|re)|referring|refer|about|regarding|concerns?\s+(?:about|for|regarding)|"
    r"worried\s+about|i\s+have|i'?ve\s+got|working\s+with|(?:my|our|the)\s+(?:young\s+person|yp)\s+is)\s+(?:a|an|this)\s+"
    rf"(?:(?:\w+[\s-]+)?(?:year|yr)s?[\s-]*old\s+)?(?P<noun>{_YP_NOUN})\b"
)
_CALLED = re.compile(rf"\b(?:a|an|the)\s+(?P<noun>{_YP_NOUN})\s+(?:called|named)\b")
_DOB = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|born(?:\s+on)?(?:\s+the)?|birthday)\b\s*(?:is|was|:|-|=)?\s*"
)
_OTHER_POSSESSIVE = re.compile(rf"\b(?:{OTHER_CHILD_WORDS})'?s?\W*$")


def _gender_of(noun: str) -> str | None:
    noun = " ".join(noun.split())
    if noun in _MALE_NOUNS:
        return "male"
    if noun in _FEMALE_NOUNS:
        return "female"
    return None


# "I am her GP", "I'm his allocated social worker", "he's a pupil here": the writer's
# own tie to the young person says their gender.
_TIED_BY_PRONOUN = re.compile(
    r"\b(?:i'?m|i\s+am)\s+(?:(?:also|actually|currently|now)\s+)?(?P<own>his|her)\s+"
    r"(?:(?:allocated|named|lead|current|new)\s+)?(?P<role>[a-z/ ]{2,40})"
    r"|\b(?P<pronoun>he|she)(?:'s|\s+is)\s+(?:a\s+)?(?:pupil|student|learner)\s+(?:here|with\s+us|at\s+our)\b"
)


def _gender_of_the_tie(low: str) -> str | None:
    genders = set()
    for match in _TIED_BY_PRONOUN.finditer(low):
        if match["own"] and not any(re.match(pattern, match["role"]) for _, pattern in ROLES):
            continue
        genders.add(PRONOUN_GENDER[match["own"] or match["pronoun"]])
    return genders.pop() if len(genders) == 1 else None


def _age_and_gender(low: str) -> tuple[int | None, str | None]:
    """The young person's age and gender from "14 year old boy", "girl, 13", "he's 14"."""
    ages: set[int] = set()
    genders: set[str] = set()
    for pattern in (_AGE_NOUN, _NOUN_AGE, _NOUN_PRONOUN_AGE):
        for match in pattern.finditer(low):
            if about_harmed_child(low, match.start(), match.end()):
                continue
            age = number_value(match.group("n"))
            if age is not None and MIN_AGE <= age <= MAX_AGE:
                ages.add(age)
                if gender := _gender_of(match.group("noun")):
                    genders.add(gender)
    if not ages and not _OTHER_CHILD_HARMS.search(low):
        for match in _PRONOUN_AGE.finditer(low):
            # "his sister, she's 8": a pronoun just after another child is that child.
            if re.search(
                rf"{OTHER_CHILD}|\b(?:boy|girl)\b", low[max(0, match.start() - 40) : match.start()]
            ):
                continue
            age = number_value(match.group("n"))
            if age is not None and MIN_AGE <= age <= MAX_AGE:
                ages.add(age)
    for pattern in (_REFERRAL_ABOUT, _CALLED):
        for match in pattern.finditer(low):
            if about_harmed_child(low, match.start(), match.end()):
                continue
            if gender := _gender_of(match.group("noun")):
                genders.add(gender)
    if len(ages) > 1:
        return None, None  # two young people described: neither fact is safe
    return (ages.pop() if ages else None), (genders.pop() if len(genders) == 1 else None)


def _date_of_birth(low: str, today: date) -> DobResult | None:
    """The young person's date of birth, read once, with the age it gives today."""
    for match in _DOB.finditer(low):
        if _OTHER_POSSESSIVE.search(low[max(0, match.start() - 30) : match.start()]):
            continue  # "his sister's DOB"
        result = parse_date_of_birth(low[match.end() : match.end() + 30], today)
        if result.date_of_birth is not None:
            return result
    return None


_NAME = r"(?P<name>[A-Z][a-z'\-]+)"
_FIRST_NAME_PATTERNS = (
    re.compile(
        rf"(?i:\b(?:boy|girl|lad|lass|young\s+(?:man|woman|person|lady)|yp|child|teenager|"
        rf"\w+[\s-]+(?:year|yr)s?[\s-]*old)\s+(?:called|named|by\s+the\s+name\s+of)\s+){_NAME}\b"
    ),
    re.compile(
        rf"(?i:\b(?:referral\s+(?:for|about|regarding|re)|referring|to\s+refer)\s+){_NAME}\b"
    ),
    # "a 15 year old boy, Tyler, who...": a name set off by commas after the description.
    re.compile(
        rf"(?i:\b(?:boy|girl|lad|lass|young\s+(?:man|woman|person|lady)|yp|teenager)\s*,\s*){_NAME}"
        r"(?=\s*(?:,|\.|\(|$|\s+(?:who|aged?|is|has)\b))"
    ),
    re.compile(
        rf"(?i:\b(?:the\s+)?(?:young\s+person|yp|child)(?:'s\s+(?:first\s+)?name)?\s+is\s+(?:called\s+)?){_NAME}\b"
    ),
)

_AGE_AFTER_NAME = re.compile(
    rf"^\s*[,(]\s*(?P<n>{NUMBER})\s*(?:[,)]|$|\s*(?:years?|yrs?|yo|y/o)\b)"
)


def _first_name(raw: str, low: str) -> tuple[str | None, int | None]:
    """The young person's first name, and an age written right after it ("Jake, 14")."""
    names: set[str] = set()
    ages: set[int] = set()
    for pattern in _FIRST_NAME_PATTERNS:
        for match in pattern.finditer(raw):
            candidate = match.group("name")
            if candidate.lower() in NOT_FIRST_NAMES or find_town(candidate):
                continue
            if about_harmed_child(low, match.start(), match.end()):
                continue
            if name := parse_first_name(candidate):
                names.add(name)
                after = _AGE_AFTER_NAME.match(low[match.end() :])
                age = number_value(after.group("n")) if after else None
                if age is not None and MIN_AGE <= age <= MAX_AGE:
                    ages.add(age)
    if len(names) != 1:
        return None, None
    return names.pop(), (ages.pop() if len(ages) == 1 else None)


# --- where the young person lives ---------------------------------------------------------

_PLACE_LEAD = re.compile(
    r"\b(?:from|lives\s+in|living\s+in|lives\s+at|resides\s+in|resident\s+in|in|area\s*:?|location\s*:?|near)\s+",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(?:i'?m|im|i\s+am|i\s+work|i'?ve|we'?re|we\s+are|our|my|me|this\s+is|calling)\b"
)
# "placed with my carers", "our children's home": the writer's, where the young person lives.
_OUR_PLACEMENT = re.compile(
    r"\b(?:my|our)\s+(?:foster\s+)?(?:carers?|children'?s\s+home|home|placement|unit)\b"
)
# "She was first placed in Bath": where the young person lived before.
_PLACED_BEFORE = re.compile(
    r"\b(?:(?:was|were)\s+(?:first\s+|previously\s+|originally\s+)?(?:placed|living|lived)|"
    r"previously|formerly|used\s+to\s+live)\s*$"
)


# "... a lad called Finley Ward who lives with his gran in Yate": the clause after "who
# lives" is about the one it describes, whoever the sentence opened with.
_LIVING_WHO = re.compile(r"\bwho\s+(?:lives|is\s+living|resides|has\s+lived)\b(?!.*\bwho\b)")


def _location(raw: str, low: str) -> str | None:
    postcode = find_postcode(raw)
    if postcode and not re.search(
        r"\b(?:office|based\s+at|our\s+address|work\s+address|my\s+address)\b", low
    ):
        return postcode
    towns: set[str] = set()
    for clause in clauses(raw):
        for lead in _PLACE_LEAD.finditer(clause):
            chunk = clause[lead.end() : lead.end() + 40]
            town = find_town(chunk)
            if town is None or not chunk.lower().startswith(town.lower()):
                continue
            after = chunk[len(town) :].lower()
            if re.match(rf"\s*(?:{ORGANISATION_WORD})\b", after):
                continue  # "from Yate Academy": an organisation, not where they live
            before = clause[: lead.start()].lower()
            if (who := _LIVING_WHO.search(before)) is not None:
                before = before[who.start() :]  # "a lad called Finley who lives ... in Yate"
            if _FIRST_PERSON.search(_OUR_PLACEMENT.sub(" ", before)):
                continue  # "I'm based in Kingswood": the referrer, not the young person
            if _PLACED_BEFORE.search(before):
                continue
            towns.add(town)
    return towns.pop() if len(towns) == 1 else None


def _bare_town(raw: str) -> str | None:
    """A town given on its own between commas ("14 y/o male, Yate", "date of birth 19
    March 2012, of Filton"): only read when the message also describes the young person
    or where they live, so "Yate" alone stays an answer to the question asked (an
    organisation's town, say)."""
    towns = {
        town
        for clause in clauses(raw)
        if (town := find_town(clause)) and town.lower() == re.sub(r"^of\s+", "", clause.lower())
    }
    return towns.pop() if len(towns) == 1 else None


# "lives with mum only, Emersons Green": words of where they live; "Ethan Cole, 15, of
# Thornbury": a full name with an age between commas.
_LIVES = re.compile(r"\b(?:lives|living|resides)\b")
_NAMED_AGE = re.compile(r"[A-Z][a-z'-]+\s+[A-Z][a-z'-]+\s*,\s*(?:aged\s+)?\d{1,2}\s*,")


# "Zak (13) Yate", "Leon B (15, CP plan, Kingswood)": a name with an age in brackets, and
# a place among what the brackets list or straight after them.
_NAMED_AGE_AND_MORE = re.compile(
    r"(?<![\w'-])[A-Z][a-z'-]+(?:\s+[A-Z]\.?)?\s*\(\s*(?:aged?\s*)?\d{1,2}\s*(?:yrs?|y/?o)?"
    r"(?P<inside>(?:\s*,[^()]*)?)\)(?=(?P<after>[^,.;:()\n]{0,30}))"
)


def town_beside_named_age(raw: str) -> str | None:
    """The one place written on its own beside a name and age in brackets, unless the
    name is another child's."""
    towns: set[str] = set()
    for match in _NAMED_AGE_AND_MORE.finditer(raw):
        if re.search(rf"{OTHER_CHILD}\W*$", raw[max(0, match.start() - 20) : match.start()], re.I):
            continue  # "his sister Amy (9) Yate": another child's
        after = re.split(r"\s+[-\u2013]\s+", match["after"])[0]
        for part in (*match["inside"].split(","), after):
            part = part.strip()
            if part and (town := find_town(part)) and town.lower() == part.lower():
                towns.add(town)
    return towns.pop() if len(towns) == 1 else None


_SCHOOL = re.compile(
    r"(?i:\b(?:attends|goes\s+to|(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+(?:at|in\s+year\s+\d{1,2}\s+at)|"
    r"(?:pupil|student)\s+at|in\s+year\s+\d{1,2}\s+at|on\s+(?:the\s+)?roll\s+at)\s+(?:the\s+)?)"
    r"(?P<school>(?:[A-Z][\w'\-]*\s+){0,4}(?:School|Academy|College|PRU|Primary|Secondary|High|Grammar|Sixth\s+Form)\b)"
)


def young_person_facts(raw: str, low: str, today: date) -> dict[str, Any]:
    """yp_date_of_birth (ISO) with yp_age, or yp_age alone; yp_gender, yp_first_name,
    yp_location and yp_education_setting: those the message states with confidence."""
    facts: dict[str, Any] = {}
    age, gender = _age_and_gender(low)
    first_name, age_after_name = _first_name(raw, low)
    if age is None:
        age = age_after_name
    if (dob := _date_of_birth(low, today)) is not None and dob.date_of_birth is not None:
        facts["yp_date_of_birth"] = dob.date_of_birth.isoformat()
        facts["yp_age"] = dob.age
    elif age is not None:
        facts["yp_age"] = age
    if gender := gender or _gender_of_the_tie(low):
        facts["yp_gender"] = gender
    if first_name:
        facts["yp_first_name"] = first_name
    described = (
        age or gender or "yp_date_of_birth" in facts or _LIVES.search(low) or _NAMED_AGE.search(raw)
    )
    location = _location(raw, low) or (_bare_town(raw) if described else None)
    if location := location or town_beside_named_age(raw):
        facts["yp_location"] = location
    if school := _SCHOOL.search(raw):
        facts["yp_education_setting"] = school.group("school").strip()
    return facts
