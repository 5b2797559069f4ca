"""The significant adult described in one answer: who they are to the young person,
their name and whether they will take part ("His nan, Margaret Hill, she's happy to
support him" -> relationship, name and willingness)."""

from __future__ import annotations

import re

from ._text import clean, fold
from .names import find_full_name, parse_person_name
from .people import RELATION_WORDS, parse_relationship

# A sentence about the adult who will support the young person in the work.
TAKES_PART = re.compile(
    r"\b(?:willing|happy|keen|agreed|offered|wants?)\s+to\s+(?:attend|support|take\s+part|come|be\s+"
    r"involved|engage|join)|\bwill\s+(?:attend|come\s+to|support\s+him|support\s+her)\b|"
    r"\b(?:come|came|go|going)\s+(?:along\s+)?to\s+(?:the\s+|any\s+|all\s+)?sessions\b|"
    r"\b(?:supporting|significant)\s+adult\b|"
    r"\bdo\s+(?:the\s+)?sessions\b",
    re.IGNORECASE,
)
_UNSURE = re.compile(r"\b(?:not\s+sure|unsure|might|maybe|possibly|hopefully|undecided)\b")
_UNWILLING = re.compile(
    r"\b(?:not|isn'?t|aren'?t|won'?t|wouldn'?t|not\s+really)\s+(?:be\s+)?(?:happy|willing|keen|able|"
    r"prepared|want\w*|do\s+it|engag\w*)\b|\bunwilling\b|\brefus\w*|\bdeclin\w*"
)
_WILLING = re.compile(
    r"\b(?:happy|willing|keen|prepared|able|agreed|wants?|offered)\s+to\b|"
    r"\b(?:he|she|they)'?ll\s+do\s+it\b|\bup\s+for\s+it\b|\bon\s+board\b|\bsupportive\b"
)


# "Mum (Joanne Masters) agrees", "Dad (Steve) will", "Mum Tasha will do sessions": the
# relationship word, then the adult's name in brackets or straight after it.
_RELATIONSHIP_THEN_NAME = re.compile(
    r"(?<![\w'])(?P<relationship>(?:[Mm]aternal\s+|[Pp]aternal\s+|[Ff]oster\s+)?[A-Za-z][a-z]+)"
    r"(?:\s*\(\s*(?P<bracketed>[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)\s*\)|"
    r"\s+(?P<named>[A-Z][a-z'-]+)(?!\s*\())"
)


def _relationship_then_name(raw: str) -> dict[str, str]:
    for match in _RELATIONSHIP_THEN_NAME.finditer(raw):
        relationship = parse_relationship(match["relationship"])
        if relationship is None or not RELATION_WORDS.search(relationship):
            continue
        name = match["bracketed"] or match["named"]
        if RELATION_WORDS.search(name.lower()) or parse_person_name(name) is None:
            continue
        return {"sa_relationship": relationship, "sa_name": name}
    return {}


def parse_significant_adult(text: str) -> dict[str, str]:
    """sa_name, sa_relationship and sa_willing, those the answer states."""
    raw = clean(text)
    facts: dict[str, str] = {}
    if full_name := find_full_name(raw):
        facts["sa_name"] = " ".join(full_name)
    if paired := _relationship_then_name(raw):
        facts = {**paired, **facts} if "sa_name" in facts else paired
    for clause in re.split(r"[,;.]", raw):
        if "sa_relationship" in facts:
            break
        # A clause that is the relationship alone ("His nan"), not the name.
        if clause.strip() and find_full_name(clause) is None:
            if relationship := parse_relationship(clause):
                facts["sa_relationship"] = relationship
                break
    t = fold(raw)
    if _UNSURE.search(t):
        facts["sa_willing"] = "unsure"
    elif _UNWILLING.search(t):
        facts["sa_willing"] = "no"
    elif _WILLING.search(t):
        facts["sa_willing"] = "yes"
    return facts
