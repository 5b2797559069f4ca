"""Shared helpers for reading chat text: tidying, number words, clauses and negation.

Private to the parsing package. Everything here is pure string work.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# Curly quotes and dashes that phones and Word insert, mapped to the plain ones the
# patterns are written with.
_PLAIN = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)

_EDGE_PUNCTUATION = " \t\r\n.,;:!?\"'`*~_()[]{}<>-"


def _is_emoji(char: str) -> bool:
    if char in "\u200d\u20e3" or "\ufe00" <= char <= "\ufe0f":
        return True  # joiners and variation selectors inside emoji sequences
    return unicodedata.category(char) in ("So", "Sk", "Cs", "Co")


def clean(text: str) -> str:
    """Plain quotes, no emoji, single spaces, no punctuation at either end."""
    text = (text or "").translate(_PLAIN)
    text = "".join(" " if _is_emoji(c) else c for c in text)
    text = " ".join(text.split())
    return text.strip(_EDGE_PUNCTUATION)


def fold(text: str) -> str:
    """clean() in lower case, "_" as a space (button payloads such as "child_in_need"
    arrive this way): the form most patterns are matched against."""
    return clean(text.replace("_", " ")).lower()


# --- numbers ---------------------------------------------------------------------

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD_VALUES = {word: value for value, word in enumerate(_UNITS)} | _TENS

NUMBER = (
    r"(?:\d{1,3}|(?:" + "|".join(_TENS) + r")(?:[\s-]+(?:" + "|".join(_UNITS[1:10]) + r"))?"
    r"|" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
)
"""A regex for a small number in digits or words ("14", "fourteen", "twenty-one")."""

COUNT = r"(?:" + NUMBER + r"|a\s+couple\s+of|a\s+few|a|an)"
"""NUMBER, or the looser counts of everyday speech ("a year younger", "a few weeks")."""


def number_value(token: str) -> int | None:
    """The value of a NUMBER match; None for the vague ones ("a few")."""
    token = " ".join(token.lower().replace("-", " ").split())
    if token.isdigit():
        return int(token)
    if token in ("a", "an"):
        return 1
    if token == "a couple of":  # noqa: S105 (a phrase, not a password)
        return 2
    parts = token.split()
    if parts and all(part in _WORD_VALUES for part in parts):
        return sum(_WORD_VALUES[part] for part in parts)
    return None


# --- clauses and negation ----------------------------------------------------------

_CLAUSE_BREAK = r"[.!?]+(?=\s|$)|[;\n]+|,|\s-\s|\b(?:but|although|though|however|whereas|except)\b"
# Zero-width before "now", so the word stays with the clause it introduces.
_NOW_BREAK = r"|(?:\band\s+)?\b(?=(?:now|currently)\b)"


def clauses(text: str, *, split_on_now: bool = False) -> list[str]:
    """Split a message into rough clauses.

    With split_on_now, "now" also starts a clause ("was on CP and now CIN"), so a
    status before it can be told from the current one.
    """
    pattern = _CLAUSE_BREAK + (_NOW_BREAK if split_on_now else "")
    parts: list[str] = []
    last = 0
    for match in re.finditer(pattern, text, re.IGNORECASE):
        parts.append(text[last : match.start()])
        last = match.end()
    parts.append(text[last:])
    return [part.strip() for part in parts if part.strip()]


NEGATION = (
    r"\b(?:not|no|never|without|nor|isn't|aren't|wasn't|weren't|hasn't|haven't|hadn't|doesn't|"
    r"don't|didn't|won't|wouldn't|can't|cannot|couldn't|shouldn't|neither|no\s+longer|nothing)\b|n't\b"
)


def negated_before(text: str, start: int, words: int = 3) -> bool:
    """True when one of the few words before `start`, in the same clause, negates it."""
    clause = re.split(r"[,.;:!?()]|\bbut\b|\band\b", text[:start])[-1]
    before = clause.split()[-words:]
    return bool(before) and re.search(NEGATION, " ".join(before), re.IGNORECASE) is not None


# A negation that governs a list: "no CIN, CP or LAC status", "not on a CIN or CP plan".
_NEGATED_LIST = re.compile(
    rf"(?:{NEGATION})(?:\s+[\w'-]+){{0,2}}?\s+[\w'/-]+(?:\s*,\s*[\w'/-]+)*,?\s+(?:or|nor)\s+"
    r"[\w'/-]+",
    re.IGNORECASE,
)


def blank_negated_lists(text: str) -> str:
    """The text with each negated list blanked, so that no item of it is read as stated:
    clause splitting would otherwise cut "CP" and "LAC" off from the "no" before "CIN"."""
    return _NEGATED_LIST.sub(lambda match: " " * len(match.group()), text)


def blank(text: str, match: re.Match[str]) -> str:
    """The text with a match replaced by spaces, so later patterns skip it."""
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


Table = Sequence[tuple[str, str]]
"""(category, regex) pairs, most specific first."""


def find_categories(text: str, table: Table, *, negation: bool = True) -> list[str]:
    """The categories whose patterns occur in the text, in order of first mention.

    A matched span is blanked before the next pattern runs, so a general pattern does
    not match inside a specific one ("private fostering" is not "fostering"). With
    `negation`, a match negated by the words just before it ("not on CP") is skipped.
    """
    first_seen: dict[str, int] = {}
    if negation:
        text = blank_negated_lists(text)
    for category, pattern in table:
        for match in list(re.finditer(pattern, text, re.IGNORECASE)):
            if not (negation and negated_before(text, match.start())):
                first_seen[category] = min(first_seen.get(category, match.start()), match.start())
            text = blank(text, match)
    return sorted(first_seen, key=first_seen.__getitem__)


def any_pattern(patterns: Iterable[str], text: str) -> bool:
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in patterns)


def drop_clauses(text: str, marker: str) -> str:
    """The message without the clauses that match `marker` (e.g. talk of the past).

    Clauses split on "now" too, so "was on CP, now CIN" keeps only "now CIN". The kept
    clauses are joined with ";" so negation never reaches across them.
    """
    kept = [c for c in clauses(text, split_on_now=True) if not re.search(marker, c, re.IGNORECASE)]
    return " ; ".join(kept)
