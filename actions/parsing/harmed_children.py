"""A child who was harmed, or a group of children, described by relationship and age only.

The spec forbids a harmed child's name, date of birth or address. The result is built
only from fixed vocabulary and numbers, so a name in the text ("Lily, 8, his sister")
can never reach it. One description may stand for several children ("two boys he met
online", "a group of Year 7 girls"): how many, and their ages as a range, are read by
child_groups.py.
"""

from __future__ import annotations

import re

from ._text import COUNT, NUMBER, Table, find_categories, fold, negated_before, number_value
from .answers import is_dont_know, parse_yes_no, parse_yes_no_unknown
from .child_groups import AGE_PATTERNS, group_age, group_size

# {"relationship", "age"}, and "count" for a group: an int, or "several" when the
# referrer did not say how many.
HarmedChild = dict[str, str | int | None]

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
        r"\b(?:another|a)\s+(?:pupil|student)\b|\bpupils?\b|"
        r"\b(?:at|from|in)\s+(?:his|her|their|the\s+same)\s+(?:school|year\s+group|form)\b",
    ),
    ("relative", r"\brelatives?\b|\bfamily\s+members?\b"),
    # Before "friend": an "online friend" is someone known only online.
    (
        "online contact",
        r"\b(?:met|meet|meeting|knows?|knew|talk\w*|chat\w*|speak\w*|spoke|messag\w*|contact\w*|"
        r"groom\w*|play\w*|friends?)\s+(?:\w+\s+){0,3}?(?:online|on\s+(?:snap\s*chat|instagram|insta|"
        r"tik\s*tok|discord|whats\s*app|xbox|playstation|fortnite|roblox|minecraft|social\s+media|"
        r"the\s+internet|an?\s+(?:game|app|gaming\s+site)))\b|"
        r"\bonline\s+(?:friends?|contacts?|gam\w+|acquaintances?|only)\b|"
        r"\b(?:via|through|over)\s+(?:the\s+internet|social\s+media|snap\s*chat|instagram|discord)\b",
    ),
    ("child being babysat", r"\bbaby\s*s[ai]t\w*|\bchild\s*mind\w*"),
    ("partner", r"\b(?:ex[\s-]?)?(?:girlfriend|boyfriend|partner)\b"),
    ("friend", r"\bfriends?\b|\bmates?\b"),
    (
        "peer",
        r"\bpeers?\b|\banother\s+(?:young\s+person|teenager|teen)\b|"
        r"\bfrom\s+(?:another|a\s+different|a\s+local|the\s+local)\s+school\b",
    ),
    (
        "stranger",
        r"\bstrangers?\b|\bunknown\s+(?:to\s+(?:him|her|them)|child|children|girls?|boys?|kids?|"
        r"females?|males?|youths?)\b|"
        r"\b(?:didn'?t|did\s+not|doesn'?t|does\s+not|don'?t|do\s+not|never)\s+(?:really\s+)?(?:know|knew|met)\s+"
        r"(?:him|her|them|each\s+other|the\s+(?:child|children|girls?|boys?|kids?))\b|"
        r"\bnot\s+known\s+to\s+(?:him|her|them|the\s+young\s+person)\b|\bno\s+(?:prior\s+)?(?:relationship|connection)\b|"
        r"\bmembers?\s+of\s+the\s+public\b",
    ),
    (
        "younger child",
        r"\b(?:younger|little|small|young)\s+(?:child|children|kids?|girls?|boys?|ones)\b|"
        r"\b(?:a\s+)?(?:child|children|toddlers?|infants?|baby|babies)\b",
    ),
)

_GAP = re.compile(rf"\b(?P<n>{COUNT})\s*(?:years?|yrs?)\s+(?P<dir>younger|older)\b")
_SAME_AGE = re.compile(r"\bsame\s+(?:age|year(?:\s+group)?)\b")
_MONTHS = re.compile(rf"\b(?P<n>{NUMBER})\s*(?:months?|mths?)(?:\s+old)?\b")


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
    for pattern in AGE_PATTERNS:
        if match := pattern.search(t):
            n = number_value(match.group("n"))
            if n is not None and 0 <= n <= 25:
                return str(n)
    return None


def parse_harmed_child(text: str) -> HarmedChild | None:
    """{"relationship": ..., "age": ...} for one harmed child, with "count" when the
    description stands for several; None when nothing describes a child. Relationships
    come from a fixed list ("sibling", "half-sibling", "cousin", "peer", "classmate",
    "stranger", "online contact", "younger child", "neighbour's child"...), never from
    the text, so a name given by mistake is dropped. The age is "8", "18 months", "4
    years younger", "same age", a range ("11-12", also from "Year 7") or "unknown" when
    the referrer says so: a stranger or a group with ages not known is a full answer."""
    t = fold(text)
    if not t:
        return None
    found = find_categories(t, _RELATIONSHIPS, negation=False)
    # "a child he was babysitting": the plain "child" only counts when nothing says more.
    specific = [relationship for relationship in found if relationship != "younger child"]
    relationship = (specific or found)[0] if found else None
    count = group_size(t)
    # One child's age as before ("8", nearly 9" is 8); a group's as the range of its ages.
    age = (group_age(t) or _age(t)) if count else (_age(t) or group_age(t))
    if relationship is None and age is None and (count is None or is_dont_know(t)):
        return None
    child: HarmedChild = {"relationship": relationship, "age": age}
    if count is not None:
        child["count"] = count
    return child


_RELATIVE_TO_THE_FIRST = re.compile(r"^\W*(?:her|their)\b")
_APART = re.compile(r"\band\b|&|\+|;|\bas\s+well\s+as\b|\balso\b|\bplus\b")


def describes_children_apart(text: str) -> bool:
    """Whether the answer describes two or more children each in their own words, with
    different relationships ("his sister, 8, and his cousin, 5"): one entry cannot hold
    both, so each is asked about in turn. A group ("two boys he met online") is one."""
    relationships = set()
    for index, part in enumerate(_APART.split(fold(text))):
        if index and _RELATIVE_TO_THE_FIRST.search(part):
            continue  # "a neighbour, 9, and her brother, 7": the neighbour's brother
        found = find_categories(part, _RELATIONSHIPS, negation=False)
        specific = [r for r in found if r not in ("younger child", "relative")]
        if specific:
            relationships.add(specific[0])
    return len(relationships) >= 2


_NO_MORE = re.compile(
    r"^(?:no|nope|nah|none|n)\b|\bno\s+(?:more|others?|one\s+else)\b|\bthat'?s\s+(?:all|it|everyone|everybody)\b|"
    r"\b(?:only|just)\s+(?:the\s+)?(?:one|them|him|her|that\s+one|those|these|both|"
    r"two|three|group)\b|^(?:done|finished|nobody\s+else|no\s+one\s+else)\b|"
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


# "same school", "same house", "they both go to Yate Academy" answer "Do they live in the
# same home or go to the same school?" yes; "different schools", "neither" answer no.
_SAME_PLACE_SAID = re.compile(
    r"\b(?:same|shared)\s+(?:foster\s+|family\s+|children'?s\s+|care\s+)?(?:home|house|household|school|class|college|academy|address|"
    r"placement|year(?:\s+group)?)\b|\bboth\s+(?:live|go)\b|\blive\s+together\b",
    re.IGNORECASE,
)
_APART_SAID = re.compile(
    r"\b(?:neither|different\s+(?:homes?|houses?|schools?|areas?)|separate\s+(?:homes?|schools?)|"
    r"not\s+(?:the\s+)?same|doesn'?t\s+live\s+with\s+(?:him|her|them))\b",
    re.IGNORECASE,
)


_UNTIL = re.compile(r"\s*,?\s*(?:[\w']+\s+){0,2}?(?:until|till|up\s+to|before)\b", re.IGNORECASE)


def parse_same_home_or_school(text: str) -> str | None:
    """ "yes", "no" or "unknown" to "same home or same school?": the places said first
    ("same school, not same home" is yes: either is enough; "not same school" and "same
    foster home until he moved" are no), then a plain yes, no or don't know."""
    lowered = text.lower()
    said = list(_SAME_PLACE_SAID.finditer(text))
    if any(
        not negated_before(lowered, same.start()) and not _UNTIL.match(text, same.end())
        for same in said
    ):
        return "yes"  # "no, same school": not the same home, but the same school
    if said or _APART_SAID.search(text):
        return "no"
    return parse_yes_no_unknown(text)


_PARTS = re.compile(r"\s*(?:;|,|/|\bbut\b|\bwhile\b|\band\b)\s*", re.IGNORECASE)


def part_about_child(text: str, child: HarmedChild) -> str | None:
    """The words of an answer given for several children at once that are about this
    child, found by their age ("15 year old no; 14 year old yes" asked about the child
    of 15), with the age taken out: "no". None unless exactly one part names it."""
    age = child.get("age")
    if not isinstance(age, (int, str)) or not str(age).isdigit():
        return None
    named = re.compile(
        rf"(?<!\d){age}\s*(?:-?\s*(?:years?|yrs?|yo|y/o|y\.o\.?)(?:\s*-?\s*old)?)?(?:'s)?(?!\d)",
        re.IGNORECASE,
    )
    parts = [part for part in _PARTS.split(text) if part and named.search(part)]
    if len(parts) != 1:
        return None
    rest = named.sub(" ", parts[0]).strip(" :-")
    return rest or None
