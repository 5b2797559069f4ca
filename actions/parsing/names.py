"""People's names given as answers ("it's sarah jones", "my name is Dr. Amir Khan")."""

from __future__ import annotations

import re
import unicodedata

from ._text import clean
from .answers import is_greeting

WITHHELD = "withheld"

_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hiya|hey|yes|yeah|sure|ok|okay)\W+)*"
    r"(?:(?:it'?s|its|it\s+is|i'?m|im|i\s+am|this\s+is|my\s+name'?s|my\s+name\s+is|(?:first\s+|last\s+|sur)?name(?:'s|\s+is|:)?|"
    r"(?:you\s+can\s+)?call\s+me|the\s+name'?s|the\s+name\s+is|(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+called|"
    r"(?:his|her|their)\s+(?:first\s+|last\s+|sur)?name(?:'s|\s+is)|(?:his|her|their)\s+surname(?:'s|\s+is)|"
    r"surname(?:'s|\s+is|:)?|called|named)\s+)?",
    re.IGNORECASE,
)
# Where a name stops: "Sarah Jones from South Glos", "Sarah, social worker".
_TAIL = re.compile(
    r"\s*[,;(/].*$|\s+-\s+.*$|\s+(?:from|at|with|of|and|here|thanks|thank\s+you|cheers|please|not)\b.*$",
    re.IGNORECASE,
)
_TITLES = {
    "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "miss": "Miss", "mx": "Mx", "dr": "Dr", "prof": "Prof",
    "rev": "Rev", "cllr": "Cllr", "pc": "PC", "dc": "DC", "ds": "DS", "dci": "DCI", "sgt": "Sgt",
}  # fmt: skip
_PARTICLES = {
    "de",
    "da",
    "di",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "du",
    "bin",
    "bint",
    "al",
    "el",
    "ter",
}
_NAME_TOKEN = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\-.])*$")
# A word ending in a contraction or a possessive ("dad's", "we're", "they'll") is never
# part of a name: "dad's alone with Ruby tonight" was read as the name "Dad'S Alone".
_CONTRACTED = re.compile(r"['\u2019](?:s|re|ve|d|ll|m)\.?$", re.IGNORECASE)
# Words that show the answer is a sentence, not a name. Names that are also words
# (Will, May, Rose, Grace, Mark) are deliberately not here.
_NOT_NAME_WORDS = frozenset(
    """
    i me my you your he him his she her they them their we our us it its this that these those
    there here a an the to of for with about from at in on by as or and but if so because
    is am are was were be been being do does did don't doesn't didn't have has had having
    not no yes yeah nope never none nothing nobody anyone someone unknown unsure
    want wants wanted rather prefer would could should can't cannot won't shall
    say said tell told know known think give given share withheld confidential anonymous
    why what who whom which when where how please thanks thank sorry hello hi ok okay
    social worker school police officer teacher nurse referral child young person boy girl
    mum dad mother father parent parents carer family name surname first last number email
    he's she's they're they've he'd she'd they'd hes shes theyre theyve
    both either neither all each every
    aunt auntie aunty uncle nan nana nanna gran granny grandma grandad granddad grandpa
    """.split()
)


def _case(token: str, first: bool) -> str:
    """Title case for a name typed all in one case: "o'brien" -> "O'Brien"."""
    lower = token.lower()
    if not first and lower in _PARTICLES:
        return lower
    cased = re.sub(r"(^|['\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), lower)
    if re.match(r"^Mc\w", cased):
        cased = "Mc" + cased[2:].capitalize()
    return cased


# What the input gate puts for a character that could not be read (an unpaired
# surrogate): a name with one inside a word is damaged, and must be typed again, not
# guessed at ("abc\ud800def" was stored as "Abc Def"); one standing apart is noise.
_UNREADABLE = re.compile("\\S\ufffd|\ufffd\\S")


def _to_the_sentence_end(tokens: list[str]) -> list[str]:
    """The tokens up to a full stop after a word ("Jo Castle. Ruby's said yes": the
    name is "Jo Castle"); a stop after an initial, a title or a short abbreviation
    ("J. Smith", "A.J. Lee", "Dr. Khan", "St. John") is within the name."""
    for i, token in enumerate(tokens[:-1]):
        bare = token.rstrip(".")
        if token.endswith(".") and bare.isalpha() and len(bare) > 2 and bare.lower() not in _TITLES:
            return tokens[: i + 1]
    return tokens


def _name_tokens(text: str) -> list[str] | None:
    if is_greeting(text) or _UNREADABLE.search(text):
        return None
    # Full-width letters ("Ｓａｒａｈ") read as plain ones, so the word list above sees them.
    t = clean(unicodedata.normalize("NFKC", text))
    t = _LEAD_IN.sub("", t, count=1)
    t = _TAIL.sub("", t).strip(" .")
    tokens = _to_the_sentence_end(t.split())
    if not tokens or len(tokens) > 6:
        return None
    for token in tokens:
        bare = token.rstrip(".")
        if (
            not _NAME_TOKEN.match(token)
            or bare.lower() in _NOT_NAME_WORDS
            or _CONTRACTED.search(token)
        ):
            return None
    return tokens


_CAPITALISED_SURNAME = re.compile(r"^[A-Z][A-Z'-]{2,}$")
# "WALSH, Ethan James", "PEARCE, Brandon": a surname in capitals, a comma, then the given
# names, as police and health records list a person.
_SURNAME_FIRST = re.compile(
    r"^\s*(?P<last>[A-Z][A-Z'-]+(?:[ -][A-Z][A-Z'-]+)?)\s*,\s*"
    r"(?P<first>[A-Z][a-z][\w'-]*)(?:\s+[A-Z][a-z][\w'-]*){0,2}\s*\.?\s*$"
)


def surname_first(text: str) -> tuple[str, str] | None:
    """(first, last) from a name listed surname first in capitals ("WALSH, Ethan
    James" -> ("Ethan", "Walsh")); None for any other text ("Yate, Bristol")."""
    match = _SURNAME_FIRST.match(text)
    if match is None or len(match["last"].replace(" ", "").replace("-", "")) < 2:
        return None
    last = " ".join(_case(w, False) for w in match["last"].split())
    return match["first"], last[:1].upper() + last[1:]


def parse_person_name(text: str) -> str | None:
    """A person's name from an answer, tidied ("it's sarah jones" -> "Sarah Jones",
    "my name is Dr. Amir Khan" -> "Dr Amir Khan"); 2 to 100 characters.

    None for sentences that are not names ("I don't want to say"), digits, and a bare
    title. Names typed in one case are title-cased; mixed case is kept as typed.
    """
    tokens = _name_tokens(text)
    if tokens is None:
        return None
    words: list[str] = []
    title_done = False
    for token in tokens:
        bare = token.rstrip(".").lower()
        if not words and not title_done and bare in _TITLES:
            words.append(_TITLES[bare])
            title_done = True
            continue
        words.append(token.rstrip("."))
    names = words[1:] if title_done else words
    if not names:
        return None
    one_case = all(w.islower() for w in names) or all(w.isupper() and len(w) > 1 for w in names)
    if one_case:
        names = [_case(w, i == 0) for i, w in enumerate(names)]
    elif names[0][:1].isupper() and not names[0].isupper():
        # "Laura BRIGGS": a surname in capitals, as police and health records write it
        names = [
            _case(w, i == 0) if _CAPITALISED_SURNAME.match(w) else w for i, w in enumerate(names)
        ]
    name = " ".join(([words[0]] if title_done else []) + names)
    return name if 2 <= len(name) <= 100 else None


def parse_first_name(text: str) -> str | None:
    """The first name from an answer; "Jake Smith" -> "Jake" (titles dropped)."""
    name = parse_person_name(text)
    if name is None:
        return None
    words = [w for w in name.split() if w.rstrip(".").lower() not in _TITLES]
    first = words[0] if words else None
    return first if first and len(first) >= 2 else None


_WITHHELD = re.compile(
    r"\b(?:withheld|withhold|rather\s+not|prefer\s+not|not\s+(?:giving|sharing|saying|disclosing|providing)|"
    r"(?:don'?t|do\s+not|won'?t|can'?t|cannot)\s+(?:want\s+to\s+)?(?:give|share|say|disclose|provide)|"
    r"not\s+at\s+this\s+(?:stage|point|time)|not\s+yet|later|anonymous|confidential)\b",
    re.IGNORECASE,
)


def parse_last_name(text: str) -> str | None:
    """The last name as given ("smith" -> "Smith", "van der Berg"), or "withheld" when
    the professional would rather not say yet ("rather not say at this stage")."""
    t = clean(text)
    if not t or _UNREADABLE.search(text):
        return None
    if _WITHHELD.search(t):
        return WITHHELD
    name = parse_person_name(t)
    if name is None:
        return None
    words = [w for w in name.split() if w.rstrip(".").lower() not in _TITLES]
    return " ".join(words) if words else None


# A capitalised first and last name in running speech ("Yes, it's Tom Baker, date of
# birth ..."), found at every position so "It's Oliver Reed" still finds "Oliver Reed".
_FULL_NAME = re.compile(
    r"(?=(?<![\w'])(?P<first>[A-Z][a-z]+(?:['\-][A-Za-z]+)?)\s+"
    r"(?P<last>(?:[A-Z]'|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w'-]))"
)
# Capitalised words that start a place, an organisation or a date, never a person.
_NOT_IN_A_NAME = frozenset(
    """
    south north east west children care team council services service school academy college
    police house home road street close avenue lane park community centre centre nhs camhs
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december glos gloucestershire bristol
    """.split()
)


_TITLE_BEFORE_A_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+(?=[A-Z][\w'-]+\s+[A-Z][\w'-]+)"
)


def find_full_name(text: str) -> tuple[str, str] | None:
    """The first capitalised first and last name said in a sentence, as (first, last):
    "One of our young people, Ryan Mills, he's 16" -> ("Ryan", "Mills"); a title before
    a first and last name is not the first name ("Mrs Priya Patel" -> ("Priya", "Patel"))."""
    text = _TITLE_BEFORE_A_NAME.sub("", text)
    for match in _FULL_NAME.finditer(text):
        first, last = match.group("first"), match.group("last")
        words = {first.lower(), last.lower()}
        if words & (_NOT_NAME_WORDS | _NOT_IN_A_NAME) or "'" in first:
            continue
        return first, last
    return None


# A police officer's rank and collar number before their name: "PC 4471 Gareth Lloyd".
_RANK = re.compile(r"^\s*(?:PC|DC|DS|DI|Sgt|PCSO)\.?\s+(?:\d+\s+)?", re.IGNORECASE)


def same_person(one: str, other: str) -> bool | None:
    """Whether two full names are one person's ("Dr Jo Bloggs", "Jo Bloggs"), titles
    aside; None when either is not a first and last name ("not known", "Jo")."""
    names = []
    for name in (one, other):
        name = _RANK.sub("", name)
        if parse_person_name(name) is None:
            return None
        words = [w.lower() for w in name.replace(".", " ").split() if w.lower() not in _TITLES]
        if len(words) < 2:
            return None
        names.append(words)
    return names[0] == names[1]
