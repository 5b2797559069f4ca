"""A safety net: does a message say a child is in danger now?

Fires on present danger ("she's in danger", "at risk right now", "happening now"), on
abuse going on ("he is abusing his sister", "the abuse is ongoing", "he's still doing
it"), expected again soon ("he threatened to do it again tomorrow") or just done ("he
raped her last night"), and on a harmed child still exposed with nothing in place
("still living with the victim and no supervision tonight"), or with a child this very
moment ("he's with her now", "hes at home w his sister rn and mums out"). Does not fire
on the past, on assessments, on denials ("he abused her last year", "no ongoing abuse",
"not at immediate risk") or on a thing at risk ("his schooling is in danger now"). A
missed disclosure costs more than an extra safety message, so the patterns lean towards
firing on present-tense danger.

risk_intent_weighed sets the classifier's reading of immediate risk aside when every word
of risk in a message is about something else ("at risk of permanent exclusion", "low
risk now", "struggles to understand danger"): the classifier reads those at 0.99.
Measured: scripts/risk_decision_report.py on tests/fixtures/risk/.
"""

from __future__ import annotations

import re

from ._text import clauses, negated_before
from .risk_elsewhere import ANYONE_AT_RISK, ELSEWHERE, STILL_ALARMING
from .risk_reach import HARMED_CHILD_NAMED, REACH_AT_ONCE, REACH_NOW, missing_with_a_child
from .risk_words import CHILD as _CHILD
from .risk_words import NOW as _NOW
from .risk_words import RECENT as _RECENT
from .risk_words import risk_text

# Any other time in the clause puts the harm there ("disclosed yesterday that he touched
# her last year"): checked once the recent words are blanked.
_OTHER_TIME = (
    r"\b(?:ago|last\s+\w+|in\s+(?:\d{4}|the\s+past|year\s+\d+|may)|when\s+(?:he|she|they)\s+"
    r"(?:was|were)|as\s+a\s+child|summer|christmas|easter|january|february|march|april|june|"
    r"july|august|september|october|november|december)\b"
)
# Harm done, in any tense, for the recent-harm check ("touched" but not "touched base").
_HARMED = (
    r"(?:raped|(?:sexually\s+)?assaulted|abused|molested|attacked|touched(?!\s+(?:base|on|upon))|"
    r"forced\s+(?:her|him|them|his|the|to\s+(?:do|touch|have|perform|watch))|groomed|"
    r"exposed\s+(?:him|her)self|abusing|assaulting|raping|molesting|touching|"
    r"(?:it|this|abuse|assault|incident)\s+happened(?:\s+again)?)"
)
# Someone a verb of harm is done to: "her", "his sister", "the kids" (not "himself").
_PERSON = r"(?:her|him|them|his|their|the|a|an|my|children|kids|younger|little|other|girls|boys)\b"
# The unmistakable verbs of abuse, in -ing (typed "abusin" too), not of drugs or alcohol.
_ABUSE_ING = (
    r"(?:sexual+y\s+)?(?:abus|assault|rap|molest|groom|exploit)in[g']?\b"
    r"(?!\s+(?:drugs|substances|alcohol|cannabis|solvents|weed|pills|medication|his\s+position))"
)
# Abuse going on: the unmistakable verbs alone, the ordinary ones ("hurting") only with
# a person after them (a knee can be hurting).
_ABUSING = (
    rf"(?:{_ABUSE_ING}|interfering\s+with|"
    rf"(?:touching|hurting|harming|attacking|forcing)\s+{_PERSON}|"
    rf"making\s+{_PERSON}(?:\s+\w+)?\s+(?:touch|do\s+sexual|perform|undress|watch\s+porn))"
)
# The same in the present simple: "he still touches her", "continues to abuse her".
_ABUSES = (
    rf"(?:sexual+y\s+)?(?:abuses?|assaults?|rapes?|molests?|grooms?|touch(?:es)?|hurts)\s+{_PERSON}"
)

# "is", typed "hes" too, but not after a topic ("the concern is grooming").
_TOPICS = "concern concerns worry issue risk problem this that it what doing".split()
_HE = "".join(rf"(?<!\b{w} )" for w in _TOPICS) + r"(?:is|are|'s|'re|(?:he|she|they)s|theyre)"

# Someone who can be unsafe: a child, or he or she ("she isn't safe").
_SOMEONE = r"child|children|kids?|she|he|they|girl|boy|baby|victim|sister|brother|ones"
# Harm done to someone, after "being": "in danger of being hurt" is still danger.
_HARM_DONE = r"(?:hurt|harmed|abused|assaulted|raped|touched|attacked|killed|groomed)"
# "with", typed "w" or "w/" by someone in a hurry.
_WITH = r"(?:with|w/?)"

# Danger stated outright. Each is checked for a negation just before it.
_DANGER = (
    # not "in danger of deteriorating": a prospect, unless it is harm ("of being hurt")
    r"\b(?:in\s+(?:immediate\s+|real\s+|serious\s+)?danger)\b"
    rf"(?!\s+of\s+(?!being\s+{_HARM_DONE}))",
    r"\b(?:risk\s+is|risks\s+are)\s+(?:current|immediate|ongoing|live)\b|\bcurrent\s+risk\b",
    r"\bimmediate(?:ly)?\s+(?:risk|danger|harm)\b|\bat\s+immediate\s+risk\b",
    rf"\bat\s+risk\s+{_NOW}\b|\b{_NOW}\s+at\s+risk\b|\bcurrently\s+at\s+risk\b",
    r"\b(?:still|remains?|continues?\s+to\s+be|is\s+being)\s+(?:at\s+risk|in\s+danger|unsafe|hurt|abused|harmed)\b",
    rf"\b(?:not|isn'?t|aren'?t)\s+safe\s+(?:{_NOW}|at\s+home|there)\b|\bunsafe\s+(?:{_NOW}|at\s+home)\b|"
    rf"\b{_NOW}\s+(?:she|he|they)(?:'s|'re|\s+is|\s+are)\s+not\s+safe\b",
    # a person not safe ("the child is not safe, he's still there"), but not "it's not
    # safe to ask mum" (a way of working, not a child)
    rf"\b(?:{_SOMEONE})(?:'s|'re|s|\s+is|\s+are)\s+(?:not|n'?t)\s+safe\b(?!\s+to\b)|"
    rf"\b(?:{_SOMEONE})\s+(?:isn'?t|aren'?t)\s+safe\b(?!\s+to\b)|"
    rf"\b(?:don'?t|do\s+not)\s+think\s+(?:{_SOMEONE})(?:'s|'re|\s+is|\s+are)\s+safe\b",
    r"\b(?:doesn'?t|does\s+not|don'?t|do\s+not)\s+feel\s+safe\b|"
    r"\b(?:scared|afraid|frightened|terrified)\s+(?:to\s+go|of\s+going)\s+home\b|"
    r"\b(?:doesn'?t|does\s+not|don'?t|won'?t)\s+(?:want\s+to\s+)?go\s+home\b",
    r"\b(?:can'?t|cannot)\s+keep\s+(?:her|him|them|the\s+(?:child|children))\s+safe\b",
    r"\b(?:call(?:ed|ing)?|ring(?:ing)?|phon(?:e|ed|ing))\s+(?:the\s+)?(?:999|police\s+now)\b|\bneeds?\s+help\s+now\b",
)
# Abuse going on now, whoever is speaking: "he is abusing his sister", "she's being
# sexually abused", "he keeps touching her", "the abuse is ongoing", "still doing it".
# Not "he has been touching her": that is how the behaviour referred is described.
_ABUSE_NOW = (
    rf"\b{_HE}\s+(?:still\s+|currently\s+|now\s+|constantly\s+)?{_ABUSING}",
    rf"\b(?:keeps?|keeping)\s+{_ABUSING}|\b(?:he|she|they)\s+(?:still\s+)?{_ABUSES}",
    rf"\b(?:still|continues?\s+to|continuing\s+to|carr(?:ies|ying)\s+on)\s+(?:{_ABUSES}|{_ABUSING})",
    rf"\b{_HE}\s+(?:still\s+)?being\s+(?:\w+ly\s+)?(?:abused|assaulted|raped|hurt|"
    r"harmed|touched|groomed|exploited|molested)\b",
    r"\bstill\s+(?:doin[g']?\s+it|at\s+it|going\s+on)\b|\b(?:is|'s|hes)\s+doin[g']?\s+it\s+again\b",
    r"\bhappening\s+(?:right\s+)?(?:now|as\s+we\s+speak|tonight|today|again)\b|\bstill\s+happening\b|"
    r"\b(?:it|this|that|abuse)(?:\s+is|'?s)\s+happening\b",
    r"\b(?:abuse|assaults?|the\s+behaviou?r)(?:\s+is|\s+are|'s)?\s+(?:still\s+)?(?:ongoing|continuing)\b|"
    r"\bongoing\s+(?:sexual\s+)?abuse\b|\b(?:abuse|assaults?)\s+continues?\b",
    # "it's ongoing" is as often the police investigation: "it" only with "going on"
    r"\b(?:abuse|assaults?|it|this|the\s+behaviou?r)(?:\s+is|\s+are|'?s)?\s+(?:still\s+)?(?:going|carrying)\s+on\b",
    r"\b(?:hasn'?t|has\s+not|haven'?t|have\s+not|never)\s+stopped(?:\s+(?:it|doing\s+it|\w+ing\s+(?:her|him|them)))?\s*$",
    r"\b(?:it|this|he|she)(?:'s|\s+has)\s+(?:just\s+)?happened\s+again\b",
    rf"\b{_HARMED}\s+(?:her|him|them)\s+again\b",
)
# Harm expected again soon: "he will do it again", "threatened to do it again tomorrow".
# The subject is part of the match, so "I don't think he will..." reads as negated.
_ABUSE_AGAIN = (
    r"\b(?:(?:he|she|they)(?:'s|'re|\s+is|\s+are)?\s*)?(?:will|'ll|going\s+to|gonna|about\s+to|"
    r"threaten(?:ed|ing|s)?\s+to)\s+do\s+it\s+again\b",
    r"\b(?:said|says|told\s+\w+)\s+(?:that\s+)?(?:he|she|they)(?:\s+would|'d)\s+do\s+it\s+again\b",
    r"\b(?:going|about|threaten(?:ed|ing|s)?)\s+to\s+(?:hurt|harm|rape|assault|abuse|kill|touch)\b",
    # harm expected with a time of now: "something will happen tonight" (not "it might
    # happen again if nothing is done", which gives no time)
    r"\b(?:(?:something|anything|it|this)(?:'s|\s+is)?\s+(?:will|'ll|might|could|going\s+to|gonna)\s+happen|"
    rf"\w+\s+(?:will|'ll|might|could|going\s+to|gonna)\s+be\s+(?:harmed|hurt|abused|assaulted|raped|"
    rf"touched))(?:\s+again)?\b[^.;]{{0,30}}?\b{_NOW}\b",
)
# Nobody watching him with children: "nobody is supervising him and the younger children".
_UNSUPERVISED = (
    rf"\b(?:nobody|no\s+one|no-one)(?:'s|\s+is)?\s+(?:supervising|watching|keeping\s+an\s+eye\s+on)\s+"
    rf"(?:him|her|them)\s+(?:and|with|around)\s+{_CHILD}|\bunsupervised\s+(?:with|around)\s+{_CHILD}",
    rf"\bleft\s+(?:alone|on\s+(?:his|her|their)\s+own)\s+with\s+{_CHILD}|"
    rf"\b(?:has|have|got)\s+unsupervised\s+access\s+to\s+{_CHILD}",
    # the child with him and no one else: "the 5 year old is with him unsupervised"
    r"\bwith\s+(?:him|her|them)\s+unsupervised\b|\bunsupervised\s+with\s+(?:him|her|them)\b",
    rf"\balone\s+with\s+{_CHILD}[^.;]*?\b{_NOW}\b|\b{_NOW}\b[^.;]*?\balone\s+with\s+{_CHILD}",
)
# Serious harm within the last day or two ("he raped her last night", "last night he
# raped her"), unless the clause puts it at another time.
_RECENT_HARM = (
    rf"\b{_HARMED}\b[^.;]{{0,60}}?\b{_RECENT}\b|\bjust\s+(?:been\s+)?{_HARMED}\b|"
    rf"\b{_RECENT}\s+(?:he|she|they|\w+)\s+(?:was\s+|were\s+|has\s+|had\s+|got\s+)?{_HARMED}\b"
)

# Being with a child who could be harmed: counts only with no safeguard in place, or
# with a worry about right now ("he lives with his sister" alone is not a disclosure).
# Living or sleeping with one also counts at this very time ("sharing a bed with his
# little brother tonight").
_LIVING_WITH = (
    r"\b(?:living|lives|live|staying|stays|sleeping|sleeps|"
    rf"(?:sharing|shares|share)(?:\s+(?:a\s+)?(?:room|bedroom|bed))?)\s+with\s+{_CHILD}"
)
# The child he harmed still living or sleeping with him is current risk with any word of
# now ("he's currently sharing a room with the victim").
_LIVING_WITH_THE_HARMED = (
    r"\b(?:living|lives|live|staying|stays|sleeping|sleeps|(?:sharing|shares|share)(?:\s+(?:a\s+)?"
    r"(?:room|bedroom|bed))?)\s+with\s+(?:the\s+)?(?:victim|(?:harmed|abused)\s+(?:child|boy|girl))\b"
)
_CONTACT = (
    _LIVING_WITH,
    rf"\b(?:in|at)\s+the\s+same\s+(?:house|home|room|bedroom|bed)\s+as\s+{_CHILD}",
    rf"\b(?:babysitting|looking\s+after|minding)\s+{_CHILD}",
    r"\b(?:alone|on\s+their\s+own)\s+together\b",
    rf"\bstill\s+(?:has|have)\s+(?:unsupervised\s+)?access\s+to\s+{_CHILD}",
)
# Being with a child at this moment (not living with one): with any word of now, or
# with nothing in place, it is a disclosure ("he's with her now", "hes at home w his
# sister rn", "the little one is alone with him right now"). "With her dad" is not.
_WITH_CHILD = (
    rf"{_WITH}\s+(?:{_CHILD}|(?:her|him|them)\b(?!\s+(?:dad|mum|mother|father|nan|gran|"
    r"grand\w*|aunt\w*|uncle|carers?|foster|family|partner|friends?|boyfriend|girlfriend)\b))"
)
_HIS_PLACE = r"(?:his|their|her|the)\s+(?:house|home|flat|room|bedroom|place)"
_PRESENCE = (
    rf"\b(?:he|she|they)(?:'s|'re|s|\s+is|\s+are|'ll\s+be|\s+will\s+be)\s+(?:still\s+)?"
    rf"(?:alone\s+|at\s+home\s+|at\s+{_HIS_PLACE}\s+|in\s+{_HIS_PLACE}\s+|at\s+the\s+park\s+)?{_WITH_CHILD}",
    rf"\b(?:alone|left|at\s+home)\s+{_WITH_CHILD}",
    rf"{_CHILD}\s+(?:is|are|'s)\s+(?:still\s+)?(?:alone\s+|at\s+home\s+)?{_WITH}\s+(?:him|her|them)\b",
    rf"{_CHILD}\s+(?:is|are|'s)\s+(?:still\s+)?(?:at|in)\s+(?:his|their)\s+(?:house|home|flat|room|bedroom)\b",
    # he is in charge of children, whoever's ("he's babysitting the neighbours kids");
    # not "nan babysits him", nor "nan is looking after the kids"
    r"\b(?:he|she|they)(?:'s|s|\s+is|\s+are|'ll\s+be|\s+will\s+be)?\s+(?:\w+\s+)?"
    r"(?:babysit(?:ting|s)?\b(?!\s+(?:him|by))|(?:looking\s+after|minding|in\s+charge\s+of)\s+"
    r"(?:\w+\s+){0,3}?(?:kids?|children|sister|brother|cousins?|baby|ones)\b)",
)
# Being with a child soon or on the way to one: a disclosure without a word of now.
_ABOUT_TO_BE_WITH = (
    rf"\b(?:going\s+to|gonna|will|'ll)\s+be\s+(?:alone|on\s+(?:his|their)\s+own|left)\s+{_WITH_CHILD}",
    rf"\bon\s+(?:his|their)\s+way\s+(?:round\s+)?to\s+(?:her|the\s+victim'?s?|{_CHILD}'?s?)\s+"
    r"(?:house|home|flat|place)\b",
    # into her room, not his own ("he goes into his room")
    rf"\b(?:com(?:e|es|ing)|creep(?:s|ing)?|go(?:es|ing)?)\s+into\s+(?:her|their|{_CHILD}'?s?)\s+"
    r"(?:bed)?room\b",
    r"\b(?:messaging|texting|snapchatting|contacting|telling|asking|getting)\s+(?:her|him|them)\s+"
    r"(?:\w+\s+){0,3}?to\s+meet\s+(?:him|her|them|up)\b",
)
_NO_SAFEGUARD = (
    r"\bno\s+(?:supervision|safety\s+plan|plan|one\s+(?:watching|supervising|there)|adult|adults)\b",
    r"\bunsupervised\b|\bnothing\s+(?:(?:has|'s)\s+been\s+|is\s+)?(?:put\s+)?in\s+place\b|"
    r"\bon\s+(?:their|his|her)\s+own\b|\bhome\s+alone\b",
    r"\b(?:nobody|no\s+one|no-one)(?:\s+else)?\s+(?:is\s+|was\s+)?(?:watching|supervising|there|home)\b",
    # the adult away: "mum's gone out", "mums out", "mum's at work till late"
    r"\b(?:mum|mom|dad|mother|father|parents?|carers?)(?:'s|s|\s+is|\s+are|\s+has|\s+have)?\s+"
    r"(?:gone\s+)?(?:out|away|at\s+work|at\s+(?:the\s+)?hospital)\b",
    r"\b(?:mum|mom|dad|mother|father|parents?|carers?)\s+(?:works?|working|is\s+at\s+work)\s+(?:nights|late)\b",
    r"\bsafety\s+plan(?:'s|\s+is|\s+was)?\s+(?:not|isn'?t|wasn'?t)\s+(?:being\s+)?"
    r"(?:followed|kept|stuck\s+to|working)\b|\bsafety\s+plan\s+(?:has\s+)?(?:broken\s+down|"
    r"fell\s+apart|fallen\s+apart|collapsed)\b",
    # the adult there cannot act: "dad's passed out drunk", "she can't get them apart"
    r"\b(?:mum|mom|dad|mother|father|parents?|carers?|nan|gran)(?:'s|s|\s+is|\s+are|\s+has|\s+have)?\s+"
    r"(?:passed\s+out|fallen\s+asleep|asleep|drunk)\b",
    r"\b(?:can'?t|cannot|couldn'?t)\s+(?:get|keep)\s+them\s+apart\b|\b(?:can'?t|cannot)\s+stop\s+him\b",
    # nobody can get in: "he's locked the door and the 5yo is in there with him"
    r"\blocked\s+(?:the\s+|his\s+|her\s+|a\s+)?(?:bed\w*\s+|bath\w*\s+)?door\b|\bdoor(?:'s|\s+is)\s+locked\b",
    r"\b(?:nobody|no\s+one|no-one)(?:'s|\s+is)?\s+(?:else\s+)?(?:out\s+|in\s+)?(?:there|with\s+them)\b",
)
# The times that put living or sleeping with a child at this moment, not as a status:
# "sharing a bed with his little brother tonight" ("lives with his sister at the moment"
# is where he lives, and needs a missing safeguard or a worry).
_THIS_VERY_TIME = r"\b(?:tonight|this\s+(?:evening|weekend)|ri(?:ght|te)\s+now|as\s+we\s+speak)\b"
_WORRY = (
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:really\s+|very\s+|so\s+)?"
    r"(?:worried|scared|concerned|frightened)\b|\bworried\b"
)

# Clauses about the past or about risk as a topic (an assessment) are not a disclosure.
_PAST = (
    r"\b(?:was|were|had\s+been|last\s+(?:year|month|week|time|summer|spring|autumn|winter|christmas|easter|"
    r"term|holidays?)|in\s+the\s+past|previously|historic(?:al|ally)?|"
    r"used\s+to|ago|back\s+in|at\s+the\s+time|no\s+longer)\b"
)
_DENIAL = (
    r"\bno\s+(?:current|immediate|ongoing|present)\s+(?:risk|danger|concerns?)\b|"
    r"\b(?:not|isn'?t|aren'?t|no\s+longer)\s+(?:at\s+(?:any\s+)?(?:immediate\s+|current\s+)?risk|in\s+(?:any\s+)?danger)\b|"
    r"\bsafe\s+now\b|\brisk\s+assessment\b|\bsafety\s+plan\s+(?:is\s+)?in\s+place\b|"
    r"(?<!supposed\sto\sbe\s)(?<!meant\sto\sbe\s)\bsupervised\b|"
    r"\bno\s+(?:children|child|kids|one)\s+(?:is|are)\s+(?:at\s+(?:any\s+)?risk|in\s+danger|unsafe)\b"
)

# What keeps a clause with a word of the past current: "was ... still", "last night".
_STILL_CURRENT = rf"\b{_NOW}\b|\bstill\b|\b{_RECENT}\b"

# "No concerns about ongoing abuse", "no evidence that he is abusing her": denied.
_NO_SIGN = r"\bno\s+(?:\w+\s+)?(?:concerns?|evidence|signs?)\s+(?:about|of|that)\s+(?:\w+\s+)?$"


# A thing put at risk, not a child: "his schooling is in real danger now", "his education
# is at risk now he's been excluded".
_A_THING_BEFORE = (
    r"\b(?:education|schooling|school\s+place|gcses?|exams?|grades|college\s+place|placement|"
    r"tenancy|mental\s+health|health|future|career|attendance)\s+(?:is|are|'s|was)\s+(?:\w+\s+)?$"
)


def _denied(clause: str, start: int) -> bool:
    """Negated ("not in danger"), denied ("no evidence that..."), or about a thing."""
    before = clause[:start]
    return (
        negated_before(clause, start, words=2)
        or re.search(_NO_SIGN, before) is not None
        or re.search(_A_THING_BEFORE, before) is not None
    )


def _any_unnegated(patterns: tuple[str, ...], clause: str) -> bool:
    for pattern in patterns:
        for match in re.finditer(pattern, clause):
            if not _denied(clause, match.start()):
                return True
    return False


def _recent_harm(clause: str) -> bool:
    """Serious harm in the last day or two, and no other time given for it."""
    if re.search(_OTHER_TIME, re.sub(_RECENT, " ", clause)):
        return False
    return _any_unnegated((_RECENT_HARM,), clause)


def _joined(t: str) -> list[str]:
    """The clauses, a bare time ("last night, he raped her") joined to the next."""
    found: list[str] = []
    for clause in clauses(t):
        if found and re.fullmatch(_RECENT, found[-1]):
            clause = f"{found.pop()} {clause}"
        found.append(clause)
    return found


def mentions_immediate_risk(text: str) -> bool:
    """True when the message says a child is in danger now or still at risk now."""
    t = risk_text(text)
    if not t:
        return False
    if missing_with_a_child(t):
        return True
    message_now = re.search(rf"\b{_NOW}\b", t) is not None
    message_worry = re.search(_WORRY, t) is not None
    harmed_child_named = re.search(HARMED_CHILD_NAMED, t) is not None
    for clause in _joined(t):
        if re.search(_PAST, clause) and not re.search(_STILL_CURRENT, clause):
            continue
        if re.search(_DENIAL, clause):
            continue
        if _any_unnegated(
            _DANGER + _ABUSE_NOW + _ABUSE_AGAIN + _UNSUPERVISED + _ABOUT_TO_BE_WITH + REACH_AT_ONCE,
            clause,
        ):
            return True
        if _recent_harm(clause):
            return True
        safeguard_missing = any(re.search(pattern, t) for pattern in _NO_SAFEGUARD)
        if _any_unnegated(_CONTACT, clause):
            if safeguard_missing or (message_now and message_worry):
                return True
            if re.search(_THIS_VERY_TIME, clause) and _any_unnegated((_LIVING_WITH,), clause):
                return True
            if message_now and _any_unnegated((_LIVING_WITH_THE_HARMED,), clause):
                return True
        # being with a child this moment: any word of now will do ("he's with her now")
        if _any_unnegated(_PRESENCE + REACH_NOW, clause) and (
            message_now or safeguard_missing or harmed_child_named
        ):
            return True
    return False


# --- when the classifier's reading of risk is set aside (words: risk_elsewhere.py) ------


def risk_words_point_elsewhere(text: str) -> bool:
    """Whether a message's words of risk or safety are all about something other than a
    child's safety now (his schooling, exclusion, an assessment, a reassurance), so a
    classifier reading of immediate risk comes from those words alone."""
    t = risk_text(text)
    rest = t
    for pattern in ELSEWHERE:
        rest = re.sub(pattern, " ", rest)
    return rest != t and re.search(STILL_ALARMING, rest) is None and not mentions_immediate_risk(t)


def names_no_one_at_risk(text: str) -> bool:
    """Whether a message names nobody who could be harmed and no harm, danger or fear."""
    return re.search(ANYONE_AT_RISK, risk_text(text)) is None


def risk_intent_weighed(text: str, intent: str | None, confidence: float = 1.0) -> str | None:
    """The classifier's intent, with a reading of immediate risk set aside (None) when the
    words of risk all point elsewhere, or when the classifier is unsure and the message
    names nobody who could be harmed and no harm."""
    if intent != "immediate_risk":
        return intent
    if risk_words_point_elsewhere(text):
        return None
    if confidence < MODEL_SURE_OF_RISK and names_no_one_at_risk(text):
        return None
    return intent


def an_account_of_the_past(text: str) -> bool:
    """Whether a message puts what happened at a past time and says nothing of now
    ("... her mum walked in on it last Saturday"): how a referral describes the
    behaviour, which the classifier reads as risk at 0.99."""
    t = risk_text(text)
    return (
        re.search(_OTHER_TIME, t) is not None
        and re.search(rf"\b{_NOW}\b|\bstill\b|\bagain\b|\b{_RECENT}\b", t) is None
        and not mentions_immediate_risk(t)
    )


def speaks_of_now(text: str) -> bool:
    """Whether a message is about the present ("right now", "tonight", "still")."""
    return re.search(rf"\b{_NOW}\b|\bstill\b", risk_text(text)) is not None


# The classifier's word alone raises the alarm only when it is sure: a name ("Dan
# Wright") or an account of past harm can read as immediate risk at 0.9. Measured: see
# README, "Immediate risk in a conversation".
MODEL_SURE_OF_RISK = 0.95


def words_disclose_risk(text: str, intent: str | None, confidence: float = 1.0) -> bool:
    """Whether the words make a message a disclosure, whatever the question: they say
    danger, or the classifier reads risk and they speak of now."""
    weighed = risk_intent_weighed(text, intent, confidence)
    return mentions_immediate_risk(text) or (weighed == "immediate_risk" and speaks_of_now(text))


def discloses_immediate_risk(text: str, intent: str | None, confidence: float) -> bool:
    """Whether a message is a disclosure of current risk where nothing can be asked back
    (a text message, a call transcript, a request form): its words make it one, or the
    classifier reads it as one and is sure and the message is not an account of the
    past."""
    weighed = risk_intent_weighed(text, intent, confidence)
    # where nothing can be asked back, an account put in the past is not flagged on the
    # classifier's word alone (in a chat it gets the one-tap check instead)
    sure = (
        weighed == "immediate_risk"
        and confidence >= MODEL_SURE_OF_RISK
        and not an_account_of_the_past(text)
    )
    return sure or words_disclose_risk(text, intent, confidence)
