"""Whether a message plainly asks to make a referral, in words.

Why: the intent classifier reads a long opening that asks to refer and carries many
facts ("I want to refer a boy called Alfie ... my name is Dan Wright, YOT worker")
anywhere between start_referral, correct and "not understood", and "hello, I'd like
to make a referral" as a greeting. A professional who says they want to refer must
be taken into the referral whatever the classifier's reading. Pure: no Rasa, so the
words are unit-tested in the application's environment."""

from __future__ import annotations

import re

# "I'd like to make a referral", "we want to refer a 14 year old", "looking to refer",
# "I need to do a referral", "I'm referring a young person", "referral for a boy".
_ASKS = re.compile(
    r"\b(?:"
    r"(?:i|we)(?:'?d|\s+would)?\s+(?:like|love|want|wish|need|hope|have)\s+to\s+"
    r"(?:make|do|submit|start|send|put\s+in|complete|raise)?\s*(?:an?\s+|the\s+)?"
    r"(?:new\s+|quick\s+)?refer(?:ral)?"
    r"|(?:i|we)(?:'?d|\s+would)?\s+(?:like|want)\s+(?:an?\s+)?referral"
    r"|(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:looking\s+to\s+|wanting\s+to\s+|hoping\s+to\s+)?"
    r"(?:refer(?:ring)?|making\s+an?\s+referral)"
    r"|(?:want|wanting|looking|hoping|need|needing)\s+to\s+"
    r"(?:(?:make|do|submit|start|put\s+in)\s+an?\s+)?refer(?:ral)?"
    r"|(?:new\s+)?referral\s+(?:for|about|regarding|re)\s+(?:an?|my|our|one)\b"
    r")",
    re.IGNORECASE,
)
# "I don't want to make a referral", "we no longer need to refer", "not ready to refer".
_NEGATED = re.compile(
    r"\b(?:don'?t|do\s+not|didn'?t|not|no\s+longer|never|won'?t|isn'?t|aren'?t)\b",
    re.IGNORECASE,
)
# Asked as a question ("how do I make a referral?", "can we refer a 17 year old?"), it
# is a question about referring, for the classifier's answer.
_QUESTION = re.compile(
    r"\?|^\W*(?:how|what|when|where|who|why|which|can|could|do|does|is|are|should|may)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[.;!\n]|\bbut\b", re.IGNORECASE)


def asks_to_refer(text: str) -> bool:
    """Whether the message says, in so many words, that the writer wants to refer."""
    if not text or _QUESTION.search(text):
        return False
    match = _ASKS.search(text)
    if match is None:
        return False
    clause_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, match.start())), default=0)
    return not _NEGATED.search(text, clause_start, match.end())
