"""Who or what a free message mentions besides the young person: other children and
harm done to them, organisations, and capitalised words that are not first names.

The fact readers use these to leave out a fact that could be about someone else.
"""

from __future__ import annotations

import re

# The gender a pronoun gives the person it stands for ("his SW", "she's 14").
PRONOUN_GENDER = {"he": "male", "his": "male", "she": "female", "her": "female"}
# Words for other children: a clause naming one may be about the harmed child.
OTHER_CHILD_WORDS = (
    r"sister|brother|sibling|siblings|cousin|cousins|victim|niece|nephew|friend|classmate|peer|"
    r"neighbour|baby|toddler|kid|kids|child|children|daughter|son|step[\s-]?\w+|half[\s-]?\w+"
)
OTHER_CHILD = rf"\b(?:{OTHER_CHILD_WORDS})\b"
# Harm done to someone: a person described right after these is the harmed child.
_HARM_BEFORE = re.compile(
    r"\b(?:touch\w*|abus\w*|assault\w*|rap\w*|harm\w*|hurt\w*|expos\w*|show\w*|sent|send\w*|groom\w*|"
    r"victim|towards|against|involving|by|kiss\w*|made|forced|penetrat\w*|target\w*|inappropriate\w*|"
    r"sexual\w*)\W+(?:\w+\W+){0,2}$"
)
# After the description: harm done to them, or a tie to someone else ("a girl from
# his class", "a boy who she babysits") that makes them another child.
_HARM_AFTER = re.compile(
    r"^\W*(?:who\s+)?(?:was|were|has\s+been|had\s+been|got|is\s+being)\s+(?:\w+\s+)?"
    r"(?:touch|abus|assault|rap|harm|hurt|expos|groom|target)|"
    r"^\s*(?:from|in|at|of|on)\s+(?:his|her|their)\b|^\W*(?:who|that|whom)\s+(?:he|she|they)\b"
)


def about_harmed_child(low: str, start: int, end: int) -> bool:
    """True when the words around a description make it the harmed child."""
    return bool(
        _HARM_BEFORE.search(low[max(0, start - 40) : start])
        or _HARM_AFTER.search(low[end : end + 40])
    )


# Titles before a name ("Dr Khan", "PC Evans"), and capitalised words that open a
# sentence or name a thing rather than a person: neither is a first name.
TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "dc", "pc", "ds"})
NOT_FIRST_NAMES = frozenset(
    """
    the a an he she they his her their mr mrs ms miss dr year years south north east west children
    social police camhs yot school academy college this that our my your mum dad monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july august
    september october november december cp cin lac cla art mash
    """.split()
)

# Words that end an organisation's name ("Yate Academy", "South Glos Council").
ORGANISATION_WORD = (
    r"avon\s+(?:and|&)\s+somerset|"
    r"academy|school|college|council|police|constabulary|services?|social\s+care|team|nhs|trust|hospital|"
    r"surgery|practice|health|camhs|yot|yos|youth\s+(?:offending|justice)|barnardo'?s|nspcc|ltd|limited|"
    r"cent(?:re|er)|hub|unit|partnerships?|foundation|charity|mash|access\s+and\s+response|early\s+help|"
    r"local\s+authority|clinic|pru|nursery|university|agency|station|office|library|leisure|children'?s|"
    r"primary|secondary|high|grammar|sixth\s+form|community\s+(?:team|school)|group|fostering"
)
