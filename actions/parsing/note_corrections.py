"""Corrections inside a pasted note or a follow-up text: which sentences correct what was
said before, and what they set. Besides the words that say so ("typo", "should read"),
a value given with the one it replaces ("his surname is Harris, not Harrison", "she's
actually 13 not 12") and a year put right ("2014 shd be 2013") correct. A sentence may
correct two fields ("surname is Khan not Kahn, and her school is ..."); each part is read.
The corrected values win over the note's first reading; the validators still have the
last word on them. Pure: no I/O.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .corrections import parse_correction
from .mentions import NOT_FIRST_NAMES

_SAYS_SO = re.compile(
    # not "I should say at the outset that ...", a turn of phrase
    r"\b(?:correction|corrected|typo|should\s+(?:read|be)|(?<!\bi\s)(?<!\bwe\s)should\s+"
    r"(?:say|have\s+said)|shd\s+be|i\s+meant|"
    r"amended)\b",
    re.IGNORECASE,
)
# "... is Khan not Kahn", "she's actually 13 not 12": the new value, then the old one
# (a name or a number: "he is happy, not worried" corrects nothing).
_INSTEAD_OF = re.compile(
    r"(?i:\b(?:is|'s|are|'re)\s+(?:actually\s+|now\s+)?)[^,.;]{1,60}?,?\s+(?i:not)\s+(?:[A-Z]|\d)"
)
# Where a sentence's second correction starts: "..., and her school is ...".
_SECOND_PART = re.compile(r",?\s+and\s+(?=(?:his|her|their|the|[A-Z][a-z'-]+'s)\b)")
_AGE_INSTEAD = re.compile(
    r"\b(?:he|she|they)(?:'s|\s+is|\s+are|'re)\s+(?:actually\s+|now\s+)?(?P<age>\d{1,2})\s*,?\s+"
    r"not\s+\d{1,2}\b",
    re.IGNORECASE,
)
_YEAR_INSTEAD = re.compile(
    r"\b(?P<old>(?:19|20)\d\d)\s+(?:should|shd|shld)\s+(?:be|read|say)\s+(?P<new>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "Amira's surname is Khan": whose surname a correction gives, the young person's.
_WHOSE = re.compile(
    r"\b(?P<name>[A-Z][a-z'-]+(?:-[A-Z][a-z'-]+)?)'s\s+(?:surname|last\s+name|dob|d\.o\.b|"
    r"date\s+of\s+birth|school)\b"
)


def corrects(sentence: str) -> bool:
    """Whether a sentence corrects what the note (or an earlier message) said."""
    return bool(_SAYS_SO.search(sentence) or _INSTEAD_OF.search(sentence))


def corrected_values(sentence: str, today: date, date_of_birth: str | None) -> dict[str, Any]:
    """The slots a correcting sentence sets, part by part; a year put right changes the
    year of the date of birth read so far (`date_of_birth`, as the note wrote it)."""
    found: dict[str, Any] = {}
    for part in _SECOND_PART.split(sentence):
        read = parse_correction(part, today)
        if "yp_age" not in read and (age := _AGE_INSTEAD.search(part)):
            read["yp_age"] = int(age["age"])
        found.update(read)
    year = _YEAR_INSTEAD.search(sentence)
    if year and date_of_birth and year["old"] in date_of_birth:
        found["yp_date_of_birth"] = date_of_birth.replace(year["old"], year["new"])
        found.pop("yp_age", None)  # the date of birth gives it
    return found


def named_in_correction(sentence: str) -> str | None:
    """The first name whose surname, date of birth or school a correction gives."""
    whose = _WHOSE.search(sentence)
    if whose is None or whose["name"].lower() in NOT_FIRST_NAMES:
        return None
    return whose["name"]
