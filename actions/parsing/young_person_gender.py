"""The young person's gender where a note gives it without a pronoun after their name:
by the noun it refers them by ("I am writing to refer this 15-year-old girl", "Re the
lad placed with my carers"), by the pronouns after the initials a record calls them by
("A-R lives with her grandparents", "B seen at his nan's"), and, in a text message too
short to be about anyone else, by the pronoun before the things only the young person
has ("his surname is Harris", "she's actually 13", "I'll bring him every week").

Each reading gives a gender only when everything it finds agrees; the validators have
the last word on the value. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .mentions import PRONOUN_GENDER
from .note_young_person import NOUN_GENDER, gender_from_pronouns

# The young person as the one referred: "to refer this 15-year-old girl", "Re the lad
# placed with my carers" (a letter's or a message's subject).
_REFERRED_AS = re.compile(
    r"(?:\brefer(?:ring)?|(?:^|[.:\-\]]\s*|\n\s*|\bhi\b\W+)re)\s+(?:this|the|a|our|my)\s+"
    r"(?:(?:\d{1,2}|[a-z]+)[\s-]?(?:year|yr)s?[\s-]?old\s+)?"
    r"(?P<noun>lad|boy|girl|young\s+man|young\s+woman|young\s+lady)\b",
    re.IGNORECASE,
)
# What only the young person has, in a message about them: "his surname", "her school".
_THEIR_OWN = re.compile(
    r"\b(?P<pronoun>his|her)\s+(?:surname|last\s+name|dob|d\.o\.b|date\s+of\s+birth|birthday|"
    r"school|college|year\s+group|foster\s+(?:mum|dad|carers?|placement))\b"
    r"|\b(?P<subject>he|she)(?:'s|\s+is)\s+(?:actually\s+|only\s+|now\s+|just\s+)?\d{1,2}\b"
    r"|\b(?:bring|take)\s+(?P<object>him|her)\s+(?:to|every|each|2)\b",
    re.IGNORECASE,
)
_OBJECT_GENDER = {"him": "male", "her": "female"}
_MAX_SHORT_MESSAGE = 300


def gender_as_referred(text: str) -> tuple[str, str] | None:
    """("male" | "female", the words) from the noun the note refers the young person by,
    when every such noun agrees; None otherwise."""
    found = {
        NOUN_GENDER[" ".join(m["noun"].lower().split())]: m[0] for m in _REFERRED_AS.finditer(text)
    }
    if len(found) != 1:
        return None
    [(gender, words)] = found.items()
    return gender, words.strip()


def initials_of(first_name: str, last_name: str | None) -> list[str]:
    """What a record may call the young person instead of their name: "A-R" and "AR" for
    Amelia-Rose, "BP" for Brandon Pearce."""
    parts = [part for part in first_name.split("-") if part]
    found = []
    if len(parts) > 1:
        found += ["-".join(p[0] for p in parts).upper(), "".join(p[0] for p in parts).upper()]
    if parts and last_name:
        found.append((first_name[0] + last_name[0]).upper())
    return found


def gender_by_initials(
    sentences: list[str], text: str, first_name: str, last_name: str | None
) -> tuple[str, str] | None:
    """The gender the pronouns give the initials a record calls the young person by; a
    single initial only where the record opens lines or sentences with it ("B seen at
    his grandparents' address")."""
    names = initials_of(first_name, last_name)
    initial = first_name[:1].upper()
    if initial.isalpha() and re.search(rf"(?:^|[.!?]\s+)\s*{initial}\s+[a-z]", text, re.M):
        names.append(initial)
    found: dict[str, str] = {}
    for name in names:
        if (given := gender_from_pronouns(sentences, name)) is not None:
            found.setdefault(given[0], given[1])
    if len(found) != 1:
        return None
    [(gender, words)] = found.items()
    return gender, words


def gender_in_a_short_message(text: str) -> tuple[str, str] | None:
    """The gender a text message's pronouns give what only the young person has, when
    the message is a text's length and every such pronoun agrees."""
    if len(text.strip()) > _MAX_SHORT_MESSAGE:
        return None
    found: dict[str, str] = {}
    for match in _THEIR_OWN.finditer(text):
        if match["pronoun"] or match["subject"]:
            gender = PRONOUN_GENDER[(match["pronoun"] or match["subject"]).lower()]
        else:
            gender = _OBJECT_GENDER[match["object"].lower()]
        found.setdefault(gender, match[0])
    if len(found) != 1:
        return None
    [(gender, words)] = found.items()
    return gender, words


def young_person_gender(
    sentences: Iterable[str], text: str, first_name: str | None, last_name: str | None
) -> tuple[str, str] | None:
    """The first of the readings above that gives a gender."""
    kept = list(sentences)
    by_initials = gender_by_initials(kept, text, first_name, last_name) if first_name else None
    return gender_as_referred(text) or by_initials or gender_in_a_short_message(text)
