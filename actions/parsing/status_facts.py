"""Statuses stated in passing in a free message: legal status, police involvement and
who the young person lives with.

"He's on a CP plan and was NFA'd" -> child_protection_plan, no_further_action. A status
is left out when it is negated, about the past or about another child, or when two are
stated.
"""

from __future__ import annotations

import re
from typing import Any

from ._text import Table, blank_negated_lists, clauses, negated_before
from .mentions import OTHER_CHILD
from .status_words import LEGAL_STATUS_WORDS, POLICE_STATUS_WORDS
from .statuses import parse_lives_with

_PAST = (
    r"\b(?:was|were|previously|formerly|used\s+to|came\s+off|ended|last\s+year|in\s+the\s+past|"
    r"historic\w*)\b"
)


# "He was charged", "he was NFA'd": for the police a past verb states where things are now.
_POLICE_PAST = r"\b(?:previously|formerly|used\s+to|in\s+the\s+past|historic\w*)\b"


# "Children's Social Care", "the disabled children's team", "a child in need plan": a
# service's or a status's name, no other child.
_SERVICE_NAMES = re.compile(
    r"\b(?:disabled\s+)?children'?s\s+(?:social\s+care|services?|team|social\s+work|centre|"
    r"hospital|trust|department|disability\s+team)\b|"
    r"\bchild(?:ren)?\s+(?:in\s+need|protection|in\s+care)\b|\blooked[\s-]+after\s+child(?:ren)?\b"
)


def _negated(clause: str, start: int) -> bool:
    """Negated just before, or as the second of a pair: "not on a CIN or CP plan"."""
    if negated_before(clause, start):
        return True
    paired = re.search(r"\bor\s+(?:\w+\s+){0,2}$", clause[:start])
    return paired is not None and negated_before(clause, start, words=6)


def _stated(low: str, table: Table, past: str = _PAST) -> str | None:
    """The one status stated about the young person, skipping clauses about the past
    or about another child, and negated mentions ("not charged")."""
    found: set[str] = set()
    parts = [
        part
        for clause in clauses(blank_negated_lists(low), split_on_now=True)
        for part in re.split(r"\band\b", clause)
    ]
    for clause in parts:
        if re.search(past, clause) or re.search(OTHER_CHILD, _SERVICE_NAMES.sub(" ", clause)):
            continue
        for status, pattern in table:
            for match in re.finditer(pattern, clause):
                if not _negated(clause, match.start()):
                    found.add(status)
    return found.pop() if len(found) == 1 else None


_LIVES = re.compile(
    r"\b(?P<verb>lives|living|to\s+live|resides|residing|stays|staying|ha(?:s|ve)\s+lived|"
    r"(?:is\s+)?(?:currently\s+)?placed)\s+(?:with|in|at)\s+(?P<who>[^,.;!?]+)"
    # "who has lived at Oakwood Lodge, our children's home": what the place is, after it
    r"(?:,\s*(?P<aside>(?:our|a|an|the|his|her|their)\s+[^,.;!?]+))?"
)
# "placed with my carers Steve & Julie": carers a child is placed with foster them,
# unless the words say they are family.
_PLACED_WITH_CARERS = re.compile(r"^(?:(?:my|our|his|her|their|the|\w+)\s+)?carers\b")
# Who is at home, said of the home: "it's now just mum and his brothers at home", "at
# home with his nan and grandad".
_AT_HOME = re.compile(
    r"\b(?:it'?s|it\s+is)\s+(?:now\s+)?(?:just\s+)?(?P<who>[^,.;!?]{3,60}?)\s+at\s+home\b|"
    r"\b(?:he|she|they)(?:'s|\s+is|\s+are|'re)\s+(?:now\s+)?at\s+home\s+with\s+(?P<with>[^,.;!?]+)"
)
_FAMILY_CARERS = re.compile(r"\b(?:kinship|family|special\s+guardian\w*|connected)\b")
_PLACED_WITH_NAME = re.compile(
    r"\b(?:placed|lives|living|staying|stays)\s+with\s+(?P<name>[a-z][a-z'-]+)\b"
)
_FOSTER_CARER = r"foster\s+(?:carer|mum|mother|dad|father|parent)s?"


def placed_with_foster_carer(low: str) -> str | None:
    """The words "placed with Jo" or "lives with Jo" where the note calls Jo a foster
    carer ("foster carer Jo Whitfield", "Dawn Ellery, a single foster carer"), or None."""
    for match in _PLACED_WITH_NAME.finditer(low):
        name = re.escape(match["name"])
        if re.search(
            rf"\b{_FOSTER_CARER}\s+{name}\b|"
            rf"\b{name}(?:\s+[a-z'-]+)?\s*,\s*(?:(?:a|an|the|his|her|their)\s+)?(?:[a-z]+\s+)?"
            rf"{_FOSTER_CARER}\b",
            low,
        ):
            return match[0]
    return None


def _lives_with(low: str) -> str | None:
    found: set[str] = set()
    for match in _LIVES.finditer(low):
        before = low[max(0, match.start() - 30) : match.start()]
        if re.search(rf"{OTHER_CHILD}\W*(?:\w+\W+)?$", before) or re.search(
            r"\b(?:i|we)\s+$", before
        ):
            continue
        if negated_before(low, match.start(), words=2):
            continue
        who = " ".join(match.group("who").split()[:6])
        category = parse_lives_with(who)
        if category is None and match["aside"]:
            category = parse_lives_with(" ".join(match["aside"].split()[:6]))
        if (
            category is None
            and match["verb"].endswith("placed")
            and _PLACED_WITH_CARERS.match(who)
            and not _FAMILY_CARERS.search(who)
        ):
            category = "foster"
        if category and category != "unknown":
            found.add(category)
    for home in _AT_HOME.finditer(low):
        # "it's now just mum and the two younger brothers at home"
        if not negated_before(low, home.start(), words=2):
            category = parse_lives_with(" ".join((home["who"] or home["with"]).split()[:8]))
            if category and category != "unknown":
                found.add(category)
    for phrase, category in (
        (r"\bin\s+foster\s+care\b", "foster"),
        (r"\bin\s+(?:a\s+)?(?:children'?s\s+home|residential)\b", "residential"),
    ):
        if re.search(phrase, low) and not re.search(
            OTHER_CHILD + r"\W+(?:\w+\W+){0,2}" + phrase[2:], low
        ):
            found.add(category)
    return found.pop() if len(found) == 1 else None


def _no_legal_status(low: str) -> bool:
    """No legal status said of the young person or their family: not when the sentence
    says it of another child first ("his sister isn't known to social care")."""
    for match in re.finditer(LEGAL_STATUS_WORDS.none_stated, low):
        subject = re.split(r"[.;!?]", low[: match.start()])[-1]
        if not re.search(OTHER_CHILD, subject):
            return True
    return False


# The police at work, said across the clauses of a sentence: "I passed this to the
# police, who are looking into it"; "the police have been informed; I understand they
# are investigating"; "police attended school 28/11 and the phone was seized -
# investigation ongoing" (not another service's investigation).
_POLICE_AT_WORK = re.compile(
    r"\bpolice,?\s+(?:who\s+)?(?:are|is)\s+(?:now\s+|still\s+)?looking\s+into\b|"
    # "reported it to the police ... and they are investigating"
    r"\bpolice\b[^.]{0,80}?\bthey\s+are\s+(?:now\s+|still\s+)?(?:investigating|looking\s+into)\b|"
    r"\bpolice\b[^.;]{0,80}?(?<!care\s)(?<!csc\s)(?<!s47\s)(?<!school\s)(?<!internal\s)"
    r"\binvestigation\s+(?:is\s+)?(?:ongoing|on-going|continuing)\b|"
    # "reported to the police in October; ... the investigation remains open"
    r"\bpolice\b[^.]{0,120}?(?<!care\s)(?<!csc\s)(?<!s47\s)(?<!school\s)(?<!internal\s)"
    r"\binvestigation\s+(?:remains|is\s+still|is\s+currently)\s+open\b"
)


def police_facts(low: str) -> dict[str, str]:
    """police_involved with police_status, when the lower-case text states them: "police
    not informed" -> no, none; "he's been released under investigation" -> yes, open."""
    if re.search(POLICE_STATUS_WORDS.none_stated, low):
        return {"police_involved": "no", "police_status": "none"}
    if police := _stated(low, POLICE_STATUS_WORDS.stated, past=_POLICE_PAST):
        return {"police_involved": "yes", "police_status": police}
    if (at_work := _POLICE_AT_WORK.search(low)) and not negated_before(low, at_work.start()):
        return {"police_involved": "yes", "police_status": "open"}
    return {}


def status_facts(low: str) -> dict[str, Any]:
    """yp_legal_status, police_status with police_involved, and lives_with: those the
    message states with confidence."""
    facts: dict[str, Any] = {}
    if legal := _stated(low, LEGAL_STATUS_WORDS.stated):
        facts["yp_legal_status"] = legal
    elif _no_legal_status(low):
        facts["yp_legal_status"] = "none"
    facts |= police_facts(low)
    if lives_with := _lives_with(low):
        facts["lives_with"] = lives_with
    return facts
