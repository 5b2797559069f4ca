"""The referrer's facts stated in a free message: their name, role, organisation,
email, phone, and whether they are the allocated professional.

"I'm Jo Bloggs, his social worker at South Glos" -> name, role and organisation. Only
the common roles count, and a contact is left out when it is someone else's.
"""

from __future__ import annotations

import re
from typing import Any

from backend.domain.area import find_town

from .contacts import find_email, find_phone
from .mentions import NOT_FIRST_NAMES, ORGANISATION_WORD, TITLES
from .names import parse_person_name
from .people import ROLES

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
    r"(?P<adjectives>(?:(?:allocated|named|lead|senior|deputy|student|specialist|assistant|main|current|new|"
    r"supervising|principal|qualified|advanced|trainee|locum|duty|agency)\s+)*)"
)
_ORG_LEAD = re.compile(
    r"\b(?:from|at|with|for|in)\s+(?P<org>[^,.;!?\n]+)",
    re.IGNORECASE,
)
_ORG_END = re.compile(
    r"\s+(?:and\s+(?:i|i'?m|we|he|she|they|the|my|his|her|a|an|would|want)|about|regarding|re|"
    r"concerning|i'?m|i\s+am|i|we|who|as|to|because|here|ref|again)\b.*$"
    # "Yate Vale Academy - he's a pupil here": a dash starts another clause
    r"|\s+[-\u2013]\s.*$",
    re.IGNORECASE,
)
_LISTED_LEAD = re.compile(r"^(?:from|at|with|for)\s+", re.IGNORECASE)
_SOMEONE_ELSE = re.compile(
    r"\b(?:(?:mum|mom|dad|mother|father|parent|parents|carer|carers|gran|nan|his|her|their|manager|"
    r"colleague|sister|brother|the\s+young\s+person|yp)'?s?|school'?s)\W+(?:\w+\W+){0,3}$"
)
_ALLOCATED_YES = re.compile(
    r"\b(?:i'?m|im|i\s+am)\s+(?:(?:the|his|her|their|the\s+young\s+person'?s|(?:[a-z]+\s+)?[a-z]+'s)\s+)?"
    r"(?:(?:allocated|named)\s+(?:\w+\s+){0,2}?(?:worker|social\s+worker|sw|professional|practitioner|lead|"
    r"officer|nurse|dsl|teacher|(?:case\s+)?manager)\b|lead\s+professional\b)"
    # "I'm allocated." said on its own
    r"|\b(?:i'?m|im|i\s+am)\s+(?:the\s+one\s+)?allocated\s*(?:[.;,!]|$)"
)
# "I'm not her social worker", "I'm not really his allocated worker either", "I am her
# GP but not the allocated worker".
_ALLOCATED_NO = re.compile(
    r"\b(?:i'?m\s+not|im\s+not|i\s+am\s+not)\s+(?:really\s+|actually\s+)?(?:the\s+|his\s+|her\s+|their\s+)?"
    r"(?:allocated|named|lead|social\s+worker|sw)\b"
    r"|\b(?:i'?m|im|i\s+am)\b[^.;!?]{0,40}?\bbut\s+not\s+(?:the\s+|his\s+|her\s+|their\s+)?"
    r"(?:allocated|named)\b"
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


# A role that is not a common one, named by the word that heads it: "mental health
# practitioner", "clinical nurse specialist", "consultant child and adolescent
# psychiatrist", "youth worker": a head with a word or more before it ("the officer" alone
# says too little). Lower-case words before the head only, so a clause that
# runs on ("a mum who is worried") is no role.
_ROLE_HEAD = re.compile(
    r"(?P<role>(?:(?!(?:who|that|with|at|for|in|from|of|on|by|to|as|about|the|a|an|and\s+i|"
    r"his|her|their|my|our|your|this|it|is|was|not|but|or|so|very|really|just|calling|"
    r"ringing|worried)\b)[a-z][a-z-]*\s+"
    r"(?:and\s+)?){1,5}"
    r"(?:practitioner|worker|nurse|psychologist|psychiatrist|paediatrician|pediatrician|"
    r"consultant|specialist|therapist|counsellor|co-?ordinator|manager|officer|clinician|"
    r"advis[eo]r|mentor|doctor|psychotherapist|midwife|navigator)s?)\b(?!['-])"
)


def _role_by_head(text: str) -> tuple[str, int] | None:
    """A role at the very start of the text named by its head word, and where it ends."""
    match = _ROLE_HEAD.match(text)
    return (match["role"], match.end()) if match else None


def _role(low: str, name: str | None, name_end: int) -> tuple[str, int] | None:
    """The referrer's role and where it ends in the text: "I'm his social worker", "Jo
    Bloggs, the DSL", "PC Evans", "YOT worker here"; a common one where the text names
    one, else one named by its head word ("I'm a mental health practitioner with CAMHS")."""
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
    if len(roles) == 1:
        return roles.pop(), -1
    if roles:
        return None
    headed = sorted(
        (start + end, role)
        for start in starts
        if (found := _role_by_head(low[start:]))
        for role, end in [found]
    )
    if len({role for _, role in headed}) == 1:
        return headed[0][1], headed[0][0]
    return None


# "Sophie Turner, SENCo, Hanham Woods Academy": a full name opening the message and
# followed by a role is the referrer signing off their details.
_SIGNED = re.compile(
    r"^\W*(?i:(?:hi|hello|morning|afternoon|good\s+\w+)\W+)?"
    r"(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx)\.?\s+)?[A-Z][a-z'\-]+\s+[A-Z][a-z'\-]+)\s*,\s*"
)


# "Hi, Sophie from Unity Sexual Health again": a greeting, then the writer's name and
# where they are from, as a text message opens.
_GREETED_FROM = re.compile(
    r"^\W*(?i:hi|hello|hiya|morning|afternoon|good\s+(?:morning|afternoon))\W+"
    r"(?P<name>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?)\s+(?=(?i:from|at)\s+[A-Z])"
)


def _referrer_name(raw: str) -> tuple[str | None, int]:
    """The referrer's own name and where it ends in the text (-1 when not found)."""
    if match := _MY_NAME.search(raw):
        if name := parse_person_name(match.group("name")):
            return name, match.end()
    greeted = _GREETED_FROM.match(raw)
    if greeted and not find_town(greeted["name"]) and (name := parse_person_name(greeted["name"])):
        return name, greeted.end("name")
    signed = _SIGNED.match(raw)
    if signed and _role_at(_ROLE_AFTER_NAME.sub("", raw[signed.end() :].lower(), count=1)):
        if name := parse_person_name(signed.group("name")):
            return name, signed.end("name")
    for match in _INTRO_NAME.finditer(raw):
        candidate = match.group("name")
        words = candidate.lower().replace(".", "").split()
        if words and words[0] in TITLES:
            words = words[1:]
        if any(w in NOT_FIRST_NAMES for w in words) or find_town(candidate):
            continue
        if any(re.match(pattern, " ".join(words)) for _, pattern in ROLES):
            continue
        if name := parse_person_name(candidate):
            return name, match.end()
    return None, -1


def _organisation(raw: str, low: str, name_end: int, role_end: int = -1) -> str | None:
    """An organisation named right after the referrer introduces themselves, or right
    after the role they give ("consultant psychiatrist in the CAMHS LD team")."""
    intro_ends = [end for end in (name_end, role_end) if end >= 0]
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
        if listed and re.search(rf"\b(?:{ORGANISATION_WORD})\b", listed.group("org"), re.I):
            # "PC Gareth Lloyd, collar number 4471, from Avon and Somerset Police"
            return _balanced(_LISTED_LEAD.sub("", listed.group("org").strip()))
        lead = _ORG_LEAD.search(window)
        if lead is None or lead.start() > 40:
            continue
        org = _ORG_END.sub("", lead.group("org")).strip(" .,-")
        if (
            org
            and len(org.split()) <= 8
            and re.search(rf"\b(?:{ORGANISATION_WORD})\b", org, re.IGNORECASE)
        ):
            return _balanced(org)
    return None


def _balanced(org: str) -> str:
    """The organisation with a bracket the cut left open closed: "the Early Help team
    (South Gloucestershire Council, we're based at ..." -> "... (South Gloucestershire
    Council)"."""
    return org + ")" * (org.count("(") - org.count(")")) if org.count("(") > org.count(")") else org


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


def referrer_facts(raw: str, low: str) -> dict[str, Any]:
    """referrer_name, referrer_role, referrer_organisation, referrer_email,
    referrer_phone and referrer_is_allocated: those the message states with confidence."""
    facts: dict[str, Any] = {}
    name, name_end = _referrer_name(raw)
    if name:
        facts["referrer_name"] = name
    role, role_end = _role(low, name, name_end) or (None, -1)
    if role:
        facts["referrer_role"] = role
    if organisation := _organisation(raw, low, name_end, role_end):
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
