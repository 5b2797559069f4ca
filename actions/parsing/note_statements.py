"""Facts a pasted note states in a sentence of its own, as a referral e-mail or letter
puts them: what the young person says ("Callum has partly admitted it"), no history
("no previous harmful sexual behaviour that we know of", "he has never had an AIM or
ERASOR assessment"), where it happened ("Everything happened at home"), that the home
is safe ("Mum feels home is safe", "Her current placement is considered safe") and
needs stated as a diagnosis ("has a diagnosis of ADHD", "She is autistic").

Each reading needs the sentence to be about the young person (named, or "he"/"she"
opening it) or to state the fact outright; anything less is left for the bot to ask,
because a fact given to the wrong field is worse than a question."""

from __future__ import annotations

import re

from ._text import negated_before
from .contexts import parse_contexts
from .statuses import parse_admission

_PRONOUN = r"(?:he|she|they|the\s+young\s+person|the\s+yp|yp)"
_ADMISSION_VERB = re.compile(
    r"\b(?:(?:partly|partially|fully)\s+)?(?:admit\w*|denie[sd]|deny\w*|minimis\w*|"
    r"accepts?\s+(?:responsibility|what\s+(?:he|she|they)\s+did))\b",
    re.IGNORECASE,
)
_NO_HISTORY = re.compile(
    r"\bno\s+(?:known\s+)?(?:previous|prior|past|earlier|history\s+of)\s+"
    r"(?:harmful\s+sexual\s+behaviou?r|hsb|sexual(?:ly)?\s+harmful\s+behaviou?r|concerns?\s+of\s+this\s+(?:kind|nature))\b",
    re.IGNORECASE,
)
_NO_ASSESSMENT = re.compile(
    r"\b(?:(?:has|have|had)\s*(?:n'?t|not|never)\s+(?:had|been\s+offered)\s+an?\s+"
    r"(?:(?:aim\d?|erasor|hsb)\s+(?:or\s+(?:aim\d?|erasor)\s+)?)?assessment|"
    r"no\s+(?:previous|prior|past|earlier)\s+(?:hsb\s+|aim\d?\s+|erasor\s+)?assessments?)\b",
    re.IGNORECASE,
)
# "She has not had an AIM assessment; an ERASOR was started in 2024": one was had.
_ONE_WAS_HAD = re.compile(
    r"\b(?:aim\d?|erasor|assessment)\b[^.;!?]{0,20}?\b(?:was|were|has\s+been|had\s+been)\s+"
    r"(?:started|begun|completed|done|carried\s+out|finished)\b",
    re.IGNORECASE,
)
_ALL_PLACES = re.compile(
    r"\b(?:everything|it\s+all|all\s+of\s+(?:it|this)|all\s+(?:of\s+)?the\s+incidents?|"
    r"all\s+incidents|each\s+incident)\s+(?:has\s+|have\s+)?(?:happened|took\s+place|was|were)\s+"
    r"(?P<where>[^.;!?]{2,40})|\ball\s+(?P<online>online)\b",
    re.IGNORECASE,
)
_SAFE_HOME = re.compile(
    r"\b(?:home|(?:the\s+)?house|the\s+home|(?:his|her|their)\s+(?:current\s+)?(?:home|placement)|"
    r"(?:the\s+|this\s+)?(?:current\s+)?placement)\s+(?:is|feels|seems)\s+"
    r"(?:(?:considered|felt|thought|assessed)\s+(?:to\s+be\s+)?)?safe\b(?!\s+(?:for|from)\s+(?:other|younger))",
    re.IGNORECASE,
)
_NEEDS = re.compile(
    r"\b(?:(?:has|with)\s+(?:a\s+)?(?:diagnosis\s+of|diagnosed)\s+|diagnosed\s+with\s+|"
    r"(?:is|'s)\s+(?=autistic\b))(?P<need>[^.;!?]{2,60})",
    re.IGNORECASE,
)
_NO_NEEDS = re.compile(r"\bno\s+(?:known\s+)?(?:send?|additional\s+needs)(?:\s+known)?\b", re.I)


def _about_the_young_person(sentence: str, young_person: str | None) -> bool:
    names = rf"|{re.escape(young_person)}" if young_person else ""
    return re.match(rf"\W*(?:{_PRONOUN}{names})\b", sentence, re.IGNORECASE) is not None


def note_statements(sentence: str, young_person: str | None) -> dict[str, str | list[str]]:
    """admission, previous_harmful_behaviour, previous_assessment, concern_context,
    safe_place and yp_additional_needs, as the sentence states them."""
    found: dict[str, str | list[str]] = {}
    about_them = _about_the_young_person(sentence, young_person)
    if about_them and _ADMISSION_VERB.search(sentence):
        admission = parse_admission(sentence)
        if admission not in (None, "not_known"):
            found["admission"] = admission
    if (none_before := _NO_HISTORY.search(sentence)) and not negated_before(
        sentence, none_before.start()
    ):
        found["previous_harmful_behaviour"] = "no"
    if _NO_ASSESSMENT.search(sentence) and not _ONE_WAS_HAD.search(sentence):
        found["previous_assessment"] = "no"
    if places := _ALL_PLACES.search(sentence):
        where = parse_contexts(places["where"] or places["online"])
        if isinstance(where, list) and where:
            found["concern_context"] = where
    if (safe := _SAFE_HOME.search(sentence)) and not negated_before(sentence, safe.start()):
        found["safe_place"] = "yes"
    if about_them and (needs := _NEEDS.search(sentence)):
        found["yp_additional_needs"] = needs["need"].strip(" ,")
    elif _NO_NEEDS.search(sentence):
        found["yp_additional_needs"] = "none known"
    return found
