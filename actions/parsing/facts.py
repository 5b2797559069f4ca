"""Several referral facts from one free message.

"14 year old boy from Yate, I'm his social worker" -> age, gender, location and role.
Only confident facts are returned: a fact is left out when the message could be about
someone else (the harmed child, a sibling, the referrer's own office) or says two
different things. Missing is better than wrong, because the bot will simply ask.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from backend.domain.area import find_postcode, find_town

from ._text import NUMBER, clauses, clean, negated_before, number_value
from .contacts import find_email, find_phone
from .dates import MAX_AGE, MIN_AGE, DobResult, parse_date_of_birth
from .names import parse_first_name, parse_person_name
from .people import ROLES
from .statuses import parse_lives_with

_YP_NOUN = r"(?:boy|girl|lad|lass|young\s+(?:man|woman|person|lady)|yp|male|female|teen(?:ager)?)"
_MALE_NOUNS = {"boy", "lad", "young man", "male"}
_FEMALE_NOUNS = {"girl", "lass", "young woman", "young lady", "female"}

# Words for other children: a clause naming one may be about the harmed child.
_OTHER_CHILD_WORDS = (
    r"sister|brother|sibling|siblings|cousin|cousins|victim|niece|nephew|friend|classmate|peer|"
    r"neighbour|baby|toddler|kid|kids|child|children|daughter|son|step[\s-]?\w+|half[\s-]?\w+"
)
_OTHER_CHILD = rf"\b(?:{_OTHER_CHILD_WORDS})\b"
# Harm done to someone: a person described right after these is the harmed child.
_HARM_BEFORE = re.compile(
    r"\b(?:touch\w*|abus\w*|assault\w*|rap\w*|harm\w*|hurt\w*|expos\w*|show\w*|sent|send\w*|groom\w*|"
    r"victim|towards|against|involving|by|kiss\w*|made|forced|penetrat\w*|target\w*|inappropriate\w*|"
    r"sexual\w*)\W+(?:\w+\W+){0,2}$"
)
# After the description: harm done to them, or a tie to someone else ("a girl from
# his class", "a boy who she babysits") that makes them another child.
_HARM_AFTER = re.compile(
    r"^\W*(?:who\s+)?(?:was|were|has\s+been|had\s+been|got|is\s+being)\s+(?:\w+\s+)?"
    r"(?:touch|abus|assault|rap|harm|hurt|expos|groom|target)|"
    r"^\s*(?:from|in|at|of|on)\s+(?:his|her|their)\b|^\W*(?:who|that|whom)\s+(?:he|she|they)\b"
)


def _about_harmed_child(low: str, start: int, end: int) -> bool:
    """True when the words around a description make it the harmed child."""
    return bool(
        _HARM_BEFORE.search(low[max(0, start - 40) : start])
        or _HARM_AFTER.search(low[end : end + 40])
    )


# --- the young person: age, gender, date of birth, first name ------------------------------

_AGE_NOUN = re.compile(
    rf"\b(?P<n>{NUMBER})[\s-]*(?:years?|yrs?|yr|y/o|yo)?[\s-]*(?:old)?[\s-]*(?P<noun>{_YP_NOUN})\b"
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
    rf"{_OTHER_CHILD}\s+(?:has\s+|had\s+|have\s+|is\s+|was\s+)?(?:been\s+)?(?:\w+\s+){{0,8}}?"
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
_OTHER_POSSESSIVE = re.compile(rf"\b(?:{_OTHER_CHILD_WORDS})'?s?\W*$")


def _gender_of(noun: str) -> str | None:
    noun = " ".join(noun.split())
    if noun in _MALE_NOUNS:
        return "male"
    if noun in _FEMALE_NOUNS:
        return "female"
    return None


def _age_and_gender(low: str) -> tuple[int | None, str | None]:
    """The young person's age and gender from "14 year old boy", "girl, 13", "he's 14"."""
    ages: set[int] = set()
    genders: set[str] = set()
    for pattern in (_AGE_NOUN, _NOUN_AGE, _NOUN_PRONOUN_AGE):
        for match in pattern.finditer(low):
            if _about_harmed_child(low, match.start(), match.end()):
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
                rf"{_OTHER_CHILD}|\b(?:boy|girl)\b", low[max(0, match.start() - 40) : match.start()]
            ):
                continue
            age = number_value(match.group("n"))
            if age is not None and MIN_AGE <= age <= MAX_AGE:
                ages.add(age)
    for pattern in (_REFERRAL_ABOUT, _CALLED):
        for match in pattern.finditer(low):
            if _about_harmed_child(low, match.start(), match.end()):
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
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "dc", "pc", "ds"})
_NOT_FIRST_NAMES = frozenset(
    """
    the a an he she they his her their mr mrs ms miss dr year years south north east west children
    social police camhs yot school academy college this that our my your mum dad monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august
    september october november december cp cin lac cla art mash
    """.split()
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
            if candidate.lower() in _NOT_FIRST_NAMES or find_town(candidate):
                continue
            if _about_harmed_child(low, match.start(), match.end()):
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
_ORGANISATION_WORD = (
    r"avon\s+(?:and|&)\s+somerset|"
    r"academy|school|college|council|police|constabulary|services?|social\s+care|team|nhs|trust|hospital|"
    r"surgery|practice|health|camhs|yot|yos|youth\s+(?:offending|justice)|barnardo'?s|nspcc|ltd|limited|"
    r"cent(?:re|er)|hub|unit|partnership|foundation|charity|mash|access\s+and\s+response|early\s+help|"
    r"local\s+authority|clinic|pru|nursery|university|agency|station|office|library|leisure|children'?s|"
    r"primary|secondary|high|grammar|sixth\s+form|community\s+(?:team|school)|group"
)
_FIRST_PERSON = re.compile(
    r"\b(?:i'?m|im|i\s+am|i\s+work|i'?ve|we'?re|we\s+are|our|my|me|this\s+is|calling)\b"
)


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
            if re.match(rf"\s*(?:{_ORGANISATION_WORD})\b", after):
                continue  # "from Yate Academy": an organisation, not where they live
            if _FIRST_PERSON.search(clause[: lead.start()].lower()):
                continue  # "I'm based in Kingswood": the referrer, not the young person
            towns.add(town)
    return towns.pop() if len(towns) == 1 else None


# --- the referrer: name, role, organisation, contact, allocated -------------------------------

_MY_NAME = re.compile(
    r"(?i:\bmy\s+name\s+is|\bmy\s+name'?s)\s+(?P<name>[^\s,.;]+(?:\s+[^\s,.;]+){0,3})"
)
_INTRO_NAME = re.compile(
    r"(?i:\bthis\s+is|\bi'?m|\bi\s+am|\bit'?s)\s+"
    r"(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|DC|PC|DS)\.?\s+)?[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){0,2})"
    r"(?=\s*(?:,|\bfrom\b|\bat\b|\bwith\b|\band\b|\bhere\b|\bthe\b|$|[.!\-(]))"
)
_ROLE_LEAD = re.compile(
    r"\b(?:i'?m|im|i\s+am|i\s+work\s+as|i'?m\s+working\s+as|my\s+role\s+is|as)\s+"
    r"(?:(?:a|an|the|his|her|their|the\s+young\s+person'?s|the\s+child'?s|yp'?s|[a-z]+'s)\s+)?"
    r"(?P<adjectives>(?:(?:allocated|named|lead|senior|deputy|student|specialist|assistant|main|current|new)\s+)*)"
)
_ORG_LEAD = re.compile(
    r"\b(?:from|at|with|for|in)\s+(?P<org>[^,.;!?\n]+)",
    re.IGNORECASE,
)
_ORG_END = re.compile(
    r"\s+(?:and\s+(?:i|i'?m|we|he|she|they|the|my|his|her|a|an|would|want)|about|regarding|re|"
    r"concerning|i'?m|i\s+am|i|we|who|as|to|because|-|here|ref)\b.*$",
    re.IGNORECASE,
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:mum|mom|dad|mother|father|parent|parents|carer|carers|gran|nan|his|her|their|manager|colleague|"
    r"school|sister|brother|the\s+young\s+person|yp)'?s?\W+(?:\w+\W+){0,3}$"
)
_ALLOCATED_YES = re.compile(
    r"\b(?:i'?m|im|i\s+am)\s+(?:(?:the|his|her|their|the\s+young\s+person'?s|[a-z]+'s)\s+)?"
    r"(?:(?:allocated|named)\s+(?:\w+\s+){0,2}?(?:worker|social\s+worker|sw|professional|practitioner|lead|"
    r"officer|nurse|dsl|teacher)\b|lead\s+professional\b)"
)
_ALLOCATED_NO = re.compile(
    r"\b(?:i'?m\s+not|im\s+not|i\s+am\s+not)\s+(?:the\s+|his\s+|her\s+|their\s+)?(?:allocated|named|lead)\b"
)


_ROLE_HERE = re.compile(
    r"^(?:(?:hi|hello|morning|afternoon)\W+)?(?:an?\s+|the\s+)?(?P<role>.{2,40}?)\s+here\b"
)
_ROLE_AFTER_NAME = re.compile(
    r"^\s*,?\s*(?:(?:a|an|the|his|her|their)\s+)?(?:(?:allocated|named|lead|senior)\s+)?"
)
_POLICE_TITLE = re.compile(r"^(?:PC|DC|DS|DCI|Sgt)\b")


def _role_at(text: str) -> str | None:
    """The common role named at the very start of the text, if any."""
    for label, pattern in ROLES:
        if re.match(pattern, text):
            return label
    return None


def _role(low: str, name: str | None, name_end: int) -> str | None:
    """The referrer's role: "I'm his social worker", "Jo Bloggs, the DSL", "PC Evans",
    "YOT worker here". Only the common roles count: free text here would be a guess."""
    roles: set[str] = set()
    starts = [lead.end() for lead in _ROLE_LEAD.finditer(low)]
    if name_end >= 0 and (after := _ROLE_AFTER_NAME.match(low[name_end:])):
        starts.append(name_end + after.end())
    if here := _ROLE_HERE.match(low):
        starts.append(here.start("role"))
    for start in starts:
        if role := _role_at(low[start:]):
            roles.add(role)
    if name and _POLICE_TITLE.match(name):
        roles.add("police officer")
    return roles.pop() if len(roles) == 1 else None


# "Sophie Turner, SENCo, Hanham Woods Academy": a full name opening the message and
# followed by a role is the referrer signing off their details.
_SIGNED = re.compile(
    r"^\W*(?i:(?:hi|hello|morning|afternoon|good\s+\w+)\W+)?"
    r"(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx)\.?\s+)?[A-Z][a-z'\-]+\s+[A-Z][a-z'\-]+)\s*,\s*"
)


def _referrer_name(raw: str) -> tuple[str | None, int]:
    """The referrer's own name and where it ends in the text (-1 when not found)."""
    if match := _MY_NAME.search(raw):
        if name := parse_person_name(match.group("name")):
            return name, match.end()
    signed = _SIGNED.match(raw)
    if signed and _role_at(_ROLE_AFTER_NAME.sub("", raw[signed.end() :].lower(), count=1)):
        if name := parse_person_name(signed.group("name")):
            return name, signed.end("name")
    for match in _INTRO_NAME.finditer(raw):
        candidate = match.group("name")
        words = candidate.lower().replace(".", "").split()
        if words and words[0] in _TITLES:
            words = words[1:]
        if any(w in _NOT_FIRST_NAMES for w in words) or find_town(candidate):
            continue
        if any(re.match(pattern, " ".join(words)) for _, pattern in ROLES):
            continue
        if name := parse_person_name(candidate):
            return name, match.end()
    return None, -1


def _organisation(raw: str, low: str, name_end: int) -> str | None:
    """An organisation named right after the referrer introduces themselves."""
    intro_ends = [name_end] if name_end >= 0 else []
    intro_ends += [m.end() for m in _ROLE_LEAD.finditer(low)]
    intro_ends += [
        m.end()
        for m in re.finditer(
            r"\b(?:i\s+work|i'?m\s+calling|calling|i'?m|i\s+am|we'?re|we\s+are)\b", low
        )
    ]
    for start in sorted(set(intro_ends)):
        window = raw[start : start + 120]
        listed = re.match(r"\s*,\s*[^,]{2,40},\s*(?P<org>[^,.;!?\n]+)", window)
        if listed and re.search(rf"\b(?:{_ORGANISATION_WORD})\b", listed.group("org"), re.I):
            return listed.group("org").strip()
        lead = _ORG_LEAD.search(window)
        if lead is None or lead.start() > 40:
            continue
        org = _ORG_END.sub("", lead.group("org")).strip(" .,-")
        if (
            org
            and len(org.split()) <= 8
            and re.search(rf"\b(?:{_ORGANISATION_WORD})\b", org, re.IGNORECASE)
        ):
            return org
    return None


def _own_contact(raw: str, value: str | None, position: int) -> str | None:
    """The contact unless the words before it make it someone else's ("mum's number")."""
    if value is None:
        return None
    if position > 0 and _SOMEONE_ELSE.search(raw[max(0, position - 40) : position].lower()):
        return None
    return value


def _email(raw: str) -> str | None:
    email = find_email(raw)
    return _own_contact(raw, email, raw.lower().find(email.lower()) if email else -1)


def _phone(raw: str) -> str | None:
    digits = re.search(r"[+(]?\d[\d\s()\-]{8,}\d", raw)
    return _own_contact(raw, find_phone(raw), digits.start() if digits else -1)


# --- statuses stated in passing ----------------------------------------------------------------

_LEGAL_FACTS = (
    (
        "child_protection_plan",
        r"\b(?:on|subject\s+to)\s+(?:a\s+)?(?:cp|child\s+protection)(?:\s+plan)?\b|\bcp\s+plan\b|\bcpp\b|\bchild\s+protection\s+plan\b",
    ),
    (
        "child_in_need",
        r"\bcin\b(?!\s+(?:meeting|review))|\bchild\s+in\s+need\b(?!\s+(?:meeting|review))",
    ),
    (
        "looked_after",
        r"\blooked[\s-]after\b|\blac\b|\bcla\b|\bs\.?\s?20\b|\bsection\s+20\b|\b(?:interim\s+)?care\s+order\b|"
        r"\bin\s+(?:foster\s+)?care\b|\bin\s+a\s+children'?s\s+home\b",
    ),
)
_POLICE_FACTS = (
    ("convicted", r"\bconvicted\b|\bfound\s+guilty\b|\breferral\s+order\b|\bsentenced\b"),
    ("charged", r"\bcharged\b|\bawaiting\s+(?:court|trial)\b|\bcourt\s+date\b"),
    ("caution", r"\b(?:a|youth|conditional|youth\s+conditional)\s+caution\b|\bcautioned\b|\bycc\b"),
    ("community_resolution", r"\bcommunity\s+resolution\b|\boutcome\s+22\b"),
    ("no_further_action", r"\bnfa(?:'?d|-?ed)?\b|\bno\s+further\s+action\b|\boutcome\s+21\b"),
    (
        "open",
        r"\brui\b|\breleased\s+under\s+investigation\b|\bon\s+(?:police\s+|pre[\s-]?charge\s+)?bail\b|\bbailed\b|"
        r"\b(?:under|subject\s+to)\s+(?:a\s+|an\s+)?(?:ongoing\s+|open\s+)?police\s+investigation\b|"
        r"\bpolice\s+(?:are\s+|is\s+)?(?:still\s+)?investigating\b|\bpolice\s+investigation\s+(?:is\s+)?(?:ongoing|open|live|continuing)\b",
    ),
)
_POLICE_NONE = (
    r"\bno\s+police\s+(?:involvement|investigation)\b|\bpolice\s+(?:are\s+|were\s+|have\s+|had\s+)?not\s+(?:been\s+)?involved\b|"
    r"\bpolice\s+(?:aren'?t|weren'?t|haven'?t)\s+(?:been\s+)?involved\b|\bnot\s+reported\s+to\s+(?:the\s+)?police\b|"
    r"\bnot\s+known\s+to\s+(?:the\s+)?police\b"
)
_PAST = (
    r"\b(?:was|were|previously|formerly|used\s+to|came\s+off|ended|last\s+year|in\s+the\s+past|"
    r"historic\w*)\b"
)


# "He was charged", "he was NFA'd": for the police a past verb states where things are now.
_POLICE_PAST = r"\b(?:previously|formerly|used\s+to|in\s+the\s+past|historic\w*)\b"


def _stated(low: str, table: tuple[tuple[str, str], ...], past: str = _PAST) -> str | None:
    """The one status stated about the young person, skipping clauses about the past
    or about another child, and negated mentions ("not charged")."""
    found: set[str] = set()
    parts = [
        part for clause in clauses(low, split_on_now=True) for part in re.split(r"\band\b", clause)
    ]
    for clause in parts:
        if re.search(past, clause) or re.search(_OTHER_CHILD, clause):
            continue
        for status, pattern in table:
            for match in re.finditer(pattern, clause):
                if not negated_before(clause, match.start()):
                    found.add(status)
    return found.pop() if len(found) == 1 else None


_LIVES = re.compile(
    r"\b(?:lives|living|resides|residing|stays|staying|(?:is\s+)?(?:currently\s+)?placed)\s+(?:with|in|at)\s+(?P<who>[^,.;!?]+)"
)


def _lives_with(low: str) -> str | None:
    found: set[str] = set()
    for match in _LIVES.finditer(low):
        before = low[max(0, match.start() - 30) : match.start()]
        if re.search(rf"{_OTHER_CHILD}\W*(?:\w+\W+)?$", before) or re.search(
            r"\b(?:i|we)\s+$", before
        ):
            continue
        if negated_before(low, match.start(), words=2):
            continue
        who = " ".join(match.group("who").split()[:6])
        category = parse_lives_with(who)
        if category and category != "unknown":
            found.add(category)
    for phrase, category in (
        (r"\bin\s+foster\s+care\b", "foster"),
        (r"\bin\s+(?:a\s+)?(?:children'?s\s+home|residential)\b", "residential"),
    ):
        if re.search(phrase, low) and not re.search(
            _OTHER_CHILD + r"\W+(?:\w+\W+){0,2}" + phrase[2:], low
        ):
            found.add(category)
    return found.pop() if len(found) == 1 else None


_SCHOOL = re.compile(
    r"(?i:\b(?:attends|goes\s+to|(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+(?:at|in\s+year\s+\d{1,2}\s+at)|"
    r"(?:pupil|student)\s+at|in\s+year\s+\d{1,2}\s+at|on\s+(?:the\s+)?roll\s+at)\s+(?:the\s+)?)"
    r"(?P<school>(?:[A-Z][\w'\-]*\s+){0,4}(?:School|Academy|College|PRU|Primary|Secondary|High|Grammar|Sixth\s+Form)\b)"
)


# --- putting it together ----------------------------------------------------------------------


def extract_facts(text: str, today: date) -> dict[str, Any]:
    """The facts a free message states with confidence, keyed by slot name.

    May return yp_age, yp_gender, yp_date_of_birth (ISO), yp_first_name, yp_location,
    yp_education_setting, yp_legal_status, lives_with, police_status (with
    police_involved), referrer_name, referrer_role, referrer_organisation,
    referrer_email, referrer_phone and referrer_is_allocated.
    """
    raw = clean(text)
    low = raw.lower()
    facts: dict[str, Any] = {}
    if not raw:
        return facts

    age, gender = _age_and_gender(low)
    first_name, age_after_name = _first_name(raw, low)
    if age is None:
        age = age_after_name
    if (dob := _date_of_birth(low, today)) is not None and dob.date_of_birth is not None:
        facts["yp_date_of_birth"] = dob.date_of_birth.isoformat()
        facts["yp_age"] = dob.age
    elif age is not None:
        facts["yp_age"] = age
    if gender:
        facts["yp_gender"] = gender
    if first_name:
        facts["yp_first_name"] = first_name
    if location := _location(raw, low):
        facts["yp_location"] = location
    if school := _SCHOOL.search(raw):
        facts["yp_education_setting"] = school.group("school").strip()

    if legal := _stated(low, _LEGAL_FACTS):
        facts["yp_legal_status"] = legal
    if re.search(_POLICE_NONE, low):
        facts["police_involved"], facts["police_status"] = "no", "none"
    elif police := _stated(low, _POLICE_FACTS, past=_POLICE_PAST):
        facts["police_involved"], facts["police_status"] = "yes", police
    if lives_with := _lives_with(low):
        facts["lives_with"] = lives_with

    name, name_end = _referrer_name(raw)
    if name:
        facts["referrer_name"] = name
    if role := _role(low, name, name_end):
        facts["referrer_role"] = role
    if organisation := _organisation(raw, low, name_end):
        facts["referrer_organisation"] = organisation
    if email := _email(raw):
        facts["referrer_email"] = email
    if phone := _phone(raw):
        facts["referrer_phone"] = phone
    if _ALLOCATED_NO.search(low):
        facts["referrer_is_allocated"] = "no"
    elif _ALLOCATED_YES.search(low):
        facts["referrer_is_allocated"] = "yes"
    return facts
