"""Statuses stated in passing in a free message: legal status, police involvement and
who the young person lives with.

"He's on a CP plan and was NFA'd" -> child_protection_plan, no_further_action. A status
is left out when it is negated, about the past or about another child, or when two are
stated.
"""

from __future__ import annotations

import re
from typing import Any

from ._text import clauses, negated_before
from .mentions import OTHER_CHILD
from .statuses import parse_lives_with

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
        if re.search(past, clause) or re.search(OTHER_CHILD, clause):
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
        if re.search(rf"{OTHER_CHILD}\W*(?:\w+\W+)?$", before) or re.search(
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
            OTHER_CHILD + r"\W+(?:\w+\W+){0,2}" + phrase[2:], low
        ):
            found.add(category)
    return found.pop() if len(found) == 1 else None


def status_facts(low: str) -> dict[str, Any]:
    """yp_legal_status, police_status with police_involved, and lives_with: those the
    message states with confidence."""
    facts: dict[str, Any] = {}
    if legal := _stated(low, _LEGAL_FACTS):
        facts["yp_legal_status"] = legal
    if re.search(_POLICE_NONE, low):
        facts["police_involved"], facts["police_status"] = "no", "none"
    elif police := _stated(low, _POLICE_FACTS, past=_POLICE_PAST):
        facts["police_involved"], facts["police_status"] = "yes", police
    if lives_with := _lives_with(low):
        facts["lives_with"] = lives_with
    return facts
