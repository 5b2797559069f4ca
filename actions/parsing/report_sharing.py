"""The answer to "Can the report be shared with us?": yes or no, read from what is said
about sharing it, not from what is said about having it.

"we have the report, yes you can have it" is a yes; "we've got it but it can't be shared
yet" is a no (not yet), though it opens like a yes; "no problem, I'll send it" is a yes,
though it opens with "no". A plain yes or no is read as everywhere else.
"""

from __future__ import annotations

import re
from typing import Literal

from ._text import fold
from .answers import parse_yes_no, parse_yes_no_unsure

_SHARE = (
    r"(?:share|shared|sharing|send|sent|forward\w*|e-?mail\w*|attach\w*|pass\w*|releas\w*|"
    r"have\s+(?:it|a\s+copy|that)|see\s+it|get\s+(?:it|a\s+copy))"
)
# Idioms that open with "no" but agree: blanked before the refusals are looked for.
_AGREEING_IDIOMS = re.compile(
    r"\bno\s+(?:problem|probs|worries|issues?|reason\s+(?:why\s+)?not)\b|\bof\s+course\b|\bwhy\s+not\b"
)
_REFUSED = re.compile(
    rf"\b(?:can'?t|cannot|can\s+not|won'?t|wouldn'?t|unable\s+to|not\s+able\s+to|not\s+allowed\s+to|"
    rf"isn'?t|not|aren'?t)\s+(?:\w+\s+){{0,3}}?{_SHARE}\b|"
    r"\bno\s+(?:consent|permission|agreement)\b|"
    r"\bnot\s+(?:yet|at\s+(?:the\s+moment|this\s+(?:stage|point|time)|present)|now|currently|"
    r"without|ours)\b|\bunfortunately\s+not\b|"
    r"\b(?:need|needs|needed|waiting\s+(?:for|on)|awaiting)\s+(?:[\w']+\s+){0,2}?(?:consent|permission|agreement|to\s+(?:ask|check))\b|"
    r"\b(?:don'?t|do\s+not|doesn'?t)\s+(?:have|hold)\b|\bonly\s+once\b|\b(?:once|until)\s+(?:\w+\s+){0,3}?(?:agree\w*|consent\w*)\b"
)
_AGREED = re.compile(
    rf"\b(?:can|could|will|'ll|happy\s+to|fine\s+to|able\s+to|ok(?:ay)?\s+to|free\s+to|glad\s+to)\s+"
    rf"(?:\w+\s+){{0,2}}?{_SHARE}\b|"
    rf"\byou(?:'re|\s+are)\s+welcome\s+to\b|\bcan\s+be\s+{_SHARE}\b|"
    r"\b(?:agreed|consent\w*)\b.{0,40}\bshar\w*|"
    r"\bconsent\s+(?:is\s+|has\s+been\s+)?(?:in\s+place|given|agreed|obtained)\b|"
    r"\b(?:fine|happy|ok(?:ay)?)\s+(?:for\s+(?:you|it|that)\s+)?to\s+(?:be\s+)?shar\w*|"
    r"\b(?:no\s+(?:problem|probs|worries|issues?|reason\s+(?:why\s+)?not)|of\s+course)\b"
)


def parse_report_shareable(text: str) -> Literal["yes", "no"] | None:
    """ "yes" when the report may be shared, "no" when it may not (or not yet, or there
    is none to share); None for don't-know and anything unclear."""
    if not fold(text):
        return parse_yes_no(text)  # a bare 👍 or 👎
    t = fold(text)
    # Don't-know and hedges ("I think we can share it") are asked again, as everywhere.
    if not t or parse_yes_no_unsure(t) == "unsure":
        return None
    if _REFUSED.search(_AGREEING_IDIOMS.sub(" ", t)):
        return "no"
    if _AGREED.search(t):
        return "yes"
    return parse_yes_no(t)
