"""The young person a letter is about, from the "Re:" line that opens it: "Re: Oliver
Penhaligon, d.o.b. 07.01.2011, 14 Orchard Close, Winterbourne" or "RE: Harvey Cole   DOB
15/08/2014   NHS no. 999 123 4567" -> their first and last name, date of birth, age and,
when the line gives an address, the town.

A clinic's or a GP's letter names its patient this way and nowhere else in full. The
line counts only when it is the letter's own subject: "Re:" opening the line, then a
full name, then a date of birth that reads as one. A forwarded chain's "Subject: RE: RE:
...", a "Re: HSB referral" line or a name without a date of birth is left to the rest
of the reader: a name there may be anyone's. Pure: no I/O.
"""

from __future__ import annotations

import re
from datetime import date

from backend.domain.area import find_town

from .dates import parse_date_of_birth
from .mentions import NOT_FIRST_NAMES
from .names import find_full_name, parse_first_name, parse_person_name
from .note_facts import NoteFact

_SUBJECT = re.compile(
    r"^\s*(?i:re)\s*[:\-]\s*"
    # a record's initials before the name: "Re: JP - Jayden PRICE, male, dob ..."
    r"(?:[A-Z]{2,3}\s*[-\u2013]\s*)?"
    r"(?P<name>[A-Z][a-z']+(?:-[A-Z][a-z']+)?\s+(?:Mc|Mac|O')?[A-Z][A-Za-z'-]+)"
    r"(?:\s*,\s*(?P<gender>(?i:male|female|boy|girl)))?"
    r"\s*(?:,\s*|\s+)\(?\s*(?i:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born)\s*[:\-]?\s*"
    # the date runs to the next comma, bracket or wide gap
    r"(?P<date>[^,()]+?)\s*(?:\)|\(|,|\s{2,}|$)(?P<rest>.*)$"
)


# A nickname in quotes, perhaps in brackets, between the first name and the surname:
# 'Re: Jessica ("Jess") Tranter' is Jessica Tranter's letter.
_NICKNAME = re.compile(
    r"(?<=[a-z])\s+\(?[\"'\u201c\u2018][^\"'\u201d\u2019()]{1,20}[\"'\u201d\u2019]\)?(?=\s+[A-Z])"
)


def _capitals_surname(name: str) -> tuple[str, str] | None:
    """ "Owen TRANTER", as health and police records write a surname, as ("Owen", "Tranter")."""
    first, _, last = name.partition(" ")
    if not last.isupper() or len(last) < 2:
        return None
    tidy = parse_person_name(name)
    return (first, tidy.split()[-1]) if tidy and len(tidy.split()) == 2 else None


def letter_subject(line: str, today: date) -> list[NoteFact]:
    """The young person's name, date of birth, age and town from a letter's "Re:" line,
    or [] when the line is not one naming them with a date of birth."""
    match = _SUBJECT.match(_NICKNAME.sub("", line))
    if match is None:
        return []
    full = find_full_name(match["name"])
    if full is None or " ".join(full) != match["name"]:
        full = _capitals_surname(match["name"])
    if full is None:
        return []
    born = parse_date_of_birth(match["date"], today)
    if born.date_of_birth is None:
        return []
    words = line.strip()
    facts = [
        NoteFact("yp_first_name", full[0], words),
        NoteFact("yp_last_name", full[1], words),
        NoteFact("yp_date_of_birth", born.date_of_birth.isoformat(), words),
    ]
    if born.age is not None:
        facts.append(NoteFact("yp_age", born.age, words))
    # "Jayden PRICE, male, dob ..." or "Owen TRANTER, DOB 30/01/2013 (13 yrs), male"
    gender = match["gender"] or next(
        iter(re.findall(r"\b(?i:male|female)\b", match["rest"][:30])), None
    )
    if gender:
        said = gender.lower()
        facts.append(NoteFact("yp_gender", "male" if said in ("male", "boy") else "female", words))
    if (town := find_town(match["rest"])) is not None:
        facts.append(NoteFact("yp_location", town, words))
    return facts


# "re Jaxon - mum sed yes", "Re: Mason, his foster carer ...": a text or a short note
# saying whom it is about by first name (and surname), then a dash, comma or colon.
_REGARDING = re.compile(
    r"(?:^|[,.;:]\s*|\s[-\u2013]\s|\s)(?i:re)\s*:?\s+"
    r"(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:\s+(?P<last>[A-Z][a-z]+(?:-[A-Z][a-z]+)?))?"
    r"\s*(?:\s[-\u2013]\s|[,:])"
)


def regarding(sentence: str) -> dict[str, str]:
    """yp_first_name (and yp_last_name) from "re <name> -" opening what a text is about;
    {} when the words after "re" are not a name ("re HSB referral -", "Re: Yate -")."""
    match = _REGARDING.search(sentence)
    if match is None or match["first"].lower() in NOT_FIRST_NAMES or find_town(match[0]):
        return {}
    if parse_first_name(match["first"]) != match["first"]:
        return {}
    found = {"yp_first_name": match["first"]}
    if match["last"] and match["last"].lower() not in NOT_FIRST_NAMES:
        found["yp_last_name"] = match["last"]
    return found
