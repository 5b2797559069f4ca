"""The young person's name said on a call before anyone asked for it: "His name's Oscar
Lindley", "The young person is Tia, T-I-A, surname Lennox", "He's Jacob Lane, date of
birth ...", or a name said on its own straight after saying who the call is about ("I've
got a lad I'm worried about ... Aiden Cartwright.").

Each form needs words that say the name is the young person's: a name in running speech
may be anyone's (the caller, the worker, the child harmed), and a wrong name on a
referral is worse than asking for it. Names must be capitalised as written. Pure.
"""

from __future__ import annotations

import re

from .mentions import OTHER_CHILD
from .names import parse_first_name, parse_last_name

_FIRST = r"(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_LAST = r"(?P<last>(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)"
_END = r"(?=\s*(?:[,.;!?]|\s-\s|$))"
# "his name's Oscar Lindley", "the young person is Mason Gray", "young person's name is
# Tia": the words that give the young person's own name, then the name.
_GIVEN = re.compile(
    r"(?i:\b(?:(?:his|her|their)\s+name|(?:the\s+)?young\s+(?:person|man|woman)(?:'s\s+name)?)"
    r"(?:'s|\s+is))\s+" + _FIRST + r"(?:\s+" + _LAST + r")?" + _END
)
# "He's Jacob Lane, date of birth ...": a sentence opening with the pronoun and a full
# name, then the young person's details.
_PRONOUN_NAMED = re.compile(
    r"^\W*(?i:he|she)(?:'s|\s+is)\s+"
    + _FIRST
    + r"\s+"
    + _LAST
    + r"(?=\s*,\s*(?i:date\s+of\s+birth|dob|d\.o\.b|born|aged?\b|\d))"
)
_ALONE = re.compile(r"^\W*" + _FIRST + r"\s+" + _LAST + r"\s*[.!]?\s*$")
# The sentence before a name said on its own says the call is about a young person.
_YOUNG_PERSON_WORD = re.compile(
    r"\b(?:lad|boy|girl|young\s+(?:person|man|woman)|pupil|student|teenager|child)\b",
    re.IGNORECASE,
)
_REFERRING = re.compile(r"\b(?:refer\w*|worried\s+about|calling\s+about|ringing\s+about)\b", re.I)
# Someone else a sentence may be naming instead ("his social worker ... her name's Steph").
_SOMEONE_ELSE = re.compile(
    r"\b(?:social\s+worker|sw|worker|carer|mum|mom|dad|mother|father|parents?|aunt\w*|uncle|"
    r"gran\w*|nan|sister|brother|cousin|friend|neighbour|victim|complainant|classmate|"
    r"teacher|officer|manager|nurse|doctor|gp)\b",
    re.IGNORECASE,
)
# Before "his name's ...", a child described first is the one named ("A boy in his class,
# his name's Josh Smith").
_SOMEONE_ELSE_FIRST = re.compile(
    rf"{_SOMEONE_ELSE.pattern}|{OTHER_CHILD}|\b(?:boy|girl|lad|kid)\b", re.IGNORECASE
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_SURNAME_GIVEN = re.compile(
    r"(?i:\b(?:surname|last\s+name|family\s+name)(?:'s|\s+is)?)\s*[,:-]?\s+" + _LAST
)


def _name(first: str, last: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    if (first_name := parse_first_name(first)) is None or first_name != first:
        return {}
    found["yp_first_name"] = first_name
    if last and (last_name := parse_last_name(last)) == last:
        found["yp_last_name"] = last_name
    return found


def _in_sentence(sentence: str, before: str) -> dict[str, str]:
    if (given := _GIVEN.search(sentence)) and not _SOMEONE_ELSE_FIRST.search(
        sentence[: given.start()]
    ):
        found = _name(given["first"], given["last"])
        if found and "yp_last_name" not in found:
            if (surname := _SURNAME_GIVEN.search(sentence, given.end())) is not None:
                found |= _name(given["first"], surname["last"])
        return found
    if named := _PRONOUN_NAMED.search(sentence):
        return _name(named["first"], named["last"])
    if (
        (alone := _ALONE.match(sentence))
        and _REFERRING.search(before)
        and _YOUNG_PERSON_WORD.search(before)
        and not _SOMEONE_ELSE.search(before)
    ):
        return _name(alone["first"], alone["last"])
    return {}


def young_person_named(text: str, others: frozenset[str] = frozenset()) -> dict[str, str]:
    """yp_first_name and yp_last_name from a turn that names the young person unasked,
    or {}. Names in `others` (lower case: the caller, the worker) are never the young
    person's."""
    sentences = _SENTENCES.split(text)
    for index, sentence in enumerate(sentences):
        before = sentences[index - 1] if index else ""
        found = _in_sentence(sentence, before)
        if found:
            full = " ".join(found[s] for s in ("yp_first_name", "yp_last_name") if s in found)
            if full.lower() in others or found["yp_first_name"].lower() in others:
                return {}
            return found
    return {}
