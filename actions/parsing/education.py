"""The young person's school, college or other education setting."""

from __future__ import annotations

import re

from backend.domain.fields import UNKNOWN

from ._text import clean, fold
from .answers import is_dont_know, parse_yes_no

# The writer's own school is the young person's: "one of our pupils", "he's a pupil
# here", a "Student:" line, "to refer one of our Year 7 boys" (without the referring, "one
# of our boys" may be a child harmed: "One of our year 8 boys told me his brother ...").
OUR_PUPIL = re.compile(
    r"\bour\s+(?:(?:year|yr|y)\s*\d{1,2}\s+)?(?:students?|pupils?|learners?)\b|"
    r"\brefer(?:ring)?\s+(?:one\s+of\s+)?our\s+(?:(?:year|yr|y)\s*\d{1,2}\s+)?(?:boys|girls)\b|"
    r"\b(?:pupil|student)\s+(?:here|at\s+our\s+(?:school|academy|college)|with\s+us)\b|"
    r"^\s*(?:student|pupil)\s*(?:name)?\s*:",
    re.IGNORECASE,
)
EDUCATION_PLACE = re.compile(r"\b(?:school|academy|college)\b", re.IGNORECASE)


def school_of(organisation: str) -> str | None:
    """The school an organisation names, without the town after it ("Brimsham Vale
    Academy in Yate" -> "Brimsham Vale Academy"); None for one that is no school."""
    school = re.split(r"\s+in\s+|\s*,\s*", organisation.strip(), maxsplit=1)[0]
    return school if EDUCATION_PLACE.search(school) else None


_NOT_IN_EDUCATION = re.compile(
    r"\bnot\s+in\s+(?:any\s+)?(?:education|school|college|training)\b|\bneet\b|"
    r"\bno\s+(?:school|college|education|placement|school\s+place|place|provision|setting)\b|"
    r"\bnot\s+(?:attending|on\s+(?:a\s+)?roll|enrolled|in\s+school)\b|\bout\s+of\s+(?:school|education)\b|"
    r"\bmissing\s+(?:from\s+)?education\b|\bcme\b|\bpermanently\s+excluded\b|^(?:none|nothing|n/?a|nil|no)$"
)
_HOME_EDUCATED = re.compile(r"\bhome[\s-]?(?:educated|schooled|education|ed)\b|\behe\b")
# A named setting after the exclusion wins: "excluded, now at the PRU" -> "PRU".
_NOW_AT = re.compile(
    r"\b(?:now|currently)\s+(?:at|attends|attending|in|goes\s+to)\s+(?P<setting>.+)$", re.IGNORECASE
)

_LEAD_IN = re.compile(
    r"^(?:(?:it'?s|its|it\s+is|the\s+school\s+is|school\s+is|school:|college:)\s+)?"
    r"(?:(?:he|she|they)(?:'s|'re|\s+is|\s+are)?\s+)?(?:currently\s+|now\s+|still\s+)?"
    r"(?:(?:in\s+)?year\s+\d{1,2}\s+(?:at|in)\s+|goes\s+to\s+|go\s+to\s+|attends\s+|attending\s+|attend\s+|"
    r"on\s+(?:the\s+)?roll\s+at\s+|enrolled\s+at\s+|studying\s+at\s+|(?:a\s+)?(?:pupil|student)\s+at\s+|"
    r"at\s+|in\s+)?",
    re.IGNORECASE,
)
_TAIL = re.compile(
    r"\s*[,;(].*$|\s+-\s+.*$|\s+(?:but|where|who|which|since)\b.*$|\s+and\s+(?:he|she|they|is|has|was)\b.*$|"
    r"\s+(?:in\s+)?year\s+\d{1,2}\b.*$",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"^(?:(?:a|an|the|his|her|their)\s+)?(?:(?:local|mainstream|special|specialist|secondary|primary|"
    r"independent|private|residential|boarding|sixth\s+form|fe|further\s+education)\s+)?"
    r"(?:school|college|academy|sixth\s+form|pru|pupil\s+referral\s+unit|alternative\s+provision|"
    r"ap|provision|training\s+provider|apprenticeship|training|university|uni|secondary|primary|nursery)$",
    re.IGNORECASE,
)
_SMALL_WORDS = {"of", "the", "and", "on", "upon", "in", "at", "for", "de", "le"}
_ACRONYMS = {"pru", "ap", "sen", "send", "asd", "fe", "ce", "rc", "uk"}


def _title(name: str) -> str:
    """ "chipping sodbury school" -> "Chipping Sodbury School"; "st mary's ce primary" ->
    "St Mary's CE Primary". Only used when the answer is all one case."""
    words = []
    for index, word in enumerate(name.split()):
        lower = word.lower()
        if index and lower in _SMALL_WORDS:
            words.append(lower)
        elif lower in _ACRONYMS:
            words.append(lower.upper())
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in lower.split("-")))
    return " ".join(words)


def parse_education(text: str) -> str | None:
    """The education setting as tidy text ("Yate Academy", "college", "PRU"), "none"
    when not in education ("NEET", "excluded, no school place"), "home educated", or
    "unknown" for don't-know. None for empty, yes/no and sentence-length answers."""
    raw = clean(text)
    t = fold(text)
    if not t:
        return None
    if is_dont_know(t):
        return UNKNOWN
    if now_at := _NOW_AT.search(raw):
        raw, t = now_at.group("setting"), fold(now_at.group("setting"))
    elif _NOT_IN_EDUCATION.search(t):
        return "none"
    if _HOME_EDUCATED.search(t):
        return "home educated"
    if parse_yes_no(t) is not None and len(t.split()) <= 2:
        return None
    setting = _TAIL.sub("", _LEAD_IN.sub("", raw)).strip(" .,-")
    if not setting or len(setting) > 80 or re.fullmatch(r"[\d\s]+", setting):
        return None
    if _GENERIC.match(setting):
        generic = re.sub(r"^(?:a|an|the|his|her|their)\s+", "", setting.lower())
        return re.sub(r"\b(pru|ap|fe)\b", lambda m: m.group(1).upper(), generic)
    if setting.islower() or setting.isupper():
        return _title(setting)
    return setting
