"""The words the risk patterns are built from: times that make something current, and the
ways a child who could be harmed is named. One home, so the safety net
(actions/parsing/risk.py) and its presence rules (risk_reach.py) mean the same thing by
"now" and by "a child"."""

from __future__ import annotations

import re

from ._text import NUMBER, fold
from .lookalikes import plain_letters

# Text-speak spelled out before any risk pattern is tried, so "hes alone w the kids
# tonite" reads as "alone with the kids tonight": the classifier alone caught it, and not
# in every training run.
_SPELLED_OUT = (
    # a lone "w" is "with" (initials such as "j w smith" lose nothing a risk rule reads)
    (r"\bw/|\bw(?=\s)|\bwiv\b|\bwit\b", "with "),
    (r"\b(?:tonite|2nite|2night|tonyt|tnight|tnite)\b", "tonight"),
    (r"\b(?:2day|tday)\b", "today"),
    (r"\b(?:2moro|2morro|2morrow|tmrw|tmrrw|tmoz|tomoz|tmr|tmw|2mrw)\b", "tomorrow"),
    (r"\batm\b", "at the moment"),
    (r"\bkidz\b", "kids"),
    (r"\blil\b", "little"),
    (r"\bsis\b", "sister"),
    (r"\bbro\b", "brother"),
)


def risk_text(text: str) -> str:
    """The form every risk pattern is matched against: fold() of the plain letters
    (look-alikes read as Latin), with text-speak spelled out."""
    t = fold(plain_letters(text))
    for pattern, word in _SPELLED_OUT:
        t = re.sub(pattern, word, t)
    return re.sub(r"\s{2,}", " ", t)


# Words of now. "Tomorrow" and "this evening" count: harm expected that soon is a
# current risk ("he threatened to do it again tomorrow").
NOW = (
    r"(?:ri(?:ght|te)\s+now|rn|now|tonight|today|tomorrow|this\s+(?:evening|afternoon|morning|weekend)|"
    r"at\s+(?:the|this)\s+moment|currently|as\s+we\s+speak|at\s+present|later\s+today|"
    r"in\s+(?:half\s+an|an|a\s+few|a\s+couple\s+of|\d+)\s+(?:hours?|minutes?|mins?))"
)
# Harm this recent is acute: the child may still be within reach ("raped her last night").
RECENT = (
    r"(?:last\s+night|this\s+(?:morning|afternoon|evening)|today|tonight|yesterday|just\s+now|"
    r"earlier(?!\s+(?:this|that|in|last)\b)|(?:an?|one|two|2|a\s+couple\s+of)\s+days?\s+ago|"
    r"(?:an?|\d+|two|three|few|a\s+few|a\s+couple\s+of)\s+hours?\s+ago)"
)
# A child who could be harmed: "the victim", "his little sister", "the 7 year old",
# "the twins", "the other child in placement", "the harmed boy".
AGE = rf"(?:{NUMBER}[\s-]*(?:yrs?|years?)[\s-]*old|\d+\s*yo|\d+\s*yr\s*old)"
KIN = (
    r"(?:little\s+|younger\s+|young\s+|baby\s+|other\s+|step[\s-]?|half[\s-]?)?(?:sister|brother|"
    r"siblings?|cousins?|niece|nephew|child|children|kids?|girl|boy|daughter|son|ones?|baby|"
    r"toddler|twins)"
)
CHILD = (
    r"(?:the\s+)?(?:victim(?!\s+(?:liaison|support|services?|officers?|impact|care|contact))|"
    r"(?:harmed|abused|hurt)\s+(?:child|boy|girl|one)|"
    rf"(?:his|her|their|the)\s+(?:{AGE}(?:\s+{KIN})?|{KIN}))\b"
)
# The same, more loosely, for a child found with him at this moment: "a year 7 boy", "a
# 10 year old", "the neighbours toddler", "the little girl next door", "one of the little
# ones". Used only with words of being with him now, never alone.
_OWNER = r"(?:(?:the\s+)?(?:neighbou?rs?|next\s+door|friends?|family)'?s?\s+)"
# Children counted or by age band: "three under 5s", "two little ones", "the under-fives",
# "the younger two".
_COUNTED = (
    r"the\s+(?:younger|little|small)\s+(?:two|three|four|five)|"
    r"(?:(?:two|three|four|five|six|several|some|a\s+few|a\s+group\s+of|\d+)\s+|the\s+)"
    r"(?:little\s+|young(?:er)?\s+|small\s+|year\s+\d{1,2}\s+)?(?:kids|children|girls|boys|ones|toddlers|babies|"
    r"under[\s-]*(?:fives|5s|tens|10s|elevens|11s|twelves|12s|5|10))"
)
ANY_CHILD = (
    rf"(?:{CHILD}|(?:an?|the|his|her|their|one\s+of\s+the)\s+{_OWNER}?"
    rf"(?:{AGE}(?:\s+{KIN})?|{KIN}|year\s+\d{{1,2}}(?:\s+(?:boy|girl|pupil|student|lad|kid))?)\b|"
    rf"{_COUNTED}\b)"
)
