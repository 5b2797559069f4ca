"""Text-speak in a pasted note or an SMS spelled out, so that the note reader's patterns,
written for whole words, read "mum sed yes 2 referral", "lives w mum", "hes at
Mangotsfield School now" and "he doesnt want 2 come" as "said yes to referral", "lives
with mum", "he's at ..." and "doesn't want to come".

Each rule is narrow: a lone "w" only before a lower-case word (initials such as "J W
Smith" stay), "2" only between a word and a word it plainly joins ("2 come", not "2
brothers"), "u" and "yr" only in lower case, and nothing that is a number, a name or a
date is changed. Pure string work: no I/O.
"""

from __future__ import annotations

import re

# Words typed without their apostrophe: "doesnt" -> "doesn't".
_NOT = r"(?:do|does|did|is|has|have|was|were|are|could|would|should|ca|wo)n"
# Verbs and words "2" joins to the word before it: "want 2 come", "sed yes 2 referral".
_TO_WHAT = (
    r"b|be|come|go|the|a|referral|attend|sessions?|engage|do|get|see|talk|speak|meet|help|take|"
    r"bring|make|say|know|work|take|us|you|u|him|her|them|school|court|police"
)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), word)
    for pattern, word in (
        (r"(?<![\w/.'-])w/\s*(?=[a-z]{2})", "with "),  # not "w/c 3rd" (week commencing)
        # a lower-case "w" alone; "J W Smith" keeps its capital initial
        (r"(?<![\w/.'&-])w(?=\s+[A-Za-z])", "with"),
        (r"\b[Ww]iv\b", "with"),
        # not "Mr Hes Patel": a capitalised word after it makes it a name
        (r"\b([Hh])es\b(?!\s+[A-Z])", r"\1e's"),
        (r"\b([Ss])hes\b(?!\s+[A-Z])", r"\1he's"),
        (r"\bsed\b", "said"),
        (r"\bb4\b", "before"),
        (rf"(?<=[a-z])\s+2\s+(?=(?:{_TO_WHAT})\b)", " to "),
        (r"\bto\s+b\b", "to be"),
        (r"\bu\b(?!\.)", "you"),
        (r"\bur\b", "your"),
        (r"\byr\b(?=\s*\d)", "year"),  # "yr 9"
        (r"(?<!\d)(?<!\d )\byr\b(?!\s*(?:\d|old))", "your"),  # not "14 yr old"
        (r"\bpl[sz]\b", "please"),
        (r"\btho\b", "though"),
        (r"\bco[sz]\b", "because"),
        (rf"\b({_NOT})t\b", r"\1't"),
        (r"\bthats\b", "that's"),
        (r"\bim\b", "I'm"),
        # the commonest misspellings of the word every referral uses
        (r"\b([Rr])ef+er+al(s?)\b", r"\1eferral\2"),
    )
)


def spelled_out(text: str) -> str:
    """The text with the text-speak above spelled out; everything else as it was."""
    for pattern, word in _RULES:
        text = pattern.sub(word, text)
    return text
