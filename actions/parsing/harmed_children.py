"""A child who was harmed, described by relationship and age only.

The spec forbids a harmed child's name, date of birth or address. The result is built
only from fixed vocabulary and numbers, so a name in the text ("Lily, 8, his sister")
can never reach it.
"""

from __future__ import annotations

import re

from ._text import COUNT, NUMBER, Table, find_categories, fold, number_value
from .answers import is_dont_know, parse_yes_no

HarmedChild = dict[str, str | None]

# Most specific first: "half-sister" before "sister", "foster brother" before "brother".
_RELATIONSHIPS: Table = (
    (
        "friend's sibling",
        r"\bfriend'?s\s+(?:little\s+|younger\s+|older\s+|baby\s+|big\s+)?(?:brother|sister|sibling)s?\b",
    ),
    ("half-sibling", r"\bhalf[\s-]?(?:brother|sister|sibling|bro|sis)s?\b"),
    ("step-sibling", r"\bstep[\s-]?(?:brother|sister|sibling|bro|sis)s?\b"),
    (
        "foster sibling",
        r"\bfoster\s+(?:brother|sister|sibling|child)s?\b|"
        r"\b(?:another|other)\s+(?:child|young\s+person)\s+(?:in|at)\s+(?:the\s+)?(?:placement|foster\s+home|children'?s\s+home)\b",
    ),
    (
        "cousin",
        r"\bcousins?\b|\b(?:aunt|auntie|aunty|uncle)'?s\s+(?:child|son|daughter|kid|boy|girl)\b",
    ),
    ("sibling", r"\b(?:brother|sister|sibling|bro|sis|twin)s?\b"),
    ("niece or nephew", r"\bnieces?\b|\bnephews?\b"),
    ("neighbour's child", r"\bneighbour'?s?'?\b|\bnext[\s-]door\b"),
    (
        "family friend's child",
        r"\bfamily\s+friend'?s?\b|\bfriend\s+of\s+the\s+family\b|\b(?:mum|dad|parent)'?s\s+friend'?s?\b",
    ),
    (
        "classmate",
        r"\bclass\s*mates?\b|\bsame\s+class\b|\bin\s+(?:his|her|their)\s+class\b|\bschool\s*(?:mate|friend)s?\b|"
        r"\b(?:another|a)\s+(?:pupil|student)\b|\bpupil\b",
    ),
    ("relative", r"\brelatives?\b|\bfamily\s+member\b"),
    ("child being babysat", r"\bbaby\s*s[ai]t\w*|\bchild\s*mind\w*"),
    ("partner", r"\b(?:ex[\s-]?)?(?:girlfriend|boyfriend|partner)\b"),
    ("friend", r"\bfriends?\b|\bmates?\b"),
    ("peer", r"\bpeers?\b|\banother\s+(?:young\s+person|teenager|teen)\b"),
    (
        "stranger",
        r"\bstrangers?\b|\bunknown\s+(?:child|girl|boy)\b|\b(?:didn'?t|did\s+not|doesn'?t)\s+know\s+(?:him|her|them)\b",
    ),
    (
        "younger child",
        r"\b(?:younger|little|small|young)\s+(?:child|kid|girl|boy)\b|\b(?:a\s+)?(?:child|toddler|infant|baby)\b",
    ),
)

_GAP = re.compile(rf"\b(?P<n>{COUNT})\s*(?:years?|yrs?)\s+(?P<dir>younger|older)\b")
_SAME_AGE = re.compile(r"\bsame\s+(?:age|year(?:\s+group)?)\b")
_MONTHS = re.compile(rf"\b(?P<n>{NUMBER})\s*(?:months?|mths?)(?:\s+old)?\b")
_AGES = (
    re.compile(rf"\b(?:aged?|age\s*:?)\s*(?P<n>{NUMBER})\b"),
    re.compile(rf"\b(?P<n>{NUMBER})[\s-]*(?:years?|yrs?)[\s-]*old\b"),
    re.compile(rf"\b(?P<n>{NUMBER})\s*(?:y/o|y\.o\.?|yo|yrs?|years?)\b"),
    re.compile(
        rf"\b(?:she|he|they|who)(?:'s|'re|\s+is|\s+are|\s+was)\s+(?:only\s+|just\s+)?(?P<n>{NUMBER})\b"
    ),
    # A bare number set apart: "cousin, 9", "sister (8)", "8".
    re.compile(r"(?:^|[,(]\s*|\s-\s*)(?P<n>\d{1,2})\s*(?:\)|,|$)"),
)


def _age(t: str) -> str | None:
    """ "8", "18 months", "4 years younger" or "same age"; None when none is given."""
    if gap := _GAP.search(t):
        n = number_value(gap.group("n"))
        if n is not None and 0 < n <= 18:
            return f"{n} year{'s' if n != 1 else ''} {gap.group('dir')}"
    if _SAME_AGE.search(t):
        return "same age"
    if months := _MONTHS.search(t):
        n = number_value(months.group("n"))
        if n is not None and 0 < n <= 36:
            return f"{n} month{'s' if n != 1 else ''}"
    for pattern in _AGES:
        if match := pattern.search(t):
            n = number_value(match.group("n"))
            if n is not None and 0 <= n <= 25:
                return str(n)
    return None


def parse_harmed_child(text: str) -> HarmedChild | None:
    """{"relationship": ..., "age": ...} for one harmed child, or None when neither can
    be read. Relationships come from a fixed list ("sibling", "half-sibling",
    "step-sibling", "cousin", "peer", "classmate", "younger child", "neighbour's
    child"...), never from the text, so a name given by mistake is dropped."""
    t = fold(text)
    if not t or is_dont_know(t):
        return None
    found = find_categories(t, _RELATIONSHIPS, negation=False)
    # "a child he was babysitting": the plain "child" only counts when nothing says more.
    specific = [relationship for relationship in found if relationship != "younger child"]
    relationship = (specific or found)[0] if found else None
    child: HarmedChild = {"relationship": relationship, "age": _age(t)}
    return child if child["relationship"] or child["age"] else None


_NO_MORE = re.compile(
    r"^(?:no|nope|nah|none|n)\b|\bno\s+(?:more|others?|one\s+else)\b|\bthat'?s\s+(?:all|it|everyone|everybody)\b|"
    r"\b(?:only|just)\s+(?:the\s+)?(?:one|them|him|her|that\s+one)\b|^(?:done|finished|nobody\s+else|no\s+one\s+else)\b|"
    r"\bnot\s+that\s+(?:i|we)\s+(?:know|am\s+aware)\b|\bnobody\s+else\b|\bno\s+one\s+else\b"
)
_ANOTHER = re.compile(
    r"\b(?:another|one\s+more|also|as\s+well|too|a\s+second|a\s+third|two\s+more|others?|more)\b"
)


def parse_more(text: str) -> bool | None:
    """Is there another harmed child? True / False, or None when unclear.

    An answer that already describes a child ("his cousin, 6") means yes.
    """
    t = fold(text)
    if not t or is_dont_know(t):
        return None
    if _NO_MORE.search(t):
        return False
    answer = parse_yes_no(t)
    if answer is not None:
        return answer == "yes"
    if _ANOTHER.search(t) or parse_harmed_child(t) is not None:
        return True
    return None
