"""How many harmed children one description stands for, and their ages as a range.

"two boys he met online, ages not known", "a group of Year 7 girls, 11 and 12", "a 9
year old neighbour and her 7 year old brother", "various younger children at the club,
8-10": each is one entry of the harmed-children list, with a count and an age range,
so the referrer is not asked to split a group they cannot tell apart. Only numbers and
fixed words are read, never names. Text comes in folded (harmed_children.fold).
"""

from __future__ import annotations

import re

from backend.domain.fields import MOST_CHILDREN_IN_A_GROUP, SEVERAL_CHILDREN

from ._text import NUMBER, number_value

# The oldest age a harmed child is given as (the form takes ages up to 25).
OLDEST = 25

_PLURAL = (
    r"(?:children|kids|girls|boys|pupils|students|siblings|sisters|brothers|cousins|friends|"
    r"peers|classmates|schoolmates|toddlers|babies|twins|nieces|nephews|teenagers|teens|"
    r"females|males|lads|youths|"
    r"young\s+people|younger\s+ones|others|neighbours|strangers|victims)"
)
_SINGULAR = (
    r"(?:child|kid|girl|boy|pupil|student|sibling|sister|brother|sis|bro|cousin|friend|peer|"
    r"classmate|toddler|baby|twin|niece|nephew|teenager|teen|neighbour|young\s+person)"
)
# "two boys", "3 of his cousins", "both girls": a number before children, not before an age.
_NUMBERED = re.compile(
    rf"\b(?P<n>{NUMBER}(?:\s*(?:or|to|-)\s*{NUMBER})?|both|a\s+couple\s+of|a\s+pair\s+of)\b"
    r"(?!\s*(?:-\s*)?(?:years?|yrs?|y/?o|months?|mths?|weeks?|and\s+a\s+half))"
    rf"(?:\s*x)?\s+(?:of\s+)?(?:[a-z']+\s+){{0,3}}?{_PLURAL}\b"
)
_GROUP_WORDS = re.compile(
    r"\b(?:a\s+group|groups|group\s+of|various|several|a\s+few|a\s+number\s+of|multiple|"
    r"lots\s+of|loads\s+of|many|a\s+handful|a\s+gang|a\s+bunch)\b"
)
# Not a possessive: "the neighbours' little boy" is one child.
_ANY_PLURAL = re.compile(rf"\b{_PLURAL}\b(?!')|\byear\s*\d{{1,2}}s\b|\byear[\s-]*olds\b")
_SINGULAR_CHILD = re.compile(rf"(?:\b|half|step|foster)[\s-]?{_SINGULAR}\b(?!'s)")
# Two descriptions in one answer: "his sister, 8, and his cousin, 6".
_AND = re.compile(r"\band\b|&|\bplus\b|\bas\s+well\s+as\b|\balong\s+with\b")

# Digits only: "two or three boys" is a count, "8 or 9" an age.
_RANGE = re.compile(
    r"\b(?:between\s+)?(?P<a>\d{1,2})\s*(?:-|to|and|&|or|/)\s*(?P<b>\d{1,2})\b"
    r"(?!\s*(?:months?|mths?|weeks?|years?\s+(?:younger|older)|/))"
)
# One age each, in the order they are tried (harmed_children reads one child's with them).
AGE_PATTERNS = (
    re.compile(rf"\b(?:aged?|age\s*:?)\s*(?P<n>{NUMBER})\b"),
    re.compile(rf"\b(?P<n>{NUMBER})[\s-]*(?:years?|yrs?)[\s-]*olds?\b"),
    re.compile(rf"\b(?P<n>{NUMBER})\s*(?:y/o|y\.o\.?|yo|yrs?|years?)\b"),
    re.compile(
        rf"\b(?:she|he|they|who)(?:'s|'re|\s+is|\s+are|\s+was)\s+(?:only\s+|just\s+)?(?P<n>{NUMBER})\b"
    ),
    # A bare number set apart: "cousin, 9", "(8)", "about 12", "8 and his cousin, 6".
    re.compile(
        r"(?:^|[,(]\s*|\s-\s*|\b(?:about|around|roughly|approx\w*|maybe|probably|all|believed|"
        r"thought\s+to\s+be)\s+)(?P<n>\d{1,2})"
        r"\s*(?=\)|,|$|\s*(?:and|&)\s)"
    ),
)
# England's school years: Year 7 is the year a child turns 12.
_SCHOOL_YEAR = re.compile(r"\b(?:year|yr|y)\s*(?P<n>[1-9]|1[0-3])s?\b")
_RECEPTION = re.compile(r"\breception\b")
_AGES_UNKNOWN = re.compile(
    r"\bages?\s+(?:are\s+|is\s+)?(?:not\s+(?:yet\s+)?known|unknown|unclear|not\s+sure|n/?k|tbc)\b|"
    r"\b(?:unknown|unclear)\s+ages?\b|"
    r"\b(?:don'?t|do\s+not|didn'?t)\s+know\s+(?:(?:their|his|her|the)\s+)?ages?\b|"
    r"\bnot\s+sure\s+(?:of\s+|about\s+)?(?:their\s+|the\s+|his\s+|her\s+)?ages?\b|"
    r"\b(?:not\s+sure|don'?t\s+know|no\s+idea)\s+how\s+old\b|\bno\s+idea\s+(?:of\s+)?(?:their\s+)?ages?\b"
)


def _counted(words: str) -> int | None:
    """The number of children a count names; "two or three" counts as three."""
    if words == "both" or words.startswith(("a couple", "a pair")):
        return 2
    return number_value(re.split(r"\s*(?:\bor\b|\bto\b|-)\s*", words)[-1])


def group_size(t: str) -> int | str | None:
    """How many children the description stands for, when more than one: a number
    ("two boys", "both girls"), "several" for a group of no stated size ("a group of
    Year 7 girls", "younger children"), or None for one child."""
    # "Year 7 girls" is a school year, not seven girls.
    for match in _NUMBERED.finditer(_SCHOOL_YEAR.sub(" ", t)):
        n = _counted(match.group("n"))
        if n is not None and 2 <= n <= MOST_CHILDREN_IN_A_GROUP:
            return n
    if _GROUP_WORDS.search(t) or _ANY_PLURAL.search(t):
        return SEVERAL_CHILDREN
    described = [part for part in _AND.split(t) if _SINGULAR_CHILD.search(part)]
    return len(described) if len(described) >= 2 else None


def _age_range(low: int, high: int) -> str:
    low, high = sorted((low, high))
    return str(low) if low == high else f"{low}-{high}"


def _ages_given(t: str) -> list[int]:
    found: list[int] = []
    for pattern in AGE_PATTERNS:
        for match in pattern.finditer(t):
            n = number_value(match.group("n"))
            if n is not None and 0 <= n <= OLDEST:
                found.append(n)
    return found


def group_age(t: str) -> str | None:
    """The ages of a group: "11-12" (a range, two ages or a school year), "9" when all
    are one age, "unknown" when the referrer says they are not known, else None."""
    # "2 or 3 boys" counts them, it is not their ages; a school year is read last.
    spoken = _NUMBERED.sub(" ", _SCHOOL_YEAR.sub(" ", t))
    for match in _RANGE.finditer(spoken):
        low, high = number_value(match.group("a")), number_value(match.group("b"))
        if low is not None and high is not None and 0 <= min(low, high) <= max(low, high) <= OLDEST:
            return _age_range(low, high)
    ages = _ages_given(spoken)
    if ages:
        return _age_range(min(ages), max(ages))
    if year := _SCHOOL_YEAR.search(t):
        n = int(year.group("n"))
        return _age_range(n + 4, n + 5)
    if _RECEPTION.search(t):
        return "4-5"
    if ages_unknown(t):
        return "unknown"
    return None


def ages_unknown(t: str) -> bool:
    """True when the referrer says the child's or children's ages are not known."""
    return _AGES_UNKNOWN.search(t) is not None
