"""A child within his reach at this moment, in the many ways professionals say it: he is
somewhere with a child ("in the toilets with a year 7"), a child is with him or going
to him ("back home with him from today", "at his house for tea tonight"), he has taken,
followed or gone off with one, is in a child's room, is arranging to meet one, or has
been left to care for one ("leaving him to mind the twins tonight").

Two kinds, both checked clause by clause by actions/parsing/risk.py with its negation
rules: REACH_NOW counts with a word of now in the message or a safeguard missing (being
with a child is ordinary until then); REACH_AT_ONCE counts alone (taking a child off,
a child's bedroom, a meeting being set up). Written from disclosures in many voices
(tests/fixtures/risk/disclosures_tuned.yml) and kept quiet on the near misses."""

from __future__ import annotations

import re

from .risk_words import ANY_CHILD

_BE = r"(?:'s|'re|s|\s+is|\s+are|\s+has\s+been|'s\s+been)"
_WITH = r"(?:with|w/?)"
# "on" only where a child can be beside him, not "on a plan" or "on bail"
_ON_BOARD = (
    r"on\s+(?:the|a|his|her|their)\s+(?:(?:school\s+)?bus|train|coach|tram|(?:school\s+)?trip|bed|sofa|couch|"
    r"trampoline|playground|field|beach|swings|way\s+(?:home|there))"
)
_HIS_HOME = r"(?:his|their)\s+(?:house|home|flat|place|room|bedroom)"
# Care given by him: "to mind the twins", "allowed to bath his little sister".
_CARE = (
    r"(?:bath|bathe|mind|babysit|look\s+after|put\s+(?:[\w']+\s+){1,3}?to\s+bed|"
    r"walk\s+(?:[\w']+\s+){1,3}?home|get\s+(?:[\w']+\s+){1,3}?ready\s+for\s+bed)"
)

REACH_NOW = (
    # he is somewhere with a child: "he's locked in a room with his sister"
    rf"\b(?:(?:he|she|they){_BE}|is|are)\s+(?:still\s+|back\s+|locked\s+|hiding\s+)?(?:in|at|{_ON_BOARD}|inside|round\s+at|"
    rf"out\s+in|upstairs|downstairs)\b(?:\s+[\w']+){{0,4}}?\s+{_WITH}\s+{ANY_CHILD}",
    # a child is with him: "the 6yo is inside with him", "home alone with him"
    rf"{ANY_CHILD}(?:\s+[\w']+){{0,3}}?\s+(?:is|are|'s)\s+(?:still\s+|now\s+)?(?:inside\s+|in\s+there\s+|"
    r"upstairs\s+|downstairs\s+|home\s+alone\s+|back\s+home\s+|back\s+|alone\s+|at\s+home\s+)?"
    r"with\s+(?:him|them)\b",
    # a child going to him or staying with him
    rf"(?:{ANY_CHILD}|\bshe)(?:\s+[\w']+){{0,3}}?\s+(?:is|are|'s|has\s+to|have\s+to)\s+"
    r"(?:going\s+|go\s+|coming\s+|being\s+sent\s+|been\s+sent\s+)?(?:back\s+)?"
    rf"(?:home\s+(?:with|to)\s+him|to\s+{_HIS_HOME}|round\s+(?:to\s+|at\s+)?his|at\s+{_HIS_HOME}|"
    r"staying\s+(?:over\s+)?(?:at\s+his|with\s+(?:him|them)))\b",
    rf"\b(?:got|has|having)\s+{ANY_CHILD}\s+(?:staying|sleeping|coming)\b",
    # where the children are: "at his nan's where the young cousins are tonight"
    rf"\bwhere\s+{ANY_CHILD}\s+(?:is|are|lives?|stays?)\b",
    # at her door: "at the victim's address now", "gone round to the girls house"
    rf"\b(?:at|outside|round\s+at|round\s+to|gone\s+to)\s+(?:the\s+)?(?:victim'?s?|her|{ANY_CHILD}'?s?)\s+"
    r"(?:address|house|home|flat|door)\b",
    rf"\bwaiting\s+for\s+(?:her|them|{ANY_CHILD})\s+(?:at|outside|after|by)\b",
    # left to care for a child: "leaving him to mind the twins tonight"
    rf"\b(?:him|he){_BE}?\s+(?:been\s+)?(?:allowed\s+|asked\s+|told\s+|left\s+|going\s+)?to\s+{_CARE}\b",
    rf"\b(?:asked|asking|allowed|allowing)\s+him\s+to\s+{_CARE}\b",
    # meeting a child soon: "he's meeting a girl he met online ... in half an hour"
    rf"\b(?:he|they){_BE}?\s+(?:meeting|seeing|picking\s+up)\s+{ANY_CHILD}",
    # taking a child somewhere: "he is walking the younger children home on his own today"
    rf"\b(?:he|they){_BE}?\s+(?:walking|taking|driving)\s+{ANY_CHILD}",
    # a child told to come to him: "he's told her to come to his house after school today"
    rf"\b(?:he|they){_BE}?\s+told\s+(?:her|them|{ANY_CHILD})(?:\s+[\w']+){{0,4}}?\s+to\s+come\s+(?:round|over|to\s+his)\b",
)

REACH_AT_ONCE = (
    # taken, followed or gone off with a child
    rf"\b(?:(?:he|she|they)(?:'s|\s+has|\s+have)\s+(?:just\s+)?|just\s+)(?:taken|took|followed|pulled|"
    rf"led|dragged|lured|gone\s+off\s+with|gone\s+missing\s+with|disappeared\s+with)\s+{ANY_CHILD}",
    rf"\b(?:gone|went|is|'s)\s+missing\s+with\s+{ANY_CHILD}",
    # left in charge of a child: "he's been left to look after his baby brother"
    rf"\b(?:leaving|left)\s+(?:him\s+)?to\s+{_CARE}\b",
    rf"\blocked\s+(?:himself\s+)?in\s+(?:[\w']+\s+){{0,3}}?with\s+{ANY_CHILD}",
    # "mum has left him with the younger two overnight" (a past time is another clause's)
    rf"\bleft\s+(?:him|them)\s+(?:alone\s+|on\s+(?:his|their)\s+own\s+)?(?:with|in\s+charge\s+of)\s+"
    rf"{ANY_CHILD}",
    # in a child's room: "he's in the younger boy's bedroom", "going in the little ones room"
    rf"\b(?:go(?:es|ing)?|went|com(?:e|es|ing)|creep(?:s|ing)?|sneak(?:s|ing)?|he'?s|is|been)\s+"
    rf"(?:in|into)\s+(?:her|their|{ANY_CHILD}'?s?)\s+(?:bed)?room\b",
    r"\b(?:com(?:e|es|ing)|get(?:s|ting)?|go(?:es|ing)?)\s+(?:in|into)\s+(?:her|their)\s+bed\b",
    # a meeting being set up with a child
    rf"{ANY_CHILD}(?:\s+[\w']+){{0,6}}?\s+(?:is|'s|are)\s+meeting\s+(?:him|up\s+with\s+him)\b",
    rf"\b(?:messaging|texting|snapchatting|contacting|telling|asking|inviting|invited|getting)\s+"
    rf"(?:her|them|{ANY_CHILD})(?:\s+[\w']+){{0,4}}?\s+(?:(?:asking|telling)\s+(?:her\s+|them\s+)?)?"
    r"to\s+(?:meet|come\s+(?:round|over|to\s+his))\b",
    # a meeting arranged with a child: "he has arranged to meet a 12 year old he met online"
    rf"\b(?:arranged|arranging|planned|planning|agreed|going|gonna|set\s+up)\s+(?:to\s+)?meet(?:ing)?\s+"
    rf"(?:up\s+(?:with\s+)?)?{ANY_CHILD}",
    # harm he may do now: "he's worried he'll touch him"
    rf"\b(?:he|they)(?:'ll|\s+will|\s+might|\s+could|'d|\s+would)\s+(?:touch|hurt|abuse|assault|rape|harm)\s+"
    rf"(?:him|her|them|{ANY_CHILD})\b(?!\s*self)",
)


# The child he harmed, named as such: with him, no word of now is needed ("he's on the
# bus with a group of year 6 kids and one of them is the girl he touched").
HARMED_CHILD_NAMED = (
    r"\b(?:the\s+victim(?!\s+(?:liaison|support|services?|officers?|impact|care|contact))|(?:harmed|abused)\s+(?:child|girl|boy)|(?:the|a)\s+(?:girl|boy|child|kid)\s+"
    r"(?:he|she|they)\s+(?:touched|abused|hurt|assaulted|raped|harmed|exposed\s+himself\s+to))\b"
)


def missing_with_a_child(text: str) -> bool:
    """He cannot be found and a child is missing too (a folded message)."""
    lost = re.search(r"\b(?:can'?t|cannot|couldn'?t)\s+find\s+(?:him|them)\b", text)
    child_missing = re.search(_CHILD_MISSING, text)
    return lost is not None and child_missing is not None


_CHILD_MISSING = rf"{ANY_CHILD}(?:\s+[\w']+){{0,6}}?\s+(?:is|are|'s)\s+(?:also\s+)?missing"
