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
from .people import parse_role

# The words after the allocated worker's name: "Amira Hussain (Patchway CIN team,
# amira.hussain@..., 01454 866201)", "Mr Callum Brierley, Social Worker, Child Protection
# team, South Gloucestershire Council (callum.brierley@...)", "Jodie Marsh in the
# Children in Care team (...)".
_DETAIL_PARTS = re.compile(r"\s*(?:[,;()/|]|\s[-–]\s|\bin\s+the\b|\bat\s+the\b)\s*", re.I)
_AGENCY_WORDS = re.compile(
    r"\b(?:team|council|service|services|care|csc|cin|cic|hub|locality|trust|nhs|yot)\b", re.I
)
_ROLE_WORDS = re.compile(
    r"\b(?:social\s+worker|sw|practitioner|manager|worker|officer|nurse|psychologist|"
    r"therapist|adviser|advisor|dsl|teacher|clinician|consultant|lead\s+professional)\b",
    re.IGNORECASE,
)
_SOCIAL_WORKER_WORDS = re.compile(
    r"\b(?:sw|social\s+worker)\s+is\s+(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?$", re.IGNORECASE
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WHEN = (
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?:\s+(?:19|20)\d\d)?|"
    rf"(?:(?:early|mid|late)\s+)?{_MONTH}(?:\s+(?:19|20)\d\d)?\b|(?:19|20)\d\d\b|"
    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?|last\s+(?:year|summer|spring|autumn|winter|term)\b|"
    r"the\s+(?:summer|spring|autumn|winter)(?:\s+(?:holidays|term))?\b|"
    r"(?:easter|christmas|(?:the\s+)?(?:february|october|may)\s+half[\s-]term)(?:\s+(?:19|20)\d\d)?\b"
)
# "first noticed June", "earlier worries from May", "1st concern: JUNE 2026", "from around
# Easter 2026, which is the earliest point at which concerns might have been noticed"
_FIRST_NOTICED = re.compile(
    r"\b(?:first\s+(?:noticed|raised|reported|seen|came\s+to\s+light)|"
    r"(?:earlier|first|initial|1st)\s+(?:worries|concerns?)(?:\s+(?:were|was|began|started))?)"
    rf"\s*[:=-]?\s*(?:from|in|since|back\s+in|around|on)?\s+(?P<when>{_WHEN})",
    re.IGNORECASE,
)
_FIRST_SAID_OF_A_TIME = re.compile(
    r"\b(?:earliest\s+point|first\s+time\s+(?:anyone|anybody|we|they|it\s+was)\s+noticed|"
    r"first\s+concern\s+logged)\b",
    re.IGNORECASE,
)
_ANY_TIME = re.compile(_WHEN, re.IGNORECASE)
# "most recent 12/09", "Most recent incident = 14/09/2026", "The last incident is believed
# to have been around 8th August 2026"
_MOST_RECENT = re.compile(
    r"\b(?:most\s+recent(?:ly)?|(?:the\s+)?last\s+(?:incident|time|occasion))\b[^.;!?]{0,40}?"
    rf"(?P<when>{_WHEN})",
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
    if isinstance(name := found.get("ap_name"), str):
        found.update(_worker_details(sentence, name, found))
    return found


def _worker_details(sentence: str, name: str, found: dict[str, Any]) -> dict[str, Any]:
    """ap_role, ap_agency and ap_contact from the words after the allocated worker's
    name; an e-mail or phone there is the worker's, so the writer's is dropped."""
    at = sentence.find(name.split()[-1])
    if at < 0:
        return {}
    details: dict[str, Any] = {}
    after = sentence[at + len(name.split()[-1]) :]
    if contact := [c for c in (find_email(after), find_phone(after)) if c]:
        details["ap_contact"] = ", ".join(contact)
        for slot in ("referrer_email", "referrer_phone"):
            if found.get(slot) in contact:
                found.pop(slot)
    parts = [part.strip(" .") for part in _DETAIL_PARTS.split(after)[:5] if part.strip(" .")]
    for part in parts:
        if "@" in part or re.search(r"\d{3}", part):
            continue
        is_role = _ROLE_WORDS.search(part) and not _AGENCY_WORDS.search(part)
        if "ap_role" not in details and is_role and len(part.split()) <= 4:
            details["ap_role"] = parse_role(part) or part
        elif "ap_agency" not in details and _AGENCY_WORDS.search(part) and len(part) <= 80:
            details["ap_agency"] = part
    named_at = sentence.find(name.split()[0])
    if "ap_role" not in details and _SOCIAL_WORKER_WORDS.search(
        sentence[max(0, named_at - 30) : named_at]
    ):
        details["ap_role"] = "social worker"  # "SW is Tomasz Nowak. tomasz.nowak@..."
    return details


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
        said = ((s, m["when"]) for s in sentences if (m := pattern.search(s)) is not None)
        if (first := next(said, None)) is not None:
            facts.append(NoteFact(slot, first[1], first[0].strip()))
    for sentence in sentences:
        # the time the sentence gives, when it says that is when it was first noticed
        if _FIRST_SAID_OF_A_TIME.search(sentence) and (when := _ANY_TIME.search(sentence)):
            facts.append(NoteFact("concern_first_noticed", when.group(0), sentence.strip()))
            break
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


def _surname(fact: NoteFact | None) -> str | None:
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", str(fact.value)) if fact is not None else []
    return words[-1].lower() if len(words) >= 2 else None


def _carries(fact: NoteFact, surname: str) -> bool:
    """Whether the fact's e-mail address has the surname before its "@"."""
    address = find_email(str(fact.value))
    return address is not None and surname in address.split("@")[0].lower()


def _contact_line(text: str, owner: str, other: str | None) -> NoteFact | None:
    """The first line with an e-mail address carrying the owner's surname and not the
    other's, as that address and the phone number after it."""
    for line in text.splitlines():
        found = find_email(line)
        local = found.split("@")[0].lower() if found else ""
        if found and owner in local and not (other and other in local):
            after = line[line.lower().find(found) :]
            contact = ", ".join(c for c in (found, find_phone(after)) if c)
            return NoteFact("contact", contact, line.strip())
    return None


def contacts_by_owner(first: dict[str, NoteFact], text: str) -> dict[str, NoteFact]:
    """The facts with each e-mail address given to its owner, by the surname before its
    "@": an address carrying the allocated worker's surname and not the writer's
    ("callum.brierley@..." in a GP's letter about Mr Callum Brierley) is the worker's
    contact, never the writer's; the writer's own is then the line whose address
    carries their surname (the letterhead's "Secure email: rosalind.tierney@nhs.net"),
    or none; and a writer's address is never the worker's contact."""
    fixed = dict(first)
    theirs, mine = _surname(first.get("ap_name")), _surname(first.get("referrer_name"))
    if theirs is None:
        return fixed
    held = fixed.get("ap_contact")
    if held is not None and mine and _carries(held, mine) and not _carries(held, theirs):
        del fixed["ap_contact"]  # "Contact: carl.whitcombe@..." is the writer's own
        for slot, read in (("referrer_email", find_email), ("referrer_phone", find_phone)):
            if slot not in fixed and (value := read(str(held.value))):
                fixed[slot] = NoteFact(slot, value, held.words)
    email = fixed.get("referrer_email")
    if email is not None and _carries(email, theirs) and not (mine and _carries(email, mine)):
        phone = fixed.get("referrer_phone")
        del fixed["referrer_email"]
        if phone is not None and phone.words == email.words:
            del fixed["referrer_phone"]
        if mine and (own := _contact_line(text, mine, theirs)) is not None:
            address, *number = str(own.value).split(", ")
            fixed["referrer_email"] = NoteFact("referrer_email", address, own.words)
            if number and "referrer_phone" not in fixed:
                fixed["referrer_phone"] = NoteFact("referrer_phone", number[0], own.words)
    if "ap_contact" not in fixed and (worker := _contact_line(text, theirs, mine)) is not None:
        fixed["ap_contact"] = NoteFact("ap_contact", worker.value, worker.words)
    return fixed
