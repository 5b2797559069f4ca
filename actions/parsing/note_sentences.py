"""The facts one sentence of a pasted note states, and what a note in running text
gives only across its sentences: the account of the behaviour and when it was first
noticed.

A sentence's readers are weighed in one place: the general extractor (extract_facts)
first, then facts stated in passing, consent, and the note's own statements. An e-mail
or letter gives the allocated worker's details in brackets beside their name ("SW is
Amira Hussain (Patchway CIN team, amira.hussain@..., 01454 866201)"): those are the
worker's, never the writer's, whose own are in the signature."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from .consent_statements import consent_statements
from .contacts import find_email, find_phone
from .harmed_in_account import describes_harm
from .note_facts import NoteFact
from .note_statements import note_statements
from .passing_facts import passing_facts

# "SW is Amira Hussain (Patchway CIN team, ...)", "allocated social worker is Jodie Marsh
# in the Children in Care team (jodie.marsh@...)"
_WORKER_DETAILS = re.compile(
    r"\b(?P<role>(?i:social\s+worker|sw))\s+is\s+(?:[A-Z][\w'-]+\s+){1,2}?[A-Z][\w'-]+"
    r"(?:\s+(?:in|from|with|at)\s+(?:the\s+)?"
    r"(?P<agency_after>[A-Z][\w' -]{2,50}?(?:team|service|services)))?"
    r"\s*\((?P<inside>[^)]{5,140})\)",
)
_AGENCY_INSIDE = re.compile(r"^\s*(?P<agency>[^,@()]*?\b(?:team|service|services|csc)\b)", re.I)
_ROLES = {"sw": "social worker", "social worker": "social worker"}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WHEN = (
    rf"(?:(?:early|mid|late)\s+)?{_MONTH}(?:\s+(?:19|20)\d\d)?\b|(?:19|20)\d\d\b|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|last\s+(?:year|summer|spring|autumn|winter|term)\b|"
    r"the\s+(?:summer|spring|autumn|winter)(?:\s+(?:holidays|term))?\b"
)
_FIRST_NOTICED = re.compile(
    r"\b(?:first\s+(?:noticed|raised|reported|seen|came\s+to\s+light)|"
    r"(?:earlier|first|initial)\s+(?:worries|concerns?)(?:\s+(?:were|was|began|started))?)"
    rf"\s*(?:from|in|since|back\s+in|around|on)?\s+(?P<when>{_WHEN})",
    re.IGNORECASE,
)
# a note's shorthand: "first noticed June, most recent 12/09"
_MOST_RECENT = re.compile(
    rf"\bmost\s+recent(?:ly)?\s*(?:incident\s+)?(?:was\s+)?(?:on\s+|in\s+)?(?P<when>{_WHEN})",
    re.IGNORECASE,
)
_ACCOUNT_CHARS = 700


def sentence_facts(
    sentence: str, extracted: dict[str, Any], young_person: str | None, today: date
) -> dict[str, Any]:
    """Every fact the sentence states, the general extractor's reading first."""
    found = {
        **note_statements(sentence, young_person),
        **consent_statements(sentence, young_person),
        **passing_facts(sentence, today),
        **extracted,
    }
    worker = _WORKER_DETAILS.search(sentence)
    if worker is None or "ap_name" not in found:
        return found
    inside = worker["inside"]
    contact = [c for c in (find_email(inside), find_phone(inside)) if c]
    if contact:
        found["ap_contact"] = ", ".join(contact)
        for slot in ("referrer_email", "referrer_phone"):
            found.pop(slot, None)  # the worker's, beside their name
    found["ap_role"] = _ROLES[worker["role"].lower()]
    agency = worker["agency_after"] or (
        m["agency"] if (m := _AGENCY_INSIDE.match(inside)) else None
    )
    if agency:
        found["ap_agency"] = agency.strip()
    return found


def account_facts(sentences: Sequence[str]) -> list[NoteFact]:
    """The account of the behaviour (the sentences that speak of an act of harm, in
    order), when it was first noticed and when it last happened, for a note that
    labels none of them (a labelled or plainly stated fact read earlier wins)."""
    facts: list[NoteFact] = []
    told = [s.strip() for s in sentences if describes_harm(s)]
    if told:
        account = " ".join(told)
        if len(account) > _ACCOUNT_CHARS:
            account = account[:_ACCOUNT_CHARS].rsplit(" ", 1)[0] + " ..."
        facts.append(NoteFact("concern_description", account, account))
    for slot, pattern in (
        ("concern_first_noticed", _FIRST_NOTICED),
        ("concern_most_recent", _MOST_RECENT),
    ):
        said = ((s, m) for s in sentences if (m := pattern.search(s)) is not None)
        if (first := next(said, None)) is not None:
            facts.append(NoteFact(slot, first[1]["when"], first[0].strip()))
    return facts


# Fields a note may give a piece at a time: "the ICPC on 14 October" in one paragraph,
# "a strategy meeting was held on 5 August" in another.
_GIVEN_IN_PIECES = ("multi_agency_meetings", "concern_context")


def merged_pieces(facts: Sequence[NoteFact]) -> dict[str, NoteFact]:
    """Each list field the note gives in more than one sentence, as one fact holding
    every piece once, in the note's order, with the words of each."""
    merged: dict[str, NoteFact] = {}
    for slot in _GIVEN_IN_PIECES:
        pieces = [f for f in facts if f.slot == slot and isinstance(f.value, list)]
        if len(pieces) < 2:
            continue
        values: list[Any] = []
        for piece in pieces:
            values.extend(v for v in piece.value if v not in values)
        words = " / ".join(dict.fromkeys(piece.words for piece in pieces))
        merged[slot] = NoteFact(slot, values, words)
    return merged
