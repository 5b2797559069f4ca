"""Multi-agency meetings that have taken place, with their dates where given."""

from __future__ import annotations

import re
from datetime import date

from backend.domain.fields import UNKNOWN

from ._text import blank, fold, negated_before
from .answers import is_dont_know
from .dates import MONTH, find_date, resolve_yearless

Meeting = dict[str, str | None]

# Most specific first: "family group conference" before any "conference".
_MEETINGS: tuple[tuple[str, str], ...] = (
    ("family_group_conference", r"\bfgc\b|\bfamily\s+group\s+(?:conference|meeting)s?\b"),
    (
        "child_protection_conference",
        r"\b[ir]cpcs?\b|\b(?:initial|review)\s+(?:child\s+protection\s+|cp\s+)?(?:case\s+)?conferences?\b|"
        r"\b(?:child\s+protection|cp)\s+(?:case\s+)?conferences?\b|\bcase\s+conferences?\b|\bconferences?\b",
    ),
    (
        "strategy_meeting",
        r"\b(?:s47\s+)?strat(?:egy)?(?:\s+(?:meeting|discussion|disc|mtg|call))?s?\b",
    ),
    (
        "child_care_review",
        r"\b(?:cla|lac|looked\s+after|cin|child\s+in\s+need|child\s+care|care\s+plan|statutory)\s+(?:review|meeting)s?\b|"
        r"\b(?:planning|review|professionals?|network|tac|taf)\s+meetings?\b|\bcore\s+groups?\b|"
        r"\bteam\s+around\s+the\s+(?:child|family)\b|\bchild\s+care\s+reviews?\b|\breviews?\b",
    ),
)

_NONE = re.compile(
    r"^(?:none|no|nope|nothing|nil|n/?a|not\s+yet|none\s+yet|no\s+meetings?|not\s+applicable)\b|"
    r"\b(?:there\s+)?(?:haven'?t|hasn'?t|have\s+not|has\s+not)\s+been\s+any\b|\bnot\s+had\s+any\b|"
    r"\bno\s+(?:meetings?|multi[\s-]?agency)\b|\bnone\s+(?:have|has)\s+(?:taken\s+place|happened)\b"
)
# A meeting that is still to come has not "taken place", which is what the criterion asks.
_PLANNED_AFTER = re.compile(
    r"^\W*(?:is\s+|was\s+|has\s+been\s+|being\s+|to\s+be\s+)?(?:booked|planned|scheduled|arranged|due|upcoming|"
    r"being\s+(?:arranged|organised|organized|set\s+up)|to\s+be\s+(?:held|arranged)|will\s+be|"
    r"going\s+to\s+be|requested|pending|coming\s+up|next\s+\w+|tomorrow|later)\b"
)
_PLANNED_BEFORE = re.compile(
    r"\b(?:planned|upcoming|next|booked|future|forthcoming|an?\s+future)\s+$"
)
_RELATIVE = re.compile(
    rf"\b(?:(?:last|this)\s+(?:week|month|term|year|monday|tuesday|wednesday|thursday|friday|weekend)|"
    rf"yesterday|today|(?:a|an|one|two|three|four|five|six|\d+)\s+(?:days?|weeks?|months?)\s+ago|"
    rf"(?:early|mid|late|end\s+of|beginning\s+of|start\s+of)\s+{MONTH}(?:\s+\d{{4}})?|in\s+{MONTH}(?:\s+\d{{4}})?)\b"
)


def _find_meetings(t: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, type, negated) for each meeting named, in order."""
    found: list[tuple[int, int, str, bool]] = []
    for kind, pattern in _MEETINGS:
        for match in list(re.finditer(pattern, t)):
            found.append((match.start(), match.end(), kind, negated_before(t, match.start())))
            t = blank(t, match)
    merged: list[tuple[int, int, str, bool]] = []
    for mention in sorted(found):
        # "strategy meeting (strat)": one meeting named twice side by side.
        if (
            merged
            and merged[-1][2] == mention[2]
            and not re.search(r"\w", t[merged[-1][1] : mention[0]])
        ):
            previous = merged.pop()
            mention = (previous[0], mention[1], mention[2], previous[3])
        merged.append(mention)
    return merged


def _date_in(segment: str, today: date) -> tuple[str | None, bool]:
    """The meeting date in the text after it, and whether it is still to come."""
    mention = find_date(segment, today)
    if mention is not None:
        exact = (
            mention.as_date()
            if mention.year is not None
            else resolve_yearless(mention, today, "past")
        )
        if exact is not None:
            return exact.isoformat(), exact > today
    relative = _RELATIVE.search(segment)
    if relative:
        phrase = re.sub(r"^in\s+", "", relative.group(0))
        return re.sub(rf"\b{MONTH}\b", lambda m: m.group(0).capitalize(), phrase), False
    return None, False


def parse_meetings(text: str, today: date) -> list[Meeting] | str | None:
    """The meetings held: a list of {"type": one of MEETINGS, "date": str | None}.

    "strat on 3rd March and an ICPC" -> two meetings, the first dated "2026-03-03" (a
    date without a year is the latest one not after today); relative dates stay as
    words ("last week"). [] for "none yet"; "unknown" for don't-know; None when no
    meeting can be read. Meetings still to come ("ICPC booked for next week") and
    negated ones ("no strat yet") are left out: the criterion is a meeting that has
    taken place.
    """
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t):
        return UNKNOWN
    mentions = _find_meetings(t)
    meetings: list[Meeting] = []
    for index, (start, end, kind, negated) in enumerate(mentions):
        if negated:
            continue
        following = t[end : mentions[index + 1][0] if index + 1 < len(mentions) else len(t)]
        preceding = t[mentions[index - 1][1] if index else 0 : start]
        when, in_future = _date_in(following, today)
        if when is None and not index:
            when, in_future = _date_in(preceding, today)
        if in_future or _PLANNED_AFTER.search(following) or _PLANNED_BEFORE.search(preceding):
            continue
        meeting: Meeting = {"type": kind, "date": when}
        if when is None or meeting not in meetings:
            meetings.append(meeting)
    if meetings or mentions or _NONE.search(t):
        return meetings
    return None
