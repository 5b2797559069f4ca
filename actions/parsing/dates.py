"""Dates of birth, ages and rough periods, read the UK way (day first)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from backend.domain.dates import age_on
from backend.domain.fields import UNKNOWN

from ._text import NUMBER, clean, fold, number_value
from .answers import is_dont_know

MIN_AGE = 5
MAX_AGE = 25

ASK_DOB = "What is their date of birth?"
NOT_A_DATE = f"That isn't a real date. {ASK_DOB} For example 3/5/2011."
MONTH_FIRST = "That looks like the month first. Please give the day first, for example {example}."
IN_FUTURE = f"That date is in the future. {ASK_DOB}"
NEED_YEAR = f"Please include the year of birth, for example 3/5/2011. {ASK_DOB}"
NEED_DAY = f"Please give the full date of birth, for example 3/5/2011. {ASK_DOB}"
IMPLAUSIBLE_DOB = "That date of birth makes them {age}. Please check it. " + ASK_DOB
IMPLAUSIBLE_AGE = "An age of {age} is outside the range I'd expect. How old are they?"

_MONTHS = {
    "january": 1, "jan": 1, "janurary": 1, "febuary": 2,
    "february": 2, "feb": 2, "feburary": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")"
_ORD = r"(?:st|nd|rd|th)?"
# Days said as ordinal words ("the second of September", "twenty-third of April").
_ORDINAL_DAYS = {
    word: day
    for day, word in enumerate(
        (
            "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
            "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
            "nineteenth twentieth"
        ).split(),
        start=1,
    )
} | {"thirtieth": 30}
_ORDINAL_DAYS |= {f"twenty {word}": 20 + day for word, day in list(_ORDINAL_DAYS.items())[:9]}
_ORDINAL_DAYS["thirty first"] = 31
_ORDINAL_DAY = (
    r"(?:twenty[\s-]+|thirty[\s-]+)?(?:"
    + "|".join(sorted({w.split()[-1] for w in _ORDINAL_DAYS}, key=len, reverse=True))
    + r")"
)

# Each pattern names its groups d, m, y; the first match in the text wins.
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4}|\d{2})\b"),
    re.compile(
        rf"\b(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}(?:\s+of)?[\s\-/]*(?P<m>{MONTH})\b\.?"
        rf"(?:,?[\s\-/]*(?P<y>\d{{4}}|'\d{{2}}|\d{{2}})\b)?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<m>{MONTH})\b\.?\s+(?:the\s+)?(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s*(?P<y>\d{{4}}|'\d{{2}})\b)?",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})\b(?![/.\-]\d)"),
    # Spoken: "the second of September 2014" (the "of" is needed: "second September"
    # is rarely a date).
    re.compile(
        rf"\b(?:the\s+)?(?P<d>{_ORDINAL_DAY})\s+of\s+(?P<m>{MONTH})\b\.?"
        rf"(?:,?\s+(?P<y>\d{{4}}))?",
        re.IGNORECASE,
    ),
)
_MONTH_YEAR = re.compile(rf"\b{MONTH}\b\.?,?\s+(?:\d{{4}}|'\d{{2}})\b", re.IGNORECASE)
_COMPACT = re.compile(r"(?P<d>\d{2})(?P<m>\d{2})(?P<y>\d{4}|\d{2})")


@dataclass(frozen=True)
class DateMention:
    """A date written in the text, before checking it is real."""

    start: int
    end: int
    day: int
    month: int
    year: int | None  # None when no year was given ("3rd March")

    def as_date(self) -> date | None:
        """The calendar date, or None for an impossible one (31/2) or a missing year."""
        if self.year is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def month_first_example(self) -> str | None:
        """ "13/5/2011" when the text looks like an American 5/13/2011."""
        if self.month > 12 and self.day <= 12 and self.year is not None:
            try:
                date(self.year, self.day, self.month)
            except ValueError:
                return None
            return f"{self.month}/{self.day}/{self.year}"
        return None


def _year(raw: str, today: date) -> int:
    """A full year; two-digit years fall in the past ("11" -> 2011, "98" -> 1998)."""
    digits = raw.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year else year - 100


def _day(raw: str) -> int:
    """The day of a date pattern's match: digits, or an ordinal word ("twenty-third");
    0 for words that name no day ("thirty-second")."""
    if raw.isdigit():
        return int(raw)
    return _ORDINAL_DAYS.get(" ".join(raw.lower().replace("-", " ").split()), 0)


def _month(raw: str) -> int:
    return int(raw) if raw.isdigit() else _MONTHS[raw.lower().rstrip(".")]


def find_date(text: str, today: date) -> DateMention | None:
    """The first date written in the text, day first."""
    mentions = find_dates(text, today)
    return mentions[0] if mentions else None


def find_dates(text: str, today: date) -> list[DateMention]:
    """Every date written in the text, in order, without overlaps."""
    found: list[DateMention] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < m.end and m.start < match.end() for m in found):
                continue
            groups = match.groupdict()
            if (day := _day(groups["d"])) == 0:
                continue  # "thirty-second of May"
            year = _year(groups["y"], today) if groups.get("y") else None
            found.append(DateMention(match.start(), match.end(), day, _month(groups["m"]), year))
    return sorted(found, key=lambda m: m.start)


def resolve_yearless(
    mention: DateMention, today: date, prefer: Literal["past", "nearest"]
) -> date | None:
    """A date for "3rd March": the latest one not after today, or the nearest to today."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, mention.month, mention.day))
        except ValueError:
            continue
    if prefer == "past":
        past = [d for d in candidates if d <= today]
        return max(past) if past else None
    return min(candidates, key=lambda d: abs((d - today).days)) if candidates else None


@dataclass(frozen=True)
class DobResult:
    """A date of birth answer. All three None means it could not be read at all."""

    date_of_birth: date | None
    age: int | None
    error: str | None


# Ages: "14", "aged 14", "14 years old", "14yo", "he's 14", "fourteen", "nearly 15".
_N = rf"(?P<n>{NUMBER})"
_AGE_PATTERNS = (
    rf"\b(?:aged?|age\s*(?:is|:)?)\s*(?:is\s+|of\s+)?(?:about\s+|around\s+)?{_N}\b",
    rf"\b{_N}[\s-]*(?:years?|yrs?|yr)\b(?:[\s-]*(?:old|of\s+age))?",
    rf"\b{_N}\s*(?:y/o|y\.o\.?|yo|yro)\b",
    rf"\b(?:he|she|they|yp|the\s+young\s+person|the\s+child)\s*(?:'s|'re|\s+is|\s+are|s)\s+"
    rf"(?:now\s+|only\s+|just\s+|currently\s+|about\s+|around\s+)?{_N}\b(?!\s*(?:/|\.\d|:|%|feet|foot|ft|stone|kg|cm|months?|weeks?))",
    rf"^(?:about|around|approx\.?|roughly)?\s*{_N}(?:\s+and\s+a\s+half)?(?:$|\s*[,;(]|\s+-\s)",
)
_NEARLY = rf"\b(?:nearly|almost|about\s+to\s+turn|turning|soon\s+to\s+be|nearing)\s+{_N}\b"
_TURNED = rf"\b(?:just\s+)?turned\s+{_N}\b"


def parse_age(text: str) -> int | None:
    """An age from a short answer ("he's 14", "aged fourteen"); not range-checked."""
    t = fold(text)
    match = re.search(_NEARLY, t)
    if match and (value := number_value(match.group("n"))) is not None:
        return value - 1  # "nearly 15" is 14 today
    for pattern in (_TURNED, *_AGE_PATTERNS):
        match = re.search(pattern, t)
        if match and (value := number_value(match.group("n"))) is not None:
            return value
    return None


def check_date_of_birth(dob: date, today: date) -> DobResult:
    """A date of birth already read: the age it gives, or why it cannot be theirs."""
    if dob > today:
        return DobResult(None, None, IN_FUTURE)
    age = age_on(dob, today)
    if not MIN_AGE <= age <= MAX_AGE:
        return DobResult(None, None, IMPLAUSIBLE_DOB.format(age=age))
    return DobResult(dob, age, None)


def parse_date_of_birth(text: str, today: date) -> DobResult:
    """A date of birth (and the age it gives on `today`), or an age alone, or an error.

    Day first always: "3/5/2011" is 3 May. A date wins over an age in the same answer.
    """
    t = clean(text)
    if not t:
        return DobResult(None, None, None)
    mention = find_date(t, today)
    if mention is not None:
        if mention.year is None:
            return DobResult(None, None, NEED_YEAR)
        dob = mention.as_date()
        if dob is None:
            example = mention.month_first_example()
            return DobResult(
                None, None, MONTH_FIRST.format(example=example) if example else NOT_A_DATE
            )
        return check_date_of_birth(dob, today)
    compact = re.sub(r"^(?:dob|d\.o\.b\.?|date of birth)\s*:?\s*", "", t, flags=re.IGNORECASE)
    if match := _COMPACT.fullmatch(compact):
        try:
            dob = date(_year(match.group("y"), today), int(match.group("m")), int(match.group("d")))
        except ValueError:
            return DobResult(None, None, NOT_A_DATE)
        return check_date_of_birth(dob, today)
    if _MONTH_YEAR.search(t):
        return DobResult(None, None, NEED_DAY)
    age = parse_age(t)
    if age is not None:
        if not MIN_AGE <= age <= MAX_AGE:
            return DobResult(None, None, IMPLAUSIBLE_AGE.format(age=age))
        return DobResult(None, age, None)
    return DobResult(None, None, None)


# --- periods: "when was it first noticed?" ------------------------------------------

_HEDGE = re.compile(
    r"\b(?:about|around|approx(?:imately)?|roughly|circa|c\.|maybe|possibly|probably|perhaps|"
    r"i\s+think|i\s+believe|early|mid|late|beginning|start|end|before|after|since|until|"
    r"between|sometime|some\s+time|or\s+so)\b|ish\b",
    re.IGNORECASE,
)
_SEASONS = r"spring|summer|autumn|fall|winter"
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|sat|sun"
_TIME_SIGNAL = re.compile(
    rf"\d|\b(?:{MONTH}|{_SEASONS}|{_DAYS}|ago|last|past|previous(?:ly)?|recent(?:ly)?|lately|"
    r"yesterday|today|tonight|morning|afternoon|evening|night|week(?:end)?s?|fortnight|"
    r"months?|years?|days?|term|half[\s-]?term|holidays?|hols|christmas|xmas|easter|"
    r"new\s+year|bank\s+holiday|since|before|after|during|until|till|when|while|ongoing|"
    r"always|start(?:ed)?|beginning|end|early|mid|late|now|currently|this|first|"
    r"time|ages|primary|secondary|nursery|reception|lockdown|covid|birthday|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|couple)\b",
    re.IGNORECASE,
)
_DATE_FILLER = r"(?:on|it|was|it's|its|that|is|the|date|dated|of|in|from|approx|by|we|think)"


def _tidy_phrase(text: str) -> str:
    """Months and school years capitalised; the rest as written."""

    def month(match: re.Match[str]) -> str:
        word = match.group(0)
        if (
            word.lower() == "may"
            and not re.search(
                r"(?:in|since|early|mid|late|of|last|until|before|after)\s+$",
                text[: match.start()],
                re.IGNORECASE,
            )
            and not re.match(r"\s+'?\d", text[match.end() :])
        ):
            return word  # "it may have started": the verb, not the month
        return word.capitalize()

    text = re.sub(rf"\b{MONTH}\b", month, text, flags=re.IGNORECASE)
    return re.sub(r"\byear\s+(\d{1,2})\b", r"Year \1", text, flags=re.IGNORECASE)


def parse_period(text: str, today: date) -> str | None:
    """When something happened: an ISO date when exact, else the tidied phrase.

    "3/3/2026" -> "2026-03-03"; "3rd March" -> the latest 3 March not after today;
    "about 3 months ago" -> "about 3 months ago". Don't-know answers give "unknown".
    None for empty input, an impossible or future exact date, or text with nothing
    that sounds like a time (so the bot can ask again).
    """
    raw = clean(text)
    if not raw:
        return None
    if is_dont_know(raw):
        return UNKNOWN
    mention = find_date(raw, today)
    if mention is not None:
        exact = (
            mention.as_date()
            if mention.year is not None
            else resolve_yearless(mention, today, "past")
        )
        if exact is None:
            return None  # 31/2/2025: ask again rather than keep a date that can't be
        rest = fold(raw[: mention.start] + " " + raw[mention.end :])
        rest = re.sub(rf"\b{_DATE_FILLER}\b", " ", rest).strip(" ,.-")
        if not rest and not _HEDGE.search(raw):
            return None if exact > today else exact.isoformat()
    if not _TIME_SIGNAL.search(raw):
        return None
    return _tidy_phrase(raw)[:200]
