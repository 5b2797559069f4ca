"""The child harmed, as an account of the concern describes them: "he's been touching
his 5 year old cousin", "exposed himself to two younger boys, aged 7 and 9", "a Year 7
girl (11) disclosed that Kieran had touched her".

Read only around words of harm, and only where words for a child are there too, then
described by parse_harmed_child (relationship and age from fixed vocabulary: a name in
the account never reaches the record). The bot says back what it took and still asks
whether the child lives or goes to school with the young person, whether they are on a
plan, and whether another child was harmed. Pure: no I/O.
"""

from __future__ import annotations

import re

from .harmed_children import HarmedChild, parse_harmed_child

_HARM = re.compile(
    r"\b(?:touch(?:ed|ing)?|(?:sexually\s+)?assault(?:ed|ing)?|abus(?:ed|ing)|"
    r"exposed\s+(?:him|her|them)sel(?:f|ves)\s+to|"
    r"sexual(?:ised)?\s+(?:activity|behaviou?r|contact)\s+(?:with|towards)|rap(?:ed|ing)|"
    r"grop(?:ed|ing)|kiss(?:ed|ing)?|undress(?:ed|ing)?|(?:getting|got|get)\s+into\s+bed\s+with|"
    r"(?:found\s+)?in\s+bed\s+with|"
    r"(?:sent|sending)\s+(?:[\w-]+\s+){0,5}?(?:messages|images|pictures|pics|photos|videos|nudes)"
    r"(?:\s+of\s+(?:him|her|them)sel(?:f|ves))?\s+to|"
    r"asking(?=\s+(?:[\w()-]+\s+){0,12}?to\s+send)|pulling\s+(?:\w+\s+)?(?:skirt|trousers|clothes))\b",
    re.IGNORECASE,
)
# What the child told, when the account opens with them: "Pupil B (Y8 girl, 12) told
# her that Ethan had touched her".
_DISCLOSED = re.compile(r"\b(?:disclosed|told|reported|said)\b", re.IGNORECASE)
_CHILD_WORDS = re.compile(
    r"\b(?:girls?|boys?|sisters?|brothers?|siblings?|cousins?|child|children|kids?|peers?|"
    r"pupils?|niece|nephew|classmates?|toddler|baby)\b|\d+\s*(?:yo|y/o|-?years?|yrs?)\b|"
    r"\baged\b|\(\s*\d{1,2}\s*[,)]|\b(?:year|y)\s*\d{1,2}\b",
    re.IGNORECASE,
)
# Where the description of the child ends.
_WINDOW_END = re.compile(r"[.;!?]|\b(?:and\s+(?:he|she|they|had|has)|but|because|after)\b")
_WINDOW_CHARS = 90


def harmed_child_in_account(sentence: str) -> HarmedChild | None:
    """The first child the sentence describes as harmed; None when it names none."""
    for harm in _HARM.finditer(sentence):
        after = sentence[harm.end() : harm.end() + _WINDOW_CHARS]
        after = _WINDOW_END.split(after, maxsplit=1)[0]
        if _CHILD_WORDS.search(after) and (child := parse_harmed_child(after)) is not None:
            return child
        told = _DISCLOSED.search(sentence, 0, harm.start())
        if told is not None:
            before = sentence[: told.start()].split(":")[-1]
            if _CHILD_WORDS.search(before) and (child := parse_harmed_child(before)):
                return child
    return None


# Words of a sexual act or image, for telling the account's sentences from the rest of
# a note ("sending sexual messages and a picture of his genitals over Snapchat").
_SEXUAL_ACT = re.compile(
    # not "harmful sexual behaviour", the service's own name for what it works with
    r"\b(?:sexual(?:ised|ly)?|indecent|explicit|nude|naked)\s+(?:\w+\s+)?(?:messages?|images?|"
    r"pictures?|photos?|videos?|comments?|contact|activity|assault|acts?|games?)\b|"
    r"\b(?:genitals|private\s+parts|masturbat\w+|penis|vagina)\b|"
    r"\btake\s+(?:his|her|their)\s+clothes\s+off\b",
    re.IGNORECASE,
)


def describes_harm(sentence: str) -> bool:
    """Whether the sentence speaks of an act of harm ("touched his private parts",
    "sending sexual messages ... to", "found in bed with"), whoever it names."""
    return _HARM.search(sentence) is not None or _SEXUAL_ACT.search(sentence) is not None
