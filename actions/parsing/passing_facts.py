"""Facts about the case a caller states in passing, whatever they were asked: "it's a
section 47 now, police are involved as well", "her surname's Cole", "his social worker
is Dave Collins". Read from a call transcript only for fields still empty; each pattern
is narrow, because an answer given to the wrong field is worse than one left unasked.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from ._text import clean, fold, negated_before
from .meetings import parse_meetings
from .mentions import OTHER_CHILD
from .names import find_full_name, parse_last_name
from .status_facts import police_facts
from .statuses import parse_service

_SOCIAL_CARE_INVESTIGATED = re.compile(
    r"\b(?:section\s*47|s\.?\s?47)\b|"
    r"\b(?:social\s+(?:care|services|workers?)|children'?s\s+services)\s+(?:have\s+|has\s+|are\s+|is\s+)?"
    r"(?:investigat\w+|looked\s+into\s+it)\b"
)
_POLICE_INVOLVED = re.compile(
    r"\bpolice\s+(?:are|were|have\s+been|has\s+been|is)\s+(?:(?:also|now)\s+)?(?:involved|investigating)\b|"
    r"\breported\s+(?:it\s+|this\s+)?to\s+(?:the\s+)?police\b"
)
_NO_POLICE = re.compile(r"\bno\s+police\s+involvement\b|\bpolice\s+(?:are|were)\s+not\s+involved\b")
# A sentence about an adult of the family may give their record, not the young person's
# ("his dad was convicted years ago").
_ADULT_RELATIVE = re.compile(
    r"\b(?:mum|mother|dad|father|step\w+|uncle|aunt\w*|grand\w+|nan|gran|partner|"
    r"boyfriend|girlfriend|brother|sister|cousin)\b"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\s+-\s+")
_MEETING = re.compile(
    r"\bstrategy\s+(?:meeting|discussion)|\bstrat\b|\bicpc\b|\brcpc\b|\bchild\s+protection\s+conference\b|"
    r"\bfamily\s+group\s+conference\b|\bfgc\b|\bcore\s+group\b"
)
_NO_MEETINGS = re.compile(r"\bno\s+(?:\w+\s+)?meetings?\b")
_SURNAME = re.compile(
    r"(?i:\b(?:his|her|their)\s+(?:surname|last\s+name|family\s+name)(?:'s|\s+is)\s+)(?P<name>[A-Z][\w'\-]+)"
)
# "his allocated SW is Priya Desai", "discussed with his SW Hannah Wright", "her social
# worker, Ms Olu Adebayo, has given consent", "SW is Clare Nolan"; not "SW Lauren Pryce"
# heading a note, which is as often the writer.
_SOCIAL_WORKER_NAMED = re.compile(
    r"\b(?:(?:his|her|their)\s+(?:(?:allocated\s+)?(?:social\s+worker|sw)|allocated\s+(?:worker|"
    r"professional))(?:'s\s+name)?(?:\s+is|\s*,)?|"
    r"(?:social\s+worker|sw)(?:'s\s+name)?\s+is)\s*:?\s+"
    # not "his allocated social worker in the Yate and Chipping Sodbury locality team"
    r"(?!(?i:in|at|from|with|for|on|of|the|a|an|and|who|since|to|until|here|there)\b)"
    r"(?P<rest>.{0,40})",
    re.IGNORECASE,
)


_TITLE = re.compile(r"^\s*(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+")


# "We'd be after an assessment", "I'm hoping for assessment and therapy": the caller's
# own request, not something for another child ("some therapy for his sister").
_ASKING_FOR = re.compile(
    r"\b(?:we'?d|we\s+would|i'?d|i\s+would|we'?re|we\s+are|i'?m|i\s+am)\s+(?:really\s+)?(?:be\s+)?"
    r"(?:after|like|looking\s+for|hoping\s+for|wanting|asking\s+for|requesting)\s+(?P<what>[^.;!?]{3,80})"
)


# "most recently on Tuesday night", "the last time was two weeks ago": when it last
# happened, only where a time follows ("most recently she told mum" says none).
_WHEN = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|today|this\s+(?:morning|week|weekend|month)|"
    r"last\s+(?:night|week|weekend|month|term|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|"
    r"(?:over|at)\s+the\s+weekend|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[a-z]{3,9}|"
    r"(?:a|one|two|three|four|\d+)\s+(?:days?|weeks?|months?)\s+ago|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b"
)
_MOST_RECENT = re.compile(
    r"\b(?:most\s+recently|the\s+(?:most\s+recent|last|latest)\s+(?:time|incident|one)\s+(?:was|being)|"
    r"(?:it\s+)?last\s+happened)\s*,?\s+(?:(?:on|was|in)\s+)?(?:the\s+)?"
    rf"(?P<when>{_WHEN}[^,.;!?]{{0,20}}?)\s*(?:[,.;!?]|$)",
    re.IGNORECASE,
)


def _stated(pattern: re.Pattern[str], t: str) -> bool:
    """Said and not negated just before: "it hasn't been reported to the police" is not."""
    return any(not negated_before(t, m.start()) for m in pattern.finditer(t))


def _police(t: str) -> dict[str, str]:
    """police_involved and police_status, when the sentences that state them agree and
    none of them is about an adult of the family."""
    found = [
        police_facts(sentence)
        for sentence in _SENTENCE.split(t)
        if not _ADULT_RELATIVE.search(sentence)
    ]
    stated = {tuple(sorted(facts.items())) for facts in found if facts}
    return dict(stated.pop()) if len(stated) == 1 else {}


def passing_facts(text: str, today: date) -> dict[str, Any]:
    """social_care_investigated, police_involved (with police_status when stated),
    multi_agency_meetings, yp_last_name, ap_name (with ap_exists), service_requested and
    concern_most_recent: those a turn states in passing."""
    raw = clean(text)
    t = fold(raw)
    facts: dict[str, Any] = {}
    if _stated(_SOCIAL_CARE_INVESTIGATED, t):
        facts["social_care_investigated"] = "yes"
    if _NO_POLICE.search(t):
        facts["police_involved"] = "no"
    elif _stated(_POLICE_INVOLVED, t):
        facts["police_involved"] = "yes"
    police, said = _police(t), facts.get("police_involved")
    if said is None or police.get("police_involved", said) == said:
        facts |= police
    else:  # "police were involved", then "police not informed": which is unclear
        del facts["police_involved"]
    if _MEETING.search(t) or _NO_MEETINGS.search(t):
        meetings = parse_meetings(raw, today)
        # "None" only when said so: a meeting still to come is not "no meetings".
        if isinstance(meetings, list) and (meetings or _NO_MEETINGS.search(t)):
            facts["multi_agency_meetings"] = meetings
    if (surname := _SURNAME.search(raw)) and (last := parse_last_name(surname.group("name"))):
        facts["yp_last_name"] = last
    if (recent := _MOST_RECENT.search(raw)) and not negated_before(raw, recent.start()):
        facts["concern_most_recent"] = recent["when"]
    asked = _ASKING_FOR.search(t)
    if asked and not re.search(OTHER_CHILD, asked["what"]):
        if (service := parse_service(asked["what"])) not in (None, "unknown"):
            facts["service_requested"] = service
    named = _SOCIAL_WORKER_NAMED.search(raw)
    rest = _TITLE.sub("", named.group("rest")) if named else ""
    if named and (full_name := find_full_name(rest)):
        facts["ap_exists"] = "yes"
        facts["ap_name"] = " ".join(full_name)
    return facts
