"""A safety net: does a message say a child is in danger now?

Fires on present danger ("she's in danger", "at risk right now", "happening now") and
on a harmed child still exposed with nothing in place ("still living with the victim
and no supervision tonight", "he's with his sister right now and I'm worried"). Does
not fire on the past, on assessments, or on denials of risk ("no current risk", "not
at immediate risk", "there was a risk last year"). A missed disclosure costs more than
an extra safety message, so the patterns lean towards firing on present-tense danger.
"""

from __future__ import annotations

import re

from ._text import clauses, fold, negated_before

_NOW = (
    r"(?:right\s+now|now|tonight|today|tomorrow|this\s+(?:evening|afternoon|morning|weekend)|"
    r"at\s+the\s+moment|currently|as\s+we\s+speak|at\s+present)"
)
# Harm this recent is acute: the child may still be within reach ("raped her last night").
_RECENT = (
    r"(?:last\s+night|this\s+morning|earlier\s+today|yesterday|an?\s+(?:hour|few\s+hours)\s+ago|"
    r"(?:\d+|two|three|few)\s+hours\s+ago)"
)
_HARMED = (
    r"(?:raped|sexually\s+assaulted|assaulted|abused|molested|attacked|touched|forced|"
    r"groomed|exposed\s+himself|exposed\s+herself|abusing|assaulting|raping|molesting|touching)"
)
# Abuse going on: the unmistakable verbs alone, the ordinary ones ("hurting") only with
# a person after them (a knee can be hurting).
_ABUSING = (
    r"(?:(?:sexually\s+)?(?:abusing|assaulting|raping|molesting|grooming|exploiting)|"
    r"interfering\s+with|(?:touching|hurting|harming|attacking)\s+"
    r"(?:her|him|them|his|the|a|an|children|kids|younger|little))"
)

# A child who could be harmed: "the victim", "his little sister", "the younger children".
_CHILD = (
    r"(?:the\s+)?(?:victim|harmed\s+child|(?:his|her|their|the)\s+(?:little\s+|younger\s+|baby\s+|step[\s-]?|half[\s-]?)?"
    r"(?:sister|brother|sibling|siblings|cousin|cousins|niece|nephew|child|children|kids?|girl|boy|daughter|son))\b"
)

# Danger stated outright. Each is checked for a negation just before it.
_DANGER = (
    r"\b(?:in\s+(?:immediate\s+|real\s+|serious\s+)?danger)\b",
    r"\bimmediate(?:ly)?\s+(?:risk|danger|harm)\b|\bat\s+immediate\s+risk\b",
    rf"\bat\s+risk\s+{_NOW}\b|\b{_NOW}\s+at\s+risk\b|\bcurrently\s+at\s+risk\b",
    r"\b(?:still|remains?|continues?\s+to\s+be|is\s+being)\s+(?:at\s+risk|in\s+danger|unsafe|hurt|abused|harmed)\b",
    r"\bhappening\s+(?:right\s+)?(?:now|as\s+we\s+speak|tonight|today)\b|\bstill\s+happening\b|\bongoing\s+abuse\b",
    r"\b(?:is|are|'s|'re)\s+(?:still\s+)?being\s+(?:\w+ly\s+)?(?:abused|assaulted|raped|hurt|"
    r"harmed|touched|groomed|exploited|molested)\b",
    # going on now: "he is abusing his sister", "hes still touching her"
    rf"\b(?:is|are|'s|'re|(?:he|she)s)\s+(?:still\s+|currently\s+|now\s+)?{_ABUSING}\b",
    r"\bstill\s+(?:doing\s+it|at\s+it|going\s+on|abusing|assaulting|raping|touching|molesting|"
    r"grooming)\b",
    r"\b(?:abuse|assaults?|it|this|the\s+behaviou?r)\s+(?:is|are|'s)\s+(?:still\s+)?"
    r"(?:ongoing|continuing|carrying\s+on|going\s+on)\b|\b(?:abuse|assaults?)\s+continues?\b",
    # expected again: "he will do it again", "threatened to do it again tomorrow"
    r"\b(?:will|going\s+to|gonna|about\s+to|threaten(?:ed|ing|s)?\s+to)\s+do\s+it\s+again\b",
    # nobody watching him with children
    rf"\b(?:nobody|no\s+one|no-one)\s+(?:is\s+)?(?:supervising|watching)\s+(?:him|her|them)\s+"
    rf"(?:and|with|around)\s+{_CHILD}|\bunsupervised\s+(?:with|around)\s+{_CHILD}",
    # harmed just now
    rf"\b{_HARMED}\b[^.;]{{0,60}}?\b{_RECENT}\b|\b{_RECENT}\b[^.;]{{0,60}}?\b{_HARMED}\b",
    r"\b(?:going|about|threaten(?:ed|ing|s)?)\s+to\s+(?:hurt|harm|rape|assault|abuse|kill|touch)\b",
    rf"\b(?:not|isn'?t|aren'?t)\s+safe\s+(?:{_NOW}|at\s+home|there)\b|\bunsafe\s+(?:{_NOW}|at\s+home)\b|"
    rf"\b{_NOW}\s+(?:she|he|they)(?:'s|'re|\s+is|\s+are)\s+not\s+safe\b",
    r"\b(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+feel\s+safe\b|"
    r"\b(?:scared|afraid|frightened|terrified)\s+(?:to\s+go|of\s+going)\s+home\b",
    r"\b(?:can'?t|cannot)\s+keep\s+(?:her|him|them|the\s+(?:child|children))\s+safe\b",
    r"\b(?:call(?:ed|ing)?|ring(?:ing)?|phon(?:e|ed|ing))\s+(?:the\s+)?(?:999|police\s+now)\b|\bneeds?\s+help\s+now\b",
)

# Being with a child who could be harmed: counts only with no safeguard in place, or
# with a worry about right now ("he lives with his sister" alone is not a disclosure).
_CONTACT = (
    rf"\b(?:living|lives|live|staying|stays|sleeping|sleeps|(?:sharing|shares|share)\s+(?:a\s+)?(?:room|bedroom|bed))\s+with\s+{_CHILD}",
    rf"\b(?:alone|left|at\s+home)\s+with\s+{_CHILD}|\b(?:babysitting|looking\s+after|minding)\s+{_CHILD}",
    r"\b(?:alone|on\s+their\s+own)\s+together\b",
    rf"\b(?:he|she|they)(?:'s|'re|\s+is|\s+are)\s+(?:still\s+)?with\s+{_CHILD}",
    rf"\bstill\s+(?:has|have)\s+(?:unsupervised\s+)?access\s+to\s+{_CHILD}",
)
_NO_SAFEGUARD = (
    r"\bno\s+(?:supervision|safety\s+plan|plan|one\s+(?:watching|supervising|there)|adult|adults)\b",
    r"\bunsupervised\b|\bnothing\s+in\s+place\b|\bon\s+(?:their|his|her)\s+own\b|\bhome\s+alone\b",
    r"\b(?:nobody|no\s+one|no-one)\s+(?:is\s+|was\s+)?(?:watching|supervising|there|home)\b|\bparents?\s+(?:are\s+|is\s+)?(?:out|away)\b",
    r"\b(?:mum|mom|dad|mother|father|parents?|carers?)\s+(?:works?|working|is\s+at\s+work)\s+(?:nights|late)\b",
    r"\bsafety\s+plan(?:'s|\s+is|\s+was)?\s+(?:not|isn'?t|wasn'?t)\s+(?:being\s+)?"
    r"(?:followed|kept|stuck\s+to|working)\b|\bsafety\s+plan\s+(?:has\s+)?broken\s+down\b",
)
_WORRY = (
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:really\s+|very\s+|so\s+)?"
    r"(?:worried|scared|concerned|frightened)\b|\bworried\b"
)

# Clauses about the past or about risk as a topic (an assessment) are not a disclosure.
_PAST = (
    r"\b(?:was|were|had\s+been|last\s+(?:year|month|week|time)|in\s+the\s+past|previously|historic(?:al|ally)?|"
    r"used\s+to|ago|back\s+in|at\s+the\s+time|no\s+longer)\b"
)
_DENIAL = (
    r"\bno\s+(?:current|immediate|ongoing|present)\s+(?:risk|danger|concerns?)\b|"
    r"\b(?:not|isn'?t|aren'?t|no\s+longer)\s+(?:at\s+(?:any\s+)?(?:immediate\s+|current\s+)?risk|in\s+(?:any\s+)?danger)\b|"
    r"\bsafe\s+now\b|\brisk\s+assessment\b|\bsafety\s+plan\s+(?:is\s+)?in\s+place\b|\bsupervised\b"
)


# What keeps a clause with a word of the past current: "was ... still", "last night".
_STILL_CURRENT = rf"\b{_NOW}\b|\bstill\b|\b{_RECENT}\b"


def _any_unnegated(patterns: tuple[str, ...], clause: str) -> bool:
    for pattern in patterns:
        for match in re.finditer(pattern, clause):
            if not negated_before(clause, match.start(), words=2):
                return True
    return False


def mentions_immediate_risk(text: str) -> bool:
    """True when the message says a child is in danger now or still at risk now."""
    t = fold(text)
    if not t:
        return False
    message_now = re.search(rf"\b{_NOW}\b", t) is not None
    message_worry = re.search(_WORRY, t) is not None
    for clause in clauses(t):
        if re.search(_PAST, clause) and not re.search(_STILL_CURRENT, clause):
            continue
        if re.search(_DENIAL, clause):
            continue
        if _any_unnegated(_DANGER, clause):
            return True
        if _any_unnegated(_CONTACT, clause):
            safeguard_missing = any(re.search(pattern, t) for pattern in _NO_SAFEGUARD)
            if safeguard_missing or (message_now and message_worry):
                return True
    return False


def speaks_of_now(text: str) -> bool:
    """Whether a message is about the present ("right now", "tonight", "still")."""
    return re.search(rf"\b{_NOW}\b|\bstill\b", fold(text)) is not None


# The classifier's word alone raises the alarm only when it is sure: a name ("Dan
# Wright") or an account of past harm can read as immediate risk at 0.9. Measured: see
# README, "Immediate risk in a conversation".
MODEL_SURE_OF_RISK = 0.95


def words_disclose_risk(text: str, intent: str | None) -> bool:
    """Whether the words make a message a disclosure, whatever the question: they say
    danger, or the classifier reads risk and they speak of now."""
    return mentions_immediate_risk(text) or (intent == "immediate_risk" and speaks_of_now(text))


def discloses_immediate_risk(text: str, intent: str | None, confidence: float) -> bool:
    """Whether a message is a disclosure of current risk: its words make it one, or the
    classifier reads it as one and is sure."""
    sure = intent == "immediate_risk" and confidence >= MODEL_SURE_OF_RISK
    return sure or words_disclose_risk(text, intent)
